"""The string kinds compared across modules, each named once as a `Literal` type.

The model's fields, the loaders that read them from content files and the outputs
that compare them use these names, so mypy reports a misspelt kind (`"trailr"`) in
code. Each tuple beside its type lists the values in order, for the checks that read
content and for messages (`one_of` turns a value read from a file into its kind).
"""

from __future__ import annotations

from typing import Literal, TypeVar, get_args

#: `episode_type:` in front matter, `<itunes:episodeType>` in the feed.
EpisodeType = Literal["full", "trailer", "bonus"]
EPISODE_TYPES: tuple[EpisodeType, ...] = get_args(EpisodeType)

#: `extra.podcast.type`, `<itunes:type>` in the feed.
ShowType = Literal["episodic", "serial"]
SHOW_TYPES: tuple[ShowType, ...] = get_args(ShowType)

#: The text exports of Otter.ai and Riverside (speaker turns), read from `.txt` files.
TurnsFormat = Literal["otter", "riverside"]

#: A transcript's format: the extensions' and the text shapes read from `.txt` files.
TranscriptFormat = Literal["txt", "vtt", "srt", "json", "sbv", "html", TurnsFormat]
TRANSCRIPT_FORMATS: tuple[TranscriptFormat, ...] = get_args(TranscriptFormat)

#: A transcript download beside each episode page (`extra.podcast.downloads`).
DownloadFormat = Literal["vtt", "srt", "json", "txt", "html"]
DOWNLOAD_FORMATS: tuple[DownloadFormat, ...] = get_args(DownloadFormat)

#: `kind:` of a mentions registry entry.
MentionKind = Literal["project", "person", "company", "other"]
MENTION_KINDS: tuple[MentionKind, ...] = get_args(MentionKind)

#: Where a mention comes from: `mentions.yml`, a show-notes link, or `people.yml`.
MentionSource = Literal["registry", "notes", "people"]

#: What a transcript link points at: a mention's URL or another episode's page.
LinkKind = Literal["mention", "episode"]

K = TypeVar("K", bound=str)


def one_of(value: object, kinds: tuple[K, ...]) -> K | None:
    """`value` as the kind of `kinds` it equals, or None when it is none of them."""
    for kind in kinds:
        if value == kind:
            return kind
    return None
