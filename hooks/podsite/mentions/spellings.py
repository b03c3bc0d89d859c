"""What to look for in one episode's transcript: the spellings of the registry, the show notes'
names and the front matter's aliases, less the words this show says all the time."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..cache import cached, digest_of, remembering
from ..errors import Problems, shown
from ..model import Episode, MentionSpec, Show, Transcript
from ..transcripts.cached import transcript_key
from .matcher import Term
from .notes import notes_mentions
from .registry import norm

# a plain word from the show notes is ordinary speech on this show, not a mention,
# when more than this share of the show's transcripts say it (needs enough episodes)
COMMON_SHARE = 0.2
COMMON_MIN_EPISODES = 8
_WORD = re.compile(r"[^\W_][\w'’.+#-]*", re.UNICODE)


@dataclass
class WordCount:
    """The words of each transcript counted as the catalog reads it (`add`), for `common_words`:
    a first build reads the transcripts back while the pool works on the next ones, so the
    count costs no time of its own there."""

    words: Counter[str] = field(default_factory=Counter)
    keys: Counter[str] = field(default_factory=Counter)  # each transcript counted, by `transcript_key`

    def add(self, transcript: Transcript) -> None:
        self.words.update(words_said(transcript))
        self.keys[transcript_key(transcript)] += 1


def words_said(transcript: Transcript) -> frozenset[str]:
    """The words a transcript says, casefolded, each once."""
    # one search of the whole text (a word never spans a line break), each word casefolded once
    text = "\n".join([seg.text for seg in transcript.segments])
    return frozenset([w.casefold().rstrip(".") for w in set(_WORD.findall(text))])


def common_words(
    show: Show, cache_dir: Path | None = None, keys: dict[str, str] | None = None, counted: WordCount | None = None
) -> frozenset[str]:
    """Words said in more than `COMMON_SHARE` of the show's transcripts (casefolded).

    With `cache_dir` the result is kept by the content of every transcript (`keys`:
    `transcript_key` by episode stem, when the caller has them already). `counted`: the
    transcripts' words counted already, used when it counted exactly these transcripts."""
    said = [ep for ep in show.episodes if ep.transcript is not None]
    known = keys or {}
    content = [known.get(ep.stem) or transcript_key(t) for ep in said if (t := ep.transcript) is not None]
    if cache_dir is not None:
        key = digest_of("common words", content)
        common: frozenset[str] = cached(
            cache_dir, key, lambda: _common(said, content, counted), lambda v: isinstance(v, frozenset)
        )
        return common
    return _common(said, content, counted)


def _common(said: list[Episode], content: list[str], counted: WordCount | None = None) -> frozenset[str]:
    if len(said) < COMMON_MIN_EPISODES:
        return frozenset()
    limit = COMMON_SHARE * len(said)
    if counted is not None and counted.keys == Counter(content):  # (a preview's build counts none)
        return frozenset(w for w, n in counted.words.items() if n > limit)
    counts: Counter[str] = Counter()
    # a preview's rebuild after one saved transcript reads the others' words from here; one
    # `mkdocs build` holds one transcript's words at a time (all of them: about 0.12 MB an
    # episode, 600 MB at 5,000 episodes)
    seen: dict[str, frozenset[str]] | None = {} if remembering() else None
    for episode, key in zip(said, content, strict=True):
        words = _WORDS_SAID.get(key)
        if words is None:
            assert episode.transcript is not None
            words = words_said(episode.transcript)
        if seen is not None:
            seen[key] = words
        counts.update(words)
    _WORDS_SAID.clear()
    if seen is not None:
        _WORDS_SAID.update(seen)
    return frozenset(w for w, n in counts.items() if n > limit)


#: The words of each transcript of the show last counted, by `transcript_key` (a digest of
#: its content), kept under `mkdocs serve` (`cache.remembering()`): only a changed transcript
#: is read again.
_WORDS_SAID: dict[str, frozenset[str]] = {}


def alias_lines_of(episode: Episode) -> dict[str, int]:
    """Front matter line of each `mentions:` key (from the lines the episode loader kept)."""
    return {
        key.partition(".")[2]: line
        for key, line in episode.lines.items()
        if key.startswith("mentions.") and key.count(".") == 1
    }


def episode_terms(
    episode: Episode,
    registry: list[MentionSpec],
    problems: Problems,
    common: frozenset[str] = frozenset(),
    where: str = "",
    alias_lines: dict[str, int] | None = None,
) -> list[Term]:
    """The spellings to look for in one episode: registry, show notes, front matter aliases."""
    where = where or episode.src_uri
    terms: list[Term] = []
    spellings: dict[str, MentionSpec] = {}
    by_url: dict[str, MentionSpec] = {}
    for spec in registry:
        by_url.setdefault(spec.url.rstrip("/").casefold(), spec)
        for rank, text in [(0, spec.name)] + [(1, a) for a in spec.aliases]:
            spellings[norm(text)] = spec
            terms.append(Term(text, spec, rank))
    for spec in notes_mentions(episode.notes, where, episode.notes_line):
        key = norm(spec.name)
        if key in spellings:
            continue  # the registry has this name: its entry is linked
        same = by_url.get(spec.url.rstrip("/").casefold())
        if same is not None:  # the notes call a registry entry by another name
            spellings[key] = same
            terms.append(Term(spec.name, same, 2))
            continue
        if " " not in spec.name and key in common:
            continue
        spellings[key] = spec
        terms.append(Term(spec.name, spec, 3))
    lines = alias_lines or {}
    for name, aliases in sorted(episode.mention_aliases.items()):
        target = spellings.get(norm(name))
        line = lines.get(name)
        if target is None:
            problems.warn(
                where,
                line,
                f"mentions: {shown(name)} is neither in the mentions registry nor linked in the show notes; add it to one of them or remove the alias",
            )
            continue
        for alias in aliases:
            key = norm(alias)
            other = spellings.get(key)
            if other is not None and other is not target:
                problems.warn(
                    where,
                    line,
                    f"mentions: alias {shown(alias)} of {name} is already a spelling of {other.name}; remove it",
                )
                continue
            spellings[key] = target
            terms.append(Term(" ".join(alias.split()), target, 2))
    return terms
