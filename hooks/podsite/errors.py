"""One error type for content problems, and a collector so a build reports them all.

A `ContentError` names the file, the line (and column where known), what is wrong
and how to fix it. Parsers and loaders never print: they raise `ContentError` for
problems that leave nothing usable, and add warnings to a `Problems` collector for
problems that leave a usable result. The MkDocs hooks turn both into log records
(warnings fail `mkdocs build --strict`), the checker script prints them.
"""

from __future__ import annotations

import enum
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
