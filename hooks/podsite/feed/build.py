"""The podcast RSS feed, written with feedgen and the extensions in `extensions.py`.

`build_feed(show, episodes)` is the whole job: a pure function of the model (no
clock, no file system), so two builds of the same content give the same bytes and
a benchmark or a script can call it directly.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath
from urllib.parse import quote

from feedgen.feed import FeedGenerator

from .. import outputs, people
from ..catalog import sort_newest_first
from ..model import Episode, Show
from ..timecode import format_precise
from .extensions import (
    BuildDateExtension,
    ItunesEntryExtension,
    ItunesExtension,
    NoEntryExtension,
    Person,
    PodcastIndexEntryExtension,
    PodcastIndexExtension,
    PscChapter,
    PscEntryExtension,
    PscExtension,
    TranscriptLink,
)
from .text import absolute_html, chapters_html, feed_description, render_notes, xml_text

# Namespace of `podcast:guid` (Podcasting 2.0): UUIDv5 of the feed URL without scheme.
GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")

# (name on the FeedGenerator, channel class, item class), in the order tags are written.
EXTENSIONS = (
    ("itunes", ItunesExtension, ItunesEntryExtension),
    ("podcast", PodcastIndexExtension, PodcastIndexEntryExtension),
    ("psc", PscExtension, PscEntryExtension),
    ("builddate", BuildDateExtension, NoEntryExtension),
)


def podcast_guid(feed_url: str) -> str:
    """The show's `podcast:guid`: UUIDv5 of the feed URL without scheme and trailing slashes."""
    bare = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", "", feed_url.strip()).rstrip("/")
    return str(uuid.uuid5(GUID_NAMESPACE, bare))


def site_url_of(show: Show, path: str) -> str:
    """Absolute URL of `path`: kept when already absolute, else under the site's address."""
    if _SCHEME.match(path):
        return path
    return show.site_url + quote(path.lstrip("/"), safe="/")


def page_url(show: Show, episode: Episode) -> str:
    return show.site_url + episode.url


def audio_url(show: Show, episode: Episode) -> str | None:
    """The enclosure URL: a local file under the site's address, or the remote URL as given."""
    if episode.audio is None:
        return None
    return site_url_of(show, episode.audio.url)


def image_url(show: Show) -> str | None:
    return site_url_of(show, show.image) if show.image else None


def feed_episodes(episodes: Iterable[Episode], limit: int | None = None) -> list[Episode]:
    """Episodes that become feed items, newest first: those with an audio file, the newest
    `limit` of them (all when None)."""
    items = [ep for ep in sort_newest_first(episodes) if ep.audio is not None]
    return items if limit is None else items[:limit]


def _source_dir_url(show: Show, episode: Episode) -> str:
    folder = str(PurePosixPath(episode.src_uri).parent)
    return show.site_url + ("" if folder == "." else folder + "/")


def _add_item(fg: FeedGenerator, show: Show, episode: Episode, notes_html: str) -> None:
    assert episode.audio is not None
    url = page_url(show, episode)
    entry = fg.add_entry(order="append")  # feedgen prepends by default
    entry.title(xml_text(episode.title))
    entry.link(href=url)
    entry.description(xml_text(feed_description(episode)))
    # the show notes, then the chapter lines the description ends with (apps show one or the other)
    content = xml_text(absolute_html(notes_html, url, _source_dir_url(show, episode)) + chapters_html(episode))
    if content:
        # CDATA cannot carry "]]>"; such notes are written as escaped text instead.
        entry.content(content, type="CDATA" if "]]>" not in content else "html")
    if episode.guid:
        entry.guid(episode.guid, permalink=False)
    else:
        entry.guid(url, permalink=True)
    entry.enclosure(audio_url(show, episode), str(episode.audio.length or 0), episode.audio.type)
    entry.pubDate(episode.date)

    itunes: ItunesEntryExtension = entry.itunes
    itunes.set_duration(episode.duration)
    itunes.set_numbers(episode.number, episode.season)
    itunes.set_type(episode.episode_type)
    itunes.set_explicit(show.explicit if episode.explicit is None else episode.explicit)
    if episode.image:
        itunes.set_image(site_url_of(show, episode.image))  # validated before feedgen sees it

    podcast: PodcastIndexEntryExtension = entry.podcast
    for export in outputs.links_for(episode, show.downloads):
        podcast.add_transcript(
            TranscriptLink(
                url=url + export.name,
                type=export.media_type,
                rel="captions" if export.media_type == "text/vtt" else None,
                language=show.language,
            )
        )
    if episode.chapters:
        podcast.set_chapters(url + outputs.CHAPTERS_FILE, outputs.CHAPTERS_TYPE)
        entry.psc.set_chapters(
            [PscChapter(format_precise(ch.start), xml_text(ch.title), ch.url) for ch in episode.chapters]
        )
    for role, names in (("host", episode.hosts), ("guest", episode.guests)):
        for name in names:
            href, img = people.links(show, name)
            podcast.add_person(Person(xml_text(name), role, href, img))


def build_feed(show: Show, episodes: Iterable[Episode], notes_html: Mapping[str, str] | None = None) -> bytes:
    """The RSS feed (UTF-8 bytes) with `episodes` as items, newest first.

    The caller chooses the episodes (published ones: no drafts, nothing scheduled).
    Episodes without audio are left out: a podcast item needs an enclosure; with
    `show.feed_limit`, only the newest that many.
    `notes_html` maps an episode's stem to its show notes as the site rendered them;
    notes missing from it are rendered here with plain Markdown.
    `FeedValueError` (from `extensions`) means a value the feed cannot carry.
    """
    if show.feed_url is None:
        raise ValueError("the show has no feed (extra.podcast.feed: false); do not build one")
    feed_url = show.feed_url
    items = feed_episodes(episodes, show.feed_limit)
    notes_html = dict(notes_html or {})
    missing = {ep.stem: ep.notes for ep in items if ep.stem not in notes_html}
    if missing:
        notes_html.update(render_notes(missing))

    fg = FeedGenerator()
    for name, channel_ext, entry_ext in EXTENSIONS:
        fg.register_extension(name, channel_ext, entry_ext, atom=False, rss=True)
    fg.title(xml_text(show.title))
    # feedgen's RSS <link> is the last link given: the self link first, the site last.
    fg.link(href=feed_url, rel="self", type="application/rss+xml")
    fg.link(href=show.site_url, rel="alternate")
    fg.description(xml_text(show.description or show.title))
    fg.language(show.language)
    if show.copyright:
        fg.copyright(xml_text(show.copyright))

    itunes: ItunesExtension = fg.itunes
    itunes.author = xml_text(show.author) or None
    cover = image_url(show)
    if cover:
        itunes.set_image(cover)  # validated before feedgen sees it
        fg.image(url=cover, title=xml_text(show.title), link=show.site_url)
    itunes.set_categories(show.categories)
    itunes.set_explicit(show.explicit)
    itunes.set_owner(xml_text(show.owner_name), show.owner_email)
    itunes.set_type(show.show_type)

    podcast: PodcastIndexExtension = fg.podcast
    podcast.set_locked(show.locked, show.owner_email)
    podcast.set_guid(show.guid or podcast_guid(feed_url))
    fg.builddate.set_date(items[0].date if items else None)

    for episode in items:
        _add_item(fg, show, episode, notes_html.get(episode.stem, ""))
    return fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)
