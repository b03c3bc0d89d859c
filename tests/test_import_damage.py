"""What importing real feeds used to damage, one case each, and hostile feeds.

Each test feeds the importer what a real host writes and checks what a
producer or a listener would see: the words of the notes as the site renders
them, the numbers in the front matter, the names of the files, the report.
The property test throws generated feeds at the feed reader: it may only
return a channel (with warnings) or raise the importer's own `ContentError`.
"""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from podsite.artwork import remote_image_problem
from podsite.episodes import load_episode
from podsite.errors import ContentError, Problems
from podsite.feed.checks import check_show
from podsite.feed.extensions import FeedValueError, check_image_url
from podsite.importer import ImportPlan, apply_plan, plan_import, report_lines
from podsite.importer.categories import map_category
from podsite.importer.feed import parse_feed
from podsite.importer.plan import _yaml, make_stem
from podsite.importer.text import notes_markdown, plain_text, render
from podsite.model import Episode, Show
from podsite.transcripts import TRANSCRIPT_EXTENSIONS

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
     xmlns:podcast="https://podcastindex.org/namespace/1.0" xmlns:atom="http://www.w3.org/2005/Atom"
     xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>Show</title>
<link>https://old.example.org/</link>
<description>A show.</description>
"""


def feed(items: str, channel: str = "") -> str:
    return HEAD + channel + items + "</channel></rss>\n"


def item(n: int, extra: str = "", title: str | None = None, description: str = "Notes.") -> str:
    return (
        f"<item><title>{title or f'Episode title {n}'}</title><guid>g{n}</guid>"
        f"<pubDate>Tue, 0{n} Sep 2026 10:00:00 +0000</pubDate>"
        f'<enclosure url="https://cdn.example.org/{n}.mp3" length="{1000 + n}" type="audio/mpeg"/>'
        f"<description><![CDATA[{description}]]></description>{extra}</item>\n"
    )


def imported(
    tmp_path: Path, text: str, site_url: str | None = None, fetch: bool = False
) -> tuple[ImportPlan, dict[str, str], Problems]:
    source = tmp_path / "feed.xml"
    source.write_text(text, encoding="utf-8")
    problems = Problems()
    plan = plan_import(tmp_path / "site", feed=str(source), problems=problems, site_url=site_url, fetch=fetch)
    pages = {f.path.rsplit("/", 1)[-1]: f.content.decode("utf-8") for f in plan.files}
    return plan, pages, problems


def loaded(page: str, tmp_path: Path, name: str = "x.md") -> tuple[Episode, list[str]]:
    """The page as the site's loader reads it: (episode, warnings)."""
    docs = tmp_path / "docs"
    (docs / "episodes").mkdir(parents=True, exist_ok=True)
    problems = Problems()
    ep = load_episode(f"episodes/{name}", page, docs, problems, TRANSCRIPT_EXTENSIONS)
    return ep, [str(p) for p in problems]


def shown(markdown_text: str) -> str:
    """The words a listener reads on the page."""
    return plain_text(render(markdown_text))


# ---------------------------------------------------------------- descriptions


@pytest.mark.parametrize(
    "source, words",
    [
        ("<p>We talk C# and thank @t_wada. #hashtag</p><p>#pycon at the start</p>", "C# and thank @t_wada. #hashtag"),
        ("<p>#pycon at the start</p>", "#pycon at the start"),
        ("<p><strong>Game.&nbsp;</strong>Hosted by Ana</p>", "Game. Hosted by"),
        (
            'See Privacy Policy at <a href="https://omny.fm/listener">https://omny.fm/listener</a> and',
            "at https://omny.fm/listener and",
        ),
        ("<p>Sponsored by a*b*c and snake_case_name</p>", "a*b*c and snake_case_name"),
        (
            "Plain notes with a*b*c, C# and @t_wada.\nSecond line https://x.org/a_b#c_d\n\nNext paragraph.",
            "a*b*c, C# and @t_wada.",
        ),
        ("It ends with...", "It ends with..."),
        ("Markdown notes with [a link](https://example.org/a_b) and **bold**", "with a link and bold"),
    ],
)
def test_notes_keep_every_character(source: str, words: str) -> None:
    assert words in shown(notes_markdown(source))


