"""Accessibility in a real browser: keyboard use, visible focus, a phone-sized screen,
both colour palettes, axe-core's rules, and screenshots for a person to look at."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from browserkit import EPISODE, LINE, MOBILE, ROOT, SAMPLE_EPISODES, audio_state, open_page, start_of, wait_time_near

SCREENSHOTS = ROOT / "tests" / "screenshots"
PLAYER = "audio[data-podsite-player]"
BAR = "[data-podsite-bar]"  # the player bar around it


def contrast(page: Any, selector: str) -> float:
    """WCAG contrast ratio of an element's text colour against the first opaque background behind it."""
    fg, bg = page.evaluate(
        """(sel) => { const el = document.querySelector(sel);
        let node = el, bg = 'rgba(0, 0, 0, 0)';
        while (node && node.nodeType === 1) {
          const c = getComputedStyle(node).backgroundColor;
          if (!/rgba\\(.*, 0\\)$/.test(c) && c !== 'transparent') { bg = c; break; }
          node = node.parentElement;
        }
        return [getComputedStyle(el).color, bg] }""",
        selector,
    )

    def luminance(css: str) -> float:
        r, g, b = (int(round(float(v))) / 255 for v in re.findall(r"[\d.]+", css)[:3])
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    assert not bg.endswith(", 0)"), f"no opaque background behind {selector}"
    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# --- keyboard ---------------------------------------------------------------------------


def tab_walk(page: Any, limit: int = 200) -> list[dict[str, Any]]:
    """Press Tab from the top of the page until focus wraps around; return every stop
    with its control kind, index and whether focus is drawn (computed outline)."""
    page.evaluate(
        """() => { window.__podsiteStops = [];
        document.addEventListener('focusin', () => {
          const el = document.activeElement, cs = getComputedStyle(el);
          const stamps = [...document.querySelectorAll('a.podsite-ts')];
          window.__podsiteStops.push({
            kind: el.closest('[data-podsite-bar]') ? 'player'
              : el.closest('.podsite-chapters') && el.matches('a.podsite-ts') ? 'chapter'
              : el.closest('.podsite-transcript') && el.matches('a.podsite-ts') ? 'stamp' : el.tagName,
            index: stamps.indexOf(el),
            outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0 });
        }, true) }"""
    )
    page.keyboard.press("Tab")
    page.evaluate("() => { window.__podsiteFirstStop = document.activeElement }")
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("() => [document.body, window.__podsiteFirstStop].includes(document.activeElement)"):
            break  # round the page once
    return page.evaluate("() => window.__podsiteStops")


def test_keyboard_reaches_every_player_chapter_and_timestamp_control_with_visible_focus(
    page: Any, base_url: str
) -> None:
    open_page(page, base_url, f"episodes/{EPISODE}/")
    stops = tab_walk(page)
    stamps = page.locator("a.podsite-ts")  # chapters, mentions of the episode, transcript
    reached = {s["index"] for s in stops if s["index"] >= 0}
    assert reached == set(range(stamps.count())), "some chapter or transcript timestamps cannot be reached with Tab"
    assert any(s["kind"] == "player" for s in stops), "the player cannot be reached with Tab"
    hidden = [s for s in stops if s["index"] >= 0 and not s["outline"]]
    assert not hidden, f"focus is not drawn on {hidden}"


def test_the_player_controls_show_focus_have_names_and_play_with_enter(page: Any, base_url: str) -> None:
    """Every control of the player bar is reached with Tab, draws a focus ring, has a name;
    Enter on the play button plays and pauses."""
    open_page(page, base_url, f"episodes/{EPISODE}/")
    page.evaluate(
        "() => { const b = document.querySelector('[data-podsite-bar]'); "
        "b.setAttribute('tabindex', '-1'); b.focus(); b.removeAttribute('tabindex') }"
    )
    stops = []
    for _ in range(20):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            """() => { const el = document.activeElement, cs = getComputedStyle(el);
            return { inBar: !!el.closest('[data-podsite-bar]'), tag: el.tagName,
              name: el.getAttribute('aria-label') || el.textContent.trim(),
              outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0 } }"""
        )
        if not stop["inBar"]:
            break
        stops.append(stop)
    names = [s["name"] for s in stops]
    for name in (
        "Position",
        "Back 15 seconds",
        "Play",
        "Forward 30 seconds",
        "Previous chapter",
        "Chapters",
        "Next chapter",
        "Playback speed",
        "Copy link at this moment",
        "Download the episode",
    ):
        assert name in names, f"{name!r} is not a Tab stop of the player: {names}"
    assert all(s["outline"] for s in stops), f"focus is not drawn on {[s for s in stops if not s['outline']]}"
    play = page.locator("[data-podsite-bar] [data-podsite-do=toggle]")
    play.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("(sel) => !document.querySelector(sel).paused", arg=PLAYER)
    # the button is named for what it does next once the audio says it plays (its "play"
    # event comes a moment after `paused` turns false)
    label = "(want) => document.querySelector('[data-podsite-bar] [data-podsite-do=toggle]').getAttribute('aria-label') === want"
    page.wait_for_function(label, arg="Pause", timeout=5000)
    page.keyboard.press("Enter")
    page.wait_for_function("(sel) => document.querySelector(sel).paused", arg=PLAYER)
    page.wait_for_function(label, arg="Play", timeout=5000)


