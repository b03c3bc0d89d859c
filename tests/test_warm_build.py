"""A build from the cache writes the same site as a build without one.

Everything `.cache/` keeps (parsed transcripts, derived chapters, exports, mention
hits, rendered transcripts, the show notes' HTML, the search index) must give back exactly what
computing it afresh gives: the sample show is built with an empty cache, then
again with the cache the first build filled, and every file is compared byte for byte.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sitebuild import build_site, copy_sample


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_warm_build_writes_the_same_bytes_as_a_cold_one(tmp_path: Path) -> None:
    config = copy_sample(tmp_path / "project")
    cache = tmp_path / "project" / ".cache"
    assert not cache.exists()
    assert not build_site(config, tmp_path / "cold")
    kinds = {p.name for p in (cache / "podsite").iterdir()}
    assert {"transcripts", "exports", "mentions", "markdown", "pages", "pagefind"} <= kinds, kinds
    assert not build_site(config, tmp_path / "warm")
    cold, warm = _files(tmp_path / "cold"), _files(tmp_path / "warm")
    assert sorted(cold) == sorted(warm)
    different = [name for name in cold if cold[name] != warm[name]]
    assert not different, f"these files differ between a cold and a warm build: {different}"
    assert any(name.startswith("pagefind/") for name in cold)


def test_a_build_without_the_cache_writes_the_same_bytes(tmp_path: Path) -> None:
    config = copy_sample(tmp_path / "project")
    assert not build_site(config, tmp_path / "cached")
    assert not build_site(config, tmp_path / "again")  # from the cache
    assert not build_site(config, tmp_path / "fresh", env={"PODSITE_CACHE": "off"})
    cached, fresh = _files(tmp_path / "again"), _files(tmp_path / "fresh")
    different = sorted(name for name in set(cached) | set(fresh) if cached.get(name) != fresh.get(name))
    # Pagefind indexed afresh too: its filters (years, hosts, guests) are in one order
    assert not different, different


EXPORT = "episodes/001-small-tools-big-wins/transcript.vtt"


def test_transcript_downloads_are_linked_from_the_cache(tmp_path: Path) -> None:
    config = copy_sample(tmp_path / "project")
    assert not build_site(config, tmp_path / "site")
    published = tmp_path / "site" / EXPORT
    kept = [p for p in (tmp_path / "project" / ".cache" / "podsite" / "exports").rglob("transcript.vtt")]
    assert len(kept) == 3  # one per episode
    same = [p for p in kept if p.stat().st_ino == published.stat().st_ino]  # one file on disk, not two
    assert len(same) == 1 and same[0].read_bytes() == published.read_bytes()


def test_a_download_rewritten_in_the_site_does_not_leak_into_the_next_build(tmp_path: Path) -> None:
    """A tool that edits the built site in place writes through the link into `.cache/`:
    the next build sees the kept file changed, writes it anew, and publishes the right bytes."""
    config = copy_sample(tmp_path / "project")
    assert not build_site(config, tmp_path / "site")
    published = tmp_path / "site" / EXPORT
    good = published.read_bytes()
    with published.open("r+b") as fh:  # in place, as `open(path, "w")` in a post-processing script
        fh.write(b"MANGLED")
    assert not build_site(config, tmp_path / "again")
    assert (tmp_path / "again" / EXPORT).read_bytes() == good


def test_downloads_are_copied_where_links_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(src: object, dest: object) -> None:
        raise OSError(18, "Invalid cross-device link")

    config = copy_sample(tmp_path / "project")
    assert not build_site(config, tmp_path / "linked")
    monkeypatch.setattr(os, "link", refuse)
    assert not build_site(config, tmp_path / "copied")
    copied = tmp_path / "copied" / EXPORT
    assert copied.read_bytes() == (tmp_path / "linked" / EXPORT).read_bytes()
    assert copied.stat().st_nlink == 1


def test_a_search_index_rewritten_in_the_site_is_made_again(tmp_path: Path) -> None:
    config = copy_sample(tmp_path / "project")
    site = tmp_path / "site"
    assert not build_site(config, site)
    entry = site / "pagefind" / "pagefind-entry.json"
    good = entry.read_bytes()
    assert not build_site(config, site)  # the kept index, linked in
    assert entry.stat().st_nlink == 2
    with entry.open("r+b") as fh:
        fh.write(b"MANGLED")
    assert not build_site(config, site)
    assert entry.read_bytes() == good


def _indexed_text(site: Path) -> str:
    """Every page text in the search index (Pagefind's fragments, each gzip'd with a signature)."""
    import gzip

    texts = []
    for fragment in sorted((site / "pagefind" / "fragment").iterdir()):
        data = gzip.decompress(fragment.read_bytes())
        texts.append(data.removeprefix(b"pagefind_dcd").decode("utf-8"))
    return "\n".join(texts)


def test_the_kept_search_index_serves_only_the_same_pages(tmp_path: Path) -> None:
    """A build whose indexed pages are byte for byte the last build's links the kept index in;
    one changed episode page has Pagefind index the site again, and the new words are found."""
    config = copy_sample(tmp_path / "project")
    kept = tmp_path / "project" / ".cache" / "podsite" / "pagefind"
    assert not build_site(config, tmp_path / "cold")
    first = {p.name for p in kept.iterdir()}
    assert len(first) == 1
    assert not build_site(config, tmp_path / "warm")
    assert {p.name for p in kept.iterdir()} == first, "the same pages: no new index"
    entry = tmp_path / "warm" / "pagefind" / "pagefind-entry.json"
    kept_entry = kept / next(iter(first)) / "pagefind-entry.json"
    assert entry.stat().st_ino == kept_entry.stat().st_ino  # linked from `.cache/`, not written anew
    assert _files(tmp_path / "warm" / "pagefind") == _files(tmp_path / "cold" / "pagefind")
    page = tmp_path / "project" / "docs" / "episodes" / "002-testing-the-waters.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA word never said before: quokkaflux.\n", encoding="utf-8")
    assert not build_site(config, tmp_path / "changed")
    assert len({p.name for p in kept.iterdir()} - first) == 1, "the changed page is indexed again"
    assert "quokkaflux" in _indexed_text(tmp_path / "changed")
    assert "quokkaflux" not in _indexed_text(tmp_path / "warm")
