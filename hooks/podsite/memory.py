"""The resident memory of a process and of the processes it started, read from Linux's /proc.

The build sizes Pagefind's parts to the memory it leaves (`hooks/search.py`, `run_bytes`),
and the archive-scale bench samples the peak of a whole build (`scripts/benchkit/scale.py`):
both ask `tree_rss`. Elsewhere (no /proc) it answers None.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def _stat(pid: str) -> tuple[int, int]:
    """A process's parent and resident bytes, from `/proc/<pid>/stat` (the fields after its name)."""
    stat = Path("/proc", pid, "stat").read_text(encoding="ascii", errors="replace")
    fields = stat[stat.rindex(")") + 2 :].split()
    return int(fields[1]), int(fields[21]) * os.sysconf("SC_PAGE_SIZE")


def rss(pid: int) -> int | None:
    """The resident bytes of process `pid` alone; None when /proc cannot tell."""
    try:
        return _stat(str(pid))[1]
    except (OSError, ValueError, IndexError):
        return None


def tree_rss(root: int) -> int | None:
    """The resident bytes of process `root` and all its descendants now; None when /proc
    cannot tell (not Linux, or `root` is gone)."""
    children: dict[int, list[int]] = {}
    resident: dict[int, int] = {}
    try:
        entries = list(os.scandir("/proc"))
    except OSError:
        return None
    for entry in entries:
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):  # a process that ended meanwhile
                parent, resident[int(entry.name)] = _stat(entry.name)
                children.setdefault(parent, []).append(int(entry.name))
    if root not in resident:
        return None
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += resident.get(pid, 0)
        todo += children.get(pid, [])
    return total
