"""Regenerate the bundled sample show: episode audio, transcript times and the cover.

The sample show "Byte-Sized Garden" lives in `docs/`. Its transcripts are the
source of truth for what is said: this script reads every transcript in
`docs/episodes/` (`.txt`, `.vtt` or `.srt`), speaks each line with espeak-ng (one
voice per speaker, see `VOICES`) and lays the lines out on a timeline. A line
starts at its transcript time, or later when the previous line is still being
spoken. The script then writes back what it measured, so transcript, chapters
and audio always agree:

- the transcript's start (and, for WebVTT/SRT, end) times;
- the episode page's chapter times (a chapter must start where a transcript line
  starts; it moves with that line);
- the episode page's `duration:`, as read back from the encoded MP3.

Audio is encoded as mono MP3 at 16 kbit/s and 16 kHz so the three episodes stay
well under 1 MB together. The output is deterministic: the same transcripts give
byte-identical MP3 files.

To change the sample show, edit a transcript (keep the speaker names of
`VOICES`), edit the chapter list if a topic moved, and run from the repository
root:

    .venv/bin/python scripts/make_sample_audio.py            # audio, times, cover
    .venv/bin/python scripts/make_sample_audio.py --only cover

Requires the Debian packages espeak-ng, sox and libsox-fmt-mp3, and the project's
virtualenv (mutagen, Pillow). Then commit the changed `docs/` files.
"""

from __future__ import annotations

import argparse
import io
import math
import re
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

# Speaker -> (espeak-ng voice, pitch 0-99). One distinct voice per person.
VOICES: dict[str, tuple[str, int]] = {
    "Ada Brook": ("en-us+f3", 55),
    "Tomas Reyes": ("en-gb", 38),
    "Mira Okafor": ("en-gb-scotland+f4", 62),
}
WORDS_PER_MINUTE = 160
GAP = 0.4  # seconds of silence between two lines, at least
TOPIC_GAP = 1.2  # seconds of silence before a line that opens a chapter
TAIL = 1.5  # seconds of silence after the last line
SPEECH_RATE = 22050  # what espeak-ng produces
MP3_RATE = 16000
MP3_KBPS = 16

# How espeak-ng should say names that it would otherwise spell or garble. Only
# the audio uses these; the transcripts keep the written form.
SAY_AS: dict[str, str] = {
    "Byte-Sized": "byte sized",
    "DuckDB": "duck D B",
    "duck DB": "duck D B",
    "SQLite": "S Q lite",
    "sqlite3": "S Q lite 3",
    "pyproject": "pie project",
    "pytest": "pie test",
    "PyPI": "pie P I",
    "CSV": "C S V",
    "SSH": "S S H",
}

_TXT_LINE = re.compile(
    r"^(?P<start>\d{1,2}:\d{2}:\d{2})\s+(?:<v (?P<vname>[^>]+)>|(?P<name>[^:]{1,40}):\s)(?P<text>.*)$"
)
_CUE_TIMES = re.compile(r"^(?P<start>[\d:.,]+)\s+-->\s+(?P<end>[\d:.,]+)")
_SPEAKER = re.compile(r"^(?P<name>[A-Z][^:<>]{0,39}):\s(?P<text>.*)$")
_VOICE = re.compile(r"^<v (?P<name>[^>]+)>(?P<text>.*)$")
_CLOCK = re.compile(r"\b(\d{2}:\d{2}:\d{2})\b")


@dataclass
class Line:
    """One spoken line of a transcript."""

    start: float
    speaker: str
    text: str
    end: float | None = None
    source_line: int = 0


# --- times -------------------------------------------------------------------


def parse_clock(text: str) -> float:
    """`HH:MM:SS`, `HH:MM:SS.mmm` or `HH:MM:SS,mmm` -> seconds."""
    hours, minutes, seconds = text.replace(",", ".").split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def clock(seconds: float) -> str:
    """Seconds -> `HH:MM:SS` (whole seconds, rounded down)."""
    total = int(seconds)
    return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"


