#!/usr/bin/env python3
"""Mention hints for producers: `python scripts/mentions.py [EPISODE ...] [--site folder]`.

For each episode (all of them by default; name one by stem, number or file), prints:
- show-notes link texts that the transcript never says, with the closest words;
- transcript words that are close misspellings of known names (rapidfuzz ratio
  at least `--min-score`), with the alias line to add.

    docs/episodes/003-giving-back.srt:29 (00:00:48): 'Pedantic' looks like Pydantic (score 88); if it is, add `Pydantic: [Pedantic]` under `mentions:` ...

Loads the site with the same code as the build (and as scripts/check.py). Exit
status: 0 (hints are suggestions), 2 when the site cannot be read or an episode
is not found.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from podsite.checks import CONFIG_FILE, inspect_site  # noqa: E402
from podsite.mentions import common_words  # noqa: E402
from podsite.mentions.producer import MIN_SCORE, episode_hints  # noqa: E402
from podsite.model import Episode  # noqa: E402
from podsite.show import read_config  # noqa: E402


def _pick(episodes: list[Episode], wanted: list[str]) -> list[Episode] | str:
    """Episodes named by stem, number, or path of their page or transcript; else the unknown name."""
    if not wanted:
        return sorted(episodes, key=lambda ep: ep.stem)
    picked: list[Episode] = []
    for name in wanted:
        stem = Path(name).stem
        match = [ep for ep in episodes if ep.stem == stem or (name.isdigit() and ep.number == int(name))]
        if not match:
            return name
        picked.extend(ep for ep in match if ep not in picked)
    return picked


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("episodes", nargs="*", help="episode stems, numbers or files (default: every episode)")
    parser.add_argument(
        "--site", type=Path, default=Path("."), help="the site's folder, where mkdocs.yml is (default: .)"
    )
    parser.add_argument(
        "-f", "--config-file", default=CONFIG_FILE, help="the MkDocs configuration (default: mkdocs.yml)"
    )
    parser.add_argument(
        "--min-score",
        type=float,
        default=MIN_SCORE,
        help=f"fuzzy score from 0 to 100 for a near miss (default: {MIN_SCORE:.0f})",
    )
    args = parser.parse_args(argv)

    report = inspect_site(args.site, args.config_file)
    show = report.show
    if show is None:
        for problem in report.sorted_problems():
            print(f"error: {problem}", file=sys.stderr)
        return 2
    config = read_config((args.site / args.config_file).read_text(encoding="utf-8-sig"), args.config_file).data
    docs_name = Path(str(config.get("docs_dir") or "docs")).name
    picked = _pick(show.episodes, args.episodes)
    if isinstance(picked, str):
        print(
            f"error: no episode {picked!r} (give a stem like 001-welcome, a number, or the episode's file)",
            file=sys.stderr,
        )
        return 2
    registry = [spec for spec in show.mentions if spec.source == "registry"]
    common = common_words(show)
    count = 0
    for episode in picked:
        for hint in episode_hints(episode, registry, docs_name, show.mentions_path, common, args.min_score):
            print(hint)
            count += 1
    print(
        f"mentions: {len(picked)} episode{'' if len(picked) == 1 else 's'} read, {count} hint{'' if count == 1 else 's'}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
