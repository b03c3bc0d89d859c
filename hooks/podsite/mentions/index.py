"""The mentions index: the pages the build makes (one per mention, A-Z) and, per episode,
what it said and on which lines ("Mentioned in this episode")."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from ..layout import line_ids
from ..model import Episode, MentionSpec, Transcript


@dataclass
class Said:
    """Where one mention was said in one episode: line ids and start times."""

    spec: MentionSpec  # the spec the episode links (its URL is the one the transcript opens)
    page: MentionSpec | None  # the show-level spec that has a page, when it has one
    times: list[tuple[str, float]] = field(default_factory=list)


#: Episodes that must say a name from the show notes before it gets a page of its own.
NOTES_PAGE_FROM = 2


@dataclass
class MentionPage:
    """One mention page: the show-level spec and every visible episode that said it."""

    spec: MentionSpec
    episodes: list[tuple[Episode, list[tuple[str, float]]]] = field(default_factory=list)  # newest first
    #: False for a name from the show notes said in fewer than `NOTES_PAGE_FROM` episodes:
    #: the A-Z index lists it, linking to the moment, and its episode's "Mentioned" list
    #: shows all such a page would (about 10 KB of page shell for 1 KB of its own).
    own_page: bool = True


@dataclass
class MentionIndex:
    pages: list[MentionPage] = field(default_factory=list)  # A-Z: the names with a page of their own
    by_slug: dict[str, MentionPage] = field(default_factory=dict)
    #: Names listed in the A-Z index without a page of their own (`MentionPage.own_page`).
    unpaged: list[MentionPage] = field(default_factory=list)

    def letters(self) -> list[tuple[str, list[MentionPage]]]:
        """Every name of the A-Z index (with a page or not) grouped under its first letter
        (`#` for names starting otherwise), A-Z within each."""
        groups: dict[str, list[MentionPage]] = {}
        for page in sorted(self.pages + self.unpaged, key=lambda p: sort_key(p.spec.name)):
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
