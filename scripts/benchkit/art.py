"""What artwork renditions and social cards add to a build."""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from benchkit import ROOT
from benchkit.builds import run_build
from benchkit.corpus import CorpusEpisode, write_podsite

ART_HOOK = "hooks/art.py"


def art_cpu_ms(repeat: int = 20) -> dict[str, float]:
    """CPU milliseconds (this process) to draw one social card and to make the 300 and 600 px
    renditions of a 3,000 px JPEG cover: what a cold build spends per episode and per image."""
    from PIL import Image
    from podsite import cards, images

    with Image.open(ROOT / "docs" / "assets" / "cover.png") as cover:
        art = cards.art_for_card(cover)
    text = cards.CardText("Python Bytes", "Episode 412 · January 2, 2025", "Async all the way down: " * 4)
    start = time.process_time()
    for _ in range(repeat):
        cards.draw_card(text, art)
    card = (time.process_time() - start) / repeat * 1000
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "cover.jpg"
        Image.new("RGB", (3000, 3000), (30, 90, 40)).save(big, "JPEG", quality=90)
        start = time.process_time()
        for _ in range(3):
            images.renditions(big)
        sizes = (time.process_time() - start) / 3 * 1000
    return {"card": round(card, 1), "renditions_of_3000px": round(sizes, 1)}


def art_bench(work: Path, episodes: list[CorpusEpisode], rounds: int = 3) -> dict[str, Any]:
    """What artwork (renditions) and social cards add to a build: the same corpus site with and
    without `hooks/art.py`, built cold (no `.cache/`) and warm, alternated `rounds` times."""
    sites = {"with art": work / "art-with", "without art": work / "art-without"}
    for name, root in sites.items():
        shutil.rmtree(root, ignore_errors=True)
        write_podsite(root, episodes)
        if name == "without art":
            config_file = root / "mkdocs.yml"
            config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
            config["hooks"] = [h for h in config["hooks"] if not h.endswith(ART_HOOK)]
            config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    times: dict[str, dict[str, list[float]]] = {name: {"cold": [], "warm": []} for name in sites}
    for _ in range(rounds):
        for name, root in sites.items():
            shutil.rmtree(root / ".cache", ignore_errors=True)
            cold = run_build(root, root / "cold.log")
            warm = run_build(root, root / "warm.log")
            if not (cold.ok and warm.ok):
                raise RuntimeError(f"the {name} build failed: see {root}/cold.log and warm.log")
            times[name]["cold"].append(cold.seconds)
            times[name]["warm"].append(warm.seconds)
    out: dict[str, Any] = {"episodes": len(episodes), "rounds": rounds, "seconds": times}
    for kind in ("cold", "warm"):
        base = statistics.median(times["without art"][kind])
        art = statistics.median(times["with art"][kind])
        out[kind] = {"without_s": round(base, 2), "with_s": round(art, 2), "added": round(art / base - 1, 3)}
    out["cpu_ms"] = art_cpu_ms()
    cards = list((sites["with art"] / "site" / "episodes").glob("*/card.png"))
    out["cards"] = len(cards)
    out["card_bytes_median"] = statistics.median(p.stat().st_size for p in cards) if cards else 0
    return out
