"""Chapters derived from the show notes and the transcript, for episodes without hand-written ones.

Show notes usually list an episode's topics in the order they are discussed, each
with a title and links (`**Brian #1:** [**Title**](url)`), then Extras and a Joke,
with a sponsor line at the top. `parse_notes` turns those lines into `NoteItem`s;
`place_items` finds where the conversation turns to each of them:

1. Each item gets a bag of its own terms: title words count most, then link texts
   and URL path words, then the words of its bullet points. A word counts less
   when several items share it or the whole episode keeps saying it; a title word
   the transcript never says borrows a similar word it does say ("pyxel" heard as
   "pixel").
2. The transcript is cut into units of at least five seconds. A dynamic programme
   splits them into an opening and one stretch per item, in notes order, so that
   each stretch holds as much of its own item's terms as possible (every unit
   outside the opening costs a little, so a stretch does not reach back to a stray
   early mention). When swapping two neighbouring topics explains the transcript
   clearly better, the hosts took them in the other order and the swap is kept.
   Within its stretch, an item's terms cluster where a half-minute first holds half
   as much of them as the densest one.
3. The turn comes a little before the cluster, after the previous item's terms
   stop: the first hand-over in between ("what do you got next?", "you're up",
   "over to you, Brian") or, without one, the first host announcing something new
   ("let's talk about", "the next thing I want to cover"); "Extras" / "anything
   else" for the Extras, "joke" for the Joke. Phrases after "before we move on"
   announce a detour and do not count. Without any, the weaker cue nearest the
   cluster ("speaking of", "All right."), else the cluster itself.
4. A sponsor read is the densest two minutes of sponsor words ("brought to you
   by", the sponsor's name, "example.fm/sponsor") after the opening, widened to
   its announcement. Its stretch holds no topic, and the topic after it turns after
   it ends.

Plain Python on the notes and transcript text: deterministic, no models, nothing
downloaded, some tens of milliseconds for an hour of conversation.
"""

from __future__ import annotations

import hashlib
import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from urllib.parse import unquote, urlsplit

from rapidfuzz import fuzz, process

from .cache import cached
from .model import Chapter, Episode, Transcript
from .timecode import format_clock

__all__ = [
    "NoteItem",
    "Placed",
    "derive_chapters",
    "describe",
    "parse_notes",
    "place_items",
]

#: Title of the chapter that opens every derived chapter list.
OPENING_TITLE = "Introduction"

# ---------------------------------------------------------------------------
# Show notes
# ---------------------------------------------------------------------------


@dataclass
class NoteItem:
    """One recognised part of the show notes, in notes order.

    `kind` is "topic", "sponsor", "extras" or "joke". `number` is the topic's
    number as written (`#3`), `line` the 1-based line of the notes where it starts,
    `text` its heading plus the lines below it (the words that identify it).
    """

    kind: str
    title: str
    url: str | None = None
    number: int | None = None
    line: int = 0
    text: str = ""
    urls: list[str] = field(default_factory=list)
    speaker: str | None = None  # "Brian" in `Brian #1: ...`


_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_BARE_URL = re.compile(r"https?://[^\s)>\]]+")
_BULLET = re.compile(r"^\s*(?:[-+*]|\d{1,3}[.)])\s+")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_FENCE = re.compile(r"^\s*(```|~~~)[\w+-]*\s*$")
_NAME = r"[A-Z][A-Za-z'’.-]*(?:\s[A-Z][A-Za-z'’.-]*)?"
# "Brian #1: title", "Michael #2 title"
_TOPIC_NAME_FIRST = re.compile(rf"^(?P<name>{_NAME})\s*#\s*(?P<num>\d{{1,2}})(?:\.\d+)?\b\s*[:.)\-–—]*\s*(?P<rest>.*)$")
# "#1 (Brian): title", "#2 Michael: title", "#5: (Brian): title", "#1 title"
_TOPIC_NUMBER_FIRST = re.compile(
    rf"^#\s*(?P<num>\d{{1,2}})(?:\.\d+)?\b\s*[:.)\-–—]*\s*"
    rf"(?:\((?P<pname>{_NAME})\)\s*[:.\-–—]*\s*|(?P<cname>{_NAME})\s*:\s*)?(?P<rest>.*)$"
)
_EXTRAS = re.compile(
    r"^(?:extras?\b|our (?:personal )?news\b|news from us\b|in other news\b|follow[- ]?ups?\b"
    r"|follow[- ]up and other news\b)",
    re.IGNORECASE,
)
_JOKE = re.compile(r"^jokes?\b[\s!:(]*", re.IGNORECASE)
_SPONSOR_LINE = re.compile(r"\b(?:sponsored by|brought to you by)\b", re.IGNORECASE)
_SPONSOR_HEADING = re.compile(r"^sponsors?\s*:?\s*$", re.IGNORECASE)
_LIST_SECTION = re.compile(r"^(?:topics|news items|in this episode|stories|headlines)\s*:?\s*$", re.IGNORECASE)
_OTHER_SECTION = re.compile(r"^(?:links|connect with|show intro|guests?|special guests?|sponsors?)\b", re.IGNORECASE)


def _links(text: str) -> tuple[str, list[tuple[str, str]]]:
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


def _plain(text: str) -> str:
    """Markdown inline text as plain words: no emphasis, code marks, HTML or stray quotes."""
    text = re.sub(r"<[^>]+>", "", text)
    text = text.replace("**", "").replace("__", " ").replace("`", "")
    text = re.sub(r"(?<![\w*])\*(?!\s)|(?<!\s)\*(?![\w*])", "", text)
    text = text.replace("*", "")
    text = re.sub(r"\s+", " ", text)
    return text.strip()


def _url_title(url: str) -> str:
    """A title for a topic that is only a URL: the last meaningful path part ("" without one)."""
    parts = urlsplit(url)
    path = [unquote(p) for p in parts.path.split("/") if p]
    for part in reversed(path):
        part = re.sub(r"\.(html?|php|aspx?|md)$", "", part)
        if re.search(r"[A-Za-z]{3}", part):
            return re.sub(r"[-_]+", " ", part).strip()
    return ""


def _host_title(url: str) -> str:
    """The site's name from its host: `https://deon.drivendata.org/` gives "Deon", `rasa.com` "Rasa"."""
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    labels = host.split(".")
    name = labels[0] if len(labels) > 1 else host
    name = re.sub(r"[-_]+", " ", name).strip()
    return name[:1].upper() + name[1:] if name else url


#: a title made from the words around a URL-only topic is cut at this many characters
BODY_TITLE_CHARS = 70


