"""Hints for producers: show-notes names the transcript never says, and near misses.

Two kinds of lines, each naming the file to edit and the fix:
- a name-like show-notes link text that no transcript line says (the transcript
  may spell it differently: the closest words are given when there are some);
- words of the transcript that are a close misspelling of a known name (registry
  names and aliases, the episode's notes names), scored with rapidfuzz's `ratio`
  (0-100), so a producer can add an alias in a minute.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ..errors import Problems
from ..model import Episode, MentionSpec
from ..timecode import format_clock
from .registry import norm
from .spellings import episode_terms

MIN_SCORE = 85.0
MIN_NAME_CHARS = 4  # shorter names match too many ordinary words to be worth a hint
_WORD = re.compile(r"[^\W_][\w'’.+-]*", re.UNICODE)


@dataclass(frozen=True)
class Hint:
    """One actionable line for the producer."""

    episode: str  # stem
    start: float | None
    text: str

    def __str__(self) -> str:
        return self.text


def _ngrams(episode: Episode, sizes: set[int]) -> dict[str, tuple[int, str]]:
    """Casefolded word n-grams of each line -> (segment index, as written), first occurrence."""
    found: dict[str, tuple[int, str]] = {}
    assert episode.transcript is not None
    for index, seg in enumerate(episode.transcript.segments):
        words = [w.rstrip(".'’") for w in _WORD.findall(seg.text)]
        for size in sizes:
            for i in range(len(words) - size + 1):
                said = " ".join(words[i : i + size])
                found.setdefault(said.casefold(), (index, said))
    return found


def _same_word(candidate: str, spelling: str) -> bool:
    """A plural, possessive or numbered form of a spelling (matched already, or another thing)."""
    if not candidate.startswith(spelling):
        return False
    rest = candidate[len(spelling) :]
    return rest in ("s", "es", "'s", "’s") or not any(c.isalpha() for c in rest)


def episode_hints(
    episode: Episode,
    registry: list[MentionSpec],
    docs_name: str = "docs",
    registry_path: str = "mentions.yml",
    common: frozenset[str] = frozenset(),
    min_score: float = MIN_SCORE,
) -> list[Hint]:
    """Hints for one annotated episode (run `annotate_show` or `annotate_episode` first)."""
    page = f"{docs_name}/{episode.src_uri}"
    if episode.transcript is None:
        return []
    transcript = f"{docs_name}/{episode.transcript_path}" if episode.transcript_path else page
    segments = episode.transcript.segments
    terms = episode_terms(episode, registry, Problems(), common, page)
    said_names = {norm(hit.mention.name) for hit in episode.mentions}
    spellings = {norm(t.text) for t in terms}
    padded = [f" {s} " for s in spellings]
    hints: list[Hint] = []

    names = [t for t in terms if t.rank == 3]
    sizes = {len(t.text.split()) for t in terms} | {len(t.text.split()) + 1 for t in terms}
    sizes |= {n - 1 for n in sizes if n > 1}
    grams = _ngrams(episode, sizes)
    choices = list(grams)

    for term in names:
        if norm(term.spec.name) in said_names:
            continue
        nearest = (
            process.extractOne(term.text.casefold(), choices, scorer=fuzz.ratio, score_cutoff=60) if choices else None
        )
        closest = ""
        if nearest is not None:
            index, said = grams[nearest[0]]
            closest = f"; closest words: {said!r} at {format_clock(segments[index].start)} (score {nearest[1]:.0f})"
        hints.append(
            Hint(
                episode.stem,
                None,
                f"{page}: the notes link {term.text!r} ({term.spec.url}) is never said in the transcript{closest}; "
                f"if the transcript spells it differently, add `{term.text}: [spelling]` under `mentions:` in the front matter",
            )
        )

    best: dict[tuple[int, str], tuple[float, str, MentionSpec]] = {}  # one hint per line and name
    for term in terms:
        if len(term.text) < MIN_NAME_CHARS:
            continue
        spelling = term.text.casefold()
        for candidate, score, _key in process.extract(
            spelling, choices, scorer=fuzz.ratio, score_cutoff=min_score, limit=None
        ):
            if norm(candidate) in spellings or _same_word(candidate, spelling) or candidate in common:
                continue
            padded_candidate = f" {norm(candidate)} "
            if any(p in padded_candidate or padded_candidate in p for p in padded):
                continue  # a known name plus a neighbouring word, or a part of a longer name
            index, said = grams[candidate]
            key = (index, term.spec.name)
            if key not in best or (score, -len(said)) > (best[key][0], -len(best[key][1])):
                best[key] = (score, said, term.spec)
    for (index, name), (score, said, spec) in best.items():
        seg = segments[index]
        where = f"{transcript}:{seg.line}" if seg.line else transcript
        scope = (
            f"to its aliases in {docs_name}/{registry_path} (every episode)"
            if spec.source == "registry"
            else "to the registry if other episodes say it too"
        )
        hints.append(
            Hint(
                episode.stem,
                seg.start,
                f"{where} ({format_clock(seg.start)}): {said!r} looks like {name} (score {score:.0f}); "
                f"if it is, add `{name}: [{said}]` under `mentions:` in {page} (this episode only) or {scope}",
            )
        )
    hints.sort(key=lambda h: (h.start is not None, h.start or 0.0, h.text))
    return hints
