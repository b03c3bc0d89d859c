"""Hosts and guests: the people registry (`docs/people.yml`) and a page for each person.

Format (documented in the README, section People):

```yaml
- name: Ada Brook
  bio: Ada maintains a small garden of command-line tools.
  image: people/ada.png            # a photo inside docs/ (nothing is loaded from other hosts)
  image_alt: Ada smiling in front of a bookshelf   # default: the name
  links:                           # label -> http(s) address, shown in this order
    website: https://ada.example.org/
    mastodon: https://fosstodon.org/@ada
    github: https://github.com/ada
  aliases: [Ada]                   # other spellings in transcripts: linked to this page
```

Errors (the entry is left out, the build fails): no name, a name used twice, a link
that is not `http(s)://`, a photo outside `docs/` or missing. Warnings: unknown keys.
Every name in an episode's `hosts` or `guests` gets a page too, registry or not.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from .datafiles import load_entries, read_data_file, warn_unknown_keys
from .errors import Problems, shown
from .mentions.registry import norm, safe_url, slugify
from .model import Episode, MentionSpec, Person, Show

ENTRY_KEYS = ("name", "bio", "image", "image_alt", "links", "aliases")
IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".webp", ".gif", ".svg")
REGISTRY = "people.yml"
#: The folder of the person pages in the site.
FOLDER = "people"


def key(name: str) -> str:
    """The key two spellings of a name share when they differ only in case or spacing."""
    return norm(name)


def _image(value: object, docs_dir: Path, path: str, line: int, name: str, problems: Problems) -> str | None:
    """A photo path inside docs/ (relative to docs/, `/` separated), or None with an error."""
    if not isinstance(value, str) or not value.strip():
        problems.error(path, line, f"{name}: `image:` must be the path of a photo inside docs/, like people/ada.png")
        return None
    text = value.strip()
    if "://" in text:
        problems.error(
            path,
            line,
            f"{name}: image {shown(text)} is on another host; save the photo inside docs/ and give its path "
            "(pages load nothing from other hosts)",
        )
        return None
    rel = posixpath.normpath(text.replace("\\", "/").lstrip("/"))
    if rel.startswith("..") or rel == ".":
        problems.error(path, line, f"{name}: image {shown(text)} is outside docs/; give a path inside docs/")
        return None
    target = docs_dir / rel
    if target.suffix.lower() not in IMAGE_TYPES:
        problems.error(path, line, f"{name}: image {shown(text)} is not a picture ({', '.join(IMAGE_TYPES)})")
        return None
    try:
        inside = target.resolve().is_relative_to(docs_dir.resolve())
    except OSError:
        inside = False
    if not inside:
        problems.error(
            path, line, f"{name}: image {shown(text)} leads outside docs/ (a link?); copy the photo into docs/"
        )
        return None
    if not target.is_file():
        problems.error(path, line, f"{name}: image {shown(text)} does not exist in docs/")
        return None
    return rel


def load_people(text: str, path: str, docs_dir: Path, problems: Problems) -> list[Person]:
    """Parse and validate the registry; return its usable entries in file order."""
    doc = load_entries(text, path, "the people registry", problems)
    if doc is None:
        return []
    people: list[Person] = []
    spellings: dict[str, Person] = {}
    for index, raw in enumerate(doc.data):
        where = str(index)
        line = doc.line(where)
        if not isinstance(raw, dict):
            problems.error(path, line, "each entry must be a mapping with at least `name:`")
            continue
        warn_unknown_keys(raw, ENTRY_KEYS, doc, where, path, problems)
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.error(path, doc.line(f"{where}.name"), "entry without a `name:` (the name as episodes give it)")
            continue
        name = " ".join(name.split())
        person = Person(name=name, path=path, line=line)
        ok = True
        bio = raw.get("bio", "")
        if not isinstance(bio, str):
            problems.error(path, doc.line(f"{where}.bio"), f"{name}: `bio:` must be text")
            ok = False
        else:
            person.bio = " ".join(bio.split())
        if raw.get("image") is not None:
            person.image = _image(raw["image"], docs_dir, path, doc.line(f"{where}.image"), name, problems)
            ok = ok and person.image is not None
        alt = raw.get("image_alt", "")
        if not isinstance(alt, str):
            problems.error(path, doc.line(f"{where}.image_alt"), f"{name}: `image_alt:` must be text")
            ok = False
        else:
            person.image_alt = " ".join(alt.split())
        links = raw.get("links", {})
        if not isinstance(links, dict):
            problems.error(
                path,
                doc.line(f"{where}.links"),
                f"{name}: `links:` must map labels to addresses, like `website: https://…`",
            )
            ok = False
        else:
            for label, url in links.items():
                if not safe_url(url):
                    problems.error(
                        path,
                        doc.line(f"{where}.links.{label}"),
                        f"{name}: link {label}: {shown(url)} is not an http:// or https:// address",
                    )
                    ok = False
                else:
                    person.links[" ".join(str(label).split())] = str(url).strip()
        aliases = raw.get("aliases", [])
        if isinstance(aliases, str):
            aliases = [aliases]
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            problems.error(
                path,
                doc.line(f"{where}.aliases"),
                f"{name}: aliases must be a list of spellings, like `aliases: [Ada]`",
            )
            ok = False
        else:
            person.aliases = [" ".join(a.split()) for a in aliases if key(a) != key(name)]
        for number, spelling in enumerate([name, *person.aliases]):
            other = spellings.get(key(spelling))
            if other is not None:
                where_line = doc.line(f"{where}.name") if number == 0 else doc.line(f"{where}.aliases.{number - 1}")
                problems.error(
                    path,
                    where_line,
                    f"{name}: {shown(spelling)} is already used by {other.name} (line {other.line}); one spelling names one person",
                )
                ok = False
        if not ok:
            continue
        for spelling in [name, *person.aliases]:
            spellings[key(spelling)] = person
        people.append(person)
    return people


def read_people(docs_dir: Path, rel_path: str, problems: Problems) -> list[Person]:
    """The registry `docs/<rel_path>`, read and validated; no file gives no entries."""
    read = read_data_file(docs_dir, rel_path, "the people registry", problems)
    if read is None:
        return []
    text, path = read
    return load_people(text, path, docs_dir, problems)


def everyone(registry: Iterable[Person], episodes: Iterable[Episode]) -> dict[str, Person]:
    """Every person by `key(name)` (aliases too): the registry's, then each other name in
    `hosts`/`guests`, each with a unique slug (`index` is reserved)."""
    people: dict[str, Person] = {}
    ordered: list[Person] = []
    for person in registry:
        for spelling in [person.name, *person.aliases]:
            people.setdefault(key(spelling), person)
        ordered.append(person)
    for episode in episodes:
        for name in [*episode.hosts, *episode.guests]:
            if isinstance(name, str) and name.strip() and key(name) not in people:
                person = Person(name=" ".join(name.split()))
                people[key(name)] = person
                ordered.append(person)
    used = {"index"}
    for person in sorted(ordered, key=lambda p: (p.line is None, p.line or 0, key(p.name))):
        base = slugify(person.name)
        slug, count = base, 1
        while slug in used:
            count += 1
            slug = f"{base}-{count}"
        person.slug = slug
        used.add(slug)
    return people


@dataclass
class Appearance:
    """One episode a person was in, and as what."""

    episode: Episode
    role: str  # "host" | "guest"


@dataclass
class PersonPage:
    person: Person
    appearances: list[Appearance] = field(default_factory=list)  # newest first

    @property
    def hosted(self) -> int:
        return sum(1 for a in self.appearances if a.role == "host")


def person_pages(people: dict[str, Person], episodes: Iterable[Episode]) -> list[PersonPage]:
    """One page per person (registry order, then by name), each with the given episodes
    (newest first, as given) they host or guest in."""
    pages: dict[str, PersonPage] = {}
    for person in people.values():
        pages.setdefault(person.slug, PersonPage(person))
    for episode in episodes:
        seen: set[str] = set()
        for role, names in (("host", episode.hosts), ("guest", episode.guests)):
            for name in names:
                found = people.get(key(name)) if isinstance(name, str) else None
                if found is None or found.slug in seen:
                    continue
                seen.add(found.slug)
                pages[found.slug].appearances.append(Appearance(episode, role))
    return sorted(pages.values(), key=lambda p: (p.person.line is None, p.person.line or 0, key(p.person.name)))


def page_url(person: Person) -> str:
    """The person's page, relative to the site root."""
    return f"{FOLDER}/{person.slug}/"


