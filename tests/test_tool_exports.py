"""A 40-minute interview as each tool exports it builds with --strict: every word on the page,
caption downloads within caption limits and valid for webvtt-parser, transcript.html valid
for html-validate. The files are written here in each tool's documented shape."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest
import srt
import webvtt
from clientkit import CLIENTS, read
from minisite import episode, make_site, run_mkdocs
from podsite.timecode import format_clock, format_precise, format_short
from test_word_level import interview, word_level

AUDIO = "audio:\n  url: https://example.org/audio/{n}.mp3\n  length: 1000\n"
PEOPLE = "hosts: [Ada Brook]\nguests: [Tomas Reyes]\n"
Turns = list[tuple[str, float, float, str]]  # speaker, start, end, text


def turns() -> Turns:
    """The interview as speaker turns (consecutive sentences of one speaker joined): long paragraphs."""
    out: Turns = []
    for who, start, words in interview(seed=11):
        text = " ".join(w for _, _, w in words)
        if out and out[-1][0] == who:
            last = out[-1]
            out[-1] = (who, last[1], words[-1][1], f"{last[3]} {text}")
        else:
            out.append((who, start, words[-1][1], text))
    return out


def otter(t: Turns) -> str:
    return "\n\n".join(f"{who}  {format_short(start)}\n{text}" for who, start, _, text in t) + "\n"


def riverside(t: Turns) -> str:
    return "\n\n".join(f"{who} ({format_clock(start)})\n{text}" for who, start, _, text in t) + "\n"


def descript(t: Turns) -> str:
    return "".join(f"[{format_clock(start)}] {who}: {text}\n" for who, start, _, text in t)


def zoom(t: Turns) -> str:
    cues = [
        f"{i}\n{format_precise(s)} --> {format_precise(e)}\n{who}: {text}" for i, (who, s, e, text) in enumerate(t, 1)
    ]
    return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"


def sbv(t: Turns) -> str:
    def clock(x: float) -> str:
        return format_precise(x).lstrip("0").removeprefix(":") if x >= 3600 else "0:" + format_precise(x)[3:]

    return "\n\n".join(f"{clock(s)},{clock(e)}\n{who}: {text}" for who, s, e, text in t) + "\n"


def html(t: Turns) -> str:
    blocks = [f"<cite>{who}:</cite>\n<time>{format_short(s)}</time>\n<p>{text}</p>" for who, s, _, text in t]
    return "<!DOCTYPE html>\n<html><body>\n" + "\n".join(blocks) + "\n</body></html>\n"


def whisperx(t: Turns) -> str:
    labels = {"Ada Brook": "SPEAKER_00", "Tomas Reyes": "SPEAKER_01"}
    cues = [
        f"{i}\n{format_precise(s, ',')} --> {format_precise(e, ',')}\n[{labels[who]}]: {text}"
        for i, (who, s, e, text) in enumerate(t, 1)
    ]
    return "\n\n".join(cues) + "\n"


SHAPES: dict[str, tuple[str, str, Callable[[Turns], str]]] = {
    # stem: (file extension, extra front matter, writer)
    "001-otter": (".txt", "transcript_format: otter\n", otter),
    "002-riverside": (".txt", "transcript_format: riverside\n", riverside),
    "003-descript": (".txt", "", descript),
    "004-zoom": (".vtt", "", zoom),
    "005-youtube": (".sbv", "", sbv),
    "006-podcasting": (".html", "", html),
    "007-whisperx": (".srt", "speakers:\n  SPEAKER_00: Ada Brook\n  SPEAKER_01: Tomas Reyes\n", whisperx),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tools")
    t = turns()
    files: dict[str, str | bytes] = {}
    for n, (stem, (ext, extra, write)) in enumerate(SHAPES.items(), 1):
        front = f"title: {stem}\ndate: 2026-01-01\nnumber: {n}\n{AUDIO.format(n=n)}{PEOPLE}{extra}"
        files[f"episodes/{stem}.md"] = episode(front)
        files[f"episodes/{stem}{ext}"] = write(t)
    front = f"title: words\ndate: 2026-01-01\nnumber: 8\n{AUDIO.format(n=8)}{PEOPLE}"
    files["episodes/008-word-level.md"] = episode(front)
    files["episodes/008-word-level.json"] = word_level(interview(seed=11))
    make_site(root, files)
    result = run_mkdocs(root, "--strict")
    assert result.returncode == 0, result.stderr
    return root / "site" / "episodes"


STEMS = [*SHAPES, "008-word-level"]


def said() -> list[str]:
    return [w for _, _, words in interview(seed=11) for _, _, w in words]


@pytest.mark.parametrize("stem", STEMS)
def test_every_word_is_on_the_page_with_its_speaker(site: Path, stem: str) -> None:
    doc = lxml.html.fromstring((site / stem / "index.html").read_bytes())
    lines = doc.cssselect("section.podsite-transcript span[id]")
    assert " ".join(s.text_content() for s in lines).split() == said()
    speakers = {el.text_content() for el in doc.cssselect(".podsite-transcript .podsite-speaker")}
    assert speakers == {"Ada Brook", "Tomas Reyes"}
    assert len(lines) < len(said()) / 8  # lines, never one element per word


@pytest.mark.parametrize("stem", STEMS)
def test_caption_downloads_keep_caption_limits(site: Path, stem: str) -> None:
    folder = site / stem
    subs = list(srt.parse((folder / "transcript.srt").read_text(encoding="utf-8")))
    vtt = webvtt.from_buffer(io.StringIO((folder / "transcript.vtt").read_text(encoding="utf-8"))).captions
    for text in [s.content for s in subs] + [c.text for c in vtt]:
        rows = text.split("\n")
        assert len(rows) <= 2 and all(len(r) <= 42 for r in rows), text
    words = re.sub(r"(Ada Brook|Tomas Reyes): ", "", " ".join(s.content for s in subs)).split()
    assert words == said()
    assert " ".join(c.text for c in vtt).split() == said()
    assert [c.voice for c in vtt[:1]] == ["Ada Brook" if turns()[0][0] == "Ada Brook" else "Tomas Reyes"]


def test_webvtt_parser_reads_every_caption_file_without_an_error(site: Path) -> None:
    results = read("vtt", *(site / stem / "transcript.vtt" for stem in STEMS))
    for result in results:
        assert result["errors"] == [], result["file"]
        starts = [c["start"] for c in result["cues"]]
        assert starts == sorted(starts) and all(c["end"] > c["start"] for c in result["cues"]), result["file"]


def test_html_validate_finds_nothing_in_transcript_html(site: Path) -> None:
    results = read("html", CLIENTS / "htmlvalidate.json", *(site / stem / "transcript.html" for stem in STEMS))
    for result in results:
        assert result["messages"] == [], result["file"]
    doc = lxml.html.fromstring((site / "001-otter" / "transcript.html").read_bytes())
    assert doc.get("lang") == "en" and doc.findtext("head/title") == "001-otter: transcript"
    assert [el.text for el in doc.iter("cite")][:1] == [f"{turns()[0][0]}:"]


def test_word_level_json_download_keeps_every_word_time(site: Path) -> None:
    doc = json.loads((site / "008-word-level" / "transcript.json").read_text(encoding="utf-8"))
    times = [(s, e, w) for _, _, words in interview(seed=11) for s, e, w in words]
    assert [(x["startTime"], x["endTime"], x["body"]) for x in doc["segments"]] == times
