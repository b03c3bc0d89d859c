"""A problem banner on pages served by the preview (pure WSGI, no MkDocs).

While `mkdocs serve` runs, an edit can break an episode (front matter that is not
YAML, an empty transcript). The preview then keeps serving the page last built
from good content, and `with_banner(app, banner_for)` puts the problem on it:
`banner_for(path)` gives, for a path below the site's root, the banner's HTML (or
None), which goes right after the page's `<body …>` tag.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

_BODY = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)


def insert_banner(html: bytes, banner: bytes) -> bytes:
    """`html` with `banner` right after its `<body>` tag (at the start when it has none)."""
    match = _BODY.search(html)
    at = match.end() if match else 0
    return html[:at] + banner + html[at:]


def with_banner(app: WSGIApp, mount_path: str, banner_for: Callable[[str], bytes | None]) -> WSGIApp:
    """`app`, with `banner_for(path)` inserted into its HTML pages under `mount_path`."""
    mount = "/" + mount_path.strip("/") + "/" if mount_path.strip("/") else "/"

    def bannered(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        banner = banner_for(path[len(mount) :]) if (path + "/").startswith(mount) else None
        if not banner:
            return app(environ, start_response)
        answer: list[Any] = []

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            answer[:] = [status, list(headers), exc_info]
            return lambda data: None

        body = app(environ, capture)
        try:
            data = b"".join(body)
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
        status, headers, exc_info = answer
        kind = next((v for k, v in headers if k.lower() == "content-type"), "")
        if status.startswith("200") and kind.startswith("text/html"):
            data = insert_banner(data, banner)
            headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
            headers.append(("Content-Length", str(len(data))))
        start_response(status, headers, exc_info)
        return [data]

    return bannered
