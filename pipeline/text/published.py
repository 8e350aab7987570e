"""Publication dates read from the page itself, for articles whose manifest gives none.

Only what the page states outright: a dateline with a year, a header date whose
day/month order is unambiguous, or a yearless dateline whose weekday pins the year.
"""
from __future__ import annotations

import datetime as dt
import re

from pipeline.text.calendar import MONTH_NUMBERS, WEEKDAY_ALTERNATION, WEEKDAYS
from pipeline.text.dates import find_dates, infer_year_from_weekday
from pipeline.text.sentences import split_paragraphs

DATELINE_RE = re.compile(r"^\s*[A-Z][A-Za-z .'’-]{1,40},\s+(?P<date>[^-–—:.]{5,40}?)\s*(?:\([^)]{2,30}\)\s*)?[-–—:]\s")


def dateline_date(text: str, paragraphs: int = 4) -> dt.date | None:
    """The date of a dateline opening one of the first paragraphs ("Lima, 26 June 2023 - …"), if it has a year."""
    for paragraph in split_paragraphs(text)[:paragraphs]:
        m = DATELINE_RE.match(paragraph.text)
        if not m:
            continue
        for mention in find_dates(m.group("date")):
            if mention.precision == "day" and not mention.inferred and mention.date_start:
                return mention.date_start
    return None


DATELINE_MONTH_DAY_RE = re.compile(r"^\s*[A-Z][A-Za-z .'’-]{1,40},\s+([A-Z][a-z]{2,8})\.?\s+(\d{1,2})\b(?!,?\s*\d{4})")
THIS_WEEKDAY_RE = re.compile(rf"\bthis\s+({WEEKDAY_ALTERNATION})\b")


def dateline_with_weekday(text: str, floor: int, today: dt.date) -> dt.date | None:
    """ "Lima, Jan. 12 (ANDINA)." and "reported this Friday": the dateline's day is a Friday, which pins its year."""
    weekday = THIS_WEEKDAY_RE.search(text)
    if not weekday:
        return None
    for paragraph in split_paragraphs(text)[:4]:
        m = DATELINE_MONTH_DAY_RE.match(paragraph.text)
        month = MONTH_NUMBERS.get(m.group(1)[:3].lower()) if m else None
        if month:
            year = infer_year_from_weekday(month, int(m.group(2)), WEEKDAYS.index(weekday.group(1).lower()),
                                           floor=floor, ceiling=today.year)
            return dt.date(year, month, int(m.group(2))) if year else None
    return None


NUMERIC_DATE_RE = re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b")
MONTH_DAY_RE = re.compile(r"\b([A-Z][a-z]{2,8})\.?\s+(\d{1,2})\b")


def header_date(lines: list[str] | tuple[str, ...]) -> dt.date | None:
    """A publication date from page furniture ("Published: 1/12/2024"), read only when unambiguous:
    a day above 12, or a dateline elsewhere on the page ("Lima, Jan. 12") that says which is the month.
    """
    month_days = {(MONTH_NUMBERS.get(m.group(1)[:3].lower()), int(m.group(2)))
                  for line in lines for m in MONTH_DAY_RE.finditer(line)}
    for line in lines:
        for m in NUMERIC_DATE_RE.finditer(line):
            a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
            readings = {(a, b), (b, a)} if a != b else {(a, b)}
            readings = {(mo, d) for mo, d in readings if 1 <= mo <= 12 and 1 <= d <= 31}
            if len(readings) > 1:
                readings &= month_days
            if len(readings) == 1:
                month, day = readings.pop()
                try:
                    return dt.date(year, month, day)
                except ValueError:
                    continue
    return None
