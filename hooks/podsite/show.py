"""Show-wide settings: `extra.podcast` in mkdocs.yml, validated into a `Show`."""

from __future__ import annotations

import difflib
import re
from typing import Any

from .errors import Problems
from .model import Show

SHOW_KEYS = {
    "title",
    "description",
    "author",
    "owner",
    "image",
    "language",
    "categories",
    "explicit",
    "copyright",
    "type",
    "locked",
    "feed",
    "mentions",
    "directories",
    "guid",
}
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def load_show(extra: Any, site_url: str | None, config_path: str, problems: Problems) -> Show:
    """Validate `extra.podcast` (a mapping) and `site_url`; report problems on `problems`.

    Missing `site_url` or show title are errors: the feed and absolute links need them.
    Everything else falls back to a documented default with a warning.
    """
    where = config_path
    if extra is None:
        extra = {}
    if not isinstance(extra, dict):
        problems.error(where, None, "extra.podcast must be a mapping of show settings (see README: Show settings)")
        extra = {}
    for key in extra:
        if key not in SHOW_KEYS:
            close = difflib.get_close_matches(str(key), sorted(SHOW_KEYS), n=1)
            hint = f" (did you mean `{close[0]}`?)" if close else ""
            problems.warn(where, None, f"extra.podcast: unknown key `{key}`{hint}")

    title = extra.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.error(where, None, "extra.podcast.title is required (the show's name, used by the feed and every page)")
        title = "Untitled show"
    if not site_url:
        problems.error(where, None, "site_url is required (the public address of the site, e.g. https://example.org/show/)")
        site_url = "http://127.0.0.1:8000/"
    if not site_url.endswith("/"):
        site_url += "/"

    show = Show(title=title.strip(), site_url=site_url)
    for key, attr in (("description", "description"), ("author", "author"), ("copyright", "copyright")):
        value = extra.get(key, "")
        if not isinstance(value, str):
            problems.warn(where, None, f"extra.podcast.{key} must be text")
            continue
        setattr(show, attr, value.strip())
    if not show.author:
        show.author = show.title

    owner = extra.get("owner", {})
    if isinstance(owner, dict):
        show.owner_name = str(owner.get("name", "") or show.author)
        show.owner_email = str(owner.get("email", "") or "")
    else:
        problems.warn(where, None, "extra.podcast.owner must be a mapping with `name` and `email`")

    image = extra.get("image")
    if image is not None:
        if isinstance(image, str) and image.strip():
            show.image = image.strip()
        else:
            problems.warn(where, None, "extra.podcast.image must be a path inside docs/ or an https:// URL")

    language = extra.get("language", "en")
    if not isinstance(language, str) or not _LANGUAGE.match(language):
        problems.warn(where, None, f"extra.podcast.language: {language!r} is not a language code (use e.g. en or en-US)")
    else:
        show.language = language

    categories = extra.get("categories", [])
    if isinstance(categories, str):
        categories = [categories]
    if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
        problems.warn(where, None, 'extra.podcast.categories must be a list like ["Technology", "Education > Courses"]')
        categories = []
    show.categories = [[part.strip() for part in c.split(">") if part.strip()] for c in categories]

    explicit = extra.get("explicit", False)
    if not isinstance(explicit, bool):
        problems.warn(where, None, f"extra.podcast.explicit: {explicit!r} must be true or false")
    else:
        show.explicit = explicit
    locked = extra.get("locked", True)
    if isinstance(locked, bool):
        show.locked = locked
    show_type = extra.get("type", "episodic")
    if show_type not in ("episodic", "serial"):
        problems.warn(where, None, f"extra.podcast.type: {show_type!r} must be episodic or serial")
    else:
        show.show_type = show_type

    feed = extra.get("feed", "feed.xml")
    if isinstance(feed, str) and feed.strip() and not feed.startswith(("/", "..")):
        show.feed_path = feed.strip()
    else:
        problems.warn(where, None, f"extra.podcast.feed: {feed!r} must be a path inside the site, like feed.xml")
    mentions = extra.get("mentions", "mentions.yml")
    if isinstance(mentions, str) and mentions.strip():
        show.mentions_path = mentions.strip()
    directories = extra.get("directories", {})
    if isinstance(directories, dict):
        for name, url in directories.items():
            if isinstance(url, str) and url.startswith(("https://", "http://")):
                show.directories[str(name)] = url
            else:
                problems.warn(where, None, f"extra.podcast.directories.{name}: {url!r} must be an https:// URL")
    guid = extra.get("guid")
    if isinstance(guid, str) and guid.strip():
        show.guid = guid.strip()
    return show
