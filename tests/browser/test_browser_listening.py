"""The listening experience in a real browser: the player bar across pages, its controls,
keyboard shortcuts, speed and resume kept in the browser, range links, the Media Session,
the transcript's follow-along and find box, the embed page, and axe with the bar open."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browserkit import (
    EPISODE,
    LINE,
    MOBILE,
    OTHER_EPISODE,
    SAMPLE_EPISODES,
    START_OF,
    audio_state,
    click_in_view,
    click_instantly,
    open_page,
    start_of,
    wait_settled,
    wait_time_near,
)
from test_browser_access import axe_violations

AUDIO = "audio[data-podsite-audio]"
BAR = "[data-podsite-bar]"
SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"


def play_from(page: Any, seconds: float) -> None:
    page.evaluate(f"(t) => {{ const a = document.querySelector('{AUDIO}'); a.currentTime = t; a.play() }}", seconds)
    page.wait_for_function(f"(t) => document.querySelector('{AUDIO}').currentTime > t + 0.2", arg=seconds)


def now(page: Any) -> dict[str, Any]:
    return page.evaluate(
        f"() => {{ const a = document.querySelector('{AUDIO}'); return {{t: a.currentTime, paused: a.paused, src: a.src}} }}"
    )


def test_audio_plays_on_across_three_instant_navigation_hops(page: Any, base_url: str) -> None:
    open_page(page, base_url, f"episodes/{EPISODE}/")
    page.locator("[data-podsite-do=start]").click()
    page.wait_for_function(f"() => document.querySelector('{AUDIO}').currentTime > 0.5")
    page.evaluate(f"() => {{ window.__podsiteAudio = document.querySelector('{AUDIO}') }}")
    before = now(page)
    hops = [
        page.locator(".podsite-mentions a[href*='/mentions/']").first,  # a mention page
        page.locator("nav.md-nav--primary a.md-nav__link", has_text="Episodes"),  # the archive
        page.locator(f'.podsite-episode-list a[href*="{OTHER_EPISODE}"]'),  # another episode
    ]
    seen = [before["t"]]
    for hop in hops:
        click_instantly(page, hop)
        page.wait_for_function(  # still playing, on from where it was
            f"(t) => {{ const a = document.querySelector('{AUDIO}'); return a !== null && !a.paused && a.currentTime > t }}",
            arg=seen[-1],
        )
        state = now(page)
        assert not state["paused"], f"the audio stopped on {page.url}"
        assert state["src"] == before["src"], "another episode replaced the one playing"
        assert state["t"] > seen[-1], f"the position did not move on at {page.url}"
        seen.append(state["t"])
        assert page.evaluate(f"() => document.querySelector('{AUDIO}') === window.__podsiteAudio")
        assert page.locator(BAR).is_visible()
        assert page.locator(f"{BAR} [data-podsite-title]").inner_text() == "Testing the waters"
    assert len(seen) >= 3
    # The bar's title leads back to the playing episode at its current moment.
    page.wait_for_function(f"() => document.querySelector('{BAR} [data-podsite-title]').href.includes('#t=')")
    href = page.locator(f"{BAR} [data-podsite-title]").get_attribute("href")
    assert f"episodes/{EPISODE}/#t=0:" in href
    # On the other episode's page its own play button replaces the episode playing.
    page.locator("[data-podsite-do=start]").click()
    page.wait_for_function(f"(stem) => document.querySelector('{AUDIO}').src.includes(stem)", arg=OTHER_EPISODE)
    assert page.locator(f"{BAR} [data-podsite-title]").inner_text() != "Testing the waters"


def test_the_bar_controls_skip_change_chapters_and_speed(page: Any, base_url: str) -> None:
    open_page(page, base_url, f"episodes/{EPISODE}/")
    chapters = [start_of(a) for a in page.locator(".podsite-chapters a.podsite-ts").all()]
    play_from(page, 40)
    bar = page.locator(BAR)
    bar.locator("[data-podsite-do=back]").click()
    assert 24 <= now(page)["t"] <= 28
    bar.locator("[data-podsite-do=forward]").click()
    assert 54 <= now(page)["t"] <= 58
    bar.locator("[data-podsite-do=next]").click()
    wait_time_near(page, next(t for t in chapters if t > 56))
    bar.locator("[data-podsite-do=menu]").click()
    menu = bar.locator("[data-podsite-menu]")
    assert menu.is_visible()
    items = menu.locator("button")
    assert items.count() == len(chapters)
    assert page.evaluate("() => document.activeElement.getAttribute('aria-current')") == "true", (
        "the menu opens on the current chapter"
    )
    items.nth(1).click()
    wait_time_near(page, chapters[1])
    assert not menu.is_visible() and page.evaluate("() => document.activeElement.dataset.podsiteDo") == "menu"
    bar.locator("[data-podsite-speed]").select_option("1.5")
    assert page.evaluate(f"() => document.querySelector('{AUDIO}').playbackRate") == 1.5
    # chapter marks on the seek bar, and the chapter under the pointer named on hover
    assert bar.locator(".podsite-bar__mark").count() == len([t for t in chapters if t > 0])
    seek = bar.locator("[data-podsite-seek]")
    box = seek.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.99, box["y"] + box["height"] / 2)
    tip = bar.locator("[data-podsite-tip]")
    assert tip.is_visible() and tip.inner_text().endswith("Goodbye")
    seek.focus()
    assert "·" in tip.inner_text(), "focus on the seek bar does not name the chapter"
    assert "of" in seek.get_attribute("aria-valuetext")


def test_keyboard_shortcuts(page: Any, base_url: str) -> None:
    open_page(page, base_url, f"episodes/{EPISODE}/")
    page.locator("h1").click()  # focus on the page, not in a field
    page.keyboard.press("k")
    page.wait_for_function(f"() => !document.querySelector('{AUDIO}').paused")
    page.keyboard.press("k")
    page.wait_for_function(f"() => document.querySelector('{AUDIO}').paused")
    page.keyboard.press(" ")
    page.wait_for_function(f"() => !document.querySelector('{AUDIO}').paused")
    page.keyboard.press(" ")
    page.wait_for_function(f"() => document.querySelector('{AUDIO}').paused")
    page.evaluate(f"() => {{ document.querySelector('{AUDIO}').currentTime = 40 }}")
    page.keyboard.press("j")
    assert 24.5 <= now(page)["t"] <= 25.5
    page.keyboard.press("l")
    assert 54.5 <= now(page)["t"] <= 55.5
    rate = f"() => document.querySelector('{AUDIO}').playbackRate"
    page.keyboard.press("Shift+>")
    assert page.evaluate(rate) == 1.25
    page.keyboard.press("Shift+>")
    assert page.evaluate(rate) == 1.5
    page.keyboard.press("Shift+<")
    assert page.evaluate(rate) == 1.25
    page.keyboard.press("?")
    help_dialog = page.locator("[data-podsite-help]")
    assert help_dialog.is_visible() and "Forward 30 seconds" in help_dialog.inner_text()
    page.keyboard.press("Escape")
    assert not help_dialog.is_visible()
    # Space on a button is the button's; in a text field, letters are typed.
    page.locator("[data-podsite-find]").fill("")
    page.locator("[data-podsite-find]").press("k")
    assert page.locator("[data-podsite-find]").input_value() == "k"
    assert now(page)["paused"]
    # Material's own keys keep working: / opens the search dialog.
    page.locator("h1").click()
    page.keyboard.press("/")
    page.wait_for_function("() => document.querySelector('dialog[data-podsite-search]').open")


def test_speed_and_position_are_remembered_after_a_reload(page: Any, base_url: str) -> None:
    open_page(page, base_url, f"episodes/{EPISODE}/")
    page.locator(f"{BAR} [data-podsite-speed]").select_option("1.75")
    play_from(page, 42)
    page.evaluate(f"() => document.querySelector('{AUDIO}').pause()")
    page.reload()
    open_page(page, base_url, f"episodes/{EPISODE}/")
    assert page.evaluate(f"() => document.querySelector('{AUDIO}').playbackRate") == 1.75
    assert page.locator(f"{BAR} [data-podsite-speed]").input_value() == "1.75"
    start = page.locator("[data-podsite-do=start]")
    assert start.inner_text() == "Resume at 0:42"
    wait_time_near(page, 42.2, 0.6)
    restart = page.locator("[data-podsite-do=restart]")
    assert restart.is_visible()
    start.click()
    page.wait_for_function(f"() => document.querySelector('{AUDIO}').currentTime > 42.3")
    # a #t= link wins over the kept position
    page.goto("about:blank")
    open_page(page, base_url, f"episodes/{EPISODE}/#t=0:10")
    assert page.locator("[data-podsite-do=start]").inner_text() == "Play episode"
    # Start over plays from the beginning
    page.goto("about:blank")
    open_page(page, base_url, f"episodes/{EPISODE}/")
    page.locator("[data-podsite-do=restart]").click()
    page.wait_for_function(f"() => !document.querySelector('{AUDIO}').paused")
    assert now(page)["t"] < 2


def test_an_episode_heard_to_the_end_is_marked_played_in_the_lists(page: Any, base_url: str) -> None:
    open_page(page, base_url, f"episodes/{EPISODE}/")
    page.evaluate(
        f"() => {{ const a = document.querySelector('{AUDIO}'); a.currentTime = a.duration - 0.5; a.play() }}"
    )
    page.wait_for_function(f"() => document.querySelector('{AUDIO}').ended")
    for path in ("", "episodes/"):
        open_page(page, base_url, path)
        item = page.locator(f'.podsite-episode-list li:has(a[href*="{EPISODE}"])')
        assert item.locator(".podsite-heard").inner_text() == "Played"
        others = page.locator(".podsite-episode-list .podsite-heard")
        assert others.count() == 1, "another episode is marked too"
    stored = page.evaluate("() => localStorage.getItem('podsite-player')")
    assert len(stored) < 500 and "http" not in stored


@pytest.mark.parametrize(
    ("fragment", "start", "end"),
    [("t=0:10,0:14", 10.0, 14.0), ("t=20.5,23", 20.5, 23.0)],
)
def test_a_range_link_plays_its_part_and_stops_at_its_end(
    page: Any, base_url: str, fragment: str, start: float, end: float
) -> None:
    open_page(page, base_url, f"episodes/{EPISODE}/#{fragment}")
    assert audio_state(page)["paused"], "a link must not start the audio by itself"
    page.locator("[data-podsite-do=start]").click()
    page.wait_for_function(f"() => !document.querySelector('{AUDIO}').paused")
    assert abs(now(page)["t"] - start) < 0.6
    page.wait_for_function(f"() => document.querySelector('{AUDIO}').paused", timeout=(end - start + 3) * 1000)
    stopped = now(page)["t"]
    assert end - 0.5 <= stopped <= end + 0.5, f"stopped at {stopped:.2f} s, not at {end} s"


@pytest.mark.parametrize(
    ("fragment", "seconds"), [("t=1:05", 65.0), ("t=65", 65.0), ("t=12.5", 12.5), ("t=0:01:05", 65.0)]
)
def test_podlove_style_time_links_seek(page: Any, base_url: str, fragment: str, seconds: float) -> None:
    open_page(page, base_url, f"episodes/{EPISODE}/#{fragment}")
    wait_time_near(page, seconds, 0.3)
    assert page.locator(".podsite-target").count() == 1, "the line at that moment is not marked"


def test_copy_link_at_this_moment(new_page: Any, base_url: str) -> None:
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    open_page(page, base_url, f"episodes/{EPISODE}/")
    play_from(page, 65)
    page.evaluate(f"() => document.querySelector('{AUDIO}').pause()")
    page.locator(f"{BAR} [data-podsite-do=copy]").click()
    page.wait_for_function("() => document.querySelector('[data-podsite-status]').textContent === 'Link copied'")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == f"{base_url}episodes/{EPISODE}/#t=1:05"


def test_media_session_metadata_and_handlers(page: Any, base_url: str) -> None:
    open_page(page, base_url, f"episodes/{EPISODE}/")
    page.locator("[data-podsite-do=start]").click()
    page.wait_for_function("() => navigator.mediaSession.metadata !== null")
    meta = page.evaluate(
        "() => { const m = navigator.mediaSession.metadata; return {title: m.title, artist: m.artist, album: m.album, art: m.artwork.map(a => a.src)} }"
    )
    assert meta["title"] == "Testing the waters"
    assert meta["artist"] == "Byte-Sized Garden"
    assert meta["art"] and meta["art"][0].startswith(base_url) and meta["art"][0].endswith(".png")
    assert page.evaluate("() => navigator.mediaSession.playbackState") in ("playing", "none")


def test_an_audio_that_cannot_load_says_so_and_offers_the_download(new_page: Any, base_url: str) -> None:
    page = new_page()
    page.route("**/*.mp3", lambda route: route.abort())
    page.goto(base_url + f"episodes/{EPISODE}/")
    error = page.locator(f"{BAR} [data-podsite-error]")
    error.wait_for(state="visible")
    assert "could not be loaded" in error.inner_text()
    assert error.locator("a").get_attribute("href").endswith(".mp3")
    assert not page.locator(f"{BAR} [data-podsite-seek]").is_visible(), "a dead seek bar is still shown"


def test_follow_along_keeps_the_line_in_view_until_the_reader_scrolls(page: Any, base_url: str) -> None:
    open_page(page, base_url, f"episodes/{EPISODE}/")
    follow = page.locator("[data-podsite-follow]")
    click_in_view(page, follow)
    assert follow.get_attribute("aria-pressed") == "true"
    play_from(page, 60)
    page.wait_for_function(
        """() => { const l = document.querySelector('.podsite-transcript .podsite-playing');
        if (!l) return false; const r = l.getBoundingClientRect(); return r.top > 0 && r.bottom < innerHeight }"""
    )
    assert page.locator(".podsite-transcript .podsite-playing").count() == 1
    page.mouse.wheel(0, -800)
    page.wait_for_function(
        "() => document.querySelector('[data-podsite-follow]').getAttribute('aria-pressed') === 'false'"
    )


def test_find_in_the_transcript_marks_steps_and_seeks(page: Any, base_url: str) -> None:
    open_page(page, base_url, f"episodes/{EPISODE}/")
    box = page.locator("[data-podsite-find]")
    box.fill("pytest")
    page.wait_for_function("() => document.querySelectorAll('mark.podsite-match').length > 1")
    count = page.locator("mark.podsite-match").count()
    lines = f"() => [...document.querySelectorAll(\"{LINE}\")].map(s => s.textContent).join(' ')"
    text = page.evaluate(lines).lower()
    assert count == text.count("pytest")
    box.press("Enter")
    box.press("Enter")
    assert page.locator("[data-podsite-find-status]").inner_text() == f"2 of {count}"
    current = page.locator("mark.podsite-match--current")
    seconds = float(current.evaluate(f'm => ({START_OF})(m.closest("{LINE}"))'))
    current.click()
    wait_time_near(page, seconds)
    box.fill("")
    page.wait_for_function("() => !document.querySelector('mark.podsite-match')")
    assert page.evaluate(lines).lower() == text, "clearing the find changed the text"


def test_timestamp_targets_are_at_least_24_px(page: Any, base_url: str) -> None:
    open_page(page, base_url, f"episodes/{EPISODE}/")
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('a.podsite-ts, a.podsite-chapter-link, [data-podsite-bar] button')]
        .filter(e => e.offsetParent).map(e => { const r = e.getBoundingClientRect(); return [e.textContent.trim(), r.width, r.height] })"""
    )
    small = [s for s in sizes if s[1] < 24 or s[2] < 24]
    assert sizes and not small, f"targets under 24x24 px: {small[:5]}"


