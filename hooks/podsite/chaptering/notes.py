"""The topics, sponsor, Extras and Joke that an episode's show notes name, in notes order."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .markup import BULLET, HEADING, clean_line, strip_links
from .titles import body_title, clean_title, host_title, section_title, sponsor_from_url, sponsor_title, url_title


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


_FENCE = re.compile(r"^\s*(```|~~~)[\w+-]*\s*$")
_NAME = r"[A-Z][A-Za-z'’.-]*(?:\s[A-Z][A-Za-z'’.-]*)?"
# "Brian #1: title", "Michael #2 title", "Michael: #0: title"
_TOPIC_NAME_FIRST = re.compile(
    rf"^(?P<name>{_NAME})\s*:?\s*#\s*(?P<num>\d{{1,2}})(?:\.\d+)?\b\s*[:.)\-–—]*\s*(?P<rest>.*)$"
)
# "Cecil 5: title", the "#" left out: only for a name the notes also use with "#"
_TOPIC_NAME_NO_HASH = re.compile(rf"^(?P<name>{_NAME})\s+(?P<num>\d{{1,2}})\s*:\s*(?P<rest>.*)$")
# "#1 (Brian): title", "#2 Michael: title", "#5: (Brian): title", "#1 title"
_TOPIC_NUMBER_FIRST = re.compile(
    rf"^#\s*(?P<num>\d{{1,2}})(?:\.\d+)?\b\s*[:.)\-–—]*\s*"
    rf"(?:\((?P<pname>{_NAME})\)\s*[:.\-–—]*\s*|(?P<cname>{_NAME})\s*:\s*)?(?P<rest>.*)$"
)
# "BO 1: title": a host's initials and the topic's number, taken only as the next topic in turn
_TOPIC_INITIALS = re.compile(r"^(?P<name>[A-Z]{2,3})\s+(?P<num>\d{1,2})\s*:\s*(?P<rest>\S.*)$")
_EXTRAS = re.compile(
    r"^(?:extras?\b|our (?:personal )?news\b|news from us\b|(?:in )?other news\b|follow[- ]?ups?\b"
    r"|follow[- ]up and other news\b)",
    re.IGNORECASE,
)
#: "Michael: Follow up on RHL": a host's follow-up, named like a topic line, starts the Extras.
_NAMED_FOLLOW_UP = re.compile(rf"^{_NAME}\s*:\s*(?=follow[- ]?ups?\b)", re.IGNORECASE)
_JOKE = re.compile(r"^jokes?\b[\s!:(]*", re.IGNORECASE)
_SPONSOR_LINE = re.compile(r"\b(?:sponsored by|brought to you by)\b|^sponsored\s*:", re.IGNORECASE)
_BULLET_LINE = re.compile(r"^\s*[-*+]\s+\S")
_SPONSOR_HEADING = re.compile(r"^sponsors?\s*:?\s*$", re.IGNORECASE)
_LIST_SECTION = re.compile(r"^(?:topics|news items|in this episode|stories|headlines)\s*:?\s*$", re.IGNORECASE)
_OTHER_SECTION = re.compile(r"^(?:links|connect with|show intro|guests?|special guests?|sponsors?)\b", re.IGNORECASE)


def parse_notes(notes: str) -> list[NoteItem]:
    """The topics, sponsor, Extras and Joke that the show notes name, in notes order.

    Recognised topic lines (Markdown emphasis, links and `#` headings around them
    are ignored): `Brian #1: Title`, `#1 (Brian): Title`, `#2 Michael: Title`,
    `#3 Title`, `Cecil 5: Title` when the notes also write `Cecil #2`, `BO 1: Title` (initials)
    when 1 is the next topic's number; a topic line without a title takes the next line. Without numbered
    topics, the link lines (or bullets starting with a link) under a `Topics` or
    `News items` heading are the topics. `Extras`, `Extra`, `Our news`, `Other news`,
    `Follow up` (also `Michael: Follow up on ...`) start the Extras; `Joke:` / `Jokes` the Joke (with its title if it has one); a
    line with "Sponsored by" / "Sponsored:" / "brought to you by", or a `Sponsor` heading, names
    the sponsor.
    """
    lines = notes.split("\n")
    cleaned = [clean_line(raw) for raw in lines]
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
        is_bullet = bool(BULLET.match(raw)) and not stripped.startswith("**")
        if pending_title is not None:
            if not is_bullet and text and _topic(text, links, names, index) is None:
                pending_title.title = clean_title(text)
                if pending_title.url is None and links:
                    pending_title.url = links[0][1]
                raw_items[-1][1].append(raw)
                pending_title = None
                continue
            pending_title = None
        if not is_bullet:
            item = _topic(text, links, names, index) or _initials_topic(text, links, index, raw_items)
            if item is not None:
                raw_items.append((item, [raw]))
                if not item.title:
                    pending_title = item
                continue
            unnamed = _NAMED_FOLLOW_UP.sub("", text)
            bare = re.sub(r"[“”\"]", "", unnamed)  # for keywords: “**Joke”:**
            if len(text) <= 80 and _EXTRAS.match(bare) and "extras" not in seen:
                seen.add("extras")
                raw_items.append((NoteItem("extras", section_title(unnamed) or "Extras", line=index), [raw]))
                section = ""
                continue
            if _JOKE.match(bare) and len(text) < 300 and "joke" not in seen:
                seen.add("joke")
                rest = re.sub(r"^\(.*?\)\s*:?\s*", "", _JOKE.sub("", bare, count=1))
                title = clean_title(rest)
                joke = NoteItem("joke", f"Joke: {title}" if title else "Joke", line=index)
                joke.url = links[0][1] if links else None
                raw_items.append((joke, [raw]))
                section = ""
                continue
            if "sponsor" not in seen and (_SPONSOR_HEADING.match(text) or _SPONSOR_LINE.search(text)):
                seen.add("sponsor")
                if _SPONSOR_HEADING.match(text):
                    name = next((sponsor_title(t) for t, _ in cleaned[index : index + 4] if t), "")
                else:
                    name = _sponsor_name(text)
                    if not name and links:  # "Sponsored by pythonbytes.fm/datadog"
                        name = sponsor_from_url(links[0][1])
                sponsor = NoteItem("sponsor", f"Sponsor: {name}" if name else "Sponsor", line=index)
                if links:
                    sponsor.url = links[0][1]
                raw_items.append((sponsor, [raw]))
                continue
            if HEADING.match(stripped):
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
        text, links = strip_links("\n".join(body_lines))
        item.text = "\n".join(body_lines)
        item.urls = [url for _, url in links if url.startswith("http")]
        if item.url is None and item.kind == "topic" and item.urls:
            item.url = item.urls[0]
        if not item.title and item.kind == "topic":
            # only a URL: a name from its path, else the words the notes put around it, else its site
            item.title = (
                (url_title(item.url) if item.url else "")
                or body_title(body_lines[1:])
                or (host_title(item.url) if item.url else f"Topic {item.number}")
            )
        items.append(item)
    return items


def _sponsor_lines(lines: list[str], line: int) -> list[str]:
    """The sponsor line and the paragraph it starts (a `Sponsor` heading: the next paragraph too)."""
    block = [lines[line - 1]]
    heading_only = _SPONSOR_HEADING.match(clean_line(lines[line - 1])[0]) is not None
    for raw in lines[line : line + 8]:
        if not raw.strip():
            if heading_only and len(block) == 1:
                continue
            if heading_only and len(block) < 4:
                heading_only = False
                continue
            break
        block.append(raw)
    # "Sponsored by us! Support our work through:" introduces the list of what is read
    end = line + len(block) - 1
    if block[-1].rstrip().endswith(":"):
        rest = lines[end:]
        skip = next((i for i, raw in enumerate(rest) if raw.strip()), len(rest))
        for raw in rest[skip : skip + 8]:
            if not _BULLET_LINE.match(raw):
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
    if not m:
        m = _TOPIC_NAME_NO_HASH.match(text)
        if m and m.group("name").split()[0] not in names:
            m = None
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
    return _topic_item(rest, int(m.group("num")), line, speaker, links)


def _topic_item(rest: str, number: int, line: int, speaker: str | None, links: list[tuple[str, str]]) -> NoteItem:
    """A topic from the rest of its line (the title), its number and its first web link."""
    item = NoteItem("topic", clean_title(rest), number=number, line=line, speaker=speaker)
    if links:
        item.url = next((url for _, url in links if url.startswith("http")), None)
    return item


def _initials_topic(
    text: str, links: list[tuple[str, str]], line: int, found: list[tuple[NoteItem, list[str]]]
) -> NoteItem | None:
    """A topic line written with the host's initials ("BO 1: A couple of articles"), when its
    number is the next topic's ("PEP 8: ..." inside a topic's notes is not a topic)."""
    m = _TOPIC_INITIALS.match(text)
    if not m or int(m.group("num")) != sum(item.kind == "topic" for item, _ in found) + 1:
        return None
    return _topic_item(m.group("rest"), int(m.group("num")), line, None, links)


def _sponsor_name(text: str) -> str:
    m = _SPONSOR_LINE.search(text)
    return sponsor_title(text[m.end() :]) if m else ""


def _list_topics(
    lines: list[str], candidates: list[tuple[int, str, str]], raw_items: list[tuple[NoteItem, list[str]]]
) -> list[tuple[NoteItem, list[str]]]:
    """Topics as the top-level bullets or link lines of a Topics / News items section (notes without `#N`)."""
    keep = [(item, body) for item, body in raw_items if item.kind not in ("topic", "_end")]
    paragraphs = [c for c in candidates if not BULLET.match(c[2])]
    if len(paragraphs) >= 2:  # link paragraphs with detail bullets below them: the paragraphs are the topics
        candidates = paragraphs
    topics: list[tuple[NoteItem, list[str]]] = []
    starts = [line for line, _, _ in candidates]
    for n, (line, text, raw) in enumerate(candidates, start=1):
        title = clean_title(text)
        head, sep, _ = title.partition(": ")
        if sep and re.match(r"^\s*(?:[-+*]\s+)?\**\s*\[[^\]]+\]\([^)]*\)\**\s*:", raw):
            title = head
        title = re.sub(r"^#\s*\d+\s*[:.]?\s*", "", title).rstrip(".")
        end = starts[n] if n < len(starts) else len(lines) + 1
        block = [raw]
        for other in lines[line : end - 1]:
            if HEADING.match(other):
                break
            block.append(other)
        links = strip_links(raw)[1]
        topics.append((NoteItem("topic", title, url=links[0][1] if links else None, number=n, line=line), block))
    merged = topics + keep
    merged.sort(key=lambda pair: pair[0].line)
    return merged
