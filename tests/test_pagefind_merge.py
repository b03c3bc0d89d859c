"""Pagefind run over parts of the pages, one after another, and its indexes merged into one
(`podsite.pagefind_merge`, `search.index_site`): a big show is indexed in bounded memory, and
the index is the one Pagefind writes in a single run over every page. Each test checks the
merged index against Pagefind's own single run: the same pages and fragments, every word's
pages and places, its spellings with diacritics, the places of words in each page's meta
fields, the filters and the chunks a query downloads."""

from __future__ import annotations

import json
import logging
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import cbor2
import pytest
from minisite import run_mkdocs
from podsite import memory
from podsite.pagefind_fragments import pages_for_index
from podsite.pagefind_merge import ends, merge
from podsite.pagefind_order import UnknownLayout, payload, read_cbor
from sitebuild import copy_sample


def _index(folder: Path) -> dict[str, Any]:
    """A Pagefind index as what a search reads of it, with pages named by their URL instead of
    their number (a merged index numbers them in another order)."""
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    found: dict[str, Any] = {"version": entry["version"]}
    for language, facts in entry["languages"].items():
        meta = read_cbor(folder / f"pagefind.{facts['hash']}.pf_meta")
        fragments = [json.loads(payload(folder / "fragment" / f"{name}.pf_fragment") or b"") for name, _ in meta[1]]
        urls = [fragment["url"] for fragment in fragments]
        fields = meta[5]

        def pages(listed: list[Any], urls: list[str] = urls, fields: list[str] = fields) -> dict[str, Any]:
            number, out = 0, {}
            for step, places, meta_places in listed:
                number += step
                out[urls[number]] = (places, [fields[-x - 1] if x < 0 else x for x in meta_places])
            return out

        words, chunks = {}, []
        for start, end, name in meta[2]:
            chunk = cbor2.loads(payload(folder / "index" / f"{name}.pf_index") or b"")[0]
            chunks.append((start, end, [word[0] for word in chunk]))
            for word, listed, variants in chunk:
                words[word] = (pages(listed), {spelling: pages(more) for spelling, more in variants})
        filters = {
            name: {
                value: sorted(urls[n] for n in numbers)
                for value, numbers in read_cbor(folder / "filter" / f"{file}.pf_filter")[1]
            }
            for name, file in meta[3]
        }
        found[language] = {
            "pages": sorted(
                (url, fragment, count) for url, fragment, (_, count) in zip(urls, fragments, meta[1], strict=True)
            ),
            "words": words,
            "chunks": chunks,
            "filters": filters,
            "fields": fields,
            "page_count": facts["page_count"],
            "wasm": facts["wasm"],
            "version": meta[0],
        }
    return found


def _pagefind(site: Path, names: list[str], output: Path, work: Path) -> Path:
    """Pagefind, run as the build runs it, over the pages `names` of `site`; its output folder."""
    import search

    pages_for_index(site, names, work)
    args = search.pagefind_args(work, "en")
    at = args.index("--output-subdir")
    args[at : at + 2] = ["--output-path", str(output)]
    subprocess.run(args, check=True, capture_output=True)
    return output


def _parts_of(site: Path, tmp_path: Path, groups: list[list[str]]) -> list[Path]:
    return [_pagefind(site, group, tmp_path / f"part-{n}", tmp_path / f"pages-{n}") for n, group in enumerate(groups)]


def _fields(output: Path) -> list[str]:
    entry = json.loads((output / "pagefind-entry.json").read_text(encoding="utf-8"))
    return list(read_cbor(output / f"pagefind.{entry['languages']['en']['hash']}.pf_meta")[5])


