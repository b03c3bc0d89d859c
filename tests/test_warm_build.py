"""A build from the cache writes the same site as a build without one.

Everything `.cache/` keeps (parsed transcripts, derived chapters, exports, mention
hits, rendered transcripts, the show notes' HTML, the search index) must give back exactly what
computing it afresh gives: the sample show is built with an empty cache, then
again with the cache the first build filled, and every file is compared byte for byte.
"""

from __future__ import annotations

from pathlib import Path

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
    # Pagefind's own output is compared in the test above (a fresh index is written here)
    assert not [name for name in different if not name.startswith("pagefind/")], different
