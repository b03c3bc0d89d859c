"""Reusing the HTML of show notes whose Markdown did not change (the logic; the MkDocs
side is `hooks/markdown_cache.py`).

Python-Markdown is the largest part of a warm build of a big archive: about 2.5 s
for the show notes of 389 Python Bytes episodes, every build, for notes that rarely
change. What MkDocs makes of a page's Markdown (`Page.render`) depends on:

- the Markdown text after every `on_page_markdown` hook;
- where the page is (`src_uri`, `url`) and which files the site has (relative links
  are resolved, and reported when broken, against them);
- the Markdown extensions and their configuration, and the versions of the packages
  that implement them, MkDocs' own link handling and its `validation:` settings;
- nothing else, *provided* every extension is a pure function of the text and its
  configuration. `PURE_EXTENSIONS` lists the ones known to be; an extension that reads
  other files (`pymdownx.snippets`, an include extension, emoji with custom icons) or is
  not listed switches the cache off for the build, so a page is never served stale.

`context_key` hashes the build-wide part once per build, `page_key` the page's part.
A `Rendered` entry keeps everything `Page.render` leaves on the page: the HTML, the
table of contents, the anchors the page has and the links it makes to other pages'
anchors (for MkDocs' anchor validation), and the messages rendering logged, replayed
on reuse so a warm build reports what a cold one does.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

#: Markdown extensions whose HTML depends only on the page's text and their configuration.
PURE_EXTENSIONS = frozenset(
    {
        # Python-Markdown
        "abbr", "admonition", "attr_list", "codehilite", "def_list", "extra", "fenced_code",
        "footnotes", "legacy_attrs", "legacy_em", "md_in_html", "meta", "nl2br", "sane_lists",
        "smarty", "tables", "toc", "wikilinks",
        # pymdown-extensions
        "pymdownx.arithmatex", "pymdownx.betterem", "pymdownx.blocks.admonition",
        "pymdownx.blocks.caption", "pymdownx.blocks.definition", "pymdownx.blocks.details",
        "pymdownx.blocks.html", "pymdownx.blocks.tab", "pymdownx.caret", "pymdownx.critic",
        "pymdownx.details", "pymdownx.escapeall", "pymdownx.fancylists", "pymdownx.highlight",
        "pymdownx.inlinehilite", "pymdownx.keys", "pymdownx.magiclink", "pymdownx.mark",
        "pymdownx.progressbar", "pymdownx.saneheaders", "pymdownx.smartsymbols",
        "pymdownx.striphtml", "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.tasklist",
        "pymdownx.tilde",
    }
)  # fmt: skip

#: Packages whose code turns Markdown into the page's HTML.
PACKAGES = ("mkdocs", "markdown", "pymdown-extensions", "pygments", "mkdocs-material")


class Unstable(ValueError):
    """A setting that has no stable text form (an object shown by its memory address)."""


def extension_name(extension: object) -> str:
    if not isinstance(extension, str):
        return f"{type(extension).__module__}.{type(extension).__qualname__}"
    name = extension.split(":", 1)[0]
    return name.removeprefix("markdown.extensions.")


def impure_extension(extensions: Iterable[object]) -> str | None:
    """The first extension not known to be a pure function of the page's text, or None."""
    for extension in extensions:
        name = extension_name(extension)
        if name not in PURE_EXTENSIONS:
            return name
    return None


def stable_repr(value: object) -> str:
    """A text form of a setting that is the same in every run (no memory addresses)."""
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        return repr(value)
    if isinstance(value, Mapping):
        items = sorted((stable_repr(k), stable_repr(v)) for k, v in value.items())
        return "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(stable_repr(v) for v in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(stable_repr(v) for v in value)) + "}"
    if callable(value) and hasattr(value, "__qualname__"):
        return f"<{getattr(value, '__module__', '?')}.{value.__qualname__}>"
    text = repr(value)
    if " at 0x" in text:
        raise Unstable(f"{type(value).__qualname__} has no stable text form")
    return text


def package_versions(names: Iterable[str] = PACKAGES) -> dict[str, str | None]:
    versions: dict[str, str | None] = {"python": "{}.{}".format(*sys.version_info[:2])}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def context_key(
    extensions: list[object],
    extension_configs: Mapping[str, Any],
    settings: Mapping[str, Any],
    files: Iterable[tuple[str, ...]],
    versions: Mapping[str, str | None] | None = None,
) -> str:
    """What every page's render shares in one build. Raises `Unstable` for a setting
    with no stable text form (the cache is then off for the build)."""
    digest = hashlib.blake2b(digest_size=20)
    for part in (versions if versions is not None else package_versions(), extensions, extension_configs, settings):
        digest.update(stable_repr(part).encode())
        digest.update(b"\0")
    for row in sorted(files):
        digest.update("\x1f".join(row).encode())
        digest.update(b"\0")
    return digest.hexdigest()


def page_key(context: str, src_uri: str, url: str, markdown: str) -> str:
    digest = hashlib.blake2b(f"{context}\0{src_uri}\0{url}\0".encode(), digest_size=20)
    digest.update(markdown.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@dataclass
class Rendered:
    """What `Page.render` left on a page, kept for the next build."""

    html: str
    toc: Any  # MkDocs' TableOfContents, pickled as it is
    anchors: set[str] | None = None
    #: links to other pages' anchors: target src_uri -> {anchor: the link as written}
    links: dict[str, dict[str, str]] | None = None
    #: what rendering logged: (logger name, level, message)
    messages: list[tuple[str, int, str]] = field(default_factory=list)


def valid(value: object) -> bool:
    return isinstance(value, Rendered) and isinstance(value.html, str)
