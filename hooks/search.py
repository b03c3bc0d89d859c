"""MkDocs events for site search: index the episode pages with Pagefind after every build.

Pagefind (the `pagefind[bin]` wheel ships its binary) reads the written HTML and
writes `site/pagefind/`: an index split into small chunks, the page fragments
used for result excerpts, and its search UI. A browser downloads only the chunks a
query needs. Only elements marked `data-pagefind-body` are indexed (episode title,
show notes, transcript; see overrides/episode.html), so Material's built-in search
stays off (`plugins: []` in mkdocs.yml) and the site ships one index.

`mkdocs build` indexes before it finishes. `mkdocs serve` indexes in the
background after each build, so an edited page is served without waiting for the
index; the next build stops an indexer still running.
"""

from __future__ import annotations

import logging
import subprocess
import threading
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.plugins.podsite.search")

OUTPUT_SUBDIR = "pagefind"
#: Only episode pages carry `data-pagefind-body`; reading no other HTML keeps indexing fast.
GLOB = "episodes/**/*.html"
#: Parts of indexed pages that are not words anyone searches for: the timestamp
#: links and speaker labels of every transcript paragraph, the download links,
#: the heading permalinks (¶).
EXCLUDE = (".podsite-ts", ".podsite-speaker", ".podsite-downloads", ".headerlink")


def pagefind_binary() -> Path:
    """The Pagefind executable: `PAGEFIND_BINARY_PATH`, the `pagefind_bin` wheel, or one on PATH."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        get_executable = None  # type: ignore[assignment]
    found = get_executable() if get_executable is not None else None
    if found is None or not Path(found).is_file():
        raise PluginError("search: the Pagefind binary was not found; install it with `pip install 'pagefind[bin]'`")
    return Path(found)


def pagefind_args(site_dir: Path, language: str | None = None) -> list[str]:
    args = [
        str(pagefind_binary()),
        "--site",
        str(site_dir),
        "--output-subdir",
        OUTPUT_SUBDIR,
        "--glob",
        GLOB,
        "--quiet",
    ]
    for selector in EXCLUDE:
        args += ["--exclude-selectors", selector]
    if language:
        args += ["--force-language", language]
    return args


def _problems(output: str) -> list[str]:
    return [line.strip() for line in output.splitlines() if line.strip()]


def index_site(site_dir: Path, language: str | None = None) -> list[str]:
    """Run Pagefind over `site_dir` (writes `site_dir/pagefind/`); returns its warnings.

    Raises PluginError when Pagefind fails."""
    result = subprocess.run(pagefind_args(site_dir, language), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise PluginError(f"search: Pagefind could not index {site_dir}:\n{(result.stdout + result.stderr).strip()}")
    return _problems(result.stdout + result.stderr)


class _Background:
    """The indexer started by the last `mkdocs serve` build, if it still runs."""

    process: subprocess.Popen[str] | None = None

    @classmethod
    def start(cls, args: list[str]) -> None:
        cls.stop()
        process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        cls.process = process
        threading.Thread(target=cls._report, args=(process,), daemon=True).start()

    @staticmethod
    def _report(process: subprocess.Popen[str]) -> None:
        output, _ = process.communicate()
        if process.returncode == 0:
            for line in _problems(output):
                log.warning(f"search: {line}")
            log.info("search: the search index is up to date")
        elif process.returncode > 0:  # a negative code: stopped by the next build
            log.error(f"search: Pagefind could not index the site:\n{output.strip()}")

    @classmethod
    def stop(cls) -> None:
        if cls.process is not None and cls.process.poll() is None:
            cls.process.terminate()
            cls.process.wait()
        cls.process = None


_serving = False


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_pre_build(config: MkDocsConfig) -> None:
    _Background.stop()  # its output folder is about to be rebuilt


@event_priority(-100)  # after every other post-build step has written its pages
def on_post_build(config: MkDocsConfig) -> None:
    language = ((config.extra or {}).get("podcast") or {}).get("language")
    language = language if isinstance(language, str) else None
    site_dir = Path(config.site_dir)
    if _serving:
        _Background.start(pagefind_args(site_dir, language))
        return
    for line in index_site(site_dir, language):
        log.warning(f"search: {line}")


def on_shutdown() -> None:
    _Background.stop()
