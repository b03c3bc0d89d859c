"""Pagefind's index chunks split where one word outweighs the rest (`podsite.pagefind_chunks`):
every word keeps its pages and places, in order, and lands in a chunk whose range holds it.
(The browser finds the same results in a split index: tests/browser/test_browser_search.py.)"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path
from typing import Any

import cbor2
import pytest
from podsite import pagefind_chunks
from podsite.pagefind_order import SIGNATURE, full_hash


def _meta(out: Path) -> list[Any]:
    entry = json.loads((out / "pagefind-entry.json").read_text(encoding="utf-8"))
    (facts,) = entry["languages"].values()
    return cbor2.loads(gzip.decompress((out / f"pagefind.{facts['hash']}.pf_meta").read_bytes())[len(SIGNATURE) :])


def _chunk_words(out: Path, name: str) -> list[Any]:
    return cbor2.loads(gzip.decompress((out / "index" / f"{name}.pf_index").read_bytes())[len(SIGNATURE) :])[0]


def _words(out: Path) -> list[Any]:
    """Every word entry of the index, chunk after chunk."""
    return [word for chunk in _meta(out)[2] for word in _chunk_words(out, chunk[2])]


def test_splitting_every_chunk_keeps_every_word_and_its_places(sample_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "pagefind"
    shutil.copytree(sample_site / "pagefind", out)
    before = _words(out)
    chunks_before = len(_meta(out)[2])
    assert pagefind_chunks.split(out, large=0, heavy=0)  # every word a chunk of its own
    meta = _meta(out)
    assert _words(out) == before
    assert len(meta[2]) == len(before) > chunks_before
    # each chunk's range holds its word (the outer ends stay Pagefind's, cut short), and its name
    # is its content's hash, as Pagefind names a chunk (hosts cache them for good)
    for first, last, name in meta[2]:
        (word,) = _chunk_words(out, name)
        assert first <= word[0] and word[0][: len(last)] <= last, (first, last, word[0])
        content = gzip.decompress((out / "index" / f"{name}.pf_index").read_bytes())[len(SIGNATURE) :]
        assert name.startswith("en_") and full_hash(content).startswith(name[3:]), name
    # the index folder holds exactly the chunks listed, and splitting again changes nothing
    assert sorted(p.name for p in (out / "index").iterdir()) == sorted(f"{c[2]}.pf_index" for c in meta[2])
    assert not pagefind_chunks.split(out, large=0, heavy=0)


def test_only_words_heavier_than_the_limit_stand_alone() -> None:
    light = [[f"a{n}", [[0, [n]]]] for n in range(3)]
    heavy = ["want", [[page, list(range(200))] for page in range(20)]]
    words = [*light[:2], heavy, light[2]]
    assert pagefind_chunks.places(heavy) == 20 * 201
    assert pagefind_chunks.groups(words, heavy=4000) == [light[:2], [heavy], [light[2]]]
    assert pagefind_chunks.groups(words, heavy=4020) == [words]


def test_a_small_show_keeps_pagefinds_chunks(sample_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "pagefind"
    shutil.copytree(sample_site / "pagefind", out)
    assert all(p.stat().st_size < pagefind_chunks.LARGE for p in (out / "index").iterdir())
    assert not pagefind_chunks.split(out)


def test_a_damaged_chunk_is_a_warning_and_the_other_steps_still_run(
    sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import search

    site = tmp_path / "site"
    shutil.copytree(sample_site / "pagefind", site / "pagefind")
    (site / "pagefind" / "podsite-heavy.json").unlink()
    victim = next((site / "pagefind" / "index").iterdir())
    victim.write_bytes(b"not gzip")
    monkeypatch.setattr(pagefind_chunks, "LARGE", 0)
    said = search._settled(site)
    assert "largest chunks could not be split" in said, said
    assert (site / "pagefind" / "podsite-heavy.json").is_file()  # the step after it ran


@pytest.mark.parametrize("damage", [b"\xff", b"\x81", b"\x1c"], ids=["a break code", "cut short", "no such item"])
def test_a_chunk_that_is_not_cbor_is_a_warning_too(
    sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes
) -> None:
    """A chunk with Pagefind's signature and gzip but no CBOR after it (cbor2's error is not a
    ValueError): a warning naming the file, not a crash of the indexer."""
    import search

    site = tmp_path / "site"
    shutil.copytree(sample_site / "pagefind", site / "pagefind")
    victim = next((site / "pagefind" / "index").iterdir())
    victim.write_bytes(gzip.compress(SIGNATURE + damage))
    monkeypatch.setattr(pagefind_chunks, "LARGE", 0)
    said = search._settled(site)
    assert "largest chunks could not be split" in said and f"{victim.name} is not CBOR" in said, said
