"""Reading an existing podcast RSS feed, keeping what subscribed apps depend on.

A show that moves to this site keeps its subscribers only if every episode keeps
its `guid`, publication date and enclosure exactly, so the values are read as
written (with lxml, not a normalising reader) and only parsed where the site's
front matter needs a typed value. Unusable input raises `ContentError`;
questionable values become warnings on a `Problems` collector naming the feed
line.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html.entities
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import ContentError, Problems
from ..kinds import EPISODE_TYPES, SHOW_TYPES, EpisodeType, ShowType, one_of

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
PSC = "http://podlove.org/simple-chapters"
_NAMESPACES = {
    # Feeds in the wild spell some namespace URIs differently; match them all.
    "itunes": {ITUNES, "http://www.itunes.com/DTDs/Podcast-1.0.dtd", "https://www.itunes.com/dtds/podcast-1.0.dtd"},
    "content": {CONTENT},
    "podcast": {PODCAST, "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"},
    "atom": {ATOM},
    "psc": {PSC, "https://podlove.org/simple-chapters"},
    "": {""},
}
_TRUE = {"yes", "true", "explicit"}
_FALSE = {"no", "false", "clean"}


@dataclass
class FeedItem:
    """One `<item>` as written in the feed (typed where front matter needs a type)."""

    line: int  # line of `<item>` in the feed, for messages
    title: str = ""
    guid: str | None = None
    date: dt.datetime | None = None  # pubDate, with the feed's own UTC offset
    date_raw: str | None = None
    enclosure_url: str | None = None
    enclosure_length: int | None = None
    enclosure_type: str | None = None
    duration: float | None = None  # seconds, from itunes:duration
    number: int | None = None  # itunes:episode
    season: int | None = None  # itunes:season
    episode_type: EpisodeType | None = None  # itunes:episodeType
    explicit: bool | None = None  # itunes:explicit
    content_html: str = ""  # content:encoded
    description_html: str = ""  # description (or itunes:summary)
    image: str | None = None  # itunes:image href
    link: str | None = None
    hosts: list[str] = field(default_factory=list)  # podcast:person role="host"
    guests: list[str] = field(default_factory=list)  # podcast:person role="guest"
    chapters: list[FeedChapter] = field(default_factory=list)  # psc:chapters
    transcripts: list[FeedLink] = field(default_factory=list)  # podcast:transcript
    chapters_link: FeedLink | None = None  # podcast:chapters (a JSON file elsewhere)
    other_enclosures: list[str] = field(default_factory=list)  # a second <enclosure> and more (not imported)


@dataclass
class FeedLink:
    """A file an item points at (`podcast:transcript`, `podcast:chapters`): URL, type, language."""

    url: str
    type: str = ""
    language: str = ""
    rel: str = ""


@dataclass
class FeedChapter:
    """A Podlove simple chapter: start (seconds), title, optional link."""

    start: float
    title: str
    url: str | None = None


@dataclass
class FeedChannel:
    """The `<channel>`: show settings and its items in feed order."""

    path: str  # the file or URL it was read from, for messages
    title: str = ""
    link: str | None = None
    description: str = ""
    author: str = ""
    owner_name: str = ""
    owner_email: str = ""
    image: str | None = None
    language: str | None = None
    categories: list[str] = field(default_factory=list)  # "Education > How To"
    explicit: bool | None = None
    copyright: str = ""
    show_type: ShowType | None = None  # itunes:type
    guid: str | None = None  # podcast:guid
    locked: bool | None = None  # podcast:locked
    self_url: str | None = None  # atom:link rel="self"
    new_feed_url: str | None = None  # itunes:new-feed-url (the feed has moved before)
    source_url: str | None = None  # the http(s) address the feed was read from, if any
    items: list[FeedItem] = field(default_factory=list)


def is_url(source: str) -> bool:
    return bool(re.match(r"^https?://", source, re.I))


def fetch_feed(source: str, timeout: float = 30.0) -> bytes:
    """The feed's bytes from a file path or an http(s) URL.

    Without network access the URL cannot be read; the message says how to go on
    (save the feed from a browser and pass the file instead).
    """
    if is_url(source):
        request = urllib.request.Request(source, headers={"User-Agent": "podsite-import/1"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http(s) only)
                return response.read()
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ContentError(
                source,
                None,
                f"cannot download the feed ({reason}); check the address and the network, "
                "or save the feed from a browser and pass the file path to --feed",
            ) from None
    path = Path(source)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ContentError(source, None, f"cannot read the feed file: {exc.strerror}") from None


#: Per parse: element → its children by local name. Keyed by the element itself, which keeps its
#: proxy alive, so lxml hands out the same proxy for it (an id could be reused by another).
_INDEX: dict[etree._Element, dict[str, list[tuple[str, etree._Element]]]] = {}


def _children(element: etree._Element, prefix: str, name: str) -> list[etree._Element]:
    """Child elements `prefix:name` (any spelling of the namespace), in order.

    The children of an element are indexed by local name once (`_indexed`), so
    an item's dozen look-ups do not walk its children a dozen times.
    """
    uris = _NAMESPACES[prefix]
    return [child for namespace, child in _indexed(element).get(name, ()) if namespace in uris]


def _indexed(element: etree._Element) -> dict[str, list[tuple[str, etree._Element]]]:
    index = _INDEX.get(element)
    if index is None:
        index = {}
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue  # comments, processing instructions
            if tag[0] == "{":
                namespace, _, local = tag[1:].partition("}")
            else:
                namespace, local = "", tag
            index.setdefault(local, []).append((namespace, child))
        _INDEX[element] = index
    return index


def _child(element: etree._Element, prefix: str, name: str) -> etree._Element | None:
    found = _children(element, prefix, name)
    return found[0] if found else None


def _text(element: etree._Element, prefix: str, name: str) -> str | None:
    child = _child(element, prefix, name)
    if child is None:
        return None
    return "".join(child.itertext()).strip()


#: Longer than this (in seconds, 1,000 hours) is no episode's duration but a typo or garbage.
MAX_DURATION = 3_600_000.0


def parse_duration(value: str) -> float | None:
    """`itunes:duration` as seconds: `HH:MM:SS`, `MM:SS` (minutes may exceed 59) or seconds.

    None when it is not a duration, or longer than `MAX_DURATION` (a number of
    400 digits is no duration, and would overflow every later step).
    """
    value = value.strip()
    if len(value) > 40:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", value):
        seconds = float(value)
    else:
        parts = value.split(":")
        if not 2 <= len(parts) <= 3 or not all(re.fullmatch(r"\d+(?:\.\d+)?", p) for p in parts):
            return None
        seconds = 0.0
        for part in parts:
            seconds = seconds * 60 + float(part)
    return seconds if seconds <= MAX_DURATION else None


#: Publication dates outside these years are read as mistakes (podcasts began in 2004).
MIN_YEAR, MAX_YEAR = 1970, 2200


def parse_pub_date(value: str) -> dt.datetime | None:
    """RFC 822 `pubDate` (what RSS requires), or ISO 8601 (which some hosts write)."""
    value = value.strip()
    written = re.search(r"\b\d{1,2}\s+[A-Za-z]{3,}\.?\s+(\d{3,})\b", value)
    if written and not MIN_YEAR <= int(written.group(1)[:6]) <= MAX_YEAR:
        return None  # `0001` would be read as 2001 by the RFC 822 reader
    try:
        result = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        try:
            result = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except (ValueError, OverflowError):
            return None
    if result.tzinfo is None:
        result = result.replace(tzinfo=dt.UTC)
    if not MIN_YEAR <= result.year <= MAX_YEAR:
        return None  # year 1 or 9999: no episode's date, and out of range once moved to UTC
    return result


def _flag(value: str | None) -> bool | None:
    if value is None:
        return None
    word = value.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    return None


def _int(value: str | None, what: str, path: str, line: int, problems: Problems, digits: int = 9) -> int | None:
    """A whole number as written; anything else (`80.5`, `402-A`, 5,000 digits) is a warning and None."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if re.fullmatch(r"\d+", text) and len(text.lstrip("0")) <= digits:
        return int(text)
    shown = repr(text) if len(text) <= 40 else f"of {len(text)} characters"
    problems.warn(
        path,
        line,
        f"{what} {shown} is not a whole number of at most {digits} digits; left out (fix it at the old host)",
    )
    return None


