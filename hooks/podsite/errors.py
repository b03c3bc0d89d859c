"""One error type for content problems, and a collector so a build reports them all.

A `ContentError` names the file, the line (and column where known), what is wrong
and how to fix it. Parsers and loaders never print: they raise `ContentError` for
problems that leave nothing usable, and add warnings to a `Problems` collector for
problems that leave a usable result. The MkDocs hooks turn both into log records
(warnings fail `mkdocs build --strict`), the checker script prints them.
"""

from __future__ import annotations

import enum
import re
import reprlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


class Severity(enum.Enum):
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class Problem:
    """One problem in one content file."""

    path: str
    line: int | None
    message: str
    severity: Severity = Severity.ERROR
    column: int | None = None

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class ContentError(Exception):
    """A content problem that leaves no usable result (a page cannot be built)."""

    def __init__(self, path: str | Path, line: int | None, message: str, column: int | None = None) -> None:
        self.problem = Problem(str(path), line, message, Severity.ERROR, column)
        super().__init__(str(self.problem))

    @property
    def path(self) -> str:
        return self.problem.path

    @property
    def line(self) -> int | None:
        return self.problem.line


@dataclass
class Problems:
    """Collects every problem of a build, so one run reports them all."""

    items: list[Problem] = field(default_factory=list)

    def warn(self, path: str | Path, line: int | None, message: str, column: int | None = None) -> None:
        self.items.append(Problem(str(path), line, message, Severity.WARNING, column))

    def error(self, path: str | Path, line: int | None, message: str, column: int | None = None) -> None:
        self.items.append(Problem(str(path), line, message, Severity.ERROR, column))

    def add(self, err: ContentError) -> None:
        self.items.append(err.problem)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.WARNING]

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


_SHOWN = reprlib.Repr()
_SHOWN.maxlevel = 2
_SHOWN.maxtuple = _SHOWN.maxlist = _SHOWN.maxarray = _SHOWN.maxdict = _SHOWN.maxset = _SHOWN.maxfrozenset = 4
_SHOWN.maxstring = _SHOWN.maxother = 200
_SHOWN.maxlong = 40


def shown(value: object, limit: int = 240) -> str:
    """`repr(value)` for a message, bounded: a huge or deeply nested value (a YAML alias
    bomb, a 400-digit number) gives a short text instead of hanging the build."""
    text = _SHOWN.repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


#: How many warnings of one kind one file reports before the rest are summarised.
WARNINGS_PER_KIND = 10
_DIGITS = re.compile(r"\d+")


class CappedProblems:
    """A `Problems` front for one parse: at most `limit` warnings of each kind per file.

    The kind of a warning is its message with the numbers taken out (`time 00:00:20
    goes back before 00:00:30 (line 3)` and the same for other times are one kind).
    `finish()` adds one warning per capped kind: "... and N more like this". So a
    transcript with 200,000 backward times prints eleven lines, not 199,999.
    """

    def __init__(self, problems: Problems, limit: int = WARNINGS_PER_KIND) -> None:
        self.problems = problems
        self.limit = limit
        self._counts: dict[tuple[str, str], int] = {}  # (path, kind) -> warnings seen
        self._left_out: list[tuple[tuple[str, str], int | None, str]] = []  # kind, line, message of the first left out

    def warn(self, path: str | Path, line: int | None, message: str, column: int | None = None) -> None:
        key = (str(path), _DIGITS.sub("#", message))
        seen = self._counts[key] = self._counts.get(key, 0) + 1
        if seen <= self.limit:
            self.problems.warn(path, line, message, column)
        elif seen == self.limit + 1:
            self._left_out.append((key, line, message))

    def error(self, path: str | Path, line: int | None, message: str, column: int | None = None) -> None:
        self.problems.error(path, line, message, column)

    def add(self, err: ContentError) -> None:
        self.problems.add(err)

    def finish(self) -> None:
        """Summarise what was left out, one warning per kind, at the first line left out."""
        for key, line, message in self._left_out:
            more = self._counts[key] - self.limit
            self.problems.warn(
                key[0],
                line,
                f"... and {more:,} more like this, the first here: {message}",
            )
        self._left_out.clear()
