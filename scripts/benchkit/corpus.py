"""The benchmark sites: episodes read from the Python Bytes corpus, written as a podsite site
and as the naive baseline (Markdown pages, Material's defaults)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from podsite.errors import ContentError, Problems
from podsite.timecode import anchor, format_clock
from podsite.transcripts import parse_transcript

from benchkit import ROOT

CORPUS = ROOT.parent / "shared" / "corpus" / "python-bytes"
QUERY = "pydantic"
HOSTS = ["Michael Kennedy", "Brian Okken"]
#: Preferred transcript of an episode when the corpus has several.
PREFERENCE = [("txt", "main"), ("txt", "names"), ("vtt", "main"), ("vtt", "names"), ("vtt", "youtube")]
FIRST_DATE = dt.date(2016, 11, 7)


@dataclass
class CorpusEpisode:
    number: int
    transcript: Path
    notes: Path | None
    stem: str = ""
    title: str = ""
    body: str = ""  # show notes without their title heading
    duration: float = 0.0
    segments: list[tuple[float, str]] = field(default_factory=list)


def _slug(name: str) -> str:
    name = re.sub(r"[-_ ]*(names|transcript|youtube)$", "", name, flags=re.I)
    name = re.sub(r"^\d+[-_ ]*", "", name)
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "episode"


def load_corpus(corpus: Path, limit: int | None = None) -> list[CorpusEpisode]:
    """One transcript per episode number (txt preferred), paired with its show notes; the first `limit`."""
    rows: dict[int, dict[tuple[str, str], tuple[Path, Path | None]]] = {}
    with (corpus / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            notes = corpus / row["shownotes"] if row.get("shownotes") else None
            rows.setdefault(int(row["episode"]), {})[(row["format"], row["variant"])] = (
                corpus / row["transcript"],
                notes if notes and notes.is_file() else None,
            )
    episodes: list[CorpusEpisode] = []
    for number in sorted(rows):
        if limit is not None and len(episodes) >= limit:
            break
        choice = next((rows[number][key] for key in PREFERENCE if key in rows[number]), None)
        if choice is None:
            continue
        transcript, notes = choice
        ep = CorpusEpisode(number, transcript, notes)
        name = _slug(transcript.stem)
        ep.stem = f"{number:03d}-{name}"
        ep.title = name.replace("-", " ").capitalize()
        if notes is not None:
            text = notes.read_text(encoding="utf-8", errors="replace")
            heading = re.search(r"^#\s+(.+?)\s*#*\s*$", text, re.M)
            if heading:
                ep.title = heading.group(1).strip()
                text = text[: heading.start()] + text[heading.end() :]
            ep.body = text.strip() + "\n"
        problems = Problems()
        try:
            parsed = parse_transcript(transcript.read_bytes(), transcript.name, problems)
        except ContentError:
            continue
        ep.segments = [(s.start, s.text) for s in parsed.segments]
        ep.duration = parsed.end
        episodes.append(ep)
    return episodes


def _yaml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _front_matter(ep: CorpusEpisode, index: int, first_date: dt.date = FIRST_DATE, step_days: int = 7) -> str:
    date = first_date + dt.timedelta(days=step_days * index)
    duration = max(ep.duration, 1.0)
    return (
        "---\n"
        f"title: {_yaml_str(ep.title)}\n"
        f"date: {date.isoformat()}\n"
        f"number: {ep.number}\n"
        "audio:\n"
        f"  url: https://example.org/{ep.number:03d}.mp3\n"
        f"  length: {int(duration * 16000)}\n"
        f'duration: "{format_clock(duration)}"\n'
        f"hosts: [{', '.join(HOSTS)}]\n"
        "---\n"
    )


def _absolute_config(config: dict[str, Any]) -> dict[str, Any]:
    """The repository's mkdocs.yml with paths made absolute, so a site elsewhere uses this code."""
    theme = dict(config.get("theme") or {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = str(ROOT / theme["custom_dir"])
    config["theme"] = theme
    config["hooks"] = [str(ROOT / h) for h in config.get("hooks") or []]
    return config


def write_podsite(
    root: Path, episodes: list[CorpusEpisode], first_date: dt.date = FIRST_DATE, step_days: int = 7
) -> None:
    """The site as this project builds it: front matter, notes, transcript file beside the page
    (episode `i` dated `first_date` + `i * step_days` days)."""
    docs = root / "docs"
    (docs / "episodes").mkdir(parents=True)
    config = _absolute_config(yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8")))
    podcast = dict((config.get("extra") or {}).get("podcast") or {})
    podcast.pop("downloads", None)  # the sample show publishes every format; this site the defaults
    podcast.update(
        title="Python Bytes",
        description="Python headlines delivered directly to your earbuds.",
        author="Michael Kennedy and Brian Okken",
        image="assets/cover.png",
    )
    (docs / "assets").mkdir()
    shutil.copyfile(ROOT / "docs" / "assets" / "cover.png", docs / "assets" / "cover.png")
    config.update(
        site_name="Python Bytes (benchmark)",
        site_url="https://example.org/pb/",
        site_description="Benchmark site",
        copyright="Benchmark",
    )
    config.setdefault("extra", {})["podcast"] = podcast
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    (docs / "index.md").write_text("# Python Bytes\n\nThe benchmark show.\n", encoding="utf-8")
    for index, ep in enumerate(episodes):
        (docs / "episodes" / f"{ep.stem}.md").write_text(
            _front_matter(ep, index, first_date, step_days) + "\n" + ep.body, encoding="utf-8"
        )
        shutil.copyfile(ep.transcript, docs / "episodes" / f"{ep.stem}{ep.transcript.suffix}")


def write_naive(root: Path, episodes: list[CorpusEpisode]) -> None:
    """The plain approach: Markdown pages, one anchored paragraph per line, Material defaults."""
    docs = root / "docs"
    (docs / "episodes").mkdir(parents=True)
    config = {
        "site_name": "Python Bytes (naive)",
        "site_url": "https://example.org/pb/",
        "theme": {"name": "material", "font": False},
        "plugins": ["search"],
        "markdown_extensions": [{"toc": {"permalink": True}}, "attr_list"],
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    (docs / "index.md").write_text("# Python Bytes\n\nThe benchmark show.\n", encoding="utf-8")
    for ep in episodes:
        lines = [f"# {ep.title}", "", ep.body, "## Transcript", ""]
        for start, text in ep.segments:
            aid = anchor(start)
            lines.append(f'<span id="{aid}"></span>[{format_clock(start)}](#{aid}) {text}\n')
        (docs / "episodes" / f"{ep.stem}.md").write_text("\n".join(lines), encoding="utf-8")
