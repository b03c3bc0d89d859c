"""The preview: time from saving a content file until `mkdocs serve` serves the change."""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import re
import socketserver
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import yaml

from benchkit import ROOT
from benchkit.builds import build_env, machine, run_build
from benchkit.corpus import CorpusEpisode, write_podsite


def _poll(url: str, needle: str | None, deadline: float) -> float | None:
    while time.perf_counter() < deadline:
        with contextlib.suppress(Exception):
            with urllib.request.urlopen(url, timeout=2) as resp:
                if needle is None or needle in resp.read().decode("utf-8", "replace"):
                    return time.perf_counter()
        time.sleep(0.05)
    return None


def serve_update(root: Path, episode: CorpusEpisode, rounds: int = 3, dirty: bool = False) -> dict[str, Any]:
    """Start `mkdocs serve`, edit one transcript line, time until the served page shows the edit.

    Each round appends a new word to the first line of the transcript and polls the
    page on 127.0.0.1 every 50 ms; the time is from the write to the first response
    that contains the word."""
    mkdocs = Path(sys.executable).with_name("mkdocs")
    with socketserver.TCPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler) as probe:
        port = probe.server_address[1]  # a free port
    args = [str(mkdocs), "serve", "-f", str(root / "mkdocs.yml"), "--dev-addr", f"127.0.0.1:{port}"]
    if dirty:
        args.append("--dirty")
    log = root / ("serve-dirty.log" if dirty else "serve.log")
    mount = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8")).get("site_url", "/")
    mount = "/" + mount.split("://", 1)[-1].partition("/")[2]
    url = f"http://127.0.0.1:{port}{mount}episodes/{episode.stem}/"
    transcript = root / "docs" / "episodes" / f"{episode.stem}{episode.transcript.suffix}"
    original = transcript.read_bytes()
    times: list[float] = []
    with log.open("wb") as out:
        proc = subprocess.Popen(args, cwd=root, stdout=out, stderr=subprocess.STDOUT, env=build_env())
        try:
            if _poll(url, None, time.perf_counter() + 900) is None:
                return {"error": "mkdocs serve did not serve the page within 900 s", "dirty": dirty}
            time.sleep(5)  # the first build's search index is written in the background
            for n in range(rounds):
                word = f"zebracorn{n}x{os.getpid()}"
                text = original.decode("utf-8", "replace")
                end = text.index("\n")
                t0 = time.perf_counter()
                transcript.write_bytes((text[:end] + f" {word}" + text[end:]).encode("utf-8"))
                t1 = _poll(url, word, t0 + 300)
                times.append(round(t1 - t0, 2) if t1 else float("inf"))
                time.sleep(8)  # let the rebuild and its background indexing finish before the next edit
        finally:
            transcript.write_bytes(original)
            proc.terminate()
            proc.wait(timeout=60)
    return {"seconds": times, "median": statistics.median(times), "dirty": dirty, "episode": episode.stem}


def serve_flags() -> list[str]:
    """The flags `make serve` gives `mkdocs serve` (the Makefile's SERVE_FLAGS)."""
    match = re.search(r"(?m)^SERVE_FLAGS\s*:?=(.*)$", (ROOT / "Makefile").read_text(encoding="utf-8"))
    return match.group(1).split() if match else []


def _save(path: Path, text: str, rename: bool) -> None:
    """Save as an editor does: in place, or into a new file renamed over the old one."""
    if rename:
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    else:
        path.write_text(text, encoding="utf-8")


def _poll_all(urls: list[str], needle: str, t0: float, limit: float = 300) -> float:
    """Seconds from `t0` until every URL serves `needle` (inf after `limit`)."""
    left = list(urls)
    while left and time.perf_counter() < t0 + limit:
        with contextlib.suppress(Exception):
            with urllib.request.urlopen(left[0], timeout=30) as resp:
                if needle in resp.read().decode("utf-8", "replace"):
                    left.pop(0)
                    continue
        time.sleep(0.05)
    return round(time.perf_counter() - t0, 2) if not left else float("inf")


MENTION = "pytest"


