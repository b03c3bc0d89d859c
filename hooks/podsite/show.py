"""Show-wide settings: `extra.podcast` in mkdocs.yml, validated into a `Show`."""

from __future__ import annotations

import difflib
import os
import re
from pathlib import PurePosixPath
from typing import Any

import yaml

from . import i18n
from .errors import ContentError, Problems, shown
from .frontmatter import YamlDoc, load_yaml
from .kinds import DOWNLOAD_FORMATS, SHOW_TYPES, one_of
from .model import Show
from .paths import resolve_in_docs, web_url

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
    "downloads",
    "feed_limit",
}
#: The transcript downloads a show can publish beside each episode page (`extra.podcast.downloads`).
DOWNLOADS = DOWNLOAD_FORMATS
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


#: Files and folders the build writes at the top of the site: the feed must not replace them.
SITE_NAMES = {
    "_headers",
    "sitemap.xml",
    "sitemap.xml.gz",
    "404.html",
    "episodes",
    "mentions",
    "assets",
    "pagefind",
    "search",
}


def feed_path_problem(feed: object) -> str | None:
    """What is wrong with `extra.podcast.feed` as a path in the site, or None when it is usable."""
    if not isinstance(feed, str) or not feed.strip():
        return "must be a path inside the site, like feed.xml, or false for a site without a feed"
    rel = resolve_in_docs(PurePosixPath(""), feed.strip())
    if rel is None or "\\" in feed:
        return "leaves the site folder: write a path inside the site, like feed.xml or podcast/feed.xml"
    if rel.suffix.lower() in (".html", ".htm", ".md"):
        return "would replace a page of the site: give the feed its own name, like feed.xml"
    if rel.parts[0] in SITE_NAMES:
        return (
            f"would replace or enter `{rel.parts[0]}`, which the build writes itself: use another name, like feed.xml"
        )
    return None


