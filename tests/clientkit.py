"""Real clients, not written here, that read the site's outputs: npm packages run by node.

`tests/clients/package.json` and its lock file pin them; `make test` and `.ci/run`
install them with `npm ci`. `read("vtt", *files)` runs `tests/clients/read.js` and
returns what the client said (JSON). Where node or the packages are missing the
tests that need them skip with the reason, except under CI, where they must run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

CLIENTS = Path(__file__).resolve().parent / "clients"
PACKAGES = ("webvtt-parser", "podcast-partytime", "html-validate")


def missing() -> str | None:
    """Why the npm clients cannot run here, or None when they can."""
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        return "node is not installed (Debian: apt-get install nodejs npm)"
    absent = [name for name in PACKAGES if not (CLIENTS / "node_modules" / name / "package.json").is_file()]
    if absent:
        return f"npm packages {', '.join(absent)} are not installed: run `npm ci` in tests/clients (make test does)"
    return None


def require() -> None:
    """Skip the calling test when the clients are missing; fail instead under CI, which must run them."""
    reason = missing()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the npm clients: {reason}")
    pytest.skip(reason)


def read(command: str, *args: str | Path) -> Any:
    """What `read.js COMMAND ARGS...` printed, parsed from JSON."""
    require()
    node = shutil.which("node") or shutil.which("nodejs")
    assert node is not None
    done = subprocess.run(
        [node, str(CLIENTS / "read.js"), command, *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PARTYTIME_LOG": "silent"},
        timeout=600,
    )
    assert done.returncode == 0, f"read.js {command} failed: {done.stderr}"
    return json.loads(done.stdout)