def _body_title(body: list[str]) -> str:
    """A title for a topic given only as a URL: the first sentence of its first line of text
    ("DEON, a project with meaningful checklists for data science projects"), or ""."""
    for raw in body:
        text, _ = _clean_line(_BULLET.sub("", raw))
        text = re.sub(r"\s*\bhttps?://\S+", "", text).strip()
        if not re.search(r"[A-Za-z]{3}", text):
            continue
        sentence = re.split(r"(?<=[.!?])\s+", text, maxsplit=1)[0].rstrip(" .!?:;,")
        if len(sentence) > BODY_TITLE_CHARS:
            sentence = sentence[: BODY_TITLE_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:-–— ") + "…"
        return sentence
    return ""


def _clean_title(text: str) -> str:
    """A chapter title from the plain text after a topic marker."""
    title = re.sub(r"\s+", " ", text).strip()
    title = re.sub(r"\s+([:;,.!?])", r"\1", title)
    title = re.sub(r"^[\s:.,\-–—|)]+|[\s:,;\-–—|(]+$", "", title)
    title = _unquote(title)
    if re.fullmatch(r"https?://\S+", title):
        title = _url_title(title)
    return title


def _unquote(title: str) -> str:
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


def _clean_line(raw: str) -> tuple[str, list[tuple[str, str]]]:
    """A notes line as plain text (no heading marks, emphasis, links) and its links."""
    body = _HEADING.sub("", raw.strip())
    body = re.sub(r"(?<=\s)[^\x00-\x7f](?=\[)|^[^\x00-\x7f](?=\[)", "", body)
    text, links = _links(body)
    return _unquote(_plain(text)), links


def parse_notes(notes: str) -> list[NoteItem]:
    """The topics, sponsor, Extras and Joke that the show notes name, in notes order.

    Recognised topic lines (Markdown emphasis, links and `#` headings around them
    are ignored): `Brian #1: Title`, `#1 (Brian): Title`, `#2 Michael: Title`,
    `#3 Title`; a topic line without a title takes the next line. Without numbered
    topics, the link lines (or bullets starting with a link) under a `Topics` or
    `News items` heading are the topics. `Extras`, `Extra`, `Our news`, `Follow up`
    start the Extras; `Joke:` / `Jokes` the Joke (with its title if it has one); a
    line with "Sponsored by" / "brought to you by", or a `Sponsor` heading, names
    the sponsor.
    """
    lines = notes.split("\n")
    cleaned = [_clean_line(raw) for raw in lines]
    # Names used with numbered topics, for "#5 Brian Title" lines.
    names: set[str] = set()
    for text, _ in cleaned:
        m = _TOPIC_NAME_FIRST.match(text)
        if m:
            names.add(m.group("name").split()[0])
        m = _TOPIC_NUMBER_FIRST.match(text)
        if m and (m.group("pname") or m.group("cname")):
            names.add((m.group("pname") or m.group("cname")).split()[0])

    code = _code_lines(lines)
    raw_items: list[tuple[NoteItem, list[str]]] = []
    candidates: list[tuple[int, str, str]] = []  # list-section lines for notes without numbered topics
    section = ""
    pending_title: NoteItem | None = None
    seen: set[str] = set()
    for index, (raw, (text, links)) in enumerate(zip(lines, cleaned, strict=True), start=1):
        if index in code:
            if raw_items:
                raw_items[-1][1].append(raw)
            continue
        stripped = raw.strip()
        if not stripped:
            continue
        is_bullet = bool(_BULLET.match(raw)) and not stripped.startswith("**")
        if pending_title is not None:
            if not is_bullet and text and _topic(text, links, names, index) is None:
                pending_title.title = _clean_title(text)
                if pending_title.url is None and links:
                    pending_title.url = links[0][1]
                raw_items[-1][1].append(raw)
                pending_title = None
                continue
            pending_title = None
        if not is_bullet:
            item = _topic(text, links, names, index)
            if item is not None:
                raw_items.append((item, [raw]))
                if not item.title:
                    pending_title = item
                continue
            bare = re.sub(r"[“”\"]", "", text)  # for keywords: “**Joke”:**
            if len(text) <= 80 and _EXTRAS.match(bare) and "extras" not in seen:
                seen.add("extras")
                raw_items.append((NoteItem("extras", _section_title(text) or "Extras", line=index), [raw]))
                section = ""
                continue
            if _JOKE.match(bare) and len(text) < 300 and "joke" not in seen:
                seen.add("joke")
                rest = re.sub(r"^\(.*?\)\s*:?\s*", "", _JOKE.sub("", bare, count=1))
                title = _clean_title(rest)
                joke = NoteItem("joke", f"Joke: {title}" if title else "Joke", line=index)
                joke.url = links[0][1] if links else None
                raw_items.append((joke, [raw]))
                section = ""
                continue
            if "sponsor" not in seen and (_SPONSOR_HEADING.match(text) or _SPONSOR_LINE.search(text)):
                seen.add("sponsor")
                if _SPONSOR_HEADING.match(text):
                    name = next((_sponsor_title(t) for t, _ in cleaned[index : index + 4] if t), "")
                else:
                    name = _sponsor_name(text)
                    if not name and links:  # "Sponsored by pythonbytes.fm/datadog"
                        name = _sponsor_from_url(links[0][1])
                sponsor = NoteItem("sponsor", f"Sponsor: {name}" if name else "Sponsor", line=index)
                if links:
                    sponsor.url = links[0][1]
                raw_items.append((sponsor, [raw]))
                continue
            if _HEADING.match(stripped):
                heading = text.rstrip(":").strip()
                if _LIST_SECTION.match(heading):
                    section = "list"
                elif _OTHER_SECTION.match(heading) or section == "list":
                    section = "other"
                if raw_items and raw_items[-1][0].kind == "topic":
                    raw_items.append((NoteItem("_end", "", line=index), [raw]))  # a heading ends a topic's body
                continue
        if section == "list" and "extras" not in seen and not raw.startswith(("  ", "\t")):
            if is_bullet or re.match(r"^\**\s*\[", raw):  # a top-level bullet or a link paragraph
                candidates.append((index, text, raw))
        if raw_items:
            raw_items[-1][1].append(raw)

    if sum(1 for item, _ in raw_items if item.kind == "topic") < 2 and len(candidates) >= 2:
        raw_items = _list_topics(lines, candidates, raw_items)

    items: list[NoteItem] = []
    for item, body_lines in raw_items:
        if item.kind == "_end":
            continue
        if item.kind == "sponsor":
            body_lines = _sponsor_lines(lines, item.line)
        text, links = _links("\n".join(body_lines))
        item.text = "\n".join(body_lines)
        item.urls = [url for _, url in links if url.startswith("http")]
        if item.url is None and item.kind == "topic" and item.urls:
            item.url = item.urls[0]
        if not item.title and item.kind == "topic":
            # only a URL: a name from its path, else the words the notes put around it, else its site
            item.title = (
                (_url_title(item.url) if item.url else "")
                or _body_title(body_lines[1:])
                or (_host_title(item.url) if item.url else f"Topic {item.number}")
            )
        items.append(item)
    return items


def _sponsor_lines(lines: list[str], line: int) -> list[str]:
    """The sponsor line and the paragraph it starts (a `Sponsor` heading: the next paragraph too)."""
    block = [lines[line - 1]]
    heading_only = _SPONSOR_HEADING.match(_clean_line(lines[line - 1])[0]) is not None
    for raw in lines[line : line + 8]:
        if not raw.strip():
            if heading_only and len(block) == 1:
                continue
            if heading_only and len(block) < 4:
                heading_only = False
                continue
            break
        block.append(raw)
    return block


def _code_lines(lines: list[str]) -> set[int]:
    """1-based numbers of lines inside fenced code blocks (an unclosed fence is not one)."""
    code: set[int] = set()
    opened: int | None = None
    for index, raw in enumerate(lines, start=1):
        if _FENCE.match(raw):
            if opened is None:
                opened = index
            else:
                code.update(range(opened, index + 1))
                opened = None
    return code


def _topic(text: str, links: list[tuple[str, str]], names: set[str], line: int) -> NoteItem | None:
    """A numbered topic line, or None."""
    m = _TOPIC_NAME_FIRST.match(text)
    speaker = None
    if m:
        rest = m.group("rest")
        speaker = m.group("name")
    else:
        m = _TOPIC_NUMBER_FIRST.match(text)
        if not m:
            return None
        rest = m.group("rest")
        if not (m.group("pname") or m.group("cname")):
            first = re.match(r"^\(?([A-Z][A-Za-z'’.-]*)\)?\s*[:.\-–—]*\s*", rest)
            if first and first.group(1) in names:
                rest = rest[first.end() :]
                speaker = first.group(1)
        else:
            speaker = m.group("pname") or m.group("cname")
    item = NoteItem("topic", _clean_title(rest), number=int(m.group("num")), line=line, speaker=speaker)
    if links:
        item.url = next((url for _, url in links if url.startswith("http")), None)
    return item


def _section_title(text: str) -> str:
    title = re.sub(r"[:\s]+$", "", text)
    if len(title) > 40:
        title = title[:40].rsplit(" ", 1)[0]
    return title[:1].upper() + title[1:]


def _sponsor_name(text: str) -> str:
    m = _SPONSOR_LINE.search(text)
    return _sponsor_title(text[m.end() :]) if m else ""


def _sponsor_from_url(url: str) -> str:
    """The sponsor's name from its link: `https://example.fm/datadog` gives "Datadog" (else the host)."""
    parts = urlsplit(url)
    words = [p for p in parts.path.split("/") if re.fullmatch(r"[A-Za-z][\w-]*", p)]
    name = words[-1] if words else parts.netloc.split(".")[-2] if parts.netloc.count(".") else parts.netloc
    return name[:1].upper() + name[1:] if name.islower() else name


_DOMAIN = re.compile(r"(?:https?://|www\.|\b[\w-]+\.(?:fm|com|io|org|net|co|dev|app|ai)\b)", re.IGNORECASE)


_NAME_END = re.compile(r"\s-{1,2}\s|\s[–—]\s?|[:!.(,]|\s(?:Use|Get|Check|Find|Visit|Support|and get)\b")


def _sponsor_title(rest: str) -> str:
    """The sponsor's name at the start of `rest` ("Datadog -- pythonbytes.fm/datadog" -> "Datadog")."""
    domain = _DOMAIN.search(rest)
    if domain:
        rest = rest[: domain.start()]
    rest = _NAME_END.split(rest, maxsplit=1)[0]
    name = rest.strip(" *\"'“”-")
    if name.lower() in ("us", "") or len(name) > 50:
        return ""
    return name[:1].upper() + name[1:] if name.islower() else name


def _list_topics(
    lines: list[str], candidates: list[tuple[int, str, str]], raw_items: list[tuple[NoteItem, list[str]]]
) -> list[tuple[NoteItem, list[str]]]:
    """Topics as the top-level bullets or link lines of a Topics / News items section (notes without `#N`)."""
    keep = [(item, body) for item, body in raw_items if item.kind not in ("topic", "_end")]
    paragraphs = [c for c in candidates if not _BULLET.match(c[2])]
    if len(paragraphs) >= 2:  # link paragraphs with detail bullets below them: the paragraphs are the topics
        candidates = paragraphs
    topics: list[tuple[NoteItem, list[str]]] = []
    starts = [line for line, _, _ in candidates]
    for n, (line, text, raw) in enumerate(candidates, start=1):
        title = _clean_title(text)
        head, sep, _ = title.partition(": ")
        if sep and re.match(r"^\s*(?:[-+*]\s+)?\**\s*\[[^\]]+\]\([^)]*\)\**\s*:", raw):
            title = head
        title = re.sub(r"^#\s*\d+\s*[:.]?\s*", "", title).rstrip(".")
        end = starts[n] if n < len(starts) else len(lines) + 1
        block = [raw]
        for other in lines[line : end - 1]:
            if _HEADING.match(other):
                break
            block.append(other)
        links = _links(raw)[1]
        topics.append((NoteItem("topic", title, url=links[0][1] if links else None, number=n, line=line), block))
    merged = topics + keep
    merged.sort(key=lambda pair: pair[0].line)
    return merged


# ---------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------

#: Web addresses in running text ("pythonbytes.fm/sponsor", "https://..."), not words to match.
_ADDRESS = re.compile(r"(?<!\S)(?:https?://)?[\w.-]+\.[A-Za-z]{2,}/\S*|https?://\S+")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STOP = frozenset(
    """
    a about above actually after again against all almost also although always am an and any anyway are
    aren't around as at back be because been before being below between both but by can can't cannot
    could couldn't did didn't do does doesn't doing don't down during each else even ever every few for
    from further get gets getting go goes going gonna got gotta had hadn't has hasn't have haven't having
    he her here hers herself him himself his how i i'd i'll i'm i've if in into is isn't it it's its
    itself just kind know let let's like little lot lots made make makes many maybe me might more most
    much must my myself need new no nor not now of off oh okay ok on once one only or other our ours
    ourselves out over own pretty probably put quite rather re really right said same say says see seem
    seems she should so some something sort still such sure take than that that's the their theirs them
    themselves then there there's these they they're thing things think this those though through to
    too totally under until up upon us use used uses using very want wanted was wasn't way we we're
    we've well were weren't what what's when where which while who whom whose why will with won't
    would wouldn't yeah yes yet you you'd you'll you're you've your yours yourself yourselves
    http https www com org net io html htm php github gitlab blob tree main master posts post blog
    article articles en us via thanks thank episode episodes show week today also
    first second third last next good great better best big small cool nice awesome
    """.split()
)


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _words(text: str) -> list[str]:
    """Lower-case, lightly stemmed content words (two letters at least, not stop words)."""
    out = []
    for word in _WORD.findall(text.lower()):
        if len(word) < 2 or word in _STOP or word.isdigit() and len(word) < 3:
            continue
        out.append(_stem(word))
    return out


#: Parts of host names that say nothing about a page's subject.
_HOST_NOISE = frozenset("www com org net io dev fm co uk readthedocs github blogspot medium".split())


def _url_words(url: str) -> list[str]:
    """The words of a link's host and path: `https://hynek.me/articles/python-subclassing/`."""
    parts = urlsplit(url)
    host = [w for w in parts.netloc.lower().split(":")[0].split(".") if w not in _HOST_NOISE]
    path = re.sub(r"[-_/]+", " ", unquote(parts.path))
    return _words(" ".join(host) + " " + path)


def _item_terms(item: NoteItem, hosts: frozenset[str] = frozenset()) -> Counter[str]:
    """Term weights of one note item: title 3, link texts and URL words 2, body words 1.

    `hosts` are the (stemmed) names of the people presenting topics; their names
    stand next to every topic and say nothing about which one is on.
    """
    terms: Counter[str] = Counter()
    title = item.title.partition(":")[2] if item.kind in ("sponsor", "joke") else item.title
    for word in set(_words(title)):
        terms[word] += 3
    text, links = _links(item.text)
    for link_text, url in links[:6]:
        link_text = _plain(link_text)
        if item.kind == "sponsor" and re.fullmatch(r"\S+\.\w{2,}(?:/\S*)?", link_text):
            continue  # "pythonbytes.fm/sponsor": the show's own address, said all the time
        for word in set(_words(link_text)):
            terms[word] += 2
        if item.kind != "sponsor":
            for word in set(_url_words(url)):
                terms[word] += 2
    body = Counter(_words(_ADDRESS.sub(" ", _plain(text))))
    for word, count in body.items():
        terms[word] += min(count, 3) * (1 if item.kind == "topic" else 0.5)  # type: ignore[assignment]  # a weight
    for name in hosts:
        terms.pop(name, None)
    return terms


# ---------------------------------------------------------------------------
# Transcript cues
# ---------------------------------------------------------------------------

#: Phrases that turn the conversation, by kind. "pass" hands it to the other host,
#: "announce" is a host starting something new, "segue" and "interjection" are weaker.
_CUES: dict[str, re.Pattern[str]] = {
    # `\b(?:a|b)`, not `\ba|\bb`: the same matches, and a position inside a word is ruled
    # out by one test instead of one per phrase
    "pass": re.compile(
        r"\b(?:what (?:do |did |have |'ve )?(?:you|ya|y'all)(?:'ve)? (?:got|get|have|gotten|bring|brought)\b"
        r"|what you got\b|what(?:'s| is| are) (?:up next|on deck|your (?:next|first|last|final|second|third|fourth)|you got)\b"
        r"|what (?:are|do) (?:we|you) (?:starting|kicking off|start|kick off) with\b|what(?:'s| is) next\b"
        r"|(?:you're|you are|who's) up(?: next| first)?(?=[.,!?]|$)|i think you(?:'re| are| have| got)\b)"
        r"|(?:^|[.!?,] )(?:over|back|off) to you\b"
        r"|\b(?:take it away\b|you (?:want to|wanna) (?:kick|start|take)\b"
        r"|you(?:'ve)? got (?:the |a |an |our )?(?:next|last|final|first|second|third|fourth)\b"
        r"|your (?:next|last|final|first) (?:one|item|topic|thing)\b|tell (?:us|me|people|everyone) (?:about|why|what)\b)"
    ),
    "announce": re.compile(
        r"\b(?:i'm|i am) up(?: next)?\b|\bnext (?:up|item|topic|story|article)\b"
        r"|\b(?:the |my |our )?next (?:one|thing|item|topic|story)\b"
        r"|\blet's (?:go back and |come back and |now )?(?:talk|start|kick|jump|get (?:into|started|going)|move (?:on|along)|go (?:on|to|over)|dive|bring|switch|shift)\b"
        r"|\b(?:i|we) (?:want|wanted|would like|'d like|'m going|am going|thought i'd|thought we'd) (?:to )?"
        r"(?:talk|cover|start|kick|bring up|introduce|switch|shift|change)\b"
        r"|\bkick (?:us|it|this|things|the show) off\b|\bstart (?:us|things) off\b"
        r"|\b(?:first|last|final) (?:item|topic|story)\b|\bbring it home\b|\bround (?:it|things|us) out\b"
        r"|\b(?:switch|shift|change) gears\b|\bmov(?:e|ing) on\b|\btransition"
        r"|\b(?:can|could|let) (?:i|me) (?:take|show|tell) you\b|\btake (?:us|you) (?:on|to|into)\b"
    ),
    "segue": re.compile(
        r"\bspeaking of\b|\bnext\b|\b(?:another|one more|first|last|final|second|third|fourth|fifth|sixth) (?:one|thing|item|topic)\b"
        r"|\bthis (?:one|next one)\b|\bi (?:found|came across|ran across|saw)\b|\blet's\b|\bhave you (?:heard|seen|played|ever)\b"
    ),
    "interjection": re.compile(r"^\W*(?:all ?right|okay|ok|anyway|now|cool|awesome|nice|great|well)\b", re.MULTILINE),
    "followup": re.compile(r"\bfollow[- ]?ups?\b|\bour news\b|\bother news\b|\bany news\b"),
    "extras": re.compile(
        r"\bextras?\b|\banything else\b|\b(?:our|the) (?:six|five|four|main|normal|regular|news|official) items\b"
        r"|\bthat's (?:it|all)(?: for)?(?: all)?(?: of)? our (?:\w+ )?items\b|\bour (?:\w+ )?items\b"
    ),
    "joke": re.compile(r"\bjokes?\b"),
    "fun": re.compile(r"\blaugh|\bfunny\b|\bhumor|\bsomething fun\b"),
    "sponsored": re.compile(
        r"\bbrought to (?:you|us) (?:all )?by\b|\bsponsored by\b|\bour sponsor\b|\bsponsor (?:of|for) (?:this|the)\b"
        r"|\b(?:is|are|they're|were) (?:also )?sponsoring\b|\bsponsoring (?:this|the|our) (?:episode|show|podcast)\b"
        r"|\btell you (?:all )?about (?:our|this week's|today's) sponsor"
        r"|\bthanks? (?:you )?to \w+(?: \w+)? for (?:sponsoring|supporting)\b"
        r"|\bsupport (?:the show|us|our work|what we(?:'re| are) doing)\b"
    ),
    "sponsor": re.compile(
        r"\bsponsor|\bbrought to (?:you|us) (?:all )?by\b|\bsupport(?:s|ing)? (?:the|our|this) (?:show|podcast)\b"
        r"|\btell you (?:all )?about\b|\bfor supporting\b|\bthank(?:s| you) to \w+ for\b|\bfree (?:trial|credit)\b"
        r"|\b[\w-]+\.(?:fm|com|io|org|net|co|dev|app|show)\s?(?:/|slash )\s?\w"
    ),
}

#: "Before we move on, ..." announces a detour (a sponsor, a follow-up), not the next topic.
_DEFERRAL = re.compile(r"\bbefore (?:we|i) (?:\w+ ){0,3}")

#: Seconds a start may move back from the cluster of the item's terms, and forward.
_WINDOW: dict[str, tuple[float, float]] = {
    "topic": (240.0, 12.0),
    "extras": (600.0, 60.0),
    "joke": (120.0, 60.0),
}


@dataclass
class _Unit:
    start: float
    first: int  # index of the first segment
    last: int  # index of the last segment (inclusive)


@dataclass
class Placed:
    """A note item and where the conversation turns to it (seconds)."""

    item: NoteItem
    start: float


class _Speech:
    """The transcript as the placement needs it: lower-case texts, cue positions, words, units."""

    def __init__(self, transcript: Transcript, names: Iterable[str] = (), min_unit: float = 5.0) -> None:
        self.segs = transcript.segments
        self.end = transcript.end
        self.starts = [seg.start for seg in self.segs]
        self.texts = [seg.text.lower() for seg in self.segs]
        cues = dict(_CUES)
        alternatives = "|".join(sorted({re.escape(name.lower()) for name in names if len(name) > 2}))
        if alternatives:
            address = (
                rf"\b(?:(?:{alternatives})\b[,.!?]? (?:what(?:'s| do| have| are| did| else)?\b|you(?:'ve)? got\b"
                rf"|you're up\b|you want\b|your (?:turn|next|first|last|final)\b|tell us\b|take it away\b|how about you\b)"
                rf"|(?:over|back|off|up) to you,? (?:{alternatives})\b|all ?right,? (?:{alternatives})\b)"
            )
            cues["pass"] = re.compile(f"{_CUES['pass'].pattern}|{address}", re.MULTILINE)
        # all cue phrases in one pass over the whole text per kind of cue
        joined = "\n".join(self.texts)
        offsets = list(accumulate((len(text) + 1 for text in self.texts[:-1]), initial=0))
        self.cues: list[dict[str, list[int]]] = [{} for _ in self.texts]
        for name, pattern in cues.items():
            for match in pattern.finditer(joined):
                k = bisect_right(offsets, match.start()) - 1
                self.cues[k].setdefault(name, []).append(match.start() - offsets[k])
        # words, normalised once per distinct token
        norm: dict[str, str] = {}
        self.joined: list[set[str]] = []  # neighbouring tokens written together ("rat hole" -> "rathole")
        self.words: list[list[str]] = []  # content words, stemmed
        for text in self.texts:
            raw = [w for w in _WORD.findall(text) if len(w) > 1]
            words = []
            for token in raw:
                word = norm.get(token)
                if word is None:
                    word = norm[token] = "" if token in _STOP or token.isdigit() and len(token) < 3 else _stem(token)
                if word:
                    words.append(word)
            self.joined.append({a + b for a, b in zip(raw, raw[1:], strict=False) if len(a) + len(b) >= 5})
            self.words.append(words)
        self.vocabulary = {word for word in norm.values() if word}
        self.units: list[_Unit] = []
        self.unit_of: list[int] = []
        i, n = 0, len(self.segs)
        while i < n:
            j = i
            while j + 1 < n and self.starts[j + 1] - self.starts[i] < min_unit:
                j += 1
            self.unit_of.extend([len(self.units)] * (j - i + 1))
            self.units.append(_Unit(self.starts[i], i, j))
            i = j + 1

    def postings(self, wanted: set[str]) -> dict[str, Counter[int]]:
        """For each wanted word, how often each unit says it (also as two spoken words: "rat hole")."""
        forms: dict[str, str] = {}
        for word in wanted:  # the written-together forms that stem to the word
            for form in (word, word + "s", word + "'s", word[:-1] + "ies" if word.endswith("y") else word):
                if _stem(form) == word:
                    forms.setdefault(form, word)
        form_set = set(forms)
        found: dict[str, Counter[int]] = {}
        for k, words in enumerate(self.words):
            hits = wanted.intersection(words)
            joined = self.joined[k] & form_set
            if not hits and not joined:
                continue
            unit = self.unit_of[k]
            for word in hits:
                found.setdefault(word, Counter())[unit] += words.count(word)
            for form in joined:
                found.setdefault(forms[form], Counter())[unit] += 1
        return found

    def time_at(self, k: int, offset: int) -> float:
        """Time of character `offset` of segment `k` (interpolated within long lines)."""
        start = self.starts[k]
        if offset <= 0:
            return start
        seg = self.segs[k]
        end = seg.end if seg.end is not None else start
        if k + 1 < len(self.segs):
            end = max(end, min(self.starts[k + 1], start + 30.0))
        return start + (end - start) * offset / max(len(self.texts[k]), 1)

    def cue_count(self, unit: _Unit, name: str) -> int:
        return sum(len(self.cues[k].get(name, ())) for k in range(unit.first, unit.last + 1))


# ---------------------------------------------------------------------------
# Placement
# ---------------------------------------------------------------------------


def _term_weights(
    items: Sequence[NoteItem], speech: _Speech, aliases: dict[str, list[str]] | None = None
) -> tuple[list[dict[str, float]], dict[str, Counter[int]]]:
    """Per item, the weight of each of its terms as said in the transcript, and where they are said.

    A term counts by where it stands in the notes (title 3, links 2, bullets 1), by
    how rare it is in the transcript (inverse document frequency over units) and
    less when several items share it. A title word the transcript never says
    borrows a similar word that it does say ("pyxel" heard as "pixel"), and the
    episode's mention spellings (`Ruff: [rough]`) say how a name is written in it.
    """
    spellings: dict[str, list[str]] = {}
    for name, spelled in (aliases or {}).items():
        for word in _words(name):
            spellings.setdefault(word, []).extend(w for alias in spelled for w in _words(alias))
    hosts = frozenset(word for item in items if item.speaker for word in _words(item.speaker))
    term_sets = [_item_terms(item, hosts) for item in items]
    owners: Counter[str] = Counter()
    for terms in term_sets:
        owners.update(terms.keys())
    heard: list[dict[str, list[tuple[str, float]]]] = []
    wanted: set[str] = set()
    spoken: list[str] | None = None
    for terms in term_sets:
        mapping: dict[str, list[tuple[str, float]]] = {}
        for word, weight in terms.items():
            if word in speech.vocabulary or len(word) < 5 or weight < 3 or not word.isalpha():
                mapping[word] = [(word, 1.0)]
            else:
                if spoken is None:
                    spoken = [w for w in speech.vocabulary if len(w) >= 4]
                mapping[word] = [(word, 1.0)] + _sounds_like(word, spoken)
            mapping[word] += [(alias, 1.0) for alias in spellings.get(word, ())]
            wanted.update(said for said, _ in mapping[word])
        heard.append(mapping)
    postings = speech.postings(wanted)
    n = len(speech.units)
    weights_per_item: list[dict[str, float]] = []
    for terms, mapping in zip(term_sets, heard, strict=True):
        weights: dict[str, float] = {}
        for word, weight in terms.items():
            for said, likeness in mapping[word]:
                units = postings.get(said)
                if not units:
                    continue
                idf = math.log((n + 1) / (len(units) + 0.5))
                if idf > 0.3:
                    weights[said] = max(weights.get(said, 0.0), likeness * weight * idf / owners[word] ** 2)
        weights_per_item.append(weights)
    return weights_per_item, postings


def _term_rows(
    items: Sequence[NoteItem], speech: _Speech, aliases: dict[str, list[str]] | None = None
) -> list[list[float]]:
    """Per item and unit: how much of the item's own (specific) terms is said in that unit."""
    weights_per_item, postings = _term_weights(items, speech, aliases)
    n = len(speech.units)
    rows: list[list[float]] = []
    for weights in weights_per_item:
        row = [0.0] * n
        for word, weight in weights.items():
            for unit, count in postings[word].items():
                row[unit] += weight * min(count, 3)
        rows.append(row)
    return rows


def _sounds_like(word: str, vocabulary: list[str]) -> list[tuple[str, float]]:
    """Words of the transcript that are probably `word` misheard ("pyxel" said as "pixel")."""
    found = process.extract(word, vocabulary, scorer=fuzz.ratio, score_cutoff=80, limit=3)
    return [(said, (score / 100.0) ** 2) for said, score, _ in found]


def _shares(row: Sequence[float]) -> list[float]:
    total = sum(row)
    return [v / total for v in row] if total > 0 else [0.0] * len(row)


def _segment_dp(rows: Sequence[Sequence[float]]) -> tuple[float, list[int]]:
    """Split units 0..n-1 into an opening stretch and one stretch per row, in row order.

    Maximises the sum of each unit's emission under its row (the opening emits 0);
    returns the score and the first unit of each row's stretch. Ties go to later
    splits, so a stretch starts where its own terms start.
    """
    k_states = len(rows)
    n = len(rows[0]) if rows else 0
    if n < k_states + 1:
        return float("-inf"), []
    neg = float("-inf")
    eps = 1e-9
    best = [0.0] + [neg] * k_states
    entered_at: list[list[bool]] = []
    states = range(1, k_states + 1)
    for u in range(1, n):
        new = [best[0] + eps * k_states] + [neg] * k_states
        entered = [False] * (k_states + 1)
        for s in states:
            stay, enter = best[s], best[s - 1]
            if enter > stay:
                new[s] = enter + rows[s - 1][u] + eps * (k_states - s)
                entered[s] = True
            else:
                new[s] = stay + rows[s - 1][u] + eps * (k_states - s)
        entered_at.append(entered)
        best = new
    starts = [0] * k_states
    s = k_states
    for u in range(n - 1, 0, -1):
        if s == 0:
            break
        if entered_at[u - 1][s]:
            starts[s - 1] = u
            s -= 1
    if s != 0:
        return neg, []
    return best[k_states], starts


def _cluster(row: Sequence[float], first: int, end: int, cost: float, width: int = 6, look: int = 60) -> int:
    """The unit where an item's terms start to cluster within its stretch [first, end).

    The stretch may open with a stray early mention; the cluster starts at the first
    unit of the first half-minute window holding at least half as much of the item's
    terms as the densest such window in the stretch's first five minutes (at its
    first unit saying a fifth as much as the window's strongest unit).
    """
    end = min(end, first + look)
    if end - first <= width:
        return first
    values = [max(v + cost, 0.0) for v in row[first : end + width]]
    sums = [sum(values[i : i + width]) for i in range(end - first)]
    peak = max(sums)
    if peak <= 0:
        return first
    for i, total in enumerate(sums):
        if total >= 0.5 * peak:
            window = values[i : i + width]
            strong = 0.2 * max(window)
            return first + i + next(j for j, v in enumerate(window) if v >= strong)
    return first


def _terms_end(row: Sequence[float], rival: Sequence[float], first: int, end: int, cost: float) -> int:
    """The last unit in [first, end) that still says much of an item's terms.

    A unit counts when it holds a fair share of the item's terms and, over the
    half-minute around it, more of them than of the next item's (a stray word of
    the old topic inside the new one does not count).
    """
    values = [max(v + cost, 0.0) for v in row[first:end]]
    if not values or max(values) <= 0:
        return first
    rivals = [max(v + cost, 0.0) for v in rival[first:end]]
    floor = 0.15 * max(values)
    last = 0
    for i, value in enumerate(values):
        if value >= floor:
            lo, hi = max(i - 2, 0), i + 3
            if sum(values[lo:hi]) > sum(rivals[lo:hi]):
                last = i
    return first + last


#: Per kind of item: the cue tiers that mark its start (the earliest cue of the first
#: tier found wins), and the weaker cues used near the cluster when no tier is found.
_TURN_CUES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "topic": (("pass", "announce"), ("segue", "interjection")),
    "extras": (("extras", "followup"), ("pass", "announce", "interjection")),
    "joke": (("joke", "fun"), ("pass", "announce", "interjection")),
}


