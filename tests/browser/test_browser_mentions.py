"""Linked mentions in a real browser: the mentions index and a mention page lead to the
episode moments where the name was said, and the player lands on them."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
import pytest
from browserkit import audio_state, click_instantly, open_page, start_of, wait_time_near


@pytest.fixture(scope="module")
def mention_pages(site_dir: Path) -> list[str]:
    """Slugs of the mention pages, or a skip while the site has none."""
    slugs = sorted(p.parent.name for p in (site_dir / "mentions").glob("*/index.html"))
    if not slugs:
        pytest.skip("the built site has no mention pages under mentions/ (linked mentions not built yet)")
    return slugs


def moments(site_dir: Path, slug: str) -> list[tuple[str, str]]:
    """(episode path, line id) of every link from a mention page to a moment in an episode."""
    page_url = f"/mentions/{slug}/"
    doc = lxml.html.fromstring((site_dir / "mentions" / slug / "index.html").read_bytes())
    found = []
    for a in doc.cssselect("article a[href]"):
        url = urlsplit(urljoin(page_url, a.get("href")))
        if url.path.startswith("/episodes/") and url.fragment.startswith("t="):
            found.append((url.path.strip("/"), unquote(url.fragment)))
    return found


def test_every_moment_on_every_mention_page_is_a_line_that_says_it(site_dir: Path, mention_pages: list[str]) -> None:
    """Checked on the built files for every mention: the linked transcript line exists and says it."""
    wrong = []
    for slug in mention_pages:
        doc = lxml.html.fromstring((site_dir / "mentions" / slug / "index.html").read_bytes())
        # The line says the name, or links it (an alias such as "duck DB" links the address
        # of the mentioned thing, or else its mention page); not every saying is linked.
        name = doc.cssselect("article h1")[0].text_content().strip()
        said_as = {a.get("href") for a in doc.cssselect(".podsite-mention-page__link a[href]")}
        links = moments(site_dir, slug)
        assert links, f"mentions/{slug}/ links no episode moment"
        for episode, line_id in links:
            page = lxml.html.fromstring((site_dir / episode / "index.html").read_bytes())
            line = page.get_element_by_id(line_id, None)
            if line is None or line.tag != "span":
                wrong.append(f"mentions/{slug}/ -> {episode}#{line_id}: no such transcript line")
            elif name.casefold() not in line.text_content().casefold() and not any(
                a.get("href") in said_as or urljoin(f"/{episode}/", a.get("href")) == f"/mentions/{slug}/"
                for a in line.cssselect("a.podsite-mention")
            ):
                wrong.append(
                    f"mentions/{slug}/ -> {episode}#{line_id}: the line does not mention it: {line.text_content()!r}"
                )
    assert not wrong, "\n".join(wrong)


def test_from_the_mentions_index_to_a_moment_in_the_episode(
    page: Any, base_url: str, site_dir: Path, mention_pages: list[str]
) -> None:
    # The mention said most often: its last moment is furthest into an episode.
    slug = max(mention_pages, key=lambda s: (len(moments(site_dir, s)), s))
    episode, line_id = moments(site_dir, slug)[-1]
    open_page(page, base_url, "mentions/")
    click_instantly(page, page.locator(f'article a[href$="{slug}/"]').first)
    assert page.url == f"{base_url}mentions/{slug}/"
    click_instantly(page, page.locator(f'article a[href*="#{line_id}"][href*="{episode}/"]').first)
    assert page.url.startswith(f"{base_url}{episode}/")
    assert audio_state(page)["hash"] == f"#{line_id}"
    selector = f'[id="{line_id}"]'
    page.wait_for_function("(sel) => document.querySelector(sel).classList.contains('podsite-target')", arg=selector)
    assert page.evaluate(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
        return r.bottom > 0 && r.top < innerHeight }""",
        selector,
    ), "the mentioned line is not on screen"
    seconds = start_of(page.locator(selector))
    page.evaluate("() => document.querySelector('audio[data-podsite-player]').play()")
    wait_time_near(page, seconds)


def test_the_mention_times_on_an_episode_page_seek_its_audio(
    page: Any, base_url: str, site_dir: Path, mention_pages: list[str]
) -> None:
    slug = mention_pages[0]
    episode, _ = moments(site_dir, slug)[0]
    open_page(page, base_url, f"{episode}/")
    stamp = page.locator(".podsite-mentions a.podsite-ts").last
    stamp.click()
    wait_time_near(page, start_of(stamp))
    assert not audio_state(page)["paused"]
