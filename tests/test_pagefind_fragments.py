"""Pagefind's page fragments without a second copy of each transcript line
(`podsite.pagefind_fragments`): what a search result downloads is smaller, and still holds
every line's place in the page's words, the chapters' titles and the whole text."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import cbor2
import pytest
from podsite.pagefind_fragments import anchors_apart, pages_for_index, slim, slim_bytes
from podsite.pagefind_order import SIGNATURE, full_hash

SPOKEN = "in-process analytical database"  # said at 00:00:19 in episode 1 of the sample show
SPOKEN_LINE = "t=00:00:19"


def _records(out: Path) -> dict[str, tuple[dict[str, Any], int]]:
    """URL -> (the fragment's record, its size unpacked)."""
    found = {}
    for path in sorted((out / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE), path
        record = json.loads(data[len(SIGNATURE) :])
        found[record["url"]] = (record, len(data))
    return found


def _raw_index(site: Path, copy: Path) -> Path:
    """Pagefind over a copy of the built pages, as it writes them (nothing rewritten)."""
    import search

    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("pagefind"))
    subprocess.run(search.pagefind_args(copy, "en"), check=True, capture_output=True)
    return copy / search.OUTPUT_SUBDIR


def test_a_result_downloads_each_line_once_and_lands_on_it(sample_site: Path, tmp_path: Path) -> None:
    before = _records(_raw_index(sample_site, tmp_path / "raw"))
    after = _records(sample_site / "pagefind")
    assert sorted(before) == sorted(after)
    page = "/episodes/001-small-tools-big-wins/"
    old, new = before[page][0], after[page][0]
    assert new["content"] == old["content"] and new["meta"] == old["meta"] and new["url"] == old["url"]
    assert [(a["id"], a["location"], a["element"]) for a in new["anchors"]] == [
        (a["id"], a["location"], a["element"]) for a in old["anchors"]
    ]
    lines = [a for a in new["anchors"] if a["id"].startswith("t=")]
    assert lines and all(a["text"] == "" for a in lines)
    assert any(a["text"] for a in old["anchors"] if a["id"].startswith("t="))  # Pagefind wrote them twice
    # a line's place is the first of its words in the content, where the dialog reads them
    line = next(a for a in lines if a["id"] == SPOKEN_LINE)
    words = new["content"].split()
    said = " ".join(words[line["location"] : line["location"] + 40])
    assert SPOKEN in said, said
    # chapter titles (Pagefind's sub-results, the dialog's chapter names) are kept
    headings = {a["id"]: a["text"] for a in new["anchors"] if a["element"].startswith("h")}
    assert headings["duckdb-in-a-notebook"] == "DuckDB in a notebook"
    # every episode's fragment is smaller by its lines' text, nothing else changed
    for url, (record, size) in before.items():
        if url.startswith("/episodes/"):
            text = sum(
                len(json.dumps(a["text"], ensure_ascii=False).encode()) - 2
                for a in record["anchors"]
                if a["id"].startswith("t=")
            )
            assert text > 0 and after[url][1] == size - text, (url, size, after[url][1], text)


def test_pagefind_reads_each_line_apart_from_its_anchor(sample_site: Path, tmp_path: Path) -> None:
    """The pages Pagefind reads have each line's anchor as an empty element before its words:
    Pagefind itself then writes what slimming its fragments made of them, with nothing to slim."""
    import search

    raw = _raw_index(sample_site, tmp_path / "raw")
    assert slim(raw) > 0
    pages = tmp_path / "pages"
    names = [page.relative_to(sample_site).as_posix() for page in search.indexed_pages(sample_site)]
    pages_for_index(sample_site, names, pages)
    apart = _raw_index(pages, tmp_path / "apart")
    assert slim(apart) == 0
    slimmed, read = _records(raw), _records(apart)
    assert sorted(read) == sorted(slimmed) and len(read) > 3
    assert {url: record for url, (record, _) in read.items()} == {url: record for url, (record, _) in slimmed.items()}
    page = (pages / names[0]).read_text(encoding="utf-8")
    assert '<span id="t=00:00:00"></span><span>' in page


def test_a_page_in_an_unspaced_script_is_read_whole() -> None:
    spaced = '<p><span id="t=00:00:01" data-t="1">Hello <a href="/x/">there</a></span> <span id="note">x</span></p>'
    assert anchors_apart(spaced) == (
        '<p><span id="t=00:00:01" data-t="1"></span><span>Hello <a href="/x/">there</a></span> <span id="note">x</span></p>'
    )
    unspaced = '<p><span id="t=00:00:01">今日は東京でパイソンの話をします。</span></p>'
    assert anchors_apart(unspaced) == unspaced


def test_slimming_twice_changes_nothing(sample_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "pagefind"
    shutil.copytree(sample_site / "pagefind", out)
    before = {p.name: p.read_bytes() for p in (out / "fragment").iterdir()}
    assert slim(out) == 0
    assert {p.name: p.read_bytes() for p in (out / "fragment").iterdir()} == before


def test_lines_in_unspaced_scripts_and_escaped_text() -> None:
    record = {
        "url": "/episodes/1/",
        "content": 'He said "walrus" \\ today. 今日は東京でパイソンの話をします。',
        "anchors": [
            {"element": "h2", "id": "intro", "text": "Intro", "location": 0},
            {"element": "span", "id": "t=00:00:01", "text": 'He said "walrus" \\ today.', "location": 0},
            {"element": "span", "id": "t=00:00:09-2", "text": "今日は東京でパイソンの話をします。", "location": 5},
            {"element": "p", "id": "notes", "text": "not a line", "location": 6},
        ],
    }
    data = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    slimmed = json.loads(slim_bytes(data))
    assert [a["text"] for a in slimmed["anchors"]] == ["Intro", "", "今日は東京でパイソンの話をします。", "not a line"]
    assert slimmed["content"] == record["content"]


def test_every_fragment_is_named_by_its_content_and_listed_by_that_name(sample_site: Path, tmp_path: Path) -> None:
    """Hosts may cache `pagefind/fragment/*` for good (README, *Publish*): a slimmed fragment
    is named after its new bytes, as Pagefind names a fragment, and the index lists that name."""
    out = sample_site / "pagefind"
    entry = json.loads((out / "pagefind-entry.json").read_text(encoding="utf-8"))
    (facts,) = entry["languages"].values()
    meta = cbor2.loads(gzip.decompress((out / f"pagefind.{facts['hash']}.pf_meta").read_bytes())[len(SIGNATURE) :])
    names = {p.name.removesuffix(".pf_fragment") for p in (out / "fragment").iterdir()}
    assert {page[0] for page in meta[1]} == names
    for name in names:
        content = gzip.decompress((out / "fragment" / f"{name}.pf_fragment").read_bytes())[len(SIGNATURE) :]
        language, _, digest = name.rpartition("_")
        assert language == "en" and full_hash(content).startswith(digest), name
    # Pagefind's own names were those of the fragments before slimming: each slimmed one is renamed
    raw = _raw_index(sample_site, tmp_path / "raw")
    slimmed = [
        p.name.removesuffix(".pf_fragment")
        for p in (raw / "fragment").iterdir()
        if slim_bytes(data := gzip.decompress(p.read_bytes())[len(SIGNATURE) :]) != data
    ]
    assert slimmed and not set(slimmed) & names


def test_a_fragment_renamed_to_a_name_another_one_just_gave_up_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fragments are slimmed on several threads and renamed after their new content, in file
    order: when the second takes the name the first gave up, the first's old file is gone and
    the second's new one stays, with its own content."""
    from podsite import pagefind_fragments

    out = tmp_path / "pagefind"
    (out / "fragment").mkdir(parents=True)
    for name, n in (("en_aaaaaaa", 1), ("en_bbbbbbb", 2)):
        anchor = f'{{"element":"span","id":"t=00:00:0{n}","text":"words said"}}'
        record = f'{{"url":"/{n}/","anchors":[{anchor}]}}'
        (out / "fragment" / f"{name}.pf_fragment").write_bytes(gzip.compress(SIGNATURE + record.encode()))
    names = iter(["en_ccccccc", "en_aaaaaaa"])  # the second takes the name the first gave up
    monkeypatch.setattr(pagefind_fragments, "content_name", lambda language, content, taken: next(names))
    monkeypatch.setattr(pagefind_fragments, "_rename_pages", lambda output, renamed: None)
    assert slim(out) == 2
    kept = {p.name: json.loads(gzip.decompress(p.read_bytes())[len(SIGNATURE) :]) for p in (out / "fragment").iterdir()}
    assert sorted(kept) == ["en_aaaaaaa.pf_fragment", "en_ccccccc.pf_fragment"]
    assert kept["en_ccccccc.pf_fragment"]["url"] == "/1/" and kept["en_aaaaaaa.pf_fragment"]["url"] == "/2/"
    assert all(a["text"] == "" for record in kept.values() for a in record["anchors"])


def test_slimming_runs_only_where_a_page_was_read_whole(
    sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A show in a spaced script gives Pagefind every page with its lines apart, and its fragments
    come out slim: the build does not read them all again. One page with a line in Japanese is
    read whole, and then its other lines are emptied as before, and the Japanese line kept."""
    import search

    calls: list[Path] = []

    def counted(out: Path) -> int:
        calls.append(out)
        return slim(out)

    monkeypatch.setattr(search, "slim", counted)
    spaced, mixed = tmp_path / "spaced", tmp_path / "mixed"
    for site in (spaced, mixed):
        shutil.copytree(sample_site, site, ignore=shutil.ignore_patterns("pagefind"))
    page = mixed / "episodes" / "001-small-tools-big-wins" / "index.html"
    html = page.read_text(encoding="utf-8")
    line = f'<span id="{SPOKEN_LINE}"'
    assert line in html
    start = html.index(">", html.index(line)) + 1
    page.write_text(html[:start] + "今日は東京でパイソンの話をします。" + html[start:], encoding="utf-8")

    assert not search.index_site(spaced, "en")
    assert not calls
    assert not search.index_site(mixed, "en")
    assert len(calls) == 1
    for site in (spaced, mixed):
        for url, (record, _) in _records(site / "pagefind").items():
            for anchor in record["anchors"]:
                if anchor["id"].startswith("t=") and not (site is mixed and anchor["id"] == SPOKEN_LINE):
                    assert anchor["text"] == "", (site.name, url, anchor)
    (kept,) = [
        a
        for a in _records(mixed / "pagefind")["/episodes/001-small-tools-big-wins/"][0]["anchors"]
        if a["id"] == SPOKEN_LINE
    ]
    assert kept["text"].startswith("今日は東京でパイソンの話をします。")


@pytest.mark.parametrize(
    "html",
    [
        '<span id="t=00:00:01">a</span><span id="t=00:00:02-2" data-t="2.5">b</span>',
        '<span id="t=x">not a time</span><span id="t=00:00:03" data-x="1">other attribute</span>',
        '<span id="t=00:00:04"',  # cut short
        '<span id="t=00:00:05" data-t="5">x<span id="t=00:00:06">y</span></span><span id="t=">',
        "no lines at all",
    ],
)
def test_line_anchors_are_set_apart_exactly_where_the_line_tag_pattern_says(html: str) -> None:
    from podsite.pagefind_fragments import LINE_TAG

    assert anchors_apart(html) == LINE_TAG.sub(r'<span id="\1"\2></span><span>', html)
