"""A cache problem costs time, never correctness.

An upgraded dependency, a damaged, altered or swapped entry, a `.cache/` the disk
refuses to write, two builds at once and a build killed half-way: each build still
writes exactly the pages a build without the cache writes, and says at most once
that the cache had a problem.
"""

from __future__ import annotations

import builtins
import errno
import io
import logging
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from podsite import cache
from podsite.errors import Problems
from podsite.model import Chapter
from podsite.transcripts import parse_transcript
from podsite.transcripts.cached import parse_cached
from sitebuild import ROOT, build_site, copy_sample


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _same_site(a: Path, b: Path) -> None:
    left, right = _files(a), _files(b)
    assert sorted(left) == sorted(right)
    different = [name for name in left if left[name] != right[name]]
    assert not different, f"these files differ: {different}"


def _cache_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "podsite.cache" and r.levelno >= logging.WARNING]


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    cache.forget()  # each build reads what the one before it left on disk
    cache.new_build()
    yield
    cache.forget()


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    """The sample show built once with an empty cache: (its mkdocs.yml, the site)."""
    config = copy_sample(tmp_path / "project")
    assert not build_site(config, tmp_path / "cold")
    cache.forget()
    return config, tmp_path / "cold"


def test_an_upgraded_dependency_misses_every_entry(
    built: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, cold = built
    hits, misses = cache.STATS.hits, cache.STATS.misses
    assert not build_site(config, tmp_path / "warm")
    assert cache.STATS.hits > hits and cache.STATS.misses == misses, "the second build reads the cache"
    kept_indexes = {p.name for p in (config.parent / ".cache" / "podsite" / "pagefind").iterdir()}
    real_version = cache.metadata.version

    def upgraded(name: str) -> str:
        return "99.0" if name == "markdown" else real_version(name)

    cache.forget()
    with monkeypatch.context() as patch:
        patch.setattr(cache.metadata, "version", upgraded)
        cache.code_version.cache_clear()
        try:
            hits, misses = cache.STATS.hits, cache.STATS.misses
            assert not build_site(config, tmp_path / "upgraded")
            assert cache.STATS.hits == hits, "no entry made with the old Python-Markdown may be read"
            assert cache.STATS.misses > misses
        finally:
            cache.code_version.cache_clear()
    now = {p.name for p in (config.parent / ".cache" / "podsite" / "pagefind").iterdir()}
    assert now - kept_indexes, "the search index is made again after an upgrade"
    _same_site(cold, tmp_path / "upgraded")


def test_the_version_follows_every_output_package(monkeypatch: pytest.MonkeyPatch) -> None:
    before = cache.code_version()
    real_version = cache.metadata.version
    for name in cache.OUTPUT_PACKAGES:
        with monkeypatch.context() as patch:
            patch.setattr(cache.metadata, "version", lambda n, name=name: "0.0.1" if n == name else real_version(n))
            cache.code_version.cache_clear()
            try:
                assert cache.code_version() != before, name
            finally:
                cache.code_version.cache_clear()
    assert cache.code_version() == before
    assert {"markdown", "pymdown-extensions", "rapidfuzz", "feedgen", "lxml", "mkdocs", "mkdocs-material"} <= set(
        cache.OUTPUT_PACKAGES
    )
    assert "pagefind" in cache.OUTPUT_PACKAGES


def test_a_damaged_entry_is_made_again_with_one_warning(
    built: tuple[Path, Path], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Entries that still unpickle but lack an attribute (sealed as if the cache wrote them)."""
    config, cold = built
    entries = sorted((config.parent / ".cache" / "podsite" / "markdown").glob("*/*.pickle"))
    assert len(entries) >= 2
    for entry in entries:
        kind, key = entry.parent.parent, entry.stem
        rendered = cache.lookup(kind, key)
        del rendered.anchors
        cache.store(kind, key, rendered)
    cache.forget()
    caplog.set_level(logging.WARNING, logger="podsite.cache")
    assert not build_site(config, tmp_path / "warm")
    assert len(_cache_warnings(caplog)) == 1, _cache_warnings(caplog)
    _same_site(cold, tmp_path / "warm")
    caplog.clear()
    cache.forget()
    assert not build_site(config, tmp_path / "again")  # the damaged entries were replaced
    assert not _cache_warnings(caplog)


def test_altered_and_swapped_entries_are_not_trusted(
    built: tuple[Path, Path], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config, cold = built
    pages = sorted((config.parent / ".cache" / "podsite" / "pages").glob("*/*.pickle"))
    assert len(pages) >= 2
    first, second = pages[0].read_bytes(), pages[1].read_bytes()
    pages[0].write_bytes(second)  # swapped: a valid entry under another key
    pages[1].write_bytes(second.replace(b"<", b"[", 1))  # altered: one byte of the HTML
    caplog.set_level(logging.WARNING, logger="podsite.cache")
    assert not build_site(config, tmp_path / "warm")
    assert len(_cache_warnings(caplog)) == 1
    _same_site(cold, tmp_path / "warm")
    assert pages[0].read_bytes() == first, "the swapped entry is written again for its own key"


def test_an_entry_altered_on_disk_is_a_miss(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    data = b"00:00:01 Hello.\n00:00:04 World.\n"
    parse_cached(data, "docs/episodes/a.txt", Problems(), tmp_path)
    (entry,) = tmp_path.rglob("*.pickle")
    entry.write_bytes(entry.read_bytes().replace(b"World", b"Earth"))
    caplog.set_level(logging.WARNING, logger="podsite.cache")
    misses = cache.STATS.misses
    again = parse_cached(data, "docs/episodes/a.txt", Problems(), tmp_path)
    assert cache.STATS.misses == misses + 1
    assert [s.text for s in again.segments] == ["Hello.", "World."]
    assert len(_cache_warnings(caplog)) == 1


def test_one_warning_per_build_not_per_entry(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="podsite.cache")
    cache.new_build()
    for n in range(3):
        cache.store(tmp_path, f"k{n}", [Chapter(float(n), "Title")], remember=False)
    for entry in tmp_path.rglob("*.pickle"):
        entry.write_bytes(b"junk")
    for n in range(3):
        assert cache.lookup(tmp_path, f"k{n}") is None
    assert len(_cache_warnings(caplog)) == 1
    cache.new_build()
    assert cache.lookup(tmp_path, "k0") is None
    assert len(_cache_warnings(caplog)) == 2


class _ReadOnlyDisk:
    """The OS refusing every change under one folder, as on a read-only filesystem
    (EROFS); reads still work. Files are changed through `open` for writing, and
    through os's create, rename, link, remove and time calls."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = str(root.resolve())
        self.refused = 0
        for name in ("mkdir", "replace", "rename", "link", "unlink", "rmdir", "utime", "chmod"):
            monkeypatch.setattr(os, name, self._guard(getattr(os, name)))
        real_os_open = os.open

        def os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
                self._check(path)
            return real_os_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", os_open)
        real_open = io.open

        def open_(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            if any(c in mode for c in "wax+") and not isinstance(file, int):
                self._check(file)
            return real_open(file, mode, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", open_)
        monkeypatch.setattr(io, "open", open_)

    def _check(self, path: Any) -> None:
        if isinstance(path, str | os.PathLike) and os.path.abspath(os.fspath(path)).startswith(self.root):
            self.refused += 1
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.fspath(path))

    def _guard(self, real: Any) -> Any:
        def guarded(*args: Any, **kwargs: Any) -> Any:
            for arg in args[:2]:
                self._check(arg)
            return real(*args, **kwargs)

        return guarded


def test_a_read_only_cache_slows_the_build_and_nothing_else(
    built: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    config, cold = built
    caplog.set_level(logging.WARNING, logger="podsite.cache")
    disk = _ReadOnlyDisk(config.parent / ".cache", monkeypatch)
    assert not build_site(config, tmp_path / "warm")  # the kept search index is linked: its time cannot be set
    assert disk.refused, "the build tried to change the cache"
    assert len(_cache_warnings(caplog)) == 1, _cache_warnings(caplog)
    monkeypatch.undo()
    _same_site(cold, tmp_path / "warm")


def test_an_empty_read_only_cache_still_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    config = copy_sample(tmp_path / "project")
    assert not build_site(config, tmp_path / "plain", env={"PODSITE_CACHE": "off"})
    caplog.set_level(logging.WARNING, logger="podsite.cache")
    _ReadOnlyDisk(config.parent / ".cache", monkeypatch)
    assert not build_site(config, tmp_path / "refused")
    assert len(_cache_warnings(caplog)) == 1, _cache_warnings(caplog)
    monkeypatch.undo()
    _same_site(tmp_path / "plain", tmp_path / "refused")


_WRITER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {hooks!r})
    from pathlib import Path
    from podsite import cache
    folder, tag, rounds = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    print("ready", flush=True)
    for n in range(rounds):
        for k in range(8):
            cache.store(folder, f"entry{{k}}", (k, tag, "x" * 200_000 * (1 + n % 3)), remember=False)
            cache.kept_files(folder / "files", f"files{{k}}", lambda: {{"a.txt": tag * 50_000, "b.txt": str(k)}})
    """
).format(hooks=str(ROOT / "hooks"))


def _check_entries(folder: Path) -> None:
    """Every entry on disk reads back whole and as written for its key, with no warning."""
    for k in range(8):
        value = cache.lookup(folder, f"entry{k}", remember=False)
        if value is not None:
            assert value[0] == k and value[1] in ("one", "two") and set(value[2]) == {"x"}
        names = cache.stamped_files(folder / "files" / cache.code_version() / f"files{k}")
        if names is not None:
            files = cache.kept_files(folder / "files", f"files{k}", lambda: {})
            assert files is not None
            assert files["b.txt"].read_text() == str(k)
            assert files["a.txt"].read_text() in ("one" * 50_000, "two" * 50_000)


def test_two_writers_at_once_leave_whole_entries(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="podsite.cache")
    runs = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(tmp_path), tag, "6"], stdout=subprocess.PIPE)
        for tag in ("one", "two")
    ]
    for run in runs:
        assert run.wait(timeout=120) == 0
    cache.new_build()
    _check_entries(tmp_path)
    assert all(cache.lookup(tmp_path, f"entry{k}", remember=False) is not None for k in range(8))
    assert not _cache_warnings(caplog)


def test_a_killed_writer_leaves_no_broken_entry(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="podsite.cache")
    run = subprocess.Popen([sys.executable, "-c", _WRITER, str(tmp_path), "one", "1000"], stdout=subprocess.PIPE)
    assert run.stdout is not None and run.stdout.readline() == b"ready\n"
    deadline = 200
    while not list(tmp_path.rglob("*.pickle")) and deadline:
        deadline -= 1
        subprocess.run(["sleep", "0.05"], check=True)
    run.kill()  # in the middle of writing, most likely
    run.wait(timeout=30)
    cache.new_build()
    _check_entries(tmp_path)
    assert not _cache_warnings(caplog)
    leftovers = [p for p in tmp_path.rglob("*") if p.name.startswith(".tmp-")]
    # a killed writer may leave a temporary file; it is never read as an entry
    assert all(not p.name.endswith(".pickle") for p in leftovers)


def test_a_value_that_cannot_be_kept_is_computed_each_time(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="podsite.cache")
    cache.new_build()
    value = cache.cached(tmp_path, "lambda", lambda: [lambda: 1])  # functions do not pickle
    assert value[0]() == 1
    assert len(_cache_warnings(caplog)) == 1


def test_a_parse_from_a_damaged_cache_equals_a_fresh_parse(tmp_path: Path) -> None:
    data = (ROOT / "docs" / "episodes" / "001-small-tools-big-wins.txt").read_bytes()
    parse_cached(data, "docs/episodes/001.txt", Problems(), tmp_path)
    (entry,) = tmp_path.rglob("*.pickle")
    entry.write_bytes(entry.read_bytes()[:-10])  # truncated
    fresh = parse_transcript(data, "docs/episodes/001.txt", Problems())
    assert parse_cached(data, "docs/episodes/001.txt", Problems(), tmp_path) == fresh


def test_a_parse_entry_with_a_damaged_warning_is_parsed_again(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Transcript entries skip the generic walk (their rows are plain values) but their
    warnings are still checked for missing fields."""
    from podsite.transcripts.cached import entry_key

    data = b"Before any time.\n00:00:05 Hello there.\n"
    fresh = Problems()
    parse_transcript(data, "docs/episodes/a.txt", fresh)
    assert fresh.items, "the first line has no time: a warning"
    parse_cached(data, "docs/episodes/a.txt", Problems(), tmp_path)
    key = entry_key(data, "docs/episodes/a.txt", None, ())
    packed = cache.lookup(tmp_path, key, remember=False, deep=False)
    object.__delattr__(packed[3][0], "severity")  # the class default would show: a warning read as an error
    cache.store(tmp_path, key, packed, remember=False)
    caplog.set_level(logging.WARNING, logger="podsite.cache")
    again = Problems()
    parse_cached(data, "docs/episodes/a.txt", again, tmp_path)
    assert [str(p) for p in again.items] == [str(p) for p in fresh.items]
    assert [p.severity for p in again.items] == [p.severity for p in fresh.items]
    assert len(_cache_warnings(caplog)) == 1


def test_a_build_keeps_values_on_disk_only_and_serve_keeps_them_in_memory_too(tmp_path: Path) -> None:
    """`mkdocs build` reads each kept value once, so keeping them in memory as well would only
    grow the build (up to 512 MB at thousands of episodes); `mkdocs serve` keeps them for its
    next rebuild."""
    import buildstate

    try:
        for command, from_memory in (("build", False), ("serve", True)):
            buildstate.start(command)
            folder = tmp_path / command
            cache.store(folder, "entry", ["a value"])
            for kept in folder.rglob("entry.pickle"):
                kept.unlink()  # only a value kept in memory can still be found
            found = cache.lookup(folder, "entry")
            assert (found == ["a value"]) is from_memory, command
    finally:
        buildstate.start("build")
        cache.remember_values(True)  # as a process starts
        cache.forget()
