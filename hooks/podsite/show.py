"""Show-wide settings: `extra.podcast` in mkdocs.yml, validated into a `Show`."""

from __future__ import annotations

import difflib
import os
import re
from typing import Any

import yaml

from .errors import ContentError, Problems
from .frontmatter import YamlDoc, load_yaml
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


class ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml like MkDocs does, without importing it: `!ENV` is resolved,
    `!relative` is the path as written, Python tags (`!!python/name:...`) become None."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)  # type: ignore[arg-type]
        names, default = items[:-1], items[-1] if items else None
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return yaml.safe_load(os.environ[name]) if os.environ[name] else ""
    return default


ConfigLoader.add_constructor("!ENV", _env)
ConfigLoader.add_constructor(
    "!relative", lambda loader, node: loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None
)
ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def read_config(text: str, path: str) -> YamlDoc:
    """Parse the text of mkdocs.yml with the line of every key (`extra.podcast.language`)."""
    doc = load_yaml(text, path, loader_class=ConfigLoader)
    if doc.data is None:
        doc.data = {}
    if not isinstance(doc.data, dict):
        raise ContentError(path, 1, "mkdocs.yml must be a mapping of `key: value` settings")
    return doc


def load_show(
    extra: Any, site_url: str | None, config_path: str, problems: Problems, doc: YamlDoc | None = None
) -> Show:
    """Validate `extra.podcast` (a mapping) and `site_url`; report problems on `problems`.

    Missing `site_url` or show title are errors: the feed and absolute links need them.
    Everything else falls back to a documented default with a warning. `doc` (from
    `read_config`) gives messages the line of each setting.
    """
    where = config_path

    def at(key: str) -> int | None:
        """Line of `extra.podcast.<key>` (or `site_url`), else of the nearest parent that is written."""
        if doc is None:
            return None
        full = key if key == "site_url" else f"extra.podcast.{key}" if key else "extra.podcast"
        while full:
            if full in doc.lines:
                return doc.lines[full]
            full = full.rpartition(".")[0]
        return None

    if extra is None:
        extra = {}
    if not isinstance(extra, dict):
        problems.error(where, at(""), "extra.podcast must be a mapping of show settings (see README: Show settings)")
        extra = {}
    for key in extra:
        if key not in SHOW_KEYS:
            close = difflib.get_close_matches(str(key), sorted(SHOW_KEYS), n=1)
            hint = f" (did you mean `{close[0]}`?)" if close else ""
            problems.warn(where, at(str(key)), f"extra.podcast: unknown key `{key}`{hint}")

    title = extra.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.error(
            where, at("title"), "extra.podcast.title is required (the show's name, used by the feed and every page)"
        )
        title = "Untitled show"
    if not site_url:
        problems.error(
            where,
            at("site_url"),
            "site_url is required (the public address of the site, e.g. https://example.org/show/)",
        )
        site_url = "http://127.0.0.1:8000/"
    elif not re.match(r"^https?://[^/\s]+", site_url):
        problems.error(
            where,
            at("site_url"),
            f"site_url: {site_url!r} must be an absolute address starting with https:// (e.g. https://example.org/show/)",
        )
        site_url = "http://127.0.0.1:8000/"
    if not site_url.endswith("/"):
        site_url += "/"

    show = Show(title=title.strip(), site_url=site_url)
    for key, attr in (("description", "description"), ("author", "author"), ("copyright", "copyright")):
        value = extra.get(key, "")
        if not isinstance(value, str):
            problems.warn(where, at(key), f"extra.podcast.{key} must be text")
            continue
        setattr(show, attr, value.strip())
    if not show.author:
        show.author = show.title

    owner = extra.get("owner", {})
    if isinstance(owner, dict):
        show.owner_name = str(owner.get("name", "") or show.author)
        show.owner_email = str(owner.get("email", "") or "")
    else:
        problems.warn(where, at("owner"), "extra.podcast.owner must be a mapping with `name` and `email`")

    image = extra.get("image")
    if image is not None:
        if isinstance(image, str) and image.strip():
            show.image = image.strip()
        else:
            problems.warn(where, at("image"), "extra.podcast.image must be a path inside docs/ or an https:// URL")

    language = extra.get("language", "en")
    if not isinstance(language, str) or not _LANGUAGE.match(language):
        problems.warn(
            where, at("language"), f"extra.podcast.language: {language!r} is not a language code (use e.g. en or en-US)"
        )
    else:
        show.language = language

    categories = extra.get("categories", [])
    if isinstance(categories, str):
        categories = [categories]
    if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
        problems.warn(
            where,
            at("categories"),
            'extra.podcast.categories must be a list like ["Technology", "Education > Courses"]',
        )
        categories = []
    show.categories = [[part.strip() for part in c.split(">") if part.strip()] for c in categories]

    explicit = extra.get("explicit", False)
    if not isinstance(explicit, bool):
        problems.warn(where, at("explicit"), f"extra.podcast.explicit: {explicit!r} must be true or false")
    else:
        show.explicit = explicit
    locked = extra.get("locked", True)
    if isinstance(locked, bool):
        show.locked = locked
    show_type = extra.get("type", "episodic")
    if show_type not in ("episodic", "serial"):
        problems.warn(where, at("type"), f"extra.podcast.type: {show_type!r} must be episodic or serial")
    else:
        show.show_type = show_type

    feed = extra.get("feed", True)
    if feed is False:  # a site without a feed: no audio to publish yet
        show.feed_path = None
    elif feed is True:
        show.feed_path = "feed.xml"
    elif isinstance(feed, str) and feed.strip() and not feed.startswith(("/", "..")):
        show.feed_path = feed.strip()
    else:
        problems.warn(
            where,
            at("feed"),
            f"extra.podcast.feed: {feed!r} must be a path inside the site, like feed.xml, "
            "or false for a site without a feed (feed.xml is used)",
        )
    mentions = extra.get("mentions", "mentions.yml")
    if isinstance(mentions, str) and mentions.strip():
        show.mentions_path = mentions.strip()
    directories = extra.get("directories", {})
    if isinstance(directories, dict):
        for name, url in directories.items():
            if isinstance(url, str) and url.startswith(("https://", "http://")):
                show.directories[str(name)] = url
            else:
                problems.warn(
                    where,
                    at(f"directories.{name}"),
                    f"extra.podcast.directories.{name}: {url!r} must be an https:// URL",
                )
    guid = extra.get("guid")
    if isinstance(guid, str) and guid.strip():
        show.guid = guid.strip()
    return show