def _categories(channel: etree._Element) -> list[str]:
    out: list[str] = []
    for top in _children(channel, "itunes", "category"):
        name = (top.get("text") or "").strip()
        if not name:
            continue
        subs = [(s.get("text") or "").strip() for s in _children(top, "itunes", "category")]
        subs = [s for s in subs if s]
        if subs:
            out.extend(f"{name} > {sub}" for sub in subs)
        else:
            out.append(name)
    return out


def _read_item(node: etree._Element, path: str, problems: Problems) -> FeedItem:
    line = node.sourceline or 0
    item = FeedItem(line=line, title=_text(node, "", "title") or "")
    guid = _text(node, "", "guid")
    item.guid = guid or None
    item.date_raw = _text(node, "", "pubDate")
    if item.date_raw:
        item.date = parse_pub_date(item.date_raw)
        if item.date is None:
            problems.warn(
                path, line, f"pubDate {item.date_raw!r} is not a date (RFC 822, like `Tue, 01 Sep 2026 00:00:00 +0000`)"
            )
    enclosures = _children(node, "", "enclosure")
    enclosure = enclosures[0] if enclosures else None
    for other in enclosures[1:]:
        url = (other.get("url") or "").strip()
        item.other_enclosures.append(url)
        problems.warn(
            path,
            other.sourceline or line,
            f"a second <enclosure> ({url or 'without url'}) is not imported: an item has one audio file "
            "(apps play the first); offer other formats as a separate feed",
        )
    if enclosure is not None:
        item.enclosure_url = (enclosure.get("url") or "").strip() or None
        item.enclosure_type = (enclosure.get("type") or "").strip() or None
        length = enclosure.get("length")
        if length is not None and length.strip():
            item.enclosure_length = _int(length, "enclosure length", path, enclosure.sourceline or line, problems)
    duration = _text(node, "itunes", "duration")
    if duration:
        item.duration = parse_duration(duration)
        if item.duration is None:
            shown = repr(duration) if len(duration) <= 40 else f"of {len(duration)} characters"
            problems.warn(
                path,
                line,
                f"itunes:duration {shown} is not a duration of up to 1,000 hours (use HH:MM:SS or seconds); left out",
            )
    item.number = _int(_text(node, "itunes", "episode"), "itunes:episode", path, line, problems)
    item.season = _int(_text(node, "itunes", "season"), "itunes:season", path, line, problems)
    for tag in _children(node, "podcast", "transcript"):
        url = (tag.get("url") or "").strip()
        if url:
            item.transcripts.append(
                FeedLink(
                    url, (tag.get("type") or "").strip(), (tag.get("language") or "").strip(), tag.get("rel") or ""
                )
            )
    chapters_tag = _child(node, "podcast", "chapters")
    if chapters_tag is not None and (chapters_tag.get("url") or "").strip():
        item.chapters_link = FeedLink(chapters_tag.get("url", "").strip(), (chapters_tag.get("type") or "").strip())
    episode_type = _text(node, "itunes", "episodeType")
    if episode_type:
        item.episode_type = one_of(episode_type.lower(), EPISODE_TYPES)
        if item.episode_type is None:
            problems.warn(path, line, f"itunes:episodeType {episode_type!r} is not full, trailer or bonus; left out")
    explicit = _text(node, "itunes", "explicit")
    item.explicit = _flag(explicit)
    item.content_html = _text(node, "content", "encoded") or ""
    item.description_html = _text(node, "", "description") or _text(node, "itunes", "summary") or ""
    image = _child(node, "itunes", "image")
    if image is not None and (image.get("href") or "").strip():
        item.image = image.get("href", "").strip()
    item.link = _text(node, "", "link") or None
    for person in _children(node, "podcast", "person"):
        name = "".join(person.itertext()).strip()
        role = (person.get("role") or "host").strip().lower()
        if name and role == "host":
            item.hosts.append(name)
        elif name and role == "guest":
            item.guests.append(name)
    chapters = _child(node, "psc", "chapters")
    if chapters is not None:
        for chapter in _children(chapters, "psc", "chapter"):
            start = parse_duration(chapter.get("start") or "")
            title = (chapter.get("title") or "").strip()
            if start is None or not title:
                problems.warn(
                    path, chapter.sourceline or line, "psc:chapter needs `start` (HH:MM:SS) and `title`; left out"
                )
                continue
            href = (chapter.get("href") or "").strip() or None
            item.chapters.append(FeedChapter(start, title, href))
    return item