def person_mentions(registry: Iterable[Person], mentions: Iterable[MentionSpec], href: str) -> list[MentionSpec]:
    """Registry people as mentions, so a person said aloud in a transcript links to their
    page (`href` + slug + `/`); people the mentions registry already has are left to it."""
    taken = {norm(s) for spec in mentions for s in [spec.name, *spec.aliases]}
    specs = []
    for person in registry:
        if norm(person.name) in taken:
            continue
        specs.append(
            MentionSpec(
                name=person.name,
                url=f"{href}{person.slug}/",
                aliases=[a for a in person.aliases if norm(a) not in taken],
                kind="person",
                description=person.bio,
                source="people",
                path=person.path,
                line=person.line,
            )
        )
    return specs


def links(show: Show, name: str) -> tuple[str | None, str | None]:
    """The absolute addresses of a host's or guest's page and photo (None where there is none)."""
    person = show.people.get(key(name))
    if person is None or not person.slug:
        return None, None
    image = show.site_url + quote(person.image) if person.image else None
    return show.site_url + quote(page_url(person)), image


def index_order(pages: Iterable[PersonPage]) -> list[PersonPage]:
    """The people index's order: hosts first (most episodes hosted first), then everyone else A-Z."""
    return sorted(pages, key=lambda p: (p.hosted == 0, -p.hosted, key(p.person.name)))