def test_the_sample_show_indexed_in_parts_is_the_index_of_one_run(sample_site: Path, tmp_path: Path) -> None:
    import search

    names = [page.relative_to(sample_site).as_posix() for page in search.indexed_pages(sample_site)]
    whole = _pagefind(sample_site, names, tmp_path / "whole", tmp_path / "pages")
    groups = [names[:2], names[2:5], names[5:]]  # the mention pages, with their moments, in the last
    parts = _parts_of(sample_site, tmp_path, groups)
    # the parts' meta fields differ, so the merged index numbers them anew
    assert "moments" in _fields(parts[-1]) and "moments" not in _fields(parts[0])
    merge(parts, tmp_path / "merged")
    merged, one = _index(tmp_path / "merged"), _index(whole)
    assert merged == one
    assert one["en"]["page_count"] == len(names) > 5
    assert {"year", "episode", "host"} <= set(one["en"]["filters"])


def _made_up_show(root: Path, episodes: int = 60) -> list[str]:
    """Episode pages of a show made up for the test, with enough words for several index chunks,
    words with diacritics and without, meta fields some pages have and others lack, and filters."""
    rng = random.Random(7)
    vocabulary = [f"w{n}" for n in range(900)] + ["café", "cafe", "naïve", "naive", "zoë", "jalapeño", "über", "python"]
    names = []
    for n in range(episodes):
        words = " ".join(rng.choice(vocabulary) for _ in range(1400))
        image = f'<img src="/art/{n}.png" alt="art {n}">' if n % 3 else ""
        guest = f'<span data-pagefind-filter="guest">Guest {n % 4}</span>' if n % 2 else ""
        name = f"episodes/{n:03d}-episode/index.html"
        (root / name).parent.mkdir(parents=True)
        (root / name).write_text(
            f'<!doctype html><html lang="en"><head><title>E{n}</title></head><body><main data-pagefind-body>'
            f'<h1 data-pagefind-weight="10">Episode {n}: café talk {rng.choice(vocabulary)}</h1>{image}'
            f'<span data-pagefind-filter="year">{2020 + n % 5}</span>{guest}'
            f'<span data-pagefind-meta="number">{n}</span><p>{words}</p></main></body></html>',
            encoding="utf-8",
        )
        names.append(name)
    return names


def test_a_show_of_many_chunks_merges_to_the_chunks_of_one_run(tmp_path: Path) -> None:
    site = tmp_path / "site"
    names = _made_up_show(site)
    whole = _pagefind(site, names, tmp_path / "whole", tmp_path / "pages")
    parts = _parts_of(site, tmp_path, [names[:1], names[1:20], names[20:41], names[41:]])
    assert "image" in _fields(parts[1]) and "image" not in _fields(parts[0])
    merge(parts, tmp_path / "merged")
    merged, one = _index(tmp_path / "merged"), _index(whole)
    assert len(one["en"]["chunks"]) >= 4  # Pagefind cut the words into chunks; the merge cuts them alike
    assert one["en"]["words"]["cafe"][1]  # a spelling with diacritics, kept apart
    assert merged == one


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


@pytest.mark.parametrize(("large", "heavy"), [(0, 100), (24_700, 221), (0, 10**6)], ids=["many", "some", "none"])
def test_chunks_split_as_they_are_merged_are_the_files_split_makes_of_the_merged_index(
    tmp_path: Path, large: int, heavy: int
) -> None:
    """The merge writes a heavy word's chunk apart as it writes the chunks (so they are not read
    again): the same files, names and meta index as splitting the merged index afterwards.
    ("some": of the chunks with a word of more than 221 places, those over 24,700 bytes.)"""
    from podsite import pagefind_chunks

    site = tmp_path / "site"
    names = _made_up_show(site)
    groups = [names[:1], names[1:20], names[20:41], names[41:]]
    first = _parts_of(site, tmp_path / "a", groups)
    second = [shutil.copytree(part, tmp_path / "b" / part.name) for part in first]
    merge(first, tmp_path / "after")
    split_after = pagefind_chunks.split(tmp_path / "after", large=large, heavy=heavy)
    merge(second, tmp_path / "while", split=(large, heavy))
    assert split_after == (heavy < 10**6)  # the cases split some chunks, or none
    assert _files(tmp_path / "while") == _files(tmp_path / "after")


