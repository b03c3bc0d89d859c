"""Site search in a real browser: Pagefind finds spoken words and opens the page at the line."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from browserkit import OTHER_EPISODE, SAMPLE_EPISODES, open_page, serve, served_page

FIRST = SAMPLE_EPISODES[0]  # 001-small-tools-big-wins
PHRASE = "analytical database"  # said at 00:00:19 in episode 1, under the chapter "DuckDB in a notebook"
LINE = "t=00:00:19"
RESULT = ".podsite-search__result"


def search(page: Any, query: str) -> None:
    """Open the search dialog with "/" and type the query; wait for the results."""
    page.keyboard.press("/")
    box = page.locator("dialog[data-podsite-search] input")
    box.wait_for(state="visible")
    box.fill(query)
    page.locator(f"{RESULT}-link").first.wait_for(state="visible")


def test_pages_load_no_search_code_until_search_opens(page: Any, base_url: str) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    open_page(page, base_url, f"episodes/{FIRST}/")
    assert not [u for u in requests if "/pagefind/" in u or "search_index" in u]
    search(page, PHRASE)
    fetched = [u for u in requests if "/pagefind/" in u]
    assert all(u.startswith(base_url + "pagefind/") for u in fetched), fetched
    assert any(u.endswith(".pf_fragment") for u in fetched)
    assert not [u for u in requests if "search_index" in u or "/workers/search" in u]


def test_a_spoken_phrase_finds_the_episode_and_links_to_the_line(page: Any, base_url: str) -> None:
    open_page(page, base_url, f"episodes/{OTHER_EPISODE}/")
    search(page, PHRASE)
    first = page.locator(RESULT).first
    assert first.locator(f"{RESULT}-link").first.inner_text() == "Small tools, big wins"
    sub = first.locator(f'.podsite-search__subresult a[href$="#{LINE}"]')
    assert sub.count() == 1, first.inner_html()
    assert sub.inner_text() == "DuckDB in a notebook · 0:19"  # the chapter and the time it was said
    assert sub.get_attribute("href").startswith("/byte-sized-garden/episodes/")
    sub.click()
    page.wait_for_function("(id) => decodeURIComponent(location.hash) === '#' + id", arg=LINE)
    assert page.url.startswith(f"{base_url}episodes/{FIRST}/")
    page.wait_for_function("(id) => document.getElementById(id)?.classList.contains('podsite-target')", arg=LINE)
    assert not page.locator("dialog[data-podsite-search]").evaluate("d => d.open")


def test_the_dialog_opens_from_the_header_button_and_closes_with_escape(page: Any, base_url: str) -> None:
    open_page(page, base_url, "")
    page.locator("[data-podsite-search-open]").click()
    box = page.locator("dialog[data-podsite-search] input")
    box.wait_for(state="visible")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('dialog[data-podsite-search]').open")


def test_results_say_how_many_and_mark_the_words(page: Any, base_url: str) -> None:
    open_page(page, base_url, "")
    search(page, "notebook")
    message = page.locator("[data-podsite-search-message]")
    page.wait_for_function(
        "() => /results? for/.test(document.querySelector('[data-podsite-search-message]').textContent)"
    )
    count = page.locator(RESULT).count()
    assert message.inner_text() == f"{count} result{'s' if count > 1 else ''} for \u201cnotebook\u201d"
    excerpts = page.locator(".podsite-search__excerpt")
    marks = page.locator(".podsite-search__excerpt mark")
    assert marks.count() >= 1 and marks.first.inner_text().lower().startswith("notebook")
    # an excerpt holds text and <mark> elements, nothing else
    tags = excerpts.evaluate_all(
        "els => [...new Set(els.flatMap(e => [...e.querySelectorAll('*')].map(c => c.tagName)))]"
    )
    assert tags == ["MARK"]


def test_no_results_is_said_and_enter_opens_the_first_moment(page: Any, base_url: str) -> None:
    open_page(page, base_url, "")
    page.keyboard.press("/")
    box = page.locator("dialog[data-podsite-search] input")
    box.wait_for(state="visible")
    box.fill("zyxwvutsrq")
    page.wait_for_function(
        "() => /^No episode mentions/.test(document.querySelector('[data-podsite-search-message]').textContent)"
    )
    assert page.locator(RESULT).count() == 0
    box.fill(PHRASE)
    page.locator(f"{RESULT}-link").first.wait_for(state="visible")
    href = page.locator(f"{RESULT} [data-podsite-best]").first.get_attribute("href")
    assert href.endswith("#" + LINE)
    box.press("Enter")
    page.wait_for_function("(h) => location.href.endsWith(h)", arg=href)
    assert not page.locator("dialog[data-podsite-search]").evaluate("d => d.open")


def message(page: Any) -> str:
    return page.locator("[data-podsite-search-message]").inner_text()


def wait_message(page: Any, pattern: str) -> None:
    page.wait_for_function(
        "(p) => new RegExp(p).test(document.querySelector('[data-podsite-search-message]').textContent)",
        arg=pattern,
    )


def moment_links(page: Any) -> list[list[str]]:
    """Each result's links (title, then moments), as hrefs."""
    return page.evaluate(
        "() => [...document.querySelectorAll('.podsite-search__result')].map("
        "r => [...r.querySelectorAll('a[href]')].map(a => decodeURIComponent(a.getAttribute('href'))))"
    )


