"""Where a pattern matches in a long text, found sooner than `finditer` and the same.

Python's regex engine jumps straight to the places a pattern can start only when the
pattern begins with plain characters. The cue phrases (`speech`) begin with a word
boundary (`\\b`) and often with a group of alternatives, so the engine tries them at
every character of a transcript. `Scanner` splits a pattern into the alternatives it
can start with, each beginning with plain characters or a set (the leading `\\b`, `^` dropped,
leading groups spread out), finds where those begin with the fast search, and then
asks the pattern itself at those places only: dropping a condition or spreading a
group out only adds places, so every place the pattern matches is among them, and the
pattern's own answer there (in `finditer`'s order, each search going on after the last
match) is the one `finditer` gives. An alternative that starts with a run of one set and
goes on with plain characters (a web address, `\\b[\\w-]+\\.(?:com|fm)...`) is found from
where its rest matches: it may start anywhere in the run just before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: Characters that are plain text in a pattern (anything else may be syntax).
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 '-,;:\"/")
#: Conditions at the start of an alternative that take no characters and can be dropped.
_ASSERTIONS = (r"\b", "^")
#: Alternatives spread out from one pattern at most; past it the pattern is scanned as written.
_MOST = 200


def _end(src: str, i: int) -> int:
    """Index of the `)` closing the group opened at `src[i]`."""
    depth, k = 0, i
    while k < len(src):
        c = src[k]
        if c == "\\":
            k += 2
            continue
        if c == "[":
            k = _set_end(src, k)
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return k
        k += 1
    raise ValueError(f"unbalanced group in {src!r}")


def alternatives(src: str) -> list[str]:
    """The top-level alternatives of a pattern (split at each `|` outside groups and sets)."""
    out, start, k = [], 0, 0
    while k < len(src):
        c = src[k]
        if c == "\\":
            k += 2
            continue
        if c == "(" or c == "[":
            k = _end(src, k) + 1 if c == "(" else _set_end(src, k) + 1
            continue
        if c == "|":
            out.append(src[start:k])
            start = k + 1
        k += 1
    out.append(src[start:])
    return out


def _set_end(src: str, i: int) -> int:
    """Index of the `]` closing the set opened at `src[i]`."""
    k = i + 1
    if k < len(src) and src[k] == "^":
        k += 1
    if k < len(src) and src[k] == "]":
        k += 1
    while src[k] != "]":
        k += 2 if src[k] == "\\" else 1
    return k


def _literal(src: str) -> str:
    """The plain characters a piece of pattern starts with ("" when it starts with syntax)."""
    k = 0
    while k < len(src) and src[k] in _PLAIN:
        k += 1
    if k < len(src) and src[k] in "?*{":  # the last plain character may be absent or repeated
        k -= 1
    return src[:k]


def _start(src: str) -> str:
    """What a piece of pattern surely starts with: plain characters or one set (`[.!?]`), else ""."""
    literal = _literal(src)
    if literal or not src.startswith("["):
        return literal
    end = _set_end(src, 0)
    return "" if src[end + 1 : end + 2] in ("?", "*", "+", "{") else src[: end + 1]


def _spread(alt: str) -> list[str] | None:
    """Alternatives that start with plain characters or a set and match wherever `alt` does (or None)."""
    for assertion in _ASSERTIONS:
        if alt.startswith(assertion):
            alt = alt[len(assertion) :]
    if _start(alt):
        return [alt]
    if not alt.startswith("(?:"):
        return None
    end = _end(alt, 0)
    after = alt[end + 1 : end + 2]
    if after in ("*", "+", "{"):
        return None
    optional = after == "?"
    if optional and alt[end + 2 : end + 3] in ("?", "+"):
        return None
    rest = alt[end + 2 :] if optional else alt[end + 1 :]
    spread: list[str] = []
    for inner in alternatives(alt[3:end]) + ([""] if optional else []):
        more = _spread(inner + rest)
        if more is None:
            return None
        spread.extend(more)
    return spread


#: An alternative that starts with a run of one set (`\b[\w-]+\.(?:com|fm)...`: a web address)
#: and goes on with plain characters: found from where the rest matches, the run before it.
_PLAIN_FIRST = re.escape("".join(sorted(_PLAIN - {" "})))
_RUN = re.compile(r"(?:\\b)?\[(?P<set>[^\]\\]*(?:\\.[^\]\\]*)*)\]\+(?P<rest>(?:\\[.@/#]|[" + _PLAIN_FIRST + r"]).*)")
#: Groups that refer back (the rest of such an alternative is searched on its own).
_BACKREF = re.compile(r"\\\d|\(\?P=")


def _run_start(alt: str, flags: int) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """For an alternative `[set]+rest` (maybe after `\\b`) whose rest starts with a plain
    character: the rest and the set, compiled; else None."""
    found = _RUN.fullmatch(alt)
    if found is None or _BACKREF.search(found["rest"]):
        return None
    return re.compile(found["rest"], flags), re.compile(f"[{found['set']}]", flags)


class Scanner:
    """`pattern.finditer(text)`, sooner: only where the pattern's alternatives can start."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        #: A verbose pattern (spaces and comments ignored) is not split: it is searched as it is.
        self.as_written = bool(pattern.flags & re.VERBOSE)
        fast: list[str] = []
        slow: list[str] = []
        #: Alternatives found from their rest (`_RUN`): every place in the run before it may start one.
        self.runs: list[tuple[re.Pattern[str], re.Pattern[str]]] = []
        for alt in [] if self.as_written else alternatives(pattern.pattern):
            spread = _spread(alt)
            run = _run_start(alt, pattern.flags) if spread is None else None
            if run is not None:
                self.runs.append(run)
            elif spread is None or len(fast) + len(spread) > _MOST:
                slow.append(alt)
            else:
                fast.extend(spread)
        by_start: dict[str, list[str]] = {}
        for alt in fast:
            start = _start(alt)
            by_start.setdefault(start if start.startswith("[") else start[0], []).append(alt)
        # one search per first character or set, for which the engine looks before trying the rest
        self.starts = [re.compile("|".join(alts), pattern.flags) for alts in by_start.values()]
        self.starts += [re.compile(alt, pattern.flags) for alt in slow]

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches `self.pattern.finditer(text)` gives, in order (the pattern never matches "")."""
        if self.as_written:
            yield from self.pattern.finditer(text)
            return
        places: set[int] = set()
        for start in self.starts:
            search = start.search
            found = search(text)
            while found is not None:
                places.add(found.start())
                found = search(text, found.start() + 1)
        for rest, member in self.runs:
            search, inside = rest.search, member.match
            found = search(text)
            while found is not None:
                end = found.start()
                begin = end
                while begin > 0 and inside(text, begin - 1):
                    begin -= 1
                places.update(range(begin, end))  # the run's places, each one that may start it
                found = search(text, end + 1)
        match = self.pattern.match
        done = 0
        for place in sorted(places):
            if place < done:
                continue
            found = match(text, place)
            if found is not None:
                yield found
                done = found.end()
