"""Importing an existing show: a hand-written feed, transcripts and notes into a site.

The fixture under tests/data/import/ is a small, messy show: items out of order,
an item numbered only in its title, a trailer without a guid, two transcripts for
one episode, a transcript and notes for episodes the feed does not have, HTML
notes. The tests check what a producer moving a show would check: every feed
value subscribers depend on survives, pairing follows the episode numbers,
the report names every file left over, a second run changes nothing, edits are
kept unless --force, and mkdocs.yml only gains the settings it lacked. The round
trip imports the sample show's own built feed and rebuilds it.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import shutil
import uuid
from contextlib import redirect_stdout
from email.utils import parsedate_to_datetime
from pathlib import Path
from types import ModuleType

import pytest
from lxml import etree
from podsite.episodes import load_episode
from podsite.errors import ContentError, Problems
from podsite.importer import (
    fill_podcast_settings,
    new_site_config,
    plan_import,
    report_lines,
)
from podsite.importer.config import load_config
from podsite.importer.dates import DatedEpisode, SpokenDate, find_spoken_date, resolve_dates
from podsite.importer.feed import fetch_feed
from podsite.importer.plan import split_chapter_list
from podsite.importer.sources import number_in_name, number_in_title
from podsite.model import Episode
from podsite.transcripts import TRANSCRIPT_EXTENSIONS
from sitebuild import build_site

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "import"
FEED = DATA / "feed.xml"


def _load_script() -> ModuleType:
    path = ROOT / "scripts" / "import_show.py"
    spec = importlib.util.spec_from_file_location("import_show", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCRIPT = _load_script()


def run(*args: str | Path) -> tuple[int, str]:
    """Run the command line tool; return its exit code and what it printed."""
    out = io.StringIO()
    with redirect_stdout(out):
        code = SCRIPT.main([str(a) for a in args])
    return code, out.getvalue()


def full_import(site: Path, *extra: str) -> tuple[int, str]:
    return run("--feed", FEED, "--transcripts", DATA / "transcripts", "--notes", DATA / "notes", "--site", site, *extra)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def episode(site: Path, stem: str) -> Episode:
    """Load a written page with the site's own loader (what the build will see)."""
    docs = site / "docs"
    problems = Problems()
    src = f"episodes/{stem}.md"
    ep = load_episode(src, (docs / src).read_text(encoding="utf-8"), docs, problems, TRANSCRIPT_EXTENSIONS)
    assert not problems.items, [str(p) for p in problems]
    return ep


# ---------------------------------------------------------------- feed values


@pytest.fixture()
def imported(tmp_path: Path) -> Path:
    code, _ = full_import(tmp_path)
    assert code == 0
    return tmp_path