def test_nothing_covers_the_transcript_below_the_header_or_the_seek_bar(page: Any, base_url: str) -> None:
    open_page(page, base_url, f"episodes/{EPISODE}/")
    play_from(page, 30)
    page.evaluate("() => document.querySelector('.podsite-transcript p:last-of-type').scrollIntoView()")
    page.mouse.wheel(0, -200)  # Material shows its back-to-top button on scrolling up
    wait_settled(page, "body")
    gap = page.evaluate(
        """() => { const h = document.querySelector('.md-header').getBoundingClientRect();
        const t = document.querySelector('[data-podsite-tools]').getBoundingClientRect(); return t.top - h.bottom }"""
    )
    assert abs(gap) < 1, f"{gap} px of transcript show between the header and the transcript tools"
    seek = page.locator(f"{BAR} [data-podsite-seek]").bounding_box()
    top_button = page.locator(".md-top")
    if top_button.is_visible():
        b = top_button.bounding_box()
        assert b["y"] + b["height"] <= seek["y"], "the back-to-top button covers the seek bar"
    hit = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).matches('[data-podsite-seek]')",
        [seek["x"] + seek["width"] / 2, seek["y"] + seek["height"] / 2],
    )
    assert hit, "something covers the middle of the seek bar"


def test_the_embed_page_plays_and_seeks(page: Any, base_url: str) -> None:
    page.goto(base_url + f"episodes/{EPISODE}/embed/")
    page.wait_for_function(f"() => document.querySelector('{AUDIO}').readyState >= 1")
    assert not page.locator(".md-header, .md-sidebar, .md-footer").count()
    page.locator("[data-podsite-do=toggle]").click()
    page.wait_for_function(f"() => document.querySelector('{AUDIO}').currentTime > 0.3")
    page.locator("[data-podsite-do=menu]").click()
    page.locator("[data-podsite-menu] button").nth(3).click()
    chapter = page.evaluate(
        "() => JSON.parse(document.querySelector('[data-podsite-episode]').dataset.podsiteEpisode).chapters[3]"
    )
    wait_time_near(page, chapter["t"])
    assert page.locator("[data-podsite-chapter]").inner_text() == chapter["title"]
    assert page.evaluate("() => document.cookie") == ""
    link = page.locator("h1 a")
    assert link.get_attribute("target") == "_blank" and link.get_attribute("href").endswith(f"episodes/{EPISODE}/")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [MOBILE, {"width": 1280, "height": 900}], ids=["390", "1280"])
