"""One archive size: the podsite and the naive site built side by side, and the Markdown summary."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from benchkit.builds import BuildResult, page_size, run_build, tree_size
from benchkit.corpus import CorpusEpisode, write_naive, write_podsite
from benchkit.search import search_bytes


def _median(builds: list[BuildResult]) -> BuildResult:
    return sorted(builds, key=lambda b: b.seconds)[len(builds) // 2]


def bench_size(
    work: Path,
    episodes: list[CorpusEpisode],
    label: str,
    page_ep: CorpusEpisode,
    baseline: bool,
    browser: bool,
    rounds: int = 1,
) -> dict[str, Any]:
    """One size. The warm and the naive builds run `rounds` times, alternated (naive,
    warm, naive, warm, ...), so both see the same machine; the medians are compared."""
    n = len(episodes)
    result: dict[str, Any] = {"label": label, "episodes": n}
    ours = work / f"podsite-{label}"
    naive = work / f"naive-{label}"
    write_podsite(ours, episodes)
    cold = run_build(ours, ours / "build-cold.log")
    nocache = run_build(ours, ours / "build-nocache.log", {"PODSITE_CACHE": "off"})
    run_build(ours, ours / "build-refill.log")  # the cache as a warm build finds it
    if baseline:
        write_naive(naive, episodes)
    warm_runs: list[BuildResult] = []
    naive_runs: list[BuildResult] = []
    for i in range(max(1, rounds)):
        if baseline:
            naive_runs.append(run_build(naive, naive / f"build-{i}.log"))
        warm_runs.append(run_build(ours, ours / f"build-warm-{i}.log"))
    warm = _median(warm_runs)
    site = ours / "site"
    page = site / "episodes" / page_ep.stem / "index.html"
    raw, gz = page_size(page) if page.is_file() else (0, 0)
    result["podsite"] = {
        "cold": asdict(cold),
        "warm": asdict(warm),
        "nocache": asdict(nocache),
        "ms_per_episode_cold": cold.seconds * 1000 / n,
        "ms_per_episode_warm": warm.seconds * 1000 / n,
        "warm_runs": [round(b.seconds, 2) for b in warm_runs],
        "site_bytes": tree_size(site),
        "search_index_bytes": tree_size(site / "pagefind") if (site / "pagefind").is_dir() else 0,
        "page": f"episodes/{page_ep.stem}/",
        "page_raw": raw,
        "page_gzip": gz,
    }
    if browser:
        result["podsite"]["search"] = search_bytes(site, f"episodes/{page_ep.stem}/")
    if baseline:
        nb = _median(naive_runs)
        nsite = naive / "site"
        npage = nsite / "episodes" / page_ep.stem / "index.html"
        nraw, ngz = page_size(npage) if npage.is_file() else (0, 0)
        result["naive"] = {
            "build": asdict(nb),
            "build_runs": [round(b.seconds, 2) for b in naive_runs],
            "ms_per_episode": nb.seconds * 1000 / n,
            "site_bytes": tree_size(nsite),
            "search_index_bytes": tree_size(nsite / "search"),
            "page_raw": nraw,
            "page_gzip": ngz,
        }
        if browser:
            result["naive"]["search"] = search_bytes(nsite, f"episodes/{page_ep.stem}/")
        result["speedup_cold"] = nb.seconds / cold.seconds
        result["speedup_warm"] = nb.seconds / warm.seconds
        result["speedup_warm_runs"] = [
            round(a.seconds / b.seconds, 2) for a, b in zip(naive_runs, warm_runs, strict=True)
        ]
        result["speedup_cpu_cold"] = nb.cpu_seconds / cold.cpu_seconds
        result["speedup_cpu_warm"] = nb.cpu_seconds / warm.cpu_seconds
    return result


def _kb(n: float) -> str:
    return f"{n / 1024:,.0f} KB" if n < 10 * 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"


def summary(results: dict[str, Any]) -> str:
    """The results as Markdown tables (pasted into BENCHMARKS.md)."""
    m = results["machine"]
    rows = [
        f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory']}, Python {m['python']}; "
        f"load average {m['load_average_at_start'][0]:.1f} at start, {results.get('load_average_at_end', [0])[0]:.1f} at end.",
        "",
        "| N | podsite cold (wall / CPU) | warm (wall / CPU) | no cache | ms/episode cold | peak RSS | "
        "naive (wall / CPU) | naive peak RSS | speed-up wall (cold / warm) | speed-up CPU (cold / warm) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results["sizes"]:
        p, nv = r["podsite"], r.get("naive", {})
        nb = nv.get("build", {})
        rows.append(
            f"| {r['episodes']} | {p['cold']['seconds']:.1f} / {p['cold']['cpu_seconds']:.1f} s"
            f" | {p['warm']['seconds']:.1f} / {p['warm']['cpu_seconds']:.1f} s"
            f" | {p['nocache']['seconds']:.1f} / {p['nocache']['cpu_seconds']:.1f} s"
            f" | {p['ms_per_episode_cold']:.0f} | {p['cold']['peak_rss_mb']:.0f} MB"
            f" | {nb.get('seconds', 0):.1f} / {nb.get('cpu_seconds', 0):.1f} s | {nb.get('peak_rss_mb', 0):.0f} MB"
            f" | {r.get('speedup_cold', 0):.1f}x / {r.get('speedup_warm', 0):.1f}x"
            f" | {r.get('speedup_cpu_cold', 0):.1f}x / {r.get('speedup_cpu_warm', 0):.1f}x |"
        )
    rows += [
        "",
        "| N | site size | search index | episode page raw / gzip | search download gzip / raw (requests)"
        " | naive site | naive page raw / gzip | naive search download gzip / raw |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results["sizes"]:
        p, nv = r["podsite"], r.get("naive", {})
        ps, ns = p.get("search", {}), nv.get("search", {})
        rows.append(
            f"| {r['episodes']} | {_kb(p['site_bytes'])} | {_kb(p['search_index_bytes'])}"
            f" | {p['page_raw']:,} / {p['page_gzip']:,} B"
            f" | {_kb(ps.get('gzip', 0))} / {_kb(ps.get('raw', 0))} ({ps.get('requests', '-')})"
            f" | {_kb(nv.get('site_bytes', 0))} | {nv.get('page_raw', 0):,} / {nv.get('page_gzip', 0):,} B"
            f" | {_kb(ns.get('gzip', 0))} / {_kb(ns.get('raw', 0))} |"
        )
    sizes = results["sizes"]
    if len(sizes) >= 2 and sizes[0]["podsite"]["page_raw"]:
        a, b = sizes[0]["podsite"]["page_raw"], sizes[-1]["podsite"]["page_raw"]
        rows.append(
            f"\nEpisode page {sizes[0]['podsite']['page']}: {a:,} bytes at N={sizes[0]['episodes']}, "
            f"{b:,} at N={sizes[-1]['episodes']} ({(b - a) / a * 100:+.2f}%)"
        )
    for r in results["sizes"]:
        p, nv = r["podsite"], r.get("naive", {})
        if len(p.get("warm_runs", [])) > 1:
            rows.append(
                f"\nN={r['episodes']}, alternated: naive {nv.get('build_runs')} s, warm {p['warm_runs']} s,"
                f" speed-up per pair {r.get('speedup_warm_runs')} (medians compared above)"
            )
    for name, phases in results.get("phases", {}).items():
        rows += ["", f"Where the time goes ({name}), seconds wall / CPU:", ""]
        rows += [f"- {k}: {w:.2f} / {c:.2f}" for k, (w, c) in list(phases.items())[:9]]
    rel = results.get("relevance")
    if rel:
        rows += [
            "",
            f"Search relevance: {rel['hits_top3']}/{rel['queries']} queries ({rel['score']:.0%}) have the expected"
            f" moment in the top 3 results; misses: {', '.join(rel['misses']) or 'none'}",
            "",
            "| query | first result | five results | query download (gzip) | with opening search |",
            "|---|---|---|---|---|",
        ]
        for q in rel["speed"]["queries"]:
            rows.append(
                f"| {q['query']} | {q['first_result_seconds']} s | {q['five_results_seconds']} s"
                f" | {_kb(q['query_gzip'])} | {_kb(q['total_gzip'])} |"
            )
    for key in ("serve", "serve_dirty", "feed", "profile"):
        if key in results:
            rows.append(f"{key}: {json.dumps(results[key])}")
    return "\n".join(rows)
