"""The show-wide mentions registry (`docs/mentions.yml`), validated with line numbers.

Format (documented in the README, section Mentions):

```yaml
- name: DuckDB
  url: https://duckdb.org/
  aliases: [duck DB]      # other spellings, including mistranscriptions
  kind: project           # project | person | company | other
  description: An in-process analytical database.
```

Errors (the entry is left out and the build fails): a missing name or url, a url
that is not `http(s)://host...` (so `javascript:` and friends never reach a page),
a name used twice, an alias shared by two entries. Warnings: unknown keys, an
unknown kind, an alias repeated inside its own entry.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

from ..datafiles import load_entries, read_data_file, warn_unknown_keys
from ..errors import Problems, shown
from ..kinds import MENTION_KINDS, one_of
from ..model import MentionSpec

KINDS = MENTION_KINDS
ENTRY_KEYS = ("name", "url", "aliases", "kind", "description")
RESERVED_SLUGS = {"index"}


def norm(text: str) -> str:
    """The key two spellings share when they only differ in case, spacing or apostrophe."""
    text = unicodedata.normalize("NFC", text).replace("\u2019", "'")
    return " ".join(text.casefold().split())


def safe_url(url: object) -> bool:
    """True for an absolute `http://` or `https://` URL with a host (nothing else is linked)."""
    if not isinstance(url, str) or not url.strip() or any(c.isspace() for c in url.strip()):
        return False
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def slugify(name: str) -> str:
    """URL slug of a mention page: lowercase ASCII where the name has it, Unicode letters kept.

    `Python Software Foundation` -> `python-software-foundation`, `Łukasz Langa` ->
    `lukasz-langa`, `C++` -> `c`; a name with no letters or digits gets `mention`.
    """
    text = unicodedata.normalize("NFKD", name.replace("ł", "l").replace("Ł", "L"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    slug = re.sub(r"[^\w]+|_+", "-", text).strip("-")
    return slug or "mention"


def assign_slugs(specs: list[MentionSpec], taken: set[str] | None = None) -> None:
    """Give every spec without a slug a unique one (`-2`, `-3` on repeats; `index` is reserved)."""
    used = set(RESERVED_SLUGS) | (taken or set())
    for spec in specs:
        if spec.slug:
            used.add(spec.slug)
    for spec in specs:
        if spec.slug:
            continue
        base = slugify(spec.name)
        slug, count = base, 1
        while slug in used:
            count += 1
            slug = f"{base}-{count}"
        spec.slug = slug
        used.add(slug)


def load_registry(text: str, path: str, problems: Problems) -> list[MentionSpec]:
    """Parse and validate the registry; return its usable entries in file order.

    Every problem goes to `problems` with `path:line`; an unreadable file (invalid
    YAML, not a list) is one error and gives no entries.
    """
    doc = load_entries(text, path, "the mentions registry", problems)
    if doc is None:
        return []

    specs: list[MentionSpec] = []
    names: dict[str, MentionSpec] = {}
    spellings: dict[str, MentionSpec] = {}  # every name and alias -> its entry
    for index, raw in enumerate(doc.data):
        where = str(index)
        line = doc.line(where)
        if not isinstance(raw, dict):
            problems.error(path, line, "each entry must be a mapping with at least `name:` and `url:`")
            continue
        warn_unknown_keys(raw, ENTRY_KEYS, doc, where, path, problems)
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.error(
                path, doc.line(f"{where}.name"), "entry without a `name:` (the name as it is said on the show)"
            )
            continue
        name = " ".join(name.split())
        url = raw.get("url")
        if url is None:
            problems.error(path, line, f"{name}: `url:` is missing (the page listeners should open)")
            continue
        if not safe_url(url):
            problems.error(
                path,
                doc.line(f"{where}.url"),
                f"{name}: url {shown(url)} is not an http:// or https:// address; only web links are allowed",
            )
            continue
        raw_kind = raw.get("kind", "other")
        kind = one_of(raw_kind, KINDS)
        if kind is None:
            problems.warn(
                path,
                doc.line(f"{where}.kind"),
                f"{name}: kind {shown(raw_kind)} must be one of {', '.join(KINDS)}; using `other`",
            )
            kind = "other"
        description = raw.get("description", "")
        if not isinstance(description, str):
            problems.warn(path, doc.line(f"{where}.description"), f"{name}: description must be text")
            description = ""
        aliases_raw = raw.get("aliases", [])
        if isinstance(aliases_raw, str):
            aliases_raw = [aliases_raw]
        if not isinstance(aliases_raw, list) or not all(isinstance(a, str) and a.strip() for a in aliases_raw):
            problems.error(
                path,
                doc.line(f"{where}.aliases"),
                f"{name}: aliases must be a list of spellings, like `aliases: [duck DB]`",
            )
            continue

        key = norm(name)
        if key in names:
            other = names[key]
            problems.error(
                path,
                doc.line(f"{where}.name"),
                f"{name}: the name is already used at line {other.line}; merge the two entries",
            )
            continue
        if key in spellings:
            other = spellings[key]
            problems.error(
                path,
                doc.line(f"{where}.name"),
                f"{name}: already an alias of {other.name} (line {other.line}); remove one of them",
            )
            continue
        spec = MentionSpec(
            name=name,
            url=url.strip(),
            kind=kind,
            description=" ".join(description.split()),
            source="registry",
            path=path,
            line=line,
        )
        clash = False
        seen: set[str] = {key}
        for number, alias in enumerate(aliases_raw):
            alias = " ".join(alias.split())
            alias_key = norm(alias)
            alias_line = doc.line(f"{where}.aliases.{number}")
            if alias_key in seen:
                problems.warn(
                    path, alias_line, f"{name}: alias {shown(alias)} repeats the name or another alias; remove it"
                )
                continue
            if alias_key in spellings:
                other = spellings[alias_key]
                problems.error(
                    path,
                    alias_line,
                    f"{name}: alias {shown(alias)} is also a spelling of {other.name} (line {other.line}); one spelling can link to only one entry",
                )
                clash = True
                continue
            seen.add(alias_key)
            spec.aliases.append(alias)
        if clash:
            continue
        names[key] = spec
        for spelling in seen:
            spellings[spelling] = spec
        specs.append(spec)
    return specs


def read_registry(docs_dir: Path, rel_path: str, problems: Problems) -> list[MentionSpec]:
    """The registry file `docs/<rel_path>`, read and validated; no file gives no entries."""
    read = read_data_file(docs_dir, rel_path, "the mentions registry", problems)
    if read is None:
        return []
    text, path = read
    return load_registry(text, path, problems)
