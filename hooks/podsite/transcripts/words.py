"""Word-level transcripts grouped into readable lines, each word keeping its time.

Hosts and Whisper (with word timestamps) write Podcasting 2.0 JSON with one
segment per word. Shown as is, that is one page element and one caption cue per
word. A transcript is word-level when it has at least `MIN_WORDS` segments and
at least 80 % of them hold a single word; its words are then grouped into lines.
A line ends:

* at a speaker change;
* at a pause of `PAUSE` seconds or more between two words (from the end of the
  first, or its start when it has no end), and where a word starts before the
  one above (times going back are kept in file order);
* after a word that ends a sentence (`.`, `?`, `!`, `…`), once the line has
  `SENTENCE_MIN` characters;
* after a word that ends a clause (`,`, `;`, `:`), once the line has `SOFT_MAX`
  characters;
* in any case before it grows past `HARD_MAX` characters.

Each line is a `Segment` from its first word's start to its last word's end
(None when that word has none), its text the words joined by spaces, its source
line the first word's, and `words` the `(start, end, text)` of every word, so
the JSON download and the player's follow-along keep each word's time.
"""

from __future__ import annotations

from ..model import Segment, Word

MIN_WORDS = 8
PAUSE = 1.0
SENTENCE_MIN = 20
SOFT_MAX = 120
HARD_MAX = 200
_SENTENCE = (".", "?", "!", "…", '."', '?"', '!"', ".)")
_CLAUSE = (",", ";", ":")


def is_word_level(segments: list[Segment]) -> bool:
    """True when most segments hold one word each (see the module docstring)."""
    if len(segments) < MIN_WORDS:
        return False
    for part in (segments[:200], segments):  # the first 200 decide for most files, cheaply
        single = sum(1 for seg in part if seg.words is None and len(seg.text.split()) == 1)
        if single < 0.8 * len(part):
            return False
    return True


def group_words(segments: list[Segment]) -> list[Segment]:
    """Word segments into lines (see the module docstring for where a line ends)."""
    lines: list[Segment] = []
    words: list[Word] = []
    first: Segment | None = None
    length = 0

    def close() -> None:
        if first is not None and words:
            text = " ".join(w[2] for w in words)
            lines.append(Segment(words[0][0], text, words[-1][1], first.speaker, first.line, list(words)))

    prev: Segment | None = None
    for seg in segments:
        text = seg.text
        if prev is not None and first is not None:
            prev_end = prev.end if prev.end is not None else prev.start
            last = words[-1][2]
            breaks = (
                seg.speaker != first.speaker
                or seg.start - prev_end >= PAUSE
                or seg.start < prev.start
                or (length >= SENTENCE_MIN and last.endswith(_SENTENCE))
                or (length >= SOFT_MAX and last.endswith(_CLAUSE))
                or length + 1 + len(text) > HARD_MAX
            )
            if breaks:
                close()
                words, first, length = [], None, 0
        if first is None:
            first = seg
            length = len(text)
        else:
            length += 1 + len(text)
        words.append((seg.start, seg.end, text))
        prev = seg
    close()
    return lines
