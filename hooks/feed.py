"""MkDocs events for the podcast feed and discovery: cover check, feed.xml, _headers, head tags.

The logic lives in `podsite.feed` and `podsite.artwork`; this module only connects
it to MkDocs. It runs after `hooks/episodes.py` has built the show model. A site
without a feed (`extra.podcast.feed: false`) gets no feed and no feed checks; its
`_headers` file and discovery tags are still written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import buildstate
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from podsite.feed import build_feed, cors_headers, feed_episodes, render_notes
from podsite.feed.discovery import page_meta, script_json
from podsite.feed.extensions import FeedValueError
from podsite.feed.hosting import HEADERS_FILE
from podsite.model import Episode, Show
from podsite.subscribe import app_links


@dataclass
class _Build:
    """This build's: show notes as the site rendered them (by episode stem), the producer's `_headers`."""

    notes: dict[str, str] = field(default_factory=dict)
    own_headers: str | None = None


@dataclass
class _Memo:
    """Kept across `mkdocs serve` rebuilds: by episode stem, the notes' Markdown and the HTML
    the site last rendered from it. `serve --dirty` renders no unchanged page, and the feed
    takes the notes of those pages from here (the same HTML a full build would give them)."""

    seen: dict[str, tuple[str, str]] = field(default_factory=dict)


def _published(state: buildstate.BuildState) -> list[Episode]:
    """The feed's episodes: never drafts or scheduled ones, even under `mkdocs serve`."""
    assert state.show is not None
    return state.show.published(state.now)


@event_priority(50)  # after hooks/episodes.py (100) has loaded the show
def on_files(files: Files, config: MkDocsConfig) -> Files:
    state = buildstate.STATE
    show = state.show
    if show is None:
        return files
    own = files.get_file_from_path(HEADERS_FILE)
    if own is not None:  # the producer's rules are kept: written together with ours
        own_build = state.part(_Build)
        if own_build.own_headers is None:
            own_build.own_headers = own.content_string
        files.remove(own)
    return files


@event_priority(-100)  # last: the notes as every other hook left them
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    episode = buildstate.STATE.by_src.get(page.file.src_uri)
    if episode is not None:
        buildstate.STATE.part(_Build).notes[episode.stem] = html
        buildstate.STATE.process.part(_Memo).seen[episode.stem] = (episode.notes, html)
    return None


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    """Hand `podsite_meta` (OpenGraph, JSON-LD) to `partials/head-meta.html`.

    The page's meta description is set to the episode's summary and escaped once
    here, because the theme writes `page.meta.description` into an attribute as is.
    """
    state = buildstate.STATE
    if state.show is None:
        return context
    episode = state.by_src.get(page.file.src_uri)
    raw = episode.description if episode is not None else page.meta.get("description")
    if isinstance(raw, Markup):
        raw = raw.unescape()
    text = " ".join(str(raw).split()) if isinstance(raw, str) else ""
    if text:
        page.meta["description"] = escape(text)
    context["podsite_meta"] = page_meta(
        state.show,
        episode,
        page.title or state.show.title,
        page.url,
        text or state.show.description,
        state.cards.get(page.url),
    )
    return context


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    """`jsonld` filter: data as JSON that is safe inside `<script>`; `subscribe_apps(show)`:
    links that open the feed in podcast apps (the Subscribe block)."""
    env.filters["jsonld"] = lambda data: Markup(script_json(data))
    env.globals["subscribe_apps"] = app_links
    return env


def on_post_build(config: MkDocsConfig) -> None:
    """Write the feed (unless the site has none) and `_headers` into the built site."""
    state = buildstate.STATE
    show = state.show
    if show is None:
        return
    site_dir = Path(config.site_dir)
    if show.feed_path is not None and not _write_feed(show, state, config, site_dir):
        return
    own = state.part(_Build).own_headers or ""
    (site_dir / HEADERS_FILE).write_text(cors_headers(show, own), encoding="utf-8")


def _write_feed(show: Show, state: buildstate.BuildState, config: MkDocsConfig, site_dir: Path) -> bool:
    """Write `show.feed_path`; False (and an error on the build's problems) when it cannot be written."""
    assert show.feed_path is not None
    episodes = feed_episodes(_published(state), show.feed_limit)
    notes = dict(state.part(_Build).notes)
    kept = state.process.part(_Memo).seen
    for ep in episodes:
        seen = kept.get(ep.stem)
        if ep.stem not in notes and seen is not None and seen[0] == ep.notes:
            notes[ep.stem] = seen[1]  # a page `serve --dirty` did not render again
    missing = {ep.stem: ep.notes for ep in episodes if ep.stem not in notes}
    if missing:  # pages not rebuilt this time (`serve --dirty`): render the notes here
        notes.update(render_notes(missing, config.markdown_extensions, config.mdx_configs))
    try:
        data = build_feed(show, episodes, notes)
    except FeedValueError as exc:  # hooks/episodes.py ends the build in on_post_build
        config_path = Path(config.config_file_path or "mkdocs.yml").name
        state.problems.error(config_path, None, f"the podcast feed cannot be written: {exc}")
        buildstate.report()
        return False
    target = site_dir / show.feed_path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return True
