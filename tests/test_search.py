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
from sitebuild import ROOT

SIGNATURE = b"pagefind_dcd"
SPOKEN = "in-process analytical database"  # said at 00:00:19 in episode 1
SPOKEN_LINE = "t=00:00:19"


@pytest.fixture(scope="module")
def site(sample_site: Path) -> Path:
    """The sample show, built once for the whole run (conftest)."""
    return sample_site


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


def test_only_episode_pages_and_the_registrys_mention_pages_are_indexed(site: Path) -> None:
    import yaml

    episodes = sorted(p.stem for p in (ROOT / "docs" / "episodes").glob("0*.md"))
    registry = yaml.safe_load((ROOT / "docs" / "mentions.yml").read_text(encoding="utf-8"))
    indexed = sorted(fragments(site))
    assert [u for u in indexed if u.startswith("/episodes/")] == [f"/episodes/{stem}/" for stem in episodes]
    # a name found in show notes only has a page, but no search result of its own
    assert len([u for u in indexed if u.startswith("/mentions/")]) == len(registry)
    assert len(indexed) == len(episodes) + len(registry)


def test_a_mention_page_is_found_by_its_spellings_and_carries_its_moments(site: Path) -> None:
    record = fragments(site)["/mentions/duckdb/"]
    assert record["content"].startswith("DuckDB.")
    assert "duck DB" in record["content"]  # the registry's alias, shown on the page
    assert "Small tools" not in record["content"]  # the episode list is not what the name is found by
    moments = json.loads(record["meta"]["moments"])
    # said twice in episode 1: "duck DB" at 0:19 and "DuckDB" at 0:48 (the mention page's links)
    html = (site / "mentions" / "duckdb" / "index.html").read_text(encoding="utf-8")
    assert html.count("episodes/001-small-tools-big-wins/#t=") == 2
    assert moments == [
        ["episodes/001-small-tools-big-wins/", "#1 Small tools, big wins", [[SPOKEN_LINE, 19.0], ["t=00:00:48", 48.0]]]
    ]


def test_episodes_carry_their_number_and_date_and_one_filter(site: Path) -> None:
    """Only the one-valued "episode" filter: Pagefind writes filters with several values in a
    different order on every run, and the index must be the same for the same pages."""
    record = fragments(site)["/episodes/003-giving-back/"]
    assert record["meta"]["number"] == "3" and record["meta"]["date"] == "2026-09-29"
    assert record["filters"] == {
        "episode": ["yes"],
        "year": ["2026"],
        "host": ["Ada Brook", "Tomas Reyes"],
        "guest": ["Mira Okafor"],
    }
    assert fragments(site)["/mentions/duckdb/"]["filters"] == {}


def test_number_queries_find_the_episode_from_its_hundreds_file(site: Path) -> None:
    numbers = json.loads((site / "assets" / "podsite" / "search-numbers" / "0.json").read_text(encoding="utf-8"))
    assert numbers["3"] == ["episodes/003-giving-back/", "Giving back"]
    assert sorted(numbers, key=int) == ["1", "2", "3"]


def test_the_same_pages_give_the_same_index(site: Path, tmp_path: Path) -> None:
    import search

    again = tmp_path / "again"
    shutil.copytree(site, again)
    assert not search.index_site(again, "en")
    written = {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file()}
    rewritten = {
        p.relative_to(again).as_posix(): p.read_bytes() for p in (again / "pagefind").rglob("*") if p.is_file()
    }
    assert sorted(rewritten) == sorted(written)
    assert [name for name in written if written[name] != rewritten[name]] == []
    assert any(name.endswith(".pf_filter") for name in written)


def test_the_dialog_knows_every_spelling_of_the_registrys_names(site: Path) -> None:
    terms = json.loads((site / "assets" / "podsite" / "search-terms.json").read_text(encoding="utf-8"))
    names = {name: (url, spellings) for name, url, spellings in terms["names"]}
    assert names["DuckDB"] == ("mentions/duckdb/", ["DuckDB", "duck DB"])
    assert names["Ruff"] == ("mentions/ruff/", ["Ruff", "rough"])  # "rough": episode 3's front matter
    assert (site / names["DuckDB"][0] / "index.html").is_file()
    assert {"duckdb", "sqlite", "flask", "pytest"} <= set(terms["words"])


