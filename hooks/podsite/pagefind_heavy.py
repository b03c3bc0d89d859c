"""The word ranges of Pagefind's heaviest index chunks, so the search dialog can leave them out.

Pagefind splits its word index into chunks by word (alphabetically), closing a chunk after
about 20,000 word places; a query downloads the chunk each of its words falls in. A word
said in nearly every episode (the, it, and, you) has more places than that on its own, so its
chunk grows with the show: at 5,000 episodes about 0.3 to 1 MB each, while any other chunk
stays under about 100 KB. `write_heavy` lists the ranges (first and last word) of the chunks
larger than `LIMIT` bytes, per language, in `podsite-heavy.json` beside Pagefind's files (as
the meta index names them: each cut to what tells the chunks apart, `the`, `wa`). The chunk is
that large because of its last word (Pagefind closes a chunk once it holds enough places); the
dialog (`assets/podsite/search.js`) neither loads a word that falls in such a range ahead nor
searches for it beside other words (it still finds the moments where all the query's words are
said together), and searches for it only when the query has no other word.

The meta index is gzip'ed `pagefind_dcd` + CBOR, `[version, pages, chunks, filters, sorts, ...]`
with each chunk `[first word, last word, hash]`, its file `index/<hash>.pf_index`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .pagefind_order import ENTRY, UnknownLayout, read_cbor

#: A chunk larger than this on the wire is left out of queries (bytes, compressed as served).
LIMIT = 200 * 1024
NAME = "podsite-heavy.json"


def heavy_ranges(output: Path) -> dict[str, list[list[str]]]:
    """Language -> the `[first, last]` words of its chunks over `LIMIT`, in index order."""
    entry = json.loads((output / ENTRY).read_text(encoding="utf-8"))
    found: dict[str, list[list[str]]] = {}
    for language, facts in sorted((entry.get("languages") or {}).items()):
        meta = read_cbor(output / f"pagefind.{facts['hash']}.pf_meta")
        if not (isinstance(meta, list) and len(meta) >= 3 and isinstance(meta[2], list)):
            raise UnknownLayout("the meta index is not [version, pages, chunks, ...]")
        ranges = []
        for chunk in meta[2]:
            first, last, name = chunk[:3]
            if (output / "index" / f"{name}.pf_index").stat().st_size > LIMIT:
                ranges.append([str(first), str(last)])
        found[language] = ranges
    return found


def write_heavy(output: Path) -> dict[str, list[list[str]]]:
    """Write `podsite-heavy.json` into `output` (a `pagefind/` folder); the ranges written."""
    ranges = heavy_ranges(output)
    tmp = output / f".{NAME}.tmp"
    tmp.write_text(json.dumps(ranges, ensure_ascii=False, separators=(",", ":"), sort_keys=True), encoding="utf-8")
    os.replace(tmp, output / NAME)
    return ranges