def _image(value: str, where: str, line: int | None, problems: Problems) -> str | None:
    """The cover's path inside docs/ (normalised) or its web address; None (and an error) otherwise."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", value, re.I):
        if web_url(value):
            return value
        problems.error(where, line, f"extra.podcast.image: {shown(value)} must be an https:// address without spaces")
        return None
    rel = resolve_in_docs(PurePosixPath(""), value)
    if rel is None:
        problems.error(
            where, line, f"extra.podcast.image: {shown(value)} leaves docs/: keep the cover art inside docs/"
        )
        return None
    return str(rel)


def _language(extra: dict[str, Any], doc: YamlDoc | None, where: str, at: Any, problems: Problems) -> str:
    """The show's one language (feed, `<html lang>`, `og:locale`, JSON-LD, the site's labels).

    It is `extra.podcast.language`; Material's `theme.language`, when that alone is
    written, stands in for it. Two settings that name different languages are a warning
    (a language the site has no labels for is told by `i18n.untranslated`).
    """
    theme = doc.data.get("theme") if doc is not None and isinstance(doc.data, dict) else None
    theme_language = theme.get("language") if isinstance(theme, dict) else None
    theme_line = doc.lines.get("theme.language") if doc is not None else None
    written = "language" in extra
    language = extra.get("language", "en")
    if not isinstance(language, str) or not _LANGUAGE.match(language):
        problems.warn(
            where,
            at("language"),
            f"extra.podcast.language: {shown(language)} is not a language code (use e.g. en or en-US)",
        )
        language, written = "en", False
    if isinstance(theme_language, str) and _LANGUAGE.match(theme_language):
        if not written:
            language = theme_language
        elif i18n.primary(theme_language) != i18n.primary(language):
            problems.warn(
                where,
                theme_line,
                f"theme.language {shown(theme_language)} and extra.podcast.language {shown(language)} name "
                f"different languages: the site and the feed use {shown(language)}; remove theme.language "
                "(the site takes extra.podcast.language) or give both the same code",
            )
    return language


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
            f"site_url: {shown(site_url)} must be an absolute address starting with https:// (e.g. https://example.org/show/)",
        )
        site_url = "http://127.0.0.1:8000/"
    if not site_url.endswith("/"):
        site_url += "/"

    show = Show(title=title.strip(), site_url=site_url, config_lines=dict(doc.lines) if doc is not None else {})
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
            show.image = _image(image.strip(), where, at("image"), problems)
        else:
            problems.warn(where, at("image"), "extra.podcast.image must be a path inside docs/ or an https:// URL")

    show.language = _language(extra, doc, where, at, problems)

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
        problems.warn(where, at("explicit"), f"extra.podcast.explicit: {shown(explicit)} must be true or false")
    else:
        show.explicit = explicit
    locked = extra.get("locked", True)
    if isinstance(locked, bool):
        show.locked = locked
    show_type = extra.get("type", "episodic")
    known_type = one_of(show_type, SHOW_TYPES)
    if known_type is None:
        problems.warn(where, at("type"), f"extra.podcast.type: {shown(show_type)} must be episodic or serial")
    else:
        show.show_type = known_type

    feed = extra.get("feed", True)
    if feed is False:  # a site without a feed: no audio to publish yet
        show.feed_path = None
    elif feed is True:
        show.feed_path = "feed.xml"
    else:
        problem = feed_path_problem(feed)
        if problem is None:
            show.feed_path = str(resolve_in_docs(PurePosixPath(""), feed.strip()))
        else:
            problems.error(where, at("feed"), f"extra.podcast.feed: {shown(feed)} {problem}")
    mentions = extra.get("mentions", "mentions.yml")
    rel = resolve_in_docs(PurePosixPath(""), mentions.strip()) if isinstance(mentions, str) else None
    if rel is not None:
        show.mentions_path = str(rel)
    else:
        problems.error(
            where,
            at("mentions"),
            f"extra.podcast.mentions: {shown(mentions)} must be the path of a file inside docs/, like mentions.yml",
        )
    directories = extra.get("directories", {})
    if isinstance(directories, dict):
        for name, url in directories.items():
            if isinstance(url, str) and url.startswith(("https://", "http://")):
                show.directories[str(name)] = url
            else:
                problems.warn(
                    where,
                    at(f"directories.{name}"),
                    f"extra.podcast.directories.{name}: {shown(url)} must be an https:// URL",
                )
    downloads = extra.get("downloads")
    if downloads is not None:
        if not isinstance(downloads, list) or not all(isinstance(d, str) for d in downloads):
            problems.error(
                where,
                at("downloads"),
                f"extra.podcast.downloads: {shown(downloads)} must be a list of formats, like [vtt, html] "
                f"(any of {', '.join(DOWNLOADS)})",
            )
        else:
            unknown = [d for d in downloads if d.strip().lower() not in DOWNLOADS]
            if unknown:
                problems.error(
                    where,
                    at("downloads"),
                    f"extra.podcast.downloads: {shown(unknown[0])} is not a transcript format "
                    f"(any of {', '.join(DOWNLOADS)})",
                )
            else:
                show.downloads = tuple(d for d in DOWNLOADS if d in {x.strip().lower() for x in downloads})
    limit = extra.get("feed_limit")
    if limit is not None:
        if isinstance(limit, int) and not isinstance(limit, bool) and limit >= 1:
            show.feed_limit = limit
        else:
            problems.error(
                where,
                at("feed_limit"),
                f"extra.podcast.feed_limit: {shown(limit)} must be a whole number of episodes, 1 or more "
                "(leave it out for every episode)",
            )
    guid = extra.get("guid")
    if guid is not None and not (isinstance(guid, str) and guid.strip()):
        problems.warn(where, at("guid"), f"extra.podcast.guid: {shown(guid)} must be text (a UUID)")
    if isinstance(guid, str) and guid.strip():
        show.guid = guid.strip()
    return show
