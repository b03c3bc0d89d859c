"""Shows of thousands of episodes: the corpus replicated to N episodes, built by this project
(cold and warm) and, side by side, as a minimal Hugo site indexed by Pagefind.

Each replicated episode gets its own number, date (one a day, the newest on `NEWEST`), title,
slug and transcript bytes (its first line names the episode), so no cache entry made for one
copy serves another and a cold build does all the work a real archive would need.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from podsite import memory

from benchkit.builds import build_env, machine, page_size, tree_size
from benchkit.corpus import CorpusEpisode, write_podsite
from benchkit.search import search_bytes

#: The newest episode's date; the others go back one a day.
NEWEST = dt.date(2026, 11, 1)
#: Targets: cold build within 3x of Hugo + Pagefind, warm within 1x; memory; page sizes; search.
COLD_RATIO_MAX = 3.0
WARM_RATIO_MAX = 1.0
PEAK_MB_MAX = 2048
LIST_PAGE_MAX = 400 * 1024
SEARCH_MAX = 500 * 1024
#: The episode whose page is compared between the 10-episode site and the large ones.
COMPARED = 4


def replicate(episodes: list[CorpusEpisode], n: int, staging: Path) -> list[CorpusEpisode]:
    """`n` episodes numbered 1..n from the corpus in turn, each with a unique title, slug and
    transcript (written under `staging`)."""
    staging.mkdir(parents=True, exist_ok=True)
    out: list[CorpusEpisode] = []
    for i in range(n):
        src = episodes[i % len(episodes)]
        take = i // len(episodes)
        number = i + 1
        slug = src.stem.split("-", 1)[1] if "-" in src.stem else "episode"
        title = src.title if take == 0 else f"{src.title} (take {take + 1})"
        transcript = staging / f"{number:04d}-{slug}{src.transcript.suffix}"
        transcript.write_text(_unique_transcript(src.transcript, number), encoding="utf-8")
        # segments and notes are shared between the copies (read only)
        out.append(replace(src, number=number, stem=f"{number:04d}-{slug}", title=title, transcript=transcript))
    return out


def _unique_transcript(path: Path, number: int) -> str:
    """The transcript with its first spoken line naming episode `number` (or a NOTE in WebVTT)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".vtt":
        head, sep, rest = text.partition("\n\n")
        return f"{head}{sep}NOTE replicated as episode {number}\n\n{rest}"
    first = re.search(r"^\S.*$", text, re.M)
    if first is None:
        return text
    return text[: first.end()] + f" (Episode {number}.)" + text[first.end() :]


_HUGO_CONFIG = """baseURL = "https://example.org/pb/"
languageCode = "en"
title = "Python Bytes (Hugo benchmark)"
paginate = 100
disableKinds = ["taxonomy", "term"]
"""

_HUGO_LAYOUTS = {
    "_default/baseof.html": (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>{{ .Title }} | {{ .Site.Title }}</title></head>\n"
        '<body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a> '
        '<a href="{{ "/episodes/" | relURL }}">Episodes</a></header>\n'
        '{{ block "main" . }}{{ end }}</body></html>\n'
    ),
    "_default/single.html": (
        '{{ define "main" }}<main data-pagefind-body><h1>{{ .Title }}</h1>'
        '<p><time>{{ .Date.Format "2006-01-02" }}</time></p>{{ .Content }}</main>{{ end }}\n'
    ),
    "_default/list.html": (
        '{{ define "main" }}<main><h1>{{ .Title }}</h1><ol>'
        '{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> '
        '<time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}</ol>'
        '{{ with .Paginator.Prev }}<a href="{{ .URL }}">Newer</a>{{ end }} '
        '{{ with .Paginator.Next }}<a href="{{ .URL }}">Older</a>{{ end }}</main>{{ end }}\n'
    ),
    "index.html": (
        '{{ define "main" }}<main><h1>{{ .Site.Title }}</h1><ul>'
        '{{ range first 10 (where .Site.RegularPages "Section" "episodes") }}'
        '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></main>{{ end }}\n'
    ),
}


