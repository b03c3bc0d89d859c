"""How listeners subscribe: the show's pages in directories, and links that open the
feed straight in podcast apps that subscribe by feed address.

An app's link is shown only when the show has no directory page for that app: a
directory page (`extra.podcast.directories`) works on every device, an app's own
link scheme only where the app is installed. The schemes are each app's documented
way to subscribe to a feed address:

| app | link |
| --- | --- |
| Apple Podcasts | `podcast://<feed without scheme>` |
| Overcast | `overcast://x-callback-url/add?url=<feed>` |
| Pocket Casts | `pktc://subscribe/<feed without scheme>` |
| Podcast Addict | `podcastaddict://<feed without scheme>` |
| AntennaPod | `https://antennapod.org/deeplink/subscribe?url=<feed>&title=<title>` (a web page that opens the app) |

Spotify, Castro, YouTube Music, Amazon Music and the other catalogues subscribe only
through their own page for the show: give it under `directories`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from .model import Show


@dataclass(frozen=True)
class AppLink:
    name: str
    href: str


def _bare(feed: str) -> str:
    """The feed address without its scheme (`example.org/feed.xml`)."""
    return feed.split("://", 1)[-1]


#: App name -> its subscribe link for (feed address, show title).
APP_SCHEMES: dict[str, Callable[[str, str], str]] = {
    "Apple Podcasts": lambda feed, title: f"podcast://{_bare(feed)}",
    "Overcast": lambda feed, title: f"overcast://x-callback-url/add?url={quote(feed, safe='')}",
    "Pocket Casts": lambda feed, title: f"pktc://subscribe/{_bare(feed)}",
    "Podcast Addict": lambda feed, title: f"podcastaddict://{_bare(feed)}",
    "AntennaPod": lambda feed, title: (
        "https://antennapod.org/deeplink/subscribe?" + urlencode({"url": feed, "title": title})
    ),
}


def _folded(name: str) -> str:
    return "".join(name.casefold().split())


def app_links(show: Show) -> list[AppLink]:
    """Links that open the feed in apps, for the apps the show has no directory page for."""
    if show.feed_url is None:
        return []
    listed = {_folded(name) for name in show.directories}
    return [
        AppLink(name, scheme(show.feed_url, show.title))
        for name, scheme in APP_SCHEMES.items()
        if _folded(name) not in listed
    ]
