"""A word-level transcript (one JSON segment per word) builds a page of readable lines, about the
size of the same words at line level, with each word's time in `words.json` for the follow-along."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import lxml.html
import pytest
import srt
import webvtt
from minisite import episode, make_site, run_mkdocs

AUDIO = "audio:\n  url: https://example.org/audio/042.mp3\n  length: 1000\n"
VOCAB = (
    "the a we it that this tool test code file build page line word time show host guest "
    "release package python version thing really just about because then when which would"
).split()


def interview(seed: int = 7, minutes: int = 40) -> list[tuple[str, float, list[tuple[float, float, str]]]]:
    """Sentences of two speakers for `minutes` minutes: (speaker, start, words with times)."""
    rng = random.Random(seed)
    out = []
    t = 0.0
    speaker = "Ada Brook"
    while t < minutes * 60:
        if rng.random() < 0.3:
            speaker = "Tomas Reyes" if speaker == "Ada Brook" else "Ada Brook"
        words = [rng.choice(VOCAB) for _ in range(rng.randint(5, 22))]
        words[0] = words[0].capitalize()
        words[-1] += rng.choice([".", ".", "?", "!"])
        timed = []
        start = t
        for w in words:
            timed.append((round(t, 3), round(t + 0.28, 3), w))
            t += 0.32
        out.append((speaker, start, timed))
        t += rng.choice([0.1, 0.2, 1.4])
    return out


def line_level(sentences: list) -> str:
    segs = [
        {"speaker": who, "startTime": start, "endTime": words[-1][1], "body": " ".join(w for _, _, w in words)}
        for who, start, words in sentences
    ]
    return json.dumps({"version": "1.0.0", "segments": segs}, indent=1)


def word_level(sentences: list) -> str:
    segs = [
        {"speaker": who, "startTime": s, "endTime": e, "body": w} for who, _, words in sentences for s, e, w in words
    ]
    return json.dumps({"version": "1.0.0", "segments": segs}, indent=1)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("words")
    sentences = interview()
    front = f"title: Words\ndate: 2026-01-01\n{AUDIO}hosts: [Ada Brook]\nguests: [Tomas Reyes]\n"
    make_site(
        root,
        {
            "episodes/001-lines.md": episode(front + "number: 1\n"),
            "episodes/001-lines.json": line_level(sentences),
            "episodes/002-words.md": episode(front + "number: 2\n"),
            "episodes/002-words.json": word_level(sentences),
        },
    )
    result = run_mkdocs(root, "--strict")
    assert result.returncode == 0, result.stderr
    return root / "site" / "episodes"


def transcript_bytes(page: Path) -> int:
    doc = lxml.html.fromstring(page.read_bytes())
    (section,) = doc.cssselect("section.podsite-transcript")
    return len(lxml.html.tostring(section, encoding="unicode").encode())


def test_page_is_within_15_percent_of_the_line_level_page(site: Path) -> None:
    lines = (site / "001-lines" / "index.html").stat().st_size
    words = (site / "002-words" / "index.html").stat().st_size
    assert abs(words - lines) / lines < 0.15, (words, lines)
    t_lines = transcript_bytes(site / "001-lines" / "index.html")
    t_words = transcript_bytes(site / "002-words" / "index.html")
    assert abs(t_words - t_lines) / t_lines < 0.15, (t_words, t_lines)


def test_every_word_is_on_the_page_in_readable_lines(site: Path) -> None:
    doc = lxml.html.fromstring((site / "002-words" / "index.html").read_bytes())
    spans = doc.cssselect("section.podsite-transcript span[id]")
    said = " ".join(w for _, _, words in interview() for _, _, w in words)
    assert " ".join(s.text_content() for s in spans) == said
    total = len(said.split())
    assert len(spans) < total / 8  # lines, not one element per word


def test_words_json_marks_each_word_of_each_line(site: Path) -> None:
    page = site / "002-words" / "index.html"
    doc = lxml.html.fromstring(page.read_bytes())
    (section,) = doc.cssselect("section.podsite-transcript")
    assert section.get("data-words") == "words.json"
    data = json.loads((site / "002-words" / "words.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    times = [(s, e, w) for _, _, words in interview() for s, e, w in words]
    marked = []
    for line_id, words in data["lines"].items():
        text = doc.get_element_by_id(line_id).text_content()
        for start, end, a, b in words:
            marked.append((start, end, text[a:b]))
    assert marked == times
    assert not (site / "001-lines" / "words.json").exists()
    assert "data-words" not in (site / "001-lines" / "index.html").read_text(encoding="utf-8")


def test_caption_downloads_keep_to_caption_limits(site: Path) -> None:
    folder = site / "002-words"
    words = sum(len(w) for _, _, w in interview())
    subs = list(srt.parse((folder / "transcript.srt").read_text(encoding="utf-8")))
    cues = webvtt.from_buffer(io.StringIO((folder / "transcript.vtt").read_text(encoding="utf-8")))
    assert len(subs) < words / 5 and len(cues.captions) < words / 5
    for text in [s.content for s in subs] + [c.text for c in cues.captions]:
        rows = text.split("\n")
        assert len(rows) <= 2 and all(len(r) <= 42 + len("Tomas Reyes: ") for r in rows), text
    json_doc = json.loads((folder / "transcript.json").read_text(encoding="utf-8"))
    assert len(json_doc["segments"]) == words  # the JSON download keeps every word's time
