#!/usr/bin/env python3
"""Import an existing show into a podcast site: feed, transcripts and show notes, one command.

    python scripts/import_show.py --feed old-feed.xml --transcripts transcripts/ \\
        --notes shownotes/ --site my-show/ [--feed-url URL] [--fetch] [--force] [--dry-run]

Writes `docs/episodes/<stem>.md` (front matter + show notes) and the transcript
beside it, fills the show settings missing from `<site>/mkdocs.yml` (or writes a
new mkdocs.yml that uses this project's theme and hooks; `feed: false` when no
episode has audio), and reports what could not be paired. Files edited since the last import are kept unless `--force`.
Running the same import twice changes nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from podsite.errors import ContentError  # noqa: E402
from podsite.importer import (  # noqa: E402
    apply_plan,
    fill_podcast_settings,
    new_site_files,
    plan_import,
    report_lines,
)


def progress(done: int, total: int) -> None:
    """`episodes planned: 500/1742` on standard error, every 100 pages and at the end."""
    if done % 100 == 0 or done == total:
        print(f"episodes planned: {done}/{total}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--feed", help="the show's current RSS feed: a file path or an http(s) URL")
    parser.add_argument("--transcripts", type=Path, help="folder of transcripts (.vtt .srt .json .txt)")
    parser.add_argument("--notes", type=Path, help="folder of show notes (.md, or .html converted to Markdown)")
    parser.add_argument("--site", type=Path, required=True, help="the site folder (holds mkdocs.yml and docs/)")
    parser.add_argument("--force", action="store_true", help="overwrite files edited since the last import")
    parser.add_argument("--dry-run", action="store_true", help="report what would be written, write nothing")
    parser.add_argument("--title", help="the show's name, when there is no feed and no mkdocs.yml yet")
    parser.add_argument("--site-url", help="the public address of the new site (default: the feed's <link>)")
    parser.add_argument(
        "--feed-url",
        help="the old feed's public address, when --feed is a saved file without atom:link rel=self "
        "(the show's podcast:guid is derived from it)",
    )
    parser.add_argument(
        "--fetch",
        action="store_true",
        help="ask the old host: download podcast:transcript and podcast:chapters files, "
        "read missing enclosure lengths and the cover's type from HTTP headers",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress lines on standard error")
    parser.add_argument("--verbose", action="store_true", help="list every file, also unchanged ones")
    args = parser.parse_args(argv)
    if not (args.feed or args.transcripts or args.notes):
        parser.error("give at least one of --feed, --transcripts, --notes")

    site: Path = args.site
    try:
        plan = plan_import(
            site,
            feed=args.feed,
            transcripts=args.transcripts,
            notes=args.notes,
            title=args.title,
            site_url=args.site_url,
            feed_url=args.feed_url,
            fetch=args.fetch,
            progress=None if args.quiet else progress,
        )
    except ContentError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2

    config_path = site / "mkdocs.yml"
    config_lines: list[str] = []
    if config_path.is_file():
        plan.site_note = ""  # the site's own mkdocs.yml names its address
        edit = fill_podcast_settings(config_path.read_text(encoding="utf-8"), plan.podcast)
        if edit.problem:
            config_lines.append(f"mkdocs.yml not changed: {edit.problem}")
        elif edit.added:
            config_lines.append(
                f"mkdocs.yml: {'would add' if args.dry_run else 'added'} extra.podcast keys {', '.join(edit.added)}"
            )
            if not args.dry_run:
                config_path.write_text(edit.text, encoding="utf-8")
    else:
        missing = [name for name in ("site_name", "site_url") if not plan.site.get(name)]
        if missing:
            flags = " and ".join({"site_name": "--title", "site_url": "--site-url"}[m] for m in missing)
            print(
                f"error: there is no {config_path} yet, and the sources do not give the site's {', '.join(missing)}: pass {flags}",
                file=sys.stderr,
            )
            return 2
        files, notes = new_site_files(ROOT, site, plan)
        plan.files.extend(files)
        config_lines.extend(notes)

    actions = apply_plan(plan.files, site, force=args.force, dry_run=args.dry_run)
    if args.dry_run:
        print("dry run: nothing written")
    for line in config_lines + report_lines(plan, actions, verbose=args.verbose):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
