"""A cold build on a pool of processes writes and reports exactly what a serial build does.

`podsite.parallel` fills the cache ahead of the build on worker processes when many
episodes are new (`PODSITE_POOL_MIN`, 40 by default). Here the pool is forced on for
small sites (`PODSITE_POOL_MIN=1`, two workers) and each build starts from an empty
cache: every file of the site is compared byte for byte with a serial build's
(`PODSITE_WORKERS=1`), the main process must have parsed, chaptered, searched and
drawn nothing itself, bad input must give the same `path:line` messages, and a warm
build must not start a pool at all.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path

import pytest
from minisite import make_site, run_mkdocs
from podsite import cache, cards, chapterize, parallel
from podsite.mentions import annotate
from podsite.transcripts import cached as parse_cache
from sitebuild import ROOT, build_site, copy_sample
from test_bad_input import BROKEN_SITE, ERRORS, WARNING_SITE, WARNINGS

SERIAL = {"PODSITE_WORKERS": "1"}
POOL = {"PODSITE_WORKERS": "2", "PODSITE_POOL_MIN": "1"}


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """How often this process parsed a transcript, derived chapters, searched for mentions, drew a card."""
    counts: Counter[str] = Counter()
    for module, name in (
        (parse_cache, "parse_transcript"),
        (chapterize, "derive_chapters"),
        (annotate, "annotate_episode"),
        (cards, "draw_card"),
    ):
        original = getattr(module, name)

        def counted(*args: object, _name: str = name, _original: object = original, **kwargs: object) -> object:
            counts[_name] += 1
            return _original(*args, **kwargs)  # type: ignore[operator]

        monkeypatch.setattr(module, name, counted)
    yield counts


def _cold(project: Path) -> None:
    shutil.rmtree(project / ".cache", ignore_errors=True)


def _same_site(config: Path, tmp_path: Path, computed: Counter[str], strict: bool = True) -> None:
    project = config.parent
    _cold(project)
    said = build_site(config, tmp_path / "serial", strict=strict, env=SERIAL)
    assert not strict or not said
    serial_work = dict(computed)
    assert serial_work.get("parse_transcript") and serial_work.get("draw_card"), serial_work
    computed.clear()
    _cold(project)
    before = parallel.starts()
    said_on_pool = build_site(config, tmp_path / "pool", strict=strict, env=POOL)
    assert [r.getMessage() for r in said_on_pool] == [r.getMessage() for r in said]
    assert parallel.starts() == before + 1, "one pool for the whole build"
    assert not computed, f"the workers left this to the build: {dict(computed)}"
    serial, pooled = _files(tmp_path / "serial"), _files(tmp_path / "pool")
    assert sorted(serial) == sorted(pooled)
    different = [name for name in serial if serial[name] != pooled[name]]
    assert not different, f"these files differ between a serial build and one on a pool: {different}"


def test_the_sample_show_built_on_a_pool_is_byte_identical(tmp_path: Path, computed: Counter[str]) -> None:
    _same_site(copy_sample(tmp_path / "project"), tmp_path, computed)


def test_corpus_episodes_built_on_a_pool_are_byte_identical(
    tmp_path: Path, computed: Counter[str], corpus: Path
) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from benchkit.corpus import load_corpus, write_podsite

    project = tmp_path / "project"
    write_podsite(project, load_corpus(corpus, 10))
    _same_site(project / "mkdocs.yml", tmp_path, computed, strict=False)  # a note links `matplotlib.org`


def test_a_warm_build_starts_no_pool(tmp_path: Path, computed: Counter[str]) -> None:
    config = copy_sample(tmp_path / "project")
    before = parallel.starts()
    assert not build_site(config, tmp_path / "cold", env=POOL)
    assert parallel.starts() == before + 1
    computed.clear()
    assert not build_site(config, tmp_path / "warm", env=POOL)
    assert parallel.starts() == before + 1, "a warm build started a pool"
    assert not computed


def _messages(output: str) -> list[str]:
    """The build's problem lines (WARNING and ERROR), in order."""
    return [line for line in output.splitlines() if line.startswith(("WARNING", "ERROR"))]


def test_problems_found_on_a_pool_are_reported_as_a_serial_build_reports_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "site"
    make_site(root, {**WARNING_SITE, **BROKEN_SITE})
    outputs = {}
    for name, env in (("serial", SERIAL), ("pool", POOL)):
        _cold(root)
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        result = run_mkdocs(root)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        outputs[name] = result.stderr
    assert "episodes read ahead" in outputs["pool"] and "episodes read ahead" not in outputs["serial"]
    serial, pooled = _messages(outputs["serial"]), _messages(outputs["pool"])
    assert serial == pooled
    for message in ERRORS:  # an unreadable transcript a worker met is reported by the build, file and line
        assert f"ERROR   -  {message}" in pooled, message
    for message in WARNINGS:
        assert f"WARNING -  {message}" in pooled, message


def test_a_worker_keeps_no_values_in_memory_for_a_next_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker writes each result to the cache once; kept in its memory as well, its results
    would grow every worker by up to the memory cache's bound at thousands of episodes."""
    for key, value in POOL.items():
        monkeypatch.setenv(key, value)
    parallel.close()
    try:
        assert parallel._executor().submit(cache.remembering).result(timeout=60) is False
    finally:
        parallel.close()


def test_workers_run_the_hooks_the_build_loaded_not_another_copy(tmp_path: Path) -> None:
    """A project with the hooks copied into it (MkDocs puts their folder on `sys.path` only
    while it loads them), and another `podsite` first on the path, as another checkout's
    install would be: the workers still run the build's own package, so the pool does the
    work and nothing is printed but the build's log."""
    project = tmp_path / "project"
    for name in ("docs", "hooks", "overrides"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    decoy = tmp_path / "elsewhere" / "podsite"
    decoy.mkdir(parents=True)
    (decoy / "__init__.py").write_text('raise ImportError("another copy of podsite was imported")\n')
    done = run_mkdocs(project, "--strict", env={"PYTHONPATH": str(decoy.parent), **POOL})
    assert done.returncode == 0, done.stderr
    assert "episodes read ahead: 3 of 3 on 2 processes" in done.stderr
    assert "transcripts searched ahead: 3 of 3 on 2 processes" in done.stderr
    assert "stopped" not in done.stderr and "Traceback" not in done.stderr
    assert (project / "site" / "index.html").is_file()


def test_the_pools_workers_leave_once_the_last_card_is_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cards are the last work a first build gives its pool: once they are all drawn (seen after a
    page is written) the workers are stopped, not kept to the end of the build beside Pagefind's
    runs; while a card is still being drawn they stay."""
    import art
    import buildstate
    from podsite import parallel

    closed: list[bool] = []
    monkeypatch.setattr(parallel, "close", lambda: closed.append(True))
    said: list[str] = []
    pending: Future[int] = Future()
    drawing = parallel.Background("social cards drawn beside the pages", 2, said.append, [pending])
    buildstate.reset()
    try:
        own = buildstate.STATE.part(art._Build)
        own.drawing = drawing
        art.on_post_page("<html></html>", None, None)  # type: ignore[arg-type]
        assert not closed and own.drawing is drawing and not said  # a card is still being drawn
        pending.set_result(2)
        art.on_post_page("<html></html>", None, None)  # type: ignore[arg-type]
        assert closed == [True] and own.drawing is None
        assert said and said[0].startswith("podsite: social cards drawn beside the pages: 2 of 2 on ")
    finally:
        buildstate.reset()
