"""The transcript as placement reads it: units of at least five seconds, their words, and cue phrases.

Cue phrases turn the conversation: a hand-over to the other host ("what do you got
next?"), a host announcing something new ("let's talk about"), the Extras, the
Joke, a sponsor read ("brought to you by").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from ..model import Transcript
from .scan import Scanner
from .words import STOP, WORD, stem

#: A spoken web address up to its path ("example.fm/sponsor", "pypi.python.org slash pypi").
_ADDRESS = r"[\w-]+\.(?:fm|com|io|org|net|co|dev|app|show)\s?(?:/|slash )"
ADDRESS = re.compile(_ADDRESS)

#: Phrases that turn the conversation, by kind. "pass" hands it to the other host,
#: "announce" is a host starting something new, "segue" and "interjection" are weaker.
#: "I want to" before "tell you about", "let people know about": with it, the phrase announces
#: a sponsor read ("sponsored"); without the sponsor's name after it, also a host's own item
#: (`placement` keeps it only when the sponsor is named).
WANT_TO = r"(?:i|we)(?: just)?(?: want| wanted|'d like| would like) to "
TELL_ABOUT = r"(?:tell|let) (?:you|people|everyone|folks|listeners)(?: all)? (?:know )?about\b"

_CUES: dict[str, re.Pattern[str]] = {
    # `\b(?:a|b)`, not `\ba|\bb`: the same matches, and a position inside a word is ruled
    # out by one test instead of one per phrase
    "pass": re.compile(
        r"\b(?:what (?:do |did |have |'ve )(?:you|ya|y'all)(?:'ve)? (?:got|get|have|gotten|bring|brought)\b"
        r"|what (?:you|ya|y'all)(?:'ve)? (?:got|gotten|brought)\b"
        r"|what(?:'s| is| are) (?:up next|on deck|your (?:next|first|last|final|second|third|fourth)|you got)\b"
        r"|what (?:are|do) (?:we|you) (?:starting|kicking off|start|kick off) with\b|what(?:'s| is) next\b"
        r"|(?:you're|you are|who's) up(?: next| first)?(?=[.,!?]|$)|i think you(?:'re| are) (?:up|next|on deck)\b"
        r"|i think you(?: have| got|'ve got) (?:the |a |an |our )?(?:next|last|final|one|something|item|topic)\b)"
        r"|(?:^|[.!?,] )(?:over|back|off|on) to you\b"
        r"|\b(?:take it away\b|you (?:want to|wanna) (?:kick|start|take)\b"
        r"|you(?:'ve)? got (?:the |a |an |our )?(?:next|last|final|first|second|third|fourth)\b"
        r"|your (?:next|last|final|first) (?:one|item|topic|thing)\b)"
        # "tell us about it", not "reports that tell me what ..."
        r"|(?:^|[.!?,] |\b(?:so|now|and|please|you|can you|could you|why don't you|want to|wanna) )"
        r"tell (?:us|me|people|everyone) (?:about|what)\b"
        # "so tell us why it's a big deal", not "do you want to tell us why you're not (at home)?"
        r"|(?:^|[.!?,] |\b(?:so|now|and|please) )tell (?:us|me|people|everyone) why\b"
    ),
    "announce": re.compile(
        r"\b(?:i'm|i am) up(?: next)?\b|\bnext (?:up|item|topic|story|article)\b"
        r"|\b(?:the |my |our )?next (?:one|thing|item|topic|story)\b"
        r"|\blet's (?:go back and |come back and |now )?(?:talk|start|kick|jump|get (?:into|started|going)|move (?:on|along)|go (?:on|to|over)|dive|bring|switch|shift)\b"
        r"|\b(?:i|we)(?: want| wanted| would like|'d like| would love|'d love| am going| thought i'd| thought we'd) (?:to )?"
        r"(?:sort of |kind of )?(?:talk|cover|start|kick|bring up|introduce|circle back|stick with|stay with"
        r"|(?:switch|shift|change) (?:gears|topics?|subjects?|things up|it up|directions?|tracks))\b"
        r"|\bkick (?:us|it|this|things|the show) off\b|\bstart (?:us|things) off\b"
        r"|\b(?:first|last|final) (?:item|topic|story)\b|\bbring it home\b|\bround (?:it|things|us) (?:out|up)\b"
        r"|\b(?:switch|shift|change) gears\b|\bmov(?:e|ing) on\b|\btransition"
        r"|\b(?:can|could|let) (?:i|me) (?:take|show|tell) you\b|\btake (?:us|you) (?:on|to|into)\b"
        r"|\b(?:i|we) (?:have|got|'ve got) a (?:\w+ )?(?:question|quiz|riddle)\b[^.!?]{0,40}?\bfor you\b"
    ),
    "segue": re.compile(
        r"\bspeaking of\b|\bnext\b|\b(?:another|one more|first|last|final|second|third|fourth|fifth|sixth) (?:one|thing|item|topic)\b"
        r"|\bthis (?:one|next one)\b|\bi (?:found|came across|ran across|saw)\b|\blet's\b|\bhave you (?:heard|seen|played|ever)\b"
    ),
    "interjection": re.compile(r"^\W*(?:all ?right|okay|ok|anyway|now|cool|awesome|nice|great|well)\b", re.MULTILINE),
    "followup": re.compile(r"\bfollow[- ]?ups?\b|\bour (?:own )?news\b|\bother news\b|\bany news\b"),
    "extras": re.compile(
        r"\bextras?\b|\banything else\b|\b(?:our|the) (?:six|five|four|main|normal|regular|news|official) (?:items|topics)\b"
        r"|\bthat's (?:it|all)(?: for)?(?: all)?(?: of)? our (?:\w+ )?(?:items|topics)\b|\bour (?:\w+ ){0,2}(?:items|topics)\b"
    ),
    "joke": re.compile(
        r"\bjokes?\b|\b(?:something|anything)\s(?:else\s)?funny\b|\b(?:close|finish) (?:it|this|us|things) (?:out|off) with\b"
    ),
    "opener": re.compile(
        r"\b(?:first|1st|opening) (?:topic|item|story|thing up)\b|\bkick (?:us|it|this|things|the show|the episode) off\b"
        r"|\bkick off (?:the|this|our) (?:show|episode|topics|items)\b|\bstart (?:us|things) off\b"
        r"|\bjump (?:right )?in(?:to)? (?:the|our) (?:first|topics|items|news)\b"
        r"|\bshall we (?:talk|start|begin|get (?:going|started|into)|kick|jump|dive)\b"
    ),
    # "before we get into the topics, ...": what follows is still the opening
    "not_yet": re.compile(
        r"\bbefore we (?:get|jump|dive|kick|start|go)(?: \w+){0,3}? (?:topics?|items?|news|first|it|things)\b"
    ),
    "welcome": re.compile(r"\b(?:welcome (?:back )?to|hello and welcome)\b"),
    "fun": re.compile(r"\blaugh|\bfunny\b|\bhumor|\bsomething fun\b"),
    "sponsored": re.compile(
        r"\b(?:brought|coming|come|comes) to (?:you|us|everyone|everybody) (?:all )?(?:by|through|thanks to|courtesy of)\b|\bsponsored by\b|\bour sponsor\b|\bsponsor (?:of|for) (?:this|the)\b"
        r"|\b(?:is|are|they're|were) (?:also )?sponsoring\b|\bsponsoring (?:this|the|our) (?:episode|show|podcast)\b"
        r"|\btell you (?:all )?about (?:our|this week's|today's) sponsor"
        r"|\bthanks? (?:you )?to \w+(?: \w+)? for (?:sponsoring|supporting)\b"
        r"|\bsupport (?:the show|us|our work|what we(?:'re| are) doing)\b"
        rf"|\b{WANT_TO}{TELL_ABOUT}"
    ),
    "sponsor": re.compile(
        r"\bsponsor|\b(?:brought|coming|come|comes) to (?:you|us|everyone|everybody) (?:all )?(?:by|through|thanks to|courtesy of)\b|\bsupport(?:s|ing)? (?:the|our|this) (?:show|podcast)\b"
        r"|\btell (?:you|people|everyone|folks|listeners) (?:all )?about\b|\bfor supporting\b|\bthank(?:s| you) to \w+ for\b|\bfree (?:trial|credit)\b"
        rf"|\b{_ADDRESS}\s?\w"
    ),
}

#: "Not the joke yet.", "before we get to the joke", "before we thank our sponsor": a cue named
#: only to say it is not its time (or that it is over: "those are my extras").
_NOT_YET = re.compile(
    r"\bnot (?:the |a |an |our |to the |time for (?:the |a )?)?(?:jokes?|extras?)(?: \w+)? yet\b"
    r"|\bbefore (?:we|i) (?:get|go|move on|jump|head|turn) (?:on )?(?:to|into) (?:the |our |a |my |your )?(?:jokes?|extras?)\b"
    r"|\bbefore (?:we|i) (?:\w+ ){1,2}(?:(?:our|the|a|this week's|today's) )?sponsors?\b"
    # "let's talk real quick and then we'll do a joke": the Joke announced for after what comes first
    r"|\bthen (?:we'll|we will|i'll|i will) (?:do|get to|have|hear|tell) (?:the |a |our |my |your )?jokes?\b"
    # "those are my extras", "that's it for my extras": a host's Extras end, they do not begin
    r"|\b(?:that was|that's|that is|those are|those were|that concludes)(?: it for)?(?: all)? (?:my|our|the) "
    r"(?:\w+ ){0,3}?extras?(?:,? extras?)*\b"
)

#: "Before we move on, ..." announces a detour (a sponsor, a follow-up), not the next topic.
DEFERRAL = re.compile(r"\bbefore (?:we|i) (?:\w+ ){0,3}")
#: "Over to you before we jump into the topics": the hand-over is for a detour first (matched at the cue).
DEFERRED = re.compile(r"[^.!?]{0,25}\bbefore (?:we|i) (?:get|go|jump|dive|move on|start)\b")


#: The cue phrases, each searched only where it can start (`scan.Scanner`: the same matches).
_SCANNERS = {name: Scanner(pattern) for name, pattern in _CUES.items()}
_NOT_YET_SCANNER = Scanner(_NOT_YET)


@lru_cache(maxsize=64)
def _pass_scanner(alternatives: str) -> Scanner:
    """The hand-over cues, also a host's name followed by a question ("Brian, what do you have?")."""
    address = (
        rf"\b(?:(?:{alternatives})\b[,.!?]? (?:what(?!(?: do| did)? you (?:think|reckon|make of)\b)(?:'s| do| have| are| did| else)?\b|you(?:'ve)? got\b(?! any)"
        rf"|you're up\b|you want\b|your (?:turn|next|first|last|final)\b|tell us\b|take it away\b|how about you\b)"
        rf"|(?:over|back|off|up) to you,? (?:{alternatives})\b|all ?right,? (?:{alternatives})\b"
        rf"|\b(?:over|off|on) to (?:{alternatives})\b(?!'s))"
    )
    return Scanner(re.compile(f"{_CUES['pass'].pattern}|{address}", re.MULTILINE))


