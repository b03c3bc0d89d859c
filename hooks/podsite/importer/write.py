"""Carrying out an import plan without losing a producer's edits.

`<site>/.import-state.json` records the SHA-256 of every file the importer
wrote. On the next run a file is rewritten only if it still has exactly that
content (nobody touched it); a file edited, deleted or written by someone else
is kept and reported, unless `force` is set. Unchanged content is not rewritten,
so running the same import twice changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from .planned import PlannedFile

STATE_FILE = ".import-state.json"

CREATE = "create"
UPDATE = "update"
UNCHANGED = "unchanged"
KEEP_EDITED = "kept (edited since the import; --force overwrites)"
KEEP_DELETED = "kept deleted (removed since the import; --force writes it again)"
KEEP_FOREIGN = "kept (not written by the importer; --force overwrites)"
OVERWRITE = "overwrite (--force)"


@dataclass
class FileAction:
    """What happened (or, in a dry run, would happen) to one planned file."""

    path: str
    action: str
    what: str

    @property
    def written(self) -> bool:
        return self.action in (CREATE, UPDATE, OVERWRITE)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_state(site_dir: Path) -> dict[str, str]:
    """path → hash of what the importer last wrote there."""
    path = site_dir / STATE_FILE
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def state_text(state: dict[str, str]) -> str:
    return json.dumps({"version": 1, "files": dict(sorted(state.items()))}, indent=2, sort_keys=False) + "\n"


def decide(planned: PlannedFile, site_dir: Path, state: dict[str, str], force: bool) -> str:
    """The action for one file, from its current content and the recorded hash."""
    target = site_dir / planned.path
    new_hash = sha256(planned.content)
    recorded = state.get(planned.path)
    if not target.exists():
        if recorded is not None and not force:
            return KEEP_DELETED
        return CREATE
    current = sha256(target.read_bytes())
    if current == new_hash:
        return UNCHANGED
    if recorded is not None and current == recorded:
        return UPDATE
    if force:
        return OVERWRITE
    return KEEP_EDITED if recorded is not None else KEEP_FOREIGN


def apply_plan(
    files: list[PlannedFile], site_dir: Path, force: bool = False, dry_run: bool = False
) -> list[FileAction]:
    """Write the planned files that are new or untouched since the last import.

    The state file is updated for every file whose content now matches the plan;
    in a dry run nothing is written.
    """
    state = load_state(site_dir)
    actions: list[FileAction] = []
    for planned in sorted(files, key=lambda f: f.path):
        action = decide(planned, site_dir, state, force)
        actions.append(FileAction(planned.path, action, planned.what))
        if dry_run:
            continue
        if action in (CREATE, UPDATE, OVERWRITE):
            target = site_dir / planned.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(planned.content)
        if action in (CREATE, UPDATE, OVERWRITE, UNCHANGED):
            state[planned.path] = sha256(planned.content)
    if not dry_run:
        text = state_text(state)
        path = site_dir / STATE_FILE
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            site_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return actions
