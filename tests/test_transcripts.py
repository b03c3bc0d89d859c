"""Transcript parsing: golden files for every format feature, plus the unusable-file errors.

Golden cases live in `tests/golden/transcripts/`: `<case>.<ext>` is the input,
`<case>.expected.json` the parsed segments and warnings. Rewrite the expected
files on purpose with `pytest tests/test_transcripts.py --update-golden`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from golden import check_golden
from podsite.errors import ContentError, Problems
from podsite.transcripts import TRANSCRIPT_EXTENSIONS, parse_transcript

GOLDEN = Path(__file__).parent / "golden" / "transcripts"
CASES = sorted(p for p in GOLDEN.iterdir() if p.suffix in TRANSCRIPT_EXTENSIONS and ".expected" not in p.name)


def render(path: Path) -> str:
    """The parse result of one golden input, as the JSON stored beside it."""
    problems = Problems()
    transcript = parse_transcript(path.read_bytes(), path.name, problems)
    doc = {
        "format": transcript.format,
        "segments": [
            {
                "line": s.line,
                "start": s.start,
                "end": s.end,
                "speaker": s.speaker,
                "text": s.text,
                **({"words": [list(w) for w in s.words]} if s.words else {}),
            }
            for s in transcript.segments
        ],
        "warnings": [str(p) for p in problems.warnings],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def test_golden_cases_are_all_there() -> None:
    names = {p.stem for p in CASES}
    for case in (
        "txt_basic txt_voice_tags txt_multi_voice_line txt_speaker_prefix "
        "txt_untimed_continuation txt_malformed_times txt_backwards txt_bom_crlf "
        "txt_cr_only txt_latin1 txt_nul vtt_basic vtt_note_style_region vtt_cue_settings "
        "vtt_end_before_start vtt_end_rounding vtt_bad_header vtt_zero_length_and_number_cues srt_basic "
        "srt_missing_indices json_basic json_word_level tool_otter tool_riverside tool_descript tool_zoom "
        "tool_youtube tool_podcasting20 tool_whisperx_labels tool_speaker_labels txt_holding_vtt txt_holding_srt"
    ).split():
        assert case in names


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_golden(case: Path, update_golden: bool) -> None:
    expected_path = case.with_name(case.stem + ".expected.json")
    actual = render(case)
    check_golden(expected_path, actual, update_golden, f"the parse of {case.name}")


def parse(text: str | bytes, name: str, **kw: object) -> tuple[list[tuple], Problems]:
    problems = Problems()
    data = text.encode("utf-8") if isinstance(text, str) else text
    t = parse_transcript(data, name, problems, **kw)  # type: ignore[arg-type]
    return [(s.start, s.speaker, s.text) for s in t.segments], problems


# --- unusable files: ContentError naming file and line -------------------------------


@pytest.mark.parametrize("name", ["ep1.txt", "ep1.vtt", "ep1.srt", "ep1.json"])
@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"  \n\r\n\t\n"])
def test_empty_file_is_an_error(name: str, data: bytes) -> None:
    with pytest.raises(ContentError) as err:
        parse_transcript(data, f"docs/episodes/{name}", Problems())
    assert str(err.value) == f"docs/episodes/{name}:1: transcript file is empty; add the transcript text"


def test_txt_without_timestamps_is_an_error() -> None:
    with pytest.raises(ContentError) as err:
        parse("Just some words.\nMore words.\n", "docs/episodes/ep2.txt")
    assert str(err.value) == ("docs/episodes/ep2.txt:1: no timestamps found; lines must start with HH:MM:SS or MM:SS")


def test_txt_with_only_bad_timestamps_is_an_error_after_warnings() -> None:
    problems = Problems()
    with pytest.raises(ContentError, match="no timestamps found"):
        parse_transcript(b"00:61:00 a\n99:99 b\n", "ep.txt", problems)
    assert [p.line for p in problems.warnings] == [1, 1, 2]


@pytest.mark.parametrize("name", ["ep3.vtt", "ep3.srt"])
def test_cue_file_without_cues_is_an_error(name: str) -> None:
    with pytest.raises(ContentError) as err:
        parse("WEBVTT\n\nno cue here\n" if name.endswith("vtt") else "1\nno cue\n", name)
    assert str(err.value).startswith(f"{name}:1: no cues found;")


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ("[1, 2]", 'ep.json:1: a JSON transcript is an object {"version": "1.0.0", "segments": [...]}'),
        ('{"version": "1.0.0"}', 'ep.json:1: segments is missing; add "segments": [...]'),
        ('{"segments": {}}', "ep.json:1: segments must be a list of segment objects"),
        ('{"version": "1.0.0", "segments": []}', "ep.json:1: segments is empty; the transcript has no text"),
        (
            '{"segments": [\n  {"startTime": 0, "body": "a"},\n  {"startTime": 1, "body": "b"},\n'
            '  {"startTime": 2, "body": "c"},\n  {"body": "d"}\n]}',
            "ep.json:5: segments[3].startTime is missing",
        ),
        ('{"segments": [\n\n  {"startTime": 0}]}', "ep.json:3: segments[0].body is missing"),
        (
            '{"segments": [{"startTime": "0:05", "body": "a"}]}',
            'ep.json:1: segments[0].startTime must be a number of seconds, not "0:05"',
        ),
        (
            '{"segments": [{"startTime": -1, "body": "a"}]}',
            "ep.json:1: segments[0].startTime must not be negative (got -1)",
        ),
        ('{"segments": [{"startTime": 1, "body": 5}]}', "ep.json:1: segments[0].body must be a string"),
        (
            '{"segments": [{"startTime": 1, "body": "a", "speaker": 3}]}',
            "ep.json:1: segments[0].speaker must be a string",
        ),
        ('{"segments": [\n  "text"\n]}', "ep.json:2: segments[0] must be an object with startTime and body"),
        ('{\n  "segments": [,]\n}', "ep.json:2:16: not valid JSON: Expecting value"),
    ],
)
def test_json_not_the_schema_is_an_error(doc: str, message: str) -> None:
    with pytest.raises(ContentError) as err:
        parse(doc, "ep.json")
    assert str(err.value) == message


def test_json_lines_point_at_each_segment_object() -> None:
    doc = (
        '{"note": {"segments": [{"x": 1}]},\n "segments": [\n'
        '  {"startTime": 0, "body": "a [{ not a bracket"},\n\n'
        '  {"startTime": 1,\n   "body": "b", "extra": {"nested": [{}]}},\n'
        '  {"startTime": 2, "body": "c"}]}'
    )
    t = parse_transcript(doc.encode(), "ep.json", Problems())
    assert [(s.line, s.text) for s in t.segments] == [
        (3, "a [{ not a bracket"),
        (5, "b"),
        (7, "c"),
    ]


def test_unknown_extension_names_the_supported_ones() -> None:
    with pytest.raises(ContentError) as err:
        parse_transcript(b"00:00:00 hi\n", "docs/episodes/ep4.docx", Problems())
    assert str(err.value) == (
        "docs/episodes/ep4.docx: unknown transcript extension '.docx'; use one of .vtt, .srt, .json, .txt, .sbv, .html"
    )


def test_fmt_overrides_the_extension() -> None:
    segs, _ = parse("WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n", "captions.data", fmt="vtt")
    assert segs == [(1.0, None, "hi")]


# --- rules that need a parameter or a size ------------------------------------------


def test_known_speaker_prefix_counts_once() -> None:
    text = "00:00:00 Mariatta Wijaya: hello.\n00:00:02 Note: hello.\n"
    segs, _ = parse(text, "ep.txt", known_speakers=["Mariatta Wijaya", "Note"])
    assert segs == [(0.0, "Mariatta Wijaya", "hello."), (2.0, "Note", "hello.")]
    segs, _ = parse(text, "ep.txt")
    assert segs == [(0.0, None, "Mariatta Wijaya: hello."), (2.0, None, "Note: hello.")]


def test_vtt_without_header_line_is_read_with_a_warning() -> None:
    segs, problems = parse("00:00:01.000 --> 00:00:02.000\nNo header.\n", "ep.vtt")
    assert segs == [(1.0, None, "No header.")]
    assert [str(p) for p in problems] == ["ep.vtt:1: bad header: a WebVTT file starts with a line 'WEBVTT'; add it"]


def test_vtt_bad_cue_start_continues_the_cue_above() -> None:
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nOne.\n\n00:61:00.000 --> 00:62:00.000\nTwo.\n"
    segs, problems = parse(text, "ep.vtt")
    assert segs == [(1.0, None, "One. Two.")]
    assert [p.line for p in problems] == [6]
    assert "00:61:00.000" in problems.items[0].message


@pytest.mark.parametrize(
    ("end", "kept", "warned"),
    [
        ("00:00:04,950", 5.0, False),
        ("00:00:04,901", 5.0, False),
        ("00:00:04,900", None, True),
        ("00:00:01,000", None, True),
    ],
)
def test_srt_end_rounded_below_the_start(end: str, kept: float | None, warned: bool) -> None:
    """Less than 0.1 s early is the exporting tool's rounding (a zero-length cue); more is reported."""
    text = f"1\n00:00:01,000 --> 00:00:02,000\nOne.\n\n2\n00:00:05,000 --> {end}\nTwo.\n"
    problems = Problems()
    segments = parse_transcript(text.encode(), "ep.srt", problems).segments
    assert [(s.start, s.end, s.text) for s in segments] == [(1.0, 2.0, "One."), (5.0, kept, "Two.")]
    assert [p.line for p in problems] == ([6] if warned else [])


