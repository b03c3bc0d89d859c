"""Word timing for the player's follow-along: `words.json` beside an episode page.

When the source timed every word (a word-level transcript, see
`transcripts.words`), the page shows readable lines, one element per line, and
the time of each word goes into one compact file the player loads on demand to
mark the spoken word, as Podlove's and Podigee's players do. The page's
transcript section names the file in `data-words` (a URL relative to the site,
as every link of the page); pages without word timing have no attribute and no file.

The file (JSON, UTF-8):

    {"version": 1,
     "lines": {"t=00:00:04": [[4.2, 4.5, 0, 5], [4.5, 4.81, 6, 9], ...], ...}}

* `lines` maps the id of a line's element on the page (`<span id="t=00:00:04">`,
  see `layout.line_ids`) to its words, in order;
* each word is `[start, end, from, to]`: start and end in seconds (milliseconds at
  most; a word without an end in the source ends where the next word starts, the
  line's last word where the line ends), and `from`/`to` the character offsets of
  the word in the line's text (the element's `textContent`; `to` is exclusive).

Lines without word timing are not listed.
"""

from __future__ import annotations

import json

from .layout import line_ids
from .model import Transcript

WORDS_FILE = "words.json"
VERSION = 1


def _ms(value: float) -> int | float:
    rounded = round(value, 3)
    return int(rounded) if rounded == int(rounded) else rounded


def words_json(t: Transcript) -> str | None:
    """The follow-along file of `t`, or None when no line has word timing."""
    if not t.has_words:
        return None
    ids = line_ids(t.segments)
    lines: dict[str, list[list[int | float]]] = {}
    for index, seg in enumerate(t.segments):
        if not seg.words:
            continue
        out: list[list[int | float]] = []
        pos = 0
        for i, (start, end, text) in enumerate(seg.words):
            found = seg.text.find(text, pos)
            if found < 0:  # not in the line's text as written: no place to mark
                continue
            if end is None or end < start:
                nxt = seg.words[i + 1][0] if i + 1 < len(seg.words) else (seg.end if seg.end is not None else start)
                end = max(start, nxt)
            out.append([_ms(start), _ms(end), found, found + len(text)])
            pos = found + len(text)
        lines[ids[index]] = out
    return json.dumps({"version": VERSION, "lines": lines}, ensure_ascii=False, separators=(",", ":")) + "\n"