@pytest.mark.parametrize("where", ["chapter", "stamp"])
def test_enter_on_a_focused_timestamp_seeks_and_plays(page: Any, base_url: str, where: str) -> None:
    open_page(page, base_url, f"episodes/{EPISODE}/")
    selector = ".podsite-chapters a.podsite-ts" if where == "chapter" else ".podsite-transcript a.podsite-ts"
    link = page.locator(selector).nth(3)
    seconds = start_of(link)
    link.focus()
    page.keyboard.press("Enter")
    wait_time_near(page, seconds)
    assert not audio_state(page)["paused"]


# --- screens and palettes -----------------------------------------------------------------


def site_pages(site_dir: Path) -> list[str]:
    """Home, archive, every episode, the mentions index and first mention page, and the people
    index and first person page when the site has them: every kind of page the site makes
    (they share templates within a kind)."""
    pages = ["", "episodes/"] + [f"episodes/{stem}/" for stem in SAMPLE_EPISODES]
    mentions = sorted(p.parent.name for p in (site_dir / "mentions").glob("*/index.html"))
    if mentions:
        pages += ["mentions/", f"mentions/{mentions[0]}/"]
    people = sorted(p.parent.name for p in (site_dir / "people").glob("*/index.html"))
    if people:
        pages += ["people/", f"people/{people[0]}/"]
    return pages


def test_a_phone_screen_has_no_sideways_scrolling_and_a_usable_player(
    new_page: Any, base_url: str, site_dir: Path
) -> None:
    page = new_page(viewport=MOBILE, is_mobile=True, has_touch=True)
    wide = {}
    for path in site_pages(site_dir):
        open_page(page, base_url, path)
        width = page.evaluate("() => document.scrollingElement.scrollWidth")
        if width > MOBILE["width"]:
            wide[path or "/"] = width
    assert not wide, f"pages wider than the {MOBILE['width']} px screen: {wide}"

    open_page(page, base_url, f"episodes/{EPISODE}/")
    box = page.locator(BAR).bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= MOBILE["width"] and box["width"] >= 250
    assert box["height"] <= 130, f"the player bar takes {box['height']} px of the phone's 844"
    stamp = page.locator(".podsite-transcript a.podsite-ts").last
    stamp.tap()
    wait_time_near(page, start_of(stamp))
    # Reading down the transcript, the player stays on screen and on top.
    assert page.evaluate(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return r.top >= 0 && r.bottom <= innerHeight && document.querySelector(sel).contains(hit) }""",
        BAR,
    ), "the player is off screen or covered once the reader has scrolled to the transcript"


def test_dark_and_light_palettes_both_render(page: Any, base_url: str) -> None:
    open_page(page, base_url, f"episodes/{EPISODE}/")
    scheme = "() => document.body.getAttribute('data-md-color-scheme')"
    line = LINE
    assert page.evaluate(scheme) == "default"
    light = contrast(page, line)
    page.locator('label[title="Switch to dark mode"]').click()
    page.wait_for_function(f"() => ({scheme})() === 'slate'")
    dark = contrast(page, line)
    stamps = contrast(page, ".podsite-transcript a.podsite-ts")
    page.locator('label[title="Switch to light mode"]').click()
    page.wait_for_function(f"() => ({scheme})() === 'default'")
    assert light >= 4.5 and dark >= 4.5, f"transcript text contrast: light {light:.2f}, dark {dark:.2f}"
    assert stamps >= 4.5, f"timestamp contrast in the dark palette: {stamps:.2f}"


def test_screenshots_of_an_episode_page(new_page: Any, base_url: str) -> None:
    """Full-page pictures (desktop, phone) in tests/screenshots/ (git-ignored), to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    for name, options in {
        "episode-desktop": {},
        "episode-mobile": {"viewport": MOBILE, "is_mobile": True, "has_touch": True},
    }.items():
        page = new_page(**options)
        open_page(page, base_url, f"episodes/{EPISODE}/")
        page.locator(".podsite-chapters a.podsite-ts").nth(2).click()  # a chapter and line shown as current
        page.evaluate("(sel) => document.querySelector(sel).pause()", PLAYER)
        page.evaluate("() => window.scrollTo(0, 0)")
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000


# --- axe-core -----------------------------------------------------------------------------


def axe_violations(page: Any) -> list[str]:
    """axe-core's violations on the page (axe was added to the page by `axe_page`), one line per element."""
    from axe_playwright_python.base import AxeResults

    results = AxeResults(page.evaluate("() => axe.run(document, {resultTypes: ['violations']})"))
    return [
        f"{v['id']} ({v['impact']}): {', '.join(map(str, node['target']))}: {node.get('failureSummary', '').strip()}"
        for v in results.response["violations"]
        for node in v["nodes"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_axe_finds_no_violations(new_page: Any, base_url: str, site_dir: Path, scheme: str, screen: str) -> None:
    """Every kind of page (`site_pages`), in both palettes, on a 390 px phone and a 1280 px desktop."""
    from axe_playwright_python.base import AXE_FILE_PATH

    page = new_page(color_scheme=scheme, **({"viewport": MOBILE, "is_mobile": True} if screen == "phone" else {}))
    page.context.add_init_script(path=str(AXE_FILE_PATH))  # axe-core as packaged by axe-playwright-python
    found = {}
    for path in site_pages(site_dir):
        if path.startswith("episodes/0") and path != f"episodes/{EPISODE}/":
            continue
        open_page(page, base_url, path)
        violations = axe_violations(page)
        if violations:
            found[path or "/"] = violations
    assert not found, "\n".join(f"{path}:\n  " + "\n  ".join(v) for path, v in found.items())
