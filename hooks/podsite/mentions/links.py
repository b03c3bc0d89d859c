"""Transcript links of an annotated episode: linked mention hits (one link per line a name
spans) and spoken references to other episodes."""

from __future__ import annotations

from ..layout import Link
from ..model import Episode, MentionHit, MentionSpec


def _link_title(spec: MentionSpec) -> str:
    return f"{spec.name}: {spec.description}" if spec.description else spec.name


def _hit_links(hit: MentionHit, texts: list[str]) -> list[tuple[int, Link]]:
    spec = hit.mention
    title = _link_title(spec)
    if hit.end_index is None:
        return [(hit.segment_index, Link(hit.char_start, hit.char_end, spec.url, title, "mention"))]
    links = [
        (hit.segment_index, Link(hit.char_start, len(texts[hit.segment_index].rstrip()), spec.url, title, "mention"))
    ]
    for index in range(hit.segment_index + 1, hit.end_index + 1):
        text = texts[index]
        begin = len(text) - len(text.lstrip())
        end = hit.char_end if index == hit.end_index else len(text.rstrip())
        if end > begin:
            links.append((index, Link(begin, end, spec.url, title, "mention")))
    return links


def episode_href(target: Episode, use_directory_urls: bool = True) -> str:
    """Link from one episode page to another (both live in `episodes/`)."""
    return f"../{target.stem}/" if use_directory_urls else f"{target.stem}.html"


def links_for(
    episode: Episode,
    targets: dict[int, Episode] | None = None,
    use_directory_urls: bool = True,
) -> dict[int, list[Link]]:
    """Links per segment index: the linked mention hits, and spoken references to
    episodes in `targets` (number -> episode; the episode itself is never linked)."""
    if episode.transcript is None:
        return {}
    texts = [seg.text for seg in episode.transcript.segments]
    links: dict[int, list[Link]] = {}
    for ref in episode.episode_refs:
        target = (targets or {}).get(ref.number)
        if target is None or target is episode:
            continue
        title = f"Episode {ref.number}: {target.title}"
        links.setdefault(ref.segment_index, []).append(
            Link(ref.char_start, ref.char_end, episode_href(target, use_directory_urls), title, "episode")
        )
    for hit in episode.mentions:
        if hit.linked:
            for index, link in _hit_links(hit, texts):
                links.setdefault(index, []).append(link)
    for index in links:
        links[index].sort(key=lambda k: (k.start, -k.end))
    return links


def episode_targets(episodes: list[Episode], current: Episode | None = None) -> dict[int, Episode]:
    """Number -> episode for spoken references; a number used twice (two seasons)
    resolves to the one in the current episode's season, else is left unlinked."""
    by_number: dict[int, list[Episode]] = {}
    for ep in episodes:
        if ep.number is not None:
            by_number.setdefault(ep.number, []).append(ep)
    targets: dict[int, Episode] = {}
    for number, eps in by_number.items():
        if len(eps) == 1:
            targets[number] = eps[0]
        elif current is not None:
            same = [ep for ep in eps if ep.season == current.season]
            if len(same) == 1:
                targets[number] = same[0]
    return targets
