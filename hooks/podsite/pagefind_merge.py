"""One Pagefind index out of the indexes of several Pagefind runs, each over a part of the pages.

Pagefind (1.5) holds every page's words and text in memory until it writes the index:
about 1.45 MB a transcript page, so 7 GB for a show of 5,000 episodes. Run over parts of
the pages one after another (`search.py`), each run holds only its part; `merge` then
writes one index of them as one run over all the pages would, but for the pages' numbers
(given part after part; Pagefind numbers a run's pages in an order of its own): one meta
index, one filter file a filter, one set of word chunks cut where one run cuts them, so a
query downloads about what it downloads from a single run's index and every page is scored
against the whole show's statistics. (Pagefind's own
`mergeIndex` in the browser keeps the parts apart: every part's meta index and chunks on
every query, and each part ranked on its own; see BENCHMARKS.)

What Pagefind 1.5.2 writes, as read from its output (its format is not documented; a
layout this module does not know raises `UnknownLayout` and the caller indexes the pages
in one run instead):

- meta index `[version, [[fragment, word count], ...], [[from, to, chunk], ...],
  [[filter, file], ...], sorts, [meta field, ...]]`; the pages' order is their number;
- a word chunk `[[[word, pages, variants], ...]]`, words sorted, a page
  `[page number, places, meta places]`, each page's number the difference from the page
  before it in the list (the first from 0); `variants` `[[spelling, pages], ...]` for the
  word's spellings with diacritics; meta places refer to a meta field as `-(index + 1)` in
  the meta index's list of fields (sorted);
- a filter file `[filter, [[value, [page number, ...]], ...]]`, the numbers themselves;
- Pagefind closes a chunk once its words hold 20,000 places (`CHUNK`), counting for every
  page its places, its meta places and one (`Word.places`); a chunk's ends in the meta index
  are cut to what tells it from its neighbour (`ends`);
- every file is named `<language>_` and the SHA-1 of its content (`content_name`).

Decoding every word's pages is most of the work (`read_words`, which `search.py` runs for
each part while Pagefind indexes the next); the merged chunks are then written from each
part's bytes, only a word's first page of each part encoded again (its number), or all its
pages where their meta places must name another field. The page fragments are written by
each run as they are (a page's fragment does not depend on the other pages) and moved into
the merged index; a fragment name two parts both gave to different pages is made longer for
the later one, as Pagefind does within one run.
`tests/test_pagefind_merge.py` checks a merged index against Pagefind's own single run over
the same pages, pages named by their URL: the same pages, words, places, variants, meta
places, filters and chunks.
"""

from __future__ import annotations

import heapq
import io
import json
import os
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

import cbor2

from .pagefind_chunks import LEVEL, groups, ranges
from .pagefind_order import (
    ENTRY,
    UnknownLayout,
    content_name,
    full_hash,
    packed,
    payload,
    read_cbor,
    write_packed,
    write_payload,
)
from .parallel import workers

#: Pagefind's chunk size: a chunk is closed once its words hold this many places.
CHUNK = 20000


@dataclass
class _Part:
    """One run's index of one language."""

    folder: Path
    meta: list[Any]
    offset: int  # the number of the part's first page in the merged index
    fields: list[int]  # each of the part's meta fields' index in the merged list
    remap: bool = False  # whether those differ from the part's own
    words: list[Word] = field(default_factory=list)  # its words, in order (`read_words`)
    facts: dict[str, Any] = field(default_factory=dict)  # its entry for the language


def _meta(folder: Path, facts: dict[str, Any]) -> list[Any]:
    meta = read_cbor(folder / f"pagefind.{facts['hash']}.pf_meta")
    if not (
        isinstance(meta, list)
        and len(meta) == 6
        and all(isinstance(part, list) for part in meta[1:])
        and all(isinstance(page, list) and len(page) == 2 for page in meta[1])
    ):
        raise UnknownLayout(f"{folder.name}: the meta index is not [version, pages, chunks, filters, sorts, fields]")
    if meta[4]:
        raise UnknownLayout(f"{folder.name}: the pages have sort orders, which cannot be merged")
    return meta


