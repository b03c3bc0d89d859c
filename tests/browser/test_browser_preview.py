"""Seeking in the `mkdocs serve` preview: the real development server (with `make serve`'s
flags) in a subprocess, not the tests' own static server."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from browserkit import DESKTOP, EPISODE, LINE, audio_state, click_in_view, open_page, start_of, wait_time_near

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from servekit import Preview  # noqa: E402
from sitebuild import copy_sample  # noqa: E402


@pytest.fixture(scope="module")
def preview_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with Preview(copy_sample(tmp_path_factory.mktemp("preview") / "project")) as preview:
        yield preview.url


@pytest.fixture
def preview_page(browser: Any, preview_url: str) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(10000)
    origin = urljoin(preview_url, "/")
    context.route(lambda url: not url.startswith(origin), lambda route: route.abort())
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def test_clicking_a_timestamp_in_the_preview_seeks_there(preview_page: Any, preview_url: str) -> None:
    open_page(preview_page, preview_url, f"episodes/{EPISODE}/")
    stamps = preview_page.locator(".podsite-para > a.podsite-ts")
    stamp = stamps.nth(stamps.count() - 1)
    seconds = start_of(stamp)
    assert seconds > 10, "a timestamp far from the start, so a seek is visible"
    click_in_view(preview_page, stamp)
    wait_time_near(preview_page, seconds)
    assert not audio_state(preview_page)["paused"]


def test_a_time_link_in_the_preview_plays_from_that_moment(preview_page: Any, preview_url: str) -> None:
    open_page(preview_page, preview_url, f"episodes/{EPISODE}/")
    line = preview_page.locator(LINE).last
    seconds = start_of(line)
    target = line.get_attribute("id")
    preview_page.goto("about:blank")
    open_page(preview_page, preview_url, f"episodes/{EPISODE}/#{target}")
    preview_page.evaluate("() => document.querySelector('audio[data-podsite-player]').play()")
    wait_time_near(preview_page, seconds, tolerance=1.0)
