"""Put mentions on the model: per-episode hits and references, and the index.

`annotate_show` is what the build calls once: it reads each episode's show notes
and front matter aliases (`spellings`), runs the matcher over its transcript, and
returns the `MentionIndex` (`index`) that the mention pages and the A-Z index are
made from. `links.links_for` turns an annotated episode into `layout.Link`s per
segment index. The names of those modules are importable from here too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..cache import cached, digest_of, has_entry
from ..errors import Problem, Problems
from ..model import Episode, EpisodeRef, MentionHit, MentionSpec, Show
from ..progress import Progress
from ..transcripts.cached import transcript_key
from .index import NOTES_PAGE_FROM, MentionIndex, MentionPage, Said, index_letter, mentioned, sort_key
from .links import episode_href, episode_targets, links_for
from .matcher import find_episode_refs, find_mentions
from .registry import assign_slugs, norm
from .spellings import COMMON_MIN_EPISODES, COMMON_SHARE, WordCount, alias_lines_of, common_words, episode_terms

__all__ = [
    "COMMON_MIN_EPISODES",
    "COMMON_SHARE",
    "MentionIndex",
    "MentionPage",
    "Said",
    "annotate_episode",
    "annotate_show",
    "common_words",
    "episode_href",
    "episode_targets",
    "episode_terms",
    "index_letter",
    "links_for",
    "mentioned",
    "sort_key",
]


def annotate_episode(
    episode: Episode,
    registry: list[MentionSpec],
    problems: Problems,
    common: frozenset[str] = frozenset(),
    where: str = "",
    alias_lines: dict[str, int] | None = None,
    show_name: str = "",
) -> None:
    """Fill `episode.mentions` and `episode.episode_refs` from its transcript (`show_name`
    tells this show's episodes from another show's said by name, see `own_show_reference`)."""
    terms = episode_terms(episode, registry, problems, common, where, alias_lines)
    if episode.transcript is None:
        episode.mentions, episode.episode_refs = [], []
        return
    segments = episode.transcript.segments
    refs, spans = find_episode_refs(segments, show_name)
    episode.episode_refs = refs
    episode.mentions = find_mentions(segments, terms, episode.chapters, taken=spans)


#: Told of the episodes whose hits are not kept (with their keys), the registry, the
#: common words, the show's key and name (see `annotate_show`).
Prefetch = Callable[[list[tuple[Episode, str]], list[MentionSpec], frozenset[str], str, str], object]

#: A cached annotation: hits (mention as an index into the registry, or the show-notes spec
#: itself), spoken episode references, and the warnings `episode_terms` gave.
_Hit = tuple[int | MentionSpec, int, float, int, int, bool, int | None]


def annotation_key(
    episode: Episode, where: str, alias_lines: dict[str, int], show_key: str, transcript: str | None, show_name: str
) -> str:
    """The cache key of an episode's annotation: every input `annotate_episode` reads."""
    return digest_of(
        show_key,
        transcript,
        episode.notes,
        episode.notes_line,
        where,
        sorted(episode.mention_aliases.items()),
        sorted(alias_lines.items()),
        episode.chapters,
        show_name,
    )


def _annotate_cached(
    episode: Episode,
    registry: list[MentionSpec],
    problems: Problems,
    common: frozenset[str],
    where: str,
    alias_lines: dict[str, int],
    cache_dir: Path,
    show_key: str,
    transcript: str | None,
    show_name: str = "",
) -> None:
    """`annotate_episode`, kept under `cache_dir` by every input it reads (registry and
    common words through `show_key`), so an unchanged episode is not searched again."""
    key = annotation_key(episode, where, alias_lines, show_key, transcript, show_name)

    def compute() -> tuple[list[_Hit], list[EpisodeRef], list[Problem]]:
        local = Problems()
        annotate_episode(episode, registry, local, common, where, alias_lines, show_name)
        index = {id(spec): n for n, spec in enumerate(registry)}
        hits: list[_Hit] = [
            (
                index.get(id(h.mention), h.mention),
                h.segment_index,
                h.start,
                h.char_start,
                h.char_end,
                h.linked,
                h.end_index,
            )
            for h in episode.mentions
        ]
        return hits, list(episode.episode_refs), list(local.items)

    hits, refs, found = cached(cache_dir, key, compute, lambda v: isinstance(v, tuple) and len(v) == 3)
    problems.items.extend(found)
    episode.episode_refs = refs
    episode.mentions = [
        MentionHit(registry[m] if isinstance(m, int) else m, seg, start, cs, ce, linked, end)
        for m, seg, start, cs, ce, linked, end in hits
    ]


