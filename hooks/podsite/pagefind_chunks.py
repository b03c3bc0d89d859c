"""Pagefind's word index cut where one word outweighs the rest of its chunk.

Pagefind (1.5) sorts the show's words and cuts them into chunks, closing a chunk once it
holds about 20,000 word places; a query downloads the chunk each of its words falls in. A
common word ("want", said some 90,000 times in 5,000 episodes) closes its chunk on its own,
so every rarer word sorted just before it ("walrus") shares its places: 90 to 130 KB on
the wire for a word said in a handful of episodes, half a second on a slow mobile line.

`split` rewrites each chunk over `LARGE` bytes (as served, gzip'ed) that holds a word of
more than `HEAVY` places (counted as Pagefind counts them, a place per page more): every
such word gets a chunk of its own, and the words between them stay together. The words,
their pages and places are Pagefind's, unchanged and in the same order; only the files
they are in change.

The meta index lists each chunk as `[first word, last word, file]`, and Pagefind's search
loads the chunks whose range may hold a query word. Pagefind writes a chunk's ends cut to
what tells it from its neighbours (`wal`, `wan`); the new chunks' inner ends are written
whole instead (nothing cut), so each range holds exactly its own words and a word loads
only its own chunk, and the old chunk's outer ends stay as Pagefind wrote them, so its
neighbours find what they found before. (In Chromium, an index split into a chunk per word
finds what the unsplit one finds: `tests/browser/test_browser_search.py`.)

An index merged from parts (`podsite.pagefind_merge`) is split as its chunks are written
(`merge(..., split=(LARGE, HEAVY))`), into the same files `split` would make of it, so its
chunks are not read again.

A chunk file is gzip'ed `pagefind_dcd` + CBOR `[[[word, [[page, [place, ...]], ...]], ...]]`,
named `<language>_<SHA-1 of the CBOR>` cut to 7 hex characters (longer where names collide),
as Pagefind names them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import cbor2

from .pagefind_order import UnknownLayout, content_name, loads, payload, rewrite_metas, write_payload

#: zlib level of a chunk written here (and by `podsite.pagefind_merge`, whose chunk sizes on the
#: wire decide which are split, as `split` decides it from the files).
LEVEL = 6
#: A chunk smaller than this on the wire (bytes, gzip'ed) is left as Pagefind wrote it.
LARGE = 48 * 1024
#: A word of more places than this gets a chunk of its own (Pagefind closes a chunk after
#: about 20,000; a place takes about 2.7 bytes before gzip).
HEAVY = 8000


def chunk_words(path: Path) -> list[Any]:
    """The word entries of an index chunk file, in order."""
    content = payload(path)
    if content is None:
        raise UnknownLayout(f"{path.name} does not start with the Pagefind signature")
    chunk = loads(content, path)
    if not (isinstance(chunk, list) and len(chunk) == 1 and isinstance(chunk[0], list)):
        raise UnknownLayout(f"{path.name} is not [[word, pages], ...]")
    return chunk[0]


def places(word: list[Any]) -> int:
    """A word entry's places, as Pagefind weighs a chunk: each page's places and one for the page."""
    return sum(len(page[1]) + 1 for page in word[1])


def groups(words: Sequence[Any], heavy: int = HEAVY, weigh: Callable[[Any], int] = places) -> list[list[Any]]:
    """`words` (in order) cut so each word of more than `heavy` places (`weigh`) stands alone."""
    cut: list[list[Any]] = []
    run: list[Any] = []
    for word in words:
        if weigh(word) > heavy:
            if run:
                cut.append(run)
                run = []
            cut.append([word])
        else:
            run.append(word)
    if run:
        cut.append(run)
    return cut


def ranges(first: str, last: str, words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The meta index's `[from, to]` of each chunk a chunk listed from `first` to `last` is split
    into, given each new chunk's first and last word: the outer ends as Pagefind wrote them, the
    inner ones whole."""
    return [(first if n == 0 else start, last if n == len(words) - 1 else end) for n, (start, end) in enumerate(words)]


def _split_language(output: Path, language: str, meta: list[Any], large: int, heavy: int) -> bool:
    """Split the heavy chunks of one language's meta index in place (`meta[2]`); True if any."""
    index = output / "index"
    taken = {path.name.removesuffix(".pf_index") for path in index.glob("*.pf_index")}
    chunks: list[list[str]] = []
    changed = False
    for chunk in meta[2]:
        first, last, name = (str(part) for part in chunk[:3])
        path = index / f"{name}.pf_index"
        if path.stat().st_size <= large:
            chunks.append([first, last, name])
            continue
        cut = groups(chunk_words(path), heavy)
        if len(cut) < 2:
            chunks.append([first, last, name])
            continue
        bounds = ranges(first, last, [(str(group[0][0]), str(group[-1][0])) for group in cut])
        for (start, end), group in zip(bounds, cut, strict=True):
            content = cbor2.dumps([group])
            new = content_name(language, content, taken)
            write_payload(index, f"{new}.pf_index", content, compresslevel=LEVEL)
            chunks.append([start, end, new])
        path.unlink()
        changed = True
    meta[2] = chunks
    return changed


def split(output: Path, large: int | None = None, heavy: int | None = None) -> bool:
    """Split the heavy index chunks of every language in `output` (a `pagefind/` folder) and
    rewrite its meta index and entry to list them; True when anything changed. `large` and
    `heavy` default to `LARGE` and `HEAVY`. Raises UnknownLayout (or OSError)."""
    large = LARGE if large is None else large
    heavy = HEAVY if heavy is None else heavy
    split_any = False

    def cut(language: str, meta: list[Any]) -> list[Any] | None:
        nonlocal split_any
        if not (len(meta) >= 3 and isinstance(meta[2], list)):
            raise UnknownLayout("the meta index is not [version, pages, chunks, ...]")
        if not _split_language(output, language, meta, large, heavy):
            return None
        split_any = True
        return meta

    rewrite_metas(output, cut)
    return split_any
