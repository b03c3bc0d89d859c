"""Pages given to Pagefind's service as the build writes them (`podsite.pagefind_service`):
in sorted order whatever order they are written in, none while they are the last index's
pages, and a clear error when the service fails."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from podsite.pagefind_service import BODY_MARK, Feed, PagefindService, ServiceError, page_digest

PAGES = [f"episodes/{n:03d}/index.html" for n in range(1, 6)] + ["mentions/duckdb/index.html"]


class _Service:
    """Stands in for PagefindService: the pages it was given, in order."""

    def __init__(self) -> None:
        self.given: list[str] = []

    def add(self, path: str, html: str) -> None:
        assert BODY_MARK in html
        self.given.append(path)


def _html(path: str) -> str:
    return f"<html><body><main {BODY_MARK}>{path}</main></body></html>"


def _feed(site: Path, last: dict[str, bytes] | None) -> tuple[Feed, list[_Service]]:
    started: list[_Service] = []

    def start() -> _Service:
        started.append(_Service())
        return started[-1]

    return Feed(site, list(reversed(PAGES)), last, start), started  # type: ignore[arg-type]


def _write(site: Path, feed: Feed, path: str, html: str | None = None) -> None:
    """As MkDocs does: the hook sees the page, then it is written."""
    text = _html(path) if html is None else html
    feed.written(path, text)
    (site / path).parent.mkdir(parents=True, exist_ok=True)
    (site / path).write_text(text, encoding="utf-8")


def test_pages_written_in_any_order_are_given_sorted(tmp_path: Path) -> None:
    feed, started = _feed(tmp_path, None)
    for path in [PAGES[2], PAGES[0], PAGES[5], PAGES[1], PAGES[4], PAGES[3]]:
        _write(tmp_path, feed, path)
    feed.rest()
    assert len(started) == 1 and started[0].given == PAGES
    assert set(feed.digests) == set(PAGES)


def test_the_last_index_pages_are_not_given_until_one_differs(tmp_path: Path) -> None:
    last = {path: page_digest(_html(path).encode()) for path in PAGES}
    feed, started = _feed(tmp_path, last)
    for path in PAGES:
        _write(tmp_path, feed, path)
    feed.rest()
    assert started == [], "every page is the last index's: Pagefind is not started"

    feed, started = _feed(tmp_path, last)
    for path in PAGES:
        _write(tmp_path, feed, path, _html(path) + ("changed" if path == PAGES[3] else ""))
    feed.rest()
    # the pages before the changed one come from the site folder, the rest as they are written
    assert len(started) == 1 and started[0].given == PAGES


def test_pages_this_build_did_not_write_are_read_from_the_site(tmp_path: Path) -> None:
    feed, started = _feed(tmp_path, None)
    (tmp_path / PAGES[1]).parent.mkdir(parents=True)
    (tmp_path / PAGES[1]).write_text(_html(PAGES[1]), encoding="utf-8")  # an earlier build's
    for path in (PAGES[0], PAGES[2], PAGES[3]):
        _write(tmp_path, feed, path)
    feed.rest()  # PAGES[4] and PAGES[5] are nowhere: left out
    assert started[0].given == PAGES[:4]


def test_a_page_without_the_body_mark_is_not_given_but_counts(tmp_path: Path) -> None:
    feed, started = _feed(tmp_path, None)
    for path in PAGES:
        _write(tmp_path, feed, path, "<html><body>no mark</body></html>" if path == PAGES[5] else None)
    feed.rest()
    assert started[0].given == PAGES[:5] and PAGES[5] in feed.digests


def test_a_service_that_fails_says_so(tmp_path: Path) -> None:
    broken = tmp_path / "pagefind"
    broken.write_text(f"#!{sys.executable}\nimport sys\nsys.stderr.write('no such index\\n')\nsys.exit(3)\n")
    broken.chmod(0o755)
    with pytest.raises(ServiceError, match=r"exit status 3\):\nno such index"):
        PagefindService([str(broken)], {}, tmp_path / "log")
