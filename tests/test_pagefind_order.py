"""Pagefind's filter indexes in one order (`podsite.pagefind_order`): the real Pagefind
run again and again over the same pages with many filter values gives the same bytes
once settled, and the filters still hold the same pages for each value."""

from __future__ import annotations

import gzip
import shutil
import subprocess
from pathlib import Path

import cbor2
import pytest
from podsite.pagefind_order import SIGNATURE, UI_FILES, UnknownLayout, drop_ui, settle


def _pagefind() -> str:
    import search

    return str(search.pagefind_binary())


def _pages(site: Path) -> None:
    for n in range(14):
        folder = site / "episodes" / f"{n:03d}"
        folder.mkdir(parents=True)
        hosts = ["Ada Brook", "Tomas Reyes"] if n % 2 else ["Tomas Reyes"]
        guests = [f"Guest {n % 5}", f"Guest, with a comma {n % 3}"]
        facts = f'<span data-pagefind-filter="year[data-value]" data-value="{2015 + n % 6}"></span>'
        facts += f'<span data-pagefind-filter="season[data-value]" data-value="{1 + n % 3}"></span>'
        for kind, names in (("host", hosts), ("guest", guests)):
            facts += "".join(f'<span data-pagefind-filter="{kind}[data-value]" data-value="{v}"></span>' for v in names)
        (folder / "index.html").write_text(
            f'<html lang="en"><body><main data-pagefind-body data-pagefind-filter="episode:yes">'
            f"<h1>Episode {n}</h1><p>We talk about the walrus operator, take {n}.</p>{facts}</main></body></html>",
            encoding="utf-8",
        )


def _index(site: Path, out: Path) -> dict[str, bytes]:
    subprocess.run([_pagefind(), "--site", str(site), "--output-path", str(out), "--quiet"], check=True)
    settle(out)
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def _filters(out: Path) -> dict[str, dict[str, list[int]]]:
    found = {}
    for path in (out / "filter").glob("*.pf_filter"):
        name, values = cbor2.loads(gzip.decompress(path.read_bytes())[len(SIGNATURE) :])
        found[name] = {value: pages for value, pages in values}
    return found


def test_the_same_pages_give_the_same_bytes(tmp_path: Path) -> None:
    _pages(tmp_path / "site")
    first = _index(tmp_path / "site", tmp_path / "a")
    for n in range(3):
        again = _index(tmp_path / "site", tmp_path / f"b{n}")
        assert sorted(again) == sorted(first)
        assert [name for name in first if first[name] != again[name]] == []
    names = {name.split("/")[0] for name in first}
    assert {"filter", "fragment", "index", "pagefind-entry.json"} <= names


def test_settling_keeps_every_value_and_its_pages(tmp_path: Path) -> None:
    _pages(tmp_path / "site")
    out = tmp_path / "out"
    subprocess.run([_pagefind(), "--site", str(tmp_path / "site"), "--output-path", str(out), "--quiet"], check=True)
    before = _filters(out)
    settle(out)
    after = _filters(out)
    assert after == before
    assert set(after) == {"episode", "year", "season", "host", "guest"}
    assert after["guest"]["Guest, with a comma 1"]  # a comma does not split a name
    for path in (out / "filter").glob("*.pf_filter"):
        _, values = cbor2.loads(gzip.decompress(path.read_bytes())[len(SIGNATURE) :])
        assert [v for v, _ in values] == sorted(v for v, _ in values)
    meta = next(out.glob("pagefind.*.pf_meta"))
    assert meta.name.split(".")[1] in (out / "pagefind-entry.json").read_text(encoding="utf-8")


def test_an_index_of_another_layout_is_refused_not_broken(tmp_path: Path) -> None:
    _pages(tmp_path / "site")
    out = tmp_path / "out"
    subprocess.run([_pagefind(), "--site", str(tmp_path / "site"), "--output-path", str(out), "--quiet"], check=True)
    meta = next(out.glob("pagefind.*.pf_meta"))
    meta.write_bytes(gzip.compress(b"something else"))
    with pytest.raises(UnknownLayout):
        settle(out)
    shutil.rmtree(out)


def test_pagefinds_own_interfaces_leave_and_what_the_dialog_loads_stays(tmp_path: Path) -> None:
    """The site's dialog loads `pagefind.js` (its worker, WebAssembly and index); Pagefind's
    own interfaces are not published."""
    _pages(tmp_path / "site")
    out = tmp_path / "out"
    subprocess.run([_pagefind(), "--site", str(tmp_path / "site"), "--output-path", str(out), "--quiet"], check=True)
    written = {p.name for p in out.iterdir()}
    assert set(UI_FILES) <= written, "Pagefind no longer writes these: update UI_FILES"
    assert sorted(drop_ui(out)) == sorted(UI_FILES)
    left = {p.name for p in out.iterdir()}
    assert not left & set(UI_FILES)
    assert {"pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "fragment", "index"} <= left
    assert any(name.startswith("wasm.") for name in left)
