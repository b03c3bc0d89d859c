"""Pagefind's filter indexes in one order, so the same pages give the same bytes.

Pagefind (1.5) collects each filter's values, and the filters themselves, in hash
maps whose order changes from run to run, and writes them in that order: a filter
with more than one value on the site (two years, two hosts) makes a filter file
with other bytes, so another name, so another `pf_meta` and `pagefind-entry.json`,
on every build of the same pages. (Its page fragments and word index are stable.)
`settle` rewrites what Pagefind wrote with the values sorted by value and the
filters (and sorts) by name, named as Pagefind names them (the SHA-1 of the CBOR
content, each byte in hex without its leading zero), so an index Pagefind happened
to write in that order is left byte for byte as it was.

`drop_ui` removes what Pagefind writes for its own search interfaces, which this site
does not load (its dialog reads `pagefind.js`): about 420 KB a site.

Each file is gzip'ed `pagefind_dcd` + CBOR: the meta index is
`[version, pages, index_chunks, filters, sorts, ...]` with `filters` a list of
`[name, file hash]`, a filter file `[name, [[value, [page numbers]], ...]]`.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cbor2

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"


class UnknownLayout(ValueError):
    """Pagefind wrote files this module does not know (another Pagefind version)."""


def payload(path: Path) -> bytes | None:
    """A Pagefind file's content after its signature, unzipped; None when it has no signature."""
    data = gzip.decompress(path.read_bytes())
    return data[len(SIGNATURE) :] if data.startswith(SIGNATURE) else None


def read_cbor(path: Path) -> Any:
    """A Pagefind index file (meta, filter) as the CBOR value it holds."""
    content = payload(path)
    if content is None:
        raise UnknownLayout(f"{path.name} does not start with {SIGNATURE!r}")
    return loads(content, path)


def loads(content: bytes, path: Path) -> Any:
    """CBOR `content` of the file `path` decoded; UnknownLayout when it is not CBOR (cbor2's own
    error is neither a ValueError nor an EOFError)."""
    try:
        return cbor2.loads(content)
    except cbor2.CBORDecodeError as exc:
        raise UnknownLayout(f"{path.name} is not CBOR: {exc}") from exc


def full_hash(content: bytes) -> str:
    """Pagefind's name for content: its SHA-1, each byte in hex without a leading zero."""
    return "".join(f"{byte:x}" for byte in hashlib.sha1(content).digest())


def packed(content: bytes, compresslevel: int = 9) -> bytes:
    """A Pagefind file's bytes: signature + `content`, gzip'ed (the same bytes for the same content)."""
    return gzip.compress(SIGNATURE + content, compresslevel=compresslevel, mtime=0)


def write_packed(folder: Path, name: str, data: bytes) -> None:
    """Write a file's bytes (`packed`) atomically: the old file may be a hard link into a kept index."""
    tmp = folder / f".{name}.tmp"
    tmp.write_bytes(data)
    os.replace(tmp, folder / name)


def write_payload(folder: Path, name: str, content: bytes, compresslevel: int = 9) -> None:
    """Write a Pagefind file (signature + `content`, gzip'ed) atomically: the old file may be a
    hard link into a kept index."""
    write_packed(folder, name, packed(content, compresslevel))


def _settle_filter(folder: Path, language: str, old: str) -> str:
    """Sort one filter file's values; its (possibly new) hash."""
    path = folder / f"{old}.pf_filter"
    index = read_cbor(path)
    if not (isinstance(index, list) and len(index) == 2 and isinstance(index[1], list)):
        raise UnknownLayout(f"{path.name} is not [name, values]")
    content = cbor2.dumps([index[0], sorted(index[1], key=lambda value: str(value[0]))])
    long = f"{language}_{full_hash(content)}"
    new = long[: len(old)]  # Pagefind's length (longer only where names collide)
    write_payload(folder, f"{new}.pf_filter", content)
    if new != old:
        path.unlink()
    return new


def content_name(language: str, content: bytes, taken: set[str] | None = None) -> str:
    """Pagefind's name for a file of `language` holding `content` (a chunk, a fragment): the
    language, `_` and the content's hash cut to 7 characters, longer while the name is in
    `taken` (the name is added to it)."""
    long = f"{language}_{full_hash(content)}"
    length = len(language) + 8
    while taken is not None and long[:length] in taken and length < len(long):
        length += 1
    if taken is not None:
        taken.add(long[:length])
    return long[:length]


def rewrite_metas(output: Path, change: Callable[[str, list[Any]], list[Any] | None]) -> bool:
    """Put every language's meta index of `output` (a `pagefind/` folder) through
    `change(language, meta)`: the meta to write instead (named after its content as Pagefind
    names it, the entry then naming it), or None to leave it. True when a meta's name changed.
    Raises UnknownLayout when a meta index is not a list (or OSError)."""
    entry_path = output / ENTRY
    entry_text = entry_path.read_text(encoding="utf-8")
    entry = json.loads(entry_text)
    changed = False
    for language, facts in sorted((entry.get("languages") or {}).items()):
        old_meta = facts["hash"]
        meta_path = output / f"pagefind.{old_meta}.pf_meta"
        meta = read_cbor(meta_path)
        if not isinstance(meta, list):
            raise UnknownLayout(f"{meta_path.name} is not [version, pages, chunks, filters, sorts, ...]")
        new = change(language, meta)
        if new is None:
            continue
        content = cbor2.dumps(new)
        new_meta = f"{language}_{full_hash(content)}"[: len(old_meta)]
        write_payload(output, f"pagefind.{new_meta}.pf_meta", content)
        if new_meta != old_meta:
            meta_path.unlink()
            entry_text = entry_text.replace(json.dumps(old_meta), json.dumps(new_meta))
            changed = True
    if changed:
        tmp = output / f".{ENTRY}.tmp"
        tmp.write_text(entry_text, encoding="utf-8")
        os.replace(tmp, entry_path)
    return changed


def settle(output: Path) -> bool:
    """Put the filter indexes of every language in `output` (a `pagefind/` folder) in a
    stable order; True when a name changed. Raises UnknownLayout (or OSError).

    Every filter and meta file is written again, even one already in order: the
    compression is then always Python's zlib, never sometimes Pagefind's."""

    def settled(language: str, meta: list[Any]) -> list[Any]:
        if not (len(meta) >= 5 and isinstance(meta[3], list)):
            raise UnknownLayout("the meta index is not [version, pages, chunks, filters, sorts, ...]")
        filters = [[name, _settle_filter(output / "filter", language, hash_)] for name, hash_ in meta[3]]
        return [
            *meta[:3],
            sorted(filters, key=lambda f: str(f[0])),
            sorted(meta[4], key=lambda s: str(s[0])),
            *meta[5:],
        ]

    return rewrite_metas(output, settled)


#: Pagefind's own interfaces (its Default, Modular and Component UI and its highlighter).
UI_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


def drop_ui(output: Path) -> list[str]:
    """Remove Pagefind's interface files from its output folder (the index, `pagefind.js`,
    its worker and its WebAssembly stay); the names removed."""
    removed = []
    for name in UI_FILES:
        path = output / name
        if path.is_file():
            path.unlink()
            removed.append(name)
    return removed
