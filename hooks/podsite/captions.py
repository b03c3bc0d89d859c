"""Caption cues for the WebVTT and SRT downloads: short cues a player can show.

A transcript line can be a whole speaker turn (Otter.ai, Riverside and HTML
transcripts give one paragraph per turn, 900 characters are common), and a
caption that long covers the video or the podcast app's screen. The usual caption
limits (BBC, Netflix and Apple's guidelines, the Podcasting 2.0 SRT advice) are
at most two lines of about 42 characters per cue, so each line of the model is
cut into cues:

* words are wrapped greedily into lines of at most `MAX_CHARS` characters (a
  single longer word, such as a URL, gets a line of its own), and every
  `MAX_LINES` lines make a cue;
* a cue's start is the time its first word is said: the word's own time when
  the source timed every word (`Segment.words`), otherwise spread over the
  line's span in proportion to the characters before it; a cue ends where the
  next one starts, the last one where the line ends;
* `reserve` characters of the first line (the SRT `Name: ` prefix) count
  towards its length.

Nothing is dropped: the cues' words joined by spaces are the line's words.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import NamedTuple

from .model import Word

MAX_CHARS = 42
MAX_LINES = 2


class Cue(NamedTuple):
    """One caption cue: its times and its rows of text."""

    start: float
    end: float
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def _rows(text: str, width: int, reserve: int) -> list[tuple[int, str]]:
    """Greedy wrap of single-spaced `text`: (character offset, row) per row; the first row
    has `reserve` fewer characters, a word longer than a row gets a row of its own."""
    rows: list[tuple[int, str]] = []
    pos, n = 0, len(text)
    while pos < n:
        room = width - reserve if not rows else width
        if n - pos <= room:
            rows.append((pos, text[pos:]))
            break
        cut = text.rfind(" ", pos, pos + room + 1)
        if cut <= pos:  # the next word alone is longer than the row
            cut = text.find(" ", pos + 1)
            if cut < 0:
                rows.append((pos, text[pos:]))
                break
        rows.append((pos, text[pos:cut]))
        pos = cut + 1
    return rows


def _clock(text: str, start: float, end: float, words: list[Word] | None) -> Callable[[int], float]:
    """The time the word at a character offset of `text` is said: its own time when every
    word is timed (and the words make up the text), else spread over the span by characters."""
    if words and " ".join(w[2] for w in words) == text:
        offsets: list[int] = []
        pos = 0
        for _, _, w_text in words:
            offsets.append(pos)
            pos += len(w_text) + 1
        return lambda offset: words[bisect.bisect_right(offsets, offset) - 1][0]
    span = max(0.0, end - start)
    total = max(1, len(text))
    return lambda offset: start + span * offset / total


def wrap(tokens: list[str], width: int = MAX_CHARS, reserve: int = 0) -> list[list[int]]:
    """Greedy line wrap: the token indexes of each line (the first line has `reserve` fewer characters)."""
    lines: list[list[int]] = []
    index = 0
    for _, row in _rows(" ".join(tokens), width, reserve):
        count = row.count(" ") + 1
        lines.append(list(range(index, index + count)))
        index += count
    return lines


def cues(
    text: str,
    start: float,
    end: float,
    words: list[Word] | None = None,
    *,
    reserve: int = 0,
    width: int = MAX_CHARS,
    max_lines: int = MAX_LINES,
) -> list[Cue]:
    """The caption cues of one transcript line said from `start` to `end` (see the module docstring)."""
    if "  " in text or "\n" in text or "\t" in text or text[:1].isspace() or text[-1:].isspace():
        text = " ".join(text.split())
    if not text:
        return []
    if len(text) + reserve <= width:  # most lines: one row, one cue
        return [Cue(start, max(end, start), (text,))]
    rows = _rows(text, width, reserve)
    clock = _clock(text, start, end, words)
    groups = [rows[i : i + max_lines] for i in range(0, len(rows), max_lines)]
    starts: list[float] = []
    for group in groups:
        t = max(start, clock(group[0][0]))
        starts.append(max(t, starts[-1]) if starts else start)
    out = []
    for n, group in enumerate(groups):
        cue_end = starts[n + 1] if n + 1 < len(groups) else max(end, starts[n])
        out.append(Cue(starts[n], cue_end, tuple(row for _, row in group)))
    return out