def serve_bench(
    root: Path, episode: CorpusEpisode, flags: list[str], rounds: int = 5, pause: float = 3.0, poll: bool = False
) -> dict[str, Any]:
    """`mkdocs serve` with `flags` on the site at `root`, timed as a producer works with it.

    - startup: from starting the server to the first page served;
    - transcript: append a word to the first line of `episode`'s transcript, until its page
      shows it; `rounds` saves in place, then `rounds` saves written beside and renamed over;
    - title: a new title in the episode's front matter, until its page, the archive, the home
      page and the feed all show it (`rounds` saves, alternately in place and renamed);
    - mentions: a new URL for `pytest` in `mentions.yml`, until the newest episode page that
      says it and the mention page show it (three saves; the first, which creates the entry, is not timed).
    Between edits the server is left `pause` s to settle (search indexing runs after a build).
    `poll`: the server watches by MkDocs' polling (`PODSITE_WATCH=poll`), not by file notifications.
    """
    mkdocs = Path(sys.executable).with_name("mkdocs")
    with socketserver.TCPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler) as probe:
        port = probe.server_address[1]
    args = [str(mkdocs), "serve", *flags, "-f", str(root / "mkdocs.yml"), "--dev-addr", f"127.0.0.1:{port}"]
    mount = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8")).get("site_url", "/")
    base = f"http://127.0.0.1:{port}/" + mount.split("://", 1)[-1].partition("/")[2]
    page = f"{base}episodes/{episode.stem}/"
    docs = root / "docs"
    transcript = docs / "episodes" / f"{episode.stem}{episode.transcript.suffix}"
    source = docs / "episodes" / f"{episode.stem}.md"
    registry = docs / "mentions.yml"
    said = next(  # the newest episode whose transcript says the name
        (
            p
            for p in sorted((docs / "episodes").glob(f"*{episode.transcript.suffix}"), reverse=True)
            if MENTION in p.read_text(encoding="utf-8", errors="replace")
        ),
        transcript,
    )
    said_page = f"{base}episodes/{said.stem}/"
    originals = {p: p.read_bytes() if p.exists() else None for p in (transcript, source, registry)}
    result: dict[str, Any] = {"flags": flags, "episode": episode.stem, "watch": "poll" if poll else "native"}
    log = root / f"serve{'-'.join([''] + [f.strip('-') for f in flags])}{'-poll' if poll else ''}.log"
    env = build_env() | ({"PODSITE_WATCH": "poll"} if poll else {})
    with log.open("wb") as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(args, cwd=root, stdout=out, stderr=subprocess.STDOUT, env=env)
        try:
            result["startup"] = _poll_all([page], "<html", t0, 900)
            time.sleep(pause * 2)
            tag = f"{os.getpid()}x{int(time.time()) % 100000}"
            for mode in ("in_place", "rename"):
                times = []
                for n in range(rounds):
                    word = f"zebracorn{mode[0]}{n}x{tag}"
                    text = originals[transcript].decode("utf-8", "replace")  # type: ignore[union-attr]
                    end = text.index("\n")
                    t1 = time.perf_counter()
                    _save(transcript, text[:end] + f" {word}" + text[end:], mode == "rename")
                    times.append(_poll_all([page], word, t1))
                    time.sleep(pause)
                result[f"transcript_{mode}"] = times
            result["transcript_median"] = statistics.median(result["transcript_in_place"] + result["transcript_rename"])
            titles = []
            front = originals[source].decode("utf-8")  # type: ignore[union-attr]
            old_title = next(line for line in front.splitlines() if line.startswith("title:"))
            for n in range(rounds):
                title = f"Retitled {n} {tag}"
                t1 = time.perf_counter()
                _save(source, front.replace(old_title, f"title: {title}", 1), n % 2 == 1)
                titles.append(_poll_all([page, f"{base}episodes/", base, f"{base}feed.xml"], title, t1))
                time.sleep(pause)
            result["title"] = titles
            result["title_median"] = statistics.median(titles)
            mentions = []
            for n in range(3):
                url = f"https://docs.pytest.org/{tag}/{n}/"
                entry = f"- name: {MENTION}\n  url: {url}\n  kind: project\n"
                t1 = time.perf_counter()
                _save(registry, (originals[registry] or b"").decode("utf-8") + "\n" + entry, False)
                took = _poll_all([said_page, f"{base}mentions/{MENTION}/"], url, t1)
                if n:
                    mentions.append(took)
                time.sleep(pause)
            result["mentions"] = mentions
        finally:
            for path, data in originals.items():
                if data is None:
                    path.unlink(missing_ok=True)
                else:
                    path.write_bytes(data)
            proc.terminate()
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            result["server_cpu_seconds"] = round(usage.ru_utime + usage.ru_stime, 1)
    result["load_average"] = os.getloadavg()
    return result


