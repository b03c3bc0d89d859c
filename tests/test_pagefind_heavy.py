"""The words said nearly everywhere (`podsite.pagefind_heavy`): listed beside Pagefind's files,
so the search dialog can leave them out of a query."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import cbor2
import pytest
from podsite import pagefind_chunks, pagefind_heavy
from podsite.pagefind_order import SIGNATURE


def _chunks(out: Path) -> list[tuple[str, str, int, str]]:
    """Each index chunk of the site's one language: first word, last word, bytes on the wire, name."""
    entry = json.loads((out / "pagefind-entry.json").read_text(encoding="utf-8"))
    (facts,) = entry["languages"].values()
    meta = cbor2.loads(gzip.decompress((out / f"pagefind.{facts['hash']}.pf_meta").read_bytes())[len(SIGNATURE) :])
    return [(c[0], c[1], (out / "index" / f"{c[2]}.pf_index").stat().st_size, c[2]) for c in meta[2]]


def test_a_built_site_lists_no_chunk_of_a_small_show(sample_site: Path) -> None:
    listed = json.loads((sample_site / "pagefind" / pagefind_heavy.NAME).read_text(encoding="utf-8"))
    assert listed == {"en": []}  # three short episodes: no chunk near the limit
    assert all(size < pagefind_heavy.LIMIT for _, _, size, _ in _chunks(sample_site / "pagefind"))


def test_the_words_that_make_a_chunk_heavy_are_listed(
    sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "pagefind"
    shutil.copytree(sample_site / "pagefind", out)
    chunks = _chunks(out)
    largest = max(chunks, key=lambda c: c[2])
    words = pagefind_chunks.chunk_words(out / "index" / f"{largest[3]}.pf_index")
    most = max(pagefind_chunks.places(w) for w in words)
    monkeypatch.setattr(pagefind_heavy, "LIMIT", largest[2] - 1)
    monkeypatch.setattr(pagefind_heavy, "HEAVY", most - 1)  # only the commonest word of that chunk
    assert pagefind_heavy.write_heavy(out) == {"en": [w[0] for w in words if pagefind_chunks.places(w) == most]}
    monkeypatch.setattr(pagefind_heavy, "LIMIT", 0)
    monkeypatch.setattr(pagefind_heavy, "HEAVY", 0)
    pagefind_heavy.write_heavy(out)
    listed = json.loads((out / pagefind_heavy.NAME).read_text(encoding="utf-8"))
    every = [w for c in chunks for w in pagefind_chunks.chunk_words(out / "index" / f"{c[3]}.pf_index")]
    # the most said first (the dialog searches a query of listed words only for the last of them),
    # words said as often in index order
    most_first = [w[0] for w in sorted(every, key=lambda w: -pagefind_chunks.places(w))]
    assert listed == {"en": most_first} and "notebook" in most_first
    counts = [pagefind_chunks.places(w) for w in sorted(every, key=lambda w: -pagefind_chunks.places(w))]
    assert counts[0] > counts[-1], "the sample show's words are said more and less often"
