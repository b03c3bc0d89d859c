"""Hostile input: paths out of docs/, alias bombs, deep nesting, odd numbers and characters.

Each case is a small site or file a producer (or someone sending them content)
could hand over. What must hold: the problem is reported as `path:line: message`
by the checker and the build alike, nothing outside docs/ is published, nothing
hangs, nothing crashes with a traceback, and no text is dropped without a warning.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import feedparser
import pytest
from minisite import episode, make_site, run_check, run_mkdocs
from podsite.checks import SiteReport, inspect_site
from podsite.errors import ContentError, Problems
from podsite.frontmatter import MAX_DEPTH, load_yaml
from podsite.transcripts import parse_transcript

AUDIO = "audio:\n  url: https://example.org/audio/042.mp3\n  length: 1000\n"
GOOD = f"title: A fine episode\ndate: 2026-01-01\n{AUDIO}"  # lines 2-6: a key added after it is on line 7
EP = "docs/episodes/042.md"
#: A content problem as printed (other plugins' notes, such as the search indexer's, are not).
PROBLEM_LINE = re.compile(r"^(ERROR|WARNING) +-  ((?:docs/|mkdocs\.yml)\S*?:(?:\d+:)? .*)$", re.M)
BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
    for prev, name in zip(["", "a", "b", "c", "d", "e", "f", "g", "h"], "abcdefghi", strict=True)
)  # `i` expands to 9^9 (387 million) strings


def lines_of(report: SiteReport, prefix: str = "docs/") -> list[str]:
    return [f"{p.severity.value}: {p}" for p in report.sorted_problems() if p.path.startswith(prefix)]


def check(tmp_path: Path, files: dict[str, str | bytes], **site: object) -> SiteReport:
    make_site(tmp_path, files, **site)  # type: ignore[arg-type]
    return inspect_site(tmp_path)


# --- 1. every path stays inside docs/ -----------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("transcript", "//tmp/x.txt", "transcript: '//tmp/x.txt' leaves docs/ (keep transcripts beside the episode)"),
        ("transcript", "/../../x.txt", "transcript: '/../../x.txt' leaves docs/ (keep transcripts beside the episode)"),
        ("image", "//tmp/x.png", "image: file '//tmp/x.png' not found inside docs/"),
    ],
)
def test_paths_with_leading_slashes_stay_in_docs(tmp_path: Path, key: str, value: str, message: str) -> None:
    report = check(tmp_path / "site", {"episodes/042.md": episode(GOOD + f"{key}: {value}")})
    assert f"warning: {EP}:7: {message}" in lines_of(report)
    assert report.show is not None
    ep = report.show.episodes[0]
    assert ep.transcript is None and ep.image is None


def test_audio_url_with_two_slashes_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "secret.mp3"
    outside.write_bytes(b"ID3" + b"\0" * 100)
    front = f"title: A\ndate: 2026-01-01\naudio:\n  url: /{outside}\n"
    report = check(tmp_path / "site", {"episodes/042.md": episode(front)})
    assert report.show is not None and report.show.episodes[0].audio is None
    assert (
        f"warning: {EP}:5: audio.url: '/{outside}' leaves docs/ (keep the audio file inside docs/ or use an https:// URL)"
        in lines_of(report)
    )


def test_a_transcript_linked_out_of_docs_is_an_error_naming_the_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("00:00:01 Private words.\n", encoding="utf-8")
    make_site(tmp_path / "site", {"episodes/042.md": episode(GOOD)})
    (tmp_path / "site" / "docs" / "episodes" / "042.txt").symlink_to(secret)
    report = inspect_site(tmp_path / "site")
    assert lines_of(report) == [
        f"error: {EP}:2: transcript: docs/episodes/042.txt is a link to {secret}, outside docs/: "
        "copy the file into docs/ (only files inside it are published)"
    ]
    assert report.show is not None and report.show.episodes[0].transcript is None


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("image", "//etc/cover.png", "extra.podcast.image: '//etc/cover.png' leaves docs/: keep the cover art inside docs/"),
        ("image", "../cover.png", "extra.podcast.image: '../cover.png' leaves docs/: keep the cover art inside docs/"),
        ("image", "https://example.org/my cover.png", "extra.podcast.image: 'https://example.org/my cover.png' must be an https:// address without spaces"),
        ("mentions", "../../etc/mentions.yml", "extra.podcast.mentions: '../../etc/mentions.yml' must be the path of a file inside docs/, like mentions.yml"),
        ("feed", "x/../../feed.xml", "extra.podcast.feed: 'x/../../feed.xml' leaves the site folder: write a path inside the site, like feed.xml or podcast/feed.xml"),
        ("feed", "index.html", "extra.podcast.feed: 'index.html' would replace a page of the site: give the feed its own name, like feed.xml"),
        ("feed", "_headers", "extra.podcast.feed: '_headers' would replace or enter `_headers`, which the build writes itself: use another name, like feed.xml"),
    ],
)  # fmt: skip
def test_show_paths_must_stay_inside(tmp_path: Path, setting: str, value: str, message: str) -> None:
    report = check(tmp_path, {}, podcast={setting: value})
    line = next(
        n
        for n, text in enumerate((tmp_path / "mkdocs.yml").read_text().splitlines(), 1)
        if text.strip().startswith(f"{setting}:")
    )
    assert f"error: mkdocs.yml:{line}: {message}" in lines_of(report, "mkdocs.yml")


def test_feed_path_of_a_docs_file_is_an_error(tmp_path: Path) -> None:
    report = check(tmp_path, {"podcast.xml": "<mine/>"}, podcast={"feed": "podcast.xml"})
    assert any(
        "docs/podcast.xml is published at the same address as the feed" in line
        for line in lines_of(report, "mkdocs.yml")
    )


def test_build_writes_nothing_outside_the_site_folder(tmp_path: Path) -> None:
    root = tmp_path / "project"
    make_site(root, {"episodes/042.md": episode(GOOD)}, podcast={"feed": "x/../../feed.xml"})
    result = run_mkdocs(root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(
        r"ERROR +-  mkdocs.yml:\d+: extra.podcast.feed: 'x/../../feed.xml' leaves the site folder", result.stderr
    )
    assert not (root / "feed.xml").exists() and not (tmp_path / "feed.xml").exists()


# --- 3 and 7. alias bombs and deep nesting ---------------------------------------------------


def test_alias_bomb_in_front_matter_is_refused(tmp_path: Path) -> None:
    front = BOMB + "title: *i\ndate: 2026-01-01\n"
    report = check(tmp_path, {"episodes/042.md": episode(front)})
    problems = lines_of(report)
    assert len(problems) == 1
    assert re.fullmatch(
        rf"error: {EP}:\d+: this value holds more than 1,000,000 values once its aliases \(\*name\) are expanded: "
        "write the values out instead of repeating anchors",
        problems[0],
    )


def test_alias_bomb_in_the_registry_and_settings_is_refused(tmp_path: Path) -> None:
    anchors = "".join(f"    {line}\n" for line in BOMB.splitlines())
    registry = f"- name: X\n  url: https://x.org/\n  notes:\n{anchors}  aliases: *i\n"
    report = check(tmp_path, {"mentions.yml": registry})
    assert any("are expanded" in line for line in lines_of(report, "docs/mentions.yml")), lines_of(report, "")


def test_alias_bomb_in_mkdocs_yml_is_refused(tmp_path: Path) -> None:
    make_site(tmp_path, {})
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text() + "bomb:\n" + "".join("  " + line + "\n" for line in BOMB.splitlines()))
    report = inspect_site(tmp_path)
    assert any("are expanded" in line for line in lines_of(report, "mkdocs.yml"))


@pytest.mark.parametrize(
    "front",
    [
        "hosts: " + "[" * 5000 + "]" * 5000,
        "hosts: " + "[" * 200_000 + "]" * 200_000,  # libyaml's composer would crash the process
        "hosts:\n" + "".join("  " * i + "-\n" for i in range(3000)),
        "mentions: " + "{a: " * 5000 + "1" + "}" * 5000,
    ],
    ids=["flow 5,000", "flow 200,000", "block 3,000", "maps 5,000"],
)
def test_deep_nesting_in_front_matter_is_an_error(tmp_path: Path, front: str) -> None:
    report = check(tmp_path, {"episodes/042.md": episode(GOOD + front)})
    problems = lines_of(report)
    assert len(problems) == 1
    assert f"values are nested more than {MAX_DEPTH} levels deep" in problems[0]
    assert problems[0].startswith(f"error: {EP}:")


def test_circular_alias_is_an_error() -> None:
    with pytest.raises(ContentError, match=r"x.yml:1: an alias \(\*name\) refers to a value it is inside"):
        load_yaml("a: &a [1, *a]\n", "x.yml")


def test_deep_json_transcript_names_the_file() -> None:
    data = b'{"version": "1.0.0", "segments": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    with pytest.raises(ContentError) as err:
        parse_transcript(data, "ep.json", Problems())
    assert str(err.value) == "ep.json:1: not a transcript: arrays or objects are nested too deep to read"


# --- 4. numbers that are not finite or too large ---------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("NaN", "segments[0].startTime: nan is not a finite number of seconds (use HH:MM:SS or seconds)"),
        ("Infinity", "segments[0].startTime: inf is not a finite number of seconds (use HH:MM:SS or seconds)"),
        ("1e400", "segments[0].startTime: inf is not a finite number of seconds (use HH:MM:SS or seconds)"),
        ("9" * 400, "segments[0].startTime: 999999999999999999...9999999999999999999 is after 999:59:59, the latest time a transcript or chapter can have"),
        ("9" * 5000, None),
    ],
    ids=["NaN", "Infinity", "1e400", "400 digits", "5000 digits"],
)  # fmt: skip
def test_json_times_must_be_finite(value: str, message: str | None) -> None:
    data = f'{{"version": "1.0.0", "segments": [{{"startTime": {value}, "body": "Hi"}}]}}'.encode()
    with pytest.raises(ContentError) as err:
        parse_transcript(data, "ep.json", Problems())
    assert str(err.value) == f"ep.json:1: {message or 'not valid JSON: a number has more than 4,300 digits'}"


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("duration: .inf", "duration: inf is not a finite number of seconds (use HH:MM:SS or seconds)"),
        ("duration: .nan", "duration: nan is not a finite number of seconds (use HH:MM:SS or seconds)"),
        ("duration: 1.0e+400", "duration: inf is not a finite number of seconds (use HH:MM:SS or seconds)"),
        ("duration: " + "9" * 400, "duration: 999999999999999999...9999999999999999999 is after 999:59:59, the latest time a transcript or chapter can have"),
        ("duration: [1]", "duration: [1] is not a time (use HH:MM:SS or seconds)"),
        ("chapters:\n  - start: .inf\n    title: Never", "chapter start inf is not a finite number of seconds (use HH:MM:SS or seconds)"),
        ("number: " + "9" * 400, "number: 999999999999999999...9999999999999999999 is too large (at most 1,000,000,000)"),
    ],
)  # fmt: skip
def test_front_matter_numbers_give_warnings(tmp_path: Path, front: str, message: str) -> None:
    report = check(tmp_path, {"episodes/042.md": episode(GOOD + front)})
    assert lines_of(report) == [f"warning: {EP}:{8 if front.startswith('chapters') else 7}: {message}"]


# --- 5 and 6. characters no page or feed can carry ------------------------------------------------


def test_lone_surrogates_in_transcripts_become_replacement_characters() -> None:
    problems = Problems()
    vtt = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ada &#xD800;>Hi &#xD800; there &#xDFFF;\n"
    segments = parse_transcript(vtt, "ep.vtt", problems).segments
    assert [(s.speaker, s.text) for s in segments] == [("Ada \ufffd", "Hi \ufffd there \ufffd")]
    assert [str(p) for p in problems] == [
        "ep.vtt:3: U+D800 is half of a surrogate pair (an escape such as \\ud800), not a character (2 in all, the last on line 3): replaced with U+FFFD; fix the text",
        "ep.vtt:3: U+DFFF is half of a surrogate pair (an escape such as \\ud800), not a character: replaced with U+FFFD; fix the text",
    ]
    problems = Problems()
    data = b'{"version": "1.0.0", "segments": [{"startTime": 1, "body": "a \\ud800 b", "speaker": "\\u0007Bo"}]}'
    segments = parse_transcript(data, "ep.json", problems).segments
    assert [(s.speaker, s.text) for s in segments] == [("\ufffdBo", "a \ufffd b")]
    assert len(problems) == 2


@pytest.mark.parametrize(
    ("front", "line", "message"),
    [
        ('hosts: ["Ada \\ud800"]', 7, "hosts.0: U+D800 is half of a surrogate pair (an escape such as \\ud800), not a character: write the character itself"),
        ('guid: "abc\\x01"', 7, "guid: control character U+0001 cannot be published (feeds and pages have no way to write it): remove it"),
        ('audio:\n  url: "https://example.org/a\\x1b.mp3"', 8, "audio.url: control character U+001B cannot be published (feeds and pages have no way to write it): remove it"),
        ('audio:\n  url: https://example.org/a.mp3\n  type: "audio/mpeg\\x00"', 9, "audio.type: control character U+0000 cannot be published (feeds and pages have no way to write it): remove it"),
    ],
)  # fmt: skip
def test_characters_no_feed_can_carry_are_errors_at_load_time(
    tmp_path: Path, front: str, line: int, message: str
) -> None:
    good = "title: A fine episode\ndate: 2026-01-01\nnumber: 42\nhosts: [Ada]\naudio: https://example.org/a.mp3\n"
    if front.startswith("audio"):
        good = good.replace("audio: https://example.org/a.mp3\n", "x: 1\n")
    report = check(tmp_path, {"episodes/042.md": episode(good + front)})
    assert f"error: {EP}:{line}: {message}" in lines_of(report)


def test_surrogate_in_a_title_is_an_error_not_the_file_name(tmp_path: Path) -> None:
    report = check(tmp_path, {"episodes/042.md": episode('title: "Caf\\udce9"\ndate: 2026-01-01')})
    assert lines_of(report) == [
        f"error: {EP}:2: title: U+DCE9 is half of a surrogate pair (an escape such as \\ud800), not a character: write the character itself"
    ]


# --- 16. repairs are never silent ------------------------------------------------------------------


def test_srt_text_on_the_timing_line_is_kept_with_one_warning() -> None:
    problems = Problems()
    data = b"1\n00:00:01,000 --> 00:00:02,000 Hello there\nmore\n\n2\n00:00:03,000 --> 00:00:04,000 Again\n\n3\n00:00:05,000 --> 00:00:06,000 X1:40 X2:600\nPlaced.\n"
    segments = parse_transcript(data, "ep.srt", problems).segments
    assert [s.text for s in segments] == ["Hello there more", "Again", "Placed."]
    assert [str(p) for p in problems] == [
        "ep.srt:2: text after the times on this timing line (and 1 more timing lines) was kept as the start of its cue; "
        "put cue text on the lines below the timing line"
    ]


def test_vtt_words_after_the_times_are_kept_and_settings_are_not() -> None:
    problems = Problems()
    data = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000 align:start line:0\nOne.\n\n00:00:03.000 --> Two words\n"
    segments = parse_transcript(data, "ep.vtt", problems).segments
    assert [s.text for s in segments] == ["One.", "Two words"]
    assert [p.line for p in problems] == [6, 6]


def test_vtt_identifier_after_stray_lines_is_kept_as_text() -> None:
    problems = Problems()
    data = (
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nOne.\n\nstray words\nkept too\n00:00:03.000 --> 00:00:04.000\nTwo.\n"
    )
    segments = parse_transcript(data, "ep.vtt", problems).segments
    assert [s.text for s in segments] == ["One. stray words kept too", "Two."]
    assert [p.line for p in problems] == [6, 7]


def test_utf16_with_odd_bytes_and_nuls_warns() -> None:
    problems = Problems()
    data = "00:00:01 One\x00.\n00:00:02 Two.\n".encode("utf-16") + b"\x00"  # a trailing odd byte
    segments = parse_transcript(data, "ep.txt", problems).segments
    assert [s.text for s in segments] == ["One.", "Two. \ufffd"]
    assert [str(p) for p in problems] == [
        "ep.txt:1: file is UTF-16; read it as such: save the file as UTF-8",
        "ep.txt:3: bytes that are not UTF-16 were replaced with U+FFFD (the file is cut short or damaged): check the text",
        "ep.txt:1: removed 1 NUL characters: the file looks damaged",
    ]


# --- 17. dates, chapter titles, file names, lines of mkdocs.yml, floods of warnings ------------------


def test_year_one_is_refused_and_1900_reads_back_with_feedparser(tmp_path: Path) -> None:
    report = check(tmp_path / "a", {"episodes/042.md": episode("title: Old\ndate: 0001-01-01")})
    assert lines_of(report) == [
        f"error: {EP}:3: date: datetime.date(1, 1, 1) is before 1900: podcast apps cannot show such a date; check the year"
    ]
    root = tmp_path / "b"
    make_site(root, {"episodes/042.md": episode("title: Old\ndate: 1900-01-01\n" + AUDIO)})
    result = run_mkdocs(root)
    assert result.returncode == 0, result.stderr
    feed = feedparser.parse((root / "site" / "feed.xml").read_bytes())
    assert not feed.bozo
    assert tuple(feed.entries[0].published_parsed[:3]) == (1900, 1, 1)


def test_chapter_title_that_is_a_list_is_an_error(tmp_path: Path) -> None:
    front = GOOD + "chapters:\n  - start: 0\n    title: [a, b]\n"
    report = check(tmp_path, {"episodes/042.md": episode(front)})
    assert lines_of(report) == [
        f"error: {EP}:9: chapter title ['a', 'b'] is not text: write the title as one line of text"
    ]


@pytest.mark.parametrize("name", ["042#x.md", "042?x.md", "042%41.md"])
def test_file_names_that_break_addresses_are_errors(tmp_path: Path, name: str) -> None:
    report = check(tmp_path, {f"episodes/{name}": episode(GOOD)})
    assert lines_of(report) == [
        f"error: docs/episodes/{name}: the file name has `{name[3]}`, which breaks the page's address: "
        "rename the file (letters, digits, `-` and `_` are safe)"
    ]


def test_build_names_the_line_of_show_settings(tmp_path: Path) -> None:
    make_site(tmp_path, {"episodes/042.md": episode(GOOD)}, podcast={"description": None, "explicit": "maybe"})
    result = run_mkdocs(tmp_path)
    checked = run_check(tmp_path)
    assert re.search(
        r"WARNING +-  mkdocs.yml:\d+: extra.podcast.explicit: 'maybe' must be true or false", result.stderr
    )
    assert re.search(r"WARNING +-  mkdocs.yml:\d+: extra.podcast.description is empty", result.stderr)
    assert sorted(PROBLEM_LINE.findall(checked.stdout)) == sorted(PROBLEM_LINE.findall(result.stderr))


def test_a_flood_of_backward_times_is_summarised() -> None:
    problems = Problems()
    n = 200_000
    data = "".join(f"00:{(n - i) // 60 % 60:02d}:{(n - i) % 60:02d} w{i}\n" for i in range(n)).encode()
    segments = parse_transcript(data, "ep.txt", problems).segments
    assert len(segments) == n
    messages = [str(p) for p in problems]
    assert len(messages) == 11
    assert messages[10].startswith("ep.txt:12: ... and ")
    assert "more like this, the first here: time " in messages[10]
    left_out = int(messages[10].split("... and ")[1].split(" ")[0].replace(",", ""))
    assert left_out + 10 == sum(1 for a, b in itertools.pairwise(segments) if b.start < a.start)


# --- 15. the checker fails exactly when the build fails, with the same messages ---------------------

PARITY = {
    "image URL with a space": ({"episodes/042.md": episode(GOOD + "image: https://example.org/a b.png")}, {}),
    "control character in guid": ({"episodes/042.md": episode(GOOD + 'guid: "a\\x02b"')}, {}),
    "infinite duration": ({"episodes/042.md": episode(GOOD + "duration: .inf")}, {}),
    "alias bomb": ({"episodes/042.md": episode(BOMB + "title: *i\ndate: 2026-01-01\n")}, {}),
    "feed path out of the site": ({"episodes/042.md": episode(GOOD)}, {"feed": "../feed.xml"}),
    "feed over the home page": ({"episodes/042.md": episode(GOOD)}, {"feed": "index.html"}),
    "file name with #": ({"episodes/042#x.md": episode(GOOD)}, {}),
    "nesting 200,000 deep": ({"episodes/042.md": episode(GOOD + "hosts: " + "[" * 200_000 + "]" * 200_000)}, {}),
    "surrogate in a JSON transcript": (
        {"episodes/042.md": episode(GOOD), "episodes/042.json": json.dumps({"version": "1.0.0", "segments": [{"startTime": 1, "body": "x\ud800"}]})},
        {},
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(PARITY))
def test_checker_and_build_agree(tmp_path: Path, case: str) -> None:
    files, podcast = PARITY[case]
    make_site(tmp_path, files, podcast=podcast)  # type: ignore[arg-type]
    built = run_mkdocs(tmp_path, "--strict")
    checked = run_check(tmp_path, "--strict")
    assert "Traceback" not in built.stderr + checked.stderr, built.stderr + checked.stderr
    assert built.returncode != 0 and checked.returncode != 0
    assert sorted(PROBLEM_LINE.findall(checked.stdout)) == sorted(PROBLEM_LINE.findall(built.stderr))