def watch_latency(docs: Path, saves: int = 10, idle: float = 10.0) -> dict[str, Any]:
    """How soon `make serve`'s watcher hears a save in `docs`, and its CPU while nothing changes:
    watchdog's native observer as `hooks/preview.py` sets it up, against MkDocs' own polling
    observer (0.5 s) on the same folder, in this process.

    Each save appends to the newest transcript (in place and written-then-renamed, in turn)
    after a random pause, so a save falls anywhere in the polling cycle; the time is from
    the save until the handler hears it. The idle CPU is this process's user + system time
    over `idle` seconds with the observer running and nothing saved."""
    import random
    import resource

    from preview import Watcher
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    transcript = max(p for p in (docs / "episodes").iterdir() if p.suffix in (".txt", ".vtt", ".srt", ".json"))
    original = transcript.read_bytes()
    heard = threading.Event()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if not event.is_directory:
                heard.set()

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    pause = random.Random(7)
    result: dict[str, Any] = {"files": sum(1 for _ in docs.rglob("*")), "transcript": transcript.name}
    for mode in ("native", "polling"):
        observer: Any = Watcher(PollingObserver(), Observer()) if mode == "native" else PollingObserver(timeout=0.5)
        observer.schedule(Handler(), str(docs), recursive=True)
        observer.start()
        try:
            time.sleep(1.0)
            heard.clear()
            before = cpu()
            time.sleep(idle)
            idle_cpu = cpu() - before
            times = []
            for n in range(saves):
                time.sleep(pause.uniform(0.6, 1.1))
                heard.clear()
                text = original + f"\n00:00:00 Bench: save {n}\n".encode()
                t0 = time.perf_counter()
                if n % 2:
                    tmp = transcript.with_name(f".{transcript.name}.tmp")
                    tmp.write_bytes(text)
                    os.replace(tmp, transcript)
                else:
                    transcript.write_bytes(text)
                said = heard.wait(10)
                times.append(round(time.perf_counter() - t0, 3) if said else float("inf"))
        finally:
            transcript.write_bytes(original)
            observer.stop()
            observer.join()
        result[mode] = {
            "heard_seconds": times,
            "median_seconds": statistics.median(times),
            "idle_cpu_percent": round(100 * idle_cpu / idle, 2),
        }
    result["load_average"] = os.getloadavg()
    return result


def serve_only(
    site: Path,
    episodes: list[CorpusEpisode],
    runs: int,
    baseline: bool,
    out: Path,
    rounds: int = 5,
    polling: bool = False,
) -> int:
    """Time the preview on a site of every episode (see `serve_bench`); results to `out`/serve.json.
    `polling`: each run also times the same server watching by polling, right after it."""
    if not (site / "mkdocs.yml").is_file():
        write_podsite(site, episodes)
    print("warming the cache with one build ...", file=sys.stderr, flush=True)  # for this code's cache keys
    results_build = run_build(site, site / "build.log")
    newest = episodes[-1]
    results: dict[str, Any] = {
        "machine": machine(),
        "episodes": len(episodes),
        "warm_up_build_seconds": round(results_build.seconds, 1),
        "make_serve": [],
    }
    out.mkdir(parents=True, exist_ok=True)
    for n in range(runs):
        print(f"timing make serve's mkdocs serve {serve_flags()} ({n + 1}/{runs}) ...", file=sys.stderr, flush=True)
        results["make_serve"].append(serve_bench(site, newest, serve_flags(), rounds))
        print(json.dumps(results["make_serve"][-1]), file=sys.stderr, flush=True)
        (out / "serve.json").write_text(json.dumps(results, indent=2), encoding="utf-8")  # kept if stopped later
        if polling:
            print(f"timing it again, watching by polling ({n + 1}/{runs}) ...", file=sys.stderr, flush=True)
            polled = serve_bench(site, newest, serve_flags(), rounds, poll=True)
            results.setdefault("make_serve_polling", []).append(polled)
            print(json.dumps(polled), file=sys.stderr, flush=True)
            (out / "serve.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    if baseline:
        print("timing plain mkdocs serve ...", file=sys.stderr, flush=True)
        results["plain_serve"] = serve_bench(site, newest, [], rounds=min(rounds, 3))
    runs_done = results["make_serve"]
    for key in ("startup", "transcript_median", "title_median"):
        results[f"median_{key}"] = statistics.median(r[key] for r in runs_done)
    results["median_mentions"] = statistics.median(m for r in runs_done for m in r["mentions"])
    if polling:
        polled_runs = results["make_serve_polling"]
        saves = [t for r in polled_runs for t in r["transcript_in_place"] + r["transcript_rename"]]
        results["polling_median_transcript"] = statistics.median(saves)
        results["polling_median_title"] = statistics.median(t for r in polled_runs for t in r["title"])
    out.mkdir(parents=True, exist_ok=True)
    (out / "serve.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))
    return 0
