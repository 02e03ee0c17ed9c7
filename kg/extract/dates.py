"""Event dates at the precision the text gives: `on 3 May 2020`, `May 3, 2020`, `03/05/2020`,
`on Sunday`, `1-3 May`, `two days ago`, `in early September`, `in 2014`.

Parsing is dateparser's (numeric dates day first, as most of the world's press writes them, unless
the outlet's locale writes the month first; relative dates against the report's date);
what is ours is deciding which date is the event's and how precise it is:

1. the date phrase of the event's own clause (kg.extract.parse.DocView.date_of, which leaves out
   a date that belongs to a noun, `the 2 May 2014 fire`, or bounds a span, `since 2014`);
2. else the nearest earlier date of its paragraph that dates a clause (`On 3 May gunmen
   attacked X. They killed two farmers.`);
3. else the report's own date, at week precision (it happened by then, most often that week).

A report without a date leaves relative phrases unresolved (kept as kg:dateText), never guessed
from today's clock.
"""

from __future__ import annotations

import calendar
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from kg.core.records import Event
from kg.resources.lexicon import Lexicon

log = logging.getLogger(__name__)

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass(frozen=True)
class When:
    """A date as ISO text cut to its precision (2020-05-03, 2020-05, 2020) and that precision."""

    iso: str
    precision: str


class DateReader:
    """Resolves date phrases with the lexicon's date words (ontology/lexicon/cues.yaml `dates`)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.part_of_month = lexicon.words("dates", "part_of_month")
        counts = _alternatives({*lexicon.node("numbers"), *lexicon.words("dates", "vague_counts")})
        units = _alternatives(lexicon.words("dates", "units"))
        self.duration = re.compile(rf"^(?:\w+\s+){{0,2}}?(?:\d+|{counts})(?:\s+\w+)?\s+(?:{units})s?$", re.I)
        self.past = re.compile(rf"\b(?:{_alternatives(lexicon.words('dates', 'past_markers'))})\b", re.I)
        self.leading = re.compile(rf"^(?:{_alternatives(lexicon.words('dates', 'leading_preps'))})\s+", re.I)
        self.same_day = lexicon.words("dates", "same_day")
        self.this_month = lexicon.words("dates", "this_month")
        words = _alternatives(lexicon.words("dates", "range_words"))
        day = r"(\d{1,2})(?:st|nd|rd|th)?"
        self.range_days = re.compile(rf"(?<![\d/-])\b{day}\s*(?:{words})\s*{day}\b(?![/-]\d)", re.I)

    def read(self, text: str, report_date: str | None, month_first: bool = False) -> When | None:
        """The date a phrase names, resolved against the report's date; None when it names none
        (a duration, `recent weeks`) or needs a report date the document lacks."""
        phrase = self.leading.sub("", text.strip()).strip(" ,.")
        low = phrase.lower()
        if not low or (self.duration.match(low) and not self.past.search(low)):
            return None  # `six years`, `for three weeks`: a span, not a date (`two days ago` is one)
        anchor = date.fromisoformat(report_date) if report_date else None
        if anchor is not None and low in self.same_day:
            return When(anchor.isoformat(), "day")
        if anchor is not None and low in self.this_month:
            return When(anchor.isoformat()[:7], "month")
        if not _YEAR.search(low) and anchor is None:
            return None  # `on Sunday`, `3 May`: the year and the week come from the report, absent here
        last = low.startswith("last ")
        weekday = _weekday(low.removeprefix("last "))
        if weekday is not None and anchor is not None and not re.search(r"\d", low):
            # `on Wednesday` in a report of a Wednesday is that day (dateparser would go a week back);
            # `last Thursday` is the previous week's when this week's has passed (said on a Friday: 8 days back)
            back = (anchor.weekday() - weekday) % 7
            if last and (back == 0 or back <= anchor.weekday()):
                back += 7
            return When((anchor - timedelta(days=back)).isoformat(), "day")
        ranged = self.range_days.search(phrase)
        if ranged:
            return self._range(phrase, ranged, anchor, month_first)
        words = phrase.split()
        if len(words) > 1 and words[0].lower() in self.part_of_month:  # `early May`, `late Monday`
            return self.read(" ".join(words[1:]).removeprefix("of "), report_date, month_first)
        return _parse(phrase, report_date, month_first)

    def _range(self, phrase: str, match: re.Match, anchor: date | None, month_first: bool) -> When | None:
        """`1-3 May 2020`, `between 1 and 3 May`: the first day, at week precision when the
        span is a week or less (ACLED's time precision 2), else month precision."""
        first, last = int(match.group(1)), int(match.group(2))
        first_day = phrase[: match.start()] + match.group(1) + phrase[match.end() :]
        found = _parse(first_day, anchor.isoformat() if anchor else None, month_first)
        if found is None or found.precision != "day" or last <= first:
            return found
        return When(found.iso, "week") if last - first <= 6 else When(found.iso[:7], "month")


def _alternatives(words) -> str:
    """A regex alternation of words, longest first (so `through` is tried before `to`)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _weekday(low: str) -> int | None:
    """Monday 0 .. Sunday 6 when the phrase opens with a day's name (`wednesday evening`)."""
    first = low.split()[0].strip(",") if low.split() else ""
    names = [day.lower() for day in calendar.day_name]
    return names.index(first) if first in names else None


@lru_cache(maxsize=4096)
def _parse(phrase: str, report_date: str | None, month_first: bool = False) -> When | None:
    """dateparser's reading of a phrase, relative ones against the report's date."""
    phrase = phrase.strip()
    found = _parser(report_date, "MDY" if month_first else "DMY").get_date_data(phrase) if phrase else None
    if found is None or found.date_obj is None:
        return None
    when = found.date_obj.date()
    if found.period == "month":
        return When(when.isoformat()[:7], "month")
    if found.period == "year":
        return When(str(when.year), "year")
    return When(when.isoformat(), "week" if found.period == "week" else "day")


@lru_cache(maxsize=64)
def _parser(report_date: str | None, order: str):
    from dateparser.date import DateDataParser  # a second to import: only builds that meet a date pay it

    settings: dict[str, object] = {"DATE_ORDER": order, "PREFER_DATES_FROM": "past"}
    if report_date:
        settings["RELATIVE_BASE"] = datetime.fromisoformat(report_date)
    return DateDataParser(languages=["en"], settings=settings)


def resolve_dates(events: list[Event], report_date: str | None, reader: DateReader, month_first: bool = False) -> None:
    """Give each event the date its phrase names (kg.extract.parse.DocView.date_of chose the
    phrase: its clause's, else an earlier one of its paragraph), at that phrase's precision;
    an event with no phrase, or one that names no date (`for six years`, `recent weeks`), has
    the report's date at week precision (it had happened by then)."""
    for event in events:
        when = reader.read(event.date_text, report_date, month_first) if event.date_text else None
        if event.date_inherited and (when is None or when.precision not in {"day", "week"}):
            # `in 2014` sentences back sets the scene; it does not date this event
            event.date_text, event.date_inherited, when = None, False, None
        if when is None and event.date_text:
            log.info(
                "%r: no date for %r%s",
                event.evidence.sentence[:60],
                event.date_text,
                "" if report_date else " (the document has no date to count from)",
            )
        if when is None and report_date:
            when = When(report_date, "week")
        if when is not None:
            event.date, event.date_precision = when.iso, when.precision