def test_plain_text_keeps_paragraphs_lines_and_links() -> None:
    html = render(notes_markdown("Line one\nline two https://example.org/a_b\n\nParagraph two"))
    assert html.count("<p>") == 2 and "<br" in html
    assert '<a href="https://example.org/a_b">' in html
    assert "<em>" not in render(notes_markdown("a*b*c and d*e*f"))


def test_url_text_and_markdown_text_survive_the_round_trip(tmp_path: Path) -> None:
    _, pages, _ = imported(
        tmp_path,
        feed(
            item(
                1, description='<p>Privacy at <a href="https://pod.example/p_q">https://pod.example/p_q</a> and C#</p>'
            )
            + item(2, description="Plain text ending https:...")
            + item(3, description="Ends with an ellipsis..."),
        ),
    )
    by_title = {loaded(text, tmp_path)[0].title: text for text in pages.values()}
    first = loaded(by_title["Episode title 1"], tmp_path)[0]
    assert "https://pod.example/p_q" in render(first.notes) and "C#" in shown(first.notes)
    second = loaded(by_title["Episode title 2"], tmp_path)
    assert second[1] == [] and "https:..." in shown(second[0].notes)
    assert "ellipsis..." in shown(loaded(by_title["Episode title 3"], tmp_path)[0].notes)


@pytest.mark.parametrize("value", ["https:...", "ends with...", "a: b", "- x", "#x", "'q'", "yes", "1.5", "null", "…"])
def test_yaml_scalars_read_back_as_written(value: str) -> None:
    assert yaml.safe_load(f"k: {_yaml(value)}") == {"k": value}


# ---------------------------------------------------------------- numbers and names


def test_episode_numbers_are_never_invented_from_titles(tmp_path: Path) -> None:
    titles = ["#80.5 Extra", "Ep. 89.5-1 More", "#402-A Part one", "#402-B Part two", "#402-C Part three"]
    items = "".join(item(n + 1, title=t) for n, t in enumerate(titles))
    items += item(6, extra="<itunes:episode>12</itunes:episode>", title="Twelve")
    plan, pages, _ = imported(tmp_path, feed(items))
    numbers = {}
    for name, text in pages.items():
        ep, warnings = loaded(text, tmp_path, name)
        assert warnings == []
        numbers[ep.title] = ep.number
    assert numbers == {**dict.fromkeys(titles), "Twelve": 12}
    assert len({name for name in pages}) == 6  # no two pages share a file


def test_names_without_latin_letters_come_from_number_date_or_guid(tmp_path: Path) -> None:
    import datetime as dt

    when = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)
    assert make_stem(12, None, "第12回 技術の話", 3) == "012"
    assert make_stem(None, None, "第4回", 3, date=when) == "2026-09-01"
    assert make_stem(None, None, "ラジオ", 3, guid="abc") == make_stem(None, None, "ラジオ", 3, guid="abc")
    assert make_stem(None, None, "ラジオ", 3, guid="abc").startswith("episode-")
    assert not make_stem(None, None, "-4", 3, date=when).startswith("-")


def test_bare_domains_in_links_get_https_not_the_old_page(tmp_path: Path) -> None:
    description = '<p>See <a href="caniuse.com">caniuse</a> and <a href="notes.html">notes</a></p>'
    plan, pages, _ = imported(
        tmp_path, feed(item(1, extra="<link>https://old.example.org/ep/1/</link>", description=description))
    )
    page = next(iter(pages.values()))
    assert "(https://caniuse.com)" in page
    assert "(https://old.example.org/ep/1/notes.html)" in page


# ---------------------------------------------------------------- artwork


