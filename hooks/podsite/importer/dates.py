"""Episode dates when there is no feed: said at the start of the recording, or estimated.

Many shows open with the date ("recorded Monday, November 7th, 2016"). The
first minute and a half of the transcript is searched for a month name and a
day; a missing year is chosen from the neighbouring episodes (and the weekday,
when one was said). Episodes that say no date get one estimated between their
neighbours, and the front matter says so in a comment for the producer to fix.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from ..model import Transcript

MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_WEEKDAY = r"(?:(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+(?:the\s+)?)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d{2})(?![0-9]))?"
_SPOKEN = [
    re.compile(rf"\b{_WEEKDAY}{_MONTH}\.?\s+{_DAY}(?![0-9]){_YEAR}", re.I),
    re.compile(rf"\b{_WEEKDAY}{_DAY}\s+of\s+{_MONTH}{_YEAR}", re.I),
]
#: How far into the recording a spoken date is looked for (seconds).
SEARCH_SECONDS = 90.0


@dataclass
class SpokenDate:
    """A date as said in a recording; `year` and `weekday` are None when not said."""

    month: int
    day: int
    year: int | None = None
    weekday: int | None = None  # 0 = Monday
    text: str = ""  # the words, for the report


def find_spoken_date(text: str) -> SpokenDate | None:
    """The first `Month Dth[, YYYY]` / `Dth of Month [YYYY]` in `text` that is a real date.

    Month names must start with a capital letter (transcripts write them so), which
    keeps the verb in "you may 5 times" from reading as a date.
    """
    hits = []
    for pattern in _SPOKEN:
        for match in pattern.finditer(text):
            hits.append(match)
    for match in sorted(hits, key=lambda m: m.start()):
        if not match["month"][0].isupper():
            continue  # "we may 5 times": months are written with a capital
        month = next(i for i, name in enumerate(MONTHS, 1) if name.startswith(match["month"].lower()[:3]))
        day = int(match["day"])
        year = int(match["year"]) if match["year"] else None
        try:
            dt.date(year or 2000, month, day)  # 2000 is a leap year: Feb 29 stays possible
        except ValueError:
            continue
        weekday = WEEKDAYS.index(match["weekday"].lower()) if match["weekday"] else None
        return SpokenDate(month, day, year, weekday, " ".join(match.group(0).split()))
    return None


def opening_text(transcript: Transcript, seconds: float = SEARCH_SECONDS) -> str:
    """The words of the first `seconds` of a transcript, markup removed, as one line."""
    words = [seg.text for seg in transcript.segments if seg.start <= seconds]
    text = " ".join(words)
    text = re.sub(r"<[^>]*>", " ", text)
    return " ".join(text.split())


#: Where an imported episode's date came from: the feed's pubDate, the notes' `date:`, the
#: recording (`said`, or its year corrected or inferred from the episodes around it), or
#: an estimate; "" while not known yet. The last three are listed for the producer to check.
DateHow = Literal["", "feed", "notes", "said", "year corrected", "year inferred", "estimated"]
#: The dates the import report lists as needing a check.
DATES_TO_CHECK: tuple[DateHow, ...] = ("year corrected", "year inferred", "estimated")


@dataclass
class DatedEpisode:
    """Input and result of `resolve_dates`: one episode's number and what it said."""

    number: int
    spoken: SpokenDate | None
    date: dt.date | None = None
    how: DateHow = ""
    fixed: bool = False  # a date from the feed or notes: kept as it is
    note: str = ""  # for the producer: why the date needs checking


def _in_order(dates: list[dt.date], fixed: list[bool], window: int = 10) -> set[int]:
    """Indexes of the dates to keep: the rest go back in time against their neighbours.

    The date out of order with the most of its `window` neighbours on each side is
    set aside, again and again, until the rest never goes back in time. On a tie
    the earlier date is set aside: a year said wrong is nearly always too early
    (last year's number said in January). Dates from the feed or the notes
    (`fixed`) are never set aside.
    """
    active = list(range(len(dates)))
    while True:
        worst: tuple[int, dt.date, int] | None = None
        for pos, i in enumerate(active):
            if fixed[i]:
                continue
            before = active[max(0, pos - window) : pos]
            after = active[pos + 1 : pos + 1 + window]
            count = sum(dates[j] > dates[i] for j in before) + sum(dates[j] < dates[i] for j in after)
            if count and (worst is None or count > worst[0] or (count == worst[0] and dates[i] < worst[1])):
                worst = (count, dates[i], i)
        if worst is None:
            return set(active)
        active.remove(worst[2])


