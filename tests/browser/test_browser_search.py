"""Site search in a real browser: Pagefind finds spoken words and opens the page at the line."""

from __future__ import annotations

from typing import Any

from browserkit import OTHER_EPISODE, SAMPLE_EPISODES, open_page

FIRST = SAMPLE_EPISODES[0]  # 001-small-tools-big-wins
PHRASE = "analytical database"  # said at 00:00:19 in episode 1, under the chapter "DuckDB in a notebook"
LINE = "t=00:00:19"
RESULT = ".podsite-search__result"


def search(page: Any, query: str) -> None:
    """Open the search dialog with "/" and type the query; wait for the results."""
    page.keyboard.press("/")
    box = page.locator("dialog[data-podsite-search] input")
    box.wait_for(state="visible")
    box.fill(query)
    page.locator(f"{RESULT}-link").first.wait_for(state="visible")


def test_pages_load_no_search_code_until_search_opens(page: Any, base_url: str) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    open_page(page, base_url, f"episodes/{FIRST}/")
    assert not [u for u in requests if "/pagefind/" in u or "search_index" in u]
    search(page, PHRASE)
    fetched = [u for u in requests if "/pagefind/" in u]
    assert all(u.startswith(base_url + "pagefind/") for u in fetched), fetched
    assert any(u.endswith(".pf_fragment") for u in fetched)
    assert not [u for u in requests if "search_index" in u or "/workers/search" in u]


def test_a_spoken_phrase_finds_the_episode_and_links_to_the_line(page: Any, base_url: str) -> None:
    open_page(page, base_url, f"episodes/{OTHER_EPISODE}/")
    search(page, PHRASE)
    first = page.locator(RESULT).first
    assert first.locator(f"{RESULT}-link").first.inner_text() == "Small tools, big wins"
    sub = first.locator(f'.podsite-search__subresult a[href$="#{LINE}"]')
    assert sub.count() == 1, first.inner_html()
    assert sub.inner_text() == "DuckDB in a notebook · 0:19"  # the chapter and the time it was said
    assert sub.get_attribute("href").startswith("/byte-sized-garden/episodes/")
    sub.click()
    page.wait_for_function("(id) => decodeURIComponent(location.hash) === '#' + id", arg=LINE)
    assert page.url.startswith(f"{base_url}episodes/{FIRST}/")
    page.wait_for_function("(id) => document.getElementById(id)?.classList.contains('podsite-target')", arg=LINE)
    assert not page.locator("dialog[data-podsite-search]").evaluate("d => d.open")


def test_the_dialog_opens_from_the_header_button_and_closes_with_escape(page: Any, base_url: str) -> None:
    open_page(page, base_url, "")
    page.locator("[data-podsite-search-open]").click()
    box = page.locator("dialog[data-podsite-search] input")
    box.wait_for(state="visible")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('dialog[data-podsite-search]').open")


def test_results_say_how_many_and_mark_the_words(page: Any, base_url: str) -> None:
    open_page(page, base_url, "")
    search(page, "notebook")
    message = page.locator("[data-podsite-search-message]")
    page.wait_for_function(
        "() => /results? for/.test(document.querySelector('[data-podsite-search-message]').textContent)"
    )
    count = page.locator(RESULT).count()
    assert message.inner_text() == f"{count} result{'s' if count > 1 else ''} for \u201cnotebook\u201d"
    excerpts = page.locator(".podsite-search__excerpt")
    marks = page.locator(".podsite-search__excerpt mark")
    assert marks.count() >= 1 and marks.first.inner_text().lower().startswith("notebook")
    # an excerpt holds text and <mark> elements, nothing else
    tags = excerpts.evaluate_all(
        "els => [...new Set(els.flatMap(e => [...e.querySelectorAll('*')].map(c => c.tagName)))]"
    )
    assert tags == ["MARK"]


def test_no_results_is_said_and_enter_opens_the_first_result(page: Any, base_url: str) -> None:
    open_page(page, base_url, "")
    page.keyboard.press("/")
    box = page.locator("dialog[data-podsite-search] input")
    box.wait_for(state="visible")
    box.fill("zyxwvutsrq")
    page.wait_for_function(
        "() => /^No results for/.test(document.querySelector('[data-podsite-search-message]').textContent)"
    )
    assert page.locator(RESULT).count() == 0
    box.fill(PHRASE)
    page.locator(f"{RESULT}-link").first.wait_for(state="visible")
    href = page.locator(f"{RESULT}-link").first.get_attribute("href")
    box.press("Enter")
    page.wait_for_function("(h) => location.href.endsWith(h)", arg=href)
    assert not page.locator("dialog[data-podsite-search]").evaluate("d => d.open")
