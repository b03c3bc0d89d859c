"""Content words of notes and transcript, and the terms that identify a note item."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from .markup import plain_text, strip_links
from .notes import NoteItem

#: Web addresses in running text ("pythonbytes.fm/sponsor", "https://..."), not words to match.
_ADDRESS = re.compile(r"(?<!\S)(?:https?://)?[\w.-]+\.[A-Za-z]{2,}/\S*|https?://\S+")
WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
STOP = frozenset(
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
def stem(word: str) -> str:
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def content_words(text: str) -> list[str]:
    """Lower-case, lightly stemmed content words (two letters at least, not stop words)."""
    out = []
    for word in WORD.findall(text.lower()):
        if len(word) < 2 or word in STOP or word.isdigit() and len(word) < 3:
            continue
        out.append(stem(word))
    return out


#: Parts of host names that say nothing about a page's subject.
_HOST_NOISE = frozenset("www com org net io dev fm co uk readthedocs github blogspot medium".split())


def _url_words(url: str) -> list[str]:
    """The words of a link's host and path: `https://hynek.me/articles/python-subclassing/`."""
    parts = urlsplit(url)
    host = [w for w in parts.netloc.lower().split(":")[0].split(".") if w not in _HOST_NOISE]
    path = re.sub(r"[-_/]+", " ", unquote(parts.path))
    return content_words(" ".join(host) + " " + path)


def item_terms(item: NoteItem, hosts: frozenset[str] = frozenset()) -> Counter[str]:
    """Term weights of one note item: title 3, link texts and URL words 2, body words 1.

    `hosts` are the (stemmed) names of the people presenting topics; their names
    stand next to every topic and say nothing about which one is on.
    """
    terms: Counter[str] = Counter()
    title = item.title.partition(":")[2] if item.kind in ("sponsor", "joke") else item.title
    for word in set(content_words(title)):
        terms[word] += 3
    text, links = strip_links(item.text)
    for link_text, url in links[:6]:
        link_text = plain_text(link_text)
        if item.kind == "sponsor" and re.fullmatch(r"\S+\.\w{2,}(?:/\S*)?", link_text):
            continue  # "pythonbytes.fm/sponsor": the show's own address, said all the time
        for word in set(content_words(link_text)):
            terms[word] += 2
        if item.kind != "sponsor":
            for word in set(_url_words(url)):
                terms[word] += 2
    body = Counter(content_words(_ADDRESS.sub(" ", plain_text(text))))
    for word, count in body.items():
        terms[word] += min(count, 3) * (1 if item.kind == "topic" else 0.5)  # type: ignore[assignment]  # a weight
    for name in hosts:
        terms.pop(name, None)
    return terms
