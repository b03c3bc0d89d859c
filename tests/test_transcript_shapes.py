"""The shapes producers export transcripts in: choosing the reader, and each reader's lenient rules.

The golden files of every tool's shape are in `tests/golden/transcripts/tool_*`
(read by `test_transcripts.py`); these tests cover what a golden file cannot:
errors, warnings and the word-level grouping's limits.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from podsite import exports
from podsite.errors import ContentError, Problems
from podsite.transcripts import parse_transcript
from podsite.transcripts import words as wordmod
from podsite.transcripts.cached import parse_cached

GOLDEN = Path(__file__).parent / "golden" / "transcripts"


def parse(text: str, name: str, **kw: object) -> tuple[list[tuple[float, str | None, str]], list[str]]:
    problems = Problems()
    t = parse_transcript(text.encode(), name, problems, **kw)  # type: ignore[arg-type]
    return [(s.start, s.speaker, s.text) for s in t.segments], [str(p) for p in problems]


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("Speaker 1  0:00\nHi.\n\nSpeaker 2  0:04\nHello.\n", "otter"),
        ("Ada (00:00:00)\nHi.\n\nBo (00:00:04)\nHello.\n", "riverside"),
        ("0:00:00.000,0:00:02.000\nHi.\n", "sbv"),
        ("<p>x</p>\n<time>0:00</time><p>Hi.</p>\n", "html"),
        ("[00:00:00] Ada: Hi.\n[00:00:04] Bo: Hello.\n", "txt"),
        ("00:00:00 Hi.\nSpeaker 1  0:04\n00:00:05 More.\n", "txt"),  # more timestamped lines than headers
    ],
)
def test_a_txt_file_is_read_by_its_content(text: str, fmt: str) -> None:
    problems = Problems()
    t = parse_transcript(text.encode(), "ep.txt", problems)
    assert t.format == fmt
    said = [str(p) for p in problems if "by its content" in p.message]
    assert bool(said) == (fmt != "txt")


def test_a_stated_format_is_not_second_guessed() -> None:
    segs, warnings = parse("00:00:00 Speaker 1  0:04\n", "ep.txt", fmt="txt")
    assert segs == [(0.0, None, "Speaker 1 0:04")] and warnings == []


def test_otter_bad_header_time_is_kept_as_text_with_a_warning() -> None:
    segs, warnings = parse("Intro music\nAda  0:00\nHi.\nBo  0:75\nHello.\n", "ep.txt")
    assert segs == [(0.0, None, "Intro music"), (0.0, "Ada", "Hi. Bo 0:75 Hello.")]
    assert any("ep.txt:1: text before the first turn" in w for w in warnings)
    assert any("ep.txt:4: '0:75' in the turn header is not a valid time" in w for w in warnings)


def test_riverside_turn_text_on_the_header_line() -> None:
    segs, _ = parse("Ada Brook (00:00:00) Hello there.\nMore.\n\nBo (00:01) Hi.\n", "ep.txt")
    assert segs == [(0.0, "Ada Brook", "Hello there. More."), (1.0, "Bo", "Hi.")]


def test_sbv_stray_text_and_bad_end() -> None:
    segs, warnings = parse("0:00:01.000,0:00:00.000\nBackwards end.\n\nStray line.\n", "ep.sbv")
    assert segs == [(1.0, None, "Backwards end. Stray line.")]
    assert len(warnings) == 2


def test_sbv_one_off_prefix_counts_for_a_known_speaker() -> None:
    segs, _ = parse("0:00:01.000,0:00:02.000\nAda Brook: Hi.\n", "ep.sbv", known_speakers=["Ada Brook"])
    assert segs == [(1.0, "Ada Brook", "Hi.")]


def test_html_keeps_every_word_and_says_where_text_was_outside() -> None:
    html = "<body><h1>Show 7</h1><cite>Ada:</cite><time>0:03</time><p>One &lt;two&gt;<p>three</p>after</body>"
    segs, warnings = parse(html, "ep.html")
    assert segs == [(0.0, None, "Show 7"), (3.0, "Ada", "One <two>"), (3.0, None, "three after")]
    assert len(warnings) == 2


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("<html><body>Just words.</body></html>", "no <p> paragraphs found"),
        ("<cite>Ada:</cite><p>No time anywhere.</p>", "no timestamps found"),
    ],
)
def test_html_without_paragraphs_or_times_is_an_error(html: str, message: str) -> None:
    with pytest.raises(ContentError, match=message):
        parse_transcript(html.encode(), "ep.html", Problems())


def test_bad_html_time_keeps_the_time_above() -> None:
    segs, warnings = parse("<time>0:05</time><p>a</p><time>soon</time><p>b</p>", "ep.htm")
    assert segs == [(5.0, None, "a"), (5.0, None, "b")]
    assert "<time>soon</time> is not a time" in warnings[0]


def word_level(n: int, gap: float = 0.3) -> str:
    segs = [
        {"speaker": "Ada", "startTime": round(i * gap, 3), "endTime": round(i * gap + 0.25, 3), "body": f"w{i}"}
        for i in range(n)
    ]
    return json.dumps({"version": "1.0.0", "segments": segs})


def test_word_level_lines_stay_within_the_length_bound_and_keep_every_word() -> None:
    problems = Problems()
    t = parse_transcript(word_level(2000).encode(), "ep.json", problems)
    assert not list(problems)
    assert all(len(s.text) <= wordmod.HARD_MAX for s in t.segments)
    assert " ".join(s.text for s in t.segments) == " ".join(f"w{i}" for i in range(2000))
    assert sum(len(s.words or []) for s in t.segments) == 2000
    assert len(t.segments) < 2000 / 20


def test_word_level_download_keeps_word_times_in_json_and_makes_few_caption_cues() -> None:
    t = parse_transcript(word_level(300).encode(), "ep.json", Problems())
    doc = json.loads(exports.to_json(t))
    assert len(doc["segments"]) == 300
    assert doc["segments"][7] == {"speaker": "Ada", "startTime": 2.1, "endTime": 2.35, "body": "w7"}
    cues = exports.to_vtt(t).count(" --> ")
    assert cues < 300 / 5


def test_line_level_json_is_not_grouped() -> None:
    segs = [{"startTime": i * 3, "body": f"Sentence number {i} has words."} for i in range(20)]
    t = parse_transcript(json.dumps({"version": "1.0.0", "segments": segs}).encode(), "ep.json", Problems())
    assert len(t.segments) == 20 and all(s.words is None for s in t.segments)


def test_word_times_survive_the_parse_cache(tmp_path: Path) -> None:
    data = (GOLDEN / "json_word_level.json").read_bytes()
    fresh = parse_cached(data, "ep.json", Problems(), tmp_path)
    again = parse_cached(data, "ep.json", Problems(), tmp_path)
    assert [s.words for s in again.segments] == [s.words for s in fresh.segments]
    assert fresh.segments[0].words
