"""WebVTT transcripts (captions files from recording tools and YouTube).

The first line must start with `WEBVTT`; the header block (up to the first blank
line) is skipped. When it does not, a warning says so and the cues are read
anyway. `NOTE`, `STYLE` and `REGION` blocks are skipped, cue identifiers are
optional and cue settings are ignored (see `cues` for the lenient rules).

In cue text, `<v Name>` gives the speaker, and so does a `Name: ` prefix as Zoom
writes it (the rule in `common`); the other tags (`<c>`, `<c.class>`,
`<i>`, `<b>`, `<u>`, `<ruby>`, `<rt>`, `<lang xx>` and karaoke times such as
`<00:00:01.000>`) are removed; the entities `&amp;`, `&lt;`, `&gt;`, `&nbsp;`,
`&lrm;`, `&rlm;`, `&quot;`, `&apos;` and numeric `&#..;` are decoded (in voice
names too, so a name written out as `<v Ada &amp; Bo>` reads back as `Ada & Bo`). Anything
else, such as a lone `<` in `x < 2`, stays as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..errors import ContentError, Problems
from ..model import Transcript
from .common import SegmentBuilder, squash
from .cues import TIMING, read_cues

_TAGS = re.compile(r"</?(?:c|i|b|u|ruby|rt|lang)(?:[.\s][^>\n]{0,200})?>|<\d{1,3}:\d{2}(?::\d{2})?[.,]\d{3}>")
_ENTITY = re.compile(r"&(amp|lt|gt|nbsp|lrm|rlm|quot|apos|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});")
_NAMED = {
    "amp": "&",
    "lt": "<",
    "gt": ">",
    "nbsp": "\u00a0",
    "lrm": "\u200e",
    "rlm": "\u200f",
    "quot": '"',
    "apos": "'",
}


def _entity(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in _NAMED:
        return _NAMED[name]
    code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
    try:
        return chr(code) if code else match.group(0)
    except (ValueError, OverflowError):
        return match.group(0)


def strip_tags(text: str) -> str:
    """Remove WebVTT markup tags except voice tags."""
    return _TAGS.sub("", text) if "<" in text else text


def clean_text(text: str) -> str:
    """Decode entities and fold whitespace in a piece of cue text."""
    text = squash(text)
    return _ENTITY.sub(_entity, text) if "&" in text else text


def parse_vtt(text: str, path: str, problems: Problems, known_speakers: Iterable[str] = ()) -> Transcript:
    """Parse a WebVTT file (already decoded, LF line ends)."""
    lines = text.split("\n")
    first = _skip_header(lines, path, problems)
    builder = SegmentBuilder(path, problems, clean_text)
    timings = read_cues(lines, first, builder, path, problems, kind="vtt", strip=strip_tags)
    if not timings:
        raise ContentError(
            path,
            1,
            "no cues found; a WebVTT cue starts with a line 'HH:MM:SS.mmm --> HH:MM:SS.mmm' followed by its text",
        )
    segments = builder.segments(True, known_speakers)  # Zoom writes `Name: text` in the cue
    for seg in segments:  # a voice name is annotation text: `<v Ada &amp; Bo>` is "Ada & Bo"
        if seg.speaker and "&" in seg.speaker:
            seg.speaker = _ENTITY.sub(_entity, seg.speaker)
    return Transcript(path, "vtt", segments)


def _skip_header(lines: list[str], path: str, problems: Problems) -> int:
    """Index of the first line after the header block; warn when the header is wrong."""
    head = lines[0] if lines else ""
    if head.startswith("WEBVTT"):
        index = 1
    else:
        if not head.strip() or TIMING.match(head):
            problems.warn(path, 1, "bad header: a WebVTT file starts with a line 'WEBVTT'; add it")
            return 0
        index = 1
    # The header block runs to the first blank line (or, leniently, the first cue).
    while index < len(lines) and lines[index].strip() and not TIMING.match(lines[index]):
        index += 1
    if not head.startswith("WEBVTT"):
        shown = head if len(head) <= 40 else head[:40] + "..."
        skipped = "line 1 was" if index == 1 else f"lines 1-{index} were"
        problems.warn(
            path,
            1,
            f"bad header: the first line is '{shown}', a WebVTT file starts with 'WEBVTT'; "
            f"{skipped} skipped as the header: replace it with 'WEBVTT'",
        )
    return index
