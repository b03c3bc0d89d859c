"""The benchmark script, at a tiny size: every field of the report is there and plausible.

The real benchmark (`make bench`) takes minutes and is not part of the test suite.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))


def test_bench_reports_every_field_for_three_episodes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    import bench

    out = tmp_path / "out"
    assert (
        bench.main(
            [
                "--sizes",
                "3",
                "--no-browser",
                "--no-serve",
                "--no-profile",
                "--rounds",
                "2",
                "--out",
                str(out),
                "--work",
                str(tmp_path / "w"),
            ]
        )
        == 0
    )
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert set(results["machine"]) >= {"nproc", "cpu", "memory", "load_average_at_start"}
    (size,) = results["sizes"]
    assert size["episodes"] == 3
    ours, naive = size["podsite"], size["naive"]
    for build in (ours["cold"], ours["warm"], ours["nocache"], naive["build"]):
        assert build["ok"] and build["seconds"] > 0 and build["cpu_seconds"] > 0 and build["peak_rss_mb"] > 10
    assert ours["page_raw"] > ours["page_gzip"] > 1000
    assert ours["site_bytes"] > ours["search_index_bytes"] > 0  # the Pagefind index is part of the site
    assert naive["search_index_bytes"] > 0  # Material's search_index.json
    assert size["speedup_cold"] > 0 and size["speedup_cpu_warm"] > 0
    # warm and naive alternated twice; the medians are what is compared
    assert len(ours["warm_runs"]) == len(naive["build_runs"]) == len(size["speedup_warm_runs"]) == 2
    assert round(ours["warm"]["seconds"], 2) in ours["warm_runs"]
    assert results["feed"]["episodes"] == 1000 and results["feed"]["best"] > 0
    report = capsys.readouterr().out
    assert "| 3 |" in report and "speed-up" in report


def test_cold_bench_times_a_pool_a_single_process_and_the_naive_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, corpus: Path
) -> None:
    import bench

    monkeypatch.setenv("PODSITE_POOL_MIN", "1")  # three episodes are enough for a pool here
    out = tmp_path / "out"
    args = ["--cold", "--sizes", "3", "--rounds", "1", "--out", str(out), "--work", str(tmp_path / "w")]
    assert bench.main(args) == 0
    cold = json.loads((out / "cold.json").read_text(encoding="utf-8"))["cold"]
    assert cold["episodes"] == 3
    for kind in ("naive", "cold on a pool", "cold on one process"):
        assert len(cold[kind]["seconds"]) == 1 and cold[kind]["median_s"] > 0 and cold[kind]["median_cpu_s"] > 0
    assert cold["speedup cold on a pool"] > 0 and cold["pool over one process"] > 0
    (ahead,) = cold["ahead on the pool"]  # the pool build said what it ran ahead, on how many processes
    steps = {step["step"]: step for step in ahead}
    assert steps["episodes read ahead"]["done"] == steps["episodes read ahead"]["of"] == 3
    assert steps["social cards drawn beside the pages"]["of"] == 4  # three episodes and the show


def test_cold_steps_give_the_cpu_of_each_step_of_a_first_build(tmp_path: Path, corpus: Path) -> None:
    import bench

    out = tmp_path / "out"
    args = ["--cold-steps", "--sizes", "3", "--rounds", "1", "--out", str(out), "--work", str(tmp_path / "w")]
    assert bench.main(args) == 0
    steps = json.loads((out / "cold-steps.json").read_text(encoding="utf-8"))["cold steps"]
    assert steps["episodes"] == 3
    cpu = {name: seconds for name, (seconds,) in steps["cpu_seconds"].items()}
    for name in ("transcripts parsed", "chapters derived", "downloads", "mention hits", "social cards"):
        assert 0 < cpu[name] < cpu["load_site (the whole model)"] + cpu["social cards"], name
    assert cpu["load_site (the whole model)"] < cpu["the build process in all"]
