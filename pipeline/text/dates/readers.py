"""Readers of calendar expressions, one per pattern: each turns a match into an atom,
or refuses it when the words around show it is not a date.
"""
from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import replace

from pipeline.text.calendar import ALL_MONTH_NUMBERS, ALL_WEEKDAY_NUMBERS, FULL_MONTH_NUMBERS, FULL_WEEKDAY_NUMBERS
from pipeline.text.dates.arithmetic import _anchor_rank, _month_end, _relative, _resolve_calendar, _shift, _unit_of
from pipeline.text.dates.model import _UNKNOWN, DAY, _Atom, _Cal, _Ctx, _Resolver, _Span
from pipeline.text.dates.relative import _neighbour_resolver
from pipeline.text.dates.words import (
    _AFTER_QUANTITY,
    _CLAUSE_END,
    _ORDINALS,
    _PLURAL_NOUN_AFTER,
    _TIME_OF_DAY,
    _count_range,
    _is_quantity,
    _lookup,
)


def _day_range_end(m: re.Match, first: _Cal, *, and_allowed: bool) -> _Cal | None:
    """The end of a written day range ("3-7", "3 to 7", "between 3 and 7"), if it is one."""
    if not m["d2"]:
        return None
    d2 = int(m["d2"])
    joined_by_and = m["conn"].strip().lower() == "and"
    if not (first.day < d2 <= 31) or (joined_by_and and not and_allowed):
        return None
    return replace(first, day=d2, weekday=None)


def _first_day(m: re.Match) -> _Cal | None:
    """The day a month-and-day match names first (its year and weekday if written), or None if impossible."""
    month, d1 = _lookup(ALL_MONTH_NUMBERS, m["mon"]), int(m["d1"])
    if not month or not 1 <= d1 <= 31:
        return None
    year = int(m["y"]) if m["y"] else None
    return _Cal(year=year, month=month, day=d1, weekday=_lookup(ALL_WEEKDAY_NUMBERS, m["wd"]))


def _read_month_day(m: re.Match, text: str) -> _Atom | None:
    """'Jan. 4, 2014', 'Thursday, June 26', 'September 3-7', 'between September 3 and 7, 2016'."""
    first = _first_day(m)
    if first is None:
        return None
    start = m.start("wd") if m["wd"] else m.start("mon")
    last = _day_range_end(m, first, and_allowed=(m["pre"] or "").lower().startswith("between"))
    if last is not None:
        return _Atom(m.start("pre") if m["pre"] else start, m.end(), cal=first, cal_end=last)
    if m["d2"]:  # not a day range: keep the first day only, without the year that followed
        first = replace(first, year=None)
        end = m.end("day1")
    else:
        end = m.end()
    if first.year is None and (_is_quantity(text, m.start("d1"), m.end("day1"))
                               or _PLURAL_NOUN_AFTER.match(text, m.end("day1"))):
        return None  # "in October 15 soldiers": a count after a month
    return _Atom(start, end, cal=first)


def _read_day_month(m: re.Match, text: str) -> _Atom | None:
    """'4 January 2014', '12 SEP 2016', '4 de enero de 2014', '3-7 September', '17th of May'."""
    first = _first_day(m)
    if first is None:
        return None
    last = _day_range_end(m, first, and_allowed=True)
    if m["d2"] and last is None:
        return None
    return _Atom(m.start(), m.end(), cal=first, cal_end=last)


def _read_month_year(m: re.Match, text: str) -> _Atom | None:
    """'May 2016', 'late July 2015', 'October of last year'."""
    month = _lookup(ALL_MONTH_NUMBERS, m["mon"])
    if not month:
        return None
    if m["y"]:
        return _Atom(m.start(), m.end(), cal=_Cal(year=int(m["y"]), month=month))
    offset = {"last": -1, "this": 0, "next": 1, "that": 0}[m["rel"].lower()]
    return _Atom(m.start(), m.end(), cal=_Cal(month=month, year_offset=offset))


def _read_bare_month(m: re.Match, text: str) -> _Atom | None:
    """'October' (needs a cue), 'late July', 'last October', 'this December'."""
    month = _lookup(FULL_MONTH_NUMBERS, m["mon"])
    if not month:
        return None
    rel = (m["rel"] or "").lower()
    if rel == "this":
        cal = _Cal(month=month, year_offset=0)
    else:
        cal = _Cal(month=month, direction={"last": -1, "next": 1}.get(rel, 0))
    return _Atom(m.start(), m.end(), cal=cal, bare=None if (m["rel"] or m["mod"]) else "month")