def _head(major: int, n: int) -> bytes:
    """A CBOR item's head: its major type and `n`, in the fewest bytes (as Pagefind writes them)."""
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise ValueError(f"{n} is too large for CBOR")


ARRAY = 4


def _array_length(content: bytes, at: int) -> tuple[int, int]:
    """The length of the CBOR array whose head is at `at`, and where its first item starts."""
    first = content[at]
    if first >> 5 != ARRAY or first & 31 > 27:
        raise UnknownLayout("an index chunk is not [[word, pages, variants], ...]")
    info = first & 31
    if info < 24:
        return info, at + 1
    size = 1 << (info - 24)
    return int.from_bytes(content[at + 1 : at + 1 + size], "big"), at + 1 + size


@dataclass(slots=True)
class Word:
    """What the merge needs of one word of a part's index (`read_words`): where its bytes are,
    and the facts that would take decoding them again."""

    word: str
    chunk: int  # its chunk's place in the part's meta index
    start: int  # its bytes in the chunk (after the signature)
    end: int
    pages: int  # how many pages it is on
    first: int  # the first one's number
    last: int  # the last one's number
    places: int  # its weight in a chunk, as Pagefind counts it
    said: int  # its places and pages, as `pagefind_chunks.places` weighs a word
    first_bytes: int  # the length of its first page's entry
    meta: bool  # whether it is in a page's meta fields
    variants: list[Any]  # its spellings with diacritics: [[spelling, pages], ...]
    variants_bytes: int  # their length


def _word(item: Any, chunk: int, start: int, end: int, where: str) -> Word:
    if not (isinstance(item, list) and len(item) == 3 and isinstance(item[1], list) and isinstance(item[2], list)):
        raise UnknownLayout(f"{where}: a word is not [word, pages, variants]")
    pages = item[1]
    if pages and not (isinstance(pages[0], list) and len(pages[0]) == 3):
        raise UnknownLayout(f"{where}: a page is not [number, places, meta places]")
    return Word(
        word=str(item[0]),
        chunk=chunk,
        start=start,
        end=end,
        pages=len(pages),
        first=pages[0][0] if pages else 0,
        last=sum(map(itemgetter(0), pages)),
        places=len(pages) + sum(map(len, map(itemgetter(1), pages))) + sum(map(len, map(itemgetter(2), pages))),
        said=len(pages) + sum(map(len, map(itemgetter(1), pages))),
        first_bytes=len(cbor2.dumps(pages[0])) if pages else 0,
        meta=any(map(itemgetter(2), pages)),
        variants=item[2],
        variants_bytes=len(cbor2.dumps(item[2])),
    )


def read_words(folder: Path) -> dict[str, list[Word]]:
    """Every word of each language's index in `folder` (one Pagefind run's output), in order.

    This is most of a merge's work (decoding every page of every word), so `search.py` does it
    for each part while Pagefind indexes the next. Raises UnknownLayout (or OSError)."""
    entry = json.loads((folder / ENTRY).read_text(encoding="utf-8"))
    found: dict[str, list[Word]] = {}
    for language, facts in sorted((entry.get("languages") or {}).items()):
        words: list[Word] = []
        for number, chunk in enumerate(_meta(folder, facts)[2]):
            path = folder / "index" / f"{chunk[2]}.pf_index"
            content = _chunk(path)
            count, start = _array_length(content, 1)
            stream = io.BytesIO(content)
            stream.seek(start)
            decoder = cbor2.CBORDecoder(stream)
            for _ in range(count):
                try:
                    item = decoder.decode()
                except cbor2.CBORDecodeError as exc:
                    raise UnknownLayout(f"{path.name}: {exc}") from exc
                end = stream.tell()
                words.append(_word(item, number, start, end, path.name))
                start = end
        found[language] = words
    return found


def _chunk(path: Path) -> bytes:
    content = payload(path)
    if content is None or content[:1] != _head(ARRAY, 1):
        raise UnknownLayout(f"{path.name} is not [[word, pages, variants], ...]")
    return content