def test_axe_finds_no_violations_with_the_player_bar_open(
    new_page: Any, base_url: str, scheme: str, viewport: dict[str, int]
) -> None:
    from axe_playwright_python.base import AXE_FILE_PATH

    page = new_page(color_scheme=scheme, viewport=viewport)
    page.context.add_init_script(path=str(AXE_FILE_PATH))
    open_page(page, base_url, f"episodes/{EPISODE}/")
    play_from(page, 20)
    page.locator(f"{BAR} [data-podsite-do=menu]").click()
    page.locator("[data-podsite-find]").fill("pytest")
    page.wait_for_function("() => document.querySelector('mark.podsite-match')")
    found = {"episode": axe_violations(page)}
    name = f"player-{scheme}-{viewport['width']}"
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-episode.png"))
    page.locator(f"{BAR} [data-podsite-do=menu]").click()  # closed again
    click_instantly(page, page.locator(".podsite-mentions a[href*='/mentions/']").first)
    wait_settled(page, ".md-header")  # Material fades the header's title in after a navigation
    found["mention page"] = axe_violations(page)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-elsewhere.png"))
    page.goto(base_url + f"episodes/{SAMPLE_EPISODES[0]}/embed/")
    page.wait_for_function(f"() => document.querySelector('{AUDIO}').readyState >= 1")
    page.evaluate("() => axe")  # the init script is on this page too
    found["embed"] = axe_violations(page)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-embed.png"))
    found = {k: v for k, v in found.items() if v}
    assert not found, "\n".join(f"{k}:\n  " + "\n  ".join(v) for k, v in found.items())