_XML_DECL = re.compile(rb"^(\xef\xbb\xbf)?(\s+)(<\?xml[^>]*\?>)")
_EXTERNAL_ENTITY = re.compile(rb"<!ENTITY\s+(?:%\s*)?[^\s>]+\s+(?:SYSTEM|PUBLIC)\b", re.IGNORECASE)
_CDATA = re.compile(rb"(<!\[CDATA\[.*?\]\]>)", re.DOTALL)
_ENTITY_REF = re.compile(rb"&(?:([A-Za-z][A-Za-z0-9._-]*);|(?!#[0-9]+;|#x[0-9A-Fa-f]+;))")
_XML_ENTITIES = {b"amp", b"lt", b"gt", b"quot", b"apos"}


def _move_declaration(data: bytes, path: str, problems: Problems) -> bytes:
    """Blank lines before `<?xml ...?>`: the declaration moves to the start, lines keep their numbers."""
    match = _XML_DECL.match(data)
    if match is None:
        return data
    bom, space, decl = match.groups()
    count = space.count(b"\n")
    problems.warn(
        path,
        1,
        f"{count or 'a'} blank line(s) before <?xml: read as podcast apps do; "
        "remove them at the old host (strict XML readers refuse the feed)",
    )
    return (bom or b"") + decl + space + data[match.end() :]


