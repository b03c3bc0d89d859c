"""Where a build's time goes: wall and CPU time per hook event and page step, and a cProfile."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from benchkit.builds import build_env

_PHASES = r"""
import json, os, sys, time
from collections import defaultdict
from mkdocs.commands import build as b
from mkdocs.config import load_config

wall, cpu = defaultdict(float), defaultdict(float)

def timed(name, fn):
    def run(*args, **kwargs):
        w, c = time.perf_counter(), time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            wall[name] += time.perf_counter() - w
            cpu[name] += time.process_time() - c
    return run

dirty = len(sys.argv) > 2 and sys.argv[2] == "dirty"
if dirty:  # `mkdocs serve --dirty` keeps the process: a first build into a fresh folder fills in-process memos
    import tempfile
    served = tempfile.mkdtemp(prefix="mkdocs_")
    first = load_config(sys.argv[1], site_dir=served)
    first.plugins.on_startup(command="serve", dirty=True)
    b.build(first, dirty=True)
cfg = load_config(sys.argv[1], site_dir=served) if dirty else load_config(sys.argv[1])
for event, methods in cfg.plugins.events.items():
    for i, method in enumerate(methods):
        origin = cfg.plugins._event_origins.get(method, "?")
        wrapped = timed(f"{origin.split('/')[-1]} on_{event}", method)
        cfg.plugins._event_origins[wrapped] = origin
        methods[i] = wrapped
b._populate_page = timed("pages: markdown (incl. page_markdown/page_content events)", b._populate_page)
b._build_page = timed("pages: templates + write (incl. page_context/post_page events)", b._build_page)
b.utils.clean_directory = timed("clean site dir", b.utils.clean_directory)
b.build = timed("TOTAL build", b.build)
if dirty:  # as `mkdocs serve --dirty` rebuilds after a change (hooks were told at startup, once)
    for path in sys.argv[3:]:
        os.utime(path)  # the file the producer just saved
b.build(cfg, dirty=dirty)
print(json.dumps({k: [round(wall[k], 3), round(cpu[k], 3)] for k in sorted(wall, key=lambda k: -wall[k])}))
"""


def phase_times(
    root: Path, extra_env: dict[str, str] | None = None, touch: Path | None = None
) -> dict[str, list[float]]:
    """Wall and CPU seconds of each hook event and page step of one in-process build (no profiler overhead).

    With `touch`, the build is the one `mkdocs serve --dirty` runs after that file was saved
    (a first build in the same process comes before it, as in `mkdocs serve`)."""
    result = subprocess.run(
        [sys.executable, "-c", _PHASES, str(root / "mkdocs.yml")] + (["dirty", str(touch)] if touch else []),
        cwd=root,
        env=build_env() | (extra_env or {}),
        capture_output=True,
        text=True,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(result.stderr[-2000:])
    return json.loads(lines[-1])


def profile_build(root: Path, out: Path) -> str:
    """cProfile of one in-process build; returns the top of the report by own time and cumulative."""
    out = out.resolve()
    code = (
        "import cProfile, pstats, io, sys, os\n"
        "from mkdocs.config import load_config\n"
        "from mkdocs.commands.build import build\n"
        f"cfg = load_config({str(root / 'mkdocs.yml')!r})\n"
        "pr = cProfile.Profile(); pr.enable(); build(cfg); pr.disable()\n"
        f"pr.dump_stats({str(out)!r})\n"
        "for key in ('tottime', 'cumulative'):\n"
        "    s = io.StringIO(); pstats.Stats(pr, stream=s).sort_stats(key).print_stats(30); print(s.getvalue())\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=root, env=build_env(), capture_output=True, text=True)
    return result.stdout + result.stderr[-3000:]
