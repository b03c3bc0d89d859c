"""Response headers for static hosts, so players on other sites can fetch our files.

Web players and podcast apps running in a browser load the feed, transcripts and
chapters from another origin; without `Access-Control-Allow-Origin` the browser
refuses. Netlify and Cloudflare Pages read these rules from a `_headers` file at
the root of the published site; paths are relative to that root.
"""

from __future__ import annotations

from ..model import Show
from ..outputs import CHAPTERS_FILE, CHAPTERS_TYPE

HEADERS_FILE = "_headers"
CORS = "Access-Control-Allow-Origin: *"


#: Folders of the search index (`hooks/search.py`'s `pagefind/`) whose every file is named by its
#: content (Pagefind's naming; `podsite.pagefind_order`, `pagefind_chunks` and `pagefind_fragments`
#: name what they rewrite the same way), so a file of that name never changes.
NAMED_BY_CONTENT = ("pagefind/index", "pagefind/fragment", "pagefind/filter")
IMMUTABLE = "Cache-Control: public, max-age=31536000, immutable"


def cors_headers(show: Show, existing: str = "") -> str:
    """The `_headers` file: the producer's own rules (`existing`), then ours.

    One rule for the feed (when the site has one), one for everything under
    `/episodes/` (transcripts, chapters and audio kept beside the episodes), and one
    that serves every `chapters.json` as `application/json+chapters` (the type
    Podcasting 2.0 gives chapter files, which hosts do not know), and one per folder of
    the search index named by content (cached for good), so the file stays far below the
    100 rules Cloudflare Pages reads, however many episodes the show has.
    """
    if show.feed_path is None:
        ours = "# Podcast site: let web players and apps on other sites read the\n# transcripts and chapters (CORS).\n"
    else:
        ours = (
            "# Podcast site: let web players and apps on other sites read the feed,\n"
            "# transcripts and chapters (CORS).\n"
            f"/{show.feed_path}\n"
            f"  {CORS}\n"
        )
    ours += f"/episodes/*\n  {CORS}\n"
    ours += f"/episodes/*/{CHAPTERS_FILE}\n  Content-Type: {CHAPTERS_TYPE}\n"
    ours += "# Search index files are named by their content: a browser or CDN may keep them for good.\n"
    ours += "".join(f"/{folder}/*\n  {IMMUTABLE}\n" for folder in NAMED_BY_CONTENT)
    existing = existing.rstrip()
    return f"{existing}\n\n{ours}" if existing else ours
