"""The files published beside each episode page, and their documented URLs.

For the page `episodes/<stem>/` the site publishes:

| file | format |
| --- | --- |
| `episodes/<stem>/transcript.vtt` | WebVTT (`text/vtt`) |
| `episodes/<stem>/transcript.srt` | SubRip (`application/x-subrip`) |
| `episodes/<stem>/transcript.json` | Podcasting 2.0 JSON transcript (`application/json`) |
| `episodes/<stem>/transcript.txt` | plain text (`text/plain`) |
| `episodes/<stem>/transcript.html` | Podcasting 2.0 HTML transcript (`text/html`) |
| `episodes/<stem>/words.json` | word timing for the player's follow-along, when the source timed every word (`wordtiming`) |
| `episodes/<stem>/chapters.json` | Podcasting 2.0 JSON chapters (`application/json+chapters`) |
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import exports, htmlexport, wordtiming
from .cache import digest_of, kept_files, remembering
from .i18n import translation
from .kinds import DOWNLOAD_FORMATS, DownloadFormat
from .model import Episode, Transcript
from .transcripts.cached import transcript_key


@dataclass(frozen=True)
class Export:
    name: str  # file name beside the page
    label: str  # what a listener reads
    media_type: str
    render: Callable[[Transcript, float | None], str]  # (transcript, episode duration in seconds)

    @property
    def format(self) -> str:
        """The format's name in `extra.podcast.downloads` (`vtt`, `srt`, `json`, `txt`, `html`)."""
        return self.name.rpartition(".")[2]


HTML_FILE = "transcript.html"


def _html(t: Transcript, duration: float | None = None) -> str:
    """The HTML transcript: lines without end times, so the duration changes nothing
    (`transcript_files` writes it with the show's language and the episode's title)."""
    return htmlexport.to_html(t)


TRANSCRIPT_EXPORTS: tuple[Export, ...] = (
    Export("transcript.vtt", "WebVTT", "text/vtt", exports.to_vtt),
    Export("transcript.srt", "SRT", "application/x-subrip", exports.to_srt),
    Export("transcript.json", "JSON", "application/json", exports.to_json),
    Export("transcript.txt", "Text", "text/plain", exports.to_text),
    Export(HTML_FILE, "HTML", "text/html", _html),
)
CHAPTERS_FILE = "chapters.json"
CHAPTERS_TYPE = "application/json+chapters"


#: Transcript exports by transcript content, most recent last. `mkdocs serve` keeps this
#: module loaded between rebuilds, so a rebuild renders only the transcripts that changed.
_RENDERED: OrderedDict[str, dict[str, str]] = OrderedDict()
_RENDERED_MAX = 2000


def _published(downloads: tuple[DownloadFormat, ...] | None) -> tuple[DownloadFormat, ...]:
    """The formats of `downloads` in the order of `TRANSCRIPT_EXPORTS` (all of them when None)."""
    return DOWNLOAD_FORMATS if downloads is None else tuple(f for f in DOWNLOAD_FORMATS if f in downloads)


def exports_key(
    transcript: Transcript,
    duration: float | None = None,
    language: str = "en",
    title: str = "Transcript",
    downloads: tuple[DownloadFormat, ...] | None = None,
) -> str:
    """What the transcript exports depend on: the transcript, the episode's duration (cues end
    by it), the language and title the HTML transcript names, and the formats published."""
    key = transcript_key(transcript)
    if duration is not None:
        key = f"{key}-{duration!r}"
    if (language, title) != ("en", "Transcript"):
        key = f"{key}-{digest_of(language, title)}"
    formats = _published(downloads)
    if formats != DOWNLOAD_FORMATS:
        key = f"{key}-{'.'.join(formats) or 'none'}"
    return key


def transcript_files(
    transcript: Transcript,
    duration: float | None = None,
    language: str = "en",
    title: str = "Transcript",
    downloads: tuple[DownloadFormat, ...] | None = None,
) -> dict[str, str]:
    """File name -> content of the transcript exports in the `downloads` formats (all when
    None), remembered by content for rebuilds; a format not published is not rendered.

    `duration` is the episode's length in seconds: no cue ends after it. The HTML
    transcript is a document of its own: it names the show's `language` and a `title`."""
    key = exports_key(transcript, duration, language, title, downloads)
    files = _RENDERED.get(key)
    if files is None:
        formats = _published(downloads)
        files = {}
        if "vtt" in formats and "srt" in formats:  # the lines are cut into caption cues once for both
            files["transcript.vtt"], files["transcript.srt"] = exports.to_vtt_and_srt(transcript, duration)
        for e in TRANSCRIPT_EXPORTS:
            if e.format in formats and e.name not in files:
                files[e.name] = (
                    htmlexport.to_html(transcript, language, title)
                    if e.render is _html
                    else e.render(transcript, duration)
                )
        files = {e.name: files[e.name] for e in TRANSCRIPT_EXPORTS if e.name in files}
        words = wordtiming.words_json(transcript)
        if words is not None:  # the player's follow-along data, not a listed download
            files[wordtiming.WORDS_FILE] = words
        if remembering():  # only a next build in this process reads it (`mkdocs serve`)
            _RENDERED[key] = files
            while len(_RENDERED) > _RENDERED_MAX:
                _RENDERED.popitem(last=False)
    else:
        _RENDERED.move_to_end(key)
    return dict(files)


def episode_files(
    episode: Episode,
    cache_dir: Path | None = None,
    language: str = "en",
    downloads: tuple[DownloadFormat, ...] | None = None,
) -> dict[str, str | Path]:
    """File name -> every file published beside the episode page (`language`: the show's;
    `downloads`: the transcript formats the show publishes, all when None): its text, or for the
    transcript exports with `cache_dir` (see `cache.cache_dir_for`) the path of the file
    kept there (`cache.kept_files`), so a fresh `mkdocs build` renders only transcripts
    it has not seen before and can link the kept file into the site."""
    files: dict[str, str | Path] = {}
    transcript = episode.transcript
    if transcript is not None and transcript.segments:
        title = translation(language).plain("transcript.document_title", episode=episode.title)
        kept = None
        if cache_dir is not None:
            kept = kept_files(
                cache_dir,
                exports_key(transcript, episode.duration, language, title, downloads),
                lambda: transcript_files(transcript, episode.duration, language, title, downloads),
            )
        rendered = (
            kept if kept is not None else transcript_files(transcript, episode.duration, language, title, downloads)
        )
        files.update(rendered)
    if episode.chapters:
        chapters = exports.chapters_json(episode.chapters, episode.title)
        kept = None
        if cache_dir is not None:
            key = f"chapters-{digest_of(chapters)}"
            kept = kept_files(cache_dir, key, lambda: {CHAPTERS_FILE: chapters})
        files[CHAPTERS_FILE] = kept[CHAPTERS_FILE] if kept is not None else chapters
    return files


def links_for(episode: Episode, downloads: tuple[DownloadFormat, ...] | None = None) -> list[Export]:
    """The exports this episode has (of the `downloads` formats, all when None), for the
    page's download links and the feed."""
    if episode.transcript is None or not episode.transcript.segments:
        return []
    return [e for e in TRANSCRIPT_EXPORTS if downloads is None or e.format in downloads]