def _fix_entities(data: bytes, path: str, problems: Problems) -> bytes:
    """Entities XML does not define (`&nbsp;`, `&gtgt;`, a bare `&`) outside CDATA, as feed readers take them.

    An HTML entity becomes its character; anything else stays as text (`&gtgt;`).
    Each repair is a warning naming its line.
    """
    parts = _CDATA.split(data)
    line = 1
    reported = 0
    out: list[bytes] = []
    for index, part in enumerate(parts):
        if index % 2 == 1:  # a CDATA section: & means itself there
            out.append(part)
            line += part.count(b"\n")
            continue
        pieces: list[bytes] = []
        pos = 0
        for match in _ENTITY_REF.finditer(part):
            name = match.group(1)
            if name is not None and name in _XML_ENTITIES:
                continue
            if name is not None and name.decode("ascii") + ";" in html.entities.html5:
                char = html.entities.html5[name.decode("ascii") + ";"]
                new = "".join(f"&#x{ord(c):x};" for c in char).encode("ascii")
                how = f"read as {char!r}"
            else:
                new = b"&amp;" + match.group(0)[1:]
                how = "kept as text"
            at = line + part.count(b"\n", 0, match.start())
            if reported < 20:
                shown = match.group(0).decode("ascii", "replace") if name is not None else "&"
                problems.warn(
                    path, at, f"`{shown}` is not an XML entity: {how}, as podcast apps do (write it as &amp;)"
                )
            reported += 1
            pieces.append(part[pos : match.start()])
            pieces.append(new)
            pos = match.end()
        pieces.append(part[pos:])
        out.append(b"".join(pieces))
        line += part.count(b"\n")
    if reported > 20:
        problems.warn(path, None, f"{reported - 20} more entities XML does not define were read the same way")
    return b"".join(out)