def _between(spoken: SpokenDate, before: dt.date | None, after: dt.date | None, near: int) -> dt.date | None:
    """The date with the said month and day between two dates, in the year nearest `near`."""
    low = before.year if before else near - 3
    high = after.year if after else near + 3
    fits = []
    for year in range(low, high + 1):
        try:
            day = dt.date(year, spoken.month, spoken.day)
        except ValueError:
            continue
        if (before is None or day >= before) and (after is None or day <= after):
            weekday_wrong = spoken.weekday is not None and day.weekday() != spoken.weekday
            fits.append((weekday_wrong, abs(year - near), day))
    return min(fits)[2] if fits else None


def resolve_dates(episodes: list[DatedEpisode]) -> None:
    """Fill `date`, `how` and `note` of each episode, in place.

    Dates said with a year are kept when they are in episode order. A said date
    that goes back in time against the episodes around it (the old year said out
    of habit in January, a misheard year) gets the year that puts it between
    them; if no year does, it is estimated instead. A date said without a year
    gets the year that keeps episodes in date order. An episode with no usable
    date gets one interpolated by number between the nearest dated neighbours
    (or one day past the nearest one); with no date anywhere, day N of 2000
    (clearly a placeholder).
    """
    ordered = sorted(episodes, key=lambda e: e.number)
    said = [ep for ep in ordered if ep.spoken and ep.spoken.year]
    for ep in said:
        assert ep.spoken and ep.spoken.year
        ep.date, ep.how = dt.date(ep.spoken.year, ep.spoken.month, ep.spoken.day), "said"
    keep = _in_order([ep.date for ep in said if ep.date], [ep.fixed for ep in said])
    for i, ep in enumerate(said):
        if i in keep or ep.fixed:
            continue
        assert ep.spoken and ep.spoken.year
        before = next((said[j] for j in range(i - 1, -1, -1) if j in keep), None)
        after = next((said[j] for j in range(i + 1, len(said)) if j in keep), None)
        fixed = _between(ep.spoken, before.date if before else None, after.date if after else None, ep.spoken.year)
        around = " and ".join(str(e.number) for e in (before, after) if e)
        if fixed is not None:
            ep.date, ep.how = fixed, "year corrected"
            ep.note = f"the recording says {ep.spoken.text!r}; the year is corrected to fit between episodes {around}"
        else:
            ep.date, ep.how = None, ""
            ep.note = f"estimated: the recording says {ep.spoken.text!r}, out of order with episodes {around}"

    def neighbours(index: int) -> tuple[DatedEpisode | None, DatedEpisode | None]:
        before = next((e for e in reversed(ordered[:index]) if e.date), None)
        after = next((e for e in ordered[index + 1 :] if e.date), None)
        return before, after

    for index, ep in enumerate(ordered):
        if ep.date is None and ep.spoken is not None and not ep.spoken.year:
            before, after = neighbours(index)
            if before or after:
                near = (before or after).date.year  # type: ignore[union-attr]
                day = _between(ep.spoken, before.date if before else None, after.date if after else None, near)
                if day is not None:
                    ep.date, ep.how = day, "year inferred"
                    ep.note = (
                        f"the recording says {ep.spoken.text!r}; the year is inferred from the neighbouring episodes"
                    )
    for index, ep in enumerate(ordered):
        if ep.date is not None:
            continue
        before, after = neighbours(index)
        if before and after and before.date and after.date:
            span = (after.date - before.date).days
            share = (ep.number - before.number) / max(after.number - before.number, 1)
            ep.date = before.date + dt.timedelta(days=round(span * share))
        elif before and before.date:
            ep.date = before.date + dt.timedelta(days=ep.number - before.number)
        elif after and after.date:
            ep.date = after.date - dt.timedelta(days=after.number - ep.number)
        else:
            ep.date = dt.date(2000, 1, 1) + dt.timedelta(days=ep.number)
        ep.how = "estimated"
        if not ep.note:
            ep.note = "estimated: the source gives no date; replace it with the publication date"
