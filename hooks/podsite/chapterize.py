"""Chapters derived from the show notes and the transcript, for episodes without hand-written ones.

The show notes name the episode's topics, sponsor, Extras and Joke
(`chaptering.notes.parse_notes`); the transcript says where the conversation turns
to each of them (`chaptering.placement.place_items`, which describes the method).
This module makes chapters of them, describes them for the checker and keeps them
in the build cache. The package `podsite.chaptering` holds the parts, one module
per concern.

Plain Python on the notes and transcript text: deterministic, no models, nothing
downloaded, some tens of milliseconds for an hour of conversation.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from .cache import cached
from .chaptering.notes import NoteItem, parse_notes
from .chaptering.placement import Placed, place_items
from .chaptering.titles import short_title
from .model import Chapter, Episode
from .timecode import format_clock

__all__ = [
    "NoteItem",
    "Placed",
    "derive_chapters",
    "describe",
    "parse_notes",
    "place_items",
]

#: Title of the chapter that opens every derived chapter list.
OPENING_TITLE = "Introduction"


def derive_chapters(episode: Episode) -> list[Chapter]:
    """Chapters for an episode without hand-written ones: an opening, then one per placed item.

    Returns [] when the notes name fewer than two topics or there is no transcript.
    """
    if episode.transcript is None or not episode.notes.strip():
        return []
    items = parse_notes(episode.notes)
    placed = place_items(items, episode.transcript, episode.mention_aliases)
    if not placed:
        return []
    chapters = [Chapter(start=0.0, title=OPENING_TITLE, derived=True)]
    for p in placed:
        start = float(int(p.start))
        if start <= chapters[-1].start:
            continue
        chapters.append(Chapter(start=start, title=short_title(p.item.title), url=p.item.url, derived=True))
    return chapters


def describe(chapters: Iterable[Chapter]) -> list[str]:
    """`HH:MM:SS Title` lines, with "(derived)" after chapters computed from the notes."""
    return [f"{format_clock(ch.start)} {ch.title}" + (" (derived)" if ch.derived else "") for ch in chapters]


def chapters_key(episode: Episode) -> str:
    """What derived chapters depend on: the show notes, the mention aliases and the transcript."""
    from .transcripts.cached import transcript_key

    digest = hashlib.blake2b(episode.notes.encode(), digest_size=20)
    digest.update(repr(sorted(episode.mention_aliases.items())).encode())
    if episode.transcript is not None:
        digest.update(transcript_key(episode.transcript).encode())
    return digest.hexdigest()


def _chapter_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(c, Chapter) for c in value)


def derive_chapters_cached(episode: Episode, cache_dir: Path | None) -> list[Chapter]:
    """`derive_chapters(episode)`, read from `cache_dir` (see `podsite.cache`) when notes and transcript were seen before."""
    if cache_dir is None:
        return derive_chapters(episode)
    chapters: list[Chapter] = cached(
        cache_dir, chapters_key(episode), lambda: derive_chapters(episode), _chapter_list, remember=False
    )
    return chapters
