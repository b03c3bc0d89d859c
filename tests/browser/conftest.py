"""Browser tests: the sample show built once, served on 127.0.0.1, driven in Chromium.

One build, one HTTP server and one Chromium per test session; every test gets
fresh browser contexts (their own viewport, colour scheme and storage), so tests
do not see each other's palette choice or playing audio. Requests to any host but
the local server are refused, so no test waits on the network, and a JavaScript
error on any page fails the test that caused it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browserkit import CHROMIUM, DESKTOP, launch_chromium, serve_sample


@pytest.fixture(scope="session")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The sample show, built once with `--strict` and served at its site_url path:
    (the built site's folder, its URL ending in `/`)."""
    server, site, url = serve_sample(tmp_path_factory.mktemp("browser"))
    yield site, url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def site_dir(served_site: tuple[Path, str]) -> Path:
    """The built sample site's folder."""
    return served_site[0]


@pytest.fixture(scope="session")
def base_url(served_site: tuple[Path, str]) -> str:
    """The URL of the served sample site, ending in `/`."""
    return served_site[1]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the whole session; skipped when it is not installed."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(
            f"{CHROMIUM} is missing: install Debian's chromium (`apt-get install chromium`) to run the browser tests"
        )
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser: Any, base_url: str) -> Iterator[Callable[..., Any]]:
    """`new_page(viewport=MOBILE, color_scheme="dark")` opens a page in a fresh context
    (desktop size by default). Contexts are closed after the test; JavaScript errors fail it."""
    contexts: list[Any] = []
    errors: list[str] = []

    def make(**options: Any) -> Any:
        options.setdefault("viewport", DESKTOP)
        context = browser.new_context(**options)
        context.set_default_timeout(5000)
        context.route(lambda url: not url.startswith(base_url), lambda route: route.abort())
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}\n{exc.stack}"))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def page(new_page: Callable[..., Any]) -> Any:
    """A desktop-sized page (1280×900, light scheme)."""
    return new_page()
