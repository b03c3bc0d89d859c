"""Bad input: every problem reported as `path:line: message`, nothing lost, never a traceback.

Three levels, each checking what a producer would see:

* `scripts/check.py` on a site with a problem of every kind, against its golden
  output (`tests/golden/bad_input/check.txt`; rewrite with `pytest --update-golden`);
* `podsite.checks.inspect_site` (the loaders the build runs) on small sites, one
  problem each: the exact message, its severity, and that no text was lost;
* real `mkdocs build` runs in a subprocess: warnings leave the page (and fail
  `--strict`), errors end the build with the messages and no traceback, and one
  run reports every problem, the same ones the checker prints.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Mapping
from pathlib import Path

import lxml.html
import pytest
from golden import check_golden
from minisite import ROOT, episode, make_site, run_check, run_mkdocs
from podsite import layout, outputs
from podsite.checks import SiteReport, check_site, inspect_site
from podsite.errors import Severity

GOLDEN = ROOT / "tests" / "golden" / "bad_input"
AUDIO = "audio:\n  url: https://example.org/audio/042.mp3\n  length: 1000\n"
GOOD = f"title: A fine episode\ndate: 2026-01-01\n{AUDIO}"  # lines 2-6: a key added after it is on line 7
UNKNOWN_SIZE = "audio.length: the size of https://example.org/a.mp3 is unknown; podcast apps need it (add `length:` in bytes under `audio:`)"
PROBLEM_LINE = re.compile(r"^(ERROR|WARNING) +-  (\S+?:(?:\d+:)? .*)$", re.M)


def problems_in(report: SiteReport, prefix: str = "") -> list[str]:
    """`error: path:line: message` lines for the problems whose path starts with `prefix`."""
    return [f"{p.severity.value}: {p}" for p in report.sorted_problems() if p.path.startswith(prefix)]


def check_files(
    tmp_path: Path,
    files: Mapping[str, str | bytes],
    podcast: dict[str, object] | None = None,
    site_url: str | None = "https://example.org/show/",
) -> SiteReport:
    make_site(tmp_path, files, podcast=podcast, site_url=site_url)
    return inspect_site(tmp_path)


# --- the checker on a site with a problem of every kind ---------------------------------


def test_checker_output_golden(tmp_path: Path, update_golden: bool) -> None:
    site = tmp_path / "site"
    shutil.copytree(GOLDEN / "site", site)  # checked where the checker may write its cache
    result = run_check(site)
    actual = f"{result.stdout}--- stderr\n{result.stderr}--- exit status {result.returncode}\n"
    golden = GOLDEN / "check.txt"
    check_golden(golden, actual, update_golden, "scripts/check.py's output")


def test_message_names_the_file_and_the_line_of_the_key(tmp_path: Path) -> None:
    shutil.copytree(GOLDEN / "site", tmp_path / "site")
    problems = [str(p) for p in check_site(tmp_path / "site")]
    assert "docs/episodes/042.md:7: date: 'May 26' is not a date (use YYYY-MM-DD)" in problems
    text = (GOLDEN / "site" / "docs" / "episodes" / "042.md").read_text(encoding="utf-8")
    assert text.splitlines()[6] == "date: May 26"


def test_checker_exit_status(tmp_path: Path) -> None:
    assert run_check(ROOT).returncode == 0, "the sample show must check clean"
    make_site(tmp_path, {"episodes/042.md": episode(GOOD + "colour: blue")})
    result = run_check(tmp_path)
    assert result.returncode == 0, result.stdout
    assert "WARNING -  docs/episodes/042.md:7: unknown key `colour`\n" in result.stdout
    assert run_check(tmp_path, "--strict").returncode == 1
    (tmp_path / "docs" / "episodes" / "043.md").write_text(episode("date: 2026-01-02"), encoding="utf-8")
    result = run_check(tmp_path)
    assert result.returncode == 1
    assert "ERROR   -  docs/episodes/043.md:2: `title` is required" in result.stdout
    assert "Traceback" not in result.stderr


def test_checker_lists_derived_chapters_as_info(tmp_path: Path) -> None:
    pytest.importorskip("podsite.chapterize", reason="derived chapters are not in this version")
    source = ROOT / "docs" / "episodes" / "002-testing-the-waters.md"
    text = re.sub(r"chapters:\n(?:  .*\n)+", "", source.read_text(encoding="utf-8"))
    assert "chapters:" not in text
    make_site(
        tmp_path,
        {
            "episodes/002-testing-the-waters.md": text,
            "episodes/002-testing-the-waters.vtt": (source.with_suffix(".vtt")).read_bytes(),
        },
    )
    result = run_check(tmp_path)
    info = [line for line in result.stdout.splitlines() if line.startswith("INFO    -  ")]
    assert len(info) >= 2, result.stdout
    assert all(line.endswith("(derived)") for line in info)
    assert info[0].startswith("INFO    -  docs/episodes/002-testing-the-waters.md: chapter 00:00:00 ")
    assert "Flask" in "\n".join(info)
    assert run_check(tmp_path, "--quiet").stdout.count("INFO") == 0


def test_checker_without_a_site_says_so(tmp_path: Path) -> None:
    result = run_check(tmp_path)
    assert result.returncode == 1
    assert "mkdocs.yml: not found" in result.stdout


# --- front matter ------------------------------------------------------------------------

FRONT_MATTER = [
    ("missing title", f"date: 2026-01-01\n{AUDIO}",
     ["error: docs/episodes/042.md:2: `title` is required (add `title: Episode title` to the front matter)"]),
    ("mistyped title key", f"titel: Hello\ndate: 2026-01-01\n{AUDIO}",
     ["warning: docs/episodes/042.md:2: unknown key `titel` (did you mean `title`?)",
      "error: docs/episodes/042.md:2: `title` is required (add `title: Episode title` to the front matter)"]),
    ("title not text", f"title: 42\ndate: 2026-01-01\n{AUDIO}",
     ['error: docs/episodes/042.md:2: title: 42 is not text (write it in quotes: `title: "42"`)']),
    ("missing date", f"title: Hello\n{AUDIO}",
     ["error: docs/episodes/042.md:2: `date` is required (add `date: YYYY-MM-DD` to the front matter)"]),
    ("date as words", f"title: Hello\ndate: May 26\n{AUDIO}",
     ["error: docs/episodes/042.md:3: date: 'May 26' is not a date (use YYYY-MM-DD)"]),
    ("impossible date", f"title: Hello\ndate: 2026-13-45\n{AUDIO}",
     ["error: docs/episodes/042.md:3: date: '2026-13-45' is not a date (use YYYY-MM-DD)"]),
    ("negative audio length", "title: Hello\ndate: 2026-01-01\naudio:\n  url: https://example.org/a.mp3\n  length: -5\n",
     [f"warning: docs/episodes/042.md: {UNKNOWN_SIZE}",
      "warning: docs/episodes/042.md:6: audio.length: -5 must be the file size in bytes (a whole number)"]),
    ("non-numeric audio length", "title: Hello\ndate: 2026-01-01\naudio:\n  url: https://example.org/a.mp3\n  length: 12 MB\n",
     [f"warning: docs/episodes/042.md: {UNKNOWN_SIZE}",
      "warning: docs/episodes/042.md:6: audio.length: '12 MB' must be the file size in bytes (a whole number)"]),
    ("unknown key, near a known one", GOOD + "gusts: [Bo Chen]\n",
     ["warning: docs/episodes/042.md:7: unknown key `gusts` (did you mean `guests`?)"]),
    ("unknown key, near none", GOOD + "colour: blue\n",
     ["warning: docs/episodes/042.md:7: unknown key `colour`"]),
    ("unknown audio key", "title: Hello\ndate: 2026-01-01\naudio:\n  url: https://example.org/a.mp3\n  length: 10\n  tpye: audio/mpeg\n",
     ["warning: docs/episodes/042.md:7: unknown key `audio.tpye` (did you mean `type`?)"]),
    ("number not a number", GOOD + "number: three\n",
     ["warning: docs/episodes/042.md:7: number: 'three' is not a whole number (use e.g. `number: 12`)"]),
    ("chapters unsorted", GOOD + 'chapters:\n  - "00:05:00 Middle"\n  - "00:01:00 Start"\n',
     ["warning: docs/episodes/042.md:9: chapter 'Start' at 00:01:00 starts before the one above it: sort the chapters by time"]),
    ("chapter after the audio", GOOD + 'duration: "00:10:00"\nchapters:\n  - "00:00:00 Start"\n  - "00:20:00 Later"\n',
     ["warning: docs/episodes/042.md:10: chapter 'Later' starts at 00:20:00, after the end of the audio (00:10:00)"]),
    ("chapter with a bad time", GOOD + 'chapters:\n  - "00:61:00 Start"\n',
     ["warning: docs/episodes/042.md:8: chapter start '00:61:00' is not a time: minutes and seconds go up to 59"]),
    ("transcript not found", GOOD + "transcript: 042-missing.vtt\n",
     ["warning: docs/episodes/042.md:7: transcript: file docs/episodes/042-missing.vtt not found"]),
    ("transcript outside docs", GOOD + "transcript: ../../private/042.txt\n",
     ["warning: docs/episodes/042.md:7: transcript: '../../private/042.txt' leaves docs/ (keep transcripts beside the episode)"]),
    ("episode image not found", GOOD + "image: art/042.png\n",
     ["warning: docs/episodes/042.md:7: image: file 'art/042.png' not found inside docs/"]),
    ("episode image not JPEG or PNG", GOOD + "image: https://example.org/042.gif\n",
     ["warning: docs/episodes/042.md:7: image: 'https://example.org/042.gif' must be a JPEG or PNG file (.jpg, .jpeg or .png)"]),
    ("invalid YAML", GOOD + "hosts: [Ada, Bo\n",
     ["error: docs/episodes/042.md:7: invalid YAML: expected ',' or ']', but got '<stream end>' (check indentation and quoting)"]),
    ("front matter never closed", None,
     ["error: docs/episodes/042.md:1: front matter opened with `---` is never closed (add a `---` line after it)"]),
    ("front matter not a mapping", "- title\n- date\n",
     ["error: docs/episodes/042.md:2: front matter must be a mapping of `key: value` lines"]),
]  # fmt: skip


@pytest.mark.parametrize("front, expected", [c[1:] for c in FRONT_MATTER], ids=[c[0] for c in FRONT_MATTER])
def test_front_matter_problem(tmp_path: Path, front: str | None, expected: list[str]) -> None:
    text = episode(front) if front is not None else f"---\n{GOOD}Notes, and no closing fence.\n"
    report = check_files(tmp_path, {"episodes/042.md": text})
    assert problems_in(report, "docs/") == expected
    assert problems_in(report, "mkdocs.yml") == []
    # warnings leave a page; errors leave none
    has_error = any(line.startswith("error") for line in expected)
    assert report.show is not None
    assert [ep.stem for ep in report.show.episodes] == ([] if has_error else ["042"])


def test_duplicate_numbers_and_guids_across_episodes(tmp_path: Path) -> None:
    files = {
        "episodes/041-one.md": episode(GOOD + "number: 7\nguid: show-7\n"),
        "episodes/042-two.md": episode(GOOD + "number: 7\nguid: show-7\n"),
        "episodes/043-other-season.md": episode(GOOD + "number: 7\nseason: 2\n"),
    }
    report = check_files(tmp_path, files)
    assert problems_in(report, "docs/") == [
        "warning: docs/episodes/042-two.md:7: episode number 7 is also used by docs/episodes/041-one.md: give each episode its own number",
        "error: docs/episodes/042-two.md:8: guid 'show-7' is also used by docs/episodes/041-one.md: podcast apps would merge the two episodes",
    ]


def test_numbers_from_file_names_repeat_too(tmp_path: Path) -> None:
    report = check_files(tmp_path, {"episodes/042-a.md": episode(GOOD), "episodes/042-b.md": episode(GOOD)})
    assert problems_in(report, "docs/") == [
        "warning: docs/episodes/042-b.md: episode number 42 is also used by docs/episodes/042-a.md: give each episode its own number"
    ]


def test_page_addresses_that_differ_only_in_case(tmp_path: Path) -> None:
    folder = tmp_path / "docs" / "episodes"
    folder.mkdir(parents=True)
    (folder / "Intro.md").write_text("x", encoding="utf-8")
    if (folder / "intro.md").exists():
        pytest.skip("this file system ignores case, so the two files cannot exist together")
    (folder / "Intro.md").unlink()
    report = check_files(tmp_path, {"episodes/Intro.md": episode(GOOD), "episodes/intro.md": episode(GOOD)})
    assert problems_in(report, "docs/") == [
        "warning: docs/episodes/intro.md: page address episodes/intro/ differs from that of docs/episodes/Intro.md only in case: rename one of the files"
    ]


# --- show settings -------------------------------------------------------------------------


def config_line(root: Path, number: int) -> str:
    return (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()[number - 1].strip()


def test_missing_site_url_and_title_are_errors(tmp_path: Path) -> None:
    report = check_files(tmp_path, {}, podcast={"title": None}, site_url=None)
    found = problems_in(report, "mkdocs.yml")
    assert (
        "error: mkdocs.yml: site_url is required (the public address of the site, e.g. https://example.org/show/)"
        in found
    )
    title = [p for p in report.problems if "extra.podcast.title is required" in p.message]
    assert len(title) == 1 and title[0].severity is Severity.ERROR
    assert config_line(tmp_path, title[0].line or 0) == "podcast:"


def test_site_url_must_be_absolute(tmp_path: Path) -> None:
    report = check_files(tmp_path, {}, site_url="example.org/show/")
    (problem,) = [p for p in report.problems if p.message.startswith("site_url")]
    assert problem.severity is Severity.ERROR
    assert (
        problem.message
        == "site_url: 'example.org/show/' must be an absolute address starting with https:// (e.g. https://example.org/show/)"
    )
    assert config_line(tmp_path, problem.line or 0).startswith("site_url:")


@pytest.mark.parametrize(
    "settings, message, key",
    [
        (
            {"language": "English"},
            "extra.podcast.language: 'English' is not a language code (use e.g. en or en-US)",
            "language:",
        ),
        (
            {"language": "en_US"},
            "extra.podcast.language: 'en_US' is not a language code (use e.g. en or en-US)",
            "language:",
        ),
        ({"explict": True}, "extra.podcast: unknown key `explict` (did you mean `explicit`?)", "explict:"),
        ({"type": "daily"}, "extra.podcast.type: 'daily' must be episodic or serial", "type:"),
    ],
)
def test_show_setting_warning_names_its_line(
    tmp_path: Path, settings: dict[str, object], message: str, key: str
) -> None:
    report = check_files(tmp_path, {}, podcast=settings)
    (problem,) = [p for p in report.problems if p.path == "mkdocs.yml"]
    assert problem.severity is Severity.WARNING
    assert problem.message == message
    assert config_line(tmp_path, problem.line or 0).startswith(key)


def test_cover_art_of_the_wrong_type_is_an_error(tmp_path: Path) -> None:
    report = check_files(tmp_path, {"assets/cover.gif": b"GIF89a"}, podcast={"image": "assets/cover.gif"})
    found = problems_in(report)
    assert any(line.startswith("error: mkdocs.yml") and "must be a .jpg or .png" in line for line in found), found


def test_cover_art_too_small_is_an_error(tmp_path: Path) -> None:
    image = pytest.importorskip("PIL.Image")
    make_site(tmp_path, {})
    image.new("RGB", (300, 200), "white").save(tmp_path / "docs" / "assets" / "cover.png")
    found = [p for p in inspect_site(tmp_path).problems if p.path == "docs/assets/cover.png"]
    assert found and all(p.severity is Severity.ERROR for p in found)
    assert "300" in found[0].message and "1400" in found[0].message


# --- transcripts -------------------------------------------------------------------------

TXT = "docs/episodes/042.txt"
VTT = "docs/episodes/042.vtt"
SRT = "docs/episodes/042.srt"
JSON = "docs/episodes/042.json"
WIDE = " ".join(f"word{i}" for i in range(300))  # a 2,000+ character line

TRANSCRIPTS = [
    ("empty", ".txt", b"", [f"error: {TXT}:1: transcript file is empty; add the transcript text"], None),
    ("only blank lines", ".vtt", b"\n \n\t\n", [f"error: {VTT}:1: transcript file is empty; add the transcript text"], None),
    ("no timestamp", ".txt", b"Hello there.\nNo times at all.\n",
     [f"warning: {TXT}:1: text before the first timestamp was placed at 00:00:00; start the line with its time (HH:MM:SS)",
      f"error: {TXT}:1: no timestamps found; lines must start with HH:MM:SS or MM:SS"], None),
    ("malformed times", ".txt", b"00:00:01 One.\n1:2:3 Two.\n00:61:00 Three.\n99:99 Four.\n00:00:05 Five.\n",
     [f"warning: {TXT}:{n}: '{t}' is not a valid time; write HH:MM:SS or MM:SS with minutes and seconds from 00 to 59 (the line's text was added to the line above)"
      for n, t in ((2, "1:2:3"), (3, "00:61:00"), (4, "99:99"))],
     ["One. Two. Three. Four.", "Five."]),
    ("times going backwards", ".txt", b"00:00:10 Ten.\n00:00:05 Five.\n00:00:20 Twenty.\n",
     [f"warning: {TXT}:2: time 00:00:05 goes back before 00:00:10 (line 1); kept in file order: check the time"],
     ["Ten.", "Five.", "Twenty."]),
    ("times past the duration", ".txt", b"00:00:01 In.\n00:11:00 Out.\n00:12:00 Out too.\n",
     [f"warning: {TXT}:2: line at 00:11:00 is after the end of the audio (00:10:00) (and 1 more line after it): check the time or the episode's duration"],
     ["In.", "Out.", "Out too."]),
    ("lines without a timestamp", ".txt", b"Before any time.\n00:00:01 Timed.\nUntimed after it.\n",
     [f"warning: {TXT}:1: text before the first timestamp was placed at 00:00:00; start the line with its time (HH:MM:SS)"],
     ["Before any time.", "Timed. Untimed after it."]),
    ("byte order mark and CRLF", ".txt", b"\xef\xbb\xbf00:00:01 One.\r\n00:00:02 Two.\r\n",
     [f"warning: {TXT}:1: removed the byte order mark at the start of the file (save it as UTF-8 without BOM)",
      f"warning: {TXT}:1: Windows line ends (CRLF) were read as plain line ends (LF)"], ["One.", "Two."]),
    ("lone CR", ".txt", b"00:00:01 One.\r00:00:02 Two.\r",
     [f"warning: {TXT}:1: a carriage return (CR) without a line feed was read as a line end: check the text around it"],
     ["One.", "Two."]),
    ("Latin-1", ".txt", "00:00:01 Un café.\n00:00:02 À bientôt.\n".encode("latin-1"),
     [f"warning: {TXT}:1: file is not UTF-8 (first bad byte on line 1); read it as cp1252: check accented letters and save the file as UTF-8"],
     ["Un café.", "À bientôt."]),
    ("NUL bytes", ".txt", b"00:00:01 O\x00ne.\n00:00:02 Two.\x00\n",
     [f"warning: {TXT}:1: removed NUL bytes on lines 1, 2; the file looks damaged or saved as UTF-16: save it as UTF-8"],
     ["One.", "Two."]),
    ("2,000-character line", ".txt", f"00:00:01 {WIDE}\n00:00:02 Short.\n".encode(), [], [WIDE, "Short."]),
    ("WebVTT bad header", ".vtt", b"Captions by Tool\n\n00:00:01.000 --> 00:00:02.000\nHello.\n",
     [f"warning: {VTT}:1: bad header: the first line is 'Captions by Tool', a WebVTT file starts with 'WEBVTT'; line 1 was skipped as the header: replace it with 'WEBVTT'"],
     ["Hello."]),
    ("WebVTT end before start", ".vtt", b"WEBVTT\n\n00:00:05.000 --> 00:00:03.000\nBackwards cue.\n",
     [f"warning: {VTT}:3: cue ends (00:00:03.000) before it starts (00:00:05.000); the end was dropped: fix the end time"],
     ["Backwards cue."]),
    ("WebVTT cue settings, NOTE and STYLE", ".vtt",
     b"WEBVTT\n\nNOTE exported by a tool\nover two lines\n\nSTYLE\n::cue { color: red }\n\n"
     b"intro\n00:00:01.000 --> 00:00:02.000 align:start position:10% line:0\n<v Ada>Hello <i>there</i>.\n",
     [], ["Hello there."]),
    ("a speaker who is neither host nor guest", ".txt",
     b"00:00:01 <v Ada>Hi.\n00:00:02 <v Bob>Hello.\n00:00:03 <v bob>Again.\n",
     [f"warning: {TXT}:2: speaker 'Bob' is not among the episode's hosts or guests: add them to `guests:` or fix the name"],
     ["Hi.", "Hello.", "Again."]),
    ("SRT without indices", ".srt",
     b"00:00:01,000 --> 00:00:02,000\nOne.\n\n00:00:03,000 --> 00:00:04,000\nTwo.\n", [], ["One.", "Two."]),
    ("JSON that is not a transcript", ".json", b'{"version": "1.0.0", "lines": []}',
     [f'error: {JSON}:1: segments is missing; add "segments": [...]'], None),
    ("JSON with a text start time", ".json", b'{"version": "1.0.0", "segments": [\n  {"startTime": "0:01", "body": "x"}\n]}',
     [f'error: {JSON}:2: segments[0].startTime must be a number of seconds, not "0:01"'], None),
    ("JSON that is not JSON", ".json", b'{"version": "1.0.0",\n "segments": [}',
     [f"error: {JSON}:2:15: not valid JSON: Expecting value"], None),
]  # fmt: skip


@pytest.mark.parametrize("ext, data, expected, texts", [c[1:] for c in TRANSCRIPTS], ids=[c[0] for c in TRANSCRIPTS])
def test_transcript_problem(
    tmp_path: Path, ext: str, data: bytes, expected: list[str], texts: list[str] | None
) -> None:
    front = GOOD + 'duration: "00:10:00"\nhosts: [Ada]\n'
    report = check_files(tmp_path, {"episodes/042.md": episode(front), f"episodes/042{ext}": data})
    assert problems_in(report, "docs/") == expected
    assert report.show is not None
    if texts is None:  # unusable: the episode is left out and the build ends
        assert report.show.episodes == []
        return
    (ep,) = report.show.episodes
    assert ep.transcript is not None
    assert [seg.text for seg in ep.transcript.segments] == texts, "text was lost or changed"


def test_20_mb_transcript_keeps_every_line(tmp_path: Path) -> None:
    """A huge transcript is read whole, onto the page and into every download (how long it
    takes is a benchmark's business: this machine is shared, a time limit here would be noise)."""
    lines = 100_000
    words = " ".join(f"w{j}" for j in range(30))
    body = "".join(
        f"{i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d} Line {i} {words} {'x' * 60} end{i}.\n" for i in range(lines)
    ).encode()
    assert len(body) > 20_000_000
    front = GOOD + 'duration: "30:00:00"\n'
    make_site(tmp_path, {"episodes/042.md": episode(front), "episodes/042.txt": body})
    report = inspect_site(tmp_path)
    (ep,) = report.show.episodes if report.show else []
    sections = layout.build_sections(ep)
    files = outputs.episode_files(ep)
    assert not list(report.problems)
    assert ep.transcript is not None and len(ep.transcript.segments) == lines
    on_page = [line for s in sections for p in s.paragraphs for line in p.lines]
    assert len(on_page) == lines
    assert on_page[-1].runs[0].text.endswith(f"end{lines - 1}.")
    json_text, vtt_text = files["transcript.json"], files["transcript.vtt"]
    assert isinstance(json_text, str) and isinstance(vtt_text, str)  # the texts themselves: no cache folder given
    assert json_text.count('"startTime"') == lines
    assert vtt_text.count(" --> ") == 3 * lines  # each 180-character line: three caption cues


# --- real builds -------------------------------------------------------------------------

WARNING_SITE = {
    # every problem here leaves a usable page
    "episodes/041-unknown-key.md": episode(GOOD.replace("A fine", "An odd") + "number: 41\ngests: [Bo Chen]\n"),
    "episodes/042-times.md": episode(
        GOOD + 'number: 42\nduration: "00:01:00"\nchapters:\n  - "00:00:00 Start"\n  - "00:05:00 Too late"\n'
    ),
    "episodes/042-times.txt": "00:00:01 First line.\n1:2:3 Said at a bad time.\n00:00:30 Half a minute.\n00:00:20 Going back.\n",
    "episodes/043-captions.md": episode(GOOD + "number: 43\n"),
    "episodes/043-captions.vtt": "WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nEnds before it starts.\n\nNOTE a comment\n\n00:00:06.000 --> 00:00:07.000 align:start\nLast cue.\n",
}
WARNINGS = [
    "docs/episodes/041-unknown-key.md:8: unknown key `gests` (did you mean `guests`?)",
    "docs/episodes/042-times.md:11: chapter 'Too late' starts at 00:05:00, after the end of the audio (00:01:00)",
    "docs/episodes/042-times.txt:2: '1:2:3' is not a valid time; write HH:MM:SS or MM:SS with minutes and seconds from 00 to 59 (the line's text was added to the line above)",
    "docs/episodes/042-times.txt:4: time 00:00:20 goes back before 00:00:30 (line 3); kept in file order: check the time",
    "docs/episodes/043-captions.vtt:3: cue ends (00:00:01.000) before it starts (00:00:05.000); the end was dropped: fix the end time",
]


@pytest.fixture(scope="module")
def warning_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("warnings")
    make_site(root, WARNING_SITE)
    return root


def test_warnings_leave_the_pages_and_lose_nothing(warning_site: Path) -> None:
    result = run_mkdocs(warning_site)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    for message in WARNINGS:
        assert f"WARNING -  {message}\n" in result.stderr
    page = lxml.html.fromstring((warning_site / "site" / "episodes" / "042-times" / "index.html").read_bytes())
    text = " ".join(page.cssselect(".podsite-transcript")[0].text_content().split())
    for words in ("First line. Said at a bad time.", "Half a minute.", "Going back."):
        assert words in text
    chapters = [" ".join(h.text_content().split()) for h in page.cssselect(".podsite-transcript h2.podsite-chapter")]
    assert chapters == ["Start", "Too late"]
    captions = (warning_site / "site" / "episodes" / "043-captions" / "index.html").read_text(encoding="utf-8")
    assert "Ends before it starts." in captions and "Last cue." in captions
    assert (warning_site / "site" / "episodes" / "041-unknown-key" / "index.html").is_file()


def test_warnings_fail_a_strict_build(warning_site: Path) -> None:
    result = run_mkdocs(warning_site, "--strict", "--site-dir", "strict-site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for message in WARNINGS:
        assert f"WARNING -  {message}\n" in result.stderr


def test_checker_reports_what_the_build_reports(warning_site: Path) -> None:
    built = run_mkdocs(warning_site, "--site-dir", "again")
    checked = run_check(warning_site)
    assert checked.returncode == 0
    assert sorted(PROBLEM_LINE.findall(checked.stdout)) == sorted(PROBLEM_LINE.findall(built.stderr))
    assert run_check(warning_site, "--strict").returncode == 1


BROKEN_SITE: dict[str, str | bytes] = {
    "episodes/040-fine.md": episode(GOOD + "number: 40\n"),
    "episodes/041-no-title.md": "",
    "episodes/042.md": episode(
        "title: A date nobody reads\nnumber: 42\nhosts: [Ada]\naudio:\n  url: https://example.org/a.mp3\ndate: May 26"
    ),
    "episodes/043-unclosed.md": "---\ntitle: Unclosed\ndate: 2026-01-01\n\nNotes.\n",
    "episodes/044-latin1.md": "---\ntitle: Café\ndate: 2026-01-01\n---\nNotes.\n".encode("latin-1"),
    "episodes/045-json.md": episode(GOOD + "number: 45\n"),
    "episodes/045-json.json": '{"version": "1.0.0", "segments": [{"start": 1, "body": "x"}]}',
    "episodes/046-empty.md": episode(GOOD + "number: 46\n"),
    "episodes/046-empty.srt": "",
    "episodes/047-late.md": episode(GOOD + "number: 47\ngests: [Bo]\n"),
    "assets/cover.gif": b"GIF89a",
}
ERRORS = [
    "docs/episodes/041-no-title.md:1: `title` is required (add `title: Episode title` to the front matter)",
    "docs/episodes/042.md:7: date: 'May 26' is not a date (use YYYY-MM-DD)",
    "docs/episodes/043-unclosed.md:1: front matter opened with `---` is never closed (add a `---` line after it)",
    "docs/episodes/044-latin1.md:2: file is not UTF-8 (first bad byte on line 2): save it as UTF-8 (MkDocs reads pages as UTF-8 only)",
    "docs/episodes/045-json.json:1: segments[0].startTime is missing",
    "docs/episodes/046-empty.srt:1: transcript file is empty; add the transcript text",
]


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("broken")
    make_site(root, BROKEN_SITE, podcast={"image": "assets/cover.gif"})
    return root


def test_errors_end_the_build_with_every_message_and_no_traceback(broken_site: Path) -> None:
    result = run_mkdocs(broken_site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    for message in ERRORS:
        assert f"ERROR   -  {message}\n" in result.stderr, message
    # problems found by the other hooks (here the feed's cover check) and warnings
    # are reported in the same run
    assert re.search(
        r"ERROR +-  mkdocs.yml(:\d+)?: extra.podcast.image: 'assets/cover.gif' must be a .jpg or .png", result.stderr
    )
    assert "WARNING -  docs/episodes/047-late.md:8: unknown key `gests` (did you mean `guests`?)\n" in result.stderr
    assert not (broken_site / "site" / "episodes" / "040-fine" / "index.html").exists(), (
        "a build with errors must not finish"
    )


def test_checker_reports_the_same_errors(broken_site: Path) -> None:
    built = run_mkdocs(broken_site, "--site-dir", "again")
    checked = run_check(broken_site)
    assert checked.returncode == 1
    assert "Traceback" not in checked.stderr
    assert sorted(PROBLEM_LINE.findall(checked.stdout)) == sorted(PROBLEM_LINE.findall(built.stderr))
    for message in ERRORS:
        assert f"ERROR   -  {message}\n" in checked.stdout


REGISTRY_SITE = {
    "episodes/040-fine.md": episode(GOOD + "number: 40\nhosts: [Ada Brook]\n"),
    "episodes/040-fine.txt": "00:00:01 Ada Brook: We tried DuckDB this week.\n",
    "people.yml": "- name: Ada Brook\n  boi: Ada hosts the show.\n",
    "mentions.yml": "- name: DuckDB\n  url: https://duckdb.org/\n  aliasses: [duck DB]\n",
}
REGISTRY_WARNINGS = [
    "docs/people.yml:2: unknown key `boi` (did you mean `bio`?)",
    "docs/mentions.yml:3: unknown key `aliasses` (did you mean `aliases`?)",
]


def test_checker_reads_both_registries_as_the_build_does(tmp_path: Path) -> None:
    """The people registry is part of the one loaded show: the checker reports its
    problems too, the same lines the build logs."""
    make_site(tmp_path, REGISTRY_SITE)
    built = run_mkdocs(tmp_path)
    checked = run_check(tmp_path)
    assert built.returncode == 0 and checked.returncode == 0, built.stderr + checked.stderr
    for message in REGISTRY_WARNINGS:
        assert f"WARNING -  {message}\n" in built.stderr
        assert f"WARNING -  {message}\n" in checked.stdout
    assert sorted(PROBLEM_LINE.findall(checked.stdout)) == sorted(PROBLEM_LINE.findall(built.stderr))
