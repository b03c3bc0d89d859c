"""Chapter titles: from a topic line, a URL, the words around a URL, a sponsor line; short enough for players."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from .markup import BULLET, clean_line, unquote_title


def url_title(url: str) -> str:
    """A title for a topic that is only a URL: the last meaningful path part ("" without one)."""
    parts = urlsplit(url)
    path = [unquote(p) for p in parts.path.split("/") if p]
    for part in reversed(path):
        part = re.sub(r"\.(html?|php|aspx?|md)$", "", part)
        if re.search(r"[A-Za-z]{3}", part):
            return re.sub(r"[-_]+", " ", part).strip()
    return ""


def host_title(url: str) -> str:
    """The site's name from its host: `https://deon.drivendata.org/` gives "Deon", `rasa.com` "Rasa"."""
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    labels = host.split(".")
    name = labels[0] if len(labels) > 1 else host
    name = re.sub(r"[-_]+", " ", name).strip()
    return name[:1].upper() + name[1:] if name else url


#: a title made from the words around a URL-only topic is cut at this many characters
BODY_TITLE_CHARS = 70


def body_title(body: list[str]) -> str:
    """A title for a topic given only as a URL: the first sentence of its first line of text
    ("DEON, a project with meaningful checklists for data science projects"), or ""."""
    for raw in body:
        text, _ = clean_line(BULLET.sub("", raw))
        text = re.sub(r"\s*\bhttps?://\S+", "", text).strip()
        if not re.search(r"[A-Za-z]{3}", text):
            continue
        sentence = re.split(r"(?<=[.!?])\s+", text, maxsplit=1)[0].rstrip(" .!?:;,")
        if len(sentence) > BODY_TITLE_CHARS:
            sentence = sentence[: BODY_TITLE_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:-–— ") + "…"
        return sentence
    return ""


def clean_title(text: str) -> str:
    """A chapter title from the plain text after a topic marker."""
    title = re.sub(r"\s+", " ", text).strip()
    title = re.sub(r"\s+([:;,.!?])", r"\1", title)
    title = re.sub(r"^[\s:.,\-–—|)]+|[\s:,;\-–—|(]+$", "", title)
    title = unquote_title(title)
    if re.fullmatch(r"https?://\S+", title):
        title = url_title(title)
    return title


def section_title(text: str) -> str:
    title = re.sub(r"[:\s]+$", "", text)
    if len(title) > 40:
        title = title[:40].rsplit(" ", 1)[0]
    return title[:1].upper() + title[1:]


def sponsor_from_url(url: str) -> str:
    """The sponsor's name from its link: `https://example.fm/datadog` gives "Datadog" (else the host)."""
    parts = urlsplit(url)
    words = [p for p in parts.path.split("/") if re.fullmatch(r"[A-Za-z][\w-]*", p)]
    name = words[-1] if words else parts.netloc.split(".")[-2] if parts.netloc.count(".") else parts.netloc
    return name[:1].upper() + name[1:] if name.islower() else name


_DOMAIN = re.compile(r"(?:https?://|www\.|\b[\w-]+\.(?:fm|com|io|org|net|co|dev|app|ai)\b)", re.IGNORECASE)


_NAME_END = re.compile(r"\s-{1,2}\s|\s[–—]\s?|[:!.(,]|\s(?:Use|Get|Check|Find|Visit|Support|and get)\b")


def sponsor_title(rest: str) -> str:
    """The sponsor's name at the start of `rest` ("Datadog -- pythonbytes.fm/datadog" -> "Datadog")."""
    domain = _DOMAIN.search(rest)
    if domain:
        rest = rest[: domain.start()]
    rest = _NAME_END.split(rest, maxsplit=1)[0]
    name = rest.strip(" *\"'“”-")
    if name.lower() in ("us", "") or len(name) > 50:
        return ""
    return name[:1].upper() + name[1:] if name.islower() else name


def short_title(title: str, limit: int = 90) -> str:
    """A chapter title players can show: up to its first sentence, or `limit` characters at a word."""
    if len(title) <= limit:
        return title
    sentence = re.match(rf"(.{{20,{limit}}}?[.!?])\s", title)
    if sentence:
        return sentence.group(1)
    return title[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-–— ") + "…"
