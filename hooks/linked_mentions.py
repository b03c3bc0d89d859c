"""MkDocs events for linked mentions: mention pages, the A-Z index, what each episode mentions.

Runs after `hooks/episodes.py` has loaded the show (`on_files` priority 100), which
read the registry, found the mentions and made the transcript links (`podsite.site`);
the logic lives in `podsite.mentions`.
"""

from __future__ import annotations

from typing import Any

import buildstate
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page
from podsite import i18n, paging
from podsite.mentions import MentionIndex, MentionPage, mentioned
from podsite.mentions.annotate import index_letter

INDEX = "mentions/index.md"
INDEX_URL = "mentions/"


def _shown(page: MentionPage, number: int) -> object:
    """What page `number` of a mention page shows: its spec, how many episodes said it and,
    for those on this page, each one's address, label, title, date and times."""
    pager = paging.pager(page.episodes, number, paging.EPISODES_PER_PAGE, "")
    listed = [(ep.url, ep.number, ep.label, ep.title, ep.date, times) for ep, times in pager.items]
    return (page.spec, len(page.episodes), listed)


def _moment(page: MentionPage) -> tuple[str, str] | None:
    """Where an index entry without a page links: its episode's address and first line."""
    if not page.episodes:
        return None
    episode, times = page.episodes[0]
    return (episode.url, times[0][0] if times else "")


def _index_order(index: MentionIndex) -> list[MentionPage]:
    """Mention pages in the index's order: A-Z under their letters, names not starting with one last."""
    return [page for _, pages in index.letters() for page in pages]


@event_priority(50)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    state = buildstate.STATE
    show = state.show
    if show is None:
        return files
    raw = files.get_file_from_path(show.mentions_path)
    if raw is not None:
        files.remove(raw)  # read into the model (`podsite.site`), not published as a file
    index = state.mention_index
    ordered = _index_order(index)
    for number in range(1, paging.page_count(len(ordered), paging.NAMES_PER_PAGE) + 1):
        src = paging.page_src(INDEX, INDEX_URL, number)
        if files.get_file_from_path(src) is None:
            # what every index page shows: its names and the first page of each letter
            listed = [(p.spec.name, p.spec.slug, len(p.episodes), p.own_page or _moment(p)) for p in ordered]
            inclusion = InclusionLevel.UNDEFINED if number == 1 else InclusionLevel.NOT_IN_NAV
            title = i18n.translation(show.language).plain("pages.mentions")
            content = buildstate.page_source("mentions-index.html", title, listed, number)
            files.append(buildstate.generated(config, src, content, inclusion=inclusion))
    for page in index.pages:
        first_url = f"{INDEX_URL}{page.spec.slug}/"
        for number in range(1, paging.page_count(len(page.episodes), paging.EPISODES_PER_PAGE) + 1):
            files.append(
                buildstate.generated(
                    config,
                    paging.page_src(f"mentions/{page.spec.slug}.md", first_url, number),
                    buildstate.page_source(
                        "mention.html", page.spec.name, _shown(page, number), number, podsite_mention=page.spec.slug
                    ),
                    inclusion=InclusionLevel.NOT_IN_NAV,
                )
            )
    return files


#: Mention meta that leaves the theme's navigation and config blocks as on every other mention page.
_PLAIN_META = frozenset({"template", "title", "podsite_data", "podsite_page", "podsite_mention"})


def _shares_blocks(page: Page, nav: Any) -> bool:
    """Whether a mention page's navigation and config blocks are those of every other one:
    not in the navigation (nothing in it is active), nothing in the navigation under it,
    no table of contents, no theme settings in its front matter."""
    if page.toc.items or not _PLAIN_META.issuperset(page.meta):
        return False
    state = buildstate.STATE
    if state.nav_urls is None:  # the navigation is made once per build
        state.nav_urls = [p.url for p in nav.pages]
    return not any(url.startswith(page.url) for url in state.nav_urls)


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    state = buildstate.STATE
    src = page.file.src_uri
    episode = state.by_src.get(src)
    if episode is not None:
        context["mentioned"] = mentioned(episode, state.mention_index)
    elif page.meta.get("template") == "mentions-index.html":
        context["mention_index"] = state.mention_index
        context.update(_index_context(state.mention_index, page.meta.get("podsite_page")))
    elif isinstance(page.meta.get("podsite_mention"), str):
        mention = state.mention_index.by_slug.get(page.meta["podsite_mention"])
        context["mention_page"] = mention
        if mention is not None:
            number = page.meta.get("podsite_page")
            context["mention_pager"] = paging.pager(
                mention.episodes,
                number if isinstance(number, int) else 1,
                paging.EPISODES_PER_PAGE,
                f"{INDEX_URL}{mention.spec.slug}/",
            )
        context["podsite_shared"] = page.file.generated_by is not None and _shares_blocks(page, nav)
    return context


def _index_context(index: MentionIndex, number: object) -> dict[str, Any]:
    """One page of the A-Z index: its names under their letters, the pager, and where each letter starts."""
    ordered = _index_order(index)
    pager = paging.pager(ordered, number if isinstance(number, int) else 1, paging.NAMES_PER_PAGE, INDEX_URL)
    letters: list[tuple[str, str, str]] = []  # letter, heading id, address of the page it starts on
    for position, page in enumerate(ordered):
        letter = index_letter(page.spec.name)
        if not letters or letters[-1][0] != letter:
            ident = "letter-other" if letter == "#" else f"letter-{letter}"
            letters.append((letter, ident, paging.page_url(INDEX_URL, position // paging.NAMES_PER_PAGE + 1)))
    groups = paging.grouped(pager.items, lambda p: (index_letter(p.spec.name), index_letter(p.spec.name)))
    return {"index_pager": pager, "index_letters": letters, "index_groups": groups}


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    """`podsite_once`: a theme block rendered once for the mention pages (see `overrides/main.html`)."""
    env.globals["podsite_once"] = buildstate.render_once
    return env
