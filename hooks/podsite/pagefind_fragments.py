"""Pagefind's page fragments without a second copy of every transcript line.

Pagefind keeps, for each indexed page, one fragment file (gzip'ed `pagefind_dcd` + JSON:
`url`, `content`, `meta`, `anchors`, ...) that the browser downloads for every result it
draws. Pagefind records an anchor, with the element's whole text, for every element with
an `id`, and each transcript line is a `<span id="t=HH:MM:SS">` (the deep link the player
follows): so the fragment holds the transcript twice, once in `content` and once in the
anchors' `text`, about half of its bytes.

The search dialog (`assets/podsite/search.js`) reads a line anchor's `id` and `location`
(the line's first word in `content`) and takes the words from `content`; Pagefind's own
code reads the text of heading anchors only (its sub-results). `slim` therefore empties
the text of the line anchors, except a line in a script written without spaces (Chinese,
Japanese, Thai), whose moments the dialog finds in the line's own text. Heading anchors
keep their text, and the JSON is otherwise left byte for byte as it was. Each fragment keeps its name (the index refers to it by that name); the
rewrite is the same for the same fragment, so the same pages still give the same bytes.
"""

from __future__ import annotations

import re
from pathlib import Path

from .pagefind_order import payload, write_payload

#: Scripts written without spaces between words; the dialog's UNSPACED (search.js).
UNSPACED = re.compile("[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
#: A transcript line's anchor as Pagefind writes it (serde's order of its fields, no spaces):
#: its id `t=HH:MM:SS` (`podsite.timecode.anchor`, maybe with `-2`...) and its text, a JSON string.
LINE_ANCHOR = re.compile(rb'(\{"element":"[a-z0-9]+","id":"t=\d[^"\\]*","text":)("(?:[^"\\]|\\.)*")')


def _emptied(match: re.Match[bytes]) -> bytes:
    if UNSPACED.search(match.group(2).decode("utf-8", "replace")):  # serde writes them unescaped
        return match.group(0)
    return match.group(1) + b'""'


def slim_bytes(data: bytes) -> bytes:
    """A fragment's bytes (after the signature, JSON) with the line anchors' text emptied; the
    JSON is otherwise left byte for byte as Pagefind wrote it."""
    return LINE_ANCHOR.sub(_emptied, data)


def slim_file(path: Path) -> bool:
    """Rewrite one fragment file without its line anchors' text; False when it had none
    (or is not a fragment this module knows: then it is left as it is)."""
    content = payload(path)
    if content is None:
        return False
    slimmed = slim_bytes(content)
    if len(slimmed) == len(content):
        return False
    write_payload(path.parent, path.name, slimmed, compresslevel=6)
    return True


def slim(output: Path) -> int:
    """Slim every fragment under `output` (a `pagefind/` folder); how many were rewritten."""
    return sum(slim_file(path) for path in sorted((output / "fragment").glob("*.pf_fragment")))
