"""Event dates: `on Friday`, `last week`, `in early September`, `in 2014`, resolved against the
document's date and kept at the precision the text gives (day, month or year)."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from kg.core.records import Event

WEEKDAYS = [day.lower() for day in calendar.day_name]  # monday first, as date.weekday() counts
MONTHS = [month.lower() for month in calendar.month_name[1:]]
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


def resolve_date(text: str, doc_date: str | None) -> str | None:
    """ISO date, year-month or year for a date phrase; None when it cannot be placed in time."""
    low = text.lower().strip()
    anchor = date.fromisoformat(doc_date) if doc_date else None
    year_match = _YEAR.search(low)
    month = next((i + 1 for i, m in enumerate(MONTHS) if re.search(rf"\b{m}\b", low)), None)
    if month and year_match:
        day = re.search(rf"\b{MONTHS[month - 1]}\s+(\d{{1,2}})\b", low)
        if day:
            return date(int(year_match.group(1)), month, int(day.group(1))).isoformat()
        return f"{year_match.group(1)}-{month:02d}"
    if year_match and not month:
        return year_match.group(1)
    if anchor is None:
        return None
    if month:
        year = anchor.year if month <= anchor.month else anchor.year - 1
        day = re.search(rf"\b{MONTHS[month - 1]}\s+(\d{{1,2}})\b", low)
        return date(year, month, int(day.group(1))).isoformat() if day else f"{year}-{month:02d}"
    weekday = next((i for i, d in enumerate(WEEKDAYS) if d in low), None)
    if weekday is not None:
        delta = (anchor.weekday() - weekday) % 7
        return (anchor - timedelta(days=delta)).isoformat()
    if low in {"today", "on today"} or "earlier in the day" in low or "overnight" in low:
        return anchor.isoformat()
    if "yesterday" in low:
        return (anchor - timedelta(days=1)).isoformat()
    if "last week" in low or "this week" in low:
        return (anchor - timedelta(days=7 if "last" in low else 0)).isoformat()[:7]
    if "last month" in low:
        first = anchor.replace(day=1) - timedelta(days=1)
        return f"{first.year}-{first.month:02d}"
    if "this year" in low:
        return str(anchor.year)
    if "last year" in low:
        return str(anchor.year - 1)
    return None


def resolve_dates(events: list[Event], doc_date: str | None) -> None:
    """Fill Event.date from Event.date_text, or the document date for `on Friday`-less events? No:
    an event without a date phrase keeps no date, since its day is not stated."""
    for event in events:
        if event.date_text and not event.date:
            event.date = resolve_date(event.date_text, doc_date)
