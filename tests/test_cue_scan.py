"""The cue phrases found by `chaptering.scan.Scanner` are exactly the pattern's own `finditer` matches."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from podsite.chaptering import speech
from podsite.chaptering.scan import Scanner, alternatives

#: Every kind of cue, the "not yet" phrase, and hand-overs that name the hosts.
PATTERNS = {**speech._CUES, "not yet": speech._NOT_YET, "names": speech._pass_scanner("brian|michael").pattern}

#: Places the pattern's leading conditions decide: inside a word, at a line's start, after punctuation.
TEXT = "\n".join(
    [
        "all right, brian, what do you got for us? over to you.",
        "okay so the next one is about subnext and annexed jokes, not the joke yet",
        "fine, over to you michael. i think you've got the next item. tell us about it",
        "this week's episode is brought to you by sentry. visit pythonbytes.fm/sentry slash x",
        "supporting the show: thanks to scout apm for sponsoring. that's all our news items",
        "well let's talk about extras. before we get into the topics, i wanted to talk about it",
        "xlet's nolaugh funny-ish humorous; jokes?jokes! my-site.dev/ab and a.fm / z",
        "you're up, brian. what's next? who's up first. welcome back to python bytes",
        "now, brian, take it away. first item. kick things off. shall we dive",
    ]
)


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_same_matches_as_finditer(name: str) -> None:
    pattern = PATTERNS[name]
    scanner = Scanner(pattern)
    expected = [(m.start(), m.end(), m.group()) for m in pattern.finditer(TEXT)]
    assert expected, f"the test text says no {name} cue"
    assert [(m.start(), m.end(), m.group()) for m in scanner.finditer(TEXT)] == expected


def test_matches_that_would_overlap_follow_finditer() -> None:
    """After a match the next one starts after its end, as `finditer` has it."""
    pattern = re.compile(r"\b(?:this (?:one|next one)\b|next\b|one\b)")
    text = "this next one, next, one; this one"
    expected = [m.span() for m in pattern.finditer(text)]
    assert expected == [(0, 13), (15, 19), (21, 24), (26, 34)]
    assert [m.span() for m in Scanner(pattern).finditer(text)] == expected


def test_alternatives_split_only_outside_groups_and_sets() -> None:
    assert alternatives(r"\ba(?:b|c)|[|]d|e\|f") == [r"\ba(?:b|c)", "[|]d", r"e\|f"]


def test_corpus_transcripts(corpus: Path) -> None:
    """Every corpus transcript, lower-cased as `Speech` reads it: the same matches of every pattern."""
    files = sorted((corpus / "transcripts").glob("*.txt"))[:120]
    assert files
    scanners = {name: Scanner(pattern) for name, pattern in PATTERNS.items()}
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace").lower()
        for name, pattern in PATTERNS.items():
            got = [m.span() for m in scanners[name].finditer(text)]
            assert got == [m.span() for m in pattern.finditer(text)], (path.name, name)


@pytest.mark.parametrize(
    "pattern",
    [
        re.compile(r"(?i)\bnext\b|\bjoke\b"),  # flags in the text hold for every alternative
        re.compile(r"\bnext\b  # a turn (or | not\n | \bjoke", re.VERBOSE),  # a comment is not pattern
    ],
)
def test_flags_and_comments_keep_the_same_matches(pattern: re.Pattern[str]) -> None:
    text = "Next up, the JOKE and the next joke"
    expected = [m.span() for m in pattern.finditer(text)]
    assert expected
    assert [m.span() for m in Scanner(pattern).finditer(text)] == expected


def test_an_address_is_found_from_where_its_name_ends() -> None:
    """An alternative that starts with a run of one set (a web address) is looked for where the
    rest of it matches, every place of the run before it tried: the same matches as `finditer`,
    at the text's start, after a hyphen, with no name before the dot, or one run into another."""
    pattern = re.compile(r"\bsponsor|\b[\w-]+\.(?:com|fm)\s?(?:/|slash )\s?\w|\bnext\b")
    scanner = Scanner(pattern)
    assert scanner.runs  # the address is not searched at every word
    text = "my-site.com/x .com/y next.fm slash z sponsor.com/q a-b-c.fm / d x.com/"
    expected = [m.span() for m in pattern.finditer(text)]
    assert len(expected) == 4  # "sponsor" comes first where both would match
    assert [m.span() for m in scanner.finditer(text)] == expected