#: A word (`WORD`) or a line break.
_WORD_OR_BREAK = re.compile(WORD.pattern + "|\n")


def _tokens(joined: str, texts: list[str]) -> list[list[str]]:
    """Each line's words of two characters or more (`WORD`), found in one search of the lines
    joined by line breaks (a line with a break of its own: one search a line)."""
    if joined.count("\n") != len(texts) - 1:
        return [[w for w in WORD.findall(text) if len(w) > 1] for text in texts]
    lines: list[list[str]] = [[]]
    line = lines[0]
    for token in _WORD_OR_BREAK.findall(joined):
        if token == "\n":
            line = []
            lines.append(line)
        elif len(token) > 1:
            line.append(token)
    return lines


@dataclass
class Unit:
    start: float
    first: int  # index of the first segment
    last: int  # index of the last segment (inclusive)


class Speech:
    """The transcript as the placement needs it: lower-case texts, cue positions, words, units."""

    def __init__(self, transcript: Transcript, names: Iterable[str] = (), min_unit: float = 5.0) -> None:
        self.segs = transcript.segments
        self.end = transcript.end
        self.starts = [seg.start for seg in self.segs]
        self.texts = [seg.text.lower() for seg in self.segs]
        cues = dict(_SCANNERS)
        alternatives = "|".join(sorted({re.escape(name.lower()) for name in names if len(name) > 2}))
        if alternatives:
            cues["pass"] = _pass_scanner(alternatives)
        # all cue phrases in one pass over the whole text per kind of cue
        joined = "\n".join(self.texts)
        offsets = list(accumulate((len(text) + 1 for text in self.texts[:-1]), initial=0))
        # a phrase may run on into the next line ("so the first thing that i want / to talk about")
        flat = joined.replace("\n", " ")
        self.cues: list[dict[str, list[int]]] = [{} for _ in self.texts]
        for name, scanner in cues.items():
            places = {match.start() for match in scanner.finditer(joined)}
            places.update(
                match.start() for match in scanner.finditer(flat) if "\n" in joined[match.start() : match.end()]
            )
            for place in sorted(places):
                k = bisect_right(offsets, place) - 1
                self.cues[k].setdefault(name, []).append(place - offsets[k])
        for match in _NOT_YET_SCANNER.finditer(joined):
            k = bisect_right(offsets, match.start()) - 1
            lo, hi = match.start() - offsets[k], match.end() - offsets[k]
            for name in ("joke", "extras", "sponsor", "sponsored"):
                kept = [offset for offset in self.cues[k].get(name, ()) if not lo <= offset < hi]
                if kept:
                    self.cues[k][name] = kept
                else:
                    self.cues[k].pop(name, None)
        # words, normalised once per distinct token
        norm: dict[str, str] = {}
        normal = norm.__getitem__
        self.tokens: list[list[str]] = _tokens(joined, self.texts)  # the words as said ("rat hole")
        for token in {token for raw in self.tokens for token in raw}:
            norm[token] = "" if token in STOP or token.isdigit() and len(token) < 3 else stem(token)
        self.words: list[list[str]] = [
            list(filter(None, map(normal, raw))) for raw in self.tokens
        ]  # content words, stemmed
        self.vocabulary = {word for word in norm.values() if word}
        self._cue_counts: dict[str, list[int]] = {}
        self.units: list[Unit] = []
        self.unit_of: list[int] = []
        i, n = 0, len(self.segs)
        while i < n:
            j = i
            while j + 1 < n and self.starts[j + 1] - self.starts[i] < min_unit:
                j += 1
            self.unit_of.extend([len(self.units)] * (j - i + 1))
            self.units.append(Unit(self.starts[i], i, j))
            i = j + 1

    def postings(self, wanted: set[str]) -> dict[str, Counter[int]]:
        """For each wanted word, how often each unit says it (also as two spoken words: "rat hole")."""
        forms: dict[str, str] = {}
        for word in wanted:  # the written-together forms that stem to the word
            for form in (word, word + "s", word + "'s", word[:-1] + "ies" if word.endswith("y") else word):
                if stem(form) == word:
                    forms.setdefault(form, word)
        form_set = set(forms)
        # a form of five letters or more said as two neighbouring words ("rat hole"): it starts
        # with the first of them
        apart = {form for form in form_set if len(form) >= 5}
        heads = {form[:cut] for form in apart for cut in range(1, len(form))}
        found: dict[str, Counter[int]] = {}
        for k, words in enumerate(self.words):
            hits = wanted.intersection(words)
            tokens = self.tokens[k]
            joined = {a + b for a, b in zip(tokens, tokens[1:], strict=False) if a in heads} & apart
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

    def cue_count(self, unit: Unit, name: str) -> int:
        """How many cue phrases of a kind the unit says."""
        index = self.unit_of[unit.first]
        if self.units[index] is not unit:  # not one of this transcript's units
            return sum(len(self.cues[k].get(name, ())) for k in range(unit.first, unit.last + 1))
        counts = self._cue_counts.get(name)
        if counts is None:  # every unit's count of this kind at once, the first time it is asked for
            counts = self._cue_counts[name] = [0] * len(self.units)
            for k, found in enumerate(self.cues):
                if name in found:
                    counts[self.unit_of[k]] += len(found[name])
        return counts[index]
