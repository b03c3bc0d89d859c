"""MkDocs events: every page written without its templates' indentation (`podsite/compact.py`).

A tenth of every page is the indentation and blank lines Material's templates and
this project's leave; a browser shows the page the same without them.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from podsite.compact import compact_html


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return compact_html(output)
