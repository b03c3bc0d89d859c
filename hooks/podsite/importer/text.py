"""Show notes and descriptions of a feed as Markdown and plain text, each word kept.

Hosts write episode descriptions three ways: HTML (most), plain text with line
breaks (Anchor, SoundCloud, hand-made feeds) and Markdown (Hugo and Jekyll
feeds). Each is read as what it is and converted once:

- HTML goes through markdownify with every Markdown character of the text
  escaped (`C#`, `@t_wada`, `a*b*c` stay as written), a non-breaking space at a
  tag's edge kept as a space, and a link whose text is its URL kept as an
  autolink;
- plain text keeps its paragraphs and line breaks, its URLs become links and
  every other Markdown character is escaped;
- Markdown is kept as it is.

`plain_text` gives the visible words on one line (for `description:`).
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import lxml.html
import markdown
from lxml import etree
from markdownify import MarkdownConverter

# A tag of the HTML hosts write into descriptions (a `<` alone, or `<3`, is text).
_HTML_TAG = re.compile(
    r"</?(?:p|br|a|div|span|ul|ol|li|strong|b|em|i|u|s|h[1-6]|img|blockquote|table|tr|td|th|hr|pre|code|"
    r"figure|figcaption|iframe|small|sup|sub|dl|dt|dd|cite|del|ins|mark|section|article|header|footer|center|font)"
    r"\b[^<>]*>",
    re.IGNORECASE,
)
_HTML_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});", re.IGNORECASE)
_MD_LINK = re.compile(r"\[[^\]\n]+\]\((?:https?://|/|\.)[^)\s]*\)")
_MD_BLOCK = re.compile(r"^(?:#{1,6}\s+\S|\s{0,3}[-*+]\s+\S|\s{0,3}\d{1,3}\.\s+\S|>\s)", re.MULTILINE)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_URL_TAIL = ".,;:!?)]}'\"…"
# Characters that mean something in Markdown and are escaped in plain text.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!])")
_LINE_START_MARK = re.compile(r"^(\s*)([-+=]|\d+\.)(?=\s|$)")
_NBSP_EDGE_CLOSE = re.compile(r"(?:&nbsp;|&#160;|&#xa0;|\u00a0)+(?=\s*</)", re.IGNORECASE)
_NBSP_EDGE_OPEN = re.compile(r"(?<=>)(?:&nbsp;|&#160;|&#xa0;|\u00a0)+", re.IGNORECASE)
#: Deeper HTML than this is read as text only (markdownify recurses once per level).
MAX_DEPTH = 200


def looks_like_html(text: str) -> bool:
    """True when the text holds HTML tags (or only entities, like `Q&amp;A`)."""
    return bool(_HTML_TAG.search(text))


def looks_like_markdown(text: str) -> bool:
    """True for text already written in Markdown: links `[x](url)`, or headings and lists."""
    if _MD_LINK.search(text):
        return True
    return len(_MD_BLOCK.findall(text)) >= 2 and bool(re.search(r"^#{1,6}\s", text, re.MULTILINE))


class _Converter(MarkdownConverter):
    """markdownify, with a `#` that starts a text escaped too (Python-Markdown reads `#tag` at a line start as a heading)."""

    def escape(self, text: str, parent_tags: Any) -> str:
        text = super().escape(text, parent_tags)  # type: ignore[misc]  # markdownify declares no escape()
        return re.sub(r"^(\s*)#", r"\1\\#", text)


_CONVERTER = _Converter(
    heading_style="ATX", bullets="-", escape_underscores=True, escape_asterisks=True, escape_misc=True, autolinks=True
)


def _depth(html: str) -> int:
    """The deepest nesting of elements (a cheap count of open tags, not a parse)."""
    depth = deepest = 0
    for match in re.finditer(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^<>]*?(/?)>", html):
        closing, name, selfclosing = match.groups()
        if name.lower() in ("br", "img", "hr", "meta", "link", "input", "wbr", "source") or selfclosing:
            continue
        depth += -1 if closing else 1
        deepest = max(deepest, depth)
    return deepest


def html_text(html: str) -> str:
    """The visible text of an HTML fragment (entities decoded), block ends as line breaks."""
    if _depth(html) > MAX_DEPTH:  # beyond what an HTML parser keeps: tags dropped by pattern
        text = re.sub(r"<(?:br|/p|/div|/li|/h[1-6])\b[^<>]*>", "\n", html, flags=re.IGNORECASE)
        return unescape(re.sub(r"<[^<>]*>", "", text))
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return re.sub(r"<[^>]*>", " ", html)
    for br in root.iter("br", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6"):
        br.tail = "\n" + (br.tail or "")
    return root.text_content()


def html_to_markdown(html: str) -> str:
    """Show notes HTML as Markdown (ATX headings, `-` bullets), text escaped, tidy blank lines.

    HTML nested deeper than `MAX_DEPTH` is read as plain text (a converter would
    run out of stack on it).
    """
    if _depth(html) > MAX_DEPTH:
        return plain_to_markdown(html_text(html))
    html = _NBSP_EDGE_CLOSE.sub(" ", html)
    html = _NBSP_EDGE_OPEN.sub(" ", html)
    try:
        text = _CONVERTER.convert(html)
    except RecursionError:
        return plain_to_markdown(html_text(html))
    return tidy(text)


def tidy(text: str) -> str:
    """Line ends normalised, trailing spaces dropped (not a hard break's two), at most one blank line."""
    lines = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = line.rstrip()
        lines.append(stripped + "  " if line.endswith("  ") and stripped else stripped)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text + "\n" if text else ""


def _escape_plain(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _link_urls(line: str) -> str:
    """One line of plain text: URLs as autolinks, everything else escaped."""
    out: list[str] = []
    pos = 0
    for match in _URL.finditer(line):
        url = match.group(0)
        while url and url[-1] in _URL_TAIL:
            if url[-1] == ")" and url.count("(") >= url.count(")"):
                break
            url = url[:-1]
        if len(url) < 8:
            continue
        out.append(_escape_plain(line[pos : match.start()]))
        target = url if url.lower().startswith("http") else "https://" + url
        out.append(f"<{target}>" if target == url else f"[{_escape_plain(url)}]({target})")
        pos = match.start() + len(url)
    out.append(_escape_plain(line[pos:]))
    return "".join(out)


def plain_to_markdown(text: str) -> str:
    """Plain text as Markdown that shows the same text: paragraphs, line breaks, links."""
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n").strip())
    out = []
    for paragraph in paragraphs:
        lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
        if not lines:
            continue
        marked = [_LINE_START_MARK.sub(lambda m: m.group(1) + "\\" + m.group(2), _link_urls(line)) for line in lines]
        out.append("  \n".join(marked))
    return "\n\n".join(out) + "\n" if out else ""


def notes_markdown(text: str) -> str:
    """A feed description or notes text as Markdown, read as HTML, Markdown or plain text."""
    if not text.strip():
        return ""
    if looks_like_html(text):
        return html_to_markdown(text)
    if looks_like_markdown(text):
        return tidy(text)
    if _HTML_ENTITY.search(text):
        return html_to_markdown(text)
    return plain_to_markdown(text)


_MD = markdown.Markdown(extensions=["attr_list", "fenced_code", "tables"])


def render(markdown_text: str) -> str:
    """Markdown to HTML with one reused converter (the same extensions the notes are checked with)."""
    _MD.reset()
    return _MD.convert(markdown_text)


def plain_text(text: str) -> str:
    """Visible words of a description (HTML, Markdown or plain text) on one line."""
    if looks_like_html(text) or _HTML_ENTITY.search(text):
        words = html_text(text)
    elif looks_like_markdown(text):
        words = html_text(render(text))
    else:
        words = text
    return " ".join(words.split())
