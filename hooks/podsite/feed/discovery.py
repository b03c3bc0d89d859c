"""What search engines and link previews read from a page's <head>.

OpenGraph tags (with `og:audio` on episode pages) and schema.org JSON-LD: a
`PodcastEpisode` on episode pages, the `PodcastSeries` on the home page. The
templates write the markup; these functions only collect the values.
"""

from __future__ import annotations

import datetime as dt
import json
import locale
import re
from typing import Any

from .. import i18n, people
from ..model import Episode, Show
from ..timecode import iso_duration
from .build import audio_url, image_url, page_url, site_url_of

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data: Any) -> str:
    """JSON that is safe inside `<script>`: `<`, `>` and `&` written as `\\u003c` etc.

    A title containing `</script>` can then neither end the script element nor
    open a comment; the JSON still decodes to the same text.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return "".join(_JSON_ESCAPES.get(ch, ch) for ch in text)


def _date(value: dt.datetime) -> str:
    """`2026-09-01` for a plain date (midnight UTC), the full ISO time otherwise."""
    if value.utcoffset() == dt.timedelta(0) and value.time() == dt.time(0, 0):
        return value.date().isoformat()
    return value.isoformat()


def series_jsonld(show: Show) -> dict[str, Any]:
    """schema.org `PodcastSeries` for the show."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "PodcastSeries",
        "name": show.title,
        "url": show.site_url,
    }
    if show.feed_url:
        data["webFeed"] = show.feed_url
    if show.description:
        data["description"] = show.description
    cover = image_url(show)
    if cover:
        data["image"] = cover
    return data


def episode_jsonld(show: Show, episode: Episode) -> dict[str, Any]:
    """schema.org `PodcastEpisode`: `partOfSeries`, `associatedMedia`, ISO 8601 `duration`."""
    url = page_url(show, episode)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "PodcastEpisode",
        "@id": url,
        "url": url,
        "name": episode.title,
        "datePublished": _date(episode.date),
        "inLanguage": show.language,
    }
    if episode.description:
        data["description"] = episode.description
    if episode.number is not None:
        data["episodeNumber"] = episode.number
    if episode.duration is not None:
        data["duration"] = iso_duration(episode.duration)
    cover = image_url(show)
    if cover:
        data["image"] = cover
    media = audio_url(show, episode)
    if media and episode.audio is not None:
        obj: dict[str, Any] = {"@type": "AudioObject", "contentUrl": media, "encodingFormat": episode.audio.type}
        if episode.duration is not None:
            obj["duration"] = iso_duration(episode.duration)
        if episode.audio.length:
            obj["contentSize"] = str(episode.audio.length)
        data["associatedMedia"] = obj
    people = [_person(show, name) for name in episode.hosts + episode.guests]
    if people:
        data["actor"] = people
    if episode.season is not None:
        data["partOfSeason"] = {"@type": "PodcastSeason", "seasonNumber": episode.season}
    series: dict[str, Any] = {"@type": "PodcastSeries", "name": show.title, "url": show.site_url}
    if show.feed_url:
        series["webFeed"] = show.feed_url
    data["partOfSeries"] = series
    return data


def _person(show: Show, name: str) -> dict[str, Any]:
    """A host or guest for JSON-LD: their page on the site, photo and profiles."""
    data: dict[str, Any] = {"@type": "Person", "name": name}
    href, img = people.links(show, name)
    if href:
        data["url"] = href
    if img:
        data["image"] = img
    person = show.people.get(people.key(name))
    if person is not None and person.links:
        data["sameAs"] = list(person.links.values())
    return data


#: Pixel size of the social cards (`podsite.cards`).
CARD_SIZE = (1200, 630)


def card_alt(show: Show, episode: Episode | None) -> str:
    """What a social card shows, in words (`og:image:alt`, `twitter:image:alt`)."""
    if episode is None:
        return i18n.translation(show.language).plain("episode.card_alt_show", show=show.title)
    number = ""
    if episode.number is not None:
        number = i18n.translation(show.language).plain("episode.card_alt_number", number=episode.number) + ", "
    return f"{show.title}, {number}{episode.title}"


