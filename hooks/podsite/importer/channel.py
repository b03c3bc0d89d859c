"""The show's settings from the old feed's channel (`extra.podcast`, the site's name and
address, the podcast:guid), and what the old feed gets wrong that the new one would refuse."""

from __future__ import annotations

import re
from typing import Any

from ..feed.build import podcast_guid
from .categories import map_category
from .feed import FeedChannel, FeedItem, is_url
from .planned import Draft, ImportPlan
from .remote import Fetcher
from .text import plain_text

_NAMES_JPEG_OR_PNG = re.compile(r"\.(?:jpe?g|png)$", re.I)
_JPEG_OR_PNG = ("image/jpeg", "image/jpg", "image/png")


def show_guid(feed: FeedChannel, feed_url: str | None = None) -> tuple[str | None, str]:
    """The show's podcast:guid and how it was found.

    The old feed's own `podcast:guid` is kept. Without one, apps and the podcast
    index know the show by its old address: the guid is derived from it (the
    Podcasting 2.0 rule, UUIDv5 of the URL without scheme and trailing slashes),
    taken from `atom:link rel="self"`, else the address the feed was read from.
    """
    if feed.guid:
        return feed.guid, "kept from the old feed's podcast:guid"
    for url, where in (
        (feed.self_url, "the old feed's own address (atom:link rel=self)"),
        (feed_url, "the old feed's address given with --feed-url"),
        (feed.source_url, "the address given to --feed"),
    ):
        if url and is_url(url):
            return podcast_guid(url), f"derived from {where} {url}"
    return None, ""


def show_settings(
    feed: FeedChannel | None,
    plan: ImportPlan,
    title: str | None,
    site_url: str | None,
    feed_url: str | None = None,
    fetcher: Fetcher | None = None,
) -> None:
    """`extra.podcast` values from the channel (only written where mkdocs.yml lacks them)."""
    podcast: dict[str, Any] = {}
    if feed is not None:
        if feed.title:
            podcast["title"] = feed.title
        if feed.description:
            podcast["description"] = plain_text(feed.description)
        if feed.author:
            podcast["author"] = feed.author
        if feed.owner_name or feed.owner_email:
            owner = {}
            if feed.owner_name:
                owner["name"] = feed.owner_name
            if feed.owner_email:
                owner["email"] = feed.owner_email
            podcast["owner"] = owner
        if feed.image:
            podcast["image"] = feed.image
        if feed.language:
            podcast["language"] = feed.language
        categories = _categories(feed, plan)
        if categories:
            podcast["categories"] = categories
        else:
            plan.source_issues.append(
                f"{feed.path}: the old feed names no Apple Podcasts category: set extra.podcast.categories "
                '(like ["Technology"]); Apple requires one'
            )
        if not feed.image:
            plan.source_issues.append(
                f"{feed.path}: the old feed has no cover art (itunes:image): set extra.podcast.image to a square "
                "1400-3000 px JPEG or PNG; podcast directories require one"
            )
        if feed.explicit is not None:
            podcast["explicit"] = feed.explicit
        if feed.copyright:
            podcast["copyright"] = feed.copyright
        if feed.show_type:
            podcast["type"] = feed.show_type
        plan.old_feed_url = next((u for u in (feed.self_url, feed_url, feed.source_url) if u and is_url(u)), None)
        guid, how = show_guid(feed, feed_url)
        if guid:
            podcast["guid"] = guid
            plan.guid_note = f"podcast:guid {guid}: {how}; kept as extra.podcast.guid, so it never changes again"
        else:
            plan.source_issues.append(
                f"{feed.path}: the old feed has no podcast:guid and names no address of its own (atom:link rel=self): "
                "run the import again with --feed-url <the old feed's address>, so apps and the podcast index "
                "keep knowing the show"
            )
        if feed.image and fetcher is not None and not _NAMES_JPEG_OR_PNG.search(feed.image.split("?", 1)[0]):
            head = fetcher.head(feed.image, feed.path, None)
            if head is not None and head.content_type not in _JPEG_OR_PNG:
                plan.source_issues.append(
                    f"{feed.path}: the cover art {feed.image} is {head.content_type or 'of no stated type'}: "
                    "podcast apps need a JPEG or PNG; set extra.podcast.image to one"
                )
        if feed.locked is not None:
            podcast["locked"] = feed.locked
    if title and "title" not in podcast:
        podcast["title"] = title
    plan.podcast = podcast
    site: dict[str, str] = {}
    name = podcast.get("title") or title
    if name:
        site["site_name"] = name
    url = site_url or (feed.link if feed is not None else None)
    if url:
        site["site_url"] = url if url.endswith("/") else url + "/"
        if not site_url:
            plan.site_note = (
                f"site_url {site['site_url']} is the old feed's <link>: for a new site written by this import, "
                "pass --site-url with the new site's address if it lives elsewhere"
            )
    if podcast.get("description"):
        site["site_description"] = podcast["description"]
    plan.site = site