def test_chunk_ends_are_cut_as_pagefind_cuts_them() -> None:
    assert ends("ab", "apple", "apricot") == ("app", "apr")
    assert ends("c", "cath", "cathartic") == ("cath", "catha")
    # a cut end that would sort before the chunk's start is kept whole
    assert ends("activ", "actual", "acuk") == ("actual", "acu")


def test_parts_are_the_fewest_of_about_equal_size_in_order() -> None:
    import search

    sizes = [(f"p{n}", 10) for n in range(10)]
    assert search.parts(sizes, 1000) == [[name for name, _ in sizes]]
    halves = search.parts(sizes, 50)
    assert halves == [[f"p{n}" for n in range(5)], [f"p{n}" for n in range(5, 10)]]
    thirds = search.parts(sizes, 40)
    assert [name for part in thirds for name in part] == [name for name, _ in sizes]
    assert len(thirds) == 3 and all(3 <= len(part) <= 4 for part in thirds)
    assert search.parts([("big", 500), ("small", 1)], 100) == [["big"], ["small"]]


def test_a_site_indexed_in_parts_is_indexed_as_in_one_run_and_leaves_nothing_behind(
    sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import search

    caplog.set_level(logging.INFO, logger=search.log.name)

    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    monkeypatch.setattr("tempfile.tempdir", None)
    one, parts = tmp_path / "one", tmp_path / "parts"
    shutil.copytree(sample_site, one)
    shutil.copytree(sample_site, parts)
    assert not search.index_site(one, "en", budget=1 << 40)
    said = len(caplog.messages)
    assert not search.index_site(parts, "en", budget=1)  # a run a page
    assert _index(parts / "pagefind") == _index(one / "pagefind")
    count = len(search.indexed_pages(parts))
    # what the minutes after the last page of a big show are spent on, a line a part
    assert caplog.messages[said] == f"search: indexing {count} pages in {count} parts, one Pagefind run each"
    assert f"search: pages indexed: part {count} of {count}" in caplog.messages
    assert caplog.messages[-1].startswith(f"search: {count} parts indexed and merged into one index in ")
    assert not list((parts / "pagefind").glob(".part-*"))
    assert not list(temporary.iterdir())


def test_parts_indexed_two_at_a_time_give_the_index_of_one_at_a_time(
    sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """On two CPUs two Pagefind runs index parts at the same time, each over half the bytes one
    run may read: the index written is the same, byte for byte, and the parts are reported in
    their order."""
    import search

    caplog.set_level(logging.INFO, logger=search.log.name)
    monkeypatch.setattr(search, "workers", lambda: 2)
    alive: list[int] = []  # Pagefind runs still going when another starts
    started: list[subprocess.Popen[str]] = []
    popen = search._popen

    def counted(args: list[str]) -> subprocess.Popen[str]:
        alive.append(sum(process.poll() is None for process in started))
        started.append(popen(args))
        return started[-1]

    monkeypatch.setattr(search, "_popen", counted)
    together, alone = tmp_path / "together", tmp_path / "alone"
    shutil.copytree(sample_site, together)
    shutil.copytree(sample_site, alone)
    assert search.at_once() == 2
    said = len(caplog.messages)
    assert not search.index_site(together, "en", budget=1)  # a run a page
    count = len(search.indexed_pages(together))
    assert len(started) == count and max(alive) == 1 and alive[0] == 0
    indexed = [m for m in caplog.messages[said:] if m.startswith("search: pages indexed: part ")]
    assert indexed == [f"search: pages indexed: part {n} of {count}" for n in range(1, count + 1)]
    monkeypatch.setattr(search, "AT_ONCE", 1)
    started.clear()
    alive.clear()
    assert not search.index_site(alone, "en", budget=1)
    assert max(alive) == 0  # one after another
    files = {
        p.relative_to(alone).as_posix(): p.read_bytes() for p in sorted((alone / "pagefind").rglob("*")) if p.is_file()
    }
    assert files == {
        p.relative_to(together).as_posix(): p.read_bytes()
        for p in sorted((together / "pagefind").rglob("*"))
        if p.is_file()
    }
    # a part's size is what one run may read shared by the runs made at once
    monkeypatch.setattr(search, "AT_ONCE", 2)
    monkeypatch.delenv(search.RUN_MB_ENV, raising=False)
    assert search.sizing(own=300 << 20) == (2, search.run_bytes(own=300 << 20) // 2)
    # no memory to spare (a show of thousands of episodes): one run at a time, of the smallest size
    assert search.sizing(own=1400 << 20) == (1, search.run_bytes(own=1400 << 20))
    assert search.sizing(own=1600 << 20) == (1, search.RUN_MIN)
    monkeypatch.setenv(search.RUN_MB_ENV, "50")  # a size the producer sets is a part's
    assert search.sizing(own=300 << 20)[1] == 50 << 20


def test_pages_that_do_not_mark_their_indexed_part_are_left_out_in_parts_as_in_one_run(
    sample_site: Path, tmp_path: Path
) -> None:
    """A mention page of a name the show notes gave once has no `data-pagefind-body`: Pagefind
    leaves it out of a run in which other pages mark their indexed part, but a part of such
    pages alone (they come after the episodes) it would index whole. In parts, the index is
    still the one run's: without them."""
    import search

    one, parts = tmp_path / "one", tmp_path / "parts"
    shutil.copytree(sample_site, one)
    mention = next(page for page in search.indexed_pages(one) if page.parent.parent.name == "mentions")
    unmarked = mention.read_text(encoding="utf-8").replace(" data-pagefind-body", "")
    assert unmarked != mention.read_text(encoding="utf-8")
    for n in range(3):  # after every registry mention page in the order of the pages
        page = one / "mentions" / f"zz-said-once-{n}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(unmarked, encoding="utf-8")
    shutil.copytree(one, parts)
    assert not search.index_site(one, "en", budget=1 << 40)
    assert not search.index_site(parts, "en", budget=1)  # a run a page: the unmarked pages alone
    indexed = _index(one / "pagefind")
    assert indexed["en"]["page_count"] == len(search.indexed_pages(one)) - 3
    assert _index(parts / "pagefind") == indexed


def test_parts_that_cannot_be_merged_are_indexed_again_in_one_run_with_a_warning(
    sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import search

    def unknown(parts: list[Path], output: Path, words: object = None, split: object = None) -> None:
        raise UnknownLayout("a meta index of another layout")

    one, parts = tmp_path / "one", tmp_path / "parts"
    shutil.copytree(sample_site, one)
    shutil.copytree(sample_site, parts)
    search.index_site(one, "en")
    monkeypatch.setattr(search, "merge", unknown)
    warnings = search.index_site(parts, "en", budget=1)
    assert len(warnings) == 1 and "could not be made of" in warnings[0] and "another layout" in warnings[0]
    assert _index(parts / "pagefind") == _index(one / "pagefind")


def test_indexing_in_parts_stopped_by_the_next_build_leaves_nothing_behind(
    sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under `mkdocs serve` a rebuild stops the indexer: between or during its runs, no further
    run starts, and neither the copy of the pages nor a part's index is left."""
    import search

    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    monkeypatch.setattr("tempfile.tempdir", None)
    monkeypatch.setattr(search, "run_bytes", lambda own=None: 1)
    site = tmp_path / "site"
    shutil.copytree(sample_site, site)
    started: list[list[str]] = []
    launch = search._Indexer._launch

    def counted(self: Any, args: list[str]) -> Any:
        started.append(args)
        return launch(self, args)

    monkeypatch.setattr(search._Indexer, "_launch", counted)
    indexer = search._Indexer()
    indexer.start(search.pagefind_args(site, "en"), report=False)
    assert indexer.thread is not None
    indexer.stop()
    assert indexer.thread is None and indexer.processes == []
    runs = len(started)
    assert 1 <= runs < len(search.indexed_pages(site))  # stopped before the last part
    assert not list(temporary.iterdir())
    assert not list((site / "pagefind").glob(".part-*"))


def test_the_size_of_a_part_is_the_producers_to_set(
    sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import search

    def runs() -> int:
        plan = search._plan(search.pagefind_args(sample_site, "en"), sample_site)
        plan.remove()
        return len(plan.runs)

    monkeypatch.delenv(search.RUN_MB_ENV, raising=False)
    monkeypatch.delenv(search.MEMORY_ENV, raising=False)
    assert runs() == 1  # the sample show is far under a part
    monkeypatch.setattr(search, "RUN_MIN", 1)
    monkeypatch.setenv(search.MEMORY_ENV, "1")  # no memory to spare: the smallest parts
    assert runs() == len(search.indexed_pages(sample_site))
    monkeypatch.setenv(search.RUN_MB_ENV, "50")
    assert runs() == 1
    monkeypatch.setenv(search.RUN_MB_ENV, "none")  # not a number: sized by the memory
    assert runs() > 1


def test_a_part_is_as_large_as_the_memory_the_build_leaves(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind's parts are sized so that the build (the MkDocs process, what it still grows by,
    and one Pagefind run) stays under `PODSITE_MEMORY_MB`: a small show's process leaves room for
    the largest part, a show of thousands of episodes gets smaller ones."""
    import resource

    import search

    monkeypatch.delenv(search.RUN_MB_ENV, raising=False)
    monkeypatch.delenv(search.MEMORY_ENV, raising=False)
    small, big = search.run_bytes(own=300 << 20), search.run_bytes(own=1400 << 20)
    assert search.RUN_MIN < big < small <= search.RUN_MAX
    for own, part in ((300 << 20, small), (1400 << 20, big)):
        assert own + search.GROWTH_BYTES + part * search.PAGEFIND_PER_BYTE <= search.MEMORY_BYTES
    monkeypatch.setenv(search.MEMORY_ENV, "8192")  # a larger machine: the largest parts
    assert search.run_bytes(own=1400 << 20) == search.RUN_MAX
    monkeypatch.setenv(search.MEMORY_ENV, "1024")  # nothing left: the smallest part, not none
    assert search.run_bytes(own=1400 << 20) == search.RUN_MIN
    monkeypatch.setenv(search.RUN_MB_ENV, "50")  # a size the producer sets wins
    assert search.sizing(own=1400 << 20)[1] == 50 << 20
    alone = memory.rss(os.getpid())  # this process, now: more than nothing, at most its peak
    assert alone is not None
    assert 10 << 20 < alone <= resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    own = search.resident_bytes()
    assert own >= alone
    with subprocess.Popen([sys.executable, "-c", "b = b'x' * (200 << 20); input()"], stdin=subprocess.PIPE) as child:
        try:  # a process it started (a pool's worker) counts too
            deadline = time.monotonic() + 30
            while search.resident_bytes() < own + (150 << 20) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert search.resident_bytes() >= own + (150 << 20)
        finally:
            child.communicate(b"\n")


def test_the_parts_left_after_the_last_page_run_two_at_a_time_where_the_memory_allows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After the last page the second CPU no longer writes pages: the parts left are indexed two
    at a time when two runs over the largest part (one may be going already) fit under
    `PODSITE_MEMORY_MB` beside the build; a show of thousands of episodes keeps to one."""
    import search

    monkeypatch.setenv("PODSITE_WORKERS", "2")
    monkeypatch.delenv(search.RUN_MB_ENV, raising=False)
    monkeypatch.delenv(search.MEMORY_ENV, raising=False)
    part = 16 << 20  # a first build's parts at 2,000 episodes
    assert search.tail_runs(part, own=900 << 20) == 2  # 2,000 episodes: MkDocs and one run
    assert search.tail_runs(part, own=1700 << 20) == 1  # 5,000 episodes
    # two only with room for both at their peak (one run is always made)
    assert (900 << 20) + search.GROWTH_BYTES + 2 * search.PAGEFIND_PER_BYTE * part <= search.MEMORY_BYTES
    assert search.tail_runs(part * 2, own=900 << 20) == 1  # a larger part would not fit twice
    monkeypatch.setenv("PODSITE_WORKERS", "1")
    assert search.tail_runs(part, own=100 << 20) == 1  # one CPU: one run


def test_the_first_part_of_a_first_build_goes_to_pagefind_after_a_few_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind starts on the second CPU after a quarter of a part's pages are written, where the
    build's work beside the pages may be done; the parts after are of the usual share."""
    import search

    monkeypatch.setenv(search.RUN_MB_ENV, "500")  # parts sized by the show, not the memory
    site = tmp_path / "site"
    pages = 400
    stream = search._Stream.begin(["pagefind", "--site", str(site), "--output-subdir", "pagefind"], site, pages)
    page = "<html><body><main data-pagefind-body><p>" + "word " * 20_000 + "</p></main></body></html>"  # 100 KB
    try:
        sizes: list[int] = []
        for n in range(pages):
            before = len(stream.plan.trees)
            stream.add(f"episodes/{n:03d}/index.html", page)
            if len(stream.plan.trees) > before:
                sizes.append(stream.plan.count - sum(sizes))
        stream.last()
    finally:
        stream.plan.remove()
    share = pages // search.STREAM_PARTS
    assert sizes[0] * 3 < sizes[1]  # a few pages
    assert sizes[0] == pytest.approx(share / search.STREAM_FIRST, abs=1)
    assert all(size == pytest.approx(share, abs=1) for size in sizes[1:-1])


def test_a_run_going_at_the_last_page_does_not_hold_back_the_next_part(tmp_path: Path) -> None:
    """While pages are written the parts are indexed one at a time; once the last page is written
    (`_Stream.last` lets two go at a time) the next part starts beside the run still going, not
    after it."""
    import queue
    import threading

    import search

    coming: queue.Queue[list[str] | None] = queue.Queue()

    def parts() -> Any:
        while (args := coming.get()) is not None:
            yield args

    plan = search._Plan([], [], [], [], tmp_path, tmp_path, 0, coming=parts())
    started: list[int] = []  # for each run started, how many were going then
    processes: list[subprocess.Popen[str]] = []

    def start(args: list[str]) -> subprocess.Popen[str]:
        started.append(sum(p.poll() is None for p in processes))
        processes.append(search._popen(args))
        return processes[-1]

    run = [sys.executable, "-c", "import time; time.sleep(1.5)"]
    result: list[tuple[int, str]] = []
    runner = threading.Thread(target=lambda: result.append(search._run(plan, start)))
    coming.put(run)
    runner.start()
    while not started:
        time.sleep(0.01)
    time.sleep(0.2)  # the first part is being indexed; the last page is written
    coming.put(run)
    plan.together = 2
    coming.put(None)
    runner.join(timeout=30)
    assert result == [(0, "")]
    assert len(started) == 2
    assert started[1] == 1  # started while the first run (1.5 s) was still going, not after it


def test_an_indexer_that_fails_unexpectedly_fails_the_build(
    sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error nobody foresaw in the indexer's thread is the build's error, not a silent end."""
    import search
    from mkdocs.exceptions import PluginError

    def broken(site_dir: Path, slim_lines: bool = True, split_chunks: bool = True) -> str:
        raise RuntimeError("a disk that went away")

    site = tmp_path / "site"
    shutil.copytree(sample_site, site)
    monkeypatch.setattr(search, "_settled", broken)
    indexer = search._Indexer()
    indexer.start(search.pagefind_args(site, "en"), report=False)
    with pytest.raises(PluginError, match="a disk that went away"):
        indexer.wait(site)


def test_a_first_build_streams_its_pages_even_once_its_pool_has_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whether pages go to Pagefind as they are written is decided at the first page written:
    a build that started a pool is a first build, even when the pool stopped before that page
    (its last card drawn already); a build that started none (a warm one) indexes after the last page."""
    import buildstate
    import search
    from podsite import parallel

    monkeypatch.setattr(search, "stream_min", lambda: 1)
    monkeypatch.setattr(search, "at_once", lambda: 2)
    buildstate.reset()
    try:
        search.on_pre_build(None)  # type: ignore[arg-type]
        state = buildstate.STATE
        before = state.part(search._Progress).pool_starts
        assert not search._streams(state, 10, before)  # no pool started in this build: a warm build
        monkeypatch.setattr(parallel._POOL, "starts", parallel.starts() + 1)  # one started, and stopped
        assert parallel._POOL.executor is None
        assert search._streams(state, 10, before)
        search.on_pre_build(None)  # type: ignore[arg-type]
        assert not search._streams(state, 10, state.part(search._Progress).pool_starts)  # the next build
    finally:
        buildstate.reset()


def test_a_first_build_indexes_its_pages_in_parts_as_they_are_written(tmp_path: Path) -> None:
    """In a big show's first build (a pool running), Pagefind is given the pages in parts while
    MkDocs writes the rest: the first part goes to it before the last episode page is written,
    the index is the one the pages give when indexed after the last page, nothing is left behind,
    and the index is kept so that the next build of the same pages links it in."""

    temporary = tmp_path / "tmp"
    temporary.mkdir()
    pool = {"PODSITE_WORKERS": "2", "PODSITE_POOL_MIN": "1", "PODSITE_SEARCH_PART_MB": "0.05", "TMPDIR": str(temporary)}
    streamed_config = copy_sample(tmp_path / "streamed")
    after_config = copy_sample(tmp_path / "after")
    for config in (streamed_config, after_config):  # pages Pagefind reads and leaves out (no data-pagefind-body)
        for name in ("aa-about", "zz-about"):
            (config.parent / "docs" / "mentions").mkdir(exist_ok=True)
            (config.parent / "docs" / "mentions" / f"{name}.md").write_text(
                "# About\n\nPlain page.\n", encoding="utf-8"
            )
    streamed = run_mkdocs(streamed_config.parent, "-v", env={**pool, "PODSITE_SEARCH_STREAM_MIN": "1"})
    assert streamed.returncode == 0, streamed.stderr
    after = run_mkdocs(after_config.parent, env={**pool, "PODSITE_SEARCH_STREAM_MIN": "100000"})
    assert after.returncode == 0, after.stderr
    log = streamed.stderr.splitlines()
    assert any("search: indexing the " in line and " pages in parts as they are written" in line for line in log)
    handed = [n for n, line in enumerate(log) if "of the pages written goes to Pagefind" in line]
    built = [n for n, line in enumerate(log) if "Building page episodes/0" in line]
    assert len(handed) >= 2 and built and handed[0] < built[-1], "\n".join(log)
    assert "differ from the pages indexed" not in streamed.stderr
    site, other = tmp_path / "streamed" / "site", tmp_path / "after" / "site"
    assert _index(site / "pagefind") == _index(other / "pagefind")
    assert not list((site / "pagefind").glob(".part-*"))
    assert not list(temporary.iterdir())
    kept = tmp_path / "streamed" / ".cache" / "podsite" / "pagefind"
    first = sorted(p.name for p in kept.iterdir() if p.is_dir())
    assert len(first) == 1
    again = run_mkdocs(streamed_config.parent, env={**pool, "PODSITE_SEARCH_STREAM_MIN": "1"})
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in kept.iterdir() if p.is_dir()) == first  # linked in, not made again
    assert _index(site / "pagefind") == _index(other / "pagefind")


def test_the_index_key_is_the_pages_pagefind_indexes(tmp_path: Path) -> None:
    """A page Pagefind leaves out (no `data-pagefind-body` where others have it) does not change
    the key a kept index is found by, written or not yet: a build that hashes its pages as they
    are written and one that reads them once the indexed ones are on disk find the same index."""
    import search

    site = tmp_path / "site"
    for name, body in (("episodes/1", " data-pagefind-body"), ("mentions/a", " data-pagefind-body")):
        (site / name).mkdir(parents=True)
        (site / name / "index.html").write_text(f"<main{body}><p>{name}</p></main>", encoding="utf-8")
    args = search.pagefind_args(site, "en")
    key = search.index_key(site, args)
    (site / "mentions" / "b").mkdir()
    (site / "mentions" / "b" / "index.html").write_text("<main><p>a notes name</p></main>", encoding="utf-8")
    assert search.index_key(site, args) == key
    (site / "episodes" / "1" / "index.html").write_text("<main data-pagefind-body><p>new</p></main>", encoding="utf-8")
    assert search.index_key(site, args) != key


def test_pages_on_disk_that_were_not_written_by_the_build_are_indexed_from_the_site(tmp_path: Path) -> None:
    """A page Pagefind reads that the build did not write (left in the site by an earlier build,
    with `--dirty`) is not among the parts made as pages were written: the build says so and
    indexes the site's pages after the last one, as it does without parts made early, so the
    index holds what is on disk."""

    config = copy_sample(tmp_path / "show")
    stale = tmp_path / "show" / "site" / "episodes" / "000-an-old-page" / "index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text(
        "<html><body><main data-pagefind-body><h1>An old page</h1><p>zanzibarish</p></main></body></html>",
        encoding="utf-8",
    )
    env = {"PODSITE_WORKERS": "2", "PODSITE_POOL_MIN": "1", "PODSITE_SEARCH_STREAM_MIN": "1"}
    built = run_mkdocs(config.parent, "--dirty", env=env)
    assert built.returncode == 0, built.stderr
    assert "pages in parts as they are written" in built.stderr
    assert "the pages written differ from the pages indexed as they were written" in built.stderr
    index = _index(tmp_path / "show" / "site" / "pagefind")
    assert "zanzibarish" in index["en"]["words"]


def test_a_pagefind_run_that_fails_while_pages_are_written_fails_the_build_and_leaves_no_copy(
    tmp_path: Path,
) -> None:
    """Pagefind failing on an early part is the build's error, named as Pagefind said it, and
    the copies of the pages written after it are removed too."""

    failing = tmp_path / "pagefind"
    failing.write_text("#!/bin/sh\necho 'Error: the index folder is full' >&2\nexit 3\n", encoding="utf-8")
    failing.chmod(0o755)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    config = copy_sample(tmp_path / "show")
    env = {
        "PODSITE_WORKERS": "2",
        "PODSITE_POOL_MIN": "1",
        "PODSITE_SEARCH_STREAM_MIN": "1",
        "PODSITE_SEARCH_PART_MB": "0.05",
        "PAGEFIND_BINARY_PATH": str(failing),
        "TMPDIR": str(temporary),
    }
    built = run_mkdocs(config.parent, env=env)
    assert built.returncode != 0
    assert "pages in parts as they are written" in built.stderr
    assert "Pagefind could not index" in built.stderr and "the index folder is full" in built.stderr
    assert not list(temporary.iterdir())


def test_pages_changed_after_they_were_copied_are_indexed_as_written(tmp_path: Path) -> None:
    """A hook that changes a page after the copy for Pagefind was taken (a later `on_post_page`)
    does not leave the index behind the site: the build says so and indexes the pages on disk."""

    config = copy_sample(tmp_path / "show")
    late = tmp_path / "late_words.py"
    late.write_text(
        "from mkdocs.plugins import event_priority\n\n\n"
        "@event_priority(-150)\n"
        "def on_post_page(output, page, config):\n"
        "    return output.replace('</article>', '<p>quetzalcoatlish</p></article>', 1)\n",
        encoding="utf-8",
    )
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("hooks:\n", f"hooks:\n  - {late}\n", 1), encoding="utf-8")
    env = {"PODSITE_WORKERS": "2", "PODSITE_POOL_MIN": "1", "PODSITE_SEARCH_STREAM_MIN": "1"}
    built = run_mkdocs(config.parent, env=env)
    assert built.returncode == 0, built.stderr
    assert "pages in parts as they are written" in built.stderr
    assert "the pages written differ from the pages indexed as they were written" in built.stderr
    assert "quetzalcoatlish" in _index(tmp_path / "show" / "site" / "pagefind")["en"]["words"]
