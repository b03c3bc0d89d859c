"""Put mentions on the model: per-episode hits and references, page links, the index.

`annotate_show` is what the build calls once: it reads each episode's show notes
and front matter aliases, runs the matcher over its transcript, and returns the
`MentionIndex` that the mention pages and the A-Z index are made from.
`links_for` turns an annotated episode into `layout.Link`s per segment index.
"""

from __future__ import annotations

import re
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from ..cache import cached, digest_of
from ..errors import Problem, Problems, shown
from ..layout import Link, line_ids
from ..model import Episode, EpisodeRef, MentionHit, MentionSpec, Show, Transcript
from ..progress import Progress
from ..transcripts.cached import transcript_key
from .matcher import Term, find_episode_refs, find_mentions
from .notes import notes_mentions
from .registry import assign_slugs, norm

# a plain word from the show notes is ordinary speech on this show, not a mention,
# when more than this share of the show's transcripts say it (needs enough episodes)
COMMON_SHARE = 0.2
COMMON_MIN_EPISODES = 8
_WORD = re.compile(r"[^\W_][\w'’.+#-]*", re.UNICODE)


@dataclass
class Said:
    """Where one mention was said in one episode: line ids and start times."""

    spec: MentionSpec  # the spec the episode links (its URL is the one the transcript opens)
    page: MentionSpec | None  # the show-level spec that has a page, when it has one
    times: list[tuple[str, float]] = field(default_factory=list)


@dataclass
class MentionPage:
    """One mention page: the show-level spec and every visible episode that said it."""

    spec: MentionSpec
    episodes: list[tuple[Episode, list[tuple[str, float]]]] = field(default_factory=list)  # newest first


@dataclass
class MentionIndex:
    pages: list[MentionPage] = field(default_factory=list)  # A-Z
    by_slug: dict[str, MentionPage] = field(default_factory=dict)

    def letters(self) -> list[tuple[str, list[MentionPage]]]:
        """Pages grouped under their first letter (`#` for names starting otherwise)."""
        groups: dict[str, list[MentionPage]] = {}
        for page in self.pages:
            groups.setdefault(index_letter(page.spec.name), []).append(page)
        return sorted(groups.items(), key=lambda item: (item[0] == "#", item[0]))


def sort_key(name: str) -> tuple[str, str]:
    """A-Z order that ignores case and accents (`Łukasz` sorts with `L`)."""
    import unicodedata

    base = unicodedata.normalize("NFKD", name.replace("ł", "l").replace("Ł", "L"))
    base = "".join(c for c in base if not unicodedata.combining(c)).casefold()
    return (base, name)


def index_letter(name: str) -> str:
    letter = sort_key(name)[0][:1].upper()
    return letter if letter.isalpha() else "#"


def common_words(show: Show, cache_dir: Path | None = None, keys: dict[str, str] | None = None) -> frozenset[str]:
    """Words said in more than `COMMON_SHARE` of the show's transcripts (casefolded).

    With `cache_dir` the result is kept by the content of every transcript (`keys`:
    `transcript_key` by episode stem, when the caller has them already)."""
    transcripts = [ep.transcript for ep in show.episodes if ep.transcript is not None]
    if cache_dir is not None:
        known = keys or {}
        key = digest_of(
            "common words",
            [known.get(ep.stem) or transcript_key(ep.transcript) for ep in show.episodes if ep.transcript is not None],
        )
        common: frozenset[str] = cached(cache_dir, key, lambda: common_words(show), lambda v: isinstance(v, frozenset))
        return common
    if len(transcripts) < COMMON_MIN_EPISODES:
        return frozenset()
    counts: Counter[str] = Counter()
    for transcript in transcripts:
        words: set[str] = set()
        for seg in transcript.segments:
            words.update(w.casefold().rstrip(".") for w in _WORD.findall(seg.text))
        counts.update(words)
    limit = COMMON_SHARE * len(transcripts)
    return frozenset(w for w, n in counts.items() if n > limit)


def _alias_lines(episode: Episode) -> dict[str, int]:
    """Front matter line of each `mentions:` key (from the lines the episode loader kept)."""
    return {
        key.partition(".")[2]: line
        for key, line in episode.lines.items()
        if key.startswith("mentions.") and key.count(".") == 1
    }


