"""First builds: the corpus site with an empty `.cache/`, on a pool of processes and on one,
beside the naive build, alternated so all three meet the same machine."""

from __future__ import annotations

import re
import shutil
import statistics
from pathlib import Path
from typing import Any

from benchkit.builds import BuildResult, run_build
from benchkit.corpus import CorpusEpisode, write_naive, write_podsite

#: The three builds of a round, in the order they run.
KINDS = ("naive", "cold on a pool", "cold on one process")
#: What the build says when a step ran ahead on the pool (`podsite/parallel.py`).
AHEAD = re.compile(r"podsite: (.+?): (\d+) of (\d+) on (\d+) processes in ([\d.]+) s")


def _ahead(log: Path) -> list[dict[str, Any]]:
    """The steps a build ran ahead on its pool: what, how many, on how many processes, how long."""
    text = log.read_text(encoding="utf-8", errors="replace")
    return [
        {"step": m[1], "done": int(m[2]), "of": int(m[3]), "processes": int(m[4]), "seconds": float(m[5])}
        for m in AHEAD.finditer(text)
    ]


def cold_bench(work: Path, episodes: list[CorpusEpisode], rounds: int = 3) -> dict[str, Any]:
    """`rounds` times: the naive build, a cold build with the default pool, a cold build with
    `PODSITE_WORKERS=1`; each cold build starts from an empty `.cache/`. Medians compared,
    and the ratio of each round's pair."""
    ours, naive = work / "cold-podsite", work / "cold-naive"
    for root, write in ((ours, write_podsite), (naive, write_naive)):
        shutil.rmtree(root, ignore_errors=True)
        write(root, episodes)
    runs: dict[str, list[BuildResult]] = {kind: [] for kind in KINDS}
    ahead: list[list[dict[str, Any]]] = []
    for i in range(max(1, rounds)):
        runs["naive"].append(run_build(naive, naive / f"build-{i}.log"))
        for kind, env in (("cold on a pool", {}), ("cold on one process", {"PODSITE_WORKERS": "1"})):
            shutil.rmtree(ours / ".cache", ignore_errors=True)
            log = ours / f"build-{kind.replace(' ', '-')}-{i}.log"
            result = run_build(ours, log, env)
            if not result.ok:
                raise RuntimeError(f"the {kind} build failed: see {log}")
            runs[kind].append(result)
            if env == {}:
                ahead.append(_ahead(log))
    out: dict[str, Any] = {"episodes": len(episodes), "rounds": rounds}
    for kind, results in runs.items():
        out[kind] = {
            "seconds": [round(r.seconds, 2) for r in results],
            "cpu_seconds": [round(r.cpu_seconds, 2) for r in results],
            "median_s": round(statistics.median(r.seconds for r in results), 2),
            "median_cpu_s": round(statistics.median(r.cpu_seconds for r in results), 2),
        }
    for kind in KINDS[1:]:
        out[f"speedup {kind}"] = round(out["naive"]["median_s"] / out[kind]["median_s"], 2)
        out[f"speedup {kind} per round"] = [
            round(n.seconds / c.seconds, 2) for n, c in zip(runs["naive"], runs[kind], strict=True)
        ]
    out["pool over one process"] = round(out["cold on one process"]["median_s"] / out["cold on a pool"]["median_s"], 2)
    out["ahead on the pool"] = ahead
    return out


#: A cold `mkdocs build` on one process with the CPU time (`process_time`) of each step summed,
#: counted once where a step calls itself; the steps are the functions named below.
_STEPS = r"""
import json, resource, sys, time
from collections import defaultdict
cpu, depth = defaultdict(float), defaultdict(int)
def timed(name, fn):
    def run(*args, **kwargs):
        if depth[name]:
            return fn(*args, **kwargs)
        depth[name] += 1
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            cpu[name] += time.process_time() - start
            depth[name] -= 1
    return run
import jinja2.environment, markdown.core
import podsite.cards as cards, podsite.catalog as catalog, podsite.layout as layout, podsite.outputs as outputs
import podsite.site as site, podsite.chaptering.speech as speech, podsite.mentions.notes as notes
catalog.parse_cached = timed("transcripts parsed", catalog.parse_cached)
catalog.derive_chapters_cached = timed("chapters derived", catalog.derive_chapters_cached)
speech.Speech.__init__ = timed("chapters: Speech()", speech.Speech.__init__)
outputs.episode_files = timed("downloads", outputs.episode_files)
site.annotate_show = timed("mention hits", site.annotate_show)
notes._links_of = timed("mention hits: notes' links (Markdown)", notes._links_of)
cards.card_file = timed("social cards", cards.card_file)
site.load_site = timed("load_site (the whole model)", site.load_site)
layout.build_sections = timed("transcript layout", layout.build_sections)
markdown.core.Markdown.convert = timed("Markdown (every convert)", markdown.core.Markdown.convert)
jinja2.environment.Template.render = timed("Jinja templates (every render)", jinja2.environment.Template.render)
from mkdocs.__main__ import cli
start = time.process_time()
cli(["build", "-q", "-f", sys.argv[1]], standalone_mode=False)
cpu["the build process in all"] = time.process_time() - start
children = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu["child processes (Pagefind)"] = children.ru_utime + children.ru_stime
print(json.dumps({name: round(seconds, 2) for name, seconds in cpu.items()}))
"""


def cold_steps(work: Path, episodes: list[CorpusEpisode], rounds: int = 1) -> dict[str, Any]:
    """CPU seconds of each step of a cold build on one process (`PODSITE_WORKERS=1`), `rounds`
    times from an empty `.cache/`: where a first build's time goes, without a profiler's overhead."""
    import json
    import subprocess
    import sys

    from benchkit.builds import build_env

    root = work / "cold-podsite"
    shutil.rmtree(root, ignore_errors=True)
    write_podsite(root, episodes)
    runs: list[dict[str, float]] = []
    for _ in range(max(1, rounds)):
        shutil.rmtree(root / ".cache", ignore_errors=True)
        shutil.rmtree(root / "site", ignore_errors=True)
        done = subprocess.run(
            [sys.executable, "-c", _STEPS, str(root / "mkdocs.yml")],
            cwd=root,
            env=build_env() | {"PODSITE_WORKERS": "1"},
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {
        "episodes": len(episodes),
        "rounds": rounds,
        "cpu_seconds": {name: [run.get(name, 0.0) for run in runs] for name in runs[0]},
    }
