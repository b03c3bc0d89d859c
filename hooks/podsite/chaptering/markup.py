"""Show-notes Markdown as plain text: links taken out, emphasis and stray quotes dropped."""

from __future__ import annotations

import re

_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_BARE_URL = re.compile(r"https?://[^\s)>\]]+")
BULLET = re.compile(r"^\s*(?:[-+*]|\d{1,3}[.)])\s+")
HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


def strip_links(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Replace Markdown links by their text; return the text and the (text, url) pairs."""
    found: list[tuple[str, str]] = []

    def repl(match: re.Match[str]) -> str:
        found.append((match.group(1), match.group(2)))
        return match.group(1)

    previous = None
    while previous != text:  # links inside link texts: [**[x](u)**](v)
        previous = text
        text = _LINK.sub(repl, text)
    for bare in _BARE_URL.findall(text):
        if all(bare != url for _, url in found):
            found.append(("", bare))
    return text, found


def plain_text(text: str) -> str:
    """Markdown inline text as plain words: no emphasis, code marks, HTML or stray quotes."""
    text = re.sub(r"<[^>]+>", "", text)
    text = text.replace("**", "").replace("__", " ").replace("`", "")
    text = re.sub(r"(?<![\w*])\*(?!\s)|(?<!\s)\*(?![\w*])", "", text)
    text = text.replace("*", "")
    text = re.sub(r"\s+", " ", text)
    return text.strip()


def unquote_title(title: str) -> str:
    """Without quotes around the whole title or left over at one end; `say "hi"` keeps its pair."""

    def unbalanced(quote: str) -> bool:
        if quote in "“”":
            return title.count("“") != title.count("”")
        return title.count(quote) % 2 == 1

    title = title.strip()
    while title and title[0] in '"“”' and unbalanced(title[0]):
        title = title[1:].strip()
    while title and title[-1] in '"“”' and unbalanced(title[-1]):
        title = title[:-1].strip()
    if (
        len(title) > 1
        and (title[0], title[-1]) in (('"', '"'), ("“", "”"))
        and title.count(title[0]) == 1 + (title[0] == '"')
    ):
        title = title[1:-1].strip()
    return title


def clean_line(raw: str) -> tuple[str, list[tuple[str, str]]]:
    """A notes line as plain text (no heading marks, emphasis, links) and its links."""
    body = HEADING.sub("", raw.strip())
    body = re.sub(r"(?<=\s)[^\x00-\x7f](?=\[)|^[^\x00-\x7f](?=\[)", "", body)
    text, links = strip_links(body)
    return unquote_title(plain_text(text)), links
