"""Find names in a transcript: works on the segments of the model, never on HTML.

Rules (README, Mentions):
- case-insensitive, whole words only; the words of a multi-word name may be
  separated by any spacing, and by a line break into the next line of the same
  speaker within the same chapter;
- a name may be followed by a possessive (`Flask's`, `Flask’s`, `pandas'`) or a
  plural `s`/`es` (`DataFrames`); the link covers the name and a plural ending,
  not the possessive;
- never inside another word (`Ruff` in `Ruffle`, `pytest` in `pytest-cov`), and
  never inside a token that looks like a URL, a path, an email or code
  (`https://…`, `duckdb.sql`, `tmp_path`, `` `flask` ``, `@handle`) unless the name
  is that whole token;
- overlapping candidates: the longest wins, then the earliest, then registry names
  before aliases before show-notes names;
- every occurrence is a hit; the first occurrence of each mention in each chapter
  (the lines before the first chapter count as one) is the linked one.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..model import Chapter, EpisodeRef, MentionHit, MentionSpec, Segment

#: What separates tokens: whitespace, em and en dashes.
_SEPARATORS = r"\s\u2014\u2013"
_TOKEN = re.compile(f"[^{_SEPARATORS}]+")
#: One character between tokens (`_TOKEN`).
_SEPARATOR = re.compile(f"[{_SEPARATORS}]")
_LEAD = "\"'“‘«‹([{¿¡*"
_TRAIL = "\"'”’»›)]}.,;:!?…*"
_CODE_CHARS = set("_/\\=<>{}[]()`|~^$#%+*@")
_DOTTED = re.compile(r"(?<=[^\W\d_])[.:](?=\w)|(?<=\w)[.:](?=[^\W\d_])")
_EPISODE = re.compile(
    r"(?<![\w-])episodes?[ \t]+(?:number[ \t]+|no\.?[ \t]*|#[ \t]*)?(\d{1,5})(?![\w-]|[.,]\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Term:
    """One spelling to look for, and the mention it stands for.

    `rank` orders spellings of equal length at the same place: 0 registry name,
    1 registry alias, 2 episode alias, 3 show-notes name.
    """

    text: str
    spec: MentionSpec
    rank: int = 0


@dataclass
class _Token:
    start: int  # core start (after leading punctuation)
    end: int  # core end (before trailing punctuation and a possessive)
    code: bool
    raw_end: int  # end of the token with its trailing punctuation


def _core(text: str, start: int, end: int) -> _Token:
    """Trim punctuation around one token; flag tokens that look like URLs or code."""
    raw_end = end
    while start < end and text[start] in _LEAD:
        start += 1
    while end > start and text[end - 1] in _TRAIL:
        end -= 1
    lowered = text[start:end].casefold()
    if lowered.endswith(("'s", "’s")) and end - start > 2:
        end -= 2
    core = text[start:end]
    code = (
        "://" in core
        or core.casefold().startswith("www.")
        or any(c in _CODE_CHARS for c in core)
        or bool(_DOTTED.search(core))
    )
    return _Token(start, end, code, raw_end)


def _pattern(term: str) -> re.Pattern[str]:
    words = [re.sub(r"['’]", "['’]", re.escape(w)) for w in term.split()]
    return re.compile(r"\s+".join(words), re.IGNORECASE)


class _Text:
    """The segments joined by newlines, with token cores and offset lookups."""

    def __init__(self, segments: list[Segment]) -> None:
        self.segments = segments
        self.offsets: list[int] = []
        pos = 0
        for seg in segments:
            self.offsets.append(pos)
            pos += len(seg.text) + 1
        self.text = "\n".join(seg.text for seg in segments)
        self._cores: dict[int, _Token] = {}

    def segment_of(self, pos: int) -> int:
        return bisect.bisect_right(self.offsets, pos) - 1

    def token_at(self, pos: int) -> _Token | None:
        """The last token (`_TOKEN`) that starts at or before `pos`: the one around it, or before
        it when `pos` separates tokens. Found from `pos` (only a match's ends ask), its core
        worked out once."""
        text = self.text
        between = _SEPARATOR.match
        end = min(pos, len(text) - 1)
        while end >= 0 and between(text, end):
            end -= 1
        if end < 0:
            return None
        start = end
        while start > 0 and not between(text, start - 1):
            start -= 1
        token = self._cores.get(start)
        if token is None:
            found = _TOKEN.match(text, start)
            assert found is not None
            token = self._cores[start] = _core(text, start, found.end())
        return token


def _accept(doc: _Text, start: int, end: int, term: str) -> int | None:
    """End of the link for a raw match `[start, end)` when it is a whole-word mention, else None."""
    first = doc.token_at(start)
    last = doc.token_at(end - 1)
    if first is None or last is None or first.start != start:
        return None
    if last.end <= end <= last.raw_end:
        return end  # the name itself may end in punctuation (`Yahoo!`) or a possessive (`Macy's`)
    rest = doc.text[end : last.end].casefold()
    if end < last.end and not last.code and rest in ("s", "es") and term[-1:].isalpha():
        return last.end
    return None


def chapter_indexes(segments: list[Segment], chapters: list[Chapter]) -> list[int]:
    """Chapter of each segment as the page lays it out (-1 before the first chapter)."""
    ordered = sorted(chapters, key=lambda c: c.start)
    result: list[int] = []
    current = -1
    for seg in segments:
        while current + 1 < len(ordered) and seg.start >= ordered[current + 1].start:
            current += 1
        result.append(current)
    return result


def find_mentions(
    segments: list[Segment],
    terms: list[Term],
    chapters: list[Chapter] | None = None,
    taken: list[tuple[int, int]] | None = None,
) -> list[MentionHit]:
    """Every occurrence of the terms, in transcript order, first one per chapter linked.

    `taken` are `(start, end)` offsets in the newline-joined segment texts that
    other links already use (spoken episode references), so no name overlaps them.
    """
    doc = _Text(segments)
    chapter_of = chapter_indexes(segments, chapters or [])
    candidates: list[tuple[int, int, int, int, Term]] = []  # (-length, start, rank, end, term)
    for term in terms:
        if not term.text.strip():
            continue
        for match in _pattern(term.text).finditer(doc.text):
            end = _accept(doc, match.start(), match.end(), term.text)
            if end is None:
                continue
            first, last = doc.segment_of(match.start()), doc.segment_of(end - 1)
            if first != last and not all(
                segments[i].speaker == segments[first].speaker and chapter_of[i] == chapter_of[first]
                for i in range(first, last + 1)
            ):
                continue
            candidates.append((match.start() - end, match.start(), term.rank, end, term))
    candidates.sort(key=lambda c: (c[0], c[1], c[2]))
    used: list[tuple[int, int]] = sorted(taken or [])
    chosen: list[tuple[int, int, Term]] = []
    for _neg, start, _rank, end, term in candidates:
        index = bisect.bisect_left(used, (start, end))
        if index > 0 and used[index - 1][1] > start:
            continue
        if index < len(used) and used[index][0] < end:
            continue
        used.insert(index, (start, end))
        chosen.append((start, end, term))
    chosen.sort(key=lambda c: c[0])

    hits: list[MentionHit] = []
    linked: set[tuple[int, int]] = set()
    for start, end, term in chosen:
        first = doc.segment_of(start)
        last = doc.segment_of(end - 1)
        key = (id(term.spec), chapter_of[first])
        hit = MentionHit(
            mention=term.spec,
            segment_index=first,
            start=segments[first].start,
            char_start=start - doc.offsets[first],
            char_end=end - doc.offsets[last],
            linked=key not in linked,
            end_index=last if last != first else None,
        )
        linked.add(key)
        hits.append(hit)
    return hits


#: words that may stand capitalized before "episode" without naming a show ("So episode 4")
_NOT_A_SHOW = frozenset(
    """
    a an and as at back but by for from in into is it its like last next of on or our see so that the
    then this to was we well were what when yeah yes you your okay ok oh also just maybe now right sure
    i i'm he she they there here his her their my me episode episodes it's that's here's there's what's
    """.split()
)
_OWN_BEFORE = re.compile(r"(?<![\w-])our\s+$", re.IGNORECASE)
_THIS_IS_BEFORE = re.compile(r"(?<![\w-])(this\s+is|it['’]s|that['’]s)\s+$", re.IGNORECASE)
_BACK_BEFORE = re.compile(r"(?<![\w-])back\s+(in|on|at)\s+$", re.IGNORECASE)
_OTHER_BEFORE = re.compile(r"(?<![\w-])(his|her|their)\s+$", re.IGNORECASE)
_WE = re.compile(r"(?<![\w-])(we|we['’]ve|we['’]re|we['’]ll|us)(?![\w-])", re.IGNORECASE)
_LINK_WORD = re.compile(r"[ \t]*(?:of|on|from|at)[ \t]+")
_SHOW_WORDS = re.compile(r"(?<![\w-])(podcast|podcasts|show(?![ \t]+notes))(?![\w-])", re.IGNORECASE)
_OWN_SHOW_WORDS = re.compile(
    r"(?<![\w-])((this|our)[ \t]+(podcast|show)|the[ \t]+(same[ \t]+)?show)(?![\w-])", re.IGNORECASE
)
_ON_NAME = re.compile(r"(?<![\w-])(?:on|of)[ \t]+(?=[A-Z])")
_JOINERS = ("and", "&", "to")
#: how far around a reference "nearby" reaches: characters before (this and the previous line), after
NEAR_BEFORE = 120
NEAR_AFTER = 80


def _squash(text: str) -> str:
    return " ".join(text.casefold().replace("&", "and").split())


def _name_before(before: str) -> str:
    """The capitalized words right before "episode" ("Talk Python" in "on Talk Python episode 4")."""
    words = before.split()
    name: list[str] = []
    while words:
        word = words[-1].strip("\"'“”‘’()")
        if not word or word[-1] in ",;:.!?" or word.casefold().replace("’", "'") in _NOT_A_SHOW:
            break
        if not (word[0].isupper() or word[0].isdigit() or word == "&"):
            break
        name.insert(0, word)
        words.pop()
    return " ".join(name)


def _name_after(text: str) -> str:
    """The capitalized words at the start of `text`, up to the first punctuation
    ("Talk Python To Me" in "Talk Python To Me, I had...", "the Change Log")."""
    name: list[str] = []
    for index, word in enumerate(text.split()):
        core = word.strip("\"'“”‘’()")
        bare = core.rstrip(",;:.!?")
        if index == 0 and bare in ("the", "The"):
            name.append(bare)
        elif bare and (bare[0].isupper() or bare in _JOINERS):
            name.append(bare)
        else:
            break
        if bare != core:
            break
    while name and name[-1] in (*_JOINERS, "the", "The"):
        name.pop()
    return " ".join(name)


def own_show_reference(before: str, after: str, show_name: str = "") -> bool:
    """Whether a spoken "episode N" means this show's episode N, from the words around it.

    `before`: the previous line and this line up to "episode"; `after`: the rest of this
    line after the number. The first rule that applies decides:
    1. this show said with it: "our episode 4", "<show> episode 4",
       "episode 4 of <show>" -> this show;
    2. another show said with it: "episode 4 of Talk Python", "Talk Python episode 4",
       "their episode 4" -> not this show;
    3. "back in episode 4", "it's episode 4", or "we"/"us" in the same line -> this show;
    4. another podcast or show named nearby: the word podcast or show (but not "this
       show", "the show", "show notes"), or a capitalized name of two or more words after
       on/of ("on Talk Python To Me") that is not this show's name -> not this show;
    5. otherwise this show.
    """
    own = _squash(show_name)
    link_word = _LINK_WORD.match(after)
    named_after = _name_after(after[link_word.end() :]) if link_word else ""
    name_before = _name_before(before)
    if _OWN_BEFORE.search(before):
        return True
    if own and ((name_before and _squash(name_before).endswith(own)) or _squash(named_after) == own):
        return True
    if named_after or name_before or _OTHER_BEFORE.search(before):
        return False
    line_before = before[before.rfind("\n") + 1 :]
    if (
        _BACK_BEFORE.search(before)
        or _THIS_IS_BEFORE.search(before)
        or _WE.search(line_before)
        or _WE.search(after[:30])
    ):
        return True
    near = before[-NEAR_BEFORE:] + " episode " + after[:NEAR_AFTER]
    if own and own in _squash(near):
        return True
    if _SHOW_WORDS.search(_OWN_SHOW_WORDS.sub(" ", near)):
        return False
    for match in _ON_NAME.finditer(near):
        name = _name_after(near[match.end() :])
        if len(name.split()) >= 2 and _squash(name) != own:
            return False
    return True


def find_episode_refs(segments: list[Segment], show_name: str = "") -> tuple[list[EpisodeRef], list[tuple[int, int]]]:
    """Spoken references to this show's episodes: `episode 111`, `episode number 111`, `episode #111`.

    A reference to another show's episode ("episode 4 of Talk Python") is left out, see
    `own_show_reference`. Returns the references (within one line) and the spans in the
    joined text of every "episode N" said, so names are not looked for inside them.
    """
    refs: list[EpisodeRef] = []
    spans: list[tuple[int, int]] = []
    offset = 0
    for index, seg in enumerate(segments):
        for match in _EPISODE.finditer(seg.text):
            previous = segments[index - 1].text + "\n" if index else ""
            before = (previous + seg.text[: match.start()])[-2 * NEAR_BEFORE :]
            if own_show_reference(before, seg.text[match.end() :], show_name):
                refs.append(EpisodeRef(int(match.group(1)), index, match.start(), match.end()))
            spans.append((offset + match.start(), offset + match.end()))
        offset += len(seg.text) + 1
    return refs, spans