def test_without_javascript_the_browser_player_and_anchor_links_remain(new_page: Any, base_url: str) -> None:
    page = new_page(java_script_enabled=False)
    page.goto(base_url + f"episodes/{EPISODE}/")
    audio = page.locator("[data-podsite-player-box] audio[controls]")
    assert audio.is_visible(), "no player without JavaScript"
    assert audio.get_attribute("src").endswith(".mp3")
    assert not page.locator(BAR).is_visible()
    for selector in ("[data-podsite-actions]", "[data-podsite-tools]", "[data-podsite-share]"):
        assert not page.locator(selector).is_visible(), f"{selector} needs JavaScript but is shown"
    assert page.get_by_role("link", name="Download the episode").is_visible()
    stamp = page.locator(".podsite-transcript a.podsite-ts").nth(3)
    assert stamp.get_attribute("href").startswith("#t=")


def test_without_instant_navigation_the_player_works_page_by_page(new_page: Any, base_url: str) -> None:
    """A site without `navigation.instant`: every link loads a whole page; the player works on
    each episode page and the position is kept for the next visit."""
    page = new_page()

    def without_instant(route: Any) -> None:
        response = route.fetch()
        body = response.text().replace('"navigation.instant",', "").replace('"navigation.instant"', "")
        route.fulfill(response=response, body=body)

    page.route(lambda url: url.startswith(base_url) and url.endswith("/"), without_instant)
    page.goto(base_url + f"episodes/{EPISODE}/")
    page.wait_for_function(f"() => document.querySelector('{AUDIO}').readyState >= 1")
    assert "navigation.instant" not in page.evaluate("() => document.getElementById('__config').textContent")
    stamp = page.locator(".podsite-transcript a.podsite-ts").nth(4)
    seconds = start_of(stamp)
    click_in_view(page, stamp)
    wait_time_near(page, seconds)
    page.wait_for_function(f"(t) => document.querySelector('{AUDIO}').currentTime > t + 0.5", arg=seconds)
    page.evaluate(f"() => document.querySelector('{AUDIO}').pause()")
    page.evaluate("() => { window.__podsiteSameWindow = true }")
    page.locator("nav.md-nav--primary a.md-nav__link", has_text="Episodes").click()
    page.wait_for_url("**/episodes/")
    assert page.evaluate("() => window.__podsiteSameWindow") is None, "the page was not loaded in full"
    assert not page.locator(BAR).is_visible(), "an empty player bar on a page without an episode"
    page.locator(f'.podsite-episode-list a[href*="{EPISODE}"]').click()
    page.wait_for_url(f"**/{EPISODE}/")
    assert page.locator("[data-podsite-do=start]").inner_text().startswith("Resume at 0:")