def parse_xml(data: bytes, path: str, problems: Problems) -> etree._Element:
    """The feed's XML root, read as leniently as podcast apps read it.

    Blank lines before the XML declaration and entities XML does not define are
    repaired; other damage is recovered the way libxml2's recovering reader does.
    Each repair is a warning naming the line. External entities are refused.
    """
    if _EXTERNAL_ENTITY.search(data[:65536]):
        raise ContentError(
            path, None, "the feed declares an external entity (<!ENTITY ... SYSTEM>); refused: a feed never needs one"
        )
    data = _move_declaration(data, path, problems)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_blank_text=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        first = exc
    fixed = _fix_entities(data, path, problems)
    if fixed != data:
        try:
            return etree.fromstring(fixed, parser)
        except etree.XMLSyntaxError as exc:
            first = exc
    lenient = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=True, remove_blank_text=False, recover=True
    )
    try:
        root = etree.fromstring(fixed, lenient)
    except (etree.XMLSyntaxError, ValueError):  # recovering, lxml may still refuse a tag name (`<:?xml`)
        root = None
    if root is None:
        raise ContentError(path, first.lineno or None, f"the feed is not well-formed XML: {first.msg}")
    problems.warn(
        path,
        first.lineno or None,
        f"the feed is not well-formed XML ({first.msg}); read as far as podcast apps read it: "
        "check the items after this line, and fix the feed at the old host",
    )
    return root


def parse_feed(data: bytes, path: str, problems: Problems) -> FeedChannel:
    """Parse feed bytes into a `FeedChannel`; `path` names the source in messages."""
    root = parse_xml(data, path, problems)
    try:
        return _channel(root, path, problems)
    finally:
        _INDEX.clear()  # the tree is freed with the last reference


def _channel(root: etree._Element, path: str, problems: Problems) -> FeedChannel:
    if not isinstance(root.tag, str):
        raise ContentError(path, None, "not an RSS podcast feed (expected <rss><channel>...)")
    local = root.tag.rpartition("}")[2]  # not etree.QName: a recovered tree may hold a tag it refuses (`:`)
    channel_node = _child(root, "", "channel") if local == "rss" else None
    if channel_node is None:
        raise ContentError(path, root.sourceline, "not an RSS podcast feed (expected <rss><channel>...)")
    channel = FeedChannel(path=path)
    channel.title = _text(channel_node, "", "title") or ""
    channel.link = _text(channel_node, "", "link") or None
    channel.description = _text(channel_node, "", "description") or _text(channel_node, "itunes", "summary") or ""
    channel.author = _text(channel_node, "itunes", "author") or ""
    owner = _child(channel_node, "itunes", "owner")
    if owner is not None:
        channel.owner_name = _text(owner, "itunes", "name") or ""
        channel.owner_email = _text(owner, "itunes", "email") or ""
    image = _child(channel_node, "itunes", "image")
    if image is not None and (image.get("href") or "").strip():
        channel.image = image.get("href", "").strip()
    else:
        rss_image = _child(channel_node, "", "image")
        if rss_image is not None:
            channel.image = _text(rss_image, "", "url") or None
    channel.language = _text(channel_node, "", "language") or None
    channel.categories = _categories(channel_node)
    channel.explicit = _flag(_text(channel_node, "itunes", "explicit"))
    channel.copyright = _text(channel_node, "", "copyright") or ""
    show_type = _text(channel_node, "itunes", "type")
    if show_type:
        channel.show_type = one_of(show_type.lower(), SHOW_TYPES)
    channel.guid = _text(channel_node, "podcast", "guid") or None
    channel.locked = _flag(_text(channel_node, "podcast", "locked"))
    for link in _children(channel_node, "atom", "link"):
        if link.get("rel") == "self" and link.get("href") and channel.self_url is None:
            channel.self_url = link.get("href", "").strip()
    channel.new_feed_url = _text(channel_node, "itunes", "new-feed-url") or None
    for node in _children(channel_node, "", "item"):
        channel.items.append(_read_item(node, path, problems))
    if not channel.items:
        problems.warn(path, channel_node.sourceline, "the feed has no <item> elements: no episodes to import")
    return channel


def read_feed(source: str, problems: Problems) -> FeedChannel:
    """Fetch (file path or http(s) URL) and parse a podcast feed."""
    channel = parse_feed(fetch_feed(source), source, problems)
    if is_url(source):
        channel.source_url = source
    return channel
