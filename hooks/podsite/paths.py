"""Paths named in content files: each must stay inside docs/, after normalisation and links.

A producer names files relative to the page (`transcript: 001.vtt`, `audio.url:
audio/001.mp3`) or from docs/ (`/assets/cover.png`); mkdocs.yml names the cover
and the mentions registry from docs/. Anything that leads out of docs/ (`../`,
`//tmp/x`, a symbolic link to a file elsewhere) is refused, so a build never
publishes a file the producer did not put into the site's content.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath


def resolve_in_docs(page_dir: PurePosixPath, target: str) -> PurePosixPath | None:
    """`target` (relative to `page_dir`, or rooted at docs/ by one leading `/`) as a docs-relative path.

    None when it leaves docs/ or names docs/ itself: `..` above docs/, or a path
    that is still absolute after its one leading slash (`//tmp/x.txt`).
    """
    if target.startswith("/"):
        rest, parts = target[1:], []
        if rest.startswith("/"):
            return None
    else:
        rest, parts = target, [p for p in page_dir.parts if p not in ("", ".")]
        if page_dir.is_absolute():
            return None
    for part in rest.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    return PurePosixPath(*parts) if parts else None


def link_outside(docs_dir: Path, rel: PurePosixPath | str) -> Path | None:
    """Where `docs/<rel>` really is, when a symbolic link on the way leads out of docs/; else None."""
    root = docs_dir.resolve()
    try:
        real = (docs_dir / rel).resolve()
    except (OSError, RuntimeError):  # a loop of links
        return docs_dir / rel
    return None if real == root or real.is_relative_to(root) else real


def outside_message(key: str, rel: PurePosixPath | str, real: Path, docs_name: str = "docs") -> str:
    """The error for a file inside docs/ that is a link to a file outside it."""
    return (
        f"{key}: {docs_name}/{rel} is a link to {real}, outside {docs_name}/: "
        f"copy the file into {docs_name}/ (only files inside it are published)"
    )


def web_url(value: object) -> bool:
    """True for an absolute `http://` or `https://` URL with a host and no spaces or control characters."""
    if not isinstance(value, str):
        return False
    scheme, sep, rest = value.partition("://")
    return (
        bool(sep)
        and scheme.lower() in ("http", "https")
        and bool(rest)
        and not rest.startswith("/")
        and not any(c.isspace() or ord(c) < 32 or c == "\x7f" for c in value)
    )