def _turn(kind: str, cluster: float, lower: float, upper: float, speech: _Speech) -> float:
    """The moment the conversation turns to an item whose terms cluster at `cluster`.

    `lower` is where the previous item's terms end. In between, the first strong
    phrase is the turn: for a topic a hand-over to the other host, else a host
    announcing the next thing (the host who takes over often says "I want to talk
    about" again when naming the project); "Extras" / "anything else" for the
    Extras; "joke" for the Joke. Without one, the weaker cue nearest the cluster;
    without those, the cluster itself.
    """
    back, ahead = _WINDOW[kind]
    lo = max(lower, cluster - back)
    hi = min(upper, cluster + ahead)
    if hi < lo:
        return max(lower, min(cluster, upper))
    found: dict[str, list[float]] = {}
    for k in range(max(bisect_left(speech.starts, lo - 30.0), 0), bisect_right(speech.starts, hi)):
        for name, offsets in speech.cues[k].items():
            for offset in offsets:
                if name in ("pass", "announce") and _DEFERRAL.search(speech.texts[k], max(0, offset - 30), offset):
                    continue  # "before we move on, ..." puts the next topic off
                t = speech.time_at(k, offset)
                if lo <= t <= hi:
                    found.setdefault(name, []).append(t)
    tiers, weak = _TURN_CUES[kind]
    near = [t for name in weak for t in found.get(name, []) if t >= cluster - 30.0]
    strong = next((found[name] for name in tiers if found.get(name)), None)
    if strong:
        turn = min(strong)
    elif near:
        turn = min(near, key=lambda t: (cluster - t) if t <= cluster else 2.5 * (t - cluster))
    else:
        return max(lo, min(cluster, hi))
    # a short "All right." / "Okay." line just before the turn belongs to it
    k = bisect_left(speech.starts, turn) - 1
    while k >= 0 and speech.starts[k] >= max(lo, turn - 4.0):
        if "interjection" in speech.cues[k] and len(speech.texts[k]) < 40:
            turn = speech.starts[k]
        k -= 1
    return turn


