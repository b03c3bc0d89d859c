"""MkDocs events for hosts and guests: a page per person, the index.

Runs after `hooks/episodes.py` has loaded the show (`on_files` priority 100), which
read the people registry into the model (`podsite.site`); the logic lives in
`podsite.people`.
"""

from __future__ import annotations

from typing import Any

import buildstate
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page
from podsite import i18n, paging, people

INDEX = f"{people.FOLDER}/index.md"
INDEX_URL = f"{people.FOLDER}/"


def _shown(page: people.PersonPage, number: int) -> object:
    """What page `number` of a person's page shows (for `serve --dirty`)."""
    listed = paging.pager(page.appearances, number, paging.EPISODES_PER_PAGE, "").items
    person = page.person
    return (
        (person.name, person.bio, person.image, person.image_alt, sorted(person.links.items())),
        len(page.appearances),
        [(a.role, a.episode.url, a.episode.label, a.episode.title, a.episode.date) for a in listed],
    )


@event_priority(90)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    state = buildstate.STATE
    site = state.site
    if site is None:
        return files
    raw = files.get_file_from_path(people.REGISTRY)
    if raw is not None:
        files.remove(raw)  # read into the model (`podsite.site`), not published
    listed = [(p.person.name, p.person.slug, p.hosted, len(p.appearances)) for p in state.people.values()]
    for number in range(1, paging.page_count(len(listed), paging.NAMES_PER_PAGE) + 1):
        src = paging.page_src(INDEX, INDEX_URL, number)
        if files.get_file_from_path(src) is None:
            inclusion = InclusionLevel.UNDEFINED if number == 1 else InclusionLevel.NOT_IN_NAV
            title = i18n.translation(site.show.language).plain("pages.people")
            content = buildstate.page_source("people-index.html", title, listed, number)
            files.append(buildstate.generated(config, src, content, inclusion=inclusion))
    for page in site.person_pages:
        slug = page.person.slug
        for number in range(1, paging.page_count(len(page.appearances), paging.EPISODES_PER_PAGE) + 1):
            src = paging.page_src(f"{INDEX_URL}{slug}.md", f"{INDEX_URL}{slug}/", number)
            content = buildstate.page_source(
                "person.html", page.person.name, _shown(page, number), number, podsite_person=slug
            )
            files.append(buildstate.generated(config, src, content, inclusion=InclusionLevel.NOT_IN_NAV))
    return files


def _number(page: Page) -> int:
    number = page.meta.get("podsite_page")
    return number if isinstance(number, int) else 1


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    state = buildstate.STATE
    slug = page.meta.get("podsite_person")
    if isinstance(slug, str) and slug in state.people:
        person_page = state.people[slug]
        context["person_page"] = person_page
        context["person_pager"] = paging.pager(
            person_page.appearances, _number(page), paging.EPISODES_PER_PAGE, f"{INDEX_URL}{slug}/"
        )
    elif page.meta.get("template") == "people-index.html":
        context["people_pager"] = paging.pager(
            list(state.people.values()), _number(page), paging.NAMES_PER_PAGE, INDEX_URL
        )
    return context


def _person_url(name: object) -> str | None:
    """Site-relative address of a host's or guest's page (for templates: `person_url(name)`)."""
    show = buildstate.STATE.show
    if show is None or not isinstance(name, str):
        return None
    person = show.people.get(people.key(name))
    return people.page_url(person) if person is not None and person.slug else None


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    env.globals["person_url"] = _person_url
    return env