def test_every_spelling_of_a_registry_name_finds_the_moment(page: Any, base_url: str) -> None:
    """The registry spells it DuckDB (alias "duck DB"); episode 1 says "duck DB" at 0:19.
    Front matter gives Ruff the spelling "rough", which episode 3 says."""
    open_page(page, base_url, "")
    for query in ("DuckDB", "duckdb", "duck DB"):
        search(page, query)
        wait_message(page, "results? for")
        links = moment_links(page)
        assert links[0][0].endswith("/mentions/duckdb/"), links  # the name's own page first
        assert any(h.endswith(f"/episodes/{FIRST}/#{LINE}") for h in links[0]), links  # with its moments
        episode = next(r for r in links if r[0].split("#")[0].endswith(f"/episodes/{FIRST}/"))
        assert any(h.endswith("#" + LINE) for h in episode), episode
        page.keyboard.press("Escape")
    search(page, "Ruff")
    wait_message(page, "results? for")
    said = [h for r in moment_links(page) for h in r if "/episodes/003-giving-back/#t=" in h]
    assert said, moment_links(page)  # "rough" in episode 3's transcript


def test_a_chapter_title_hit_opens_the_chapter_start(page: Any, base_url: str) -> None:
    """ "linter" is in the chapter title "Ruff, the fast linter" (01:02 in episode 1)."""
    open_page(page, base_url, "")
    search(page, "fast linter")
    wait_message(page, "results? for")
    links = [h for r in moment_links(page) for h in r if f"/episodes/{FIRST}/" in h]
    assert any(h.endswith("#t=00:01:02") for h in links), links
    assert all("#t=" in h for h in links), links  # no link leaves the player at 0:00


def test_a_show_notes_hit_opens_its_topics_chapter(page: Any, base_url: str) -> None:
    """ "Parquet" is said nowhere; the notes name it under the DuckDB topic (chapter at 0:19)."""
    open_page(page, base_url, "")
    search(page, "Parquet")
    wait_message(page, "results? for")
    links = moment_links(page)
    assert links and links[0][0].split("#")[0].endswith(f"/episodes/{FIRST}/"), links
    assert links[0][0].endswith("#" + LINE), links


def test_multi_word_queries_link_where_the_words_are_said_together(page: Any, base_url: str) -> None:
    open_page(page, base_url, "")
    search(page, "server to run")  # said together at 0:19 in episode 1 ("no server to run")
    wait_message(page, "results? for")
    first = moment_links(page)[0]
    assert first[0].endswith(f"/episodes/{FIRST}/#{LINE}"), first


def test_enter_before_the_results_arrive_opens_the_first_moment(page: Any, base_url: str) -> None:
    open_page(page, base_url, f"episodes/{OTHER_EPISODE}/")
    page.keyboard.press("/")
    box = page.locator("dialog[data-podsite-search] input")
    box.wait_for(state="visible")
    box.fill(PHRASE)
    box.press("Enter")  # at once: the search has not even started (it waits for typing to pause)
    page.wait_for_function("(id) => decodeURIComponent(location.hash) === '#' + id", arg=LINE)
    assert page.url.startswith(f"{base_url}episodes/{FIRST}/")


