"""Mentions taken from an episode's show notes: the text of each external link.

Not every link text is a name. The rule (README, Mentions; tested on the real
show notes of the corpus) keeps a link text as a name when, after trimming
emphasis, quotes and trailing punctuation:

1. the link goes to an `http(s)://` address (links to other pages of the site and
   `mailto:` are not mentions);
2. it is 2 to 40 characters and at most 4 words, with a letter in it;
3. it is not a web address, handle or path (`pythonbytes.fm/live`, `@brianokken`,
   `https://...`, anything with `/`), and not code (link text written as `` `code` ``);
4. it is not a sentence or title: no `,` `;` `:` `?` `!` `"` inside, no `.` at the end,
   no possessive (`Brian's book`);
5. not every word of it is a generic link word (`here`, `this article`, `the docs`,
   `blog post`, `video`, `changelog`, `GitHub`, ... see `GENERIC_WORDS`);
6. a text of several words starts like a name: its first word has a capital letter
   or a digit (`Python Testing with pytest` counts, `environment variables` does not);
7. a single word is not a common English word that is rarely a name
   (`COMMON_WORDS`: `this`, `released`, `example`, ...), checked case-insensitively;
8. a single word written in lowercase is not a common English word (`english_words.txt`:
   `whole`, `bunch`, `letter`, ...) unless the link's address names it as a host label or
   path segment (`[rich](https://github.com/Textualize/rich)`, `[click](https://click.palletsprojects.com/)`
   are names; `a [whole] [bunch] of [projects]` is not). Show-wide common words (said in a
   fifth of the episodes) catch more, but only once a show has enough episodes;
9. a text of several words is not a description of a link: its last word is not a
   lowercase generic link word (`AWS blog`, `Announcement email`), and it is not a title
   opening with `A` or `An` (`A Python love letter`).

The first link with a given text wins when the notes link it twice.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown

from ..model import MentionSpec
from .registry import norm, safe_url

MAX_WORDS = 4
MAX_CHARS = 40

# words that, alone or together, describe a link rather than name something
GENERIC_WORDS = frozenset(
    """
    a an the this that these those it its here there my our your his her their
    link links article articles post posts blog blogs video videos docs doc documentation
    tutorial tutorials example examples changelog change log changes list source sources
    code repo repository repositories announcement announcements thread tweet tweets paper
    papers talk talks slides details more info information read see full release releases
    notes note follow up ref refs reference issue issues pr prs pull request requests
    discussion discussions guide page pages site website homepage project projects report
    survey results news episode episodes image images photo picture gist demo
    story stories comment comments original version update updates new part
    and or of on in at for to by with via from
    github pypi twitter x mastodon bluesky youtube reddit
    forum forums email emails newsletter mailing
    """.split()
)
# single words that head a link in show notes but are ordinary speech (never names)
COMMON_WORDS = frozenset(
    """
    one two three first second last next previous other another
    implemented released announced added fixed removed launched introduced
    available open closed live out now
    """.split()
)

#: words a title opens with, never a name of several words
TITLE_OPENERS = frozenset({"a", "an"})


@functools.cache
def english_words() -> frozenset[str]:
    """Common English words (wordfreq's English list, Zipf frequency 4.0 or more)."""
    text = (Path(__file__).with_name("english_words.txt")).read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def address_names(url: str, word: str) -> bool:
    """True when the address of a link names `word`: a host label or path segment is the word,
    has it as a part (`pypa-build`, `Make_(software)`) or starts with it (`fishshell.com`)."""
    parts = urlsplit(url.strip())
    key = word.casefold()
    labels = (parts.hostname or "").split(".")
    if any(label.startswith(key) for label in labels):
        return True
    for segment in labels + [unquote(s).casefold() for s in parts.path.split("/") if s]:
        if key in _PARTS.split(segment):
            return True
    return False


_PARTS = re.compile(r"[-_.()+~ ]+")
_TRIM = " \t\n*_\"'“”‘’«»()[]{}<>.,;:!?…-–—"
_LEAD_TRIM = " \t\n*_\"'“”‘’«»([{<-–—"
_ADDRESS = re.compile(
    r"(://|^www\.|^@|@[\w-]+\.|/|\.(com|org|net|io|fm|dev|co|app|me|ai|sh|so|xyz|info|edu|gov|social|codes|tv|us|uk|de|ly|gg|page|site|tech|cloud)\b)",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[,;:?!\"“”]")
_POSSESSIVE = re.compile(r"\w['’]s?\b", re.UNICODE)


@dataclass(frozen=True)
class NoteLink:
    """One link of the show notes, as a reader sees it."""

    text: str
    url: str
    code: bool  # the link text is (or contains) inline code


class _LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[NoteLink] = []
        self._href: str | None = None
        self._text: list[str] = []
        self._code = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href") or ""
            self._text = []
            self._code = False
        elif tag == "code" and self._href is not None:
            self._code = True

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append(NoteLink(" ".join("".join(self._text).split()), self._href, self._code))
            self._href = None


def note_links(notes: str) -> list[NoteLink]:
    """Every link of the Markdown show notes, in order (inline, reference and autolinks)."""
    return list(_links_of(notes))


@functools.lru_cache(maxsize=4096)
def _links_of(notes: str) -> tuple[NoteLink, ...]:
    # remembered by text: `mkdocs serve` keeps this module loaded, so a rebuild converts
    # only the notes that changed (Markdown was half the mention hook's time on the corpus)
    collector = _LinkCollector()
    collector.feed(markdown.markdown(notes))
    collector.close()
    return tuple(collector.links)


def clean_text(text: str) -> str:
    """Link text without surrounding emphasis, quotes, brackets and punctuation."""
    text = " ".join(text.split())
    text = text.lstrip(_LEAD_TRIM).rstrip(_TRIM.replace(".", ""))
    # a single trailing period ends a sentence ("See the docs."), but keep "Inc." style names short
    return text.rstrip(" .") if text.endswith(".") and not text.endswith("..") else text


def name_reason(link: NoteLink) -> str | None:
    """Why this link text is not taken as a name, or None when it is one."""
    if not safe_url(link.url):
        return "not a web link"
    if link.code:
        return "code"
    raw = " ".join(link.text.split())
    text = clean_text(raw)
    if not any(c.isalpha() for c in text):
        return "no letters"
    if len(text) < 2:
        return "too short"
    if len(text) > MAX_CHARS:
        return "too long"
    words = text.split()
    if len(words) > MAX_WORDS:
        return "too many words"
    if _ADDRESS.search(text):
        return "web address or handle"
    if raw.rstrip(" *_\"'”’)").endswith((".", "...", "…")) and len(words) > 1:
        return "sentence"
    if _SENTENCE.search(text):
        return "sentence or title"
    if _POSSESSIVE.search(text):
        return "possessive"
    keys = [w.casefold().strip(".-") for w in words]
    if all(k in GENERIC_WORDS for k in keys):
        return "generic link words"
    if len(words) > 1 and not any(c.isupper() or c.isdigit() for c in words[0]):
        return "starts like a phrase, not a name"
    if len(words) == 1 and keys[0] in COMMON_WORDS:
        return "common word"
    if len(words) == 1 and text.islower() and keys[0] in english_words() and not address_names(link.url, keys[0]):
        return "common English word"
    if len(words) > 1 and words[-1].islower() and keys[-1] in GENERIC_WORDS:
        return "describes a link"
    if len(words) > 1 and keys[0] in TITLE_OPENERS:
        return "title"
    return None


def notes_mentions(notes: str, path: str = "", line: int | None = None) -> list[MentionSpec]:
    """Mentions named by the external links of the show notes (first link per name wins)."""
    specs: list[MentionSpec] = []
    seen: set[str] = set()
    for link in note_links(notes):
        if name_reason(link) is not None:
            continue
        name = clean_text(link.text)
        key = norm(name)
        if key in seen:
            continue
        seen.add(key)
        specs.append(MentionSpec(name=name, url=link.url.strip(), source="notes", path=path, line=line))
    return specs
