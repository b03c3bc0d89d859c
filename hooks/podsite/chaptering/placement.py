"""Where the conversation turns to each item of the show notes.

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
   clearly better, the hosts took them in the other order and the swap is kept;
   so is a topic moved two or more places earlier ("let's reorder my topics").
   Within its stretch, an item's terms cluster where a half-minute first holds half
   as much of them as the densest one.
3. The turn comes a little before the cluster (or shortly before the item's
   stretch, when its terms thin out after a first mention), after the previous
   item's terms stop: the first hand-over in between ("what do you got next?", "you're up",
   "over to you, Brian") or, without one, the first host announcing something new
   ("let's talk about", "the next thing I want to cover"); "Extras" / "anything
   else" for the Extras; "joke", "something funny" or "close it out with" for the
   Joke (not in "not the joke yet", nor in "ready for a joke? ... anything to throw
   out first?"). Phrases after "before we move on" announce a detour and do not
   count, nor do those followed by it ("over to you before we jump into the first
   topic"). Without any: the first weaker cue ("All right.", "speaking of") right
   after the previous item's talk stops, when it stops within a minute of the
   cluster; else a segue where the item's stretch begins, when that is well before
   the cluster (the host leads in before naming the thing); else the weaker cue nearest the cluster; else the start of the
   stretch when it is well before the cluster; else the cluster itself. A strong
   cue that opens a line up to 10 s before the old item's last words still counts
   ("All right, let's talk about ..." before a stray word of the old topic).
   The first topic starts after the show's greeting ("Hello and welcome to") and
   after "before we get into the topics", at a phrase that opens the topics
   ("kick us off", "the first topic", "shall we talk about") when there is one.
   A first topic whose words are hardly said (a chat the notes call "Topic #0")
   starts at the first turning phrase after the introductions.
4. A sponsor read is the densest two minutes of sponsor words ("brought to you
   by", the sponsor's name, "example.fm/sponsor") after the opening, widened to
   its announcement; a read that says it is one ("brought to you by", "coming to
   you through") needs fewer of them. Its stretch holds no topic, and the topic
   after it turns after it ends (after the read's last sponsor phrase; a stretch
   that straddles the read but says more of its terms after it starts after it;
   at the first sentence within ten seconds of it that opens with a turn, "Now to
   the awesome thing", "So one of the things I'd like to see", even when the old
   item's words come back later).
   A web address that names neither the sponsor nor its page ends the read;
   "I want to tell you about X" is a sponsor phrase only when X is the sponsor.
   "Sponsored by us! Support our work through:" reads the list under it (courses,
   a book, Patreon): the hosts' own read. The Joke or the Extras after the read's
   core end it. A read before the greeting ("Hello and welcome
   to ...") opens the episode: the sponsor starts at the first word.

Plain Python on the notes and transcript text: deterministic, no models, nothing
downloaded, some tens of milliseconds for an hour of conversation.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice

from rapidfuzz import fuzz, process

from ..model import Transcript
from .notes import NoteItem
from .speech import ADDRESS, DEFERRAL, DEFERRED, TELL_ABOUT, WANT_TO, Speech
from .words import content_words, item_terms

#: Seconds a start may move back from the cluster of the item's terms, and forward.
_WINDOW: dict[str, tuple[float, float]] = {
    "topic": (240.0, 12.0),
    "extras": (600.0, 60.0),
    "joke": (120.0, 60.0),
}


@dataclass
class Placed:
    """A note item and where the conversation turns to it (seconds)."""

    item: NoteItem
    start: float


def _term_weights(
    items: Sequence[NoteItem], speech: Speech, aliases: dict[str, list[str]] | None = None
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
        for word in content_words(name):
            spellings.setdefault(word, []).extend(w for alias in spelled for w in content_words(alias))
    hosts = frozenset(word for item in items if item.speaker for word in content_words(item.speaker))
    term_sets = [item_terms(item, hosts) for item in items]
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
    items: Sequence[NoteItem], speech: Speech, aliases: dict[str, list[str]] | None = None
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
    # One state at a time over every unit (a state's best at unit u needs only its own at u - 1
    # and the state before's at u - 1), with the same sums in the same order as unit by unit.
    before = [0.0] * n  # the opening: eps * k_states a unit
    total = 0.0
    for u in range(1, n):
        total = total + eps * k_states
        before[u] = total
    entries: list[list[int]] = []  # per state, the units where it is entered (enter > stay)
    for s in range(1, k_states + 1):
        bias = eps * (k_states - s)
        best = [neg] * n
        entered: list[int] = []
        stay = neg
        u = 1
        for enter, value in zip(before, islice(rows[s - 1], 1, None), strict=False):  # before[u - 1], rows[s - 1][u]
            if enter > stay:
                stay = enter + value + bias
                entered.append(u)
            else:
                stay = stay + value + bias
            best[u] = stay
            u += 1
        entries.append(entered)
        before = best
    starts = [0] * k_states
    last = n - 1
    for s in range(k_states, 0, -1):
        entered = entries[s - 1]
        at = bisect_right(entered, last) - 1  # the stretch ending at `last` began at its last entry
        if at < 0:
            return neg, []
        starts[s - 1] = entered[at]
        last = entered[at] - 1
    return before[n - 1], starts


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


def _turn(
    kind: str,
    cluster: float,
    lower: float,
    upper: float,
    speech: Speech,
    stretch: float | None = None,
    opening: bool = False,
    floor: float | None = None,
    resume: float | None = None,
    talk: float | None = None,
) -> float:
    """The moment the conversation turns to an item whose terms cluster at `cluster`.

    `lower` is where the previous item's terms end. In between, the first strong
    phrase is the turn: for a topic a hand-over to the other host, else a host
    announcing the next thing (the host who takes over often says "I want to talk
    about" again when naming the project); "Extras" / "anything else" for the
    Extras; "joke" for the Joke. Without one, the weaker cue nearest the cluster;
    without those, the cluster itself.
    """
    back, ahead = _WINDOW[kind]
    lo = max(lower, cluster - back if stretch is None else min(cluster - back, stretch - _STRETCH_BACK))
    hi = min(upper, cluster + ahead)
    if hi < lo:
        return max(lower, min(cluster, upper))
    # a strong cue may come a little before the old item's last words ("let them run it"
    # after "let's talk about ..."), never before `floor`
    slack = _CLOSING_SLACK if kind == "extras" else _CUE_SLACK
    early = lo if floor is None else max(floor, min(lo, lower - slack))
    # the first topic: "let's kick it off" a little after a stray early word of it
    late = min(upper, cluster + _OPENER_AHEAD) if opening else hi
    found: dict[str, list[float]] = {}
    speaking: list[float] = []  # segues that lead in ("speaking of", "I ran across")
    for k in range(max(bisect_left(speech.starts, early - 30.0), 0), bisect_right(speech.starts, max(hi, late))):
        for name, offsets in speech.cues[k].items():
            for offset in offsets:
                if name == "joke" and kind == "joke" and _FIRST.match(_with_next(speech, k), offset):
                    continue  # "Ready for a joke? Or actually, any extras to throw out first?"
                if name in ("pass", "announce", "opener") and (
                    DEFERRAL.search(speech.texts[k], max(0, offset - 30), offset)
                    or DEFERRED.match(speech.texts[k], offset)
                ):
                    continue  # "before we move on, ..." puts the next topic off
                t = speech.time_at(k, offset)
                if (
                    lo <= t <= hi
                    or name == "opener"
                    and hi < t <= late
                    or (
                        early <= t < lo
                        and name in _TURN_CUES[kind][0]
                        and (_CLOSING.match(speech.texts[k], offset) if kind == "extras" else offset <= _OPENING_CHARS)
                    )
                ):
                    found.setdefault(name, []).append(t)
                    if name == "segue" and speech.texts[k].startswith(_LEADS, offset):
                        speaking.append(t)
    tiers, weak = _TURN_CUES[kind]
    handed = any(found.get(name) for name in tiers)
    # "All right. So speaking of packaging, ...": right after an interjection it turns as a hand-over does
    if kind == "topic" and not handed:
        paired = [t for t in speaking if any(0.0 <= t - i <= 4.0 for i in found.get("interjection", []))]
        if paired:
            found["announce"] = paired
    near = [t for name in weak for t in found.get(name, []) if t >= cluster - 30.0]
    closing = [
        speech.starts[k]
        for k in range(bisect_left(speech.starts, max(lo, lower)), bisect_right(speech.starts, cluster))
        if _ALL_RIGHT.fullmatch(speech.texts[k].strip())
        and stretch is not None
        and abs(stretch - speech.starts[k]) <= 30.0
    ]
    strong = next((found[name] for name in tiers if found.get(name)), None)
    if opening and found.get("opener"):
        strong = found["opener"]  # "kick us off", "the first topic": the opening chat is over
    # a segue ("speaking of ...") where the item's stretch begins, well before its terms
    # cluster: the host leads in before naming the thing
    lead_in = [t for t in found.get("segue", []) if stretch is not None and abs(t - stretch) <= 10.0]
    # the previous item's talk stops shortly before the cluster: the first "All right." or
    # "speaking of" right after it is the turn
    after = [t for name in weak for t in found.get(name, []) if lower <= t <= lower + _AFTER_SECONDS]
    if (
        strong
        and handed
        and talk is not None
        and lo <= talk <= min(strong) - _READ_LEAD
        and stretch is not None
        and abs(stretch - talk) <= _AFTER_SECONDS + 5.0
    ):
        # right after a read the hosts talk about the next item (its stretch begins there) a
        # while before naming it
        turn = talk
    elif strong:
        turn = min(strong)
    elif resume is not None and lo <= resume <= hi:
        turn = resume
    elif after and cluster - lower <= _AFTER_REACH:
        turn = min(after)
    elif lead_in and stretch is not None and stretch < cluster - 30.0:
        turn = min(lead_in)
    elif closing:
        # a line that is only "All right." between the old item's talk and the new one's terms
        turn = min(closing)
    elif near:
        turn = min(near, key=lambda t: (cluster - t) if t <= cluster else 2.5 * (t - cluster))
    elif stretch is not None and lo <= stretch < cluster - 30.0:
        # no cue at all, and the item's stretch begins well before its terms cluster:
        # the host leads in there ("so there's a blog ...") before naming the thing
        turn = stretch
    else:
        return max(lo, min(cluster, hi))
    # a short "All right." / "Okay." line just before the turn belongs to it
    k = bisect_left(speech.starts, turn) - 1
    while k >= 0 and speech.starts[k] >= max(lo, turn - 4.0):
        if "interjection" in speech.cues[k] and len(speech.texts[k]) < 40:
            turn = speech.starts[k]
        k -= 1
    return turn


def _with_next(speech: Speech, k: int) -> str:
    """Line `k` of the transcript and the next one, as one text (line `k`'s offsets unchanged)."""
    return speech.texts[k] + (" " + speech.texts[k + 1] if k + 1 < len(speech.texts) else "")


def _sponsor_start(read_start: float, lower: float, upper: float, speech: Speech) -> float:
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


def _sponsor_words(item: NoteItem) -> set[str]:
    """The words of the sponsor's name, also written together ("Digital Ocean" said "DigitalOcean")."""
    name = item.title.partition(":")[2]
    words = set(content_words(name))
    if 2 <= len(name.split()) <= 3:
        words.update(content_words("".join(name.split())))
    return words


def _drop_unnamed_tells(speech: Speech, name: set[str]) -> None:
    """Drop "I want to tell you about X" from the sponsor phrases unless X is the sponsor ("about Datadog", "about them").

    Hosts say it of their own items as often ("so I want to tell you about model bakery").
    The name may be misheard ("digilotion"): a word like it counts. Episodes whose
    sponsor has no name in the notes (the hosts' own work) keep the phrase.
    """
    if not name:
        return
    for k, text in enumerate(speech.texts):
        for kind in ("sponsored", "sponsor"):
            offsets = speech.cues[k].get(kind)
            if not offsets:
                continue
            kept = []
            for offset in offsets:
                tell = _TELL_ABOUT.match(text, offset)
                if (
                    tell is None
                    or _TELL_SPONSOR.match(text, tell.end())
                    or any(
                        fuzz.ratio(word, sponsor) >= _NAME_LIKENESS
                        for word in content_words(text[tell.end() : tell.end() + _TELL_REACH])
                        for sponsor in name
                    )
                ):
                    kept.append(offset)
            if kept:
                speech.cues[k][kind] = kept
            else:
                del speech.cues[k][kind]


def _sponsor_read(item: NoteItem, speech: Speech, not_before: float) -> tuple[int, int] | None:
    """First and last unit (exclusive) of the sponsor read, if the transcript has one.

    The read is the densest two minutes of sponsor words ("brought to you by", the
    sponsor's name, words of the sponsor lines in the notes) after `not_before`,
    widened while more sponsor words follow within 25 seconds.
    """
    units = speech.units
    n = len(units)
    name_words = _sponsor_words(item)
    body_words = set(item_terms(item)) - name_words - {"fm", "sponsor", "sponsored", "link", "check"}
    postings = speech.postings(name_words | body_words)
    scores = [2.0 * speech.cue_count(unit, "sponsor") + speech.cue_count(unit, "sponsored") for unit in units]
    name_scores = [0.0] * n
    for word in name_words:
        for unit, count in postings.get(word, {}).items():
            scores[unit] += 1.5 * min(count, 2)
            name_scores[unit] += 1.5 * min(count, 2)
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
    # a read that says it is one ("brought to you by") needs less else to be believed
    if not (announced and best >= 4.0 or named >= 2 and best >= 6.0):
        return None
    # the read starts with its announcement ("brought to you by"), which may come up to
    # a minute and a half before the densest part (the call to action at its end)
    a, b = window
    # a unit names the sponsor when it says its first name word ("Microsoft") or two of them,
    # not one common word of a longer name ("founders" of "Microsoft for Startups Founders Hub")
    name_list = content_words(item.title.partition(":")[2])
    said_names = Counter(u for w in name_words for u in postings.get(w, {}))
    named_units = {
        u
        for u, count in said_names.items()
        if count >= 2 or len(name_words) == 1 or u in postings.get(name_list[0], {})
    }
    # "anything to add before I talk about <sponsor>?" names the sponsor to put the read off
    if name_words:
        put_off = re.compile(rf"\bbefore (?:we|i) (?:\w+ ){{0,4}}(?:{'|'.join(map(re.escape, sorted(name_words)))})")
        named_units = {
            u
            for u in named_units
            if not any(put_off.search(speech.texts[k]) for k in range(units[u].first, units[u].last + 1))
        }
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
    while lo > 0:
        if gap(scored[lo - 1], scored[lo]) <= 20.0:
            lo -= 1
            continue
        # the earliest mention of the name within the minute, over units that do not name it
        # ("do.co slash python" between "Speaking of ..., DigitalOcean" and the rest of the read)
        reach, j = None, lo - 1
        while j >= 0 and gap(scored[j], scored[lo]) <= 60.0:
            if scored[j] in named_units and starts[core] - starts[scored[j]] <= 150.0:
                reach = j
            j -= 1
        if reach is None:
            break
        lo = reach
    while hi + 1 < len(scored) and gap(scored[hi], scored[hi + 1]) <= 40.0:
        hi += 1
    # at the read's end, a unit that names neither the sponsor nor its page is the next
    # topic's talk: a web address ("pypi.python.org slash pypi"), or a sponsor phrase
    # ("I'll tell you about") more than 20 s after the read's last words
    sponsor_words = name_words | body_words

    def stray(i: int) -> bool:
        unit = units[scored[i]]
        if speech.cue_count(unit, "sponsored") or any(scored[i] in postings.get(w, {}) for w in sponsor_words):
            return False
        said = [(k, o) for k in range(unit.first, unit.last + 1) for o in speech.cues[k].get("sponsor", ())]
        return all(ADDRESS.match(speech.texts[k], o) for k, o in said) or gap(scored[i - 1], scored[i]) > 20.0

    while hi > lo and stray(hi):
        hi -= 1
    # after its call to action ("example.fm/sponsor"), the sponsor's name alone belongs
    # to the talk that follows ("places like <sponsor> now offer ...")
    calls = [i for i in range(lo, hi + 1) if speech.cue_count(units[scored[i]], "sponsor")]
    while calls and hi > calls[-1] and scores[scored[hi]] == name_scores[scored[hi]]:
        hi -= 1
    # a hand-over or the Joke after the read's core ("Now we can do a joke.") ends it: what
    # follows is the next item, even when it says a word of the read ("our HTMX course")
    turns = [u for u in range(core + 1, scored[hi] + 1) if any(speech.cue_count(units[u], k) for k in _READ_ENDS)]
    if turns:
        hi = max(bisect_left(scored, turns[0]) - 1, lo)
    return scored[lo], scored[hi] + 1


def _read_end(read: tuple[int, int], speech: Speech) -> float:
    """Just after the last sponsor phrase of a read's last unit, so its own words are no turn.

    ("I just want to tell people about <sponsor>" reads like a hand-over; the hand-over
    right after "thanks to <sponsor> for supporting the show" in the same unit still counts.)
    """
    unit = speech.units[read[1] - 1]
    said = [
        speech.time_at(k, offset)
        for k in range(unit.first, unit.last + 1)
        for name in ("sponsor", "sponsored")
        for offset in speech.cues[k].get(name, ())
    ]
    return max(said) + 0.5 if said else unit.start


def _first_cue(speech: Speech, lo: float, hi: float) -> float | None:
    """The first turning phrase of any strength between `lo` and `hi`."""
    for k in range(max(bisect_left(speech.starts, lo - 30.0), 0), bisect_right(speech.starts, hi)):
        said = [
            speech.time_at(k, offset)
            for name in ("pass", "announce", "opener", "segue", "interjection")
            for offset in speech.cues[k].get(name, ())
        ]
        said = [t for t in said if lo <= t <= hi]
        if said:
            return min(said)
    return None


def _first_talk(speech: Speech, t: float, plugged: set[int]) -> float | None:
    """The first line from `t` on that says more than a short reaction to the read ("Yeah, definitely cool.")."""
    for k in range(bisect_left(speech.starts, t), min(bisect_left(speech.starts, t + _READ_LEAD), len(speech.starts))):
        if k in plugged:
            return None  # still the read
        if len(speech.texts[k].strip()) >= _REACTION_CHARS:
            return speech.starts[k]
    return None


def _next_sentence(speech: Speech, t: float, reach: float = 0.0) -> float | None:
    """Where the first sentence from `t` on (within `reach` seconds of it) that opens with a turn ("Now to ...") begins."""
    k = max(bisect_right(speech.starts, t) - 1, 0)
    while k < len(speech.texts):
        text = speech.texts[k]
        if speech.starts[k] >= t:
            if _TURNING.match(text):
                return speech.starts[k]
            if speech.starts[k] > t + reach:
                return None
        for match in _SENTENCE.finditer(text):
            at = speech.time_at(k, match.end())
            if at >= t:
                if _TURNING.match(text, match.end()):
                    return at
                if at > t + reach:
                    return None
        k += 1
    return None


def _preroll(speech: Speech) -> tuple[int, int] | None:
    """First and last unit (exclusive) of an ad read before the show's greeting, if the episode opens with one.

    Some episodes start with a read ("this episode is brought to you by ...") and
    only then say "Hello and welcome to ...": the read is the sponsor's, from the
    first word to the greeting.
    """
    ad = greeting = None
    for u, unit in enumerate(speech.units):
        if unit.start > _PREROLL_SECONDS + 60.0:
            break
        if greeting is None and speech.cue_count(unit, "welcome"):
            greeting = u
        if ad is None and unit.start <= _PREROLL_SECONDS and speech.cue_count(unit, "sponsored"):
            ad = u
    if ad is not None and greeting is not None and ad < greeting:
        return 0, greeting
    return None


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
    speech = Speech(transcript, names={item.speaker for item in topics if item.speaker})
    units = speech.units
    n = len(units)
    if n < 2 * len(sequence) + 2:
        return []
    if sponsor is not None:
        _drop_unnamed_tells(speech, _sponsor_words(sponsor))
    preroll = _preroll(speech) if sponsor is not None else None
    read = preroll or (_sponsor_read(sponsor, speech, not_before=90.0) if sponsor is not None else None)
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
    # a topic the hosts took up earlier than the notes list it ("let's reorder my topics")
    best = None
    for k in range(2, len(topics)):
        for j in range(k - 1):
            trial = order[:]
            trial.insert(j, trial.pop(k))
            trial_score, trial_starts = _segment_dp([rows[i] for i in trial])
            if trial_starts and trial_score > score + _SWAP_MARGIN and (best is None or trial_score > best[0]):
                best = (trial_score, trial, trial_starts)
    if best is not None:
        score, order, starts = best
    ends = starts[1:] + [n]
    greeting = next(
        (
            speech.time_at(k, speech.cues[k]["welcome"][0])
            for k in range(bisect_right(speech.starts, _GREETING_SECONDS))
            if "welcome" in speech.cues[k]
        ),
        None,
    )
    # "before we get into the topics, ...": the first topic starts after that
    deferred = [
        speech.time_at(k, speech.cues[k]["not_yet"][-1])
        for k in range(bisect_right(speech.starts, _GREETING_SECONDS + 120.0))
        if "not_yet" in speech.cues[k]
    ]
    if read is not None:
        # a stretch that straddles the sponsor read but says more of its terms after it than before:
        # the words before the read are the previous topic's talk, the topic starts after it
        for pos, index in enumerate(order):
            a, b = starts[pos], ends[pos]
            if a < read[0] and b > read[1]:
                said_before = sum(max(v, 0.0) for v in rows[index][a : read[0]])
                said_after = sum(max(v, 0.0) for v in rows[index][read[1] : b])
                if said_after > said_before:
                    starts[pos] = read[1]
    plugged: set[int] = set()  # lines that say the sponsor's name or a sponsor phrase
    if read is not None and sponsor is not None:
        name = _sponsor_words(sponsor)
        plugged = {k for k, words in enumerate(speech.words) if "sponsor" in speech.cues[k] or name.intersection(words)}
    cluster_units = [_cluster(rows[i], a, b, cost) for i, a, b in zip(order, starts, ends, strict=True)]
    clusters = [units[u].start for u in cluster_units]
    placed: list[Placed] = []
    for pos, (index, cluster) in enumerate(zip(order, clusters, strict=True)):
        item = sequence[index]
        lower = placed[-1].start + 10.0 if placed else 5.0
        upper = clusters[pos + 1] - 10.0 if pos + 1 < len(clusters) else speech.end
        resume = talk = None
        if read is not None and cluster_units[pos] >= read[1] and (pos == 0 or starts[pos - 1] < read[1]):
            lower = max(lower, _read_end(read, speech))  # after the sponsor read
            resume = _next_sentence(speech, lower, _RESUME_REACH)  # the talk after a read goes on with the next item
            if resume is not None and any(
                k in plugged
                for k in range(bisect_left(speech.starts, resume - 1.0), bisect_right(speech.starts, resume + 30.0))
            ):
                resume = None  # the read goes on ("so check them out")
            talk = _first_talk(speech, lower, plugged)
        if pos == 0 and greeting is not None and greeting < cluster:
            lower = max(lower, greeting)  # talk before "Hello and welcome" is not a topic
        if pos == 0 and deferred and deferred[-1] < cluster:
            lower = max(lower, deferred[-1])
        floor = lower
        # a sentence that turns right after the read resumes the talk with this item: the old item's
        # words after the read (said again in passing) do not hold its start back
        resumed = read is not None and resume is not None and clusters[pos - 1] < units[read[0]].start
        if pos and not resumed:
            # the old item's terms end soon after the new stretch begins: later ones are stray mentions
            end = min(cluster_units[pos], starts[pos] + _STRAY_UNITS)
            gap = _terms_end(rows[order[pos - 1]], rows[index], starts[pos - 1], end, cost)
            lower = max(lower, units[gap].start if gap < n else cluster)
        if pos == 0 and len(clusters) > 1 and clusters[1] - cluster < _SQUEEZED and item.kind == "topic":
            # the first topic's words are hardly said (a chat the notes call "Topic #0"): it is
            # the talk from the first cue after the introductions up to the next topic
            chat = _first_cue(speech, lower + _INTRO_SECONDS, clusters[1] - _SQUEEZED)
            if chat is not None:
                placed.append(Placed(item, chat))
                continue
        turn = _turn(item.kind, cluster, lower, upper, speech, units[starts[pos]].start, pos == 0, floor, resume, talk)
        placed.append(Placed(item, turn))
    if sponsor is not None and preroll is not None:
        placed.append(Placed(sponsor, units[0].start))
    elif sponsor is not None and read is not None:
        at = units[read[0]].start
        before = [p.start for p in placed if p.start <= at]
        after = [p.start for p in placed if p.start > at]
        lower = before[-1] + 10.0 if before else 5.0
        upper = after[0] - 5.0 if after else speech.end
        if lower <= upper:
            placed.append(Placed(sponsor, _sponsor_start(at, lower, upper, speech)))
    placed.sort(key=lambda p: p.start)
    return placed


#: Seconds between the first two topics' clusters below which the first is hardly said.
_SQUEEZED = 30.0
#: Seconds after the greeting that the hosts take to introduce themselves.
_INTRO_SECONDS = 10.0
#: Seconds before the old item's last words where a strong cue may still be the turn.
_CUE_SLACK = 10.0
#: Seconds between the first talk after a read and a later hand-over for the talk to start the item.
_READ_LEAD = 45.0
#: "(I want to) tell you about": a sponsor phrase when the sponsor is named within this many characters after it.
_TELL_ABOUT = re.compile(f"(?:{WANT_TO})?{TELL_ABOUT}")
_TELL_REACH = 60
#: How alike (`fuzz.ratio`) a word after it and a word of the sponsor's name must be to be that name.
_NAME_LIKENESS = 60.0
#: "Tell you about them", "tell you about our sponsor": the sponsor without its name.
_TELL_SPONSOR = re.compile(r"\W*(?:them|they|(?:our|this week's|today's|the) sponsors?)\b")
#: A call for the Joke whose sentence, or the next, asks for something else "first": the Joke comes later.
_FIRST = re.compile(r"[^.!?]*[.!?]?\s*[^.!?]{0,100}(?<!go )(?<!start )\bfirst\s*[.!?]")
#: Seconds after a read's last sponsor phrase within which a sentence that opens with a turn resumes the talk.
_RESUME_REACH = 10.0
#: A line shorter than this many characters right after a read is a reaction to it.
_REACTION_CHARS = 45
#: Segues that, right after "All right." or "Now,", lead into a new item.
_LEADS = ("speaking of", "i ran across", "i came across", "i found")
#: A line that is only "All right." ("Okay." answers as often as it turns).
_ALL_RIGHT = re.compile(r"all ?right[.!]?")
#: Seconds after the first topic's cluster where a phrase that opens the topics still starts it.
_OPENER_AHEAD = 90.0
#: The same for the Extras: "that's it for our main items" closes the topics wherever it is said.
_CLOSING_SLACK = 30.0
_CLOSING = re.compile(r"that's (?:it|all)\b|(?:our|the) (?:\w+ )?(?:items|topics)\b")
#: Characters into a line within which a cue opens what is said ("All right, let's talk about").
_OPENING_CHARS = 15
#: The end of a sentence inside a line of the transcript.
_SENTENCE = re.compile(r"[.!?]+\s+")
#: A sentence that opens by turning to something else (not the read's "so check them out").
_TURNING = re.compile(
    r"(?:now|so|all ?right|okay|ok|anyway)\b(?!,? (?:be sure to |please )?(?:check|go|visit|head|tell|thank))"
)
#: Cues after a sponsor read's core that end the read: the conversation has moved on.
_READ_ENDS = ("joke", "extras")
#: An ad read before the greeting starts within this many seconds of the episode's start.
_PREROLL_SECONDS = 30.0
#: Units into an item's stretch after which the previous item's terms are stray mentions.
_STRAY_UNITS = 6
#: The show's greeting ("Hello and welcome to ...") comes within this many seconds of the start.
_GREETING_SECONDS = 180.0
#: A weak cue this many seconds after the previous item's terms end is the turn when they
#: end at most `_AFTER_REACH` seconds before the cluster.
_AFTER_SECONDS = 10.0
_AFTER_REACH = 60.0
#: Seconds before the start of its stretch where a turn to an item may still be.
_STRETCH_BACK = 30.0
#: Cost of a unit outside the opening, as a share of an item's terms per unit on average.
_UNIT_COST = 1.0
#: How much better a swapped pair of topics (or a topic moved earlier) must explain the transcript to be believed.
_SWAP_MARGIN = 0.25