def write_hugo(root: Path, episodes: list[CorpusEpisode], first_date: dt.date) -> None:
    """A minimal Hugo site of the same episodes: the show notes and the transcript text as each
    page's body (one paragraph per line, its time first), an episode list of 100 a page."""
    (root / "content" / "episodes").mkdir(parents=True)
    (root / "hugo.toml").write_text(_HUGO_CONFIG, encoding="utf-8")
    for name, text in _HUGO_LAYOUTS.items():
        (root / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "layouts" / name).write_text(text, encoding="utf-8")
    (root / "content" / "episodes" / "_index.md").write_text('---\ntitle: "Episodes"\n---\n', encoding="utf-8")
    for index, ep in enumerate(episodes):
        date = first_date + dt.timedelta(days=index)
        lines = [
            "---",
            f"title: {json.dumps(ep.title, ensure_ascii=False)}",
            f"date: {date.isoformat()}",
            f"slug: {ep.stem}",
            "---",
            "",
            ep.body,
            "## Transcript",
            "",
        ]
        lines += [f"{_clock(start)} {text}\n" for start, text in ep.segments]
        (root / "content" / "episodes" / f"{ep.stem}.md").write_text("\n".join(lines), encoding="utf-8")


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


@dataclass
class Run:
    seconds: float  # wall clock
    cpu_seconds: float  # user + system of the process and every child it waited for
    peak_rss_mb: float  # the largest single process (wait4 rusage)
    peak_tree_mb: float  # the largest sum over the process and its descendants, sampled every 0.2 s
    ok: bool


def measured(cmd: list[str], cwd: Path, log: Path, env: dict[str, str] | None = None) -> Run:
    """Run `cmd`, timing it and sampling the memory of its whole process tree."""
    peak = [0]
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env or build_env())
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.2):
                peak[0] = max(peak[0], memory.tree_rss(proc.pid) or 0)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
    return Run(
        round(seconds, 2),
        round(usage.ru_utime + usage.ru_stime, 2),
        round(usage.ru_maxrss / 1024, 1),
        round(peak[0] / 1024 / 1024, 1),
        os.waitstatus_to_exitcode(status) == 0,
    )


def mkdocs_build(root: Path, log: Path) -> Run:
    mkdocs = Path(sys.executable).with_name("mkdocs")
    return measured([str(mkdocs), "build", "-f", str(root / "mkdocs.yml")], root, log)


def hugo_pagefind(root: Path, log_prefix: Path) -> dict[str, Any]:
    """`hugo` into a fresh `public/`, then Pagefind over it: each timed, and their sum."""
    from pagefind.service import get_executable  # the pinned wheel's binary, as the build's search hook uses

    shutil.rmtree(root / "public", ignore_errors=True)
    hugo = measured(["hugo", "--quiet", "-d", "public"], root, log_prefix.with_suffix(".hugo.log"))
    pf = measured([str(get_executable()), "--site", "public"], root, log_prefix.with_suffix(".pagefind.log"))
    return {
        "hugo": asdict(hugo),
        "pagefind": asdict(pf),
        "seconds": round(hugo.seconds + pf.seconds, 2),
        "cpu_seconds": round(hugo.cpu_seconds + pf.cpu_seconds, 2),
        "ok": hugo.ok and pf.ok,
    }


def largest_pages(site: Path, episode_stems: set[str], top: int = 5) -> list[tuple[str, int]]:
    """The largest HTML pages that are not an episode's (its page, player embed and transcript
    download): the lists and indexes (archive, mentions, people), the pages that may grow with N."""
    sizes = []
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        parts = rel.split("/")
        if len(parts) >= 3 and parts[0] == "episodes" and parts[1] in episode_stems:
            continue
        sizes.append((rel, path.stat().st_size))
    return sorted(sizes, key=lambda r: -r[1])[:top]