def test_a_new_chapter_is_announced_politely(page: Any, base_url: str) -> None:
    open_page(page, base_url, f"episodes/{EPISODE}/")
    status = page.locator(f"{BAR} [data-podsite-status]")
    assert status.get_attribute("role") == "status"
    chapters = page.evaluate(
        "() => JSON.parse(document.querySelector('[data-podsite-episode]').dataset.podsiteEpisode).chapters"
    )
    play_from(page, chapters[2]["t"] - 0.5)
    page.wait_for_function(
        "(title) => document.querySelector('[data-podsite-status]').textContent === 'Chapter: ' + title",
        arg=chapters[2]["title"],
    )


def test_kept_positions_are_bounded(page: Any, base_url: str) -> None:
    open_page(page, base_url, f"episodes/{EPISODE}/")
    page.evaluate(
        """() => { const episodes = {};
        for (let i = 0; i < 400; i++) episodes['/old/' + i + '/'] = {t: 60, done: 0, at: i};
        localStorage.setItem('podsite-player', JSON.stringify({rate: 1, episodes})) }"""
    )
    play_from(page, 10)
    page.evaluate(f"() => document.querySelector('{AUDIO}').pause()")
    kept = page.evaluate("() => JSON.parse(localStorage.getItem('podsite-player')).episodes")
    assert len(kept) == 300, "the kept positions are not bounded"
    assert f"/episodes/{EPISODE}/" in next(p for p in kept if "episodes" in p)
    assert "/old/0/" not in kept, "the least recently heard are not the ones dropped"


