"""MkDocs events for episode pages: load the show model, add generated files, feed templates.

The logic lives in `podsite`; this module only connects it to MkDocs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import buildstate
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from podsite import cache, catalog, i18n, layout, outputs, paging, parallel
from podsite.errors import ContentError
from podsite.frontmatter import YamlDoc
from podsite.model import Episode
from podsite.show import read_config
from podsite.site import SiteInputs, load_site
from podsite.timecode import anchor_says, format_seconds, format_short
from podsite.transcripts.cached import transcript_key

ARCHIVE = "episodes/index.md"
ARCHIVE_URL = "episodes/"


def _archive_page(state: buildstate.BuildState, number: int, listed: list[Episode]) -> str:
    """Page `number` of the archive, showing `listed`, titled in the show's language."""
    shown = [(ep.url, ep.label, ep.number, ep.title, ep.date, ep.duration, ep.draft, ep.season) for ep in listed]
    count = paging.page_count(len(state.visible()), paging.EPISODES_PER_PAGE)
    title = _translation(state).plain("pages.episodes")
    return buildstate.page_source("archive.html", title, (shown, count), number)


def _translation(state: buildstate.BuildState) -> i18n.Translation:
    """The labels of the show's language (`podsite/i18n/`)."""
    return i18n.translation(state.show.language if state.show is not None else i18n.REFERENCE)


@dataclass
class _Memo:
    """Kept across `mkdocs serve` rebuilds: the episodes of the last build, reused when their files did not change."""

    loaded: catalog.Loaded = field(default_factory=catalog.Loaded)


@dataclass
class _Build:
    """This build's: the transcript heading's id on each episode page (by source file, set
    with its chapters' ids), and the Jinja environment for the transcript partial."""

    transcript_ids: dict[str, str] = field(default_factory=dict)
    env: Any = None


def on_startup(command: str, dirty: bool) -> None:
    """The one place that learns the command: every hook asks `buildstate.STATE.serving`."""
    buildstate.start(command, dirty)


def on_config(config: MkDocsConfig) -> None:
    """Every build starts with fresh state (`mkdocs serve` keeps this module loaded)."""
    buildstate.reset()
    parallel.close()  # a pool a failed build left running


@event_priority(100)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Load the whole show (`podsite.site.load_site`): the model every later hook reads.
    Then hide drafts, and add each episode's downloads and the archive pages."""
    state = buildstate.STATE
    state.docs_dir = Path(config.docs_dir)
    extra: Mapping[str, Any] = config.extra or {}
    config_path = Path(config.config_file_path or "mkdocs.yml").name
    sources = {
        f.src_uri: (lambda f=f: f.content_string)
        for f in files.documentation_pages()
        if catalog.is_episode_source(f.src_uri)
    }
    inputs = SiteInputs(
        podcast=extra.get("podcast"),
        site_url=config.site_url,
        docs_dir=state.docs_dir,
        sources=sources,
        config_name=config_path,
        config_lines=_config_lines(config, config_path),
        use_directory_urls=config.use_directory_urls,
    )
    loaded = state.process.part(_Memo).loaded if state.serving else None
    state.site = load_site(
        inputs,
        state.problems,
        state.now,
        preview=state.serving,
        loaded=loaded,
        say=buildstate.log.info,
        # a cold build of a big show: per-episode work on several processes first; not a
        # preview's rebuild, whose work (every episode's mentions after a mentions.yml
        # change, at most) is done sooner in this process than by starting workers
        ahead=not (loaded and loaded.episodes),
    )
    show = state.site.show
    visible = {ep.src_uri for ep in state.visible()}
    exports_cache = cache.cache_dir_for(state.docs_dir, "exports")

    for ep in show.episodes:
        page_file = files.get_file_from_path(ep.src_uri)
        if page_file is not None:
            page_file.inclusion = InclusionLevel.NOT_IN_NAV if ep.src_uri in visible else InclusionLevel.DRAFT
        if ep.transcript_path:
            raw = files.get_file_from_path(ep.transcript_path)
            if raw is not None:
                files.remove(raw)
        if ep.src_uri not in visible:
            continue
        for name, content in outputs.episode_files(ep, exports_cache, show.language, show.downloads).items():
            uri = f"episodes/{ep.stem}/{name}"
            if isinstance(content, Path):
                files.append(buildstate.linked(config, uri, content))
            else:
                files.append(buildstate.generated(config, uri, content))
    listed = state.visible()
    for number in range(1, paging.page_count(len(listed), paging.EPISODES_PER_PAGE) + 1):
        src = paging.page_src(ARCHIVE, ARCHIVE_URL, number)
        if files.get_file_from_path(src) is None:
            chunk = paging.pager(listed, number, paging.EPISODES_PER_PAGE, ARCHIVE_URL).items
            inclusion = InclusionLevel.UNDEFINED if number == 1 else InclusionLevel.NOT_IN_NAV
            files.append(buildstate.generated(config, src, _archive_page(state, number, chunk), inclusion=inclusion))
    buildstate.report()  # logged now; the build ends in on_nav, once every hook has checked its part
    return files


