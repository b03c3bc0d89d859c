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
keep their text, and the JSON is otherwise left byte for byte as it was. The rewrite is the
same for the same fragment, so the same pages still give the same bytes.

Pagefind is given each page with its line anchors apart (`anchors_apart`: an empty
element before the line's words), which gives the same fragment with no text in the line
anchors in the first place; `slim` remains for what is left over (the lines of a page in a
script written without spaces, which keep their text, and any index Pagefind made of the
pages as they are).

A fragment is named by its content, as Pagefind names it (`<language>_` and the SHA-1 of its
JSON, 7 hex characters, longer where names collide), and hosts may cache it for good under
that name: a slimmed fragment is renamed after its new content, and the meta index's list of
pages (`[version, [[fragment, word count], ...], ...]`) names it so. (Filters and sorts refer
to pages by their place in that list, which does not change.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .pagefind_order import UnknownLayout, content_name, payload, rewrite_metas, write_payload
from .parallel import workers

#: Scripts written without spaces between words; the dialog's UNSPACED (search.js).
UNSPACED = re.compile("[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
#: A transcript line's anchor as Pagefind writes it (serde's order of its fields, no spaces):
#: its id `t=HH:MM:SS` (`podsite.timecode.anchor`, maybe with `-2`...) and its text, a JSON string.
LINE_ANCHOR = re.compile(rb'(\{"element":"[a-z0-9]+","id":"t=\d[^"\\]*","text":)("[^"\\]*(?:\\.[^"\\]*)*")')


#: A transcript line's opening tag in the page (`partials/transcript.html`): its anchor.
LINE_TAG = re.compile(r'<span id="(t=\d[^"]*)"((?: data-t="[^"]*")?)>')


def anchors_apart(html: str) -> str:
    """A page as Pagefind is given it: each transcript line's anchor an empty element just
    before the line's words (`<span id="t=..."></span><span>...`), so Pagefind records the
    line's place in the page's words and no second copy of its text, the same fragment `slim`
    makes, at a fraction of the cost (Pagefind has half the text to keep and write). A page with
    words in a script written without spaces is left whole (`slim` then empties its other lines)."""
    return html if left_whole(html) else _lines_apart(html)


#: What follows `<span id="t=` in a transcript line's opening tag (`LINE_TAG`).
_LINE_REST = re.compile(r'\d[^"]*"(?: data-t="[^"]*")?>')
_LINE_OPEN = '<span id="t='


def _lines_apart(html: str) -> str:
    """`LINE_TAG.sub(r'<span id="\\1"\\2></span><span>', html)`, sooner: the page split at each
    line's opening tag (a tag cannot hold the next one: its id stops at a quote)."""
    pieces = html.split(_LINE_OPEN)
    out = [pieces[0]]
    rest = _LINE_REST.match
    for piece in pieces[1:]:
        found = rest(piece)
        if found is None:
            out.append(_LINE_OPEN + piece)
        else:
            end = found.end()
            out.append(_LINE_OPEN + piece[:end] + "</span><span>" + piece[end:])
    return "".join(out)


def left_whole(html: str) -> bool:
    """Whether `anchors_apart` leaves the page as it is (words in a script written without spaces)."""
    return UNSPACED.search(html) is not None


#: Pagefind's mark of the part of a page it indexes, on an element: once one page of a run has
#: it, Pagefind leaves out every page without it.
BODY = re.compile(r"<[A-Za-z][^<>]*?\sdata-pagefind-body(?=[\s=/>])")


@dataclass
class Copied:
    """What `pages_for_index` found: the pages that mark their indexed part (`BODY`), and the
    pages left whole by `anchors_apart`, whose other lines `slim` still empties."""

    marked: set[str] = field(default_factory=set)
    read_whole: set[str] = field(default_factory=set)


def pages_for_index(site_dir: Path, pages: Iterable[str], dest: Path) -> Copied:
    """Write each page (a path under `site_dir`) to the same path under `dest`, as Pagefind is to
    read it (`anchors_apart`)."""
    copied = Copied()
    for name in pages:
        page_for_index(name, (site_dir / name).read_text(encoding="utf-8"), dest, copied)
    return copied


def page_for_index(name: str, text: str, dest: Path, copied: Copied) -> None:
    """Write one page's `text` to `name` under `dest` as Pagefind is to read it (`anchors_apart`),
    noting in `copied` what `pages_for_index` notes."""
    if BODY.search(text):
        copied.marked.add(name)
    whole = left_whole(text)
    if whole:
        copied.read_whole.add(name)
    out = dest / name
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text if whole else _lines_apart(text), encoding="utf-8")  # as `anchors_apart`


def _emptied(match: re.Match[bytes]) -> bytes:
    if UNSPACED.search(match.group(2).decode("utf-8", "replace")):  # serde writes them unescaped
        return match.group(0)
    return match.group(1) + b'""'


def slim_bytes(data: bytes) -> bytes:
    """A fragment's bytes (after the signature, JSON) with the line anchors' text emptied; the
    JSON is otherwise left byte for byte as Pagefind wrote it."""
    return LINE_ANCHOR.sub(_emptied, data)


def _rename_pages(output: Path, renamed: dict[str, str]) -> None:
    """Name the renamed fragments in every language's meta index (and the entry, the meta's name)."""

    def named(_language: str, meta: list[Any]) -> list[Any] | None:
        if not (len(meta) >= 2 and isinstance(meta[1], list)):
            raise UnknownLayout("the meta index is not [version, pages, ...]")
        if not any(page[0] in renamed for page in meta[1]):
            return None
        return [meta[0], [[renamed.get(page[0], page[0]), *page[1:]] for page in meta[1]], *meta[2:]]

    rewrite_metas(output, named)


def _slimmed(path: Path) -> bytes | None:
    """A fragment's JSON without its line anchors' text, or None when there is nothing to empty."""
    content = payload(path)
    if content is None:
        return None
    slimmed = slim_bytes(content)
    return slimmed if len(slimmed) != len(content) else None


def slim(output: Path) -> int:
    """Slim every fragment under `output` (a `pagefind/` folder), rename it after its content and
    name it so in the meta index; how many were rewritten.

    Reading and writing (gzip, which lets other threads run) are spread over threads, one per
    CPU; the names are chosen one after another in file order (a name collision gives a longer
    name, as Pagefind does), so the same fragments always get the same names."""
    paths = sorted((output / "fragment").glob("*.pf_fragment"))
    taken = {path.name.removesuffix(".pf_fragment") for path in paths}
    renamed: dict[str, str] = {}
    with ThreadPoolExecutor(max_workers=max(1, min(workers(), 8))) as threads:
        writes: list[tuple[Path, str, bytes]] = []
        for path, slimmed in zip(paths, threads.map(_slimmed, paths), strict=True):
            old = path.name.removesuffix(".pf_fragment")
            taken.discard(old)
            if slimmed is None:
                taken.add(old)
                continue
            new = content_name(old.rpartition("_")[0], slimmed, taken)
            writes.append((path, new, slimmed))
            if new != old:
                renamed[old] = new

        def write(job: tuple[Path, str, bytes]) -> None:
            path, new, slimmed = job
            write_payload(path.parent, f"{new}.pf_fragment", slimmed, compresslevel=6)

        list(threads.map(write, writes))
    written = {new for _, new, _ in writes}
    for old in renamed:
        if old not in written:  # a later fragment may have been given a name freed before it
            (output / "fragment" / f"{old}.pf_fragment").unlink()
    if renamed:
        _rename_pages(output, renamed)
    return len(renamed)