@pytest.mark.parametrize(
    "url, ok",
    [
        ("https://x.org/cover.jpg?v=1", True),
        ("https://storage.example.com/variants/abc123?.jpg", True),
        ("https://img.example.com/art/1400x1400", True),
        ("https://x.org/cover.webp", False),
        ("https://x.org/cover.gif?v=1", False),
    ],
)
def test_remote_artwork_is_judged_by_what_its_path_names(url: str, ok: bool, tmp_path: Path) -> None:
    assert (remote_image_problem(url) is None) is ok
    page = f"---\ntitle: T\ndate: 2026-09-01\nimage: {url}\n---\nNotes.\n"
    ep, warnings = loaded(page, tmp_path)
    assert (ep.image == url and not warnings) is ok
    problems = Problems()
    check_show(
        Show(title="S", site_url="https://s.org/", description="d", image=url, categories=[["Technology"]]),
        "mkdocs.yml",
        problems,
    )
    assert (not problems.items) is ok
    if ok:
        assert check_image_url(url) == url
    else:
        with pytest.raises(FeedValueError):
            check_image_url(url)


# ---------------------------------------------------------------- feed damage and hostile feeds


def test_blank_line_before_the_declaration_and_undefined_entities_are_read_with_warnings(tmp_path: Path) -> None:
    text = "\n\n" + feed(item(1, title="Q&amp;A &gtgt; more &hellip;") + item(2))
    plan, pages, problems = imported(tmp_path, text)
    assert len(plan.episodes) == 2
    messages = [str(p) for p in problems]
    assert any(":1: 2 blank line(s) before <?xml" in m for m in messages)
    assert any("`&gtgt;` is not an XML entity: kept as text" in m and ":11:" in m for m in messages)
    titles = {ep.title for ep in plan.episodes}
    assert "Q&A &gtgt; more …" in titles


@pytest.mark.parametrize(
    "extra, expected",
    [
        ("<itunes:duration>" + "9" * 400 + "</itunes:duration>", "itunes:duration of 400 characters"),
        ("<itunes:episode>" + "7" * 5000 + "</itunes:episode>", "itunes:episode of 5000 characters"),
    ],
)
def test_hostile_values_are_clear_problems(tmp_path: Path, extra: str, expected: str) -> None:
    plan, pages, problems = imported(tmp_path, feed(item(1, extra=extra)))
    assert any(expected in str(p) for p in problems)
    ep, warnings = loaded(next(iter(pages.values())), tmp_path)
    assert warnings == [] and ep.number is None


@pytest.mark.parametrize("date", ["Mon, 01 Jan 0001 00:00:00 +0100", "Fri, 31 Dec 9999 23:59:59 -1200"])
def test_dates_out_of_range_are_clear_problems(tmp_path: Path, date: str) -> None:
    text = feed(item(1).replace("Tue, 01 Sep 2026 10:00:00 +0000", date))
    plan, pages, problems = imported(tmp_path, text)
    assert any("is not a date" in str(p) for p in problems)
    ep, warnings = loaded(next(iter(pages.values())), tmp_path)
    assert warnings == [] and ep.date.year == 2000  # estimated, with a note to replace it


def test_notes_of_5000_nested_divs_become_text(tmp_path: Path) -> None:
    deep = "<div>" * 5000 + "deep words" + "</div>" * 5000
    plan, pages, problems = imported(tmp_path, feed(item(1, description=deep)))
    assert "deep words" in next(iter(pages.values()))


def test_external_entities_stay_refused(tmp_path: Path) -> None:
    text = feed(item(1, title="&xxe;")).replace(
        "<rss ", '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<rss ', 1
    )
    with pytest.raises(ContentError, match="external entity"):
        imported(tmp_path, text)


# ---------------------------------------------------------------- what the old feed gets wrong