def annotate_show(
    show: Show,
    registry: list[MentionSpec],
    problems: Problems,
    visible: list[Episode] | None = None,
    docs_dir: Path | None = None,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    prefetch: Prefetch | None = None,
    counted: WordCount | None = None,
) -> MentionIndex:
    """Annotate every episode; return the pages for the `visible` episodes (all by default).

    Pages: every registry entry, and every show-notes name said in a visible episode
    (one page per name; its URL is the one the newest such episode links).
    Sets `show.mentions` to the specs that have a page, A-Z. With `cache_dir`
    (see `cache.cache_dir_for`) each episode's hits are kept by content. `progress` is
    told of each episode searched. `prefetch` is given the episodes whose hits are not kept
    yet, with their keys, and the show-wide inputs (`podsite.parallel` fills the cache for
    them on several processes). `counted`: the transcripts' words, counted as they were read
    (`spellings.common_words`).
    """
    keys = (
        {ep.stem: transcript_key(ep.transcript) for ep in show.episodes if ep.transcript is not None}
        if cache_dir
        else {}
    )
    common = common_words(show, cache_dir, keys, counted)
    docs_name = docs_dir.name if docs_dir is not None else "docs"
    show_key = digest_of(registry, sorted(common)) if cache_dir is not None else ""
    if prefetch is not None and cache_dir is not None:
        missing = []
        for episode in show.episodes:
            lines = alias_lines_of(episode) if episode.mention_aliases else {}
            args = (f"{docs_name}/{episode.src_uri}", lines, show_key, keys.get(episode.stem), show.title)
            key = annotation_key(episode, *args)
            if not has_entry(cache_dir, key):
                missing.append((episode, key))
        if missing:
            prefetch(missing, registry, common, show_key, show.title)
    for episode in show.episodes:
        where = f"{docs_name}/{episode.src_uri}"
        lines = alias_lines_of(episode) if episode.mention_aliases else {}
        if cache_dir is None:
            annotate_episode(episode, registry, problems, common, where, lines, show.title)
        else:
            _annotate_cached(
                episode,
                registry,
                problems,
                common,
                where,
                lines,
                cache_dir,
                show_key,
                keys.get(episode.stem),
                show.title,
            )
        if progress is not None:
            progress.step()
    if progress is not None:
        progress.finish()

    for episode in show.episodes:
        _drop_own_people(episode)
    if visible is None:
        shown = show.episodes
    else:  # by identity: comparing whole episodes would take time growing with the square of the show
        seen = {id(ep) for ep in visible}
        shown = [ep for ep in show.episodes if id(ep) in seen]
    show_specs: dict[str, MentionSpec] = {norm(spec.name): spec for spec in registry}
    registry_ids = {id(spec) for spec in registry}
    notes_groups: dict[str, list[MentionSpec]] = {}
    for episode in shown:  # newest first
        for hit in episode.mentions:
            if id(hit.mention) in registry_ids:
                continue
            key = norm(hit.mention.name)
            group = notes_groups.setdefault(key, [])
            if not any(spec is hit.mention for spec in group):
                group.append(hit.mention)
    for key in sorted(notes_groups):
        newest = notes_groups[key][0]
        show_specs[key] = MentionSpec(
            name=newest.name, url=newest.url, source="notes", path=newest.path, line=newest.line
        )
    specs = sorted(show_specs.values(), key=lambda s: sort_key(s.name))
    assign_slugs([s for s in specs if s.source in ("registry", "people")])
    assign_slugs(specs)
    for key, group in notes_groups.items():
        for spec in group:
            spec.slug = show_specs[key].slug

    index = MentionIndex()
    for spec in specs:
        page = MentionPage(spec)
        index.pages.append(page)
        index.by_slug[spec.slug] = page
    for episode in shown:
        for said in mentioned(episode):
            listed = index.by_slug.get(said.spec.slug)
            if listed is not None:
                listed.episodes.append((episode, said.times))
    # people of the people registry have their own page: a mention page only where they were said
    index.pages = [page for page in index.pages if page.episodes or page.spec.source != "people"]
    show.mentions = [page.spec for page in index.pages]
    # a name from the show notes said once: its episode's list and the index say it all
    for page in index.pages:
        page.own_page = page.spec.source != "notes" or len(page.episodes) >= NOTES_PAGE_FROM
    index.unpaged = [page for page in index.pages if not page.own_page]
    index.pages = [page for page in index.pages if page.own_page]
    index.by_slug = {page.spec.slug: page for page in index.pages}
    return index


def _drop_own_people(episode: Episode) -> None:
    """An episode's own hosts and guests are not mentions of it ("I'm Ada Brook"): the
    page's header links them already."""
    own = {norm(name) for name in episode.hosts + episode.guests if isinstance(name, str)}
    if own:
        episode.mentions = [
            hit for hit in episode.mentions if not (hit.mention.kind == "person" and norm(hit.mention.name) in own)
        ]
