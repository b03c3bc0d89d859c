"""The ids of the rendered show notes that the transcript and chapter headings keep clear of
(`podsite.layout.ids_in`): every id an HTML parser reads there, on the sample show's notes,
on every corpus episode's notes as MkDocs renders them, and on markup written every way a
browser accepts an attribute."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from podsite.layout import ids_in, place_anchors
from podsite.model import Chapter, Episode

ROOT = Path(__file__).resolve().parent.parent


class _Ids(HTMLParser):
    """The ids Python's HTML parser reads from a fragment's start tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.update(value for name, value in attrs if name == "id" and value)

    handle_startendtag = handle_starttag


def parsed_ids(html: str) -> set[str]:
    parser = _Ids()
    parser.feed(html)
    parser.close()
    return parser.ids


def _render(notes: str) -> str:
    """The notes as the site's mkdocs.yml renders them (its Markdown extensions)."""
    return markdown.markdown(
        notes,
        extensions=["toc", "tables", "fenced_code", "attr_list", "admonition"],
        extension_configs={"toc": {"permalink": True}},
    )


WRITTEN = [
    '<h2 id="intro">Intro</h2>',
    "<a ID='Upper'>x</a>",
    "<span id=bare>y</span>",
    '<p class="x"id="after-quote">z</p>',
    '<img src="a.png" alt="" id = "spaced" />',
    '<br/id="slash">',
    '<div id="a&amp;b">&amp;</div>',
    '<div data-id="not-an-id" grid="no"></div>',
    '<div id="">empty</div>',
    "<!-- <a id='in-a-comment'> -->",
    '<pre><code>user_id = "code"\nid="looks-like-one"</code></pre>',
]


@pytest.mark.parametrize("html", WRITTEN)
def test_every_id_a_parser_reads_is_found(html: str) -> None:
    assert parsed_ids(html) <= ids_in(html)


def test_ids_are_read_as_a_browser_reads_them() -> None:
    assert ids_in('<div id="a&amp;b"></div><p data-id="x" grid="y" valid="z">') == {"a&amp;b", "a&b"}
    assert ids_in("<span id=bare>y</span><a ID='Upper'>") == {"bare", "Upper"}


def test_a_heading_keeps_clear_of_an_id_the_notes_only_seem_to_have() -> None:
    """Text written like an id (here in code) is avoided too: a heading never takes an id an
    element of the notes has, and one more suffix is all it costs."""
    episode = Episode(
        "1",
        "episodes/1.md",
        "One",
        dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        chapters=[Chapter(0.0, "Intro"), Chapter(60.0, "Next")],
    )
    html = _render("Notes.\n\n    lake id=intro\n\n## Links\n")
    assert place_anchors(episode, ids_in(html)) == "transcript"
    assert [chapter.slug for chapter in episode.chapters] == ["intro-2", "next"]
    assert "links" in ids_in(html)


def test_the_sample_shows_notes(tmp_path: Path) -> None:
    pages = sorted((ROOT / "docs" / "episodes").glob("*.md"))
    assert pages
    for page in pages:
        html = _render(page.read_text(encoding="utf-8").split("\n---", 2)[-1])
        assert parsed_ids(html) <= ids_in(html), page.name


def test_every_corpus_episodes_notes(corpus: Path) -> None:
    """On real notes every id a parser reads is found, and little more: text written like an id
    (`id = Column(...)` in code, "YOUTUBE: id=<em>...</em>"), which only a heading of that very
    name would avoid."""
    notes = sorted((corpus / "shownotes").glob("*.md"))
    assert len(notes) > 300
    more = {}
    for path in notes:
        html = _render(path.read_text(encoding="utf-8"))
        found, parsed = ids_in(html), parsed_ids(html)
        assert parsed <= found, path.name
        if found != parsed:
            more[path.name] = found - parsed
    assert len(more) < len(notes) // 50, more  # 5 of 389 episodes
