"""Serving a built site and driving it in Debian's Chromium, for tests and scripts.

`serve(directory)` answers HTTP range requests like real static hosts do (the audio
element seeks with them); `launch_chromium(playwright)` starts the browser the
project is tested in; the small page helpers wait for Material and the player.
"""

from __future__ import annotations

import contextlib
import http.server
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sitebuild import build_site, copy_sample

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from browse import CHROMIUM, DESKTOP, MOBILE, launch_chromium, serve  # noqa: E402, F401 - used by the tests too

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_EPISODES = sorted(p.stem for p in (ROOT / "docs" / "episodes").glob("0*.md"))
EPISODE = SAMPLE_EPISODES[1]  # the episode most tests open (five chapters, one speaker per paragraph)
OTHER_EPISODE = SAMPLE_EPISODES[2]


SITE_PATH = "byte-sized-garden/"  # the sample's site_url path: the site is served below it, as in production


def copy_sample_at(target: Path, base_url: str) -> Path:
    """A copy of the sample show (see `sitebuild.copy_sample`) whose `site_url` is `base_url`.

    Material's instant navigation only takes over links to pages listed in the
    sitemap, whose addresses come from `site_url`; a site served anywhere else is
    navigated by full page loads. Returns the copied mkdocs.yml."""
    config = copy_sample(target)
    text = config.read_text(encoding="utf-8")
    text, count = re.subn(r"(?m)^site_url: .*$", f"site_url: {base_url}", text)
    assert count == 1, "mkdocs.yml has no site_url line"
    config.write_text(text, encoding="utf-8")
    return config


@contextlib.contextmanager
def served_page(browser: Any, folder: Path) -> Iterator[tuple[Any, str]]:
    """`folder` served on 127.0.0.1 and a page in a browser context of its own: (the page, the
    folder's URL); both closed after."""
    server, url = serve(folder)
    context = browser.new_context()
    try:
        yield context.new_page(), url
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def serve_sample(
    workdir: Path, extend: Callable[[Path], None] | None = None, strict: bool = True
) -> tuple[http.server.ThreadingHTTPServer, Path, str]:
    """Build the sample show into `workdir` and serve it at its site_url path on 127.0.0.1.

    `extend(docs_dir)` may add content before the build; with `strict`, a warning fails
    the build. Returns the server, the built site's folder and its URL (ending in `/`)."""
    www = workdir / "www"
    site_dir = www / SITE_PATH
    site_dir.mkdir(parents=True)
    server, root_url = serve(www)
    base_url = root_url + SITE_PATH
    config = copy_sample_at(workdir / "source", base_url)
    if extend is not None:
        extend(config.parent / "docs")
    warnings = build_site(config, site_dir, strict=strict)
    if warnings and strict:
        server.shutdown()
        raise AssertionError(f"the site built with warnings: {[r.getMessage() for r in warnings]}")
    return server, site_dir, base_url


def open_page(page: Any, base_url: str, path: str) -> Any:
    """Go to `path` on the site; wait until Material and, on an episode, the player are set up."""
    page.goto(base_url + path)
    page.wait_for_function("() => document.documentElement.classList.contains('js') && !!window.document$")
    # Instant navigation starts once Material has read the sitemap; a click before that is a full load.
    page.wait_for_function(
        """() => performance.getEntriesByType('resource')
        .some((e) => e.name.endsWith('/sitemap.xml') && e.responseEnd > 0)"""
    )
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)))")
    if page.locator("[data-podsite-player-box]").count():  # an episode page: its episode is in the player
        wait_audio_ready(page)
    return page


def wait_audio_ready(page: Any) -> None:
    """Wait until the player's audio (the one in the site's player bar) knows its duration (metadata loaded)."""
    page.wait_for_function(
        "() => { const a = document.querySelector('audio[data-podsite-player]'); return !!a && a.readyState >= 1 }"
    )


def audio_state(page: Any) -> dict[str, Any]:
    """The player's currentTime, paused flag and the page's decoded fragment, in one round trip."""
    return page.evaluate(
        """() => { const a = document.querySelector('audio[data-podsite-player]');
        return {time: a.currentTime, paused: a.paused, hash: decodeURIComponent(location.hash)} }"""
    )


