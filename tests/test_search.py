"""Site search: the sample show built with the search hook has a Pagefind index, and only that.

The index is read the way a browser's search would see each page: Pagefind's
fragment files (gzip, a `pagefind_dcd` signature, then JSON) hold every indexed
page's words and its anchors. A query through Pagefind's own code runs in the
browser tests (tests/browser/test_browser_search.py).
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from mkdocs.exceptions import PluginError
from sitebuild import ROOT, build_site

SIGNATURE = b"pagefind_dcd"
SPOKEN = "in-process analytical database"  # said at 00:00:19 in episode 1
SPOKEN_LINE = "t=00:00:19"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("search-site")
    warnings = build_site(ROOT / "mkdocs.yml", out)
    assert not warnings, [r.getMessage() for r in warnings]
    return out


def fragments(site: Path) -> dict[str, dict[str, Any]]:
    """URL -> Pagefind's record of that page (content, meta, anchors)."""
    out = {}
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE), path
        record = json.loads(data[len(SIGNATURE) :])
        out[record["url"]] = record
    return out


def test_the_pagefind_bundle_is_written(site: Path) -> None:
    bundle = site / "pagefind"
    for name in ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json"):
        assert (bundle / name).is_file(), name
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert set(entry["languages"]) == {"en"}
    assert list((bundle / "index").glob("*.pf_index"))


def test_materials_search_index_is_not_shipped(site: Path) -> None:
    assert not (site / "search" / "search_index.json").exists()
    assert not (site / "search").exists()
    html = (site / "episodes" / "001-small-tools-big-wins" / "index.html").read_text(encoding="utf-8")
    assert 'data-md-component="search"' not in html  # Material's search box would fetch its own index
    assert "data-podsite-search-open" in html


def test_only_episode_pages_are_indexed(site: Path) -> None:
    episodes = sorted(p.stem for p in (ROOT / "docs" / "episodes").glob("0*.md"))
    assert sorted(fragments(site)) == [f"/episodes/{stem}/" for stem in episodes]


def test_a_spoken_phrase_is_indexed_with_its_line_anchor(site: Path) -> None:
    record = fragments(site)["/episodes/001-small-tools-big-wins/"]
    assert SPOKEN in record["content"]
    assert record["meta"]["title"] == "Small tools, big wins"
    line = next(a for a in record["anchors"] if a["id"] == SPOKEN_LINE)
    assert SPOKEN in line["text"]
    # chapter headings are Pagefind's sub-results; the line anchors come after their chapter
    chapter = next(a for a in record["anchors"] if a["id"] == "duckdb-in-a-notebook")
    assert chapter["element"] == "h2" and chapter["location"] <= line["location"]


def test_title_and_show_notes_are_searchable_but_not_page_chrome(site: Path) -> None:
    record = fragments(site)["/episodes/001-small-tools-big-wins/"]
    content = record["content"]
    assert content.startswith("Small tools, big wins.")  # the title
    assert "SQL over CSV and Parquet files" in content  # the show notes
    assert "¶" not in content  # heading permalinks
    assert "Download the transcript" not in content
    assert "0:19" not in content  # paragraph timestamps


def test_a_missing_pagefind_binary_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import search

    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-pagefind"))
    with pytest.raises(PluginError, match=r"pip install 'pagefind\[bin\]'"):
        search.index_site(tmp_path)


def test_serve_indexes_in_the_background(site: Path, tmp_path: Path) -> None:
    import search

    served = tmp_path / "served"
    shutil.copytree(site, served)
    shutil.rmtree(served / "pagefind")
    config = SimpleNamespace(site_dir=str(served), extra={"podcast": {"language": "en"}})
    search.on_startup("serve", False)
    try:
        search.on_post_build(config)  # type: ignore[arg-type]
        process = search._Indexer.process
        assert process is not None, "serve must start the indexer in the background"
        assert process.wait(timeout=60) == 0
        assert fragments(served) == fragments(site)
    finally:
        search.on_shutdown()
        search.on_startup("build", False)