def precise(seconds: float, sep: str) -> str:
    """Seconds -> `HH:MM:SS.mmm` (WebVTT) or `HH:MM:SS,mmm` (SRT)."""
    millis = int(round(seconds * 1000))
    return f"{clock(millis // 1000)}{sep}{millis % 1000:03d}"


# --- transcripts -------------------------------------------------------------


def read_transcript(path: Path) -> list[Line]:
    """Read the sample show's transcript formats (a deliberately small reader).

    `.txt`: `HH:MM:SS Name: text` lines; `.vtt`: cues with `<v Name>` voices;
    `.srt`: numbered cues whose text starts with `Name: `. Every line needs a
    speaker, because the speaker picks the voice.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    out: list[Line] = []
    if path.suffix == ".txt":
        for number, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            match = _TXT_LINE.match(raw)
            if not match:
                sys.exit(f"{path}:{number}: expected 'HH:MM:SS Name: text', got {raw!r}")
            speaker = match["vname"] or match["name"]
            out.append(Line(parse_clock(match["start"]), speaker.strip(), match["text"].strip(), None, number))
        return out
    index = 0
    while index < len(lines):
        match = _CUE_TIMES.match(lines[index])
        if not match:
            index += 1
            continue
        number = index + 1
        text = " ".join(part.strip() for part in _take_block(lines, index + 1))
        who = (_VOICE if path.suffix == ".vtt" else _SPEAKER).match(text)
        if not who:
            sys.exit(f"{path}:{number + 1}: cue has no speaker (write '<v Name>' in .vtt, 'Name: ' in .srt)")
        out.append(
            Line(
                parse_clock(match["start"]), who["name"].strip(), who["text"].strip(), parse_clock(match["end"]), number
            )
        )
        index += 1
    return out


def _take_block(lines: list[str], index: int) -> list[str]:
    """The text lines of a cue: from `index` to the next blank line."""
    block: list[str] = []
    while index < len(lines) and lines[index].strip():
        block.append(lines[index])
        index += 1
    return block


def write_transcript(path: Path, lines: list[Line]) -> None:
    """Write the transcript back in its own format, with the measured times."""
    parts: list[str] = []
    if path.suffix == ".txt":
        parts = [f"{clock(line.start)} {line.speaker}: {line.text}" for line in lines]
    elif path.suffix == ".vtt":
        parts = ["WEBVTT"] + [
            f"{precise(line.start, '.')} --> {precise(line.end or line.start, '.')}\n<v {line.speaker}>{line.text}"
            for line in lines
        ]
    else:
        parts = [
            f"{number}\n{precise(line.start, ',')} --> {precise(line.end or line.start, ',')}\n{line.speaker}: {line.text}"
            for number, line in enumerate(lines, 1)
        ]
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")


# --- episode pages -----------------------------------------------------------


def front_matter_span(text: str, path: Path) -> tuple[int, int]:
    """Line indexes (start, end) of the `---` fences of the page's front matter."""
    lines = text.splitlines()
    if not lines or lines[0] != "---" or "---" not in lines[1:]:
        sys.exit(f"{path}:1: the page needs YAML front matter between '---' lines")
    return 0, lines.index("---", 1)


def chapter_times(page: Path) -> list[tuple[int, str]]:
    """(line index, `HH:MM:SS`) of every time in the front matter's `chapters:` list."""
    text = page.read_text(encoding="utf-8")
    _, end = front_matter_span(text, page)
    found: list[tuple[int, str]] = []
    inside = False
    for index, raw in enumerate(text.splitlines()[:end]):
        if re.match(r"^\S", raw):
            inside = raw.startswith("chapters:")
            continue
        if inside:
            found.extend((index, match) for match in _CLOCK.findall(raw))
    return found


