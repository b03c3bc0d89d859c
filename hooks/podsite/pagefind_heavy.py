"""The words said nearly everywhere, listed so the search dialog can leave them out of a query.

Pagefind splits its word index into chunks by word (alphabetically), closing a chunk after
about 20,000 word places; a query downloads the chunk each of its words falls in. A word
said in nearly every episode (the, it, and, you) has more places than that on its own, so its
chunk grows with the show: at 5,000 episodes 64 KB to 1 MB for about 60 words (the, it, and,
like, python, think), while a chunk of rarer words stays under about 50 KB
(`podsite.pagefind_chunks` has given each common word a chunk of its own). `write_heavy`
lists, per language in `podsite-heavy.json` beside Pagefind's files, the words of more than
`pagefind_chunks.HEAVY` places in the chunks larger than `LIMIT` bytes, as Pagefind indexes
them, the most said first. The dialog (`assets/podsite/search.js`) neither loads such a word
ahead nor searches for it beside other words (it still finds the moments where all the query's words
are said together). A query made only of such words is searched for the last of them in the
list, the one said least ("the python" searches "python": a word said in every episode changes
no result, and its chunk alone can be a megabyte), and a query of one such word for that word.
Only the word itself: "python" is listed, "pythonic" is not.

The meta index is gzip'ed `pagefind_dcd` + CBOR, `[version, pages, chunks, filters, sorts, ...]`
with each chunk `[first word, last word, hash]`, its file `index/<hash>.pf_index`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .pagefind_chunks import HEAVY, chunk_words, places
from .pagefind_order import ENTRY, UnknownLayout, read_cbor

#: A chunk larger than this on the wire is left out of queries (bytes, compressed as served).
LIMIT = 64 * 1024
NAME = "podsite-heavy.json"


def heavy_words(output: Path) -> dict[str, list[str]]:
    """Language -> the words of more than `HEAVY` places in its chunks over `LIMIT`, the most
    said first (index order among equals)."""
    entry = json.loads((output / ENTRY).read_text(encoding="utf-8"))
    found: dict[str, list[str]] = {}
    for language, facts in sorted((entry.get("languages") or {}).items()):
        meta = read_cbor(output / f"pagefind.{facts['hash']}.pf_meta")
        if not (isinstance(meta, list) and len(meta) >= 3 and isinstance(meta[2], list)):
            raise UnknownLayout("the meta index is not [version, pages, chunks, ...]")
        words: list[tuple[int, str]] = []
        for chunk in meta[2]:
            path = output / "index" / f"{chunk[2]}.pf_index"
            if path.stat().st_size > LIMIT:
                words += [(places(word), str(word[0])) for word in chunk_words(path) if places(word) > HEAVY]
        found[language] = [word for _, word in sorted(words, key=lambda pair: -pair[0])]  # stable: index order
    return found


def write_heavy(output: Path) -> dict[str, list[str]]:
    """Write `podsite-heavy.json` into `output` (a `pagefind/` folder); the words written."""
    words = heavy_words(output)
    tmp = output / f".{NAME}.tmp"
    tmp.write_text(json.dumps(words, ensure_ascii=False, separators=(",", ":"), sort_keys=True), encoding="utf-8")
    os.replace(tmp, output / NAME)
    return words
