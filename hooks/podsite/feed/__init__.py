"""The podcast feed: feedgen plus extensions for iTunes, Podcasting 2.0 and Podlove chapters.

`build_feed(show, episodes)` returns the feed's bytes; `check_show` reports what a
podcast directory would reject before the feed is written.
"""

from __future__ import annotations

from .build import audio_url, build_feed, feed_episodes, image_url, page_url, podcast_guid
from .checks import APPLE_CATEGORIES, check_feed, check_publishing, check_show
from .extensions import FeedValueError
from .hosting import cors_headers
from .text import absolute_html, cut_bytes, feed_description, render_notes

__all__ = [
    "APPLE_CATEGORIES",
    "FeedValueError",
    "absolute_html",
    "audio_url",
    "build_feed",
    "check_feed",
    "check_publishing",
    "check_show",
    "cors_headers",
    "cut_bytes",
    "feed_description",
    "feed_episodes",
    "image_url",
    "page_url",
    "podcast_guid",
    "render_notes",
]