def update_page(page: Path, moved: dict[str, str], duration: float) -> None:
    """Move chapter times with their transcript lines and set `duration:`."""
    text = page.read_text(encoding="utf-8")
    _, end = front_matter_span(text, page)
    lines = text.splitlines()
    chapter_lines = {index for index, _ in chapter_times(page)}
    for index in range(end):
        if index in chapter_lines:
            lines[index] = _CLOCK.sub(lambda m: moved[m.group(1)], lines[index])
        elif lines[index].startswith("duration:"):
            lines[index] = f'duration: "{clock(round(duration))}"'
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- audio -------------------------------------------------------------------


def spoken_form(text: str) -> str:
    """The text as espeak-ng should read it (see `SAY_AS`)."""
    for written, said in SAY_AS.items():
        text = re.sub(rf"(?<![\w-]){re.escape(written)}(?![\w-])", said, text)
    return text


def speak(text: str, speaker: str, workdir: Path) -> bytes:
    """16-bit mono PCM at `SPEECH_RATE` of `speaker` saying `text`."""
    if speaker not in VOICES:
        sys.exit(f"no voice for speaker {speaker!r}: add it to VOICES in {Path(__file__).name}")
    voice, pitch = VOICES[speaker]
    out = workdir / "line.wav"
    subprocess.run(
        ["espeak-ng", "-v", voice, "-p", str(pitch), "-s", str(WORDS_PER_MINUTE), "-w", str(out), spoken_form(text)],
        check=True,
    )
    with wave.open(str(out), "rb") as wav:
        if wav.getframerate() != SPEECH_RATE or wav.getnchannels() != 1 or wav.getsampwidth() != 2:
            sys.exit("espeak-ng produced an unexpected WAV format")
        return wav.readframes(wav.getnframes())