def test_report_lists_what_the_old_feed_gets_wrong_with_what_to_do(tmp_path: Path) -> None:
    channel = (
        '<itunes:category text="Games &amp; Hobbies"><itunes:category text="Video Games"/></itunes:category>'
        '<itunes:category text="technology"/><itunes:category text="Podcasting Stuff"/>'
    )
    items = (
        item(1, extra="<itunes:episode>5</itunes:episode>")
        + item(2, extra="<itunes:episode>5</itunes:episode>")
        + item(3).replace('length="1003"', 'length="0"')
        + "<item><title>No audio</title><guid>g9</guid><pubDate>Tue, 09 Sep 2026 10:00:00 +0000</pubDate></item>"
        + item(4, extra='<enclosure url="https://cdn.example.org/4.ogg" length="1" type="audio/ogg"/>')
    )
    plan, _, problems = imported(tmp_path, feed(items, channel))
    assert plan.podcast["categories"] == ["Leisure > Video Games", "Technology"]
    report = "\n".join(report_lines(plan))
    assert "moving: once the new site is up, have the old host redirect" not in report  # no old address known
    assert "category 'Games & Hobbies > Video Games' written as 'Leisure > Video Games' (Apple renamed it)" in report
    assert "category 'Podcasting Stuff' is not one of Apple's: left out; set extra.podcast.categories" in report
    assert "itunes:episode 5 is used again" in report and "give one of them its own number" in report
    assert "'Episode title 3' has no enclosure length" in report and "--fetch" in report
    assert "'No audio' has no audio (<enclosure>)" in report
    assert any("a second <enclosure> (https://cdn.example.org/4.ogg) is not imported" in str(p) for p in problems)


@pytest.mark.parametrize(
    "category, mapped",
    [
        ("Technology", "Technology"),
        ("technology > podcasting", "Technology"),
        ("Science & Medicine > Natural Sciences", "Science > Natural Sciences"),
        ("Educaton > How To", "Education > How To"),
        ("Made Up", None),
    ],
)
def test_categories_map_to_apples_list_where_close(category: str, mapped: str | None) -> None:
    assert map_category(category)[0] == mapped


def test_report_says_where_the_old_feed_should_point(tmp_path: Path) -> None:
    channel = '<atom:link href="https://old.example.org/feed.rss" rel="self" type="application/rss+xml"/>'
    plan, _, _ = imported(tmp_path, feed(item(1), channel), site_url="https://new.example.org/")
    report = "\n".join(report_lines(plan))
    assert (
        "moving: once the new site is up, have the old host redirect https://old.example.org/feed.rss (HTTP 301) "
        "to https://new.example.org/feed.xml" in report
    )
    assert "derived from the old feed's own address (atom:link rel=self) https://old.example.org/feed.rss" in report
    assert "is the old feed's <link>" not in report  # the address was given
    plan, _, _ = imported(tmp_path, feed(item(1), channel))
    assert "site_url https://old.example.org/ is the old feed's <link>" in "\n".join(report_lines(plan))


def test_transcript_and_chapter_addresses_are_kept_without_fetch(tmp_path: Path) -> None:
    extra = (
        '<podcast:transcript url="https://old.example.org/1.vtt" type="text/vtt"/>'
        '<podcast:chapters url="https://old.example.org/1.json" type="application/json+chapters"/>'
    )
    plan, pages, _ = imported(tmp_path, feed(item(1, extra=extra)))
    page = next(text for name, text in pages.items() if name.endswith(".md"))
    assert "# podcast:transcript https://old.example.org/1.vtt (text/vtt) on the old host" in page
    assert "# podcast:chapters https://old.example.org/1.json on the old host" in page
    assert loaded(page, tmp_path)[1] == []
    report = "\n".join(report_lines(plan))
    assert "files on the old host, not copied (2)" in report and "run the import with --fetch" in report


# ---------------------------------------------------------------- --fetch, against a local server


