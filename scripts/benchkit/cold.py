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
