"""Downloadable transcript and chapter files, written from the model.

Every episode page offers its transcript as WebVTT, SRT, Podcasting 2.0 JSON and
plain text, and the feed points podcast apps at the same files
(`<podcast:transcript>`, `<podcast:chapters>`). These are pure functions from
the model to text: same input, same bytes out.

Segments without an end get the next segment's start (when it is later) or
start + 5 s, so every cue has a duration players can show. Segments without
text are left out. The caption files (WebVTT, SRT) cut each line into cues of at
most two lines of 42 characters (`captions`); the JSON file keeps one segment per
word when the source timed every word.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable

from . import captions
from .model import Chapter, Segment, Transcript
from .timecode import format_clock, format_precise

DEFAULT_CUE_SECONDS = 5.0
_JSON = json.JSONEncoder(ensure_ascii=False)
_STRING = json.encoder.encode_basestring  # how json.dumps(..., ensure_ascii=False) writes a string


def _timed(t: Transcript) -> list[tuple[Segment, float]]:
    """Segments with text, each with the end time to write.

    A missing end becomes the start of the next segment that starts at another
    time (segments split at a speaker change share a start), when that is later;
    otherwise start + 5 s. One backward pass, so long transcripts stay fast.
    """
    segs = [s for s in t.segments if s.text.strip()]
    out: list[tuple[Segment, float]] = []
    next_start: float | None = None  # start of the segment after this one
    next_other: float | None = None  # first start after this one that differs from it
    for seg in reversed(segs):
        if next_start is not None and next_start != seg.start:
            next_other = next_start
        elif next_start is None:
            next_other = None
        end = seg.end
        if end is None or end < seg.start:
            if next_other is not None and next_other > seg.start:
                end = next_other
            else:
                end = seg.start + DEFAULT_CUE_SECONDS
        out.append((seg, end))
        next_start = seg.start
    out.reverse()
    return out


def _one_line(text: str) -> str:
    """Cue text on one line: a blank line would end the cue early."""
    return " ".join(text.split())


def _vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _times(sep: str) -> Callable[[float], str]:
    """`format_precise` remembered per call: a cue's end is usually the next cue's start."""
    return functools.lru_cache(maxsize=None)(lambda seconds: format_precise(seconds, sep))


def to_vtt(t: Transcript) -> str:
    """WebVTT with `<v Speaker>` voice tags, each line cut into caption cues (`captions`)."""
    out = ["WEBVTT\n"]
    clock = _times(".")
    for seg, end in _timed(t):
        voice = f"<v {_vtt_escape(_one_line(seg.speaker))}>" if seg.speaker else ""
        for cue in captions.cues(seg.text, seg.start, end, seg.words):
            text = "\n".join(_vtt_escape(line) for line in cue.lines)
            out.append(f"\n{clock(cue.start)} --> {clock(cue.end)}\n{voice}{text}\n")
    return "".join(out)


def to_srt(t: Transcript) -> str:
    """SRT (SubRip), numbered from 1, each line cut into caption cues (`captions`);
    `Speaker: ` before the first cue of each line."""
    out = []
    clock = _times(",")
    n = 0
    for seg, end in _timed(t):
        prefix = f"{_one_line(seg.speaker)}: " if seg.speaker else ""
        for cue in captions.cues(seg.text, seg.start, end, seg.words, reserve=len(prefix)):
            n += 1
            text = prefix + "\n".join(cue.lines)
            prefix = ""
            out.append(f"{n}\n{clock(cue.start)} --> {clock(cue.end)}\n{text}\n")
    return "\n".join(out)


def _seconds(value: float) -> int | float:
    """Seconds for JSON: whole numbers as ints, otherwise rounded to milliseconds."""
    rounded = round(value, 3)
    return int(rounded) if rounded == int(rounded) else rounded


def _number(value: float) -> str:
    seconds = _seconds(value)
    return repr(seconds) if math.isfinite(seconds) else _JSON.encode(seconds)


def _json_pieces(seg: Segment, end: float) -> list[tuple[float, float, str]]:
    """The line itself, or each of its timed words (a word without an end ends where the next starts)."""
    if not seg.words:
        return [(seg.start, end, seg.text)]
    pieces = []
    for i, (start, stop, text) in enumerate(seg.words):
        if stop is None or stop < start:
            stop = seg.words[i + 1][0] if i + 1 < len(seg.words) else end
        pieces.append((start, max(start, stop), text))
    return pieces


def to_json(t: Transcript) -> str:
    """Podcasting 2.0 JSON transcript, version 1.0.0: one segment per line, or per word
    where the source timed every word (as word-level JSON and the follow-along need)."""
    rows = []
    # each row is what json.dumps({speaker?, startTime, endTime, body}, ensure_ascii=False) writes,
    # put together from its parts (three times faster on long transcripts)
    for seg, end in _timed(t):
        speaker = f'"speaker": {_STRING(seg.speaker)}, ' if seg.speaker else ""
        for start, stop, body in _json_pieces(seg, end):
            rows.append(
                f'    {{{speaker}"startTime": {_number(start)}, "endTime": {_number(stop)}, "body": {_STRING(body)}}}'
            )
    body = ",\n".join(rows)
    return '{\n  "version": "1.0.0",\n  "segments": [\n' + body + ("\n" if rows else "") + "  ]\n}\n"


def to_text(t: Transcript) -> str:
    """Plain text: `HH:MM:SS Speaker: text` lines, a blank line between them."""
    lines = []
    for seg in t.segments:
        text = _one_line(seg.text)
        if not text:
            continue
        who = f"{_one_line(seg.speaker)}: " if seg.speaker else ""
        lines.append(f"{format_clock(seg.start)} {who}{text}\n")
    return "\n".join(lines)


def chapters_json(chapters: list[Chapter], title: str | None = None) -> str:
    """Podcasting 2.0 JSON chapters, version 1.2.0, sorted by start time."""
    doc: dict[str, object] = {"version": "1.2.0"}
    if title:
        doc["title"] = title
    items = []
    for ch in sorted(chapters, key=lambda c: c.start):
        item: dict[str, object] = {"startTime": _seconds(ch.start), "title": ch.title}
        if ch.url:
            item["url"] = ch.url
        items.append(item)
    doc["chapters"] = items
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