def _words(part: _Part, number: int) -> Iterator[tuple[str, int, Word, memoryview]]:
    """The part's words in order, a chunk read at a time: (word, the part's number, its facts,
    its bytes)."""
    loaded, view = -1, memoryview(b"")
    for word in part.words:
        if word.chunk != loaded:
            loaded = word.chunk
            view = memoryview(_chunk(part.folder / "index" / f"{part.meta[2][loaded][2]}.pf_index"))
        yield word.word, number, word, view[word.start : word.end]


def _renumbered(pages: list[Any], part: _Part, last: int) -> list[Any]:
    """A part's page list of a word as the merged list goes on after page `last`: its first page
    numbered from `last`, meta places naming the merged list of fields."""
    first = pages[0]
    changed = [[part.offset + first[0] - last, first[1], first[2]], *pages[1:]]
    if part.remap:
        changed = [
            [page[0], page[1], [(-part.fields[-x - 1] - 1 if x < 0 else x) for x in page[2]]] for page in changed
        ]
    return changed


def _pages_bytes(pieces: list[tuple[_Part, Word, memoryview]]) -> tuple[bytes, int, int]:
    """The merged page list of one word (each piece: a part, the word's facts there and its
    bytes) as CBOR; its weight in a chunk, as Pagefind counts it; its places and pages
    (`Word.said`).

    A part's pages are the part's own bytes after the first page, which is numbered anew,
    unless their meta places need the merged list of fields: only those are encoded again."""
    out: list[bytes | memoryview] = []
    count = size = said = last = 0
    for part, word, raw in pieces:
        if not word.pages:
            continue
        begin = len(_head(ARRAY, 3)) + len(cbor2.dumps(word.word)) + len(_head(ARRAY, word.pages))
        if part.remap and word.meta:
            changed = _renumbered(cbor2.loads(raw)[1], part, last)
            out.append(cbor2.dumps(changed)[len(_head(ARRAY, len(changed))) :])
        else:
            first = cbor2.loads(raw[begin : begin + word.first_bytes])
            out.append(cbor2.dumps([part.offset + word.first - last, first[1], first[2]]))
            out.append(raw[begin + word.first_bytes : len(raw) - word.variants_bytes])
        count += word.pages
        size += word.places
        said += word.said
        last = part.offset + word.last
    return _head(ARRAY, count) + b"".join(out), size, said


def _listed_bytes(pieces: list[tuple[_Part, list[Any]]]) -> bytes:
    """A merged page list (each piece: a part and its pages, decoded) as CBOR."""
    merged: list[Any] = []
    last = 0
    for part, pages in pieces:
        if pages:
            merged += _renumbered(pages, part, last)
            last = part.offset + sum(map(itemgetter(0), pages))
    return cbor2.dumps(merged)


def _word_bytes(word: str, pieces: list[tuple[_Part, Word, memoryview]]) -> tuple[bytes, int, int]:
    """One word's merged entry `[word, pages, variants]` as CBOR, its weight in a chunk, and its
    places and pages (`Word.said`)."""
    pages, size, said = _pages_bytes(pieces)
    spellings: dict[str, list[tuple[_Part, list[Any]]]] = {}
    for part, facts, _ in pieces:
        for variant in facts.variants:
            spellings.setdefault(str(variant[0]), []).append((part, variant[1]))
    variants = [_head(ARRAY, len(spellings))]
    for spelling, own in spellings.items():
        variants.append(_head(ARRAY, 2) + cbor2.dumps(spelling) + _listed_bytes(own))
    return _head(ARRAY, 3) + cbor2.dumps(word) + pages + b"".join(variants), size, said


def ends(first: str, last: str, next_first: str) -> tuple[str, str]:
    """Pagefind's end of a chunk (its `last` word; `first`, its start in the meta index) and start
    of the next (`next_first`) in the meta index: each cut to one character past what they
    share, the end kept whole where the cut would sort before the chunk's start."""
    common = 0
    for a, b in zip(last, next_first, strict=False):
        if a != b:
            break
        common += 1
    end = last[: common + 1]
    return (last if end < first else end), next_first[: common + 1]


def _content(words: list[tuple[str, bytes, int]]) -> bytes:
    """A chunk's CBOR of its words' entries (word, entry's bytes, places)."""
    return _head(ARRAY, 1) + _head(ARRAY, len(words)) + b"".join(entry for _, entry, _ in words)