def largest_files(site: Path, top: int = 5) -> list[tuple[str, int]]:
    """The largest files of any kind (the feed, search files, downloads)."""
    sizes = [(p.relative_to(site).as_posix(), p.stat().st_size) for p in site.rglob("*") if p.is_file()]
    return sorted(sizes, key=lambda r: -r[1])[:top]


def scale_size(
    work: Path, corpus: list[CorpusEpisode], n: int, rounds: int, browser: bool, reference: Path | None
) -> dict[str, Any]:
    """One size: write both sites; podsite cold; then Hugo + Pagefind and podsite warm `rounds`
    times, alternated (the ratios are of medians measured side by side)."""
    episodes = replicate(corpus, n, work / f"transcripts-{n}")
    first_date = NEWEST - dt.timedelta(days=n - 1)
    ours, hugo = work / f"podsite-{n}", work / f"hugo-{n}"
    for path in (ours, hugo):
        shutil.rmtree(path, ignore_errors=True)
    write_podsite(ours, episodes, first_date, 1)
    write_hugo(hugo, episodes, first_date)
    shutil.rmtree(work / f"transcripts-{n}", ignore_errors=True)
    result: dict[str, Any] = {"episodes": n, "load_average_at_start": os.getloadavg()}
    cold = mkdocs_build(ours, ours / "build-cold.log")
    result["cold"] = asdict(cold)
    warm_runs: list[Run] = []
    hugo_runs: list[dict[str, Any]] = []
    for i in range(max(1, rounds)):
        hugo_runs.append(hugo_pagefind(hugo, hugo / f"build-{i}"))
        warm_runs.append(mkdocs_build(ours, ours / f"build-warm-{i}.log"))
    warm = sorted(warm_runs, key=lambda r: r.seconds)[len(warm_runs) // 2]
    hp = sorted(hugo_runs, key=lambda r: r["seconds"])[len(hugo_runs) // 2]
    result["warm"] = asdict(warm)
    result["warm_runs"] = [r.seconds for r in warm_runs]
    result["hugo_pagefind"] = hp
    result["hugo_pagefind_runs"] = [r["seconds"] for r in hugo_runs]
    result["cold_ratio"] = round(cold.seconds / hp["seconds"], 2)
    result["warm_ratio"] = round(warm.seconds / hp["seconds"], 2)
    # CPU time is the fairer ratio on a shared machine: wall time depends on what else runs
    result["cold_cpu_ratio"] = round(cold.cpu_seconds / hp["cpu_seconds"], 2)
    result["warm_cpu_ratio"] = round(warm.cpu_seconds / hp["cpu_seconds"], 2)
    result["warm_ratio_runs"] = [round(w.seconds / h["seconds"], 2) for w, h in zip(warm_runs, hugo_runs, strict=True)]
    result["peak_rss_mb"] = max(cold.peak_rss_mb, warm.peak_rss_mb)
    result["peak_tree_mb"] = max(cold.peak_tree_mb, warm.peak_tree_mb)
    site = ours / "site"
    result["build_warnings"] = (ours / "build-cold.log").read_text(errors="replace").count("WARNING")
    result["site_bytes"] = tree_size(site)
    result["hugo_site_bytes"] = tree_size(hugo / "public")
    result["search_index_bytes"] = tree_size(site / "pagefind") if (site / "pagefind").is_dir() else 0
    stems = {ep.stem for ep in episodes}
    result["largest_non_episode_pages"] = largest_pages(site, stems)
    result["largest_files"] = largest_files(site)
    compared = episodes[COMPARED - 1].stem
    page = site / "episodes" / compared / "index.html"
    result["page"] = f"episodes/{compared}/"
    result["page_raw"], result["page_gzip"] = page_size(page) if page.is_file() else (0, 0)
    if reference is not None:
        ref = reference / "episodes" / compared / "index.html"
        result["page_raw_at_10"], result["page_gzip_at_10"] = page_size(ref) if ref.is_file() else (0, 0)
    if browser:
        result["search"] = search_bytes(site, f"episodes/{compared}/")
    result["load_average_at_end"] = os.getloadavg()
    return result


def reference_site(work: Path, corpus: list[CorpusEpisode]) -> Path:
    """The 10-episode site the large sites' episode page is compared with."""
    episodes = replicate(corpus, 10, work / "transcripts-10")
    root = work / "podsite-10"
    shutil.rmtree(root, ignore_errors=True)
    write_podsite(root, episodes, NEWEST - dt.timedelta(days=9), 1)
    mkdocs_build(root, root / "build.log")
    return root / "site"


def scale_bench(
    work: Path, corpus: list[CorpusEpisode], sizes: list[int], rounds: int, browser: bool, out: Path | None = None
) -> dict[str, Any]:
    """Every size in turn, after the 10-episode reference site; the results so far are written
    to `out` after each size (a long run that fails later keeps them)."""
    results: dict[str, Any] = {"machine": machine(), "corpus_episodes": len(corpus), "sizes": []}
    reference = reference_site(work, corpus)
    for n in sizes:
        results["sizes"].append(scale_size(work, corpus, n, rounds, browser, reference))
        if out is not None:
            out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    results["load_average_at_end"] = os.getloadavg()
    return results


def scale_summary(results: dict[str, Any]) -> str:
    """The results as a Markdown table, each target marked met or missed."""

    def mark(ok: bool) -> str:
        return "met" if ok else "**missed**"

    m = results["machine"]
    rows = [
        f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory']}, Python {m['python']}; load average "
        f"{m['load_average_at_start'][0]:.1f} at start, {results.get('load_average_at_end', [0])[0]:.1f} at end.",
        "",
        "| N | podsite cold (wall / CPU) | warm (wall / CPU) | Hugo + Pagefind (wall / CPU) | cold ratio | warm ratio"
        " | peak RSS (largest process / tree) | largest non-episode page | episode page at N / at 10 | search download gzip |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results["sizes"]:
        hp = r["hugo_pagefind"]
        big = r["largest_non_episode_pages"][0] if r["largest_non_episode_pages"] else ("-", 0)
        search = r.get("search", {}).get("gzip")
        rows.append(
            f"| {r['episodes']:,} | {r['cold']['seconds']:.0f} / {r['cold']['cpu_seconds']:.0f} s"
            f" | {r['warm']['seconds']:.0f} / {r['warm']['cpu_seconds']:.0f} s"
            f" | {hp['seconds']:.0f} / {hp['cpu_seconds']:.0f} s (Hugo {hp['hugo']['seconds']:.0f} s)"
            f" | {r['cold_ratio']:.2f}x, CPU {r['cold_cpu_ratio']:.2f}x ({mark(r['cold_ratio'] <= COLD_RATIO_MAX)})"
            f" | {r['warm_ratio']:.2f}x, CPU {r['warm_cpu_ratio']:.2f}x ({mark(r['warm_ratio'] <= WARM_RATIO_MAX)})"
            f" | {r['peak_rss_mb']:,.0f} / {r['peak_tree_mb']:,.0f} MB ({mark(r['peak_tree_mb'] <= PEAK_MB_MAX)})"
            f" | {big[0]} {big[1] / 1024:,.0f} KB ({mark(big[1] <= LIST_PAGE_MAX)})"
            f" | {r['page_raw']:,} / {r.get('page_raw_at_10', 0):,} B"
            f" | {'-' if search is None else f'{search / 1024:,.0f} KB ({mark(search <= SEARCH_MAX)})'} |"
        )
    for r in results["sizes"]:
        rows.append(
            f"\nN={r['episodes']:,}: warm {r['warm_runs']} s, Hugo + Pagefind {r['hugo_pagefind_runs']} s"
            f" (alternated; ratio per pair {r['warm_ratio_runs']}); largest files {r['largest_files'][:3]}"
        )
    return "\n".join(rows)