def test_audio_plays_on_through_a_search_result(page: Any, base_url: str) -> None:
    from test_browser_search import FIRST, LINE, PHRASE, RESULT, search

    open_page(page, base_url, f"episodes/{EPISODE}/")
    page.locator("[data-podsite-do=start]").click()
    page.wait_for_function(f"() => document.querySelector('{AUDIO}').currentTime > 0.3")
    before = now(page)
    page.locator("h1").click()
    search(page, PHRASE)
    page.evaluate("() => { window.__podsiteSameWindow = true }")
    page.locator(f'{RESULT} .podsite-search__subresult a[href$="#{LINE}"]').first.click()
    page.wait_for_function("(id) => document.getElementById(id)?.classList.contains('podsite-target')", arg=LINE)
    assert page.url.startswith(f"{base_url}episodes/{FIRST}/")
    assert page.evaluate("() => window.__podsiteSameWindow") is True, "the result loaded a whole new page"
    after = now(page)
    assert not after["paused"] and after["src"] == before["src"] and after["t"] > before["t"]
    # The result's episode waits for its play button, which starts it at the line found.
    page.locator("[data-podsite-do=start]").click()
    page.wait_for_function(f"(stem) => document.querySelector('{AUDIO}').src.includes(stem)", arg=FIRST)
    wait_time_near(page, 19.5, 1.0)