def test_feed_values_survive_exactly(imported: Path) -> None:
    ep = episode(imported, "001-hello-owls")
    assert ep.title == "#1: Hello, owls"
    assert ep.guid == "owl-0001"
    assert ep.date == dt.datetime(2024, 4, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert ep.date.utcoffset() == dt.timedelta(hours=1)
    assert ep.audio is not None
    assert (ep.audio.url, ep.audio.length, ep.audio.type) == (
        "https://cdn.example.com/owls/001.mp3",
        41234567,
        "audio/mpeg",
    )
    assert ep.duration == 3723
    assert (ep.number, ep.season, ep.episode_type, ep.explicit) == (1, 1, "full", True)
    assert (ep.hosts, ep.guests) == (["Jo Wren"], ["Sam Kestrel"])


def test_item_numbered_only_in_its_title(imported: Path) -> None:
    """The title's number names the file and pairs the transcript; it never becomes itunes:episode."""
    ep = episode(imported, "002-feathers-flight")
    assert (ep.number, ep.season, ep.duration) == (None, 1, 754)
    assert ep.date == dt.datetime(2024, 5, 7, 4, 30, tzinfo=dt.UTC)  # 21:30 -07:00
    assert ep.audio is not None and ep.audio.type == "audio/x-m4a"
    assert ep.transcript_path == "episodes/002-feathers-flight.srt"


def test_item_without_guid_keeps_its_enclosure_as_identity(imported: Path) -> None:
    ep = episode(imported, "trailer-what-this-show-is-about")
    assert ep.guid == "https://cdn.example.com/owls/trailer.mp3"
    assert ep.number is None and ep.episode_type == "trailer"


def test_preferred_transcript_is_copied_byte_for_byte(imported: Path) -> None:
    episodes = imported / "docs" / "episodes"
    assert (episodes / "001-hello-owls.vtt").read_bytes() == (DATA / "transcripts" / "001-hello-owls.vtt").read_bytes()
    assert not (episodes / "001-hello-owls.txt").exists()


def test_notes_folder_wins_and_its_heading_becomes_no_second_title(imported: Path) -> None:
    ep = episode(imported, "001-hello-owls")
    assert ep.notes.startswith("Jo and Sam start the show with [a list of owls](https://example.org/owls).")
    assert "# #1" not in ep.notes
    # the feed's short description differs from the notes: kept, without its chapter list
    assert ep.description == "Jo and Sam say hello."
    assert [(c.start, c.title) for c in ep.chapters] == [(0, "Hello"), (310, "Why owls")]


def test_html_notes_become_markdown(imported: Path) -> None:
    ep = episode(imported, "002-feathers-flight")
    assert (
        ep.notes
        == "How **feathers** work, and why owls fly *silently*.\n\n- [Feather anatomy](https://example.org/feathers)\n"
    )


def test_description_only_item_gets_it_as_notes(imported: Path) -> None:
    assert episode(imported, "004-owls-in-the-city").notes.strip() == "Urban owls and where to find them."


def test_show_settings_for_a_new_site(imported: Path) -> None:
    config = load_config((imported / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == "Night Owl Radio"
    assert config["site_url"] == "https://owls.example.com/"
    assert config["extra"]["podcast"] == {
        "title": "Night Owl Radio",
        "description": "Late-night talk about birds and the people who watch them.",
        "author": "Jo Wren",
        "owner": {"name": "Jo Wren", "email": "jo@owls.example.com"},
        "image": "https://owls.example.com/cover.jpg",
        "language": "en-GB",
        "categories": ["Science > Nature", "Leisure"],
        "explicit": False,
        "copyright": "2024 Night Owl Radio",
        "type": "episodic",
        # the feed has no podcast:guid: the Podcasting 2.0 rule on its own address (atom:link rel=self)
        "guid": str(uuid.uuid5(uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"), "feeds.example.com/owls.xml")),
    }
    assert "custom_dir" not in config["theme"] and "hooks" not in config
    assert config["plugins"] == ["podsite"]  # the hooks and overrides, from the installed package


# ---------------------------------------------------------------- the report


def test_report_names_everything_left_unpaired(tmp_path: Path) -> None:
    code, out = full_import(tmp_path)
    assert code == 0
    lines = out.splitlines()
    t = DATA / "transcripts"
    n = DATA / "notes"
    expected = [
        "transcripts with no episode (2):",
        f"  {t / '099-lost-episode.txt'}: no episode 99 in the feed",
        f"  {t / 'bonus-chat.txt'}: no episode number in the file name (start the name with it, like `012-title.txt`)",
        "show notes with no episode (1):",
        f"  {n / '077-unknown.md'}: no episode 77 in the feed",
        "episodes with no transcript (2):",
        "  episode 4 (004-owls-in-the-city)",
        "  'Trailer: what this show is about' (trailer-what-this-show-is-about)",
        "episodes with no show notes (1):",
        "  'Trailer: what this show is about' (trailer-what-this-show-is-about)",
    ]
    start = lines.index(expected[0])
    assert lines[start : start + len(expected)] == expected
    assert "files: 8 create" in lines  # 4 pages, 2 transcripts, mkdocs.yml, docs/index.md


def test_second_transcript_listed_with_verbose(tmp_path: Path) -> None:
    _, out = full_import(tmp_path, "--verbose")
    assert (
        f"  {DATA / 'transcripts' / '001-hello-owls.txt'}: season 1 episode 1 already uses 001-hello-owls.vtt"
        in out.splitlines()
    )


# ---------------------------------------------------------------- runs again


def test_running_twice_changes_nothing(imported: Path) -> None:
    before = snapshot(imported)
    code, out = full_import(imported)
    assert code == 0
    assert snapshot(imported) == before
    assert "files: 6 unchanged" in out.splitlines()  # mkdocs.yml and index.md are not planned again


def test_edited_page_is_kept_unless_forced(imported: Path) -> None:
    page = imported / "docs" / "episodes" / "004-owls-in-the-city.md"
    edited = page.read_text(encoding="utf-8").replace("Urban owls", "City owls")
    page.write_text(edited, encoding="utf-8")
    _, out = full_import(imported)
    assert page.read_text(encoding="utf-8") == edited
    assert (
        "kept (edited since the import; --force overwrites): docs/episodes/004-owls-in-the-city.md (episode 4 page)"
        in out
    )
    _, out = full_import(imported, "--force")
    assert "Urban owls" in page.read_text(encoding="utf-8")
    assert "overwrite (--force): docs/episodes/004-owls-in-the-city.md" in out
    before = snapshot(imported)
    full_import(imported)
    assert snapshot(imported) == before


def test_deleted_page_stays_deleted_unless_forced(imported: Path) -> None:
    page = imported / "docs" / "episodes" / "004-owls-in-the-city.md"
    page.unlink()
    _, out = full_import(imported)
    assert not page.exists()
    assert (
        "kept deleted (removed since the import; --force writes it again): docs/episodes/004-owls-in-the-city.md" in out
    )
    full_import(imported, "--force")
    assert page.exists()


def test_changed_source_updates_an_untouched_page(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(FEED.read_bytes())
    site = tmp_path / "site"
    run("--feed", feed, "--site", site)
    feed.write_text(FEED.read_text(encoding="utf-8").replace("Urban owls", "Town owls"), encoding="utf-8")
    _, out = run("--feed", feed, "--site", site)
    assert "Town owls" in (site / "docs" / "episodes" / "004-owls-in-the-city.md").read_text(encoding="utf-8")
    assert "files: 3 unchanged, 1 update" in out.splitlines()


def test_page_written_by_hand_is_not_replaced(tmp_path: Path) -> None:
    episodes = tmp_path / "docs" / "episodes"
    episodes.mkdir(parents=True)
    mine = "---\ntitle: My own page for four\ndate: 2024-06-05\nnumber: 4\n---\nHand-written.\n"
    (episodes / "004-my-page.md").write_text(mine, encoding="utf-8")
    _, out = run("--feed", FEED, "--site", tmp_path)
    # same episode number, no guid on the page: the same episode, kept as written
    assert (episodes / "004-my-page.md").read_text(encoding="utf-8") == mine
    assert not (episodes / "004-owls-in-the-city.md").exists()
    assert (
        "kept (not written by the importer; --force overwrites): docs/episodes/004-my-page.md (episode 4 page)" in out
    )


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    site = tmp_path / "site"
    code, out = full_import(site, "--dry-run")
    assert code == 0 and not site.exists()
    assert out.splitlines()[0] == "dry run: nothing written"
    assert "files: 8 create" in out.splitlines()


def test_missing_site_url_without_feed_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run("--transcripts", DATA / "transcripts", "--site", tmp_path)
    assert code == 2
    err = capsys.readouterr().err
    assert "the sources do not give the site's site_name, site_url: pass --title and --site-url" in err


def test_unreachable_feed_url_says_what_to_do() -> None:
    with pytest.raises(ContentError) as info:
        fetch_feed("http://127.0.0.1:9/feed.xml", timeout=5)
    assert "cannot download the feed" in str(info.value)
    assert "pass the file path to --feed" in str(info.value)


def test_broken_xml_is_read_like_apps_read_it_with_a_warning_naming_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "feed.xml"
    bad.write_text("<rss><channel>\n<title>x</title>\n<item></channel></rss>", encoding="utf-8")
    problems = Problems()
    plan = plan_import(tmp_path / "site", feed=str(bad), problems=problems)
    assert plan.podcast["title"] == "x"
    assert any(p.line == 3 and "not well-formed XML" in p.message for p in problems)


def test_feed_that_is_not_xml_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "feed.xml"
    bad.write_text("this is a web page, not a feed\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        plan_import(tmp_path / "site", feed=str(bad))
    assert info.value.line == 1 and "not well-formed XML" in str(info.value)


# ---------------------------------------------------------------- mkdocs.yml


PROJECT_STYLE = """\
# my show
site_name: Owls  # keep this comment
site_url: !ENV [SITE_URL, "https://owls.example.com/"]

theme:
  name: material

extra:
  analytics: {provider: none}
  podcast:
    title: Owls at Night   # the producer's own name wins
    categories: [Science]

markdown_extensions:
  - toc
"""


def test_config_gains_only_absent_keys_and_keeps_the_rest() -> None:
    edit = fill_podcast_settings(
        PROJECT_STYLE,
        {"title": "Night Owl Radio", "author": "Jo Wren", "categories": ["Leisure"], "owner": {"name": "Jo"}},
    )
    assert edit.problem is None
    assert edit.added == ["author", "owner"]
    assert edit.text == PROJECT_STYLE.replace(
        "    categories: [Science]\n",
        "    categories: [Science]\n    author: Jo Wren\n    owner:\n      name: Jo\n",
    )
    assert fill_podcast_settings(edit.text, {"author": "Someone else"}).text == edit.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("site_name: Owls\n", "site_name: Owls\n\nextra:\n  podcast:\n    author: Jo\n"),
        (
            "site_name: Owls\nextra:\n    version: 2\nnav: []\n",
            "site_name: Owls\nextra:\n    version: 2\n    podcast:\n      author: Jo\nnav: []\n",
        ),
        ("extra:\n  podcast:\nnav: []\n", "extra:\n  podcast:\n    author: Jo\nnav: []\n"),
        (
            "extra:\n  podcast:\n    owner:\n      name: A\n\n  # links\n  social: []\n",
            "extra:\n  podcast:\n    owner:\n      name: A\n    author: Jo\n\n  # links\n  social: []\n",
        ),
        (
            "extra:\n  podcast:\n    categories:\n    - Tech",
            "extra:\n  podcast:\n    categories:\n    - Tech\n    author: Jo\n",
        ),
    ],
    ids=["no-extra", "extra-without-podcast", "empty-podcast", "nested-last-value", "no-final-newline"],
)
def test_config_blocks_are_created_where_missing(text: str, expected: str) -> None:
    edit = fill_podcast_settings(text, {"author": "Jo"})
    assert (edit.problem, edit.text) == (None, expected)


def test_flow_style_config_is_refused_with_the_keys_to_add() -> None:
    edit = fill_podcast_settings("extra: {podcast: {title: Owls}}\n", {"author": "Jo"})
    assert edit.text == "extra: {podcast: {title: Owls}}\n"
    assert edit.problem and "add extra.podcast by hand" in edit.problem


def test_existing_config_is_filled_by_the_command(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(PROJECT_STYLE, encoding="utf-8")
    _, out = run("--feed", FEED, "--site", tmp_path)
    text = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    assert text.startswith(PROJECT_STYLE.split("    categories")[0])
    assert "site_url: !ENV [SITE_URL" in text and "# the producer's own name wins" in text
    assert load_config(text)["extra"]["podcast"]["title"] == "Owls at Night"
    assert (
        "mkdocs.yml: added extra.podcast keys description, author, owner, image, language, explicit, copyright, type"
        in out
    )
    _, again = run("--feed", FEED, "--site", tmp_path)
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8") == text
    assert "mkdocs.yml" not in again


# ---------------------------------------------------------------- a site without audio


NO_FEED = "mkdocs.yml: no episode has audio: the site is published without a feed; set extra.podcast.feed when audio URLs are added"


def test_new_site_without_audio_is_published_without_a_feed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    args = ("--transcripts", DATA / "transcripts", "--notes", DATA / "notes", "--site", site)
    code, out = run(*args, "--title", "Owls", "--site-url", "https://owls.example.com/")
    assert code == 0
    assert NO_FEED in out.splitlines()
    config = load_config((site / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["extra"]["podcast"] == {"title": "Owls", "feed": False}
    records = build_site(site / "mkdocs.yml", tmp_path / "out")  # --strict: no feed, so no "no audio" warnings
    assert not records, [r.getMessage() for r in records]
    assert not (tmp_path / "out" / "feed.xml").exists()
    assert (tmp_path / "out" / "episodes" / "001-hello-owls" / "index.html").is_file()
    # the next import finds the config written: nothing changes, nothing more to say about the feed
    _, again = run(*args)
    assert NO_FEED not in again and "mkdocs.yml" not in again


def test_feed_items_without_enclosures_give_a_site_without_a_feed(tmp_path: Path) -> None:
    root = etree.parse(str(FEED))
    for enclosure in root.iter("enclosure"):
        enclosure.getparent().remove(enclosure)
    feed = tmp_path / "no-audio.xml"
    root.write(str(feed))
    code, out = run("--feed", feed, "--site", tmp_path / "site")
    assert code == 0 and NO_FEED in out.splitlines()
    podcast = load_config((tmp_path / "site" / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["podcast"]
    assert podcast["title"] == "Night Owl Radio" and podcast["feed"] is False


def test_existing_config_keeps_its_feed_setting_without_audio(tmp_path: Path) -> None:
    for text in (
        PROJECT_STYLE,
        PROJECT_STYLE.replace("    categories: [Science]\n", "    categories: [Science]\n    feed: podcast.xml\n"),
    ):
        (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
        _, out = run("--transcripts", DATA / "transcripts", "--site", tmp_path)
        assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8") == text
        assert NO_FEED not in out


def test_new_config_follows_this_projects_settings(tmp_path: Path) -> None:
    text = new_site_config(ROOT, {"site_name": "Owls", "site_url": "https://o.example/"}, {"title": "Owls"})
    project = load_config((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config = load_config(text)
    assert config["markdown_extensions"] == project["markdown_extensions"]
    assert "hooks" not in config and config["plugins"] == [*project["plugins"], "podsite"]
    assert str(ROOT) not in text
    assert config["extra"]["podcast"] == {"title": "Owls"}


# ---------------------------------------------------------------- numbers and dates


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("012-title", (None, 12)),
        ("PB 485", (None, 485)),
        ("s02e07-the-return", (2, 7)),
        ("Show_S1E12", (1, 12)),
        ("episode-33-notes", (None, 33)),
        ("ep2", (None, 2)),
        ("bonus-chat", (None, None)),
        ("notes-2023-v2", (None, None)),
    ],
)
def test_number_in_file_name(name: str, expected: tuple[int | None, int | None]) -> None:
    assert number_in_name(name) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [("#123 Big news", 123), ("Episode 7: Seven", 7), ("Ep. 8 - Eight", 8), ("12: Twelve", 12), ("Top 10 tools", None)],
)
def test_number_in_title(title: str, expected: int | None) -> None:
    assert number_in_title(title) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "This is episode one, recorded Monday, November 7th, 2016.",
            SpokenDate(11, 7, 2016, 0, "Monday, November 7th, 2016"),
        ),
        ("It's April 18th, 2017. I'm Michael.", SpokenDate(4, 18, 2017, None, "April 18th, 2017")),
        ("recorded on the 3rd of March 2021", SpokenDate(3, 3, 2021, None, "3rd of March 2021")),
        ("recorded June 1st. Hello", SpokenDate(6, 1, None, None, "June 1st")),
        ("we may 5 times say February 30th", None),
        ("nothing here", None),
    ],
)
def test_spoken_date(text: str, expected: SpokenDate | None) -> None:
    assert find_spoken_date(text) == expected


def test_dates_are_resolved_in_episode_order() -> None:
    eps = [
        DatedEpisode(1, SpokenDate(12, 13, 2016)),
        DatedEpisode(2, SpokenDate(12, 20, 2016)),
        DatedEpisode(3, SpokenDate(1, 3, 2016, text="January 3rd, 2016")),  # last year's number, out of habit
        DatedEpisode(4, SpokenDate(1, 10, None, weekday=1, text="Tuesday, January 10th")),
        DatedEpisode(5, None),
        DatedEpisode(6, SpokenDate(1, 31, 2017)),
        DatedEpisode(7, SpokenDate(10, 28, 2016, text="October 28th, 2016")),  # a crossover recorded earlier
        DatedEpisode(8, SpokenDate(2, 14, 2017)),
        DatedEpisode(9, SpokenDate(2, 21, 2017)),
    ]
    resolve_dates(eps)
    assert [(e.number, e.date.isoformat() if e.date else None, e.how) for e in eps] == [
        (1, "2016-12-13", "said"),
        (2, "2016-12-20", "said"),
        (3, "2017-01-03", "year corrected"),
        (4, "2017-01-10", "year inferred"),
        (5, "2017-01-20", "estimated"),
        (6, "2017-01-31", "said"),
        (7, "2017-02-07", "estimated"),
        (8, "2017-02-14", "said"),
        (9, "2017-02-21", "said"),
    ]
    assert (
        eps[2].note == "the recording says 'January 3rd, 2016'; the year is corrected to fit between episodes 2 and 6"
    )
    assert eps[6].note == "estimated: the recording says 'October 28th, 2016', out of order with episodes 6 and 8"
    assert eps[4].note == "estimated: the source gives no date; replace it with the publication date"


def test_chapter_list_leaves_the_description() -> None:
    text, chapters = split_chapter_list("Intro text.\n\nChapters:\n00:00 Hello\n(01:02:03) Later - part two\n")
    assert text == "Intro text."
    assert [(c.start, c.title) for c in chapters] == [(0, "Hello"), (3723, "Later - part two")]
    assert split_chapter_list("Call us at 10:30 today.") == ("Call us at 10:30 today.", [])


def test_without_a_feed_titles_skip_names_that_only_say_the_show(tmp_path: Path) -> None:
    transcripts = tmp_path / "t"
    notes = tmp_path / "n"
    transcripts.mkdir()
    notes.mkdir()
    for number in (5, 6, 7):
        (transcripts / f"{number:03d}_night_owls.txt").write_text(
            f"00:00:00 Recorded May {number}th, 2024.\n", encoding="utf-8"
        )
        (notes / f"{number:03d}.md").write_text(f"# Night Owls {number}\n\nNotes.\n", encoding="utf-8")
    (notes / "007.md").write_text("# #7: Barn owls at dusk\n\nNotes.\n", encoding="utf-8")
    plan = plan_import(
        tmp_path / "site", transcripts=transcripts, notes=notes, title="Night Owls", site_url="https://n.example/"
    )
    assert [(e.stem, e.title, f"{e.date:%Y-%m-%d}") for e in plan.episodes] == [
        ("005", "Episode 5", "2024-05-05"),
        ("006", "Episode 6", "2024-05-06"),
        ("007-barn-owls-at-dusk", "Barn owls at dusk", "2024-05-07"),
    ]
    assert report_lines(plan)[0] == "episodes: 3"


# ---------------------------------------------------------------- round trip


def _items(feed: Path) -> dict[str, dict[str, object]]:
    """guid → what subscribed apps compare, read with plain lxml XPath."""
    ns = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd"}
    root = etree.parse(str(feed)).getroot()
    out: dict[str, dict[str, object]] = {}
    for item in root.iter("item"):
        enclosure = item.find("enclosure")
        out[item.findtext("guid")] = {
            "date": parsedate_to_datetime(item.findtext("pubDate")),
            "enclosure": (enclosure.get("url"), enclosure.get("length"), enclosure.get("type")),
            "duration": item.findtext("itunes:duration", namespaces=ns),
            "episode": item.findtext("itunes:episode", namespaces=ns),
            "type": item.findtext("itunes:episodeType", namespaces=ns),
            "explicit": item.findtext("itunes:explicit", namespaces=ns),
            "title": item.findtext("title"),
        }
    return out


def test_round_trip_of_the_sample_show(tmp_path: Path) -> None:
    from sitebuild import build_site

    first = tmp_path / "first"
    records = build_site(ROOT / "mkdocs.yml", first)
    assert not records, [r.getMessage() for r in records]
    feed = first / "feed.xml"
    if not feed.is_file():
        pytest.skip("the sample build wrote no feed.xml (the feed hook is not in mkdocs.yml)")
    site = tmp_path / "imported"
    code, out = run("--feed", feed, "--transcripts", ROOT / "docs" / "episodes", "--site", site)
    assert code == 0, out
    assert "episodes with no transcript" not in out
    second = tmp_path / "second"
    records = build_site(site / "mkdocs.yml", second)
    assert not records, [r.getMessage() for r in records]
    before, after = _items(feed), _items(second / "feed.xml")
    assert len(before) == 3
    assert after == before
    for stem in ("001-small-tools-big-wins", "002-testing-the-waters", "003-giving-back"):
        source = next((ROOT / "docs" / "episodes").glob(f"{stem}.[stv]*"))
        copied = site / "docs" / "episodes" / source.name
        assert copied.read_bytes() == source.read_bytes()


def test_old_site_links_in_notes(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    transcripts = tmp_path / "t"
    notes.mkdir()
    transcripts.mkdir()
    (transcripts / "001.txt").write_text("00:00:00 Recorded May 1st, 2024.\n", encoding="utf-8")
    (transcripts / "002.txt").write_text("00:00:00 Recorded May 8th, 2024.\n", encoding="utf-8")
    (notes / "001.md").write_text(
        "See [matplotlib](matplotlib.org), [the cat](img/cat.svg), [next](002.md) and [top](#top).\n\n"
        "```\n[not a link](img/dog.svg)\n```\n",
        encoding="utf-8",
    )
    plan = plan_import(
        tmp_path / "site", transcripts=transcripts, notes=notes, title="Owls", site_url="https://o.example/"
    )
    page = next(f for f in plan.files if f.path == "docs/episodes/001.md").content.decode()
    assert "[matplotlib](https://matplotlib.org)" in page
    assert "[the cat](img/cat.svg)" in page and "[not a link](img/dog.svg)" in page
    assert plan.links_fixed == [f"{notes / '001.md'}:1: `matplotlib.org` written as `https://matplotlib.org`"]
    assert [str(p) for p in plan.problems] == [
        f"{notes / '001.md'}:1: link `img/cat.svg` points at a file of the old site; make it an absolute https:// link"
    ]


def test_an_imported_site_holds_no_path_of_this_checkout_and_builds_after_a_move(tmp_path: Path) -> None:
    site = tmp_path / "site"
    args = ("--transcripts", DATA / "transcripts", "--notes", DATA / "notes", "--site", site)
    code, _ = run(*args, "--title", "Owls", "--site-url", "https://owls.example.com/")
    assert code == 0
    for path in site.rglob("*"):
        if path.is_file():
            assert str(ROOT).encode() not in path.read_bytes(), f"{path.name} names this checkout"
    moved = tmp_path / "elsewhere" / "owls"
    moved.parent.mkdir()
    shutil.move(site, moved)
    records = build_site(moved / "mkdocs.yml", tmp_path / "out")  # --strict
    assert not records, [r.getMessage() for r in records]
    page = (tmp_path / "out" / "episodes" / "001-hello-owls" / "index.html").read_text(encoding="utf-8")
    assert "podsite-transcript" in page, "the episode page has no transcript: the hooks did not run"
    assert "data-podsite-search-open" in page, "the page does not use this project's header override"
    assert (tmp_path / "out" / "episodes" / "001-hello-owls" / "transcript.vtt").is_file()
    assert (tmp_path / "out" / "pagefind" / "pagefind.js").is_file()
