"""Transcript and chapter downloads: golden files for one small episode, and round trips.

The expected files are in `tests/golden/exports/`; rewrite them on purpose with
`pytest tests/test_exports.py --update-golden`.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest
from podsite.errors import Problems
from podsite.exports import chapters_json, to_json, to_srt, to_text, to_vtt
from podsite.htmlexport import to_html
from podsite.model import Chapter, Segment, Transcript
from podsite.transcripts import parse_transcript

GOLDEN = Path(__file__).parent / "golden" / "exports"


def sample() -> Transcript:
    """A short episode with every case an export has to handle."""
    return Transcript(
        "episodes/042.vtt",
        "vtt",
        [
            Segment(0.0, "Welcome to episode 42 of the show.", 4.2, "Brian Okken", 3),
            Segment(4.2, "Thanks, Brian. Café, naïve, 日本語.", None, "Michael Kennedy", 6),
            Segment(9.5, "Is it x < y & z, or x > y? The --> arrow too.", 12.0, "Brian Okken", 9),
            Segment(12.0, "is it,", None, "Michael Kennedy", 12),
            Segment(12.0, "Oh yeah.", None, "Brian Okken", 12),
            Segment(15.125, "A line nobody is named for.", None, None, 15),
            Segment(14.0, "A time that goes back a little.", None, "Michael Kennedy", 18),
            Segment(3725.5, "An hour in, the last words.", None, "Brian Okken", 21),
        ],
    )


def sample_chapters() -> list[Chapter]:
    return [
        Chapter(0.0, "Intro"),
        Chapter(312.5, "PEP 751 — lock files", "https://peps.python.org/pep-0751/"),
        Chapter(95.0, 'Sponsor: "Python Bytes" & friends'),
    ]


EXPORTS: dict[str, Callable[[], str]] = {
    "sample.vtt": lambda: to_vtt(sample()),
    "sample.srt": lambda: to_srt(sample()),
    "sample.json": lambda: to_json(sample()),
    "sample.txt": lambda: to_text(sample()),
    "sample.html": lambda: to_html(sample()),
    "chapters.json": lambda: chapters_json(sample_chapters(), title="Episode 42"),
    "chapters_untitled.json": lambda: chapters_json(sample_chapters()[:1]),
}


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_golden(name: str, update_golden: bool) -> None:
    actual = EXPORTS[name]()
    expected_path = GOLDEN / name
    if update_golden:
        expected_path.parent.mkdir(parents=True, exist_ok=True)
        expected_path.write_text(actual, encoding="utf-8", newline="")
        return
    assert expected_path.exists(), f"no {name}: run pytest --update-golden"
    expected = expected_path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "expected", "actual"))
        pytest.fail(f"{name} differs from the golden file:\n{diff}")


def _key(t: Transcript) -> list[tuple[float, str | None, str]]:
    return [(round(s.start, 3), s.speaker, s.text) for s in t.segments]


@pytest.mark.parametrize(
    ("export", "ext"), [(to_vtt, "vtt"), (to_srt, "srt"), (to_json, "json"), (to_text, "txt"), (to_html, "html")]
)
def test_round_trip_keeps_texts_starts_and_speakers(export: Callable[[Transcript], str], ext: str) -> None:
    original = sample()
    problems = Problems()
    back = parse_transcript(export(original).encode("utf-8"), f"042.{ext}", problems)
    expected = _key(original)
    if ext in ("txt", "html"):  # plain text and HTML keep whole seconds only
        expected = [(float(int(start)), who, text) for start, who, text in expected]
    assert _key(back) == expected
    # The only warning is about the time the sample itself sends backwards.
    assert len(problems) == 1 and "goes back" in problems.items[0].message


def test_missing_ends_use_the_next_start_or_five_seconds() -> None:
    t = Transcript(
        "x.vtt",
        "vtt",
        [
            Segment(0.0, "split at a speaker change", None, "A"),
            Segment(0.0, "same start", None, "B"),
            Segment(3.0, "next start is earlier", None),
            Segment(2.0, "back in time", None),
            Segment(10.0, "has its own end", 12.0),
            Segment(11.0, "", None),  # no text: left out
            Segment(20.0, "last", None),
        ],
    )
    ends = [json.loads(line.rstrip(","))["endTime"] for line in to_json(t).splitlines()[3:-2]]
    assert ends == [3, 3, 8, 10, 12, 25]
    assert to_srt(t).count(" --> ") == 6


def test_json_export_is_valid_podcasting_json() -> None:
    doc = json.loads(to_json(sample()))
    assert list(doc) == ["version", "segments"]
    assert doc["version"] == "1.0.0"
    first, _, _, _, _, unnamed = doc["segments"][:6]
    assert list(first) == ["speaker", "startTime", "endTime", "body"]
    assert list(unnamed) == ["startTime", "endTime", "body"]
    assert json.loads(to_json(Transcript("e.json", "json", []))) == {
        "version": "1.0.0",
        "segments": [],
    }


def test_chapters_json_has_url_only_when_set_and_is_sorted() -> None:
    doc = json.loads(chapters_json(sample_chapters(), title="Episode 42"))
    assert doc["version"] == "1.2.0" and doc["title"] == "Episode 42"
    assert doc["chapters"] == [
        {"startTime": 0, "title": "Intro"},
        {"startTime": 95, "title": 'Sponsor: "Python Bytes" & friends'},
        {"startTime": 312.5, "title": "PEP 751 — lock files", "url": "https://peps.python.org/pep-0751/"},
    ]
    assert "title" not in json.loads(chapters_json([]))


def test_html_export_has_the_podcasting_shape_read_by_lxml() -> None:
    doc = lxml.html.document_fromstring(to_html(sample()))
    body = doc.find("body")
    tags = [el.tag for el in body]
    assert tags[:6] == ["cite", "time", "p", "cite", "time", "p"]
    assert [el.text for el in body.iter("cite")][:2] == ["Brian Okken:", "Michael Kennedy:"]
    assert [el.text for el in body.iter("time")][-1] == "1:02:05"
    assert [el.text for el in body.iter("p")][2] == "Is it x < y & z, or x > y? The --> arrow too."
    assert len(list(body.iter("p"))) == len(sample().segments)