def test_media_session_actions_drive_the_player(page: Any, base_url: str) -> None:
    """The handlers the lock screen and headsets call, captured as the browser registers them."""
    page.add_init_script(
        """window.__podsiteActions = {};
        const set = navigator.mediaSession.setActionHandler.bind(navigator.mediaSession);
        navigator.mediaSession.setActionHandler = (name, fn) => { window.__podsiteActions[name] = fn; set(name, fn) }"""
    )
    open_page(page, base_url, f"episodes/{EPISODE}/")
    names = page.evaluate("() => Object.keys(window.__podsiteActions).sort()")
    assert names == sorted(["play", "pause", "seekbackward", "seekforward", "seekto", "previoustrack", "nexttrack"])
    chapters = page.evaluate(
        "() => JSON.parse(document.querySelector('[data-podsite-episode]').dataset.podsiteEpisode).chapters"
    )
    act = "([name, details]) => window.__podsiteActions[name](details)"
    page.evaluate(act, ["play", {}])
    page.wait_for_function(f"() => !document.querySelector('{AUDIO}').paused")
    page.evaluate(act, ["seekto", {"seekTime": 40}])
    wait_time_near(page, 40, 0.6)
    page.evaluate(act, ["seekbackward", {}])
    wait_time_near(page, 25, 0.6)
    page.evaluate(act, ["seekforward", {"seekOffset": 10}])
    wait_time_near(page, 35, 0.6)
    page.evaluate(act, ["nexttrack", {}])
    wait_time_near(page, next(c["t"] for c in chapters if c["t"] > 35), 0.6)
    page.evaluate(act, ["pause", {}])
    page.wait_for_function(f"() => document.querySelector('{AUDIO}').paused")
    page.evaluate(act, ["previoustrack", {}])  # at a chapter's start: the chapter before
    wait_time_near(page, [c["t"] for c in chapters if c["t"] < 35][-1], 0.6)
