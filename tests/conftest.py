"""Shared pytest setup: put `hooks/` on the import path; `--update-golden` option."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the expected files of golden tests from the current output",
    )


@pytest.fixture(autouse=True)
def fresh_hook_state() -> Iterator[None]:
    """Each test leaves the hooks' one state object (`buildstate.STATE`, which lives as long
    as the process, as MkDocs keeps hook modules loaded) as a new `mkdocs build` process has it."""
    yield
    state = sys.modules.get("buildstate")
    if state is not None:
        state.start()


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when golden files are to be rewritten: `UPDATE_GOLDEN=1` or `--update-golden` (see golden.py)."""
    from golden import updating

    return updating(bool(request.config.getoption("--update-golden")))


# --- shared fixtures: the sample show built once, the corpus; the browser and corpus markers ---


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample show (`mkdocs.yml`) built once per run with `--strict`; tests only read it."""
    from sitebuild import build_site

    out = tmp_path_factory.mktemp("sample") / "site"
    warnings = build_site(ROOT / "mkdocs.yml", out)
    assert not warnings, [r.getMessage() for r in warnings]
    return out


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The Python Bytes corpus folder; the test is skipped when it is not there."""
    from sitebuild import CORPUS

    if not CORPUS.is_dir():
        pytest.skip(f"the Python Bytes corpus is not at {CORPUS} (set PODSITE_CORPUS)")
    return CORPUS


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark browser tests (tests/browser/) and tests that read the corpus, so `-m` can pick them
    and the run's summary counts what of each was skipped."""
    browser_dir = ROOT / "tests" / "browser"
    for item in items:
        path = Path(str(item.path))
        if browser_dir in path.parents:
            item.add_marker(pytest.mark.browser)
        if "corpus" in getattr(item, "fixturenames", ()) or "corpus" in path.stem:
            item.add_marker(pytest.mark.corpus)


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """Say how many browser and corpus tests ran and how many were skipped."""
    counts: dict[str, list[int]] = {}
    for outcome in ("passed", "failed", "skipped", "error"):
        for report in terminalreporter.stats.get(outcome, []):
            keywords = getattr(report, "keywords", {})
            for marker in ("browser", "corpus"):
                if marker in keywords and getattr(report, "when", "call") in ("call", "setup"):
                    ran_skipped = counts.setdefault(marker, [0, 0])
                    ran_skipped[1 if outcome == "skipped" else 0] += 1
    for marker, (ran, skipped) in sorted(counts.items()):
        terminalreporter.write_line(f"{marker} tests: {ran} ran, {skipped} skipped")
