"""MkDocs events for artwork: cover and episode art at list and page sizes, and social cards.

The logic lives in `podsite.images` and `podsite.cards`; this module only connects
it to MkDocs. It runs after `hooks/episodes.py` has built the show model.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import buildstate
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from PIL import Image
from podsite import cache, cards, i18n, images, parallel, people
from podsite.model import Episode, Show


@dataclass
class _Build:
    """This build's pictures: each episode's (by stem), the show's cover, and the photo of
    each person of people.yml (by slug)."""

    pictures: dict[str, images.Picture | None] = field(default_factory=dict)
    cover: images.Picture | None = None
    faces: dict[str, images.Picture | None] = field(default_factory=dict)
    #: Cards to draw on the pool while the pages are written (`on_nav`), and their files.
    to_draw: list[parallel.CardJob] = field(default_factory=list)
    later: list[tuple[buildstate.LaterFile, Callable[[], Path | bytes]]] = field(default_factory=list)
    drawing: parallel.Background | None = None


def _kicker(episode: Episode, tr: i18n.Translation) -> str:
    """The card's line above the title, in the show's language: `Episode 12 · March 3, 2026`."""
    date = tr.date(episode.date, "long")
    return tr.plain("episode.card_kicker", number=episode.number, date=date) if episode.number is not None else date


def _add(files: Files, config: MkDocsConfig, uri: str, content: Path | bytes) -> None:
    if files.get_file_from_path(uri) is not None:
        return
    if isinstance(content, Path):
        files.append(buildstate.linked(config, uri, content))
    else:
        files.append(File.generated(config, uri, content=content))


@event_priority(40)  # after hooks/episodes.py (100) has loaded the show
def on_files(files: Files, config: MkDocsConfig) -> Files:
    state = buildstate.STATE
    show = state.show
    if show is None:
        return files
    own = state.part(_Build)
    docs = state.docs_dir
    art_cache = cache.cache_dir_for(docs, "art")
    card_cache = cache.cache_dir_for(docs, "cards")
    config_path = Path(config.config_file_path or "mkdocs.yml").name
    by_path: dict[str, images.Picture | None] = {}
    for_card: dict[str, Image.Image | None] = {}

    def picture(rel: str, alt: str, where: str, line: int | None, instead: str | None) -> images.Picture | None:
        """The renditions of `rel`; an unreadable image is a warning saying what is shown
        `instead` (None: another check reports it, as the feed's cover check does the cover)."""
        if rel not in by_path:
            try:
                made, published = images.picture(docs / rel, alt, art_cache)
            except (images.ImageProblem, OSError) as exc:
                if instead is not None:
                    state.problems.warn(where, line, f"image {rel} {exc}; {instead}")
                by_path[rel] = None
                return None
            for uri, content in published.items():
                _add(files, config, uri, content)
            by_path[rel] = made
        known = by_path[rel]
        return None if known is None else images.Picture(known.renditions, alt)

    def card_art(rel: str | None) -> Image.Image | None:
        if rel is None:
            return None
        if rel not in for_card:
            try:
                for_card[rel] = cards.art_for_card(images.open_image(docs / rel))
            except images.ImageProblem:
                for_card[rel] = None
        return for_card[rel]

    def art_key(rel: str | None) -> str:
        try:
            return images.file_digest(docs / rel) if rel else ""
        except OSError:
            return ""

    cover_rel = show.image if images.is_local(show.image) else None
    tr = i18n.translation(show.language)
    cover_alt = tr.plain("episode.cover_alt", show=show.title)
    if cover_rel is not None:
        # the cover's own problems are the publishing check's (podsite/artwork.py), in the build and the checker alike
        own.cover = picture(cover_rel, cover_alt, config_path, show.config_line("image"), None)
    cover = own.cover
    cover_ok = cover_rel if cover is not None else None

    planned: list[tuple[str, cards.CardText, str | None]] = []  # (card's path, text, art)
    for ep in state.visible():
        rel = ep.image if images.is_local(ep.image) else None
        pic = None
        if rel is not None:
            pic = picture(
                rel, f"Artwork of {ep.title}", ep.src_uri, ep.lines.get("image"), "the cover is shown instead"
            )
        if pic is None:
            rel = cover_ok
            pic = images.Picture(cover.renditions, cover_alt) if cover is not None else None
        own.pictures[ep.stem] = pic
        text = cards.CardText(show.title, _kicker(ep, tr), ep.title)
        planned.append((ep.url + cards.CARD_NAME, text, rel if pic is not None else None))
        state.cards[ep.url] = ep.url + cards.CARD_NAME
    text = cards.CardText(show.title, _show_kicker(show), show.description or show.title)
    planned.append((cards.SHOW_CARD, text, cover_ok))
    state.cards[""] = cards.SHOW_CARD
    keys = {rel: art_key(rel) for rel in {rel for _, _, rel in planned}}
    missing: set[tuple[cards.CardText, str]] = set()
    if card_cache is not None:  # many new cards: drawn on the pool while the pages are written
        jobs = [parallel.CardJob(str(card_cache), text, keys[rel], rel and str(docs / rel)) for _, text, rel in planned]
        todo = parallel.missing_cards(jobs)
        if parallel.wanted(len(todo)):
            own.to_draw = todo
            missing = {(job.text, job.art_key) for job in todo}
    for uri, text, rel in planned:
        make = functools.partial(cards.card_file, card_cache, text, keys[rel], functools.partial(card_art, rel))
        if card_cache is not None and (text, keys[rel]) in missing and files.get_file_from_path(uri) is None:
            file = buildstate.later(config, uri, cards.kept_path(card_cache, text, keys[rel]))
            files.append(file)
            own.later.append((file, make))
        else:
            _add(files, config, uri, make())

    # people.yml photos: the same renditions (person pages, episode headers), never the full-size file
    for person in show.people.values():
        if person.image and images.is_local(person.image) and not person.image.lower().endswith(".svg"):
            own.faces[person.slug] = picture(
                person.image,
                person.image_alt or person.name,
                person.path or "docs/people.yml",
                person.line,
                "the photo is left out of the pages",
            )
    buildstate.report()
    return files


@event_priority(-150)  # after hooks/episodes.py has stopped the build over content errors (-100)
def on_nav(nav: Any, config: MkDocsConfig, files: Files) -> Any:
    """Start drawing the new cards on the pool: the workers use the CPUs the build's one
    process leaves while it reads and writes the pages."""
    own = buildstate.STATE.part(_Build)
    if own.to_draw:
        own.drawing = parallel.start_cards(own.to_draw, buildstate.log.info)
        own.to_draw = []
    return nav


def on_post_page(output: str, page: Any, config: MkDocsConfig) -> str | None:
    """Once the last card is drawn the pool's workers leave: nothing after them in this build
    needs them, and each holds memory (about 90 MB at 5,000 episodes) beside Pagefind's runs."""
    own = buildstate.STATE.part(_Build)
    if own.drawing is not None and own.drawing.done():
        drawing, own.drawing = own.drawing, None
        drawing.wait()
        parallel.close()
    return None


def on_post_build(config: MkDocsConfig) -> None:
    """Put the cards drawn beside the pages into the site (one a worker could not draw is drawn here)."""
    own = buildstate.STATE.part(_Build)
    drawing, own.drawing = own.drawing, None
    if drawing is not None:
        drawing.wait()
    for file, make in own.later:
        file.publish(make())
    own.later = []


def _show_kicker(show: Show) -> str:
    tr = i18n.translation(show.language)
    return tr.plain("episode.show_kicker", author=show.author) if show.author else tr.plain("episode.show_kicker_plain")


def episode_picture(episode: Episode | None = None) -> images.Picture | None:
    """For templates: an episode's art (its own, else the cover), or the cover with no episode."""
    own = buildstate.STATE.part(_Build)
    if episode is None:
        return own.cover
    return own.pictures.get(episode.stem)


def person_picture(name: str) -> images.Picture | None:
    """For templates: the renditions of a host's or guest's photo from people.yml, by name
    (None without a photo, an SVG one, or one that could not be read)."""
    state = buildstate.STATE
    person = state.show.people.get(people.key(name)) if state.show is not None else None
    return state.part(_Build).faces.get(person.slug) if person is not None else None


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    """`podsite_picture(episode)` (or `podsite_picture()` for the cover) and
    `podsite_face(name)` (a person's photo) for templates."""
    env.globals["podsite_picture"] = episode_picture
    env.globals["podsite_face"] = person_picture
    return env