def episode_terms(
    episode: Episode,
    registry: list[MentionSpec],
    problems: Problems,
    common: frozenset[str] = frozenset(),
    where: str = "",
    alias_lines: dict[str, int] | None = None,
) -> list[Term]:
    """The spellings to look for in one episode: registry, show notes, front matter aliases."""
    where = where or episode.src_uri
    terms: list[Term] = []
    spellings: dict[str, MentionSpec] = {}
    by_url: dict[str, MentionSpec] = {}
    for spec in registry:
        by_url.setdefault(spec.url.rstrip("/").casefold(), spec)
        for rank, text in [(0, spec.name)] + [(1, a) for a in spec.aliases]:
            spellings[norm(text)] = spec
            terms.append(Term(text, spec, rank))
    for spec in notes_mentions(episode.notes, where, episode.notes_line):
        key = norm(spec.name)
        if key in spellings:
            continue  # the registry has this name: its entry is linked
        same = by_url.get(spec.url.rstrip("/").casefold())
        if same is not None:  # the notes call a registry entry by another name
            spellings[key] = same
            terms.append(Term(spec.name, same, 2))
            continue
        if " " not in spec.name and key in common:
            continue
        spellings[key] = spec
        terms.append(Term(spec.name, spec, 3))
    lines = alias_lines or {}
    for name, aliases in sorted(episode.mention_aliases.items()):
        target = spellings.get(norm(name))
        line = lines.get(name)
        if target is None:
            problems.warn(
                where,
                line,
                f"mentions: {shown(name)} is neither in the mentions registry nor linked in the show notes; add it to one of them or remove the alias",
            )
            continue
        for alias in aliases:
            key = norm(alias)
            other = spellings.get(key)
            if other is not None and other is not target:
                problems.warn(
                    where,
                    line,
                    f"mentions: alias {shown(alias)} of {name} is already a spelling of {other.name}; remove it",
                )
                continue
            spellings[key] = target
            terms.append(Term(" ".join(alias.split()), target, 2))
    return terms


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


#: A cached annotation: hits (mention as an index into the registry, or the show-notes spec
#: itself), spoken episode references, and the warnings `episode_terms` gave.
_Hit = tuple[int | MentionSpec, int, float, int, int, bool, int | None]


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
    key = digest_of(
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
) -> MentionIndex:
    """Annotate every episode; return the pages for the `visible` episodes (all by default).

    Pages: every registry entry, and every show-notes name said in a visible episode
    (one page per name; its URL is the one the newest such episode links).
    Sets `show.mentions` to the specs that have a page, A-Z. With `cache_dir`
    (see `cache.cache_dir_for`) each episode's hits are kept by content. `progress` is
    told of each episode searched.
    """
    keys = (
        {ep.stem: transcript_key(ep.transcript) for ep in show.episodes if ep.transcript is not None}
        if cache_dir
        else {}
    )
    common = common_words(show, cache_dir, keys)
    docs_name = docs_dir.name if docs_dir is not None else "docs"
    show_key = digest_of(registry, sorted(common)) if cache_dir is not None else ""
    for episode in show.episodes:
        where = f"{docs_name}/{episode.src_uri}"
        lines = _alias_lines(episode) if episode.mention_aliases else {}
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
    shown = show.episodes if visible is None else [ep for ep in show.episodes if ep in visible]
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
    index.by_slug = {page.spec.slug: page for page in index.pages}
    show.mentions = [page.spec for page in index.pages]
    return index


def _drop_own_people(episode: Episode) -> None:
    """An episode's own hosts and guests are not mentions of it ("I'm Ada Brook"): the
    page's header links them already."""
    own = {norm(name) for name in episode.hosts + episode.guests if isinstance(name, str)}
    if own:
        episode.mentions = [
            hit for hit in episode.mentions if not (hit.mention.kind == "person" and norm(hit.mention.name) in own)
        ]