def _config_lines(config: MkDocsConfig, name: str) -> YamlDoc | None:
    """mkdocs.yml read again with the line of each setting, so messages name it (as the checker's do)."""
    if not config.config_file_path:
        return None
    try:
        text = Path(config.config_file_path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None  # MkDocs read it: the settings are checked without lines
    try:
        return read_config(text, name)
    except ContentError as err:
        buildstate.STATE.problems.add(err)
        return None


@event_priority(-100)
def on_nav(nav: Any, config: MkDocsConfig, files: Files) -> Any:
    """End the build if any hook found an error in `on_files` (all of them are logged by now).
    `mkdocs serve` goes on: the preview keeps the last good pages and shows the problems
    on them (`hooks/preview.py`). The per-episode work is done by now; the pool, if any,
    draws the social cards while the pages are written (`hooks/art.py`) and stops at the end."""
    if buildstate.report() and not buildstate.STATE.serving:
        raise PluginError("the podcast content has errors (listed above); fix them and build again")
    return nav


def _episode(page: Page) -> Any:
    return buildstate.STATE.by_src.get(page.file.src_uri)


# Front matter values the theme writes into pages without escaping them.
THEME_META = ("title", "description", "author")


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    # Front matter is text, never markup: escaped once here, because the theme writes
    # page.meta.title into <title> and the header as is (the notes stay Markdown).
    for key in THEME_META:
        value = page.meta.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            page.meta[key] = Markup.escape(value)
    if _episode(page) is not None:
        page.meta.setdefault("template", "episode.html")
    elif page.file.src_uri == "index.md":
        page.meta.setdefault("template", "home.html")
    return None


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    episode = _episode(page)
    if episode is None or episode.transcript is None:
        return None
    # the notes are rendered now: the transcript and chapter headings take ids they do not use
    transcript_id = layout.place_anchors(episode, layout.ids_in(html))
    buildstate.STATE.part(_Build).transcript_ids[page.file.src_uri] = transcript_id
    page.toc.items.append(
        AnchorLink(escape(_translation(buildstate.STATE).plain("transcript.title")), transcript_id, 2)
    )
    for chapter in episode.chapters:
        page.toc.items.append(AnchorLink(escape(chapter.title), chapter.slug, 2))
    return None


TRANSCRIPT_TEMPLATE = "partials/transcript.html"


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    state = buildstate.STATE
    context["podcast"] = state.show
    context["episodes"] = state.visible() if state.show else []
    if page.meta.get("template") == "archive.html":
        context["archive"] = _archive(context["episodes"], page.meta.get("podsite_page"), _translation(state))
    episode = _episode(page)
    if episode is not None:
        context["episode"] = episode
        context["exports"] = outputs.links_for(episode, state.show.downloads if state.show else None)
        own = state.part(_Build)
        context["transcript_id"] = own.transcript_ids.get(page.file.src_uri, layout.TRANSCRIPT_ID)
        if own.env is None:
            context["sections"] = layout.build_sections(episode, state.links.get(episode.stem))
        else:
            html = _transcript_html(episode, context, state, own.env)
            context["transcript_html"] = Markup(html) if html else None
    return context


def _archive(episodes: list[Episode], number: object, tr: i18n.Translation) -> dict[str, Any]:
    """What an archive page shows: its part of the episodes under season or year headings, and the pager."""
    pager = paging.pager(episodes, number if isinstance(number, int) else 1, paging.EPISODES_PER_PAGE, ARCHIVE_URL)

    def season(number: int | None) -> str:
        return tr.plain("lists.no_season") if number is None else tr.plain("lists.season", number=number)

    return {"pager": pager, "groups": paging.archive_groups(pager.items, episodes, season)}


def _transcript_html(episode: Episode, context: dict[str, Any], state: buildstate.BuildState, env: Any) -> str:
    """The transcript partial's HTML for this page, kept in `.cache/` by everything it shows.

    The transcript is most of an episode page's HTML and of its build time; a
    rebuild renders it again only when the transcript, its chapters, its links,
    the page's address or the partial itself changed.
    """
    if episode.transcript is None:
        return ""
    links = state.links.get(episode.stem)
    template = env.get_template(TRANSCRIPT_TEMPLATE)
    source = env.loader.get_source(env, TRANSCRIPT_TEMPLATE)[0] if env.loader is not None else None

    def render() -> str:
        sections = layout.build_sections(episode, links)
        return template.render({**context, "sections": sections}) if sections else ""

    if source is None:
        return render()
    key = cache.digest_of(
        source,
        transcript_key(episode.transcript),
        episode.chapters,
        sorted((links or {}).items()),
        episode.url,
        context["page"].url,
        context.get("base_url"),
        context["transcript_id"],
        _translation(state).digest,
        [(e.name, e.label, e.media_type) for e in context["exports"]],
    )
    cache_dir = cache.cache_dir_for(state.docs_dir, "pages")
    html: str = cache.cached(cache_dir, key, render, lambda v: isinstance(v, str))
    return html


@event_priority(-200)  # after every hook that reads the written page
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str | None:
    """Let a written page's Markdown and HTML go: MkDocs keeps every page object to the end of
    the build, and a show of thousands of episodes would hold all its pages' text at once.
    `mkdocs serve` keeps them (its next build may reuse the page)."""
    if not buildstate.STATE.serving:
        page.markdown = None
        page.content = None
    return None


@event_priority(-100)
def on_post_build(config: MkDocsConfig) -> None:
    """Stop the pool; end the build if a hook found an error while writing pages or the feed
    (not under serve)."""
    parallel.close()
    if buildstate.report() and not buildstate.STATE.serving:
        raise PluginError("the podcast content has errors (listed above); fix them and build again")


def on_build_error(error: Exception) -> None:
    """A failed build leaves no worker running (nor cards being drawn)."""
    parallel.close()


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    """Template filters for times: `clock` (M:SS or H:MM:SS), `seconds` (a `data-t`), the
    test `anchor_says` (a start its `t=HH:MM:SS` id gives exactly, so no `data-t`); the
    environment for the transcript partial."""
    env.filters["clock"] = format_short
    env.filters["seconds"] = format_seconds
    env.tests["anchor_says"] = anchor_says
    buildstate.STATE.part(_Build).env = env
    return env
