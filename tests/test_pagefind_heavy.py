"""The commonest words' index chunks (`podsite.pagefind_heavy`): listed beside Pagefind's
files by their first and last word, so the search dialog can leave them out of a query."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import cbor2
import pytest
from podsite import pagefind_heavy
from podsite.pagefind_order import SIGNATURE


def _chunks(out: Path) -> list[tuple[str, str, int]]:
    """Each index chunk of the site's one language: first word, last word, bytes on the wire."""
    entry = json.loads((out / "pagefind-entry.json").read_text(encoding="utf-8"))
    (facts,) = entry["languages"].values()
    meta = cbor2.loads(gzip.decompress((out / f"pagefind.{facts['hash']}.pf_meta").read_bytes())[len(SIGNATURE) :])
    return [(c[0], c[1], (out / "index" / f"{c[2]}.pf_index").stat().st_size) for c in meta[2]]


def test_a_built_site_lists_no_chunk_of_a_small_show(sample_site: Path) -> None:
    listed = json.loads((sample_site / "pagefind" / pagefind_heavy.NAME).read_text(encoding="utf-8"))
    assert listed == {"en": []}  # three short episodes: no chunk near the limit
    assert all(size < pagefind_heavy.LIMIT for _, _, size in _chunks(sample_site / "pagefind"))


def test_the_chunks_over_the_limit_are_listed_by_their_words(
    sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "pagefind"
    shutil.copytree(sample_site / "pagefind", out)
    chunks = _chunks(out)
    largest = max(size for _, _, size in chunks)
    monkeypatch.setattr(pagefind_heavy, "LIMIT", largest - 1)
    assert pagefind_heavy.write_heavy(out) == {"en": [[a, b] for a, b, size in chunks if size == largest]}
    monkeypatch.setattr(pagefind_heavy, "LIMIT", 0)
    pagefind_heavy.write_heavy(out)
    listed = json.loads((out / pagefind_heavy.NAME).read_text(encoding="utf-8"))
    assert listed == {"en": [[a, b] for a, b, _ in chunks]}
    # the index's words in order: each range a chunk's, the chunks one after another
    assert all(a <= b for a, b in listed["en"])
