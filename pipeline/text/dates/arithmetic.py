"""Calendar arithmetic: shifting and bounding periods, and placing a yearless date in a
year (most recent before the anchor, or pinned by its weekday).
"""
from __future__ import annotations

import calendar
import datetime
from dataclasses import replace

from dateutil.relativedelta import relativedelta

from pipeline.text.dates.model import _UNKNOWN, DAY, MONTH, RANGE, YEAR, Anchor, _Atom, _Cal, _Ctx, _Span


def _month_end(year: int, month: int) -> datetime.date:
    """Last day of a month."""
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _anchor_rank(anchor: Anchor | None) -> int:
    """How much of the anchor is known: 0 none, 1 year, 2 month, 3 day."""
    if anchor is None:
        return 0
    return {YEAR: 1, MONTH: 2, DAY: 3}.get(anchor.precision, 0)


_UNIT_NEEDS = {"day": 3, "week": 3, "month": 2, "year": 1}


def _unit_of(word: str) -> str:
    """Canonical unit for 'days', 'Weeks', 'night'..."""
    word = word.lower().rstrip("s")
    return "day" if word == "night" else word


def _shift(date: datetime.date, unit: str, n: int) -> datetime.date:
    """Date moved by n calendar units."""
    if unit == "week":
        return date + datetime.timedelta(weeks=n)
    return date + relativedelta(**{unit + "s": n})


def _unit_period(date: datetime.date, unit: str) -> tuple[datetime.date, datetime.date]:
    """The calendar day / week (Mon-Sun) / month / year containing date."""
    if unit == "day":
        return date, date
    if unit == "week":
        monday = date - datetime.timedelta(days=date.weekday())
        return monday, monday + datetime.timedelta(days=6)
    if unit == "month":
        return date.replace(day=1), _month_end(date.year, date.month)
    return datetime.date(date.year, 1, 1), datetime.date(date.year, 12, 31)


def _anchor_period(anchor: Anchor) -> tuple[datetime.date, datetime.date]:
    """The period the anchor itself stands for, at its precision."""
    unit = {DAY: "day", MONTH: "month"}.get(anchor.precision, "year")
    return _unit_period(anchor.date, unit)


def _relative(start: datetime.date, end: datetime.date) -> _Span:
    """A period computed from the anchor."""
    return _Span(start, end, inferred=True, relative=True)


def _precision_of(start: datetime.date, end: datetime.date) -> str:
    """Day / month / year when the span is exactly one of those, else range."""
    if start == end:
        return DAY
    if start.day == 1 and end == _month_end(start.year, start.month):
        return MONTH
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return YEAR
    return RANGE


# --------------------------------------------------------------------------- resolution of calendar expressions

def _calendar_bounds(cal: _Cal, year: int) -> tuple[datetime.date, datetime.date] | None:
    """The day, month or year a calendar expression names in a given year (None if no such day)."""
    try:
        if cal.month is None:
            return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        if cal.day is None:
            return datetime.date(year, cal.month, 1), _month_end(year, cal.month)
        day = datetime.date(year, cal.month, cal.day)
        return day, day
    except ValueError:
        return None


def _year_not_after_anchor(cal: _Cal, anchor: Anchor) -> int:
    """The year that makes a yearless date the most recent one not after the anchor
    (strictly before it for "last October", strictly after it for "next October").
    """
    year = anchor.date.year
    if anchor.precision not in (DAY, MONTH):
        return year + cal.direction
    written = (cal.month, cal.day or 1)
    anchor_first = (anchor.date.month, anchor.date.day if anchor.precision == DAY else 1)
    anchor_last = (anchor.date.month, anchor.date.day if anchor.precision == DAY else 31)
    if cal.direction < 0:  # a bare month counts as its last day: "last October" in October is a year back
        return year if (cal.month, cal.day or 32) < anchor_first else year - 1
    if cal.direction > 0:
        return year if (cal.month, cal.day or 0) > anchor_last else year + 1
    if cal.ahead:
        return year if (cal.month, cal.day or 31) >= anchor_first else year + 1
    return year if written <= anchor_last else year - 1


def _weekday_consistent_year(cal: _Cal, year: int, anchor_year: int) -> int:
    """Prefer, within a year of the anchor's, a year where the named weekday fits the date."""
    if cal.weekday is None or cal.day is None:
        return year
    for candidate in dict.fromkeys((year, anchor_year - 1, anchor_year, anchor_year + 1)):
        bounds = _calendar_bounds(cal, candidate)
        if bounds and bounds[0].weekday() == cal.weekday:
            return candidate
    return year


