"""MkDocs event for site search: index the built site with Pagefind after every build.

Pagefind (the `pagefind[bin]` wheel ships its binary) reads the written HTML and
writes `site/pagefind/`: an index split into small chunks, the page fragments
used for result excerpts, and its search UI. A browser downloads only the chunks a
query needs. Only elements marked `data-pagefind-body` are indexed (episode title,
show notes, transcript; see overrides/episode.html), so Material's built-in search
stays off (`plugins: []` in mkdocs.yml) and the site ships one index.
"""

from __future__ import annotations

import logging
import subprocess
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.plugins.podsite.search")

OUTPUT_SUBDIR = "pagefind"
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


def index_site(site_dir: Path, language: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run Pagefind over `site_dir` (writes `site_dir/pagefind/`); raises PluginError when it fails."""
    args = [str(pagefind_binary()), "--site", str(site_dir), "--output-subdir", OUTPUT_SUBDIR, "--quiet"]
    for selector in EXCLUDE:
        args += ["--exclude-selectors", selector]
    if language:
        args += ["--force-language", language]
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise PluginError(f"search: Pagefind could not index {site_dir}:\n{(result.stdout + result.stderr).strip()}")
    return result


@event_priority(-100)  # after every other post-build step has written its pages
def on_post_build(config: MkDocsConfig) -> None:
    started = time.perf_counter()
    language = ((config.extra or {}).get("podcast") or {}).get("language")
    result = index_site(Path(config.site_dir), language if isinstance(language, str) else None)
    for line in (result.stdout + result.stderr).splitlines():
        if line.strip():
            log.warning(f"search: {line.strip()}")
    log.debug(f"search: Pagefind indexed the site in {time.perf_counter() - started:.2f} s")