def _write_chunks(
    language: str, parts: list[_Part], output: Path, split: tuple[int, int] | None = None
) -> list[list[str]]:
    """Merge the parts' words into chunks as Pagefind cuts them, write them (gzip on a thread
    per CPU) and return the meta index's list of them, `[from, to, file]`. With `split`
    (`pagefind_chunks`' large and heavy), a chunk over `large` bytes on the wire with a word of
    more than `heavy` places is written as the chunks `pagefind_chunks.split` would cut it into,
    named as it names them."""
    chunks: list[list[str]] = []
    names: set[str] = set()
    words: list[tuple[str, bytes, int]] = []
    first = ""
    size = 0
    writes: list[Future[None]] = []
    #: chunks that may be split (by their place in `chunks`): their words and their packed bytes
    maybe: dict[int, tuple[list[tuple[str, bytes, int]], Future[bytes]]] = {}
    with ThreadPoolExecutor(max_workers=max(1, min(workers(), 8))) as threads:

        def write(name: str, content: bytes) -> None:
            writes.append(threads.submit(write_payload, output / "index", f"{name}.pf_index", content, LEVEL))

        def close(last: str) -> None:
            nonlocal words, size
            content = _content(words)
            name = content_name(language, content, names)
            if split is not None and len(words) > 1 and any(said > split[1] for _, _, said in words):
                maybe[len(chunks)] = (words, threads.submit(packed, content, LEVEL))
            else:
                write(name, content)
            chunks.append([first, last, name])
            words, size = [], 0

        streams = [_words(part, n) for n, part in enumerate(parts)]
        merged = heapq.merge(*streams, key=itemgetter(0))
        for word, group in groupby(merged, key=itemgetter(0)):
            encoded, places, said = _word_bytes(word, [(parts[number], entry, raw) for _, number, entry, raw in group])
            if not words:
                first = word
            words.append((word, encoded, said))
            size += places
            if size >= CHUNK:
                close(word)
        if words:
            close(word)
        for n in range(len(chunks) - 1):
            chunks[n][1], chunks[n + 1][0] = ends(chunks[n][0], chunks[n][1], chunks[n + 1][0])
        if split is not None:
            chunks = _split(language, chunks, maybe, names, split, write, output)
        for job in writes:
            job.result()
    return chunks


def _split(
    language: str,
    chunks: list[list[str]],
    maybe: dict[int, tuple[list[tuple[str, bytes, int]], Future[bytes]]],
    names: set[str],
    split: tuple[int, int],
    write: Callable[[str, bytes], None],
    output: Path,
) -> list[list[str]]:
    """The chunks with each of `maybe` written whole or as `pagefind_chunks.split` cuts it."""
    large, heavy = split
    out: list[list[str]] = []
    for n, (first, last, name) in enumerate(chunks):
        if n not in maybe:
            out.append([first, last, name])
            continue
        words, data = maybe[n]
        cut = groups(words, heavy, itemgetter(2)) if len(data.result()) > large else [words]
        if len(cut) < 2:
            write_packed(output / "index", f"{name}.pf_index", data.result())
            out.append([first, last, name])
            continue
        for (start, end), group in zip(
            ranges(first, last, [(group[0][0], group[-1][0]) for group in cut]), cut, strict=True
        ):
            content = _content(group)
            new = content_name(language, content, names)
            write(new, content)
            out.append([start, end, new])
    return out


