"""XML namespaces of the podcast feed (one place, so tests and extensions agree)."""

from __future__ import annotations

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
PSC = "http://podlove.org/simple-chapters"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
ATOM = "http://www.w3.org/2005/Atom"

NSMAP = {"itunes": ITUNES, "podcast": PODCAST, "psc": PSC, "content": CONTENT, "atom": ATOM}
