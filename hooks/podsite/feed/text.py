"""Text of the feed: episode descriptions (HTML) within Apple's limit, show notes with absolute links."""

from __future__ import annotations

import html
import re
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit

import markdown
from lxml import etree

from ..cache import remembering
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


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def _escaped_within(text: str, limit: int) -> str:
    """`text` escaped for HTML in at most `limit` bytes, cut at a word (`cut_bytes`) when
    longer; the cut is made in the text, so it never splits an entity."""
    budget = limit
    while budget > _size(ELLIPSIS):
        escaped = html.escape(cut_bytes(text, budget), quote=False)
        if _size(escaped) <= limit:
            return escaped
        budget -= _size(escaped) - limit
    return ""


def _paragraphs_html(paragraphs: list[list[str]], limit: int) -> str:
    """Paragraphs of lines as `<p>line<br>line</p>` HTML, text escaped, within `limit` bytes:
    cut at a word with an ellipsis in the line that does not fit, nothing after it."""
    out: list[str] = []
    used = 0
    for lines in paragraphs:
        room = limit - used - _size("<p></p>")
        if room <= 0:
            break
        kept: list[str] = []
        for line in lines:
            sep = _size("<br>") if kept else 0
            escaped = html.escape(line, quote=False)
            if _size(escaped) + sep > room:
                cut = _escaped_within(line, room - sep)
                if cut:
                    kept.append(cut)
                if kept:
                    out.append("<p>" + "<br>".join(kept) + "</p>")
                return "".join(out)
            kept.append(escaped)
            room -= _size(escaped) + sep
        piece = "<p>" + "<br>".join(kept) + "</p>"
        out.append(piece)
        used += _size(piece)
    return "".join(out)


def _prose(text: str) -> list[list[str]]:
    """A description's paragraphs (split at blank lines) of lines, spaces within lines collapsed."""
    paragraphs = []
    for block in re.split(r"\n[ \t]*\n", text.strip()):
        lines = [" ".join(line.split()) for line in block.splitlines()]
        lines = [line for line in lines if line]
        if lines:
            paragraphs.append(lines)
    return paragraphs


def chapters_html(episode: Episode) -> str:
    """`<p>Chapters:<br>HH:MM:SS Title<br>...</p>`, or "" without chapters. It ends the
    description and the show notes (`content:encoded`) alike: apps show one or the other,
    and Apple Podcasts makes the times it finds in what it shows into chapter links."""
    lines = chapter_lines(episode)
    return _paragraphs_html([["Chapters:", *lines]], 10**9) if lines else ""


def feed_description(episode: Episode, limit: int = DESCRIPTION_LIMIT) -> str:
    """The item `description` as HTML, as podcast apps read it: the episode's summary in
    `<p>` paragraphs (its line breaks as `<br>`), then `Chapters:` and one `HH:MM:SS Title`
    line per chapter, all text escaped, within `limit` bytes of HTML.

    When both do not fit, the summary is shortened first so the chapter list survives;
    with more chapters than fit, the summary keeps about 200 bytes and the list is cut.
    """
    prose = _prose(episode.description) or [[" ".join(episode.title.split())]]
    lines = chapter_lines(episode)
    if not lines:
        return _paragraphs_html(prose, limit)
    chapters = [["Chapters:", *lines]]
    whole = _paragraphs_html(prose, 10 * limit) + _paragraphs_html(chapters, 10 * limit)
    if _size(whole) <= limit:
        return whole
    block = _paragraphs_html(chapters, 10 * limit)
    room = limit - _size(block)
    if room >= 200:
        return _paragraphs_html(prose, room) + block
    head = _paragraphs_html(prose, 200)
    return head + _paragraphs_html(chapters, limit - _size(head))


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


#: Results of `absolute_html` by its arguments: `mkdocs serve` writes the feed after every
#: rebuild, and most episodes' notes did not change.
_ABSOLUTE: OrderedDict[tuple[str, str, str | None], str] = OrderedDict()
_ABSOLUTE_MAX = 4096


def absolute_html(fragment: str, page_url: str, source_dir_url: str | None = None) -> str:
    """`_absolute_html`, remembered for the last few thousand notes."""
    key = (fragment, page_url, source_dir_url)
    html = _ABSOLUTE.get(key)
    if html is None:
        html = _absolute_html(fragment, page_url, source_dir_url)
        if remembering():  # only a next build in this process reads it (`mkdocs serve`)
            _ABSOLUTE[key] = html
            if len(_ABSOLUTE) > _ABSOLUTE_MAX:
                _ABSOLUTE.popitem(last=False)
    return html


def _absolute_html(fragment: str, page_url: str, source_dir_url: str | None = None) -> str:
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
