"""Check all content of a podcast site without building it (`scripts/check.py`).

`inspect_site(project_dir)` reads mkdocs.yml and calls `site.load_site`, the one
function the build loads the show with: the show settings, every episode's front
matter and transcript, the people and mentions registries and their use in the
episodes, what the feed needs, and the cover art. So a problem the checker
reports is the problem the build reports, with the same `path:line: message`. It also lists the chapters derived from show notes,
for the producer to look over.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .catalog import EPISODES_DIR, is_episode_source
from .chapterize import describe
from .errors import ContentError, Problem, Problems, Severity, shown
from .model import Show
from .show import load_show, read_config
from .site import SiteInputs, load_site
from .timecode import build_time
from .transcripts.common import is_label

CONFIG_FILE = "mkdocs.yml"


@dataclass
class SiteReport:
    """What checking a site found: the problems, the model, and notes for the producer."""

    problems: Problems = field(default_factory=Problems)
    show: Show | None = None
    episode_files: int = 0  # episode files found (those with errors are not in `show`)
    info: list[str] = field(default_factory=list)  # `path: message` lines that are not problems

    def sorted_problems(self) -> list[Problem]:
        """Problems by file, then line (the configuration first), for reading top to bottom."""
        return sorted(self.problems, key=lambda p: (p.path != CONFIG_FILE, p.path, p.line or 0))

    def failed(self, strict: bool = False) -> bool:
        """True when the build would fail: errors, or any problem under `--strict`."""
        return bool(self.problems.errors) or (strict and bool(self.problems.warnings))


def episode_sources(docs_dir: Path) -> dict[str, Path]:
    """`episodes/<stem>.md` (relative to docs/, as MkDocs names them) -> file."""
    folder = docs_dir / EPISODES_DIR
    if not folder.is_dir():
        return {}
    found = {f"{EPISODES_DIR}/{p.name}": p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")}
    return {uri: path for uri, path in sorted(found.items()) if is_episode_source(uri)}


def inspect_site(project_dir: Path, config_file: str = CONFIG_FILE, now: dt.datetime | None = None) -> SiteReport:
    """Load and check every content file of the site in `project_dir`; never raises for content."""
    report = SiteReport()
    problems = report.problems
    config_path = project_dir / config_file
    config_name = Path(config_file).name
    try:
        text = config_path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        problems.error(
            config_name, None, f"not found in {project_dir}: run the checker in the site's folder or pass it"
        )
        return report
    except (OSError, UnicodeDecodeError) as exc:
        problems.error(config_name, None, f"cannot be read ({exc}): save it as UTF-8")
        return report
    try:
        doc = read_config(text, config_name)
    except ContentError as err:
        problems.add(err)
        return report
    config = doc.data
    extra = config.get("extra") if isinstance(config.get("extra"), dict) else {}
    site_url = config.get("site_url")
    site_url = site_url if isinstance(site_url, str) else None
    docs_value = config.get("docs_dir") or "docs"
    docs_dir = (config_path.parent / str(docs_value)).resolve()
    if not docs_dir.is_dir():
        load_show(extra.get("podcast"), site_url, config_name, problems, doc)  # the settings are still checked
        problems.error(config_name, doc.lines.get("docs_dir"), f"docs_dir: folder {docs_value} not found")
        return report

    sources = episode_sources(docs_dir)
    report.episode_files = len(sources)
    readers = {uri: (lambda p=path: p.read_text(encoding="utf-8-sig")) for uri, path in sources.items()}
    use_directory_urls = config.get("use_directory_urls", True)
    inputs = SiteInputs(
        podcast=extra.get("podcast"),
        site_url=site_url,
        docs_dir=docs_dir,
        sources=readers,
        config_name=config_name,
        config_lines=doc,
        use_directory_urls=use_directory_urls if isinstance(use_directory_urls, bool) else True,
    )
    site = load_site(inputs, problems, now or build_time())
    report.show = site.show
    report.info = _derived_chapters(site.show, docs_dir.name) + unnamed_labels(site.show, docs_dir.name)
    return report


def check_site(project_dir: Path, config_file: str = CONFIG_FILE, now: dt.datetime | None = None) -> Problems:
    """Every problem of the site in `project_dir`, as the build would report them."""
    return inspect_site(project_dir, config_file, now).problems


def _derived_chapters(show: Show, docs_name: str) -> list[str]:
    """One line per derived chapter, for episodes whose chapters come from the show notes."""
    lines: list[str] = []
    for ep in sorted(show.episodes, key=lambda e: e.src_uri):
        if any(ch.derived for ch in ep.chapters):
            lines.extend(f"{docs_name}/{ep.src_uri}: chapter {text}" for text in describe(ep.chapters))
    return lines


def unnamed_labels(show: Show, docs_name: str) -> list[str]:
    """One line per speaker label (`SPEAKER_00`, `Speaker 1`) that `speakers:` gives no name yet."""
    lines: list[str] = []
    for ep in sorted(show.episodes, key=lambda e: e.src_uri):
        if ep.transcript is None:
            continue
        first: dict[str, int] = {}
        for seg in ep.transcript.segments:
            if seg.speaker is not None and seg.speaker not in first and is_label(seg.speaker):
                first[seg.speaker] = seg.line
        for label, line in first.items():
            lines.append(
                f"{docs_name}/{ep.transcript_path}:{line}: speaker label {shown(label)} has no name yet: "
                f"add `speakers: {{{label}: Their Name}}` to {docs_name}/{ep.src_uri}"
            )
    return lines


__all__ = ["CONFIG_FILE", "SiteReport", "Severity", "build_time", "check_site", "episode_sources", "inspect_site"]
