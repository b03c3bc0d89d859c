"""Mentions measured on the real corpus: python-bytes episodes with their own show notes.

Each corpus episode is loaded with its show notes as the notes body and no
registry, so every mention comes from the notes rule. Measured on the fixed
sample (episode numbers ending in 7), against the hand-checked
`tests/data/mentions_sample.tsv`:
- how many name-like show-notes link texts the transcript says;
- the precision of the linked words (every link the matcher makes there must be a
  hand-checked row, so a change to the matcher shows up here);
- no link, nor any unlinked hit, inside a word, a URL or code.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest
from podsite.errors import Problems
from podsite.layout import line_ids
from podsite.mentions import annotate_episode, common_words, name_reason, norm, note_links, notes_mentions
from podsite.model import Episode, MentionHit, Show
from podsite.transcripts import parse_transcript
from sitebuild import CORPUS

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "data" / "mentions_sample.tsv"
PRECISION = 155 / 160  # measured by hand on the sample, see the TSV header
FOUND_SHARE = 0.37  # share of name-like notes link texts said in the sample transcripts (measured 0.378)

pytestmark = pytest.mark.skipif(not (CORPUS / "MANIFEST.tsv").exists(), reason=f"corpus not found at {CORPUS}")


def load_corpus_show() -> Show:
    """Every corpus episode with a main `.txt` transcript and show notes, newest first."""
    show = Show("Python Bytes", "https://example.org/")
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        rows = [
            r
            for r in csv.DictReader(handle, delimiter="\t")
            if r["format"] == "txt" and r["variant"] == "main" and r["shownotes"]
        ]
    seen: set[int] = set()
    for row in rows:
        number = int(row["episode"])
        if number in seen:
            continue
        seen.add(number)
        transcript = parse_transcript((CORPUS / row["transcript"]).read_bytes(), row["transcript"], Problems())
        show.episodes.append(
            Episode(
                stem=f"{number:03d}",
                src_uri=f"episodes/{number:03d}.md",
                title=f"Episode {number}",
                date=dt.datetime(2016, 11, 1, tzinfo=dt.UTC) + dt.timedelta(days=7 * number),
                number=number,
                transcript=transcript,
                notes=(CORPUS / row["shownotes"]).read_text(encoding="utf-8"),
            )
        )
    show.episodes.sort(key=lambda ep: ep.number or 0, reverse=True)
    return show


@pytest.fixture(scope="module")
def sample() -> list[Episode]:
    show = load_corpus_show()
    common = common_words(show)
    episodes = sorted((ep for ep in show.episodes if (ep.number or 0) % 10 == 7), key=lambda ep: ep.number or 0)
    for ep in episodes:
        annotate_episode(ep, [], Problems(), common)
    return episodes


def _said(ep: Episode, hit: MentionHit) -> str:
    assert ep.transcript is not None
    segs = ep.transcript.segments
    text = segs[hit.segment_index].text
    if hit.end_index is None:
        return text[hit.char_start : hit.char_end]
    return text[hit.char_start :] + " " + segs[hit.end_index].text[: hit.char_end]


def test_sample_size(sample: list[Episode]) -> None:
    assert len(sample) == 47


def test_notes_link_texts_found_in_transcripts(sample: list[Episode]) -> None:
    links = names = found = 0
    for ep in sample:
        links += sum(1 for link in note_links(ep.notes) if link.url.startswith(("http://", "https://")))
        specs = notes_mentions(ep.notes)
        said = {norm(hit.mention.name) for hit in ep.mentions}
        names += len(specs)
        found += sum(1 for spec in specs if norm(spec.name) in said)
    print(f"\nexternal links {links}, name-like texts {names}, said in the transcript {found} ({found / names:.3f})")
    assert names > 300
    assert found / names >= FOUND_SHARE


def test_linked_words_precision_on_the_hand_checked_sample(sample: list[Episode]) -> None:
    with SAMPLE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))
    checked = {(r["episode"], r["line"], r["said"], r["mention"]): r["correct"] == "1" for r in rows}
    produced = []
    for ep in sample:
        ids = line_ids(ep.transcript.segments)  # type: ignore[union-attr]
        for hit in ep.mentions:
            if hit.linked:
                produced.append((str(ep.number), ids[hit.segment_index], _said(ep, hit), hit.mention.name))
    unchecked = [key for key in produced if key not in checked]
    assert not unchecked, f"links not in {SAMPLE.name}: check them by hand and add them: {unchecked[:5]}"
    correct = sum(checked[key] for key in produced)
    print(f"\nlinked {len(produced)}, correct {correct}, precision {correct / len(produced):.3f}")
    assert correct / len(produced) >= PRECISION


_URLISH = re.compile(r"://|^www\.|@|[_/\\`=<>{}|]|\w\.[A-Za-z]")


def test_no_hit_inside_a_word_a_url_or_code(sample: list[Episode]) -> None:
    """Checked independently of the matcher: characters around each hit, and its whole token."""
    bad = []
    for ep in sample:
        segs = ep.transcript.segments  # type: ignore[union-attr]
        for hit in ep.mentions:
            first = segs[hit.segment_index].text
            last = segs[hit.end_index if hit.end_index is not None else hit.segment_index].text
            before = first[hit.char_start - 1] if hit.char_start else " "
            after = last[hit.char_end] if hit.char_end < len(last) else " "
            token_start = first.rfind(" ", 0, hit.char_start) + 1
            token_end = last.find(" ", hit.char_end)
            token = (
                first[token_start : hit.char_start]
                + _said(ep, hit)
                + last[hit.char_end : token_end if token_end >= 0 else len(last)]
            )
            token = token.strip("\"'“”‘’()[].,;:!?…")
            name = hit.mention.name
            if (
                before.isalnum()
                or after.isalnum()
                or before in "-_./@"
                or (after in "-_/@" and hit.char_end < len(last))
            ):
                bad.append((ep.number, token, name))
            elif _URLISH.search(token) and not _URLISH.search(name):
                bad.append((ep.number, token, name))
    assert bad == []


def test_notes_rule_drops_link_words_on_the_real_notes() -> None:
    """On every corpus show notes file: the generic link texts seen there are never names."""
    kept: dict[str, int] = {}
    for path in sorted((CORPUS / "shownotes").glob("*.md")):
        for link in note_links(path.read_text(encoding="utf-8")):
            if name_reason(link) is None:
                key = norm(link.text)
                kept[key] = kept.get(key, 0) + 1
    for generic in (
        "here",
        "this",
        "video",
        "docs",
        "the docs",
        "blog post",
        "announcement",
        "changelog",
        "more info...",
    ):
        assert generic not in kept, generic
    assert not any(key.startswith("@") or "://" in key or "pythonbytes.fm" in key for key in kept)
    for name in ("pytest", "ruff", "fastapi", "pydantic", "brett cannon", "python testing with pytest", "pip-tools"):
        assert name in kept, name


def test_producer_hints_find_real_misspellings(sample: list[Episode]) -> None:
    from podsite.mentions.producer import episode_hints

    episode = next(ep for ep in sample if ep.number == 157)
    hints = [str(h) for h in episode_hints(episode, [])]
    assert any("'Cerebrus' looks like Cerberus" in h for h in hints)
    assert any("'Pydanic' looks like pydantic" in h for h in hints)
    assert any("'DovePanda' looks like dovpanda" in h for h in hints)
    assert any("the notes link 'removestar'" in h and "closest words: 'remove star'" in h for h in hints)
