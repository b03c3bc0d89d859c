"""Property tests: any input gives a model or a `ContentError`, and no word goes missing.

Hypothesis writes inputs no one thought of, for every transcript reader and the
front matter loader. Two properties:

* only `ContentError` (an unusable file) or warnings come out, never another exception;
* every word of the input is in the model's text or speakers, or a warning names
  its line (for the line formats, whose words are easy to tell from their markup).

Runs are derandomized (the same examples each run, no example database written)
and bounded by `max_examples`, so the whole file takes some tens of seconds.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import feedparser
import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from podsite.episodes import KNOWN_KEYS, load_episode
from podsite.errors import ContentError, Problems
from podsite.feed import build_feed
from podsite.model import Show, Transcript
from podsite.transcripts import FORMATS, TRANSCRIPT_EXTENSIONS, parse_transcript

BOUNDED = settings(
    max_examples=60,
    deadline=dt.timedelta(seconds=5),  # one small input never takes seconds: a hang is a failure
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# --- building blocks ---------------------------------------------------------------------------

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
NOISE = st.sampled_from(["", " ", "\t", "  ", "<", ">", "&", "&amp;", "&#xD800;", "&#0;", "\x00", "\x01", "\r", "\ufeff", "é", "\ud800", ":", "-->", "[", "]", "{", "}", '"', "\\"])  # fmt: skip
CLOCK = st.builds(
    lambda h, m, s, ms, sep: f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}",
    st.integers(0, 120),
    st.integers(0, 70),
    st.integers(0, 70),
    st.integers(0, 999),
    st.sampled_from([".", ","]),
)
ODD_TIME = st.sampled_from(["1:2:3", "99:99", "00:61:00", "9" * 40, "nan", "1e400", "", "00:00", "-1:00:00"])


def words_line(words: list[str]) -> str:
    return " ".join(words)


def lost_words(source_lines: dict[int, list[str]], transcript: Transcript, problems: Problems) -> list[str]:
    """Words of the input (by line) found neither in the model nor on a line a warning names."""
    said = {w for seg in transcript.segments for w in re.findall(r"[a-z]+", f"{seg.text} {seg.speaker or ''}")}
    warned = {p.line for p in problems}
    return [w for line, words in source_lines.items() if line not in warned for w in words if w not in said]


# --- 1. nothing but ContentError, for every reader ------------------------------------------------

ANY_TEXT = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.lists(st.one_of(WORD, NOISE, CLOCK, ODD_TIME, st.just("\n"), st.just("WEBVTT\n")), max_size=60).map(
        lambda parts: " ".join(parts).encode("utf-8", "surrogatepass")
    ),
)


@pytest.mark.parametrize("fmt", [*FORMATS, None])
@BOUNDED
@given(data=ANY_TEXT)
def test_readers_raise_only_content_errors(fmt: str | None, data: bytes) -> None:
    problems = Problems()
    try:
        transcript = parse_transcript(data, "ep.txt", problems, fmt=fmt)
    except ContentError:
        return
    for seg in transcript.segments:  # what every output will write: encodable text, finite times
        (seg.text + (seg.speaker or "")).encode("utf-8")
        assert 0 <= seg.start < float("inf")


@pytest.mark.parametrize("ext", TRANSCRIPT_EXTENSIONS)
@BOUNDED
@given(data=ANY_TEXT)
def test_every_extension_raises_only_content_errors(ext: str, data: bytes) -> None:
    try:
        parse_transcript(data, f"ep{ext}", Problems())
    except ContentError:
        pass


# --- 2. no word lost, for the line formats -----------------------------------------------------------

LINE: st.SearchStrategy[tuple[str, str, list[str]]] = st.one_of(
    st.tuples(st.just("stamp"), CLOCK, st.lists(WORD, max_size=5)),
    st.tuples(st.just("odd"), ODD_TIME, st.lists(WORD, max_size=5)),
    st.tuples(st.just("text"), st.just(""), st.lists(WORD, min_size=1, max_size=5)),
    st.tuples(st.just("blank"), st.just(""), st.just([])),
)


@BOUNDED
@given(lines=st.lists(LINE, min_size=1, max_size=25), crlf=st.booleans())
def test_plain_text_keeps_every_word(lines: list[tuple[str, str, list[str]]], crlf: bool) -> None:
    out: list[str] = []
    source: dict[int, list[str]] = {}
    for number, (kind, time, words) in enumerate(lines, 1):
        text = words_line(words)
        out.append({"stamp": f"{time[:8]} {text}", "odd": f"{time} {text}", "text": text, "blank": ""}[kind])
        source[number] = words
    data = ("\r\n" if crlf else "\n").join(out).encode()
    problems = Problems()
    try:
        transcript = parse_transcript(data, "ep.txt", problems, fmt="txt")
    except ContentError:
        return
    assert lost_words(source, transcript, problems) == []


CUE = st.tuples(
    st.sampled_from(["", "7"]),  # an identifier line or none
    CLOCK,
    st.one_of(CLOCK, ODD_TIME, WORD),
    st.lists(WORD, max_size=3),  # words after the times on the timing line
    st.lists(st.lists(WORD, min_size=1, max_size=4), max_size=3),  # text lines
    st.booleans(),  # a blank line after the cue
)


@pytest.mark.parametrize("fmt", ["vtt", "srt"])
@BOUNDED
@given(cues=st.lists(CUE, min_size=1, max_size=12), lead=st.lists(WORD, max_size=3))
def test_captions_keep_every_word(
    fmt: str, cues: list[tuple[str, str, str, list[str], list[list[str]], bool]], lead: list[str]
) -> None:
    out: list[str] = ["WEBVTT", ""] if fmt == "vtt" else []
    source: dict[int, list[str]] = {}
    if lead:  # stray text before the first cue
        source[len(out) + 1] = lead
        out += [words_line(lead), ""]
    for ident, start, end, on_timing, text_lines, blank in cues:
        if ident:
            out.append(ident)
        arrow = f"{start} --> {end} {words_line(on_timing)}".rstrip()
        if fmt == "vtt":
            arrow = arrow.replace(",", ".")
        out.append(arrow)
        source[len(out)] = on_timing + ([end] if re.fullmatch("[a-z]+", end) else [])
        for words in text_lines:
            out.append(words_line(words))
            source[len(out)] = words
        if blank:
            out.append("")
    problems = Problems()
    try:
        transcript = parse_transcript("\n".join(out).encode(), f"ep.{fmt}", problems)
    except ContentError:
        return
    assert lost_words(source, transcript, problems) == []


@BOUNDED
@given(
    segments=st.lists(
        st.fixed_dictionaries(
            {
                "startTime": st.one_of(
                    st.floats(allow_nan=True, allow_infinity=True), st.integers(), st.text(max_size=5)
                ),
                "body": st.one_of(st.lists(WORD, max_size=5).map(words_line), st.text(max_size=20)),
            },
            optional={"speaker": st.one_of(st.none(), WORD, st.text(max_size=5)), "endTime": st.floats()},
        ),
        max_size=10,
    )
)
def test_json_keeps_every_word(segments: list[dict[str, object]]) -> None:
    text = json.dumps({"version": "1.0.0", "segments": segments}, indent=1, ensure_ascii=True)
    problems = Problems()
    try:
        transcript = parse_transcript(text.encode(), "ep.json", problems)
    except ContentError:
        return
    said = " ".join(f"{s.text} {s.speaker or ''}" for s in transcript.segments)
    for item in segments:
        for word in re.findall(r"[a-z]+", str(item["body"])):
            assert word in said


# --- 3. the front matter loader --------------------------------------------------------------------

SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.dates(min_value=dt.date(1, 1, 1)),
)
VALUE = st.recursive(
    SCALAR,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(["start", "title", "url", "length", "type", "a"]), inner, max_size=4),
    ),
    max_leaves=12,
)


@BOUNDED
@given(meta=st.dictionaries(st.sampled_from(sorted(KNOWN_KEYS | {"other"})), VALUE, max_size=8))
def test_front_matter_gives_an_episode_or_a_content_error(
    tmp_path_factory: pytest.TempPathFactory, meta: dict[str, object]
) -> None:
    docs = _docs(tmp_path_factory)
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=False) + "---\nNotes.\n"
    try:
        episode = load_episode("episodes/042.md", text, docs, Problems(), TRANSCRIPT_EXTENSIONS)
    except ContentError:
        return
    for chapter in episode.chapters:
        assert isinstance(chapter.title, str) and 0 <= chapter.start < float("inf")
    assert episode.duration is None or 0 <= episode.duration < float("inf")


@BOUNDED
@given(
    front=st.lists(
        st.one_of(
            st.text(max_size=30),
            st.sampled_from(
                [
                    "&a [1, 2]",
                    "*a",
                    "[[[[",
                    "{a: ",
                    "!!python/name:os.system",
                    "- ",
                    ": ",
                    "\\ud800",
                    "title: x",
                    "date: 2026-01-01",
                ]
            ),
        ),
        max_size=12,
    )
)
def test_any_front_matter_text_gives_an_episode_or_a_content_error(
    tmp_path_factory: pytest.TempPathFactory, front: list[str]
) -> None:
    docs = _docs(tmp_path_factory)
    text = "---\n" + "\n".join(front) + "\n---\nNotes.\n"
    try:
        load_episode("episodes/042.md", text, docs, Problems(), TRANSCRIPT_EXTENSIONS)
    except ContentError:
        pass


_DOCS: list[Path] = []


def _docs(factory: pytest.TempPathFactory) -> Path:
    """One docs/ folder with an episodes/ folder for every example (nothing is written into it)."""
    if not _DOCS:
        docs = factory.mktemp("props") / "docs"
        (docs / "episodes").mkdir(parents=True)
        _DOCS.append(docs)
    return _DOCS[0]


# --- 4. content the loaders accept, the feed writer accepts ------------------------------------------

PLAIN_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), max_size=12)
HOSTILE_TEXT = st.one_of(
    PLAIN_TEXT,
    PLAIN_TEXT,
    PLAIN_TEXT,
    st.text(
        alphabet=st.one_of(
            st.characters(codec="utf-8"),
            st.sampled_from(["\x00", "\x01", "\x1b", "\x7f", "\ufffe", "\ud800", " ", "\n", "\t", "<", "&"]),
        ),
        max_size=12,
    ),
)


@BOUNDED
@given(
    title=HOSTILE_TEXT.map(lambda t: "T" + t),
    guid=st.one_of(HOSTILE_TEXT, st.integers()),
    url=st.one_of(HOSTILE_TEXT.map(lambda t: "https://example.org/" + t), HOSTILE_TEXT),
    media_type=st.one_of(HOSTILE_TEXT, st.just("audio/mpeg")),
    image=HOSTILE_TEXT.map(lambda t: "https://example.org/" + t + ".png"),
    hosts=st.lists(HOSTILE_TEXT, max_size=3),
    chapter=st.tuples(st.one_of(st.floats(), st.integers(), HOSTILE_TEXT), HOSTILE_TEXT),
    date=st.one_of(
        st.dates(min_value=dt.date(1900, 1, 1)), st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(1900, 1, 1))
    ),
)
def test_what_the_loader_accepts_the_feed_can_carry(
    tmp_path_factory: pytest.TempPathFactory,
    title: str,
    guid: str | int,
    url: str,
    media_type: str,
    image: str,
    hosts: list[str],
    chapter: tuple[object, str],
    date: dt.date,
) -> None:
    """The checker says fine exactly when the feed writer can write the episode (no error at build time only)."""
    meta = {
        "title": title,
        "date": date,
        "guid": guid,
        "audio": {"url": url, "type": media_type, "length": 1000},
        "image": image,
        "hosts": hosts,
        "chapters": [{"start": chapter[0], "title": chapter[1]}],
    }
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=False) + "---\nNotes.\n"
    problems = Problems()
    try:
        episode = load_episode("episodes/042.md", text, _docs(tmp_path_factory), problems, TRANSCRIPT_EXTENSIONS)
    except ContentError:
        event("refused")
        return
    if problems.errors:
        event("errors")
        return
    event("written" if episode.audio else "no audio")
    show = Show(title="Show", site_url="https://example.org/show/")
    data = build_feed(show, [episode])  # neither FeedValueError nor an lxml ValueError
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.bozo_exception