def _big_txt(lines: int, width: int) -> bytes:
    words = ("word " * (width // 5)).strip()
    out = [f"{i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d} <v Host>{words}\n" for i in range(lines)]
    return "".join(out).encode()


def test_long_lines_and_large_files_parse_whole() -> None:
    long_line = _big_txt(1, 2500)
    t = parse_transcript(long_line, "ep.txt", Problems())
    assert len(t.segments[0].text) >= 2000
    # 20 MB: one timestamp, then 100,000 untimed continuation lines of 200 chars (the
    # worst case for string building), and a 20 MB VTT with one giant cue.
    body = ("x" * 199 + "\n") * 100_000
    t = parse_transcript(b"00:00:00 start\n" + body.encode(), "big.txt", Problems())
    assert len(t.segments) == 1 and len(t.segments[0].text) > 19_000_000
    vtt = b"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n" + body.encode()
    t = parse_transcript(vtt, "big.vtt", Problems())
    assert len(t.segments) == 1
    many = _big_txt(100_000, 200)
    assert len(many) > 20_000_000
    t = parse_transcript(many, "many.txt", Problems())
    assert len(t.segments) == 100_000


def test_arrow_in_cue_text_is_text() -> None:
    srt = "1\n00:00:01,000 --> 00:00:02,000\nThe --> arrow\na --> b\n"
    segs, problems = parse(srt, "ep.srt")
    assert segs == [(1.0, None, "The --> arrow a --> b")]
    assert not problems.items


def test_utf16_file_is_read_with_a_warning() -> None:
    data = "00:00:00 Café.\r\n00:00:02 Ünïcode.\r\n".encode("utf-16")
    segs, problems = parse(data, "ep.txt")
    assert segs == [(0.0, None, "Café."), (2.0, None, "Ünïcode.")]
    assert [str(p) for p in problems] == [
        "ep.txt:1: file is UTF-16; read it as such: save the file as UTF-8",
        "ep.txt:1: Windows line ends (CRLF) were read as plain line ends (LF)",
    ]


def test_fmt_is_case_insensitive_and_checked() -> None:
    segs, _ = parse("00:00:01 hi\n", "notes.data", fmt="TXT")
    assert segs == [(1.0, None, "hi")]
    with pytest.raises(ContentError, match="unknown transcript format 'doc'; use one of txt, vtt, srt, json"):
        parse("x", "notes.data", fmt="doc")