def _merge_language(
    language: str, parts: list[_Part], output: Path, split: tuple[int, int] | None = None
) -> tuple[str, int]:
    """Write one language's merged fragments, chunks, filters and meta index; (meta name, pages)."""
    (output / "fragment").mkdir(parents=True, exist_ok=True)
    (output / "index").mkdir(parents=True, exist_ok=True)
    (output / "filter").mkdir(parents=True, exist_ok=True)
    version = parts[0].meta[0]
    fields: list[str] = sorted({str(name) for part in parts for name in part.meta[5]})
    taken = {path.name.removesuffix(".pf_fragment") for path in (output / "fragment").glob("*.pf_fragment")}
    pages: list[list[Any]] = []
    for part in parts:
        if part.meta[0] != version:
            raise UnknownLayout(f"{part.folder.name}: written by Pagefind {part.meta[0]}, another by {version}")
        part.offset = len(pages)
        part.fields = [fields.index(str(name)) for name in part.meta[5]]
        part.remap = part.fields != list(range(len(part.fields)))
        for name, words in part.meta[1]:
            source = part.folder / "fragment" / f"{name}.pf_fragment"
            new = name
            if name in taken:
                content = payload(source)
                if content is None:
                    raise UnknownLayout(f"{source.name} does not start with the Pagefind signature")
                if payload(output / "fragment" / f"{name}.pf_fragment") != content:  # another page
                    new = content_name(language, content, taken)
                    write_payload(output / "fragment", f"{new}.pf_fragment", content)
                source.unlink()
            else:
                taken.add(name)
                os.replace(source, output / "fragment" / f"{name}.pf_fragment")
            pages.append([new, words])

    chunks = _write_chunks(language, parts, output, split)

    values: dict[str, dict[str, list[int]]] = {}
    for part in parts:
        for name, file in part.meta[3]:
            index = read_cbor(part.folder / "filter" / f"{file}.pf_filter")
            if not (isinstance(index, list) and len(index) == 2 and isinstance(index[1], list)):
                raise UnknownLayout(f"{file}.pf_filter is not [filter, values]")
            for value, numbers in index[1]:
                values.setdefault(str(name), {}).setdefault(str(value), []).extend(part.offset + n for n in numbers)
    filters = []
    filter_names: set[str] = set()
    for name in sorted(values):
        content = cbor2.dumps([name, [[value, numbers] for value, numbers in sorted(values[name].items())]])
        file = content_name(language, content, filter_names)
        write_payload(output / "filter", f"{file}.pf_filter", content)
        filters.append([name, file])

    meta = cbor2.dumps([version, pages, chunks, filters, [], fields])
    meta_name = f"{language}_{full_hash(meta)[: len(language) + 8]}"
    write_payload(output, f"pagefind.{meta_name}.pf_meta", meta)
    return meta_name, len(pages)


def merge(
    parts: list[Path],
    output: Path,
    words: list[dict[str, list[Word]]] | None = None,
    split: tuple[int, int] | None = None,
) -> None:
    """Write into `output` (a `pagefind/` folder) one index of the pages the Pagefind indexes in
    `parts` (folders, in the order of their pages) hold, and Pagefind's script, worker and
    WebAssembly beside it; `words`, each part's `read_words` when already read; `split`, the
    large and heavy of `pagefind_chunks.split`, to write the chunks as it would split them
    (None: as Pagefind cuts them). Each part's fragments are moved, not copied; the parts are
    left to the caller to remove. Raises UnknownLayout (or OSError)."""
    if words is None:
        words = [read_words(folder) for folder in parts]
    entries = []
    for folder in parts:
        entry = json.loads((folder / ENTRY).read_text(encoding="utf-8"))
        if not isinstance(entry.get("languages"), dict):
            raise UnknownLayout(f"{folder.name}/{ENTRY} lists no languages")
        entries.append(entry)
    output.mkdir(parents=True, exist_ok=True)
    for folder in parts:
        for path in sorted(folder.iterdir()):
            if path.is_file() and not path.name.endswith(".pf_meta") and path.name != ENTRY:
                if not (output / path.name).exists():
                    shutil.copy2(path, output / path.name)
    languages: dict[str, dict[str, Any]] = {}
    for language in sorted({lang for entry in entries for lang in entry["languages"]}):
        own = [
            _Part(
                folder,
                _meta(folder, entry["languages"][language]),
                0,
                [],
                facts=entry["languages"][language],
                words=read[language],
            )
            for folder, entry, read in zip(parts, entries, words, strict=True)
            if language in entry["languages"]
        ]
        meta_name, count = _merge_language(language, own, output, split)
        languages[language] = {"hash": meta_name, "wasm": own[0].facts.get("wasm"), "page_count": count}
    entry = {
        "version": entries[0].get("version"),
        "languages": languages,
        "include_characters": entries[0].get("include_characters", []),
    }
    tmp = output / f".{ENTRY}.tmp"
    tmp.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, output / ENTRY)
