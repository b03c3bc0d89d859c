"""The German test show (tests/data/german/) in Chromium: the player bar, its keyboard help
and the messages its script writes are German, and the page's dates are German."""

from __future__ import annotations

import http.server
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browserkit import DESKTOP, open_page, serve
from sitebuild import build_site, copy_german

AUDIO = "audio[data-podsite-audio]"
BAR = "[data-podsite-bar]"


@pytest.fixture(scope="module")
def german_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The German show, built with --strict and served at its site_url path."""
    work = tmp_path_factory.mktemp("german-browser")
    www = work / "www"
    site = www / "gartenfunk"
    site.mkdir(parents=True)
    server: http.server.ThreadingHTTPServer
    server, root_url = serve(www)
    config = copy_german(work / "source")
    text = config.read_text(encoding="utf-8").replace(
        "site_url: https://example.org/gartenfunk/", f"site_url: {root_url}gartenfunk/"
    )
    config.write_text(text, encoding="utf-8")
    warnings = build_site(config, site)
    assert [r.getMessage() for r in warnings] == []
    yield root_url + "gartenfunk/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def german_page(browser: Any, german_url: str) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP, locale="de-DE")
    context.set_default_timeout(5000)
    context.route(lambda url: not url.startswith(german_url), lambda route: route.abort())
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def test_player_bar_and_its_help_speak_german(german_page: Any, german_url: str) -> None:
    page = open_page(german_page, german_url, "episodes/001-der-spaten/")
    assert page.locator(".podsite-meta time").inner_text() == "12. März 2026"
    start = page.locator("[data-podsite-do=start]")
    assert start.inner_text() == "Folge abspielen"
    start.click()
    page.wait_for_function(f"() => !document.querySelector('{AUDIO}').paused")
    bar = page.locator(BAR)
    assert bar.is_visible()
    assert bar.get_attribute("aria-label") == "Audioplayer"
    assert bar.locator("[data-podsite-do=back]").get_attribute("aria-label") == "15 Sekunden zurück"
    assert bar.locator("[data-podsite-do=next]").get_attribute("aria-label") == "Nächstes Kapitel"
    assert bar.locator("[data-podsite-speed]").get_attribute("aria-label") == "Wiedergabegeschwindigkeit"
    # written by player.js from the page's strings: the seek bar's spoken value
    page.wait_for_function(
        "() => / von /.test(document.querySelector('[data-podsite-seek]').getAttribute('aria-valuetext'))"
    )
    page.wait_for_function(f"() => document.querySelector('{AUDIO}').currentTime > 1.5")
    page.locator("h1").click()
    page.keyboard.press("k")
    page.wait_for_function(f"() => document.querySelector('{AUDIO}').paused")
    assert start.inner_text().startswith("Fortsetzen bei 0:")
    page.keyboard.press("Shift+>")
    page.wait_for_function("() => document.querySelector('[data-podsite-status]').textContent === 'Tempo 1,25×'")
    page.keyboard.press("?")
    dialog = page.locator("[data-podsite-help]")
    assert dialog.is_visible()
    text = dialog.inner_text()
    for label in ("Tastenkürzel", "Abspielen oder anhalten", "15 Sekunden zurück", "30 Sekunden vor", "Diese Hilfe"):
        assert label in text
    assert "Play or pause" not in text and "Keyboard shortcuts" not in text
    assert dialog.locator("button").inner_text() == "Schließen"
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    # the transcript's find box counts in German
    page.locator("[data-podsite-find]").fill("spaten")
    page.wait_for_function(
        "() => /^\\d+ Treffer$/.test(document.querySelector('[data-podsite-find-status]').textContent)"
    )
    page.locator("[data-podsite-find]").fill("zzzz")
    page.wait_for_function("() => document.querySelector('[data-podsite-find-status]').textContent === 'Kein Treffer'")


def test_lists_show_german_dates_and_played_marks(german_page: Any, german_url: str) -> None:
    page = open_page(german_page, german_url, "episodes/002-die-giesskanne/")
    page.evaluate(f"() => {{ const a = document.querySelector('{AUDIO}'); a.currentTime = 20; return a.play() }}")
    page.wait_for_function(f"() => document.querySelector('{AUDIO}').currentTime > 20.2")
    page.evaluate(f"() => document.querySelector('{AUDIO}').pause()")
    open_page(page, german_url, "episodes/")
    assert page.locator(".podsite-episode-list time").all_inner_texts() == ["02.04.2026", "12.03.2026"]
    page.wait_for_function("() => !!document.querySelector('.podsite-heard')")
    assert page.locator(".podsite-heard").inner_text().startswith("Angehalten bei 0:2")


def test_screenshots_of_the_german_episode(german_page: Any, german_url: str, tmp_path: Path) -> None:
    """The German episode page and its player bar render (kept in the test's folder, not the repository)."""
    page = open_page(german_page, german_url, "episodes/001-der-spaten/")
    page.locator("[data-podsite-do=start]").click()
    page.wait_for_function(f"() => !document.querySelector('{AUDIO}').paused")
    page.evaluate(f"() => document.querySelector('{AUDIO}').pause()")
    page.screenshot(path=str(tmp_path / "episode.png"))
    page.locator(BAR).screenshot(path=str(tmp_path / "player.png"))
    assert (tmp_path / "episode.png").stat().st_size > 10_000
