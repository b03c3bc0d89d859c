"""Load the whole show once: the one model every output of a build reads.

`load_site` runs every loader and every check of the content in one fixed order:
the show settings (`show.load_show`), every episode with its transcript and chapters
(`catalog.load_catalog`, with the checks across episodes), the people registry and
every host and guest (`people`), the mentions registry and the mentions said in each
episode with the transcript links they make (`mentions`), and what the feed needs
(`feed.check_publishing`). Each content file is read once. The build
(`hooks/episodes.py`, in `on_files`) and the checker (`checks.inspect_site`) both
call it, so they report the same problems in the same words; the other hooks only
read the `Site` it returns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import parallel, people
from .cache import cache_dir_for, remembering
from .catalog import Fresh, Loaded, Prefetched, load_catalog
from .errors import Problems
from .feed import check_publishing
from .frontmatter import YamlDoc
from .layout import Link
from .mentions import MentionIndex, annotate_show, episode_targets, links_for, read_registry
from .mentions.spellings import WordCount
from .model import Episode, MentionSpec, Show
from .progress import Progress
from .show import load_show


@dataclass
class SiteInputs:
    """Where the content of one site is: what the build takes from MkDocs, the checker from mkdocs.yml."""

    #: `extra.podcast` of mkdocs.yml (checked by `show.load_show`), and `site_url`.
    podcast: object
    site_url: str | None
    docs_dir: Path
    #: `episodes/<stem>.md` (relative to docs/) -> reader of its text.
    sources: Mapping[str, Callable[[], str]]
    #: The configuration's file name, and its settings with their lines, for messages.
    config_name: str = "mkdocs.yml"
    config_lines: YamlDoc | None = None
    use_directory_urls: bool = True


@dataclass
class Site:
    """The show as one build sees it: the model, what each page lists, and every problem found."""

    show: Show
    problems: Problems
    docs_dir: Path
    #: The clock (or `SOURCE_DATE_EPOCH`) that decides which scheduled episodes are out.
    now: dt.datetime
    #: A preview (`mkdocs serve`) lists drafts and scheduled episodes on the site too.
    preview: bool = False
    #: Episodes by source file (`episodes/<stem>.md`).
    by_src: dict[str, Episode] = field(default_factory=dict)
    #: Person pages in the order they are made, and by slug in the people index's order (hosts first).
    person_pages: list[people.PersonPage] = field(default_factory=list)
    people: dict[str, people.PersonPage] = field(default_factory=dict)
    #: Mention pages, and each episode's transcript links (by stem, then segment).
    mention_index: MentionIndex = field(default_factory=MentionIndex)
    links: dict[str, dict[int, list[Link]]] = field(default_factory=dict)

    def visible(self) -> list[Episode]:
        """Episodes listed on the site: published ones, and in a preview drafts and scheduled ones too."""
        return self.show.shown(self.now, preview=self.preview)

    def published(self) -> list[Episode]:
        """Episodes a listener may see now: the feed's, even in a preview."""
        return self.show.published(self.now)


def load_site(
    inputs: SiteInputs,
    problems: Problems,
    now: dt.datetime,
    preview: bool = False,
    loaded: Loaded | None = None,
    say: Callable[[str], None] | None = None,
    ahead: bool = False,
) -> Site:
    """Read and check every content file of the site into one `Site`; never raises for content.

    Problems go to `problems`; an episode that cannot be built is left out of the model.
    With `loaded` (kept by the caller across `mkdocs serve` rebuilds), unchanged episodes
    of the last load are reused. `say` is told how far the long steps are. With `ahead`
    (a build), the work of many episodes not in the cache yet (parse, chapters, downloads,
    mentions) is done on several processes first (`podsite.parallel`), into the cache
    the steps below then read: the same model and problems, sooner.
    """
    docs_dir = inputs.docs_dir
    show = load_show(inputs.podcast, inputs.site_url, inputs.config_name, problems, inputs.config_lines)
    progress = (
        Progress("podsite: episodes read, transcripts parsed, chapters derived", len(inputs.sources), say)
        if say is not None
        else None
    )
    published_by = None if preview else now  # downloads are made for the episodes on the site

    def episodes_ahead(fresh: list[Fresh]) -> Prefetched:
        return parallel.prefetch_episodes(fresh, docs_dir, show.language, show.downloads, published_by, say)

    def mentions_ahead(
        missing: list[tuple[Episode, str]], registry: list[MentionSpec], common: frozenset[str], key: str, name: str
    ) -> None:
        parallel.prefetch_mentions(missing, docs_dir, registry, common, key, name, say)

    # the transcripts' words for the show's common words, counted while the pool reads ahead
    counted = WordCount()

    def count(episode: Episode) -> None:
        if episode.transcript is not None:
            counted.add(episode.transcript)

    load_catalog(
        show,
        docs_dir,
        inputs.sources,
        problems,
        loaded,
        progress=progress,
        prefetch=episodes_ahead if ahead else None,
        on_read=None if remembering() else count,  # `mkdocs serve` keeps each transcript's words instead
    )
    site = Site(show, problems, docs_dir, now, preview, by_src={ep.src_uri: ep for ep in show.episodes})
    visible = site.visible()

    registry_people = people.read_people(docs_dir, people.REGISTRY, problems)
    show.people = people.everyone(registry_people, show.episodes)
    site.person_pages = people.person_pages(show.people, visible)
    site.people = {page.person.slug: page for page in people.index_order(site.person_pages)}

    registry = read_registry(docs_dir, show.mentions_path, problems)
    # registry people said aloud link to their page
    known = {id(p): p for p in show.people.values() if p.path}.values()
    registry += people.person_mentions(known, registry, f"{show.site_url}{people.FOLDER}/")
    site.mention_index = annotate_show(
        show,
        registry,
        problems,
        visible=visible,
        docs_dir=docs_dir,
        cache_dir=cache_dir_for(docs_dir, "mentions"),
        progress=Progress("podsite: transcripts searched for mentions", len(show.episodes), say)
        if say is not None
        else None,
        prefetch=mentions_ahead if ahead else None,
        counted=counted,
    )
    numbers = [ep.number for ep in visible if ep.number is not None]
    shared = episode_targets(visible) if len(numbers) == len(set(numbers)) else None  # no number in two seasons
    for episode in show.episodes:
        targets = shared if shared is not None else episode_targets(visible, episode)
        site.links[episode.stem] = links_for(episode, targets, use_directory_urls=inputs.use_directory_urls)

    check_publishing(show, site.published(), inputs.config_name, docs_dir, problems)
    return site
