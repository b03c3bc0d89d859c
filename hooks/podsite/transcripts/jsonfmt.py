"""Podcasting 2.0 JSON transcripts: `{"version": "1.0.0", "segments": [...]}`.

Each segment is an object with `startTime` (seconds, required), `body` (text,
required), `endTime` (seconds, optional) and `speaker` (optional). A file that
does not follow this shape raises `ContentError` naming the first wrong field
(`segments[3].startTime is missing`). Softer problems are warnings: a missing
`version`, an `endTime` before `startTime` (the end is dropped), times going
backwards (kept in file order). Segments with an empty body are left out.

`line` of a segment is the exact line where its `{` stands: a light tokenizer
(strings, brackets, colons, bare words) walks the file once and records where
each element of the top-level `segments` array starts.
"""

from __future__ import annotations

import bisect
import json
import re

from ..errors import ContentError, Problems, shown
from ..model import Segment, Transcript
from ..timecode import TimeError, parse_time
from .common import show_time, squash

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:]|[^\s,:{}\[\]"]+')


def _segment_offsets(text: str) -> list[int]:
    """Offsets where each element of the top-level `segments` array starts."""
    offsets: list[int] = []
    stack: list[str] = []  # "{" / "[" / "S" (the segments array)
    last_string: str | None = None
    key: str | None = None
    for match in _TOKEN.finditer(text):
        tok = match.group(0)
        if tok == ":":
            if len(stack) == 1:
                key = last_string
            continue
        if tok not in "}]" and stack and stack[-1] == "S":
            offsets.append(match.start())  # a value starts right inside the array
        if tok[0] == '"':
            last_string = tok
            continue
        if tok in "{[":
            if tok == "[" and len(stack) == 1 and key == '"segments"':
                stack.append("S")
            else:
                stack.append(tok)
        elif tok in "}]":
            if stack:
                stack.pop()
        last_string = None
    return offsets


def _number(value: object, where: str, path: str, line: int | None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ContentError(path, line, f"{where} must be a number of seconds, not {_as_json(value)}")
    if value < 0:
        raise ContentError(path, line, f"{where} must not be negative (got {shown(value)})")
    try:
        return parse_time(value)
    except TimeError as exc:
        raise ContentError(path, line, f"{where}: {exc}") from None


def _as_json(value: object) -> str:
    """A JSON value as written, cut to 40 characters, for a message."""
    try:
        return json.dumps(value)[:40]
    except (RecursionError, ValueError):
        return shown(value, 40)


def parse_json(text: str, path: str, problems: Problems) -> Transcript:
    """Parse a Podcasting 2.0 JSON transcript (already decoded)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ContentError(path, exc.lineno, f"not valid JSON: {exc.msg}", column=exc.colno) from None
    except RecursionError:
        raise ContentError(path, 1, "not a transcript: arrays or objects are nested too deep to read") from None
    except ValueError:  # json reads numbers of at most 4,300 digits
        raise ContentError(path, 1, "not valid JSON: a number has more than 4,300 digits") from None
    if not isinstance(data, dict):
        raise ContentError(path, 1, 'a JSON transcript is an object {"version": "1.0.0", "segments": [...]}')
    if "version" not in data:
        problems.warn(path, 1, 'version is missing; add "version": "1.0.0"')
    if "segments" not in data:
        raise ContentError(path, 1, 'segments is missing; add "segments": [...]')
    items = data["segments"]
    if not isinstance(items, list):
        raise ContentError(path, 1, "segments must be a list of segment objects")
    newlines = [m.start() for m in re.finditer("\n", text)]
    lines = [bisect.bisect_left(newlines, off) + 1 for off in _segment_offsets(text)]
    segments: list[Segment] = []
    last: float | None = None
    for i, item in enumerate(items):
        line = lines[i] if i < len(lines) else None
        where = f"segments[{i}]"
        if not isinstance(item, dict):
            raise ContentError(path, line, f"{where} must be an object with startTime and body")
        if "startTime" not in item:
            raise ContentError(path, line, f"{where}.startTime is missing")
        if "body" not in item:
            raise ContentError(path, line, f"{where}.body is missing")
        start = _number(item["startTime"], f"{where}.startTime", path, line)
        end = None
        if item.get("endTime") is not None:
            end = _number(item["endTime"], f"{where}.endTime", path, line)
            if end < start:
                problems.warn(path, line, f"{where}.endTime is before startTime; the end was dropped")
                end = None
        body = item["body"]
        if not isinstance(body, str):
            raise ContentError(path, line, f"{where}.body must be a string")
        speaker = item.get("speaker")
        if speaker is not None and not isinstance(speaker, str):
            raise ContentError(path, line, f"{where}.speaker must be a string")
        if last is not None and start < last:
            problems.warn(
                path,
                line,
                f"{where}.startTime {show_time(start)} goes back before "
                f"{show_time(last)}; kept in file order: check the time",
            )
        last = start
        body = squash(body)
        if body:
            segments.append(Segment(start, body, end, squash(speaker or "") or None, line or 0))
    if not items:
        raise ContentError(path, 1, "segments is empty; the transcript has no text")
    return Transcript(path, "json", segments)
