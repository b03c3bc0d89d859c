"""Linked mentions: the registry, show-notes names, the transcript matcher, the index.

- `registry.load_registry` reads `docs/mentions.yml` with line numbers;
- `notes.notes_mentions` turns show-notes link texts that are names into mentions;
- `matcher.find_mentions` / `find_episode_refs` work on the transcript segments;
- `spellings.episode_terms` lists what to look for in one episode (registry, notes,
  front matter aliases), less the show's `common_words`;
- `annotate.annotate_show` puts hits and references on every episode and returns
  the pages of the mentions index (`index.MentionIndex`); `links.links_for` gives
  `layout.Link`s.
"""

from __future__ import annotations

from .annotate import annotate_episode, annotate_show
from .index import MentionIndex, MentionPage, Said, mentioned
from .links import episode_targets, links_for
from .matcher import Term, chapter_indexes, find_episode_refs, find_mentions
from .notes import NoteLink, name_reason, note_links, notes_mentions
from .registry import KINDS, assign_slugs, load_registry, norm, read_registry, safe_url, slugify
from .spellings import common_words, episode_terms

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
