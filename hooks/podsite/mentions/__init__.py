"""Linked mentions: the registry, show-notes names, the transcript matcher, the index.

- `registry.load_registry` reads `docs/mentions.yml` with line numbers;
- `notes.notes_mentions` turns show-notes link texts that are names into mentions;
- `matcher.find_mentions` / `find_episode_refs` work on the transcript segments;
- `annotate.annotate_show` puts hits and references on every episode and returns
  the pages of the mentions index; `annotate.links_for` gives `layout.Link`s.
"""

from __future__ import annotations

from .annotate import (
    MentionIndex,
    MentionPage,
    Said,
    annotate_episode,
    annotate_show,
    common_words,
    episode_targets,
    episode_terms,
    links_for,
    mentioned,
)
from .matcher import Term, chapter_indexes, find_episode_refs, find_mentions
from .notes import NoteLink, name_reason, note_links, notes_mentions
from .registry import KINDS, assign_slugs, load_registry, norm, read_registry, safe_url, slugify

__all__ = [
    "KINDS",
    "MentionIndex",
    "MentionPage",
    "NoteLink",
    "Said",
    "Term",
    "annotate_episode",
    "annotate_show",
    "assign_slugs",
    "chapter_indexes",
    "common_words",
    "episode_targets",
    "episode_terms",
    "find_episode_refs",
    "find_mentions",
    "links_for",
    "load_registry",
    "read_registry",
    "mentioned",
    "name_reason",
    "norm",
    "note_links",
    "notes_mentions",
    "safe_url",
    "slugify",
]