def lay_out(lines: list[Line], speech: list[bytes], topic_starts: set[str]) -> bytes:
    """Place each line at its start time or after the previous line; return the PCM.

    Starts are whole seconds so that `.txt` transcripts and chapter times can state
    them exactly. Updates `line.start`/`line.end` in place.
    """
    pcm = io.BytesIO()
    cursor = 0.0  # end of the previous line, seconds
    for number, (line, samples) in enumerate(zip(lines, speech, strict=True)):
        gap = 0.0 if number == 0 else (TOPIC_GAP if clock(line.start) in topic_starts else GAP)
        start = float(max(int(line.start), math.ceil(cursor + gap))) if number else float(int(line.start))
        length = len(samples) / 2 / SPEECH_RATE
        pcm.write(b"\0\0" * (int(round(start * SPEECH_RATE)) - pcm.tell() // 2))
        pcm.write(samples)
        line.start, line.end = start, round(start + length, 3)
        cursor = line.end
    pcm.write(b"\0\0" * int(TAIL * SPEECH_RATE))
    return pcm.getvalue()


def encode_mp3(pcm: bytes, target: Path, workdir: Path) -> None:
    """Encode PCM as a small mono MP3 with sox (no dither, so output is repeatable)."""
    wav_path = workdir / "episode.wav"
    with wave.open(str(wav_path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(SPEECH_RATE)
        wav.writeframes(pcm)
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["sox", "-D", "-V1", str(wav_path), "-r", str(MP3_RATE), "-C", str(MP3_KBPS), str(target), "norm", "-1"],
        check=True,
    )


def mp3_duration(path: Path) -> float:
    """Duration of an MP3 as podcast apps and the site build read it (mutagen)."""
    from mutagen.mp3 import MP3

    info = MP3(str(path)).info
    assert info is not None, f"{path} is not an MP3 file"
    return float(info.length)


def make_episode(page: Path, workdir: Path) -> tuple[Path, float, int]:
    """Rebuild one episode's audio and rewrite its times; return (mp3, seconds, bytes)."""
    transcripts = [page.with_suffix(ext) for ext in (".txt", ".vtt", ".srt") if page.with_suffix(ext).exists()]
    if len(transcripts) != 1:
        sys.exit(f"{page}: expected exactly one transcript beside the page, found {len(transcripts)}")
    transcript = transcripts[0]
    lines = read_transcript(transcript)
    old_starts = [clock(line.start) for line in lines]
    chapters = chapter_times(page)
    for index, when in chapters:
        if when not in old_starts:
            sys.exit(
                f"{page}:{index + 1}: chapter time {when} is not the start of a line in {transcript.name}; "
                "set it to the start of the line where the topic begins"
            )
    topic_starts = {when for _, when in chapters}
    speech = [speak(line.text, line.speaker, workdir) for line in lines]
    pcm = lay_out(lines, speech, topic_starts)
    moved = {old: clock(line.start) for old, line in reversed(list(zip(old_starts, lines, strict=True)))}
    target = page.parent / "audio" / f"{page.stem}.mp3"
    encode_mp3(pcm, target, workdir)
    duration = mp3_duration(target)
    write_transcript(transcript, lines)
    update_page(page, moved, duration)
    return target, duration, target.stat().st_size


# --- cover -------------------------------------------------------------------


def make_cover(target: Path, title: str = "Byte-Sized Garden", tagline: str = "small open-source Python tools") -> None:
    """Draw the 1400x1400 show cover: the title above a bed of pixel seedlings."""
    from PIL import Image, ImageDraw, ImageFont

    size = 1400
    background, soil, cream, sprout, leaf, bloom = "#1d3a2c", "#4a3223", "#f3eed6", "#7cb66a", "#a8d58b", "#f2c14e"
    image = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(image)

    def font(bold: bool, points: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
        name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
        found = sorted(Path("/usr/share/fonts").rglob(name))
        return ImageFont.truetype(str(found[0]), points) if found else ImageFont.load_default(size=points)

    heading = font(True, 200)
    for row, word in enumerate(title.split(" ", 1) if " " in title else [title]):
        width = draw.textlength(word, font=heading)
        draw.text(((size - width) / 2, 170 + row * 230), word, font=heading, fill=cream)
    small = font(False, 64)
    width = draw.textlength(tagline, font=small)
    draw.text(((size - width) / 2, 690), tagline, font=small, fill=leaf)

    ground = 1180
    draw.rectangle((0, ground, size, size), fill=soil)
    cell = 40
    heights = [3, 5, 2, 6, 4, 7, 3, 5, 2, 4, 6, 3]
    step = size // (len(heights) + 1)
    for index, height in enumerate(heights):
        x = step * (index + 1)
        top = ground - height * cell
        draw.rectangle((x - 6, top, x + 6, ground), fill=sprout)
        draw.rectangle((x - cell - 6, top + cell, x - 6, top + 2 * cell), fill=leaf)
        if height > 2:
            draw.rectangle((x + 6, top + 2 * cell, x + cell + 6, top + 3 * cell), fill=leaf)
        draw.rectangle((x - cell // 2, top - cell, x + cell // 2, top), fill=bloom if index % 3 == 1 else leaf)
    target.parent.mkdir(parents=True, exist_ok=True)
    image.save(target, format="PNG", optimize=True)


# --- command line ------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Regenerate audio (with transcript, chapter and duration times) and the cover."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, default=DOCS, help="the site's docs/ folder (default: %(default)s)")
    parser.add_argument("--only", choices=("audio", "cover"), help="regenerate only this part")
    args = parser.parse_args(argv)
    if args.only != "cover":
        total = 0
        with tempfile.TemporaryDirectory() as tmp:
            for page in sorted((args.docs / "episodes").glob("[0-9]*.md")):
                target, seconds, size = make_episode(page, Path(tmp))
                total += size
                print(
                    f"{target.relative_to(args.docs)}  {clock(round(seconds))}  ({seconds:.2f} s)  {size / 1024:.1f} KiB"
                )
        print(f"total audio: {total / 1024:.1f} KiB")
    if args.only != "audio":
        cover = args.docs / "assets" / "cover.png"
        make_cover(cover)
        print(f"{cover.relative_to(args.docs)}  {cover.stat().st_size / 1024:.1f} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
