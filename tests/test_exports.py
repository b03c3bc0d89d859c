"""Transcript and chapter downloads: golden files for one small episode, and round trips.

The expected files are in `tests/golden/exports/`; rewrite them on purpose with
`pytest tests/test_exports.py --update-golden`.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pysrt
import pytest
import srt
from golden import check_golden
from podsite.errors import Problems
from podsite.exports import chapters_json, to_json, to_srt, to_text, to_vtt, to_vtt_and_srt
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
    check_golden(expected_path, actual, update_golden, name)


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
    if ext in ("txt", "html"):  # plain text and HTML keep whole seconds only, and every start as written
        expected = [(float(int(start)), who, text) for start, who, text in expected]
        assert len(problems) == 1 and "goes back" in problems.items[0].message
    else:  # timed cues never go back in time, and lines that start together follow one another
        starts = [float(row["startTime"]) for row in json.loads(to_json(original))["segments"]]
        expected = [(start, s.speaker, s.text) for start, s in zip(starts, original.segments, strict=True)]
        assert not list(problems), [str(p) for p in problems]
    if ext == "srt":  # tag-like text is written in full-width forms that read the same
        back.segments = [
            Segment(s.start, unicodedata.normalize("NFKC", s.text), s.end, s.speaker) for s in back.segments
        ]
    assert _key(back) == expected
    assert [text for _, _, text in expected] == [s.text for s in original.segments]  # every line, in order


def _times(t: Transcript, duration: float | None = None) -> list[tuple[float, float]]:
    return [(float(s["startTime"]), float(s["endTime"])) for s in json.loads(to_json(t, duration))["segments"]]


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
    # lines starting together share the time to the next start (at most 1 s each but the last)
    assert _times(t) == [(0, 1), (1, 3), (3, 4), (4, 10), (10, 12), (20, 25)]
    assert to_srt(t).count(" --> ") == 6


def _assert_valid_timeline(times: list[tuple[float, float]]) -> None:
    for (start, end), (next_start, _) in zip(times, times[1:] + [(float("inf"), 0)], strict=True):
        assert end > start, f"cue {start}-{end} ends where it starts"
        assert next_start >= start, "cues go back in time"


def test_zero_length_cues_become_cues_that_end_after_they_start() -> None:
    """As in the real corpus: `00:03:12.560 --> 00:03:12.560` between two ordinary cues."""
    t = Transcript(
        "pb.vtt",
        "vtt",
        [
            Segment(192.46, "Yeah.", 192.56),
            Segment(192.56, "Let's see.", 192.56),
            Segment(192.56, "Arg pars, click, doc opt, and a bunch more, right?", 196.72),
            Segment(196.72, "Right.", 196.72),
            Segment(196.72, "Zero", 196.72),
            Segment(196.72, "length", 196.72),
        ],
    )
    times = _times(t)
    _assert_valid_timeline(times)
    assert times[:3] == [(192.46, 192.56), (192.56, 193.56), (193.56, 196.72)]
    # no overlap between the lines of one moment; the last one runs 5 s
    assert times[3:] == [(196.72, 197.72), (197.72, 198.72), (198.72, 201.72)]
    for export in (to_vtt, to_srt, to_json):
        text = export(t)
        assert all(s.text in " ".join(text.split()) for s in t.segments)
        assert "00:03:12.560 --> 00:03:12.560" not in text and "00:03:12,560 --> 00:03:12,560" not in text


def test_moments_crowded_to_the_millisecond_still_move_forward() -> None:
    t = Transcript("w.json", "json", [Segment(1.0, f"w{n}", 1.0) for n in range(5)] + [Segment(1.002, "next", 1.5)])
    times = _times(t)
    _assert_valid_timeline(times)
    assert [round(s, 3) for s, _ in times] == [1.0, 1.001, 1.002, 1.003, 1.004, 1.005]


def test_no_cue_ends_after_the_episode() -> None:
    """A plain-text transcript has no ends: its last line used to run 5 s past the audio."""
    t = Transcript("e.txt", "txt", [Segment(0.0, "Hello."), Segment(78.0, "Bye now.")])
    assert _times(t, duration=80.5)[-1] == (78, 80.5)
    assert _times(t)[-1] == (78, 83)  # duration unknown: 5 s
    # a cue the source made longer than the audio is cut at its end too
    long = Transcript("e.vtt", "vtt", [Segment(0.0, "Hello.", 10.0), Segment(70.0, "Bye.", 95.0)])
    assert _times(long, duration=80.0) == [(0, 10), (70, 80)]
    assert "00:01:20.000" in to_vtt(long, 80.0) and "00:01:20,000" in to_srt(long, 80.0)


@pytest.mark.parametrize(
    "line",
    ["x < y && z > 1", "<b>not bold</b> and <i>not italic</i>", "List<String> and Map<K, V>", r"{\an8} at the top"],
)
def test_srt_players_show_tag_like_text(line: str) -> None:
    """pysrt's tag-free text is what a player that strips markup shows; srt reads the cue as written."""
    data = to_srt(Transcript("c.srt", "srt", [Segment(0.0, line, 2.0, "Ada"), Segment(3.0, "a > b, b < c", 4.0)]))
    shown = [item.text_without_tags for item in pysrt.from_string(data)]
    assert [unicodedata.normalize("NFKC", text) for text in shown] == [f"Ada: {line}", "a > b, b < c"]
    parsed = list(srt.parse(data))
    assert [unicodedata.normalize("NFKC", sub.content) for sub in parsed] == [f"Ada: {line}", "a > b, b < c"]
    assert [(sub.start.total_seconds(), sub.end.total_seconds()) for sub in parsed] == [(0, 2), (3, 4)]
    assert shown[1] == "a > b, b < c"  # nothing to escape: written as it is


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


@pytest.mark.parametrize("duration", [None, 13.0])
@pytest.mark.parametrize("speakers", [True, False])
def test_captions_cut_once_for_both_formats_are_each_format_alone(speakers: bool, duration: float | None) -> None:
    """Where a show publishes WebVTT and SRT, the lines are cut into caption cues once for both:
    the files are the ones each writer makes on its own (the SRT prefix moves some cuts)."""
    t = sample()
    if not speakers:
        t = Transcript(t.path, t.format, [Segment(s.start, s.text, s.end, None, s.line) for s in t.segments])
    long = "A long line about packaging that goes on well past the width of one caption row, twice over."
    t.segments.append(Segment(20.0, long, 31.0, "Brian Okken" if speakers else None, 30))
    vtt, srt = to_vtt_and_srt(t, duration)
    assert (vtt, srt) == (to_vtt(t, duration), to_srt(t, duration))
    assert "Brian Okken: A long line" in srt if speakers else "\nA long line" in srt
