"""Running and measuring builds: `mkdocs build` in a child process (time, CPU, peak memory),
sizes on disk, a static server for the browser, and the machine the numbers come from."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import socketserver
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchkit import ROOT


def build_env() -> dict[str, str]:
    """The environment of every build and server: `hooks/` importable, a fixed clock for scheduled episodes."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1893456000")  # 2030-01-01
    env["PYTHONPATH"] = str(ROOT / "hooks") + os.pathsep + env.get("PYTHONPATH", "")
    return env


@dataclass
class BuildResult:
    seconds: float  # wall clock
    cpu_seconds: float  # user + system time of the build and the processes it waited for
    peak_rss_mb: float
    warnings: int
    ok: bool


def run_build(root: Path, log: Path, extra_env: dict[str, str] | None = None) -> BuildResult:
    """`mkdocs build` in a child process; peak RSS is the largest process of the build (wait4 rusage)."""
    mkdocs = Path(sys.executable).with_name("mkdocs")
    env = build_env() | (extra_env or {})
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [str(mkdocs), "build", "-f", str(root / "mkdocs.yml")],
            cwd=root,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    return BuildResult(
        seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text.count("WARNING"), proc.returncode == 0
    )


def tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def page_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, 6))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@contextlib.contextmanager
def static_server(directory: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 (a free port) for the browser."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    socketserver.TCPServer.allow_reuse_address = True
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{httpd.server_address[1]}/"
        finally:
            httpd.shutdown()


def machine() -> dict[str, Any]:
    """CPUs, memory, Python and load: the machine a result was measured on."""
    model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "memory": mem,
        "python": sys.version.split()[0],
        "load_average_at_start": os.getloadavg(),
    }
