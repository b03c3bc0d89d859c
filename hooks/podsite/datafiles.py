"""Registries kept as YAML lists inside docs/ (`mentions.yml`, `people.yml`): reading the
file, the list of entries, and unknown keys, the same way for every registry.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .errors import ContentError, Problems
from .frontmatter import YamlDoc, load_yaml
from .paths import link_outside, outside_message


def read_data_file(docs_dir: Path, rel_path: str, what: str, problems: Problems) -> tuple[str, str] | None:
    """`(text, path for messages)` of `docs/<rel_path>`; None when there is no such file, or
    (with an error naming it) when it leads outside docs/ or is not UTF-8 text."""
    source = docs_dir / rel_path
    if not source.is_file():
        return None
    path = f"{docs_dir.name}/{rel_path}"
    real = link_outside(docs_dir, rel_path)
    if real is not None:
        problems.error(path, None, outside_message(what, rel_path, real, docs_dir.name))
        return None
    try:
        return source.read_text(encoding="utf-8-sig"), path
    except (OSError, UnicodeDecodeError) as exc:
        problems.error(path, None, f"cannot be read ({exc.__class__.__name__}): save it as UTF-8")
        return None


def load_entries(text: str, path: str, what: str, problems: Problems) -> YamlDoc | None:
    """The registry's YAML when it is a list of entries; None (with one error for invalid
    YAML or another shape) when it is not, or when the file is empty."""
    try:
        doc = load_yaml(text, path)
    except ContentError as err:
        problems.add(err)
        return None
    if doc.data is None:
        return None
    if not isinstance(doc.data, list):
        problems.error(path, doc.first_line, f"{what} must be a list of entries, each starting with `- name:`")
        return None
    return doc


def warn_unknown_keys(
    entry: dict[Any, Any], known: Iterable[str], doc: YamlDoc, where: str, path: str, problems: Problems
) -> None:
    """A warning for each key of `entry` (entry number `where`) that is not `known`, with the nearest known key."""
    known = tuple(known)
    for key in entry:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f" (did you mean `{close[0]}`?)" if close else f" (known keys: {', '.join(known)})"
            problems.warn(path, doc.line(f"{where}.{key}"), f"unknown key `{key}`{hint}")
