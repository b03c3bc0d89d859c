"""The episode player in a real browser: seeking, deep links, follow-along, instant navigation."""

from __future__ import annotations

from typing import Any

from browserkit import (
    EPISODE,
    LINE,
    OTHER_EPISODE,
    START_OF,
    audio_state,
    click_in_view,
    click_instantly,
    open_page,
    settle_scroll,
    start_of,
    wait_time_near,
)


def line_starts(page: Any) -> list[tuple[str, float]]:
    """(id, start) of every transcript line, in page order."""
    return page.evaluate(f'() => [...document.querySelectorAll("{LINE}")].map(s => [s.id, ({START_OF})(s)])')


def in_viewport(page: Any, selector: str) -> bool:
    """True when the element is at least partly inside the visible window."""
    return page.evaluate(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight }""",
        selector,
    )


def plays_on(page: Any) -> None:
    """Wait until the audio element kept in `window.__podsiteAudio` has played on a little
    further (a page load would have replaced it, and the wait would time out)."""
    start = page.evaluate("() => window.__podsiteAudio ? window.__podsiteAudio.currentTime : -1")
    page.wait_for_function(
        "(t) => window.__podsiteAudio !== undefined && window.__podsiteAudio.currentTime > t + 0.2", arg=start
    )


def test_clicking_a_transcript_timestamp_seeks_plays_and_sets_the_fragment(page: Any, base_url: str) -> None:
    open_page(page, base_url, f"episodes/{EPISODE}/")
    stamps = page.locator(".podsite-para > a.podsite-ts")
    stamp = stamps.nth(stamps.count() // 2)
    seconds = start_of(stamp)
    target = stamp.evaluate("a => a.nextElementSibling.id")
    assert seconds > 5, "pick a timestamp away from the start, so a seek is visible"
    click_in_view(page, stamp)
    wait_time_near(page, seconds)
    state = audio_state(page)
    assert not state["paused"], "the audio did not start playing"
    assert state["hash"] == f"#{target}", "the address bar does not name the line"
    # one mark while it plays: the current line (the clicked one), no second outline
    page.wait_for_function("(id) => document.getElementById(id).classList.contains('podsite-playing')", arg=target)
    assert page.locator(".podsite-target").count() == 0


def test_clicking_a_chapter_seeks_plays_and_shows_it(page: Any, base_url: str) -> None:
    open_page(page, base_url, f"episodes/{EPISODE}/")
    link = page.locator(".podsite-chapters a.podsite-ts").nth(2)
    seconds = start_of(link)
    slug = link.evaluate("a => a.closest('li').dataset.chapter")
    title = link.evaluate("a => a.closest('li').textContent")
    click_in_view(page, link)
    wait_time_near(page, seconds)
    state = audio_state(page)
    assert not state["paused"]
    assert state["hash"] == f"#{slug}"
    now = page.locator("[data-podsite-bar] [data-podsite-chapter]")
    assert now.is_visible() and now.inner_text() in title
    assert page.locator(f'.podsite-chapters li[data-chapter="{slug}"]').get_attribute("aria-current") == "true"


def test_a_time_fragment_scrolls_to_the_line_marks_it_and_seeks_on_play(page: Any, base_url: str) -> None:
    open_page(page, base_url, f"episodes/{EPISODE}/")
    line_id, seconds = line_starts(page)[-2]  # near the end: the page has to scroll to show it
    page.goto("about:blank")  # then open the link afresh, as from another site
    open_page(page, base_url, f"episodes/{EPISODE}/#{line_id}")
    selector = f'[id="{line_id}"]'
    assert page.evaluate("() => window.scrollY") > 0
    assert in_viewport(page, selector), "the linked line is not on screen"
    assert "podsite-target" in page.locator(selector).get_attribute("class")
    assert audio_state(page)["paused"], "a deep link must not start the audio by itself"
    page.evaluate("() => document.querySelector('audio[data-podsite-player]').play()")
    wait_time_near(page, seconds)
    page.wait_for_function(  # it plays on from the moment (a jump back would never get there)
        "(t) => document.querySelector('audio[data-podsite-player]').currentTime > t + 0.2", arg=seconds
    )
    assert audio_state(page)["time"] >= seconds, "playing started from the wrong moment"


def test_a_new_seconds_fragment_on_the_open_page_picks_the_line_at_or_before_it(page: Any, base_url: str) -> None:
    open_page(page, base_url, f"episodes/{EPISODE}/")
    (line_id, start), (_, next_start) = line_starts(page)[-3:-1]
    seconds = int(start) + 1
    assert seconds < next_start
    # Typed into the address bar of the open page: the fragment changes, the page stays.
    page.evaluate("(s) => { location.hash = 't=' + s }", seconds)
    assert "podsite-target" in page.locator(f'[id="{line_id}"]').get_attribute("class")
    page.evaluate("() => document.querySelector('audio[data-podsite-player]').play()")
    wait_time_near(page, seconds)


def test_follow_along_marks_the_line_and_chapter_without_scrolling_the_page(page: Any, base_url: str) -> None:
    open_page(page, base_url, f"episodes/{EPISODE}/")
    chapter = page.locator(".podsite-chapters li[data-chapter]").nth(2)
    start = start_of(chapter.locator("[data-t]"))
    line_id = next(i for i, t in line_starts(page) if t == start)
    # The reader scrolled somewhere of their own; then the audio plays into a new chapter.
    page.evaluate("() => window.scrollTo(0, 120)")
    settle_scroll(page)
    page.evaluate(
        """(t) => { window.__podsiteScrolls = 0;
        addEventListener('scroll', () => { window.__podsiteScrolls++ });
        const a = document.querySelector('audio[data-podsite-player]');
        a.currentTime = t - 0.6; a.play() }""",
        start,
    )
    page.wait_for_function("(id) => document.getElementById(id).classList.contains('podsite-playing')", arg=line_id)
    assert page.locator(".podsite-transcript .podsite-playing").count() == 1, "exactly one line is the current one"
    assert "podsite-playing" in chapter.get_attribute("class")
    assert (
        page.locator("[data-podsite-bar] [data-podsite-chapter]").inner_text()
        == chapter.locator("a.podsite-ts").inner_text().split(" ", 1)[1]
    )
    assert page.evaluate("() => [window.scrollY, window.__podsiteScrolls]") == [120, 0], (
        "follow-along scrolled the page"
    )


def test_pausing_and_resuming_after_a_seek_continues_where_it_was(page: Any, base_url: str) -> None:
    open_page(page, base_url, f"episodes/{EPISODE}/")
    page.evaluate("() => document.querySelector('audio[data-podsite-player]').play()")
    page.wait_for_function("() => document.querySelector('audio[data-podsite-player]').currentTime > 0.2")
    stamp = page.locator(".podsite-para > a.podsite-ts").nth(3)
    seconds = start_of(stamp)
    stamp.click()  # a seek while the audio already plays
    page.wait_for_function(
        "(s) => document.querySelector('audio[data-podsite-player]').currentTime > s + 0.4", arg=seconds
    )
    paused_at = page.evaluate(
        "() => { const a = document.querySelector('audio[data-podsite-player]'); a.pause(); return a.currentTime }"
    )
    page.evaluate("() => document.querySelector('audio[data-podsite-player]').play()")
    page.wait_for_function(  # playing again: the time moved on from the pause, or jumped
        "(t) => { const a = document.querySelector('audio[data-podsite-player]'); return !a.paused && a.currentTime !== t }",
        arg=paused_at,
    )
    assert audio_state(page)["time"] >= paused_at - 0.05, "resuming jumped back to the timestamp clicked earlier"


def test_after_instant_navigation_the_player_works_and_a_same_episode_stamp_does_not_restart(
    page: Any, base_url: str
) -> None:
    open_page(page, base_url, "")
    click_instantly(page, page.locator("nav.md-nav--primary a.md-nav__link", has_text="Episodes"))
    click_instantly(page, page.locator(f'.podsite-episode-list a[href*="{EPISODE}"]'))
    assert page.url.endswith(f"episodes/{EPISODE}/")

    stamps = page.locator(".podsite-para > a.podsite-ts")
    first, later = stamps.nth(2), stamps.nth(stamps.count() - 3)
    click_in_view(page, first)
    wait_time_near(page, start_of(first))
    page.evaluate("() => { window.__podsiteAudio = document.querySelector('audio[data-podsite-player]') }")
    page.wait_for_function("() => !window.__podsiteAudio.paused")
    seconds = start_of(later)
    click_in_view(page, later)
    wait_time_near(page, seconds)
    state = audio_state(page)
    assert not state["paused"] and state["time"] >= seconds - 0.5, "the episode restarted instead of seeking"
    assert state["hash"] == "#" + later.evaluate("a => a.nextElementSibling.id")
    assert page.evaluate("() => document.querySelector('audio[data-podsite-player]') === window.__podsiteAudio"), (
        "the player was replaced: the timestamp navigated instead of seeking"
    )

    # Away and into another episode: its chapters seek its own audio.
    click_instantly(page, page.locator("nav.md-nav--primary a.md-nav__link", has_text="Home"))
    assert not audio_state(page)["paused"], "the episode stopped when the reader left its page"
    click_instantly(page, page.locator(f'.podsite-episode-list a[href*="{OTHER_EPISODE}"]'))
    chapter = page.locator(".podsite-chapters a.podsite-ts").last
    click_in_view(page, chapter)
    wait_time_near(page, start_of(chapter))
    state = audio_state(page)
    assert not state["paused"] and OTHER_EPISODE in page.evaluate("() => document.querySelector('audio').src")
    assert state["hash"] == "#" + chapter.evaluate("a => a.closest('li').dataset.chapter")


def test_in_page_links_and_back_keep_the_episode_playing(page: Any, base_url: str) -> None:
    """Material's instant navigation re-loads a page on the first in-page link after a full
    load; on an episode page that would stop the audio, so the player keeps such links."""
    open_page(page, base_url, f"episodes/{EPISODE}/")
    page.evaluate(
        """() => { const a = document.querySelector('audio[data-podsite-player]');
        window.__podsiteAudio = a; a.play() }"""
    )
    page.wait_for_function("() => document.querySelector('audio[data-podsite-player]').currentTime > 0.2")
    click_in_view(page, page.locator("nav.md-nav--secondary a.md-nav__link", has_text="Transcript"))
    page.wait_for_function("() => location.hash === '#transcript'")
    plays_on(page)
    kept = "() => document.querySelector('audio[data-podsite-player]') === window.__podsiteAudio && !window.__podsiteAudio.paused"
    assert page.evaluate(kept), "the table of contents link re-loaded the page and stopped the audio"
    assert in_viewport(page, "#transcript")
    page.go_back()
    page.wait_for_function("() => location.hash === ''")
    plays_on(page)
    assert page.evaluate(kept), "Back within the page re-loaded it and stopped the audio"


def test_a_shared_moment_stays_in_the_address_bar_while_the_reader_scrolls(page: Any, base_url: str) -> None:
    """Material's scroll tracking would replace `#t=…` with the nearest heading: it is off."""
    open_page(page, base_url, f"episodes/{EPISODE}/")
    line_id, _ = line_starts(page)[3]
    page.goto("about:blank")
    open_page(page, base_url, f"episodes/{EPISODE}/#{line_id}")
    page.mouse.wheel(0, 600)
    settle_scroll(page)
    page.mouse.wheel(0, -300)
    settle_scroll(page)
    assert audio_state(page)["hash"] == f"#{line_id}"
