"""MkDocs events for linked mentions: transcript links, mention pages, the A-Z index.

Runs after `hooks/episodes.py` has built the show model (`on_files` priority 100);
the logic lives in `podsite.mentions`.
"""

from __future__ import annotations

import json
from typing import Any

import buildstate
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page
from podsite.cache import cache_dir_for
from podsite.mentions import MentionPage, annotate_show, episode_targets, links_for, mentioned, read_registry

INDEX = "mentions/index.md"


def _page(template: str, title: str, data: object = None) -> str:
    """A generated page's Markdown; under `serve --dirty` its front matter names a hash of
    `data` (what its template shows), so it is rendered again when that changes."""
    # JSON strings are YAML strings (and much faster to write than yaml.safe_dump for 1,000 pages)
    front = f"template: {template}\ntitle: {json.dumps(title, ensure_ascii=False)}\n"
    if buildstate.STATE.dirty:
        front += f"podsite_data: {buildstate.data_key(data)}\n"
    return f"---\n{front}---\n"


def _shown(page: MentionPage) -> object:
    """What a mention page shows: its spec and each episode's address, label, title, date and times."""
    return (page.spec, [(ep.url, ep.number, ep.label, ep.title, ep.date, times) for ep, times in page.episodes])


@event_priority(50)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    state = buildstate.STATE
    show = state.show
    if show is None:
        return files
    raw = files.get_file_from_path(show.mentions_path)
    if raw is not None:
        files.remove(raw)  # the registry is read here, not published as a file
    registry = read_registry(state.docs_dir, show.mentions_path, state.problems)

    visible = state.visible()
    index = state.mention_index = annotate_show(
        show,
        registry,
        state.problems,
        visible=visible,
        docs_dir=state.docs_dir,
        cache_dir=cache_dir_for(state.docs_dir, "mentions"),
    )
    for episode in show.episodes:
        state.links[episode.stem] = links_for(
            episode, episode_targets(visible, episode), use_directory_urls=config.use_directory_urls
        )

    if files.get_file_from_path(INDEX) is None:
        listed = [(p.spec.name, p.spec.slug, len(p.episodes)) for p in index.pages]
        files.append(buildstate.generated(config, INDEX, _page("mentions-index.html", "Mentions", listed)))
    for page in index.pages:
        files.append(
            buildstate.generated(
                config,
                f"mentions/{page.spec.slug}.md",
                _page("mention.html", page.spec.name, _shown(page)),
                inclusion=InclusionLevel.NOT_IN_NAV,
            )
        )
    buildstate.report()  # logged now; hooks/episodes.py ends the build in on_nav, after every hook's checks
    return files


#: Mention meta that leaves the theme's navigation and config blocks as on every other mention page.
_PLAIN_META = frozenset({"template", "title", "podsite_data"})


def _shares_blocks(page: Page, nav: Any) -> bool:
    """Whether a mention page's navigation and config blocks are those of every other one:
    not in the navigation (nothing in it is active), nothing in the navigation under it,
    no table of contents, no theme settings in its front matter."""
    if page.toc.items or not _PLAIN_META.issuperset(page.meta):
        return False
    urls = getattr(nav, "_podsite_urls", None)
    if urls is None:
        urls = nav._podsite_urls = [p.url for p in nav.pages]
    return not any(url.startswith(page.url) for url in urls)


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    state = buildstate.STATE
    src = page.file.src_uri
    episode = state.by_src.get(src)
    if episode is not None:
        context["mentioned"] = mentioned(episode, state.mention_index)
    elif src == INDEX:
        context["mention_index"] = state.mention_index
    elif src.startswith("mentions/") and src.endswith(".md"):
        slug = src[len("mentions/") : -len(".md")]
        context["mention_page"] = state.mention_index.by_slug.get(slug)
        context["podsite_shared"] = page.file.generated_by is not None and _shares_blocks(page, nav)
    return context


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    """`podsite_once`: a theme block rendered once for the mention pages (see `overrides/main.html`)."""
    env.globals["podsite_once"] = buildstate.render_once
    return env