def wait_time_near(page: Any, seconds: float, tolerance: float = 0.5) -> None:
    """Wait until the audio's currentTime is within `tolerance` of `seconds`."""
    try:
        page.wait_for_function(
            "([s, tol]) => Math.abs(document.querySelector('audio[data-podsite-player]').currentTime - s) <= tol",
            arg=[seconds, tolerance],
        )
    except Exception as exc:
        if type(exc).__name__ != "TimeoutError":
            raise
        raise AssertionError(f"the audio never reached {seconds} s: {audio_state(page)}") from None


def click_in_view(page: Any, locator: Any) -> None:
    """Scroll a link into view, let Material's scroll tracking settle, then click it,
    as a reader clicks what is on screen (tracking rewrites the fragment on scroll)."""
    locator.scroll_into_view_if_needed()
    settle_scroll(page)
    locator.click()


def settle_scroll(page: Any, quiet_ms: int = 350) -> None:
    """Wait, in the page's own clock, until no scroll event has come for `quiet_ms`:
    Material's scroll tracking (debounced by 250 ms) has then run."""
    page.evaluate(
        """(quiet) => new Promise((done) => {
        let timer = null;
        const onScroll = () => { clearTimeout(timer); timer = setTimeout(finish, quiet) };
        const finish = () => { removeEventListener('scroll', onScroll); done() };
        addEventListener('scroll', onScroll, { passive: true });
        onScroll() })""",
        quiet_ms,
    )


def click_instantly(page: Any, locator: Any) -> None:
    """Click a link and wait until Material's instant navigation has put the new page on
    screen; fails if the browser loaded the page in full instead (the window was replaced)."""
    page.evaluate(
        """() => { window.__podsiteSameWindow = true;
        document$.subscribe(() => { window.__podsiteNavigated = true });
        window.__podsiteNavigated = false }"""  # document$ replays the current page on subscribe
    )
    locator.click()
    page.wait_for_function("() => window.__podsiteNavigated === true || !window.__podsiteSameWindow")
    assert page.evaluate("() => window.__podsiteSameWindow === true"), (
        "the link loaded a whole new page, not an instant navigation"
    )
    page.wait_for_function("() => document.documentElement.classList.contains('js')")
    if page.locator("[data-podsite-player-box]").count():  # an episode page: its episode is in the player
        wait_audio_ready(page)


def wait_settled(page: Any, within: str, quiet_ms: int = 300, timeout_ms: int = 10_000) -> None:
    """Wait until no CSS transition or animation has run inside `within` (a fade, a slide)
    for `quiet_ms`, so what is measured next is what stays on screen. Fails after `timeout_ms`."""
    settled = page.evaluate(
        """([within, quietMs, timeoutMs]) => new Promise((done) => {
            const started = performance.now();
            let lastBusy = started;
            const busy = () => document.getAnimations().some((a) => a.playState === "running"
                && a.effect && a.effect.target instanceof Element && a.effect.target.closest(within));
            const look = (now) => {
                if (busy()) lastBusy = now;
                if (now - lastBusy >= quietMs) return done(true);
                if (now - started >= timeoutMs) return done(false);
                requestAnimationFrame(look);
            };
            requestAnimationFrame(look);
        })""",
        [within, quiet_ms, timeout_ms],
    )
    assert settled, f"something inside {within} was still moving after {timeout_ms} ms"


#: A transcript line on an episode page.
LINE = ".podsite-transcript span[id^='t=']"
#: A line's or timestamp link's start in seconds, read as a listener's click makes the player
#: read it: `data-t` where the page writes one, else the `t=HH:MM:SS` of the line's id or
#: of the line a timestamp link names (a start on a whole second has only that; a link's
#: `hash`, since Material's instant navigation makes every `href` absolute).
START_OF = """el => {
  const t = el.getAttribute('data-t');
  if (t !== null) return parseFloat(t);
  const m = /^#?t=(\\d+):(\\d\\d):(\\d\\d)/.exec(el.id || decodeURIComponent(el.hash || ''));
  return m ? +m[1] * 3600 + +m[2] * 60 + +m[3] : NaN;
}"""


def start_of(locator: Any) -> float:
    """The start in seconds of a transcript line or timestamp link (see `START_OF`)."""
    return float(locator.evaluate(START_OF))
