"""Golden files: compare an output with its expected file, with a readable diff.

A missing expected file fails the test (it is never written quietly); run the tests
with `UPDATE_GOLDEN=1` (or `pytest --update-golden`) to rewrite the expected files
from the current output on purpose, then read the diff before committing it.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

ENV_SWITCH = "UPDATE_GOLDEN"


def updating(option: bool = False) -> bool:
    """True when golden files are to be rewritten (`UPDATE_GOLDEN=1` or `--update-golden`)."""
    return option or os.environ.get(ENV_SWITCH, "").strip().lower() in ("1", "yes", "true", "on")


def check_golden(expected_path: Path, actual: str | bytes, update: bool = False, what: str = "") -> None:
    """Fail unless `actual` equals the content of `expected_path`; with `update`, rewrite it instead."""
    data = actual.encode("utf-8") if isinstance(actual, str) else actual
    if update:
        expected_path.parent.mkdir(parents=True, exist_ok=True)
        expected_path.write_bytes(data)
        return
    if not expected_path.exists():
        pytest.fail(f"the golden file {expected_path} is missing: run the tests with {ENV_SWITCH}=1 and read it")
    expected = expected_path.read_bytes()
    if data == expected:
        return
    old = expected.decode("utf-8", "replace").splitlines(True)
    new = data.decode("utf-8", "replace").splitlines(True)
    diff = "".join(difflib.unified_diff(old, new, f"expected ({expected_path.name})", "actual"))
    label = what or "the output"
    pytest.fail(f"{label} differs from {expected_path} ({ENV_SWITCH}=1 rewrites it if intended):\n{diff}")
