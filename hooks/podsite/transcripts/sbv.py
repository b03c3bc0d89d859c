"""YouTube SBV captions (`.sbv`): `H:MM:SS.mmm,H:MM:SS.mmm` lines, each followed by its text.

A cue is a timing line (start and end separated by a comma, no cue numbers, no
header) and the text lines below it up to a blank line. Speakers come from a
`Name: ` prefix (the rule in `common`). Read leniently, nothing dropped quietly:
text outside any cue is added to the cue above (or placed at 00:00:00 before the
first) with a warning; a bad start continues the cue above with a warning; an
end that is not a time or comes before the start is dropped with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..errors import ContentError, Problems
from ..model import Transcript
from ..timecode import TimeError, parse_time
from .common import SegmentBuilder

TIMING = re.compile(r"[ \t]*(?P<s>\d{1,3}:\d{1,3}:\d{1,3}(?:[.,]\d+)?)[ \t]*,[ \t]*(?P<e>\d[\d:.,]*)[ \t]*$")
_FIX = "H:MM:SS.mmm,H:MM:SS.mmm"


def parse_sbv(text: str, path: str, problems: Problems, known_speakers: Iterable[str] = ()) -> Transcript:
    """Parse an SBV file (already decoded, LF line ends)."""
    builder = SegmentBuilder(path, problems)
    timings = 0
    in_cue = False
    for lineno, raw in enumerate(text.split("\n"), 1):
        if not raw.strip():
            in_cue = False
            continue
        match = TIMING.match(raw)
        if match is None:
            if in_cue:
                builder.add(lineno, raw)
            elif builder.empty:
                problems.warn(
                    path, lineno, f"text before the first cue was placed at 00:00:00; put a line {_FIX} above it"
                )
                builder.begin(0.0, None, lineno, raw)
            else:
                problems.warn(
                    path,
                    lineno,
                    "text outside any cue was added to the cue above; "
                    "remove the blank line before it or give it a timing line",
                )
                builder.add(lineno, raw)
            continue
        timings += 1
        in_cue = True
        try:
            start = parse_time(match.group("s"))
        except TimeError:
            problems.warn(
                path,
                lineno,
                f"cue start '{match.group('s')}' is not a time; write {_FIX} (the cue's text was "
                f"{'placed at 00:00:00' if builder.empty else 'added to the cue above'})",
            )
            if builder.empty:
                builder.begin(0.0, None, lineno, "")
            continue
        end: float | None
        try:
            end = parse_time(match.group("e"))
        except TimeError:
            problems.warn(
                path, lineno, f"cue end '{match.group('e')}' is not a time; write {_FIX} (the end was dropped)"
            )
            end = None
        if end is not None and end < start:
            problems.warn(path, lineno, "cue ends before it starts; the end was dropped: fix the end time")
            end = None
        builder.begin(start, end, lineno, "")
    if not timings:
        raise ContentError(path, 1, f"no cues found; an SBV cue is a line '{_FIX}' followed by its text")
    return Transcript(path, "sbv", builder.segments(True, known_speakers))
