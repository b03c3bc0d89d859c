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

from dataclasses import dataclass

from .model import Word

MAX_CHARS = 42
MAX_LINES = 2


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def _token_times(text: str, start: float, end: float, words: list[Word] | None) -> list[tuple[str, float]]:
    """Each whitespace-separated token of `text` with the time it is said."""
    if words:
        timed: list[tuple[str, float]] = []
        for w_start, _w_end, w_text in words:
            timed.extend((token, w_start) for token in w_text.split())
        if [token for token, _ in timed] == text.split():
            return timed
    tokens = text.split()
    total = max(1, len(" ".join(tokens)))
    span = max(0.0, end - start)
    out = []
    offset = 0
    for token in tokens:
        out.append((token, start + span * offset / total))
        offset += len(token) + 1
    return out


def wrap(tokens: list[str], width: int = MAX_CHARS, reserve: int = 0) -> list[list[int]]:
    """Greedy line wrap: the token indexes of each line (the first line has `reserve` fewer characters)."""
    lines: list[list[int]] = []
    current: list[int] = []
    length = reserve
    for index, token in enumerate(tokens):
        extra = len(token) + (1 if current else 0)
        if current and length + extra > width:
            lines.append(current)
            current, length = [], 0
            extra = len(token)
        current.append(index)
        length += extra
    if current:
        lines.append(current)
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
    timed = _token_times(text, start, end, words)
    if not timed:
        return []
    tokens = [token for token, _ in timed]
    lines = wrap(tokens, width, reserve)
    groups = [lines[i : i + max_lines] for i in range(0, len(lines), max_lines)]
    starts: list[float] = []
    for group in groups:
        t = max(start, timed[group[0][0]][1])
        starts.append(max(t, starts[-1]) if starts else start)
    out = []
    for n, group in enumerate(groups):
        cue_end = starts[n + 1] if n + 1 < len(groups) else max(end, starts[n])
        text_lines = tuple(" ".join(tokens[i] for i in line) for line in group)
        out.append(Cue(starts[n], cue_end, text_lines))
    return out
