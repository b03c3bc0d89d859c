"""Speaker-turn text exports: Otter.ai and Riverside `.txt` files.

Both tools write one block per speaker turn: a header line naming the speaker
and the time the turn starts, then what was said, up to the next header:

* Otter.ai: `Name  m:ss` (the name, two or more spaces, the time; `h:mm:ss`
  after an hour), the paragraph on the lines below.
* Riverside: `Name (hh:mm:ss)` (also `(mm:ss)`), the paragraph on the lines below
  (or, leniently, on the header line after the time).

Every line of text below a header belongs to that turn (several paragraphs are
joined with a space). Nothing is dropped quietly: text before the first header is
placed at 00:00:00 with a warning; a header whose time is not valid (`0:75`) gets
a warning and is kept as text of the turn above; times going backwards are
reported and kept in file order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..errors import ContentError, Problems
from ..kinds import TurnsFormat
from ..model import Transcript
from ..timecode import TimeError, parse_time
from .common import SegmentBuilder

_TIME = r"\d{1,3}(?::\d{1,3}){1,2}(?:[.,]\d{1,3})?"
#: `Name  0:03`: a name that does not start with a digit, two or more spaces, a time, nothing after.
OTTER_HEADER = re.compile(rf"(?P<name>[^\s\d][^\t\n]{{0,80}}?)[ \t]{{2,}}(?P<t>{_TIME})[ \t]*$")
#: `Name (00:00:03)`, optionally followed by the start of the paragraph.
RIVERSIDE_HEADER = re.compile(
    rf"(?P<name>[^\s\d(][^\t\n(]{{0,80}}?)[ \t]*\([ \t]*(?P<t>{_TIME})[ \t]*\)(?:[ \t]+(?P<rest>.*))?$"
)

SHAPES = {
    "otter": (OTTER_HEADER, "Name  m:ss"),
    "riverside": (RIVERSIDE_HEADER, "Name (hh:mm:ss)"),
}


def parse_turns(
    text: str, path: str, problems: Problems, fmt: TurnsFormat, known_speakers: Iterable[str] = ()
) -> Transcript:
    """Parse an Otter.ai (`fmt="otter"`) or Riverside (`fmt="riverside"`) text export."""
    header, shape = SHAPES[fmt]
    builder = SegmentBuilder(path, problems)
    turns = 0
    for lineno, raw in enumerate(text.split("\n"), 1):
        if not raw.strip():
            continue
        match = header.match(raw.strip())
        if match:
            try:
                start = parse_time(match.group("t"))
            except TimeError:
                problems.warn(
                    path,
                    lineno,
                    f"'{match.group('t')}' in the turn header is not a valid time; write {shape} with minutes "
                    "and seconds from 00 to 59 (the line was kept as text of the turn above)",
                )
                _text(builder, path, problems, lineno, raw, shape)
                continue
            builder.begin(start, None, lineno, "")
            builder.drafts[-1].speaker = match.group("name").strip()
            rest = match.groupdict().get("rest")
            if rest:
                builder.add(lineno, rest)
            turns += 1
        else:
            _text(builder, path, problems, lineno, raw, shape)
    if not turns:
        raise ContentError(path, 1, f"no timestamps found; each turn starts with a line '{shape}'")
    return Transcript(path, fmt, builder.segments())


def _text(builder: SegmentBuilder, path: str, problems: Problems, lineno: int, raw: str, shape: str) -> None:
    if builder.empty:
        problems.warn(
            path,
            lineno,
            f"text before the first turn was placed at 00:00:00; put a line '{shape}' above it",
        )
        builder.begin(0.0, None, lineno, raw)
    else:
        builder.add(lineno, raw)
