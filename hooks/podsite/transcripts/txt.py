"""Plain-text transcripts: one timestamped line per segment.

A segment starts with a line that begins with a time: `HH:MM:SS text`,
`MM:SS text`, `[HH:MM:SS] text` or `(MM:SS) text` (a fraction such as
`00:01:02.500` is accepted). Blank lines are ignored. A line without a time
continues the segment above (so a time alone on its line, with the words on the
next lines, works too). Speakers come from `<v Name>` voice tags or a `Name: `
prefix (see `common` for the rule).

Nothing is dropped quietly: text before the first time becomes a segment at
00:00:00 with a warning; a line starting with a time that is not valid
(`1:2:3`, `00:61:00`, `99:99`) gets a warning and its text continues the segment
above; times that go backwards get a warning and stay in file order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..errors import ContentError, Problems
from ..model import Transcript
from ..timecode import TimeError, parse_time
from .common import SegmentBuilder

# Something that looks like a time at the start of a line: H:M:S with any digit
# counts, or M:SS. Validity is decided by `parse_time`, so bad times get a warning.
_TIME = r"\d{1,3}:\d{1,3}:\d{1,3}(?:[.,]\d+)?|\d{1,3}:\d{2,3}(?:[.,]\d+)?"
_STAMP = re.compile(
    rf"[ \t]*(?:\[[ \t]*(?P<b>{_TIME})[ \t]*\]|\([ \t]*(?P<p>{_TIME})[ \t]*\)|(?P<n>{_TIME})(?=[ \t]|$))"
)


def parse_txt(text: str, path: str, problems: Problems, known_speakers: Iterable[str] = ()) -> Transcript:
    """Parse a plain-text transcript (already decoded, LF line ends)."""
    builder = SegmentBuilder(path, problems)
    stamped = 0
    for lineno, raw in enumerate(text.split("\n"), 1):
        if not raw.strip():
            continue
        match = _STAMP.match(raw)
        if match:
            token = match.group("b") or match.group("p") or match.group("n")
            rest = raw[match.end() :]
            try:
                start = parse_time(token)
            except TimeError:
                where = "added to the line above" if not builder.empty else "kept"
                problems.warn(
                    path,
                    lineno,
                    f"'{token}' is not a valid time; write HH:MM:SS or MM:SS with minutes "
                    f"and seconds from 00 to 59 (the line's text was {where})",
                )
                _continue(builder, path, problems, lineno, rest)
                continue
            builder.begin(start, None, lineno, rest)
            stamped += 1
        else:
            _continue(builder, path, problems, lineno, raw)
    if not stamped:
        raise ContentError(path, 1, "no timestamps found; lines must start with HH:MM:SS or MM:SS")
    return Transcript(path, "txt", builder.segments(True, known_speakers))


def _continue(builder: SegmentBuilder, path: str, problems: Problems, lineno: int, text: str) -> None:
    """Add an untimed line to the segment above, or open one at 0 for leading text."""
    if builder.empty:
        problems.warn(
            path,
            lineno,
            "text before the first timestamp was placed at 00:00:00; start the line with its time (HH:MM:SS)",
        )
        builder.begin(0.0, None, lineno, text)
    else:
        builder.add(lineno, text)
