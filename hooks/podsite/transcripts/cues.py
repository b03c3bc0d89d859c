"""The cue reader shared by WebVTT and SRT: blocks of `start --> end` plus text lines.

Both formats are read leniently, line by line, in one pass:

* A cue is a timing line (`start --> end`, then optional WebVTT cue settings or
  SRT coordinates, which are ignored) followed by text lines up to a blank line.
  Other text after the end time is the cue's first words, with one warning per file.
* The line right before a timing line is the cue identifier when it starts its
  block (SRT: whenever it is a number; a text line before an SRT timing line, or
  a WebVTT identifier after other stray lines, is kept as text with a warning).
* Blocks without a timing line are comments (`NOTE`, `STYLE`, `REGION` in
  WebVTT, skipped) or stray text: stray text is added to the cue above with a
  warning (or placed at 00:00:00 when no cue came before).
* Bad times are reported with the line and the fix; a cue whose start cannot be
  read continues the cue above, an end before the start is dropped (`end=None`).
* Rounding: an end less than 0.1 s (100 ms) before the start is read as a
  zero-length cue (end = start), without a warning. Exporting tools round start
  and end separately and write such cues (`00:17:49.000 --> 00:17:48.980`); the
  cue's text and start are right, and there is nothing for the producer to fix.
  An end 0.1 s or more before the start is a mistake and is reported.
* Cues without text are left out (there is nothing to lose); zero-length cues
  and cues whose text is only a number are kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..errors import Problems
from ..timecode import TimeError, format_precise, parse_time
from .common import SegmentBuilder

# A timing line: its start must look like a clock time (digits and a colon), so a
# text line such as `The --> arrow` stays text; bad clock times still match and
# get a warning.
TIMING = re.compile(r"[ \t]*(?P<s>\d[\d.,]*:[\d:.,]*)[ \t]*-->[ \t]*(?P<e>\S+)(?P<rest>.*)$")
_COMMENT = re.compile(r"(?:NOTE|STYLE|REGION)(?:[ \t]|$)")
_DIGITS = re.compile(r"[ \t]*\d+[ \t]*$")
_TIMELIKE = re.compile(r"[\d:.,]+")
#: What may follow the end time: WebVTT cue settings (`align:start line:0`) or SRT
#: coordinates (`X1:40 X2:600`), ignored; anything else is cue text.
_SETTINGS = re.compile(r"(?:[ \t]+[A-Za-z][\w-]*:[^\s:]+)*[ \t]*")
#: An end this many milliseconds (or more) before the start is reported; less is rounding.
ROUNDING_MS = 100


def read_cues(
    lines: list[str],
    first: int,
    builder: SegmentBuilder,
    path: str,
    problems: Problems,
    *,
    kind: str,
    strip: Callable[[str], str],
) -> int:
    """Feed the cues of `lines[first:]` into `builder`; return how many timing lines were read.

    `kind` is "vtt" or "srt"; `strip` removes markup tags (not voice tags) from a text line.
    """
    vtt = kind == "vtt"
    time_fix = "HH:MM:SS.mmm" if vtt else "HH:MM:SS,mmm"
    timings = 0
    in_cue = False  # inside a cue's text (until a blank line)
    skipping = False  # inside a NOTE / STYLE / REGION block
    pending: list[tuple[int, str]] = []  # a block's lines before any timing line
    on_timing_line: list[int] = []  # timing lines that also carry text

    def stray(items: list[tuple[int, str]]) -> None:
        for lineno, raw in items:
            if builder.empty:
                problems.warn(
                    path,
                    lineno,
                    "text before the first cue was placed at 00:00:00; "
                    f"put a timing line ({time_fix} --> {time_fix}) above it",
                )
                builder.begin(0.0, None, lineno, strip(raw))
            else:
                problems.warn(
                    path,
                    lineno,
                    "text outside any cue was added to the cue above; "
                    "remove the blank line before it or give it a timing line",
                )
                builder.add(lineno, strip(raw))

    for index in range(first, len(lines)):
        lineno = index + 1
        raw = lines[index]
        if not raw.strip():
            if pending:
                stray(pending)
                pending = []
            in_cue = skipping = False
            continue
        match = TIMING.match(raw) if "-->" in raw else None
        if match is None:
            if skipping:
                continue
            if in_cue:
                builder.add(lineno, strip(raw))
            elif not pending and vtt and _COMMENT.match(raw):
                skipping = True
            else:
                pending.append((lineno, raw))
            continue
        # A timing line.
        timings += 1
        skipping = False
        if in_cue:
            note = ""
            if not vtt and _DIGITS.match(lines[index - 1]):
                _drop_last_number(builder, lines[index - 1])
                note = f" ('{lines[index - 1].strip()}' on line {lineno - 1} was read as its number)"
            problems.warn(
                path,
                lineno,
                f"no blank line before this cue{note}; put a blank line between cues",
            )
        if pending:
            ident = pending[-1]
            # A WebVTT identifier starts its block: after stray lines it is text too.
            if (vtt and len(pending) == 1) or _DIGITS.match(ident[1]):
                pending.pop()
            stray(pending)
            pending = []
        in_cue = True
        start_text, end_text = match.group("s"), match.group("e")
        rest = match.group("rest")
        if not _TIMELIKE.fullmatch(end_text):
            rest = " " + end_text + rest  # `--> Hello there`: words, not a bad end time
        said = "" if _SETTINGS.fullmatch(rest) else rest.strip()
        if said:
            on_timing_line.append(lineno)
        try:
            start = parse_time(start_text)
        except TimeError:
            where = "placed at 00:00:00" if builder.empty else "added to the cue above"
            problems.warn(
                path,
                lineno,
                f"cue start '{start_text}' is not a time; write {time_fix} --> {time_fix} (the cue's text was {where})",
            )
            if builder.empty:
                builder.begin(0.0, None, lineno, strip(said))
            elif said:
                builder.add(lineno, strip(said))
            continue
        end: float | None
        try:
            end = parse_time(end_text)
        except TimeError:
            problems.warn(
                path,
                lineno,
                f"cue end '{end_text}' is not a time; write {time_fix} --> {time_fix} "
                "(the cue was kept without an end)",
            )
            end = None
        if end is not None and end < start and round((start - end) * 1000) < ROUNDING_MS:
            end = start  # the exporting tool's rounding: a zero-length cue
        if end is not None and end < start:
            sep = "." if vtt else ","
            problems.warn(
                path,
                lineno,
                f"cue ends ({format_precise(end, sep)}) before it starts "
                f"({format_precise(start, sep)}); the end was dropped: fix the end time",
            )
            end = None
        builder.begin(start, end, lineno, strip(said))
    if pending:
        stray(pending)
    if on_timing_line:
        more = f" (and {len(on_timing_line) - 1} more timing lines)" if len(on_timing_line) > 1 else ""
        problems.warn(
            path,
            on_timing_line[0],
            f"text after the times on this timing line{more} was kept as the start of its cue; "
            "put cue text on the lines below the timing line",
        )
    return timings


def _drop_last_number(builder: SegmentBuilder, raw: str) -> None:
    """An SRT index glued to the cue above (no blank line): take it back out of the text."""
    draft = builder.drafts[-1]
    number = raw.strip()
    if draft.parts and draft.parts[-1] == number:
        draft.parts.pop()
    elif draft.parts and draft.parts[-1].endswith(" " + number):
        draft.parts[-1] = draft.parts[-1][: -len(number) - 1]
