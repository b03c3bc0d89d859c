#!/usr/bin/env python3
"""Word-level transcripts measured against the same words at line level, on real transcripts.

For each chosen Python Bytes episode (the corpus beside the checkout, or `--corpus`)
it writes three episodes into a copy of the sample show and builds it:

* `lines`: the corpus transcript as published (line level);
* `words`: the same words as a Podcasting 2.0 JSON transcript with one segment per
  word, each word's time spread over its line by characters (what hosts and Whisper
  with word timestamps write), read as producers' word-level files are read now:
  grouped into lines, each word's time kept in `words.json`;
* `ungrouped` (with `--ungrouped`): the same word-level file built with grouping
  switched off, i.e. one page element and one caption cue per word, as word-level
  files were shown before grouping.

It prints, per episode and variant: the page's bytes, the transcript section's
bytes and its line elements, the caption downloads' cue counts and the longest
caption row and cue, the JSON download and `words.json`; then the word/line page
ratios. `--overhead` instead times, in CPU seconds over every corpus transcript, the
parse, the choice of reader of the `.txt` files and the word-level test.
Usage: `.venv/bin/python scripts/word_level.py [--episodes 1 200 400] [--corpus PATH] [--ungrouped | --overhead]`
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "hooks"), str(ROOT / "tests")]

import lxml.html  # noqa: E402
from minisite import SOURCE_DATE_EPOCH, episode, make_site  # noqa: E402
from podsite.errors import Problems  # noqa: E402
from podsite.transcripts import parse_transcript  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "python-bytes"
AUDIO = "audio:\n  url: https://example.org/audio/{n}.mp3\n  length: 1000\n"
UNGROUPED = "import sys; from podsite.transcripts import words; words.MIN_WORDS = 10**9; from mkdocs.__main__ import cli; sys.exit(cli())"


def corpus_transcript(corpus: Path, number: int) -> Path:
    """The episode's published transcript (the first in MANIFEST.tsv order)."""
    with (corpus / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["variant"] == "main" and int(row["episode"]) == number:
                return corpus / row["transcript"]
    raise SystemExit(f"episode {number} has no published transcript in {corpus}")


def word_level(path: Path) -> str:
    """The transcript at `path` as Podcasting 2.0 JSON with one segment per word."""
    segments = parse_transcript(path.read_bytes(), path.name, Problems()).segments
    out = []
    for i, seg in enumerate(segments):
        end = seg.end
        if end is None or end <= seg.start:
            later = [s.start for s in segments[i + 1 :] if s.start > seg.start][:1]
            end = later[0] if later else seg.start + 5.0
        words = seg.text.split()
        total = max(1, len(seg.text))
        pos = 0
        for word in words:
            start = seg.start + (end - seg.start) * pos / total
            pos += len(word) + 1
            stop = seg.start + (end - seg.start) * min(total, pos - 1) / total
            item = {"startTime": round(start, 3), "endTime": round(stop, 3), "body": word}
            if seg.speaker:
                item = {"speaker": seg.speaker, **item}
            out.append(item)
    return json.dumps({"version": "1.0.0", "segments": out}, ensure_ascii=False, indent=1)


def measure(folder: Path) -> dict[str, object]:
    page = folder / "index.html"
    doc = lxml.html.fromstring(page.read_bytes())
    (section,) = doc.cssselect("section.podsite-transcript")
    vtt = (folder / "transcript.vtt").read_text(encoding="utf-8")
    srt = (folder / "transcript.srt").read_text(encoding="utf-8")
    rows: list[str] = []
    cue_rows = []
    for block in srt.strip().split("\n\n"):
        text = block.split("\n")[2:]
        cue_rows.append(len(text))
        rows.extend(text)
    words = folder / "words.json"
    return {
        "page": page.stat().st_size,
        "section": len(lxml.html.tostring(section, encoding="unicode").encode()),
        "lines": len(section.cssselect("span[id]")),
        "vtt_cues": vtt.count(" --> "),
        "srt_cues": srt.count(" --> "),
        "longest_row": max(map(len, rows)),
        "most_rows": max(cue_rows),
        "json": (folder / "transcript.json").stat().st_size,
        "words_json": words.stat().st_size if words.exists() else 0,
    }


def overhead(corpus: Path) -> None:
    """CPU time of parsing every corpus transcript, and of the two checks every parse now makes."""
    import time

    from podsite.transcripts.decode import decode_source
    from podsite.transcripts.sniff import detect
    from podsite.transcripts.words import is_word_level

    with (corpus / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        files = [corpus / row["transcript"] for row in csv.DictReader(fh, delimiter="\t")]
    data = [(f, f.read_bytes()) for f in files]
    t0 = time.process_time()
    parsed = [parse_transcript(b, f.name, Problems()) for f, b in data]
    t1 = time.process_time()
    texts = [decode_source(b, f.name, Problems()) for f, b in data if f.suffix == ".txt"]
    t2 = time.process_time()
    for text in texts:
        detect(text)
    t3 = time.process_time()
    for t in parsed:
        is_word_level(t.segments)
    t4 = time.process_time()
    segments = sum(len(t.segments) for t in parsed)
    print(
        f"{len(data)} transcripts, {segments} segments: parse {t1 - t0:.2f} s CPU in all; "
        f"choosing the reader of {len(texts)} .txt files {t3 - t2:.3f} s; word-level test {t4 - t3:.3f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--episodes", type=int, nargs="+", default=[1, 200, 400])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--ungrouped", action="store_true", help="also build the word-level files without grouping")
    parser.add_argument("--overhead", action="store_true", help="time the reader choice and word-level test instead")
    args = parser.parse_args()
    if not (args.corpus / "MANIFEST.tsv").is_file():
        raise SystemExit(f"corpus not found at {args.corpus} (give --corpus)")
    if args.overhead:
        overhead(args.corpus)
        return
    variants = ["lines", "words"] + (["ungrouped"] if args.ungrouped else [])
    results: dict[tuple[int, str], dict[str, object]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for variant in variants:
            root = Path(tmp) / variant
            files: dict[str, str | bytes] = {}
            for n in args.episodes:
                source = corpus_transcript(args.corpus, n)
                front = f"title: Episode {n}\ndate: 2026-01-01\nnumber: {n}\n" + AUDIO.format(n=n)
                files[f"episodes/{n:03d}-ep.md"] = episode(front)
                if variant == "lines":
                    files[f"episodes/{n:03d}-ep{source.suffix}"] = source.read_bytes()
                else:
                    files[f"episodes/{n:03d}-ep.json"] = word_level(source)
            make_site(root, files)
            env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, NO_MKDOCS_2_WARNING="1", PODSITE_CACHE="off")
            command = [sys.executable, "-c", UNGROUPED] if variant == "ungrouped" else [sys.executable, "-m", "mkdocs"]
            done = subprocess.run([*command, "build", "-q"], cwd=root, env=env, capture_output=True, text=True)
            if done.returncode:
                raise SystemExit(done.stderr)
            for n in args.episodes:
                results[(n, variant)] = measure(root / "site" / "episodes" / f"{n:03d}-ep")
    keys = list(next(iter(results.values())))
    print("episode variant " + " ".join(keys))
    for (n, variant), row in results.items():
        print(f"{n} {variant} " + " ".join(str(row[k]) for k in keys))
    for n in args.episodes:
        base = results[(n, "lines")]
        for variant in variants[1:]:
            row = results[(n, variant)]
            print(
                f"episode {n}: {variant}/lines page {row['page'] / base['page']:.3f}x, "  # type: ignore[operator]
                f"transcript section {row['section'] / base['section']:.3f}x"  # type: ignore[operator]
            )


if __name__ == "__main__":
    main()