def _resolve_calendar(cal: _Cal, ctx: _Ctx) -> _Span | None:
    """A single calendar expression: written year, anchor-relative year, or weekday-pinned year."""
    if cal.year is not None:
        bounds = _calendar_bounds(cal, cal.year)
        return _Span(*bounds, inferred=False, relative=False) if bounds else None
    anchor = ctx.anchor if _anchor_rank(ctx.anchor) else None
    if cal.year_offset is not None:
        if anchor is None:
            return _UNKNOWN
        bounds = _calendar_bounds(cal, anchor.date.year + cal.year_offset)
        return _relative(*bounds) if bounds else None
    if cal.month is None:
        return None
    if anchor is not None:
        year = _year_not_after_anchor(cal, anchor)
        year = _weekday_consistent_year(cal, year, anchor.date.year)
        bounds = _calendar_bounds(cal, year)
        return _relative(*bounds) if bounds else None
    if cal.weekday is not None and cal.day is not None and ctx.year_floor is not None:
        year = infer_year_from_weekday(cal.month, cal.day, cal.weekday,
                                       floor=ctx.year_floor, ceiling=ctx.today.year)
        if year is not None:
            bounds = _calendar_bounds(cal, year)
            return _Span(*bounds, inferred=True, relative=False) if bounds else None
    return _UNKNOWN


def _month_day_key(cal: _Cal) -> tuple[int, int]:
    """Position inside a year, to tell whether a range crosses New Year."""
    return cal.month or 0, cal.day or 0


def _share_years(first: _Cal, last: _Cal) -> tuple[_Cal, _Cal]:
    """Give the yearless end of a range the other end's year ("September 3 and September 7, 2016")."""
    if first.month is None or last.month is None:
        return first, last
    if first.year is None and last.year is not None:
        crosses = _month_day_key(first) > _month_day_key(last)
        first = replace(first, year=last.year - crosses)
    elif last.year is None and first.year is not None:
        crosses = _month_day_key(last) < _month_day_key(first)
        last = replace(last, year=first.year + crosses)
    return first, last


def _resolve_range(first: _Cal, last: _Cal, ctx: _Ctx) -> _Span | None:
    """A range: from the start of its first part to the end of its last part."""
    first, last = _share_years(first, last)
    if first.year is None and last.year is None:  # place a yearless range by its end
        end = _resolve_calendar(last, ctx)
        if end is None or end.start is None:
            return end
        crosses = _month_day_key(first) > _month_day_key(last)
        start = _calendar_bounds(first, end.start.year - crosses)
        if start is None or start[0] > end.end:
            return None
        return _Span(start[0], end.end, inferred=end.inferred, relative=end.relative)
    start, end = _resolve_calendar(first, ctx), _resolve_calendar(last, ctx)
    if start is None or end is None:
        return None
    if start.start is None or end.start is None:
        return _UNKNOWN
    if start.start > end.end:
        return None
    return _Span(start.start, end.end, inferred=start.inferred or end.inferred,
                 relative=start.relative or end.relative)


def _resolve_atom(atom: _Atom, ctx: _Ctx) -> _Span | None:
    """What an atom denotes in this context (None: not a date after all)."""
    try:
        if atom.resolver is not None:
            return atom.resolver(ctx)
        if atom.cal_end is not None:
            return _resolve_range(atom.cal, atom.cal_end, ctx)
        return _resolve_calendar(atom.cal, ctx)
    except (ValueError, OverflowError):  # arithmetic off the ends of the calendar
        return _UNKNOWN


def infer_year_from_weekday(month: int, day: int, weekday: int, *, floor: int, ceiling: int) -> int | None:
    """The earliest year in [floor, ceiling] whose month/day falls on weekday (Monday = 0), else None."""
    try:
        datetime.date(2000, month, day)  # a leap year: every month/day that ever exists
    except (ValueError, TypeError, OverflowError):
        return None
    first = max(floor, datetime.MINYEAR)
    last = min(ceiling, datetime.MAXYEAR, first + 400)  # weekdays repeat every 400 years
    for year in range(first, last + 1):
        if (month, day) == (2, 29) and not calendar.isleap(year):
            continue
        if datetime.date(year, month, day).weekday() == weekday:
            return year
    return None