def _sponsor_start(read_start: float, lower: float, upper: float, speech: _Speech) -> float:
    """Where a sponsor read found at `read_start` begins: its announcement, or a hand-over just before."""
    lo, hi = max(lower, read_start - 30.0), min(upper, read_start + 10.0)
    if hi < lo:
        return max(lower, min(read_start, upper))
    best, best_time = 0.0, read_start
    for k in range(max(bisect_left(speech.starts, lo - 30.0), 0), bisect_right(speech.starts, hi)):
        for name, strength in (("sponsor", 2.0), ("pass", 2.0), ("announce", 2.0), ("interjection", 0.5)):
            for offset in speech.cues[k].get(name, ())[:1]:
                t = speech.time_at(k, offset)
                if lo <= t <= hi:
                    distance = read_start - t
                    score = strength * (1.0 - 0.45 * (distance / 30.0 if distance >= 0 else -distance / 4.0))
                    if score > best + 1e-9:
                        best, best_time = score, t
    return best_time


def _sponsor_read(item: NoteItem, speech: _Speech, not_before: float) -> tuple[int, int] | None:
    """First and last unit (exclusive) of the sponsor read, if the transcript has one.

    The read is the densest two minutes of sponsor words ("brought to you by", the
    sponsor's name, words of the sponsor lines in the notes) after `not_before`,
    widened while more sponsor words follow within 25 seconds.
    """
    units = speech.units
    n = len(units)
    name_words = set(_words(item.title.partition(":")[2]))
    body_words = set(_item_terms(item)) - name_words - {"fm", "sponsor", "sponsored", "link", "check"}
    postings = speech.postings(name_words | body_words)
    scores = [2.0 * speech.cue_count(unit, "sponsor") + speech.cue_count(unit, "sponsored") for unit in units]
    for word in name_words:
        for unit, count in postings.get(word, {}).items():
            scores[unit] += 1.5 * min(count, 2)
    for word in body_words:
        saying = postings.get(word, Counter())
        if len(saying) <= max(3, n // 40):  # only words the rest of the episode rarely says
            for unit in saying:
                scores[unit] += 0.5
    starts = [unit.start for unit in units]
    first = bisect_left(starts, not_before)
    best, window = 0.0, (first, first)
    total, v = 0.0, first
    for u in range(first, n):  # sliding two-minute window [u, v)
        while v < n and starts[v] < starts[u] + 120.0:
            total += scores[v]
            v += 1
        if total > best + 1e-9:
            best, window = total, (u, v)
        total -= scores[u]
    announced = any(speech.cue_count(units[u], "sponsored") for u in range(*window))
    named = sum(min(postings.get(w, Counter()).get(u, 0), 2) for w in name_words for u in range(*window))
    if best < 6.0 or not (announced or named >= 2):
        return None
    # the read starts with its announcement ("brought to you by"), which may come up to
    # a minute and a half before the densest part (the call to action at its end)
    a, b = window
    named_units = {u for w in name_words for u in postings.get(w, {})}
    announced_at = [
        u
        for u in range(max(bisect_left(starts, starts[a] - 90.0), first), b)
        if speech.cue_count(units[u], "sponsored") or (u in named_units and speech.cue_count(units[u], "sponsor"))
    ]
    scored = [u for u in range(first, n) if scores[u] > 0]
    core = announced_at[0] if announced_at else max(range(a, b), key=lambda u: (scores[u], -u))
    lo = bisect_left(scored, core)
    hi = bisect_left(scored, max(u for u in range(a, b) if scores[u] > 0))

    def gap(x: int, y: int) -> float:  # seconds between the end of unit x and the start of unit y
        return starts[y] - (starts[x + 1] if x + 1 < n else speech.end)

    # back over gaps of 20 s, or of a minute to an earlier mention of the sponsor's name
    while lo > 0 and (
        gap(scored[lo - 1], scored[lo]) <= 20.0
        or scored[lo - 1] in named_units
        and gap(scored[lo - 1], scored[lo]) <= 60.0
        and starts[core] - starts[scored[lo - 1]] <= 150.0
    ):
        lo -= 1
    while hi + 1 < len(scored) and gap(scored[hi], scored[hi + 1]) <= 40.0:
        hi += 1
    return scored[lo], scored[hi] + 1


def place_items(
    items: Sequence[NoteItem], transcript: Transcript, aliases: dict[str, list[str]] | None = None
) -> list[Placed]:
    """Where the conversation turns to each item, in time order.

    Topics, Extras and Joke always get a start; the sponsor only when its read is
    found in the transcript after the opening. `aliases` are the episode's mention
    spellings (name -> how the transcript writes it). Returns [] when the notes
    name fewer than two topics or the transcript is too short to place them.
    """
    topics = [item for item in items if item.kind == "topic"]
    tail = [item for item in items if item.kind in ("extras", "joke")]
    sponsor = next((item for item in items if item.kind == "sponsor"), None)
    sequence = topics + tail  # extras and joke close the episode, in notes order
    if len(topics) < 2 or len(transcript.segments) < 10:
        return []
    speech = _Speech(transcript, names={item.speaker for item in topics if item.speaker})
    units = speech.units
    n = len(units)
    if n < 2 * len(sequence) + 2:
        return []
    read = _sponsor_read(sponsor, speech, not_before=90.0) if sponsor is not None else None
    cost = _UNIT_COST / n
    rows: list[list[float]] = []
    for item, terms in zip(sequence, _term_rows(sequence, speech, aliases), strict=True):
        row = _shares(terms)
        if item.kind != "topic":
            kinds = _TURN_CUES[item.kind][0]
            cue = _shares([float(min(sum(speech.cue_count(unit, k) for k in kinds), 3)) for unit in units])
            row = [0.6 * a + 0.4 * b for a, b in zip(row, cue, strict=True)] if any(terms) else cue
        if read is not None:
            row[read[0] : read[1]] = [0.0] * (read[1] - read[0])
        rows.append([v - cost for v in row])
    score, starts = _segment_dp(rows)
    if not starts:
        return []
    # neighbouring topics the hosts took in the other order
    order = list(range(len(sequence)))
    for k in range(len(topics) - 1):
        trial = order[:]
        trial[k], trial[k + 1] = trial[k + 1], trial[k]
        trial_score, trial_starts = _segment_dp([rows[i] for i in trial])
        if trial_starts and trial_score > score + _SWAP_MARGIN:
            order, score, starts = trial, trial_score, trial_starts
    ends = starts[1:] + [n]
    cluster_units = [_cluster(rows[i], a, b, cost) for i, a, b in zip(order, starts, ends, strict=True)]
    clusters = [units[u].start for u in cluster_units]
    placed: list[Placed] = []
    for pos, (index, cluster) in enumerate(zip(order, clusters, strict=True)):
        item = sequence[index]
        lower = placed[-1].start + 10.0 if placed else 5.0
        upper = clusters[pos + 1] - 10.0 if pos + 1 < len(clusters) else speech.end
        if read is not None and cluster_units[pos] >= read[1] and (pos == 0 or starts[pos - 1] < read[1]):
            lower = max(lower, units[read[1] - 1].start)  # after the sponsor read
        if pos:
            gap = _terms_end(rows[order[pos - 1]], rows[index], starts[pos - 1], cluster_units[pos], cost)
            lower = max(lower, units[gap].start if gap < n else cluster)
        placed.append(Placed(item, _turn(item.kind, cluster, lower, upper, speech)))
    if sponsor is not None and read is not None:
        at = units[read[0]].start
        before = [p.start for p in placed if p.start <= at]
        after = [p.start for p in placed if p.start > at]
        lower = before[-1] + 10.0 if before else 5.0
        upper = after[0] - 5.0 if after else speech.end
        if lower <= upper:
            placed.append(Placed(sponsor, _sponsor_start(at, lower, upper, speech)))
    placed.sort(key=lambda p: p.start)
    return placed


#: Cost of a unit outside the opening, as a share of an item's terms per unit on average.
_UNIT_COST = 1.0
#: How much better a swapped pair of topics must explain the transcript to be believed.
_SWAP_MARGIN = 0.25


# ---------------------------------------------------------------------------
# Chapters
# ---------------------------------------------------------------------------


def derive_chapters(episode: Episode) -> list[Chapter]:
    """Chapters for an episode without hand-written ones: an opening, then one per placed item.

    Returns [] when the notes name fewer than two topics or there is no transcript.
    """
    if episode.transcript is None or not episode.notes.strip():
        return []
    items = parse_notes(episode.notes)
    placed = place_items(items, episode.transcript, episode.mention_aliases)
    if not placed:
        return []
    chapters = [Chapter(start=0.0, title=OPENING_TITLE, derived=True)]
    for p in placed:
        start = float(int(p.start))
        if start <= chapters[-1].start:
            continue
        chapters.append(Chapter(start=start, title=_short(p.item.title), url=p.item.url, derived=True))
    return chapters


def _short(title: str, limit: int = 90) -> str:
    """A chapter title players can show: up to its first sentence, or `limit` characters at a word."""
    if len(title) <= limit:
        return title
    sentence = re.match(rf"(.{{20,{limit}}}?[.!?])\s", title)
    if sentence:
        return sentence.group(1)
    return title[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-–— ") + "…"


def describe(chapters: Iterable[Chapter]) -> list[str]:
    """`HH:MM:SS Title` lines, with "(derived)" after chapters computed from the notes."""
    return [f"{format_clock(ch.start)} {ch.title}" + (" (derived)" if ch.derived else "") for ch in chapters]


def chapters_key(episode: Episode) -> str:
    """What derived chapters depend on: the show notes, the mention aliases and the transcript."""
    from .transcripts.cached import transcript_key

    digest = hashlib.blake2b(episode.notes.encode(), digest_size=20)
    digest.update(repr(sorted(episode.mention_aliases.items())).encode())
    if episode.transcript is not None:
        digest.update(transcript_key(episode.transcript).encode())
    return digest.hexdigest()


def _chapter_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(c, Chapter) for c in value)


def derive_chapters_cached(episode: Episode, cache_dir: Path | None) -> list[Chapter]:
    """`derive_chapters(episode)`, read from `cache_dir` (see `podsite.cache`) when notes and transcript were seen before."""
    if cache_dir is None:
        return derive_chapters(episode)
    chapters: list[Chapter] = cached(
        cache_dir, chapters_key(episode), lambda: derive_chapters(episode), _chapter_list, remember=False
    )
    return chapters