def test_an_unknown_word_says_so_and_a_typo_is_corrected(page: Any, base_url: str) -> None:
    open_page(page, base_url, "")
    search_no_wait(page, "pydantic")  # no sample episode says it; Pagefind would offer "py..." words
    wait_message(page, "^No episode mentions")
    assert page.locator(RESULT).count() == 0
    search_no_wait(page, "sqlitr")  # one edit from SQLite
    wait_message(page, "results? for")
    assert "sqlite" in message(page).lower() and "sqlitr" in message(page), message(page)
    assert any(h.endswith("/mentions/sqlite/") for r in moment_links(page) for h in r)
    search_no_wait(page, "flazkk")  # two edits from Flask: offered, not assumed
    wait_message(page, "^No episode mentions")
    suggestions = page.locator("[data-podsite-search-suggestions] button")
    suggestions.first.wait_for(state="visible")
    assert "flask" in [t.lower() for t in suggestions.all_inner_texts()]
    suggestions.filter(has_text="flask").first.click()
    wait_message(page, "results? for .flask")


def search_no_wait(page: Any, query: str) -> None:
    if not page.locator("dialog[data-podsite-search]").evaluate("d => d.open"):
        page.keyboard.press("/")
    box = page.locator("dialog[data-podsite-search] input")
    box.wait_for(state="visible")
    box.fill(query)


def test_episode_numbers_match_exactly(page: Any, base_url: str) -> None:
    open_page(page, base_url, "")
    for query, stem in (("2", SAMPLE_EPISODES[1]), ("#3", SAMPLE_EPISODES[2]), ("episode 1", FIRST)):
        search_no_wait(page, query)
        wait_message(page, "results? for ." + re.escape(query))
        links = moment_links(page)
        assert links[0][0].endswith(f"/episodes/{stem}/"), (query, links)


def test_the_first_result_is_drawn_before_the_others_arrive(page: Any, base_url: str) -> None:
    """The first result's data is fetched first and drawn as soon as it is there, while
    the other results' data is still on its way (held here until the first is drawn)."""
    held: list[Any] = []

    def hold(route: Any) -> None:
        if not held and not getattr(hold, "first", None):
            hold.first = route.request.url  # type: ignore[attr-defined]
            route.continue_()
        else:
            held.append(route)

    page.route("**/*.pf_fragment", hold)
    open_page(page, base_url, "")
    search_no_wait(page, "the")
    page.locator(RESULT).first.wait_for(state="visible")
    assert page.locator(RESULT).count() == 1
    assert held, "the other results' data was not asked for yet"
    for route in held:
        route.continue_()
    page.wait_for_function("() => document.querySelectorAll('.podsite-search__result').length > 1")


