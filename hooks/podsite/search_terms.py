"""What site search knows beyond Pagefind's index: the spellings of every registry name,
and a short vocabulary for "did you mean" suggestions.

Pagefind finds words as a page spells them. A listener searching for "DuckDB" also
wants the moments where the transcript says "duck DB", and one searching for
"Loguru" the ones where it says "log guru". The mentions registry and the
episodes' front matter (`mentions:`) already know those spellings; this module
hands them to the search dialog (`assets/podsite/search.js`) as one small JSON file,
so a query for a name or any of its spellings is run for every spelling.

The vocabulary (names, spellings and the words of episode titles) lets the dialog
offer the nearest existing spellings when a query matches nothing, and correct a
typo within one edit of a known name.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping

from .model import Episode, MentionSpec

#: Words shorter than this are not offered as suggestions (too many near misses).
MIN_WORD = 4
_WORD = re.compile(r"[^\W_][\w'’.+#-]*[^\W_]|[^\W_]", re.UNICODE)


def fold(text: str) -> str:
    """A spelling reduced to what search compares: lower case, no accents, letters and digits only
    (`Duck-DB`, `duck DB` and `DuckDB` all fold to `duckdb`)."""
    base = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in base if c.isalnum() and not unicodedata.combining(c))


def search_terms(
    specs: Iterable[MentionSpec],
    episodes: Iterable[Episode],
    page_url: Callable[[MentionSpec], str | None],
) -> dict[str, object]:
    """`{"names": [[name, url or null, [spellings]]...], "words": [...]}` for the search dialog.

    `specs` are the names of the show's A-Z index, with a page of their own or not
    (registry entries and names from show notes); only registry entries and names given
    spellings in front matter are listed under `names` (a name from show notes has no
    other spelling), the others give words to suggest (`python-diskcache`: `diskcache`).
    `page_url(spec)` is the site-relative URL of a spec's mention page."""
    names: dict[str, tuple[str, str | None, list[str]]] = {}
    words: set[str] = set()
    by_fold: dict[str, MentionSpec] = {}
    for spec in specs:
        by_fold.setdefault(fold(spec.name), spec)
        words.update(_words(spec.name))
        if spec.source not in ("registry", "people"):
            continue
        spellings = _unique([spec.name, *spec.aliases])
        names[fold(spec.name)] = (spec.name, page_url(spec), spellings)
    for episode in episodes:
        words.update(_words(episode.title))
        for name, aliases in sorted(episode.mention_aliases.items()):
            key = fold(name)
            if key not in names:
                known = by_fold.get(key)
                names[key] = (name, page_url(known) if known is not None else None, [name])
            entry = names[key]
            names[key] = (entry[0], entry[1], _unique([*entry[2], *aliases]))
    for _name, _url, spellings in names.values():
        for spelling in spellings:
            words.update(_words(spelling))
    listed = sorted(names.values(), key=lambda e: fold(e[0]))
    return {
        "names": [[name, url, spellings] for name, url, spellings in listed],
        "words": sorted(w for w in words if len(fold(w)) >= MIN_WORD and not w.isdigit()),
    }


def moments_json(said: Iterable[tuple[Episode, list[tuple[str, float]]]], spec: MentionSpec | None = None) -> str:
    """A mention page's moments for its search result: `[[episode url, label, [[line id, seconds]...]]...]`,
    the episodes that say the name most first (where it is the topic, not a passing word),
    then newest first. Escaped by the template like any attribute."""
    said = sorted(said, key=lambda pair: -len(pair[1]))  # stable: newest first among equals
    rows = [
        [
            ep.url,
            f"{ep.label} {ep.title}".strip() if ep.number is not None else ep.title,
            [[i, round(t, 3)] for i, t in times],
        ]
        for ep, times in said
    ]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def to_json(terms: Mapping[str, object]) -> str:
    """Compact JSON, the same bytes for the same terms (deterministic builds)."""
    return json.dumps(terms, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _unique(spellings: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for s in spellings:
        s = " ".join(s.split())
        if s and s.casefold() not in seen:
            seen[s.casefold()] = s
    return list(seen.values())


def _words(text: str) -> set[str]:
    """The words of a name or title, and the parts of hyphenated ones (`python-diskcache`: also `diskcache`)."""
    out = set()
    for word in _WORD.findall(text):
        out.add(word.casefold())
        out.update(part.casefold() for part in re.split(r"[-.]", word) if part)
    return out


#: Episodes per file of `search-numbers/` (a number query loads one file).
NUMBERS_PER_FILE = 100


def episode_numbers(episodes: Iterable[Episode]) -> dict[int, dict[str, list[str]]]:
    """Episode numbers for number queries ("12", "#12", "episode 12"), split into files of
    `NUMBERS_PER_FILE`: file index -> {number: [page URL, title]}."""
    files: dict[int, dict[str, list[str]]] = {}
    for ep in sorted((e for e in episodes if e.number is not None), key=lambda e: (e.number, e.stem)):
        number = int(ep.number)  # type: ignore[arg-type]
        files.setdefault(number // NUMBERS_PER_FILE, {}).setdefault(str(number), [ep.url, ep.title])
    return files