@pytest.fixture
def host() -> Iterator[str]:
    """A local web server standing in for the old host."""
    files = {
        "/1.vtt": (b"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nHello from the old host.\n", "text/vtt"),
        "/1.json": (
            json.dumps(
                {
                    "version": "1.2.0",
                    "chapters": [{"startTime": 0, "title": "Intro"}, {"startTime": 61.5, "title": "Main"}],
                }
            ).encode(),
            "application/json+chapters",
        ),
        "/3.mp3": (b"\0" * 4321, "audio/mpeg"),
        "/cover": (b"GIF89a", "image/gif"),
    }

    class Handler(http.server.BaseHTTPRequestHandler):
        def _send(self, body: bool) -> None:
            data, kind = files.get(self.path, (b"", ""))
            self.send_response(200 if kind else 404)
            self.send_header("Content-Type", kind or "text/plain")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if body:
                self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            self._send(True)

        def do_HEAD(self) -> None:  # noqa: N802
            self._send(False)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_fetch_copies_transcripts_chapters_and_lengths(tmp_path: Path, host: str) -> None:
    extra = (
        f'<podcast:transcript url="{host}/1.vtt" type="text/vtt"/>'
        f'<podcast:chapters url="{host}/1.json" type="application/json+chapters"/>'
    )
    third = item(3, extra=f'<itunes:image href="{host}/cover"/>')
    third = third.replace('length="1003"', 'length="0"').replace("https://cdn.example.org/3.mp3", f"{host}/3.mp3")
    channel = f'<itunes:image href="{host}/cover"/>'
    plan, pages, _ = imported(tmp_path, feed(item(1, extra=extra) + third, channel), fetch=True)
    site = tmp_path / "site"
    apply_plan(plan.files, site)
    first = next(n for n in pages if n.endswith(".md") and "Episode title 1" in pages[n])
    vtt = first.replace(".md", ".vtt")
    assert pages[vtt].startswith("WEBVTT")
    ep, warnings = loaded(pages[first], site, first)
    (site / "docs" / "episodes" / vtt).write_text(pages[vtt], encoding="utf-8")
    assert warnings == []
    assert [(c.start, c.title) for c in ep.chapters] == [(0.0, "Intro"), (61.5, "Main")]
    third_page = next(text for name, text in pages.items() if "Episode title 3" in text)
    assert "length: 4321" in third_page
    assert "image:" not in third_page  # the host says it is a GIF
    report = "\n".join(report_lines(plan))
    assert "the cover art" in report and "image/gif" in report


# ---------------------------------------------------------------- the reader never breaks


_TAGS = ["title", "guid", "pubDate", "itunes:duration", "itunes:episode", "itunes:season", "description", "link"]


@st.composite
def feeds(draw: st.DrawFn) -> bytes:
    """Feeds with random values, random damage and random bytes in odd places."""
    parts = []
    for _ in range(draw(st.integers(0, 3))):
        fields = []
        for tag in draw(st.lists(st.sampled_from(_TAGS), max_size=6)):
            value = draw(
                st.text(max_size=60) | st.sampled_from(["9" * 400, "0001", "&gtgt;", "12:61:99", "-1", "1e400"])
            )
            fields.append(f"<{tag}>{value}</{tag}>")
        if draw(st.booleans()):
            fields.append(f'<enclosure url="{draw(st.text(max_size=30))}" length="{draw(st.text(max_size=12))}"/>')
        parts.append("<item>" + "".join(fields) + "</item>")
    text = feed("".join(parts))
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.text(max_size=20)) + text[cut:]
    prefix = draw(st.sampled_from(["", "\n\n", "\ufeff", " "]))
    return (prefix + text).encode("utf-8", "surrogatepass")


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(feeds())
@example(b'<:?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>')
def test_the_feed_reader_gives_a_channel_or_its_own_error(data: bytes) -> None:
    problems = Problems()
    try:
        channel = parse_feed(data, "feed.xml", problems)
    except ContentError:
        return
    for entry in channel.items:
        assert entry.duration is None or 0 <= entry.duration <= 3_600_000
        assert entry.date is None or 1970 <= entry.date.year <= 2200


def test_a_title_number_never_blocks_the_episode_with_that_number_on_reimport(tmp_path: Path) -> None:
    first, _, _ = imported(tmp_path, feed(item(1, title="#80.5 Extra")))
    apply_plan(first.files, tmp_path / "site")
    later = feed(item(1, title="#80.5 Extra") + item(2, title="Eighty", extra="<itunes:episode>80</itunes:episode>"))
    again, _, _ = imported(tmp_path, later)
    assert again.skipped_existing == [] and len(again.episodes) == 2
    assert {ep.number for ep in again.episodes} == {None, 80}