def test_a_japanese_show_finds_a_word_inside_an_unspaced_sentence(browser: Any, tmp_path: Path) -> None:
    """東京 is said inside 今日は東京でパイソンの話をします。: only word segmentation (the extended
    Pagefind binary) indexes it as a word; the result opens the line where it is said."""
    from minisite import episode, make_site, run_mkdocs

    make_site(
        tmp_path,
        {
            "episodes/001-tokyo.md": episode(
                "title: パイソンの話\ndate: 2026-01-05\nnumber: 1\nhosts: [佐藤]\n"
                "audio:\n  url: https://example.org/1.mp3\n  length: 1000\nduration: 60",
                "勉強会のお知らせ。\n",
            ),
            "episodes/001-tokyo.txt": "00:00:01 佐藤: こんにちは。\n00:00:09 佐藤: 今日は東京でパイソンの話をします。\n",
        },
        podcast={"language": "ja"},
    )
    result = run_mkdocs(tmp_path, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    with served_page(browser, tmp_path / "site") as (page, url):
        page.goto(url, wait_until="networkidle")
        search_no_wait(page, "東京")
        wait_message(page, "result for .東京")
        links = moment_links(page)
        assert links == [["/episodes/001-tokyo/#t=00:00:09", "/episodes/001-tokyo/#t=00:00:09"]]
        assert page.locator(".podsite-search__excerpt mark").first.inner_text() == "東京"


def _filtered_show(root: Path) -> Path:
    """Four episodes that all say "walrus": two with guest Mira Okafor (2024 and 2025),
    one with another guest, one with none; the built site's folder."""
    from minisite import episode, make_site, run_mkdocs

    shows = [
        ("001-first", "2024-03-01", "[Mira Okafor]"),
        ("002-second", "2025-05-01", "[Mira Okafor]"),
        ("003-third", "2025-06-01", "[Sam Lee]"),
        ("004-fourth", "2025-07-01", "[]"),
    ]
    files: dict[str, str | bytes] = {}
    for n, (stem, date, guests) in enumerate(shows, start=1):
        files[f"episodes/{stem}.md"] = episode(
            f"title: Walrus talk {n}\ndate: {date}\nnumber: {n}\nhosts: [Ada Brook]\nguests: {guests}\n"
            "audio:\n  url: https://example.org/1.mp3\n  length: 1000\nduration: 60",
            "Notes.\n",
        )
        files[f"episodes/{stem}.txt"] = (
            f"00:00:01 Ada Brook: Welcome.\n00:00:09 Ada Brook: The walrus operator, take {n}.\n"
        )
    make_site(root, files)
    result = run_mkdocs(root, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def test_filters_by_guest_and_year_narrow_the_results_and_list_episodes(browser: Any, tmp_path: Path) -> None:
    site = _filtered_show(tmp_path)
    errors: list[str] = []
    with served_page(browser, site) as (page, url):
        page.set_default_timeout(30000)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(url, wait_until="networkidle")

        def drawn(pattern: str) -> None:
            """Wait until the message says `pattern` and every result of the query is drawn
            (the count is said as soon as the first one is)."""
            wait_message(page, pattern)
            page.wait_for_selector("dialog[data-podsite-search][data-podsite-drawn]", state="attached")

        def titles() -> list[str]:
            return page.locator(f"{RESULT} > .podsite-search__result-title a").all_inner_texts()

        search_no_wait(page, "walrus")
        drawn("4 results for .walrus")
        assert sorted(titles()) == ["Walrus talk 1", "Walrus talk 2", "Walrus talk 3", "Walrus talk 4"]
        page.locator("[data-podsite-search-filters] summary").click()
        page.wait_for_selector("dialog[data-podsite-filters-ready]", state="attached")
        guest = page.locator('select[data-podsite-search-filter="guest"]')
        assert guest.locator("option").all_inner_texts() == ["Any", "Mira Okafor (2)", "Sam Lee (1)"]
        year = page.locator('select[data-podsite-search-filter="year"]')
        assert year.locator("option").all_inner_texts() == ["Any", "2025 (3)", "2024 (1)"]
        assert page.locator('select[data-podsite-search-filter="season"]').is_hidden()  # no seasons here

        guest.select_option("Mira Okafor")
        drawn("2 results for .walrus. \\(with Mira Okafor\\)")
        assert sorted(titles()) == ["Walrus talk 1", "Walrus talk 2"]
        year.select_option("2025")
        drawn("1 result for .walrus. \\(2025, with Mira Okafor\\)")
        assert titles() == ["Walrus talk 2"]
        assert page.locator(f"{RESULT} a[data-podsite-best]").first.get_attribute("href").endswith("#t=00:00:09")

        page.locator("dialog[data-podsite-search] input").fill("")  # no words: the episodes the filters keep
        drawn("1 episode: 2025, with Mira Okafor")
        assert titles() == ["Walrus talk 2"]
        guest.select_option("")
        drawn("3 episodes: 2025")
        assert titles() == ["Walrus talk 4", "Walrus talk 3", "Walrus talk 2"]  # newest first
    assert not errors, errors


def test_a_query_typed_letter_by_letter_fetches_data_only_for_the_results_drawn(page: Any, base_url: str) -> None:
    """Each result's data is its page's whole text: none is fetched for the letters on the way
    ("n", "no", "not"... each a search of its own as the keys come), only for the results of
    the query once typing pauses, each once."""
    fragments: list[str] = []
    page.on("request", lambda r: fragments.append(r.url) if r.url.endswith(".pf_fragment") else None)
    open_page(page, base_url, "")
    page.keyboard.press("/")
    box = page.locator("dialog[data-podsite-search] input")
    box.wait_for(state="visible")
    box.press_sequentially("notebook", delay=150)  # slower than the search's own wait between keys
    page.wait_for_function("() => document.querySelector('dialog[data-podsite-drawn]')")
    wait_message(page, "results? for")
    drawn = page.locator(RESULT).count()
    assert drawn >= 1
    assert len(fragments) == len(set(fragments)) == drawn, (fragments, drawn)


def test_a_pointer_over_the_search_button_loads_the_engine(page: Any, base_url: str) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    open_page(page, base_url, "")
    assert not [u for u in requests if "/pagefind/" in u]
    page.locator("[data-podsite-search-open]").first.hover()
    page.wait_for_function("() => performance.getEntriesByType('resource').some(e => e.name.includes('pagefind.js'))")
    assert not page.locator("dialog[data-podsite-search]").evaluate("d => d.open")


def test_a_word_said_nearly_everywhere_is_left_out_of_a_longer_query(browser: Any, tmp_path: Path) -> None:
    """An episode says "walrus" 21,000 times and "sea" 21,000 times: Pagefind gives each its
    own index chunk (it closes one after about 20,000 word places), "operator" sits in the
    "sea" chunk. With the "walrus" chunk listed heavy (podsite-heavy.json, as a show of
    thousands of episodes lists its commonest words: the, it, python), "walrus" is a stop word:
    "walrus operator" does not download that chunk and opens the line where "operator" is said;
    "walrus" alone is still searched, and a word that only starts like it ("Wallace") is not
    left out. With "operator" listed too, before "walrus" (said more), "walrus operator" is made
    of heavy words only: it searches "walrus", the one said least, and leaves "operator"'s
    chunk alone."""
    import gzip as gz

    import cbor2
    from minisite import episode, make_site, run_mkdocs

    lines = [
        "00:00:01 Ada Brook: Welcome to the show.",
        "00:00:05 Ada Brook: The walrus operator, at last.",
    ]
    for n in range(420):
        lines.append(f"00:{1 + n // 60:02d}:{n % 60:02d} Ada Brook: " + " ".join(["walrus sea"] * 50) + ".")
    lines.append("00:08:00 Ada Brook: Wallace reads the operator manual.")
    make_site(
        tmp_path,
        {
            "episodes/001-big.md": episode(
                "title: Big talk\ndate: 2025-01-05\nnumber: 1\nhosts: [Ada Brook]\n"
                "audio:\n  url: https://example.org/1.mp3\n  length: 1000\nduration: 3600",
            ),
            "episodes/001-big.txt": "\n".join(lines) + "\n",
        },
    )
    result = run_mkdocs(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    out = tmp_path / "site" / "pagefind"
    (facts,) = json.loads((out / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"].values()
    meta = cbor2.loads(gz.decompress((out / f"pagefind.{facts['hash']}.pf_meta").read_bytes())[len(b"pagefind_dcd") :])
    # a chunk holds the words that, cut to the length of its first and last (shortened) words, fall between them
    chunk_of = {
        word: c[2]
        for c in meta[2]
        for word in ("walrus", "operator")
        if c[0] <= word[: len(c[0])] and word[: len(c[1])] <= c[1]
    }
    assert chunk_of["walrus"] != chunk_of["operator"], meta[2]
    (out / "podsite-heavy.json").write_text(json.dumps({"en": ["walrus"]}), encoding="utf-8")

    with served_page(browser, tmp_path / "site") as (page, url):
        chunks: list[str] = []
        page.on("request", lambda r: chunks.append(r.url.rsplit("/", 1)[-1]) if r.url.endswith(".pf_index") else None)
        page.goto(url, wait_until="networkidle")
        search_no_wait(page, "walrus operator")
        wait_message(page, "result for .walrus operator")
        assert moment_links(page)[0][0] == "/episodes/001-big/#t=00:00:05"
        assert f"{chunk_of['walrus']}.pf_index" not in chunks, chunks
        assert f"{chunk_of['operator']}.pf_index" in chunks, chunks
        page.locator("dialog[data-podsite-search] input").fill("wallace operator")
        wait_message(page, "result for .wallace operator")
        assert moment_links(page)[0][0] == "/episodes/001-big/#t=00:08:00", moment_links(page)
        page.locator("dialog[data-podsite-search] input").fill("walrus")
        wait_message(page, "result for .walrus.$")
        assert f"{chunk_of['walrus']}.pf_index" in chunks, chunks

        # a query of heavy words only searches the one said least: the last of the list
        (out / "podsite-heavy.json").write_text(json.dumps({"en": ["operator", "walrus"]}), encoding="utf-8")
        chunks.clear()
        page.goto(url, wait_until="networkidle")
        search_no_wait(page, "walrus operator")
        wait_message(page, "result for .walrus operator")
        assert moment_links(page)[0][0] == "/episodes/001-big/#t=00:00:05"
        assert f"{chunk_of['walrus']}.pf_index" in chunks, chunks
        assert f"{chunk_of['operator']}.pf_index" not in chunks, chunks


def test_a_registry_name_made_of_common_words_still_opens_its_own_page_first(browser: Any, tmp_path: Path) -> None:
    """A show of thousands of episodes lists "think" and "python" as said nearly everywhere
    (podsite-heavy.json). A query of such words only searches the one said least, but a
    registry name made of them ("Think Python") is looked up whole: its own page comes first,
    not one of the four other pages whose names say "Python"."""
    from minisite import episode, make_site, run_mkdocs

    names = ["Think Python", "Python Tutor", "Python Weekly", "Python Jobs", "Python Docs"]
    registry = "".join(
        f"- name: {name}\n  url: https://example.org/{n}/\n  kind: project\n  description: About {name}.\n"
        for n, name in enumerate(names)
    )
    said = " ".join(f"{name} is good." for name in reversed(names))
    make_site(
        tmp_path,
        {
            "mentions.yml": registry,
            "episodes/001-books.md": episode(
                "title: Books\ndate: 2025-01-05\nnumber: 1\nhosts: [Ada Brook]\n"
                "audio:\n  url: https://example.org/1.mp3\n  length: 1000\nduration: 600",
            ),
            "episodes/001-books.txt": f"00:00:01 Ada Brook: Welcome.\n00:00:09 Ada Brook: {said}\n",
        },
    )
    result = run_mkdocs(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    out = tmp_path / "site" / "pagefind"
    (out / "podsite-heavy.json").write_text(json.dumps({"en": ["think", "python"]}), encoding="utf-8")
    with served_page(browser, tmp_path / "site") as (page, url):
        page.goto(url, wait_until="networkidle")
        search_no_wait(page, "Think Python")
        wait_message(page, "results? for")
        links = moment_links(page)
        assert links[0][0].endswith("/mentions/think-python/"), links


def test_a_name_said_as_part_of_a_hyphenated_word_opens_the_line_where_it_is_said(browser: Any, tmp_path: Path) -> None:
    """The topic "python-diskcache" starts at 0:20, where the talk turns to it ("fast drives"),
    but "Python-DiskCache" is first said at 1:10: "diskcache" (and the typo "diskcahce",
    corrected to it) links that line as well as the chapter's start, and marks the word."""
    from minisite import episode, make_site, run_mkdocs

    make_site(
        tmp_path,
        {
            "episodes/001-disk.md": episode(
                "title: Caching on disk\ndate: 2025-01-05\nnumber: 1\nhosts: [Ada Brook]\n"
                "audio:\n  url: https://example.org/1.mp3\n  length: 1000\nduration: 180\n"
                'chapters:\n  - "00:00:00 Welcome"\n  - "00:00:20 python-diskcache"\n  - "00:02:00 Wrap-up"',
                "**Ada #1:** [**python-diskcache**](https://github.com/grantjenks/python-diskcache)\n\n"
                "- Faster than Redis and Memcached.\n",
            ),
            "episodes/001-disk.txt": (
                "00:00:01 Ada Brook: Welcome to the show.\n"
                "00:00:20 Ada Brook: Hosts now offer fast solid-state drives by default.\n"
                "00:00:45 Ada Brook: So you could keep more than memory holds.\n"
                "00:01:10 Ada Brook: The item is something called Python-DiskCache.\n"
                "00:01:30 Ada Brook: You put an item and get an item, like Redis.\n"
                "00:02:00 Ada Brook: That is all for today.\n"
            ),
        },
    )
    result = run_mkdocs(tmp_path, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    with served_page(browser, tmp_path / "site") as (page, url):
        page.goto(url, wait_until="networkidle")
        for query in ("diskcache", "diskcahce"):
            search_no_wait(page, query)
            # the typo's "No episode mentions" is never shown before its correction's results
            wait_message(page, "^No episode|result for.*" + query)
            assert "result for “diskcache”" in message(page) and query in message(page), message(page)
            links = moment_links(page)
            assert "/episodes/001-disk/#t=00:01:10" in links[0], links
            assert "/episodes/001-disk/#t=00:00:20" in links[0], links  # the chapter's start stays
            said = page.locator(".podsite-search__result a[href$='t=00:01:10']").locator("xpath=..")
            assert said.locator("mark").first.inner_text() == "Python-DiskCache.", said.inner_html()
            page.keyboard.press("Escape")


def _results(page: Any, query: str) -> tuple[str, list[list[str]]]:
    """The dialog's message and every result's links once `query` has been searched."""
    search_no_wait(page, query)
    done = (
        "(q) => document.querySelector('[data-podsite-search-message]').textContent.includes(q)"
        " && !document.querySelector('.podsite-search__pending')"
    )
    page.wait_for_function(done, arg=query)
    page.wait_for_timeout(400)  # (a typo's correction searches again)
    page.wait_for_function(done, arg=query)
    found = (message(page), moment_links(page))
    page.keyboard.press("Escape")
    return found


QUERIES = (
    "notebook",
    "DuckDB",
    "duck DB",
    "Ruff",
    "fast linter",
    "Parquet",
    "server to run",
    "sqlitr",
    "pydantic",
    "flazkk",
    "garden",
    "testing the waters",
    "packaging",
    "2",
    "episode 1",
)


def _found(browser: Any, url: str) -> tuple[list[tuple[str, list[list[str]]]], list[list[str]]]:
    """What each of `QUERIES` finds on the site at `url` (the dialog's message and every result's
    links), and the index chunks each one downloaded."""
    context = browser.new_context()
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if r.url.endswith(".pf_index") else None)
    open_page(page, url, "")
    found, chunks = [], []
    for query in QUERIES:
        asked.clear()
        found.append(_results(page, query))
        chunks.append(list(asked))
    context.close()
    return found, chunks


def test_an_index_split_into_a_chunk_per_word_finds_the_same_results(
    browser: Any, site_dir: Path, base_url: str, tmp_path: Path
) -> None:
    """The index's chunks split as far as they go (every word a chunk of its own, as a show of
    thousands of episodes splits its commonest words off): Pagefind in the browser looks each
    word up in the right chunk, and every query finds what it found before, moment for moment."""
    from podsite.pagefind_chunks import split

    prefix = base_url.split("/", 3)[3]  # the site_url path the sample is served at
    www = tmp_path / "www"
    shutil.copytree(site_dir, www / prefix)
    assert split(www / prefix / "pagefind", large=0, heavy=0)
    server, root = serve(www)
    try:
        (unsplit, _), (split_, asked_by_query) = _found(browser, base_url), _found(browser, root + prefix)
        assert any(links for _, links in unsplit), unsplit
        assert split_ == unsplit
        # the split site's own chunks were read, and a word only its own one
        kept = {p.name for p in (www / prefix / "pagefind" / "index").iterdir()}
        for query, asked in zip(QUERIES, asked_by_query, strict=True):
            assert all(u.startswith(root) and u.rsplit("/", 1)[1] in kept for u in asked), (query, asked)
            if query in ("notebook", "Parquet", "garden"):
                assert len(asked) == 1, (query, asked)
    finally:
        server.shutdown()
        server.server_close()


def test_an_index_made_in_parts_finds_the_same_results(
    browser: Any, site_dir: Path, base_url: str, tmp_path: Path
) -> None:
    """The show indexed by Pagefind a page a run and the runs merged into one index, as a show of
    thousands of episodes is indexed in parts of bounded memory (`search.run_bytes`): Pagefind in
    the browser finds what it finds in the index of one run, moment for moment."""
    import search

    prefix = base_url.split("/", 3)[3]  # the site_url path the sample is served at
    www = tmp_path / "www"
    shutil.copytree(site_dir, www / prefix)
    assert not search.index_site(www / prefix, "en", budget=1)
    server, root = serve(www)
    try:
        one, merged = _found(browser, base_url)[0], _found(browser, root + prefix)[0]
        assert any(links for _, links in one), one
        assert merged == one
    finally:
        server.shutdown()
        server.server_close()
