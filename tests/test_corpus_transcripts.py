"""Every transcript of the real Python Bytes corpus parses, and no text is lost.

For each file in the corpus `MANIFEST.tsv`, a deliberately simple extraction
(independent of the parsers) lists the source's timestamped lines (plain text)
or cues (WebVTT) with their line, start and text; the parsed transcript must hold
exactly those: for each source line the segments starting there, joined, give
the same text (voice tags and markup removed, whitespace folded on both sides).
A parser that dropped zero-length cues, number-only cues or a voice-split half
would fail here, see `test_checker_catches_lost_text`.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from podsite.errors import Problems
from podsite.model import Segment, Transcript
from podsite.transcripts import parse_transcript
from sitebuild import CORPUS

ROOT = Path(__file__).resolve().parent.parent


def manifest() -> list[str]:
    """Transcript paths of the manifest, relative to the corpus folder."""
    path = CORPUS / "MANIFEST.tsv"
    if not path.exists():
        return []
    rows = path.read_text(encoding="utf-8").splitlines()
    header = rows[0].split("\t")
    col = header.index("transcript")
    return [row.split("\t")[col] for row in rows[1:] if row.strip()]


_TAG = re.compile(r"</?v\b[^>]*>|</?(?:c|i|b|u)(?:\.[^>]*)?>|<\d\d:\d\d:\d\d\.\d+>")
_TXT_LINE = re.compile(r"(\d\d):(\d\d):(\d\d) (.*)")
_VTT_TIME = re.compile(r"(\d\d):(\d\d):(\d\d)\.(\d\d\d) --> ")


def _norm(text: str) -> str:
    return " ".join(_TAG.sub(" ", text).split())


def source_items(text: str, fmt: str) -> dict[int, tuple[float, str]]:
    """{line: (start, text)} of each timestamped line or cue with text in the source."""
    lines = text.split("\n")
    items: dict[int, tuple[float, str]] = {}
    for i, line in enumerate(lines):
        if fmt == "txt":
            m = _TXT_LINE.fullmatch(line)
            if m:
                h, mi, s, body = m.groups()
                if _norm(body):
                    items[i + 1] = (int(h) * 3600 + int(mi) * 60 + int(s), _norm(body))
        else:
            m = _VTT_TIME.match(line)
            if m:
                h, mi, s, ms = (int(x) for x in m.groups())
                body_lines = []
                j = i + 1
                while j < len(lines) and lines[j].strip():
                    body_lines.append(lines[j])
                    j += 1
                body = _norm(html.unescape(" ".join(body_lines)))
                if body:
                    items[i + 1] = (h * 3600 + mi * 60 + s + ms / 1000, body)
    return items


def model_items(t: Transcript, prefixed: bool = False) -> dict[int, tuple[float, str]]:
    """{line: (start, joined text)} of the parsed segments, grouped by source line; with
    `prefixed`, a speaker read from a `Name: ` prefix is put back in front of its text."""
    grouped: dict[int, list[Segment]] = {}
    for seg in t.segments:
        grouped.setdefault(seg.line, []).append(seg)
    return {
        line: (
            segs[0].start,
            _norm(" ".join(f"{s.speaker}: {s.text}" if prefixed and s.speaker else s.text for s in segs)),
        )
        for line, segs in grouped.items()
    }


def lost_text(source: dict[int, tuple[float, str]], model: dict[int, tuple[float, str]]) -> list[str]:
    """Readable differences: source lines missing or changed in the model, and extras."""
    out = []
    for line, (start, text) in source.items():
        got = model.get(line)
        if got is None:
            out.append(f"line {line}: missing from the model: {text!r}")
        elif abs(got[0] - start) > 0.0005 or got[1] != text:
            out.append(f"line {line}: source {(start, text)!r}, model {got!r}")
    for line in sorted(set(model) - set(source)):
        out.append(f"line {line}: in the model but not a source line: {model[line]!r}")
    return out


FILES = manifest()


@pytest.mark.skipif(not FILES, reason=f"corpus not found at {CORPUS}")
@pytest.mark.parametrize("rel", FILES or ["-"])
def test_corpus_transcript_keeps_every_line(rel: str) -> None:
    data = (CORPUS / rel).read_bytes()
    problems = Problems()
    transcript = parse_transcript(data, rel, problems)  # no ContentError on any corpus file
    assert transcript.segments
    source = source_items(data.decode("utf-8"), transcript.format)
    assert source, "the simple extraction found nothing: is the file format unexpected?"
    # a speaker read from a `Name: ` prefix (Zoom-style cues) is the same words with the name moved
    plain, prefixed = model_items(transcript), model_items(transcript, prefixed=True)
    model = {
        line: prefixed[line] if source.get(line, (0, ""))[1] == prefixed[line][1] else got
        for line, got in plain.items()
    }
    diffs = lost_text(source, model)
    assert not diffs, f"{rel}: {len(diffs)} differences\n" + "\n".join(diffs[:20])
    assert not problems.errors


def test_corpus_manifest_lists_all_three_kinds() -> None:
    if not FILES:
        pytest.skip(f"corpus not found at {CORPUS}")
    kinds = {rel.split("/")[0] + "/" + rel.rsplit(".", 1)[1] for rel in FILES}
    assert kinds == {"transcripts/txt", "transcripts/vtt", "youtube/vtt"}


def test_checker_catches_lost_text() -> None:
    """The check above fails when a parser drops zero-length or number-only cues."""
    vtt = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:01.000\nZero length.\n\n"
        "00:00:02.000 --> 00:00:03.000\n1985\n\n00:00:03.000 --> 00:00:04.000\n"
        "<v A>Split <v B>voices.\n"
    )
    t = parse_transcript(vtt.encode(), "x.vtt", Problems())
    source = source_items(vtt, "vtt")
    assert lost_text(source, model_items(t)) == []
    for dropped in range(len(t.segments)):
        broken = Transcript(t.path, t.format, t.segments[:dropped] + t.segments[dropped + 1 :])
        assert lost_text(source, model_items(broken)), f"dropping segment {dropped} went unnoticed"
    shifted = Transcript(t.path, t.format, [Segment(9.0, s.text, s.end, s.speaker, s.line) for s in t.segments])
    assert lost_text(source, model_items(shifted))