def _read_iso(m: re.Match, text: str) -> _Atom | None:
    """'2014-01-04', '2014/01/04'."""
    month, day = int(m["m"]), int(m["d"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return _Atom(m.start(), m.end(), cal=_Cal(year=int(m["y"]), month=month, day=day))


def _read_numeric(m: re.Match, text: str) -> _Atom | None:
    """'17/12/2013' or '12/17/2013' — only when the order is unambiguous."""
    a, b = int(m["a"]), int(m["b"])
    if a > 12 >= b:
        day, month = a, b
    elif b > 12 >= a or a == b:
        day, month = b, a
    else:
        return None  # 04/01/2014: January 4 or April 1?
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return _Atom(m.start(), m.end(), cal=_Cal(year=int(m["y"]), month=month, day=day))


def _second_year(first: int, written: str) -> int | None:
    """The end of a year range: '2013' or '13' after 2012; None unless it follows shortly."""
    if len(written) == 2:
        second = first // 100 * 100 + int(written)
        second += 100 if second <= first else 0
        return second if second - first <= 20 else None
    second = int(written)
    return second if first < second <= min(first + 100, 2099) else None


def _read_year(m: re.Match, text: str) -> _Atom | None:
    """'2013' (needs a cue), '2012-2013', '2012–13', '2014/15'."""
    y1, start, end = int(m["y1"]), m.start("y1"), m.end("y1")
    cal, cal_end = _Cal(year=y1), None
    if m["y2"]:
        y2 = _second_year(y1, m["y2"])
        if y2 is not None:
            cal_end, end = _Cal(year=y2), m.end("y2")
        elif m["sep"] == "-" and len(m["y2"]) == 2 and 1 <= int(m["y2"]) <= 12:
            cal, end = _Cal(year=y1, month=int(m["y2"])), m.end("y2")  # ISO '2010-09'
    if _is_quantity(text, start, end):
        return None
    bare = "year" if cal_end is None and cal.month is None else None
    return _Atom(start, end, cal=cal, cal_end=cal_end, bare=bare)


def _read_modified_year(m: re.Match, text: str) -> _Atom | None:
    """'mid-2015', 'late 2014', 'the end of 2014': the whole year."""
    if _AFTER_QUANTITY.match(text, m.end()):
        return None
    return _Atom(m.start(), m.end(), cal=_Cal(year=int(m["y"])))


def _read_season(m: re.Match, text: str) -> _Atom | None:
    """'the summer of 2014': the year (seasons differ by hemisphere)."""
    return _Atom(m.start(), m.end(), cal=_Cal(year=int(m["y"])))


_DECADE_WORDS = {"twenties": 1920, "thirties": 1930, "forties": 1940, "fifties": 1950,
                 "sixties": 1960, "seventies": 1970, "eighties": 1980, "nineties": 1990}
_DECADE_PARTS = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}


def _read_decade(m: re.Match, text: str) -> _Atom | None:
    """'the 1990s', "the '90s", 'the early 2000s', 'the nineties'."""
    if m["dec"]:
        decade = int(m["dec"])
    elif m["short"]:
        short = int(m["short"])
        decade = (1900 if short >= 30 else 2000) + short
    else:
        if not m["the"]:
            return None  # "in her forties"
        decade = _DECADE_WORDS[m["word"].lower()]
    first, last = _DECADE_PARTS.get((m["mod"] or "").lower(), (0, 9))
    start, end = decade + first, decade + last

    def resolve(ctx: _Ctx) -> _Span:
        return _Span(datetime.date(start, 1, 1), datetime.date(end, 12, 31), False, False)
    return _Atom(m.start(), m.end(), resolver=resolve)


_YEAR_PARTS = {"half", "semester", "quarter", "trimester"}


def _container_resolver(m: re.Match) -> _Resolver:
    """The period that 'the first half of ...' slices: a year, a month, or 'this year'."""
    if m["cmon"]:
        month = _lookup(ALL_MONTH_NUMBERS, m["cmon"])
        cal = _Cal(year=int(m["cmy"]) if m["cmy"] else None, month=month)
        return lambda ctx: _resolve_calendar(cal, ctx)
    if m["cy"]:
        cal = _Cal(year=int(m["cy"]))
        return lambda ctx: _resolve_calendar(cal, ctx)
    rel, unit = " ".join(m["crel"].lower().split()), m["cunit"].lower()
    offset = {"last": -1, "the previous": -1, "next": 1, "the following": 1}.get(rel, 0)
    return _neighbour_resolver(unit, offset)


def _slice(start: datetime.date, end: datetime.date, ordinal: int, count: int | None,
           unit: str) -> tuple[datetime.date, datetime.date] | None:
    """'the first nine months' of a period: the slice asked for, None if it does not fit."""
    one_day = datetime.timedelta(days=1)
    whole_year = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
    if unit in ("half", "semester"):
        if count is not None or ordinal not in (1, 2, -1):
            return None
        middle = datetime.date(start.year, 6, 30) if whole_year else start.replace(day=15)
        return (start, middle) if ordinal == 1 else (middle + one_day, end)
    if unit in ("quarter", "trimester"):
        quarter = 4 if ordinal == -1 else ordinal
        if count is not None or not whole_year:
            return None
        return datetime.date(start.year, 3 * quarter - 2, 1), _month_end(start.year, 3 * quarter)
    if count is not None and ordinal not in (1, -1):
        return None
    if ordinal == -1:
        first = _shift(end + one_day, unit, -(count or 1))
        part = (first, end)
    else:
        skip = 0 if count is not None else ordinal - 1
        first = _shift(start, unit, skip)
        part = (first, _shift(first, unit, count or 1) - one_day)
    return part if start <= part[0] <= part[1] <= end else None


def _read_period(m: re.Match, text: str) -> _Atom | None:
    """'the first nine months of 2014', 'the second half of this year', 'the last week of March'."""
    ordinal = _ORDINALS[m["ord"].lower()]
    count = _count_range(m["n"]) if m["n"] else None
    if count is not None and count[0] != count[1]:
        return None
    number = count[0] if count else None
    unit = m["unit"].lower()
    unit = unit if unit in _YEAR_PARTS else _unit_of(unit)
    container = _container_resolver(m)

    def resolve(ctx: _Ctx) -> _Span | None:
        whole = container(ctx)
        if whole is None or whole.start is None:
            return whole
        part = _slice(whole.start, whole.end, ordinal, number, unit)
        return replace(whole, start=part[0], end=part[1]) if part else None
    return _Atom(m.start(), m.end(), resolver=resolve)


def _read_quarter(m: re.Match, text: str) -> _Atom | None:
    """'Q3 2014', 'H1 2015'."""
    unit, ordinal, year = ("quarter" if m["qh"] == "Q" else "half"), int(m["k"]), int(m["y"])
    if unit == "half" and ordinal > 2:
        return None
    part = _slice(datetime.date(year, 1, 1), datetime.date(year, 12, 31), ordinal, None, unit)
    return _Atom(m.start(), m.end(), resolver=lambda ctx: _Span(*part, False, False))


def _read_weekday_day(m: re.Match, text: str) -> _Atom | None:
    """'Tuesday 17', 'Tuesday the 17th': the month comes from the anchor."""
    weekday, day = _lookup(FULL_WEEKDAY_NUMBERS, m["wd"]), int(m["d"])
    if weekday is None or not 1 <= day <= 31:
        return None
    if not m["ord"] and not _CLAUSE_END.match(text, m.end()):
        return None  # "on Tuesday 17 soldiers were killed"
    if _TIME_OF_DAY.match(text, m.end()):
        return None  # "Tuesday 10:30"

    def resolve(ctx: _Ctx) -> _Span | None:
        anchor = ctx.anchor
        if _anchor_rank(anchor) < 2:
            return _UNKNOWN
        month = anchor.date.replace(day=1)
        if anchor.precision == DAY and day > anchor.date.day:
            month = _shift(month, "month", -1)
        candidates = []
        for shifted in (month, _shift(month, "month", -1), _shift(month, "month", 1)):
            if day <= calendar.monthrange(shifted.year, shifted.month)[1]:
                candidates.append(shifted.replace(day=day))
        if not candidates:
            return None
        fitting = [date for date in candidates if date.weekday() == weekday]
        date = (fitting or candidates)[0]
        return _relative(date, date)
    return _Atom(m.start(), m.end(), resolver=resolve)


def _read_weekday(m: re.Match, text: str) -> _Atom | None:
    """'Tuesday', 'last Tuesday', 'the following Monday': the closest such day to the anchor."""
    weekday = _lookup(FULL_WEEKDAY_NUMBERS, m["wd"])
    if weekday is None:
        return None
    rel = " ".join((m["rel"] or "").lower().split())
    direction = {"last": -1, "the previous": -1, "next": 1, "the following": 1, "the next": 1}.get(rel, 0)

    def resolve(ctx: _Ctx) -> _Span:
        if _anchor_rank(ctx.anchor) < 3:
            return _UNKNOWN
        anchor = ctx.anchor.date
        if direction > 0:
            date = anchor + datetime.timedelta(days=(weekday - anchor.weekday() - 1) % 7 + 1)
        else:
            back = (anchor.weekday() - weekday) % 7
            date = anchor - datetime.timedelta(days=back or (7 if direction < 0 else 0))
        return _relative(date, date)
    return _Atom(m.start(), m.end(), resolver=resolve)