def _categories(feed: FeedChannel, plan: ImportPlan) -> list[str]:
    """The feed's categories on Apple's list: close names mapped, the others reported."""
    out: list[str] = []
    for category in feed.categories:
        mapped, how = map_category(category)
        if mapped is None:
            plan.source_issues.append(
                f"{feed.path}: category {category!r} is not one of Apple's: left out; "
                'set extra.podcast.categories to one of Apple\'s (like "Technology" or "Education > How To")'
            )
            continue
        if how:
            plan.source_issues.append(f"{feed.path}: category {category!r} written as {mapped!r} ({how})")
        if mapped not in out:
            out.append(mapped)
    return out


def feed_issues(drafts: list[Draft], feed: FeedChannel | None, plan: ImportPlan, fetcher: Fetcher | None) -> None:
    """What the old feed gets wrong that `--strict` would refuse: numbers used twice, items without
    audio or length. A missing length is asked of the host with `--fetch`."""
    if feed is None:
        return
    seen: dict[tuple[int | None, int], FeedItem] = {}
    for draft in drafts:
        item = draft.item
        if item is None:
            continue
        if item.number is not None:
            key = (item.season, item.number)
            if key in seen:
                plan.source_issues.append(
                    f"{feed.path}:{item.line}: itunes:episode {item.number} is used again (first at line "
                    f"{seen[key].line}): apps sort and show them as one; give one of them its own number "
                    "in its page's `number:`, or remove `number:` from a bonus episode"
                )
            else:
                seen[key] = item
        if item.image and fetcher is not None and not _NAMES_JPEG_OR_PNG.search(item.image.split("?", 1)[0]):
            head = fetcher.head(item.image, feed.path, item.line)
            if head is not None and head.content_type not in _JPEG_OR_PNG:
                plan.source_issues.append(
                    f"{feed.path}:{item.line}: {item.title!r}: its art {item.image} is "
                    f"{head.content_type or 'of no stated type'}, not JPEG or PNG: left out (the show's cover is used)"
                )
                item.image = None
        if not item.enclosure_url:
            plan.source_issues.append(
                f"{feed.path}:{item.line}: {item.title!r} has no audio (<enclosure>): the page is imported, the "
                "feed leaves it out; add `audio: {url: ...}` or mark it `draft: true`"
            )
            continue
        if not item.enclosure_length:
            if fetcher is not None:
                head = fetcher.head(item.enclosure_url, feed.path, item.line)
                if head is not None and head.length:
                    item.enclosure_length = head.length
                    plan.source_issues.append(
                        f"{feed.path}:{item.line}: {item.title!r}: the enclosure length was missing; "
                        f"{head.length} bytes, as the host says, is written"
                    )
                    continue
            plan.source_issues.append(
                f"{feed.path}:{item.line}: {item.title!r} has no enclosure length: podcast apps need the size of "
                "the audio; run the import with --fetch to ask the host, or add `length:` (bytes) under `audio:`"
            )
