"""A feed's `itunes:category` values mapped onto Apple's current list where the name is close.

Apple renamed and merged categories in 2019 (`Games & Hobbies` became `Leisure`,
`Technology > Podcasting` went away); feeds written before still carry the old
names, and the site's build refuses them. A name that matches one of Apple's
apart from case or spelling, or that Apple's own renaming names, is mapped; any
other is reported for the producer to choose.
"""

from __future__ import annotations

import difflib

from ..feed.checks import APPLE_CATEGORIES

#: Apple's 2019 renaming (old name, or "Old > Sub", to the new "Main" or "Main > Sub").
RENAMED: dict[str, str] = {
    "games & hobbies": "Leisure",
    "games & hobbies > video games": "Leisure > Video Games",
    "games & hobbies > automotive": "Leisure > Automotive",
    "games & hobbies > aviation": "Leisure > Aviation",
    "games & hobbies > hobbies": "Leisure > Hobbies",
    "games & hobbies > other games": "Leisure > Games",
    "science & medicine": "Science",
    "science & medicine > medicine": "Health & Fitness > Medicine",
    "science & medicine > natural sciences": "Science > Natural Sciences",
    "science & medicine > social sciences": "Science > Social Sciences",
    "government & organizations": "Government",
    "government & organizations > non-profit": "Business > Non-Profit",
    "health": "Health & Fitness",
    "health > alternative health": "Health & Fitness > Alternative Health",
    "health > fitness & nutrition": "Health & Fitness > Fitness",
    "health > self-help": "Education > Self-Improvement",
    "health > sexuality": "Health & Fitness > Sexuality",
    "technology > tech news": "News > Tech News",
    "education > language courses": "Education > Language Learning",
    "business > business news": "News > Business News",
    "society & culture > history": "History",
    "news & politics": "News",
    "sports & recreation": "Sports",
    "arts > literature": "Arts > Books",
    "arts > food": "Arts > Food",
    "tv & film": "TV & Film",
}


def _close(value: str, choices: list[str]) -> str | None:
    lowered = {choice.lower(): choice for choice in choices}
    if value.lower() in lowered:
        return lowered[value.lower()]
    found = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=0.85)
    return lowered[found[0]] if found else None


def map_category(category: str) -> tuple[str | None, str]:
    """(Apple's category for `category` or None, how it was found: "" when it is Apple's already)."""
    parts = [p.strip() for p in category.split(">")]
    key = " > ".join(p.lower() for p in parts)
    if key in RENAMED:
        return RENAMED[key], "Apple renamed it"
    main = _close(parts[0], list(APPLE_CATEGORIES))
    if main is None:
        if parts[0].lower() in RENAMED:
            return RENAMED[parts[0].lower()], "Apple renamed it"
        return None, ""
    if len(parts) == 1:
        return main, "" if main == parts[0] else "spelled differently"
    sub = _close(parts[1], list(APPLE_CATEGORIES[main]))
    if sub is None:
        # an old subcategory Apple dropped: the main category alone is still right
        return main, f"Apple has no `{parts[1]}` under {main}"
    mapped = f"{main} > {sub}"
    return mapped, "" if mapped == category else "spelled differently"
