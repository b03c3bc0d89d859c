"""Text of the feed: episode descriptions within Apple's limit, show notes with absolute links."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit

import markdown
from lxml import etree

from ..model import Episode
from ..timecode import format_clock

DESCRIPTION_LIMIT = 4000  # bytes: Apple cuts longer episode descriptions
ELLIPSIS = "…"
# Characters XML 1.0 cannot carry at all (lxml refuses them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_HEADERLINK = 'descendant::a[contains(concat(" ", normalize-space(@class), " "), " headerlink ")]'
_LINK_ATTRS = ("href", "src", "poster", "srcset")
_LINKED = "descendant::*[@href or @src or @poster or @srcset]"
_HTML_PARSER = etree.HTMLParser(default_doctype=False)


def xml_text(text: str) -> str:
    """`text` without the control characters XML cannot carry."""
    return _NOT_XML.sub("", text)


def cut_bytes(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """`text` if it fits in `limit` UTF-8 bytes, else cut at a word boundary with an ellipsis.

    Never splits a character; trailing spaces and punctuation before the cut go.
    """
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    budget = limit - len(ELLIPSIS.encode("utf-8"))
    head = data[:budget].decode("utf-8", "ignore")
    following = text[len(head) : len(head) + 1]
    if following and not following.isspace():
        space = max(head.rfind(" "), head.rfind("\n"), head.rfind("\t"))
        if space > 0:
            head = head[:space]
    return head.rstrip(" \t\n,;:-–—") + ELLIPSIS


def chapter_lines(episode: Episode) -> list[str]:
    """`HH:MM:SS Title` per chapter: the form Apple Podcasts reads chapter times from."""
    return [f"{format_clock(ch.start)} {ch.title}" for ch in episode.chapters]


def feed_description(episode: Episode, limit: int = DESCRIPTION_LIMIT) -> str:
    """The item `description`: the episode's summary, then its chapters, within `limit` bytes.

    When both do not fit, the summary is shortened first so the chapter list survives.
    """
    prose = " ".join(episode.description.split()) or episode.title
    lines = chapter_lines(episode)
    if not lines:
        return cut_bytes(prose, limit)
    block = "\n\nChapters:\n" + "\n".join(lines)
    whole = prose + block
    if len(whole.encode("utf-8")) <= limit:
        return whole
    room = limit - len(block.encode("utf-8"))
    if room >= 200:
        return cut_bytes(prose, room) + block
    return cut_bytes(whole, limit)


def render_notes(
    notes: Mapping[str, str],
    extensions: Iterable[Any] = ("tables", "fenced_code"),
    configs: Mapping[str, Any] | None = None,
) -> dict[str, str]:
    """Show notes (Markdown, by episode stem) to HTML with one reused Markdown instance."""
    md = markdown.Markdown(extensions=list(extensions), extension_configs=dict(configs or {}))
    out: dict[str, str] = {}
    for stem in sorted(notes):
        out[stem] = md.reset().convert(notes[stem])
    return out


def _md_target(path: str, source_dir_url: str) -> str:
    """A link to `other.md` (as written in the notes) to the page URL it becomes."""
    url = urljoin(source_dir_url, path)
    for index in ("/index.md", "/README.md"):
        if url.endswith(index):
            return url[: -len(index) + 1]
    return url[: -len(".md")] + "/"


def _drop(element: etree._Element) -> None:
    """Remove `element` but keep the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def absolute_html(fragment: str, page_url: str, source_dir_url: str | None = None) -> str:
    """Show notes HTML with every relative link made absolute against the episode page.

    Links to Markdown files (`other.md#x`, left by a plain Markdown render) become
    the page URLs the site publishes, resolved from `source_dir_url` (the folder of
    the episode's source file). Permalink anchors next to headings are dropped.
    The HTML is parsed (libxml2), never edited with patterns.
    """
    if not fragment.strip():
        return ""
    document = etree.fromstring(f"<html><body>{fragment}</body></html>", _HTML_PARSER)
    body = document.find("body")
    if body is None:
        return ""
    for anchor in body.xpath(_HEADERLINK):
        _drop(anchor)

    def fix(link: str) -> str:
        link = link.strip()
        if not link or _SCHEME.match(link):
            return link
        parts = urlsplit(link)
        if source_dir_url and parts.path.endswith(".md") and not parts.netloc:
            target = _md_target(parts.path, source_dir_url)
            return target + (f"#{parts.fragment}" if parts.fragment else "")
        return urljoin(page_url, link)

    for element in body.xpath(_LINKED):
        for attr in _LINK_ATTRS:
            value = element.get(attr)
            if value is None:
                continue
            if attr == "srcset":
                candidates = [c.strip().split(None, 1) for c in value.split(",") if c.strip()]
                element.set(attr, ", ".join(" ".join([fix(c[0]), *c[1:]]) for c in candidates))
            else:
                element.set(attr, fix(value))
    head = html.escape(body.text or "", quote=False)
    return head + "".join(etree.tostring(child, method="html", encoding="unicode") for child in body)