def test_a_japanese_show_is_indexed_with_word_segmentation_and_builds_strict(tmp_path: Path) -> None:
    """Pagefind's notes (no stemming for Japanese) are not warnings; the extended binary
    segments Japanese, so there is no "non-extended mode" warning either."""
    from minisite import episode, make_site, run_mkdocs

    make_site(
        tmp_path,
        {
            "episodes/001-tokyo.md": episode(
                "title: 東京のパイソン\ndate: 2026-01-05\nnumber: 1\nhosts: [佐藤]\n"
                "audio:\n  url: https://example.org/1.mp3\n  length: 1000\nduration: 60",
                "東京でパイソンの勉強会がありました。\n",
            ),
            "episodes/001-tokyo.txt": "00:00:01 佐藤: 今日は東京でパイソンの話をします。\n00:00:09 佐藤: データベースは速いです。\n",
        },
        podcast={"language": "ja"},
    )
    result = run_mkdocs(tmp_path, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr
    assert "non-extended" not in result.stdout + result.stderr
    entry = json.loads((tmp_path / "site" / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert set(entry["languages"]) == {"ja"}


def test_pagefind_notes_are_not_warnings() -> None:
    import search

    output = (
        "Note: Pagefind doesn't support stemming for the language ja. \n"
        "Search will still work, but will not match across root words.\n"
        "Note: Pagefind doesn't support stemming for the language ja. \n"
        "Search will still work, but will not match across root words.\n"
        "⚠ Indexing Japanese in non-extended mode. \n"
        "In this mode, Pagefind will not segment words that are not whitespace separated.\n"
    )
    assert search._problems(output) == [
        "⚠ Indexing Japanese in non-extended mode. In this mode, Pagefind will not segment words that are not"
        " whitespace separated."
    ]
    assert len(search._notes(output)) == 1


def test_a_spoken_phrase_is_indexed_with_its_line_anchor(site: Path) -> None:
    record = fragments(site)["/episodes/001-small-tools-big-wins/"]
    assert SPOKEN in record["content"]
    assert record["meta"]["title"] == "Small tools, big wins"
    line = next(a for a in record["anchors"] if a["id"] == SPOKEN_LINE)
    # the line's place in the page's words (its text is not kept twice: test_pagefind_fragments)
    assert SPOKEN in " ".join(record["content"].split()[line["location"] : line["location"] + 40])
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
    with pytest.raises(PluginError, match=r"pip install 'pagefind\[extended\]'"):
        search.index_site(tmp_path)


def test_serve_indexes_in_the_background(site: Path, tmp_path: Path) -> None:
    import buildstate
    import search

    served = tmp_path / "served"
    shutil.copytree(site, served)
    shutil.rmtree(served / "pagefind")
    config = SimpleNamespace(site_dir=str(served), extra={"podcast": {"language": "en"}})
    buildstate.start("serve", False)  # as `mkdocs serve` starts
    search.on_pre_build(config)  # type: ignore[arg-type]  # as MkDocs starts every build
    try:
        buildstate.reset()  # a new build, as every serve rebuild starts
        search.on_pre_build(config)  # type: ignore[arg-type]
        search.on_post_build(config)  # type: ignore[arg-type]
        processes = search._indexer().processes
        assert processes, "serve must start the indexer in the background"
        assert processes[0].wait(timeout=60) == 0
        thread = search._indexer().thread
        assert thread is not None
        thread.join(timeout=60)  # the index is put in order and made smaller after Pagefind
        assert fragments(served) == fragments(site)
    finally:
        search.on_shutdown()


def test_a_pagefind_that_cannot_start_is_a_clear_error_and_leaves_no_copy(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    import search

    unusable = tmp_path / "pagefind"
    unusable.write_text("not a program\n", encoding="utf-8")  # a file, but not executable
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(unusable))
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    copy = tmp_path / "copy"
    shutil.copytree(site, copy)
    with pytest.raises(PluginError, match="Pagefind could not be started"):
        search._indexer().start(search.pagefind_args(copy, "en"), False)
    assert list(scratch.iterdir()) == []  # the copy of the pages Pagefind was to read is gone
