"""What podcast directories would reject, found before the feed is written."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path

from ..artwork import check_artwork, remote_image_problem
from ..errors import ContentError, Problems, shown
from ..model import Episode, Show
from ..paths import link_outside, outside_message

# Apple Podcasts categories and subcategories (podcasters.apple.com, "Podcast categories").
APPLE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": ("Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit"),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": ("Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality"),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": (
        "Animation & Manga",
        "Automotive",
        "Aviation",
        "Crafts",
        "Games",
        "Hobbies",
        "Home & Garden",
        "Video Games",
    ),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": (
        "Business News",
        "Daily News",
        "Entertainment News",
        "News Commentary",
        "Politics",
        "Sports News",
        "Tech News",
    ),
    "Religion & Spirituality": ("Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion", "Spirituality"),
    "Science": (
        "Astronomy",
        "Chemistry",
        "Earth Sciences",
        "Life Sciences",
        "Mathematics",
        "Natural Sciences",
        "Nature",
        "Physics",
        "Social Sciences",
    ),
    "Society & Culture": ("Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships"),
    "Sports": (
        "Baseball",
        "Basketball",
        "Cricket",
        "Fantasy Sports",
        "Football",
        "Golf",
        "Hockey",
        "Rugby",
        "Running",
        "Soccer",
        "Swimming",
        "Tennis",
        "Volleyball",
        "Wilderness",
        "Wrestling",
    ),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}
_IMAGE_SUFFIX = re.compile(r"\.(?:jpe?g|png)$", re.IGNORECASE)


def _suggest(value: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" (did you mean `{close[0]}`?)" if close else ""


def check_show(show: Show, config_path: str, problems: Problems) -> None:
    """Show settings the feed needs: description, cover art URL, Apple categories."""
    if not show.description:
        problems.warn(
            config_path,
            show.config_line("description"),
            "extra.podcast.description is empty: podcast directories require a show description (the feed uses the title)",
        )
    if not show.image:
        problems.warn(
            config_path,
            show.config_line("image"),
            "extra.podcast.image is missing: podcast directories require square cover art, a 1400-3000 px JPEG or PNG inside docs/",
        )
    elif re.match(r"^https?://", show.image, re.IGNORECASE):
        problem = remote_image_problem(show.image)
        if problem:
            problems.error(
                config_path, show.config_line("image"), f"extra.podcast.image: {shown(show.image)}: {problem}"
            )
    elif not _IMAGE_SUFFIX.search(show.image.split("?", 1)[0]):
        problems.error(
            config_path,
            show.config_line("image"),
            f"extra.podcast.image: {shown(show.image)} must be a .jpg or .png file (podcast apps accept no other cover art)",
        )
    if not show.categories:
        problems.warn(
            config_path,
            show.config_line("categories"),
            'extra.podcast.categories is empty: Apple Podcasts requires one, e.g. categories: ["Technology"]',
        )
    for category in show.categories:
        main = category[0]
        written = " > ".join(category)
        if main not in APPLE_CATEGORIES:
            problems.warn(
                config_path,
                show.config_line("categories"),
                f"extra.podcast.categories: {shown(written)}: `{main}` is not an Apple Podcasts category{_suggest(main, APPLE_CATEGORIES)}",
            )
        elif len(category) > 2:
            problems.warn(
                config_path,
                show.config_line("categories"),
                f"extra.podcast.categories: {shown(written)} has more than one subcategory (use `Main > Sub`)",
            )
        elif len(category) == 2 and category[1] not in APPLE_CATEGORIES[main]:
            subs = APPLE_CATEGORIES[main]
            known = f"; {main} has: {', '.join(subs)}" if subs else f"; {main} has no subcategories"
            problems.warn(
                config_path,
                show.config_line("categories"),
                f"extra.podcast.categories: {shown(written)}: `{category[1]}` is not a subcategory of {main}{_suggest(category[1], subs)}{known}",
            )


def check_feed(show: Show, episodes: Iterable[Episode], config_path: str, docs_name: str, problems: Problems) -> None:
    """`check_show`, then the published episodes: each needs audio whose size is known.

    A site without a feed (`extra.podcast.feed: false`) is not checked: nothing
    here is needed when no podcast app reads the show.
    """
    if show.feed_path is None:
        return
    check_show(show, config_path, problems)
    for ep in sorted(episodes, key=lambda e: e.src_uri):
        path = f"{docs_name}/{ep.src_uri}"
        if ep.audio is None:
            problems.warn(
                path, None, "no `audio:` file, so the episode is left out of the podcast feed (add `audio: {url: ...}`)"
            )
        elif not ep.audio.length:
            problems.warn(
                path,
                None,
                f"audio.length: the size of {ep.audio.url} is unknown; podcast apps need it (add `length:` in bytes under `audio:`)",
            )


def check_publishing(
    show: Show, episodes: Iterable[Episode], config_path: str, docs_dir: Path, problems: Problems
) -> None:
    """What the build checks before it publishes: the feed's needs (not for a site
    without a feed) and the cover art file inside docs/."""
    if show.feed_path is not None:
        check_feed(show, episodes, config_path, docs_dir.name, problems)
        if (docs_dir / show.feed_path).exists():
            problems.error(
                config_path,
                show.config_line("feed"),
                f"extra.podcast.feed: {docs_dir.name}/{show.feed_path} is published at the same address as the feed: "
                "rename the file or give the feed another path",
            )
    if show.image and ":" not in show.image:
        real = link_outside(docs_dir, show.image)
        if real is not None:
            problems.error(
                config_path,
                show.config_line("image"),
                outside_message("extra.podcast.image", show.image, real, docs_dir.name),
            )
            return
        try:
            check_artwork(docs_dir / show.image, f"{docs_dir.name}/{show.image}")
        except ContentError as err:
            problems.add(err)