def open_graph(
    show: Show, episode: Episode | None, title: str, url: str, description: str, card: str | None = None
) -> list[tuple[str, str]]:
    """`(property, content)` pairs for `<meta property=... content=...>`, in a fixed order.

    `card` is the site path of the page's social card (`podsite.cards`): the preview
    image when there is one, else the cover art."""
    tags: list[tuple[str, str]] = [
        ("og:site_name", show.title),
        ("og:type", "article" if episode else "website"),
        ("og:title", episode.title if episode else title),
        ("og:url", url),
    ]
    if description:
        tags.append(("og:description", description))
    cover = image_url(show)
    if card:
        tags.append(("og:image", site_url_of(show, card)))
        tags.append(("og:image:type", "image/png"))
        tags.append(("og:image:width", str(CARD_SIZE[0])))
        tags.append(("og:image:height", str(CARD_SIZE[1])))
        tags.append(("og:image:alt", card_alt(show, episode)))
    elif cover:
        tags.append(("og:image", cover))
        tags.append(("og:image:alt", i18n.translation(show.language).plain("episode.cover_alt", show=show.title)))
    if episode is not None:
        media = audio_url(show, episode)
        if media and episode.audio is not None:
            tags.append(("og:audio", media))
            tags.append(("og:audio:type", episode.audio.type))
        tags.append(("article:published_time", episode.date.isoformat()))
    og_locale = open_graph_locale(show.language)
    if og_locale:
        tags.append(("og:locale", og_locale))
    return tags


#: Where OpenGraph's locale list differs from the C library's (Arabic has no single territory there).
_OG_LOCALES = {"ar": "ar_AR"}


def open_graph_locale(language: str) -> str | None:
    """`og:locale` (`language_TERRITORY`, e.g. `en_US`) for the show's language code.

    OpenGraph reads only that form: `en` is not a locale. A code with a territory keeps
    it (`en-GB` → `en_GB`, `zh-Hant-TW` → `zh_TW`); a bare language takes its usual
    territory from the C library's locale aliases (`en` → `en_US`, `de` → `de_DE`).
    None, and no tag, for a language with no known territory.
    """
    parts = [p for p in re.split(r"[-_]", language.strip()) if p]
    if not parts or not parts[0].isalpha():
        return None
    lang = parts[0].lower()
    territory = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    if territory:
        return f"{lang}_{territory}"
    if lang in _OG_LOCALES:
        return _OG_LOCALES[lang]
    alias = locale.locale_alias.get(lang, "")
    match = re.fullmatch(r"([a-z]{2,3})_([A-Z]{2})(?:[.@].*)?", alias)
    return f"{match[1]}_{match[2]}" if match and match[1] == lang else None


def twitter_card(show: Show, episode: Episode | None, card: str | None) -> list[tuple[str, str]]:
    """`(name, content)` pairs for `<meta name=... content=...>`: the large-image summary
    X/Twitter, Mastodon and others show (they read og:title and og:description too)."""
    if not card:
        return [("twitter:card", "summary")]
    return [
        ("twitter:card", "summary_large_image"),
        ("twitter:image", site_url_of(show, card)),
        ("twitter:image:alt", card_alt(show, episode)),
    ]


def page_meta(
    show: Show, episode: Episode | None, title: str, page_path: str, description: str, card: str | None = None
) -> dict[str, Any]:
    """Everything `partials/head-meta.html` writes for one page.

    `page_path` is the page's site-relative URL (`episodes/001-x/`, `` for home);
    `card` the site path of its social card, if it has one.
    """
    url = show.site_url + page_path
    if episode is not None:
        jsonld: dict[str, Any] | None = episode_jsonld(show, episode)
    elif page_path == "":
        jsonld = series_jsonld(show)
    else:
        jsonld = None
    return {
        "og": open_graph(show, episode, title, url, description, card),
        "twitter": twitter_card(show, episode, card),
        "jsonld": jsonld,
    }
