"""Show notes' HTML kept between builds: a warm build shows and reports what a cold one does.

The sample show is built twice in one folder (the second build reads `.cache/`); its
notes link to a page, to a missing page, to a heading of another episode and to a
missing heading, so the relative links, MkDocs' link and anchor checks and the page
tables of contents all take part. Each check is what a producer would see: the
written page and the build's messages.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from podsite import cache
from podsite import markdown_cache as mc
from sitebuild import build_site, copy_sample

EPISODE = "episodes/001-small-tools-big-wins"
NOTES_LINKS = """
## Links

- [the second episode](002-testing-the-waters.md), its [topics](002-testing-the-waters.md#topics)
  and a heading it does not have: [nothing](002-testing-the-waters.md#no-such-heading).
- [a page that is not there](../missing.md).
"""


def _site(tmp_path: Path, extra_config: str = "") -> Path:
    config = copy_sample(tmp_path / "project")
    page = config.parent / "docs" / f"{EPISODE}.md"
    page.write_text(page.read_text(encoding="utf-8") + NOTES_LINKS, encoding="utf-8")
    text = config.read_text(encoding="utf-8").replace("validation:\n", "validation:\n  anchors: warn\n")
    config.write_text(text + extra_config, encoding="utf-8")
    return config


def _messages(records: list[logging.LogRecord]) -> list[str]:
    return sorted(f"{r.levelname}: {r.getMessage()}" for r in records)


def _notes(site: Path, episode: str = EPISODE) -> lxml.html.HtmlElement:
    html = lxml.html.fromstring((site / episode / "index.html").read_bytes())
    return html


def _entries(config: Path) -> list[Path]:
    return sorted((config.parent / ".cache" / "podsite" / "markdown").glob("*/*.pickle"))


@pytest.fixture(autouse=True)
def _fresh_memory() -> None:
    cache.forget()  # each build below reads what the one before it left on disk


def test_a_warm_build_reports_and_links_what_a_cold_one_does(tmp_path: Path) -> None:
    config = _site(tmp_path)
    cold = build_site(config, tmp_path / "cold", strict=False)
    assert len(_entries(config)) == 3  # one per episode page
    cache.forget()
    warm = build_site(config, tmp_path / "warm", strict=False)
    messages = _messages(cold)
    assert messages == _messages(warm)
    assert any("'../missing.md'" in m and m.startswith("WARNING") for m in messages), messages
    assert any("does not contain an anchor '#no-such-heading'" in m for m in messages), messages
    assert not any("#topics" in m for m in messages), messages  # a heading the other page has
    for site in ("cold", "warm"):
        page = _notes(tmp_path / site)
        hrefs = page.xpath("//article//a/@href")
        assert "../002-testing-the-waters/#topics" in hrefs
        assert "../002-testing-the-waters/" in hrefs
        # the table of contents lists the notes' headings, then the transcript's chapters
        toc = [a.text_content().strip() for a in page.xpath("//nav[contains(@class, 'md-nav--secondary')]//a")]
        assert toc[:3] == ["Topics", "Extras", "Links"], toc
        assert "Transcript" in toc and "Goodbye" in toc
    cold_html = (tmp_path / "cold" / EPISODE / "index.html").read_bytes()
    assert cold_html == (tmp_path / "warm" / EPISODE / "index.html").read_bytes()


def test_the_warm_build_shows_the_kept_html(tmp_path: Path) -> None:
    """The kept HTML is what the page shows: a warm build does not render the notes again."""
    config = _site(tmp_path)
    assert not [m for m in _messages(build_site(config, tmp_path / "cold", strict=False)) if "ERROR" in m]
    for entry in _entries(config):  # kept through the cache's own API: an entry changed by hand is refused
        kind, key = entry.parent.parent, entry.stem
        rendered = cache.lookup(kind, key)
        rendered.html = rendered.html.replace("<h2", "<h2 data-kept", 1)
        cache.store(kind, key, rendered)
    cache.forget()
    build_site(config, tmp_path / "warm", strict=False)
    assert _notes(tmp_path / "warm").xpath("//article//h2[@data-kept]")
    assert not _notes(tmp_path / "cold").xpath("//article//h2[@data-kept]")


def test_edited_notes_and_new_link_targets_are_rendered_again(tmp_path: Path) -> None:
    config = _site(tmp_path)
    build_site(config, tmp_path / "cold", strict=False)
    page = config.parent / "docs" / f"{EPISODE}.md"
    page.write_text(page.read_text(encoding="utf-8").replace("## Extras", "## Bonus round"), encoding="utf-8")
    (config.parent / "docs" / "missing.md").write_text("# Not missing any more\n", encoding="utf-8")
    cache.forget()
    messages = _messages(build_site(config, tmp_path / "warm", strict=False))
    notes = _notes(tmp_path / "warm")
    assert notes.xpath("//article//h2[@id='bonus-round']")
    assert "../../missing/" in notes.xpath("//article//a/@href")
    assert not any("missing.md" in m for m in messages), messages


def test_changed_extension_settings_render_again(tmp_path: Path) -> None:
    config = _site(tmp_path)
    build_site(config, tmp_path / "cold", strict=False)
    assert _notes(tmp_path / "cold").xpath("//article//a[@class='headerlink']")
    text = config.read_text(encoding="utf-8").replace("permalink: true", "permalink: false")
    config.write_text(text, encoding="utf-8")
    cache.forget()
    build_site(config, tmp_path / "warm", strict=False)
    assert not _notes(tmp_path / "warm").xpath("//article//a[@class='headerlink']")


def test_an_extension_that_reads_other_files_turns_the_cache_off(tmp_path: Path) -> None:
    config = _site(tmp_path)
    snippet = config.parent / "docs" / "sponsor.txt"
    snippets = f"  - admonition\n  - pymdownx.snippets:\n      base_path: ['{snippet.parent}']\n"
    config.write_text(config.read_text(encoding="utf-8").replace("  - admonition\n", snippets), encoding="utf-8")
    snippet.write_text("Sponsored by the Seed Library.\n", encoding="utf-8")
    page = config.parent / "docs" / f"{EPISODE}.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n--8<-- "sponsor.txt"\n', encoding="utf-8")
    build_site(config, tmp_path / "cold", strict=False)
    assert "Seed Library" in _notes(tmp_path / "cold").text_content()
    snippet.write_text("Sponsored by the Tool Shed.\n", encoding="utf-8")
    cache.forget()
    build_site(config, tmp_path / "warm", strict=False)
    assert "Tool Shed" in _notes(tmp_path / "warm").text_content()
    assert _entries(config) == []


def test_switched_off_with_the_rest_of_the_cache(tmp_path: Path) -> None:
    config = _site(tmp_path)
    build_site(config, tmp_path / "site", strict=False, env={"PODSITE_CACHE": "off"})
    assert _entries(config) == []


# --- the key ---------------------------------------------------------------------


def _slugify(value: str, separator: str) -> str:
    return value


class _Opaque:
    pass


def test_only_extensions_known_to_be_pure_allow_the_cache() -> None:
    assert mc.impure_extension(["toc", "markdown.extensions.attr_list", "pymdownx.superfences"]) is None
    assert mc.impure_extension(["toc", "pymdownx.snippets"]) == "pymdownx.snippets"
    assert mc.impure_extension(["pymdownx.emoji"]) == "pymdownx.emoji"  # custom icons are files
    assert mc.impure_extension([_Opaque()]) == f"{__name__}._Opaque"


def test_settings_have_a_stable_text_form() -> None:
    settings = {"toc": {"slugify": _slugify, "permalink": True}, "levels": [1, 2]}
    assert mc.stable_repr(settings) == mc.stable_repr(dict(reversed(settings.items())))
    assert "_slugify" in mc.stable_repr(settings) and "0x" not in mc.stable_repr(settings)
    with pytest.raises(mc.Unstable):
        mc.stable_repr({"formatter": _Opaque()})


def test_every_input_of_the_page_changes_its_key() -> None:
    files = [("a.md", "a/index.html", "a/", "INCLUDED")]
    base: dict[str, Any] = {
        "extensions": ["toc"],
        "extension_configs": {},
        "settings": {"use_directory_urls": True},
        "files": files,
    }
    context = mc.context_key(**base, versions={"markdown": "3.11"})
    variants = [
        mc.context_key(**base, versions={"markdown": "3.12"}),
        mc.context_key(**{**base, "extensions": ["toc", "tables"]}, versions={"markdown": "3.11"}),
        mc.context_key(**{**base, "extension_configs": {"toc": {"permalink": True}}}, versions={"markdown": "3.11"}),
        mc.context_key(**{**base, "settings": {"use_directory_urls": False}}, versions={"markdown": "3.11"}),
        mc.context_key(
            **{**base, "files": [*files, ("b.md", "b/index.html", "b/", "INCLUDED")]}, versions={"markdown": "3.11"}
        ),
    ]
    assert len({context, *variants}) == 6
    page = mc.page_key(context, "a.md", "a/", "# A")
    assert len({page, mc.page_key(context, "b.md", "a/", "# A"), mc.page_key(context, "a.md", "b/", "# A"),
                mc.page_key(context, "a.md", "a/", "# B")}) == 4  # fmt: skip