#: Line ids by transcript, for the transcripts last asked about (`mkdocs serve` keeps
#: unchanged episodes, and their transcripts, from one rebuild to the next).
_IDS: OrderedDict[int, tuple[Transcript, int, list[str]]] = OrderedDict()


def _line_ids(transcript: Transcript) -> list[str]:
    entry = _IDS.get(id(transcript))
    if entry is not None and entry[0] is transcript and entry[1] == len(transcript.segments):
        return entry[2]
    ids = line_ids(transcript.segments)
    _IDS[id(transcript)] = (transcript, len(transcript.segments), ids)  # holds it: the id stays its own
    if len(_IDS) > 2048:
        _IDS.popitem(last=False)
    return ids


def mentioned(episode: Episode, index: MentionIndex | None = None) -> list[Said]:
    """ "Mentioned in this episode": each mention once, in the order first said, with its lines."""
    if episode.transcript is None:
        return []
    if not episode.mentions:
        return []
    ids = _line_ids(episode.transcript)
    result: dict[int, Said] = {}
    for hit in episode.mentions:
        said = result.get(id(hit.mention))
        if said is None:
            page = index.by_slug[hit.mention.slug].spec if index and hit.mention.slug in index.by_slug else None
            said = result[id(hit.mention)] = Said(hit.mention, page)
        entry = (ids[hit.segment_index], hit.start)
        if entry not in said.times:
            said.times.append(entry)
    return list(result.values())


def _link_title(spec: MentionSpec) -> str:
    return f"{spec.name}: {spec.description}" if spec.description else spec.name


def _hit_links(hit: MentionHit, texts: list[str]) -> list[tuple[int, Link]]:
    spec = hit.mention
    title = _link_title(spec)
    if hit.end_index is None:
        return [(hit.segment_index, Link(hit.char_start, hit.char_end, spec.url, title, "mention"))]
    links = [
        (hit.segment_index, Link(hit.char_start, len(texts[hit.segment_index].rstrip()), spec.url, title, "mention"))
    ]
    for index in range(hit.segment_index + 1, hit.end_index + 1):
        text = texts[index]
        begin = len(text) - len(text.lstrip())
        end = hit.char_end if index == hit.end_index else len(text.rstrip())
        if end > begin:
            links.append((index, Link(begin, end, spec.url, title, "mention")))
    return links


def episode_href(target: Episode, use_directory_urls: bool = True) -> str:
    """Link from one episode page to another (both live in `episodes/`)."""
    return f"../{target.stem}/" if use_directory_urls else f"{target.stem}.html"


def links_for(
    episode: Episode,
    targets: dict[int, Episode] | None = None,
    use_directory_urls: bool = True,
) -> dict[int, list[Link]]:
    """Links per segment index: the linked mention hits, and spoken references to
    episodes in `targets` (number -> episode; the episode itself is never linked)."""
    if episode.transcript is None:
        return {}
    texts = [seg.text for seg in episode.transcript.segments]
    links: dict[int, list[Link]] = {}
    for ref in episode.episode_refs:
        target = (targets or {}).get(ref.number)
        if target is None or target is episode:
            continue
        title = f"Episode {ref.number}: {target.title}"
        links.setdefault(ref.segment_index, []).append(
            Link(ref.char_start, ref.char_end, episode_href(target, use_directory_urls), title, "episode")
        )
    for hit in episode.mentions:
        if hit.linked:
            for index, link in _hit_links(hit, texts):
                links.setdefault(index, []).append(link)
    for index in links:
        links[index].sort(key=lambda k: (k.start, -k.end))
    return links


def episode_targets(episodes: list[Episode], current: Episode | None = None) -> dict[int, Episode]:
    """Number -> episode for spoken references; a number used twice (two seasons)
    resolves to the one in the current episode's season, else is left unlinked."""
    by_number: dict[int, list[Episode]] = {}
    for ep in episodes:
        if ep.number is not None:
            by_number.setdefault(ep.number, []).append(ep)
    targets: dict[int, Episode] = {}
    for number, eps in by_number.items():
        if len(eps) == 1:
            targets[number] = eps[0]
        elif current is not None:
            same = [ep for ep in eps if ep.season == current.season]
            if len(same) == 1:
                targets[number] = same[0]
    return targets
