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

Every timed file is then made valid for strict WebVTT parsers and caption players
(`timeline`), keeping every piece of text:

- times are whole milliseconds, and a cue never starts before the one above it
  (a time that goes back in the source, already warned about, is moved up);
- every cue ends after it starts: a missing or zero-length end becomes the next
  later start, or start + 5 s for the last one;
- cues that start at the same moment (a line split at a speaker change, zero-length
  cues, words said at one time) share the time up to the next start, at most one
  second each but the last, so they follow one another;
- no end passes the episode's duration when it is known (a line that starts after
  the end of the audio, which the build warns about, keeps its own times);
- SRT text that players would read as markup is written so they show it (`_srt_text`).
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable, Sequence

from . import captions
from .model import Chapter, Segment, Transcript
from .timecode import format_clock, format_precise

DEFAULT_CUE_SECONDS = 5.0
SHARED_START_MS = 1000  # longest slice a cue gets when several cues start at the same moment
_JSON = json.JSONEncoder(ensure_ascii=False)
_STRING = json.encoder.encode_basestring  # how json.dumps(..., ensure_ascii=False) writes a string


def _timed(t: Transcript, duration: float | None = None) -> list[tuple[Segment, float]]:
    """Segments with text, each with the end time to write.

    A missing end becomes the start of the next segment that starts at another
    time (segments split at a speaker change share a start), when that is later;
    otherwise start + 5 s. No end passes `duration` (when the segment starts before it).
    One backward pass, so long transcripts stay fast.
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
        if duration is not None and seg.start < duration:
            end = min(end, duration)
        out.append((seg, end))
        next_start = seg.start
    out.reverse()
    return out


def _ms(seconds: float) -> int:
    return int(round(seconds * 1000))


def timeline(spans: Sequence[tuple[float, float | None]], duration: float | None = None) -> list[tuple[int, int]]:
    """Valid (start, end) milliseconds for cues given as (start, end or None) seconds, in order.

    The rules are the module docstring's: starts never go back, every end is after
    its start, cues of one moment follow one another, no end passes `duration`. One pass.
    """
    limit = None if duration is None else _ms(duration)
    starts = [int(round(start * 1000)) for start, _ in spans]
    if all(a < b for a, b in zip(starts, starts[1:], strict=False)) and (not starts or starts[0] >= 0):
        return _timeline_in_order(spans, starts, limit)
    previous = 0
    for n, start_ms in enumerate(starts):
        previous = max(previous, start_ms)
        starts[n] = previous
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        j = i + 1  # spans[i:j] start at the same moment
        while j < len(spans) and starts[j] == starts[i]:
            j += 1
        following = starts[j] if j < len(spans) else None
        group_end = following if following is not None else _last_end(spans[j - 1][1], starts[i], limit)
        share = max(1, min(SHARED_START_MS, (group_end - starts[i]) // (j - i)))
        at = starts[i]
        for k in range(i, j):
            own = spans[k][1]
            own_ms = None if own is None else _ms(own)
            sliced = False
            if own_ms is not None and own_ms > at:
                end = own_ms
            elif k == j - 1:
                end = group_end
            else:
                end, sliced = at + share, True
            if limit is not None and at < limit:
                end = min(end, limit)
            end = max(end, at + 1)
            out.append((at, end))
            if sliced:
                at = end
        if following is not None and at >= following:
            # a moment crowded to the millisecond ran into the next start: move later starts up
            for n in range(j, len(spans)):
                starts[n] = max(starts[n], at + 1)
        i = j
    return out


def _timeline_in_order(
    spans: Sequence[tuple[float, float | None]], starts: list[int], limit: int | None
) -> list[tuple[int, int]]:
    """`timeline` when every cue starts after the one before (most transcripts): no moment is
    shared, so a cue without its own later end ends where the next one starts."""
    out: list[tuple[int, int]] = []
    following = starts[1:]
    for n, (_, own) in enumerate(spans):
        at = starts[n]
        own_ms = None if own is None else int(round(own * 1000))
        if own_ms is not None and own_ms > at:
            end = own_ms
        elif n < len(following):
            end = following[n]
        else:
            end = _last_end(own, at, limit)
        if limit is not None and at < limit and end > limit:
            end = max(limit, at + 1)
        out.append((at, end))
    return out


def _last_end(own: float | None, start: int, limit: int | None) -> int:
    """Where the last cue ends: its own end when later than its start, else 5 s on, within the audio."""
    if own is not None and _ms(own) > start:
        return _ms(own)
    end = start + int(DEFAULT_CUE_SECONDS * 1000)
    return min(end, limit) if limit is not None and start < limit else end


def _one_line(text: str) -> str:
    """Cue text on one line: a blank line would end the cue early."""
    return " ".join(text.split())


def _vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _times(sep: str) -> Callable[[int], str]:
    """`format_precise` of milliseconds, remembered per call: a cue's end is usually the next cue's start."""
    return functools.lru_cache(maxsize=None)(lambda ms: format_precise(ms / 1000, sep))


#: What SRT players read as markup: a `<` with a `>` after it (`<i>`, but also the
#: `< y && z >` of "x < y && z > 1", which players strip as an unknown tag) and `{\`
#: (a position code such as `{\an8}`).
_SRT_MARKUP = re.compile(r"<(?=[^>]*>)|\{(?=\\)")
#: Their full-width forms, which are compatibility equivalents (NFKC) of `<` and `{`.
_SRT_SAFE = {"<": "\uff1c", "{": "\uff5b"}


def _srt_text(text: str) -> str:
    """Cue text SRT players show as written.

    SRT has no escape: `&lt;` is shown as `&lt;` by players that do not read HTML
    entities. A `<` that a `>` follows, or a `{` before a backslash, is written in its
    full-width form (`＜`, `｛`), which reads the same and is never taken for markup.
    """
    if "<" not in text and "{" not in text:
        return text
    return _SRT_MARKUP.sub(lambda m: _SRT_SAFE[m.group()], text)


def _own_end(seg: Segment) -> bool:
    """Whether the source gave the segment an end after its start (else `timeline` finds one)."""
    return seg.end is not None and seg.end > seg.start


CaptionCues = tuple[list[tuple[Segment, captions.Cue, bool]], list[tuple[int, int]]]


def _caption_cues(t: Transcript, duration: float | None, reserve: bool) -> CaptionCues:
    """(segment, caption cue, first cue of its segment) for every caption cue, in order,
    and each cue's valid times (`timeline`). The last cue of a line without its own
    end is given none, so lines that start together follow one another."""
    return _caption_cues_both(t, duration, (reserve,))[0]


def _caption_cues_both(t: Transcript, duration: float | None, reserves: tuple[bool, ...]) -> list[CaptionCues]:
    """`_caption_cues` for each of `reserves`, the lines timed once and cut once where the
    SRT prefix (a line with a speaker) does not make the cut differ."""
    out: list[tuple[list[tuple[Segment, captions.Cue, bool]], list[tuple[float, float | None]]]] = [
        ([], []) for _ in reserves
    ]
    for seg, end in _timed(t, duration):
        cut: dict[int, list[captions.Cue]] = {}
        for reserve, (items, spans) in zip(reserves, out, strict=True):
            prefix = len(_one_line(seg.speaker)) + 2 if reserve and seg.speaker else 0
            found = cut.get(prefix)
            if found is None:
                found = cut[prefix] = captions.cues(seg.text, seg.start, end, seg.words, reserve=prefix)
            for n, cue in enumerate(found):
                items.append((seg, cue, n == 0))
                last = n == len(found) - 1
                spans.append((cue.start, cue.end if not last or _own_end(seg) else None))
    timed: dict[tuple[tuple[float, float | None], ...], list[tuple[int, int]]] = {}
    result: list[CaptionCues] = []
    for items, spans in out:
        key = tuple(spans)
        if key not in timed:
            timed[key] = timeline(spans, duration)
        result.append((items, timed[key]))
    return result


def to_vtt(t: Transcript, duration: float | None = None) -> str:
    """WebVTT with `<v Speaker>` voice tags, each line cut into caption cues (`captions`)."""
    return _vtt(_caption_cues(t, duration, reserve=False))


def to_vtt_and_srt(t: Transcript, duration: float | None = None) -> tuple[str, str]:
    """`to_vtt` and `to_srt`, the lines cut into caption cues once for both where they agree."""
    vtt, srt = _caption_cues_both(t, duration, (False, True))
    return _vtt(vtt), _srt(srt)


def _vtt(cues: CaptionCues) -> str:
    out = ["WEBVTT\n"]
    clock = _times(".")
    items, times = cues
    for (seg, cue, _), (start, end) in zip(items, times, strict=True):
        voice = f"<v {_vtt_escape(_one_line(seg.speaker))}>" if seg.speaker else ""
        text = "\n".join(_vtt_escape(line) for line in cue.lines)
        out.append(f"\n{clock(start)} --> {clock(end)}\n{voice}{text}\n")
    return "".join(out)


def to_srt(t: Transcript, duration: float | None = None) -> str:
    """SRT (SubRip), numbered from 1, each line cut into caption cues (`captions`);
    `Speaker: ` before the first cue of each line; markup-like text made safe (`_srt_text`)."""
    return _srt(_caption_cues(t, duration, reserve=True))


def _srt(cues: CaptionCues) -> str:
    out = []
    clock = _times(",")
    items, times = cues
    for n, ((seg, cue, first), (start, end)) in enumerate(zip(items, times, strict=True), 1):
        prefix = f"{_one_line(seg.speaker)}: " if first and seg.speaker else ""
        text = _srt_text(prefix + "\n".join(cue.lines))
        out.append(f"{n}\n{clock(start)} --> {clock(end)}\n{text}\n")
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


def to_json(t: Transcript, duration: float | None = None) -> str:
    """Podcasting 2.0 JSON transcript, version 1.0.0: one segment per line, or per word
    where the source timed every word (as word-level JSON and the follow-along need)."""
    pieces = [(seg, piece) for seg, end in _timed(t, duration) for piece in _json_pieces(seg, end)]
    # a line without its own end (not a timed word) lets `timeline` find it, as for the captions
    times = timeline(
        [(start, stop if seg.words or _own_end(seg) else None) for seg, (start, stop, _) in pieces], duration
    )
    rows = []
    # each row is what json.dumps({speaker?, startTime, endTime, body}, ensure_ascii=False) writes,
    # put together from its parts (three times faster on long transcripts)
    for (seg, (_, _, body)), (start, stop) in zip(pieces, times, strict=True):
        speaker = f'"speaker": {_STRING(seg.speaker)}, ' if seg.speaker else ""
        rows.append(
            f'    {{{speaker}"startTime": {_number(start / 1000)}, "endTime": {_number(stop / 1000)}, "body": {_STRING(body)}}}'
        )
    body = ",\n".join(rows)
    return '{\n  "version": "1.0.0",\n  "segments": [\n' + body + ("\n" if rows else "") + "  ]\n}\n"


def to_text(t: Transcript, duration: float | None = None) -> str:
    """Plain text: `HH:MM:SS Speaker: text` lines, a blank line between them (no ends: `duration` is unused)."""
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
