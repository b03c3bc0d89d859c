"""SRT (SubRip) transcripts: numbered cues `HH:MM:SS,mmm --> HH:MM:SS,mmm` plus text.

Index lines are optional (a number right before a timing line is taken as the
index), `.` is accepted for `,` in times, cue text may span several lines
(joined with a space), and the formatting tags `<i>`, `<b>`, `<u>`, `<font ...>`
and `{\\an8}`-style position codes are removed. Speakers come from a `Name: `
prefix (same rule as plain text, see `common`) or a `<v Name>` tag.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..errors import ContentError, Problems
from ..model import Transcript
from .common import SegmentBuilder
from .cues import read_cues

_TAGS = re.compile(r"</?(?:i|b|u|s|font)(?:\s[^>\n]{0,200})?>|\{\\[^}\n]{0,100}\}", re.IGNORECASE)


def strip_tags(text: str) -> str:
    """Remove SRT formatting tags and position codes."""
    return _TAGS.sub("", text) if ("<" in text or "{" in text) else text


def parse_srt(text: str, path: str, problems: Problems, known_speakers: Iterable[str] = ()) -> Transcript:
    """Parse an SRT file (already decoded, LF line ends)."""
    lines = text.split("\n")
    builder = SegmentBuilder(path, problems)
    timings = read_cues(lines, 0, builder, path, problems, kind="srt", strip=strip_tags)
    if not timings:
        raise ContentError(
            path,
            1,
            "no cues found; an SRT cue is a number, a line 'HH:MM:SS,mmm --> HH:MM:SS,mmm' and its text",
        )
    return Transcript(path, "srt", builder.segments(True, known_speakers))
