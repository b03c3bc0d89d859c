"""The parse cache: a cached read gives the fresh parse and its warnings, a change parses again."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from podsite import cache, catalog, exports, outputs
from podsite.chapterize import derive_chapters, derive_chapters_cached
from podsite.errors import ContentError, Problems
from podsite.model import Episode, Show
from podsite.transcripts import parse_transcript
from podsite.transcripts.cached import parse_cached

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p for p in (ROOT / "docs" / "episodes").iterdir() if p.suffix in (".txt", ".vtt", ".srt"))
# a plain-text transcript with two problems the parser warns about and keeps going
WARNED = b"Before any time.\n00:00:05 Hello there.\n00:61:00 Not a valid time.\n00:00:03 Back in time.\n"


def parse_twice(data: bytes, path: str, folder: Path, **kwargs: object) -> tuple[object, Problems, object, Problems]:
    """Parse through the cache twice (a miss, then a hit) and return both results with their problems."""
    first_problems, second_problems = Problems(), Problems()
    hits = cache.STATS.hits
    first = parse_cached(data, path, first_problems, folder, **kwargs)  # type: ignore[arg-type]
    assert cache.STATS.hits == hits, "the first parse of new bytes must not come from the cache"
    second = parse_cached(data, path, second_problems, folder, **kwargs)  # type: ignore[arg-type]
    assert cache.STATS.hits == hits + 1, "the second parse of the same bytes must come from the cache"
    return first, first_problems, second, second_problems


@pytest.mark.parametrize("source", SAMPLES, ids=lambda p: p.name)
def test_cached_parse_equals_fresh_parse(source: Path, tmp_path: Path) -> None:
    data = source.read_bytes()
    fresh_problems = Problems()
    fresh = parse_transcript(data, f"docs/episodes/{source.name}", fresh_problems, known_speakers=["Ada Brook"])
    first, first_problems, second, second_problems = parse_twice(
        data, f"docs/episodes/{source.name}", tmp_path, known_speakers=["Ada Brook"]
    )
    assert first == fresh
    assert second == fresh
    assert second is not first  # every build gets its own objects
    assert first_problems.items == fresh_problems.items == second_problems.items


def test_cached_parse_equals_fresh_parse_for_a_corpus_episode(tmp_path: Path, corpus: Path) -> None:
    source = sorted((corpus / "transcripts").glob("*.txt"))[-1]  # a recent one, with voice tags
    data = source.read_bytes()
    fresh_problems = Problems()
    fresh = parse_transcript(data, source.name, fresh_problems)
    _, _, cached, cached_problems = parse_twice(data, source.name, tmp_path)
    assert cached == fresh
    assert cached_problems.items == fresh_problems.items


def test_warnings_are_replayed_from_the_cache(tmp_path: Path) -> None:
    _, first_problems, _, second_problems = parse_twice(WARNED, "docs/episodes/009-x.txt", tmp_path)
    messages = [str(p) for p in first_problems.warnings]
    assert len(messages) == 3, messages  # text before the first time, an invalid time, a time going back
    assert any(":3:" in m and "not a valid time" in m for m in messages), messages
    assert [str(p) for p in second_problems.warnings] == messages


def test_warnings_go_after_the_ones_already_collected(tmp_path: Path) -> None:
    parse_cached(WARNED, "docs/episodes/009-x.txt", Problems(), tmp_path)
    problems = Problems()
    problems.warn("docs/episodes/009-x.md", 2, "an earlier warning")
    parse_cached(WARNED, "docs/episodes/009-x.txt", problems, tmp_path)
    assert str(problems.items[0]) == "docs/episodes/009-x.md:2: an earlier warning"
    assert len(problems.items) > 1


def test_changed_content_is_parsed_again(tmp_path: Path) -> None:
    path = "docs/episodes/010-x.txt"
    parse_cached(b"00:00:01 The first words.\n", path, Problems(), tmp_path)
    misses = cache.STATS.misses
    changed = parse_cached(b"00:00:01 The corrected words.\n", path, Problems(), tmp_path)
    assert cache.STATS.misses == misses + 1
    assert [s.text for s in changed.segments] == ["The corrected words."]


def test_known_speakers_and_path_are_part_of_the_key(tmp_path: Path) -> None:
    data = b"00:00:01 Mira: Hello.\n00:00:04 Thanks for having me.\n"
    plain = parse_cached(data, "docs/episodes/011-x.txt", Problems(), tmp_path)
    known = parse_cached(data, "docs/episodes/011-x.txt", Problems(), tmp_path, known_speakers=["Mira"])
    assert plain == parse_transcript(data, "docs/episodes/011-x.txt", Problems())
    assert known == parse_transcript(data, "docs/episodes/011-x.txt", Problems(), known_speakers=["Mira"])
    moved = parse_cached(data, "docs/episodes/012-y.txt", Problems(), tmp_path)
    assert moved.path == "docs/episodes/012-y.txt"


def test_a_new_code_version_starts_a_fresh_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parse_cached(b"00:00:01 Hello.\n", "a.txt", Problems(), tmp_path)
    old = tmp_path / cache.code_version()
    assert len(list(old.glob("*.pickle"))) == 1
    monkeypatch.setattr(cache, "code_version", lambda: "0123456789abcdef")
    misses = cache.STATS.misses
    parse_cached(b"00:00:01 Hello.\n", "a.txt", Problems(), tmp_path)
    assert cache.STATS.misses == misses + 1
    assert not old.exists(), "entries of an older parser must be removed"
    assert len(list((tmp_path / "0123456789abcdef").glob("*.pickle"))) == 1


def test_the_version_covers_every_source_file_found_by_walking() -> None:
    hooks = Path(cache.__file__).resolve().parent.parent
    found = {p.relative_to(hooks).as_posix() for p in cache.code_files()}
    on_disk = {p.relative_to(hooks).as_posix() for p in (hooks / "podsite").rglob("*.py")}
    on_disk |= {p.relative_to(hooks).as_posix() for p in hooks.glob("*.py")}
    assert on_disk <= found
    assert "podsite/transcripts/txt.py" in found and "podsite/chapterize.py" in found and "episodes.py" in found


def test_every_module_that_derives_chapters_is_in_the_version(monkeypatch: pytest.MonkeyPatch) -> None:
    """Derived chapters are cached: an edit to any module the derivation imports must change the version."""
    hooks = Path(cache.__file__).resolve().parent.parent
    used = {
        Path(file).resolve()
        for name, module in list(sys.modules.items())
        if name.startswith("podsite.chaptering.") and (file := getattr(module, "__file__", None))
    }
    assert len(used) >= 5, "the derivation is split into modules of podsite.chaptering"
    assert used <= set(cache.code_files())
    before = cache.code_version()
    edited = hooks / "podsite" / "chaptering" / "placement.py"
    real_read = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        data = real_read(path)
        return data + b"\n# edited\n" if path == edited else data

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    cache.code_version.cache_clear()
    try:
        assert cache.code_version() != before
    finally:
        monkeypatch.undo()
        cache.code_version.cache_clear()
    assert cache.code_version() == before


def test_unusable_files_are_not_cached(tmp_path: Path) -> None:
    for _ in range(2):
        with pytest.raises(ContentError, match="empty"):
            parse_cached(b"   \n", "docs/episodes/013-x.txt", Problems(), tmp_path)
    assert not list(tmp_path.rglob("*.pickle"))


def test_a_broken_entry_is_parsed_again_and_replaced(tmp_path: Path) -> None:
    data = b"00:00:01 Hello.\n"
    parse_cached(data, "a.txt", Problems(), tmp_path)
    (entry,) = tmp_path.rglob("*.pickle")
    entry.write_bytes(b"not a pickle")
    again = parse_cached(data, "a.txt", Problems(), tmp_path)
    assert [s.text for s in again.segments] == ["Hello."]
    assert entry.read_bytes() != b"not a pickle"


def test_switched_off_by_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cache.cache_dir_for(tmp_path / "docs") == tmp_path / ".cache" / "podsite" / "transcripts"
    monkeypatch.setenv("PODSITE_CACHE", "off")
    assert cache.cache_dir_for(tmp_path / "docs") is None


def _load(docs: Path) -> tuple[Show, Problems]:
    show = Show(title="Byte-Sized Garden", site_url="https://example.org/")
    problems = Problems()
    sources = {
        f"episodes/{p.name}": (lambda p=p: p.read_text(encoding="utf-8"))
        for p in sorted((docs / "episodes").glob("*.md"))
    }
    catalog.load_catalog(show, docs, sources, problems)
    return show, problems


def test_a_cached_build_loads_the_same_show(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    # one transcript line after the end of the audio: a warning from the catalog, not the parser
    txt = docs / "episodes" / "001-small-tools-big-wins.txt"
    txt.write_text(txt.read_text(encoding="utf-8") + "\n00:59:00 A line long after the end.\n", encoding="utf-8")
    fresh, fresh_problems = _load(docs)
    hits = cache.STATS.hits
    cached, cached_problems = _load(docs)
    assert cache.STATS.hits == hits + len(SAMPLES)
    assert [ep.transcript for ep in cached.episodes] == [ep.transcript for ep in fresh.episodes]
    assert [str(p) for p in cached_problems] == [str(p) for p in fresh_problems]
    assert any("after the end of the audio" in str(p) for p in cached_problems)
    assert (tmp_path / ".cache" / "podsite" / "transcripts").is_dir()


def corpus_episode(corpus: Path, number: int) -> Episode:
    """A corpus episode with its show notes and parsed transcript (no chapters of its own)."""
    notes = (corpus / "shownotes" / f"{number}.md").read_text(encoding="utf-8")
    source = next((corpus / "transcripts").glob(f"{number}-*.txt"))
    transcript = parse_transcript(source.read_bytes(), source.name, Problems())
    return Episode(
        stem=source.stem,
        src_uri=f"episodes/{source.stem}.md",
        title="t",
        date=dt.datetime(2021, 9, 1, tzinfo=dt.UTC),
        notes=notes,
        transcript=transcript,
    )


def test_derived_chapters_from_the_cache_equal_fresh_ones(tmp_path: Path, corpus: Path) -> None:
    episode = corpus_episode(corpus, 250)
    fresh = derive_chapters(episode)
    assert len(fresh) > 3, "episode 250's notes list several topics"
    misses = cache.STATS.misses
    first = derive_chapters_cached(episode, tmp_path)
    hits = cache.STATS.hits
    second = derive_chapters_cached(episode, tmp_path)
    assert cache.STATS.misses == misses + 1 and cache.STATS.hits == hits + 1
    assert first == fresh and second == fresh
    second[0].slug = "changed"  # the catalog gives chapters their slugs: a later read is not affected
    assert derive_chapters_cached(episode, tmp_path) == fresh


def test_derived_chapters_follow_changed_notes_and_transcript(tmp_path: Path, corpus: Path) -> None:
    episode = corpus_episode(corpus, 250)
    derive_chapters_cached(episode, tmp_path)
    edited = replace(episode, notes=episode.notes.replace("#1", "#1 (renamed)", 1) + "\n")
    misses = cache.STATS.misses
    assert derive_chapters_cached(edited, tmp_path) == derive_chapters(edited)
    assert cache.STATS.misses == misses + 1
    assert episode.transcript is not None
    segments = list(episode.transcript.segments)
    segments[5] = replace(segments[5], text=segments[5].text + " and one more word")
    retimed = replace(episode, transcript=replace(episode.transcript, segments=segments))
    assert derive_chapters_cached(retimed, tmp_path) == derive_chapters(retimed)
    assert cache.STATS.misses == misses + 2


def test_exports_are_remembered_by_transcript_content() -> None:
    source = SAMPLES[0]
    transcript = parse_transcript(source.read_bytes(), source.name, Problems())
    first = outputs.transcript_files(transcript)
    assert first == {e.name: e.render(transcript, None) for e in outputs.TRANSCRIPT_EXPORTS}
    again = parse_transcript(source.read_bytes(), source.name, Problems())
    assert outputs.transcript_files(again) == first
    again.segments[0] = replace(again.segments[0], text="A corrected first line.")
    changed = outputs.transcript_files(again)
    assert "A corrected first line." in changed["transcript.vtt"]
    assert changed["transcript.txt"] == exports.to_text(again)


def test_kept_files_of_an_older_version_are_dropped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = cache.kept_files(tmp_path, "key", lambda: {"transcript.txt": "one\n"})
    assert first is not None and first["transcript.txt"].read_text(encoding="utf-8") == "one\n"
    old = first["transcript.txt"].parent.parent
    monkeypatch.setattr(cache, "code_version", lambda: "0123456789abcdef")
    second = cache.kept_files(tmp_path, "key", lambda: {"transcript.txt": "two\n"})
    assert second is not None and second["transcript.txt"].read_text(encoding="utf-8") == "two\n"
    assert not old.exists(), "kept files of an older version must be removed"
