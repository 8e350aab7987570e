"""Readers of phrases counted from an anchor ("two days later", "last year", "fiscal 2024"):
their atoms carry a resolver, since what they denote depends on the anchor.
"""
from __future__ import annotations

import datetime
import re

from pipeline.text.dates.arithmetic import (
    _UNIT_NEEDS,
    _anchor_period,
    _anchor_rank,
    _relative,
    _shift,
    _unit_of,
    _unit_period,
)
from pipeline.text.dates.model import _UNKNOWN, _Atom, _Ctx, _Resolver, _Span
from pipeline.text.dates.words import _CLAUSE_END, _count_range, _word_before


def _neighbour_resolver(unit: str, offset: int) -> _Resolver:
    """The calendar day/week/month/year `offset` units from the anchor's ("last year", "the next day")."""
    def resolve(ctx: _Ctx) -> _Span:
        if _anchor_rank(ctx.anchor) < _UNIT_NEEDS[unit]:
            return _UNKNOWN
        return _relative(*_unit_period(_shift(ctx.anchor.date, unit, offset), unit))
    return resolve


def _read_day_word(m: re.Match, text: str) -> _Atom | None:
    """'yesterday', 'today', 'tomorrow', 'tonight', 'last night', 'this morning', 'yesterday afternoon'."""
    word = " ".join(m["w"].lower().split())
    if word.endswith(("morning", "afternoon", "evening")):  # "this morning", "yesterday afternoon"
        word = {"this": "today", "last": "yesterday"}.get(word.split()[0], word.split()[0])
    offset = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0, "last night": -1}[word]
    return _Atom(m.start(), m.end(), resolver=_neighbour_resolver("day", offset))


def _read_offset(m: re.Match, text: str) -> _Atom | None:
    """'a day earlier', 'Seven years ago', 'two days later', 'a couple of weeks ago'."""
    counts, unit = _count_range(m["n"]), _unit_of(m["unit"])
    direction = " ".join(m["dir"].lower().split())
    if counts is None:
        return None
    if direction in ("before", "after", "prior") and not _CLAUSE_END.match(text, m.end()):
        return None  # "two years after his arrest": relative to something else
    sign = 1 if direction.startswith(("later", "after")) else -1
    low, high = sorted((sign * counts[0], sign * counts[1]))

    def resolve(ctx: _Ctx) -> _Span:
        if _anchor_rank(ctx.anchor) < _UNIT_NEEDS[unit]:
            return _UNKNOWN
        anchor = ctx.anchor.date
        if unit in ("day", "week"):
            return _relative(_shift(anchor, unit, low), _shift(anchor, unit, high))
        return _relative(_unit_period(_shift(anchor, unit, low), unit)[0],
                         _unit_period(_shift(anchor, unit, high), unit)[1])
    return _Atom(m.start(), m.end(), resolver=resolve, relational=direction != "ago")


# "the previous year" is the year before the one just told; "last year" is the year before now
_RELATIONAL_NEIGHBOURS = {"the previous", "the preceding", "the prior", "the next", "the very next", "the following",
                          "the same", "that"}
_NEIGHBOUR_OFFSETS = {"the previous": -1, "the preceding": -1, "the prior": -1, "last": -1,
                      "the next": 1, "the very next": 1, "the following": 1, "next": 1,
                      "the same": 0, "the current": 0, "this": 0, "that": 0, "the": 0}


def _read_neighbour(m: re.Match, text: str) -> _Atom | None:
    """'last year', 'this year', 'the next day', 'the previous month', 'late last year'."""
    det, unit = " ".join(m["det"].lower().split()), _unit_of(m["unit"])
    if det == "the" and not m["mod"]:
        return None  # "the year" alone is not a date; "the end of the year" is
    if det == "last" and _word_before(text, m.start()) == "the":
        return None  # "the last year" = the past twelve months
    if unit == "day" and det in ("this", "last", "the"):
        return None  # "to this day", "the last day of", "at the end of the day"
    return _Atom(m.start(), m.end(), resolver=_neighbour_resolver(unit, _NEIGHBOUR_OFFSETS[det]),
                 relational=det in _RELATIONAL_NEIGHBOURS)


def _read_before_after(m: re.Match, text: str) -> _Atom | None:
    """'the day before', 'the year after' (at the end of a clause)."""
    if not _CLAUSE_END.match(text, m.end()):
        return None  # "the day before the attack"
    offset = -1 if m["dir"].lower() == "before" else 1
    return _Atom(m.start(), m.end(), resolver=_neighbour_resolver(_unit_of(m["unit"]), offset), relational=True)


def _read_past_span(m: re.Match, text: str) -> _Atom | None:
    """'the past three years', 'the last 12 months', 'the past year': the span ending at the anchor."""
    unit, which = _unit_of(m["unit"]), m["which"].lower()
    if m["n"]:
        counts = _count_range(m["n"])
        if counts is None or counts[0] != counts[1]:
            return None
        count = counts[0]
    elif m["plural"] or which not in ("past", "last"):
        return None  # "the past years" is vague; "the previous year" is a calendar year
    else:
        count = 1

    def resolve(ctx: _Ctx) -> _Span:
        if _anchor_rank(ctx.anchor) < _UNIT_NEEDS[unit]:
            return _UNKNOWN
        first, last = _anchor_period(ctx.anchor)
        return _relative(_shift(first, unit, -count), last)
    return _Atom(m.start(), m.end(), resolver=resolve)


def _read_duration(m: re.Match, text: str) -> _Atom | None:
    """'After two days', 'within a week', 'in two days': the N-day span starting at the anchor."""
    counts, unit = _count_range(m["n"]), _unit_of(m["unit"])
    if counts is None or counts[0] != counts[1] or counts[0] < 1:
        return None
    days = counts[0] * (7 if unit == "week" else 1)

    def resolve(ctx: _Ctx) -> _Span:
        if _anchor_rank(ctx.anchor) < 3:
            return _UNKNOWN
        anchor = ctx.anchor.date
        return _relative(anchor, anchor + datetime.timedelta(days=days - 1))
    return _Atom(m.start(), m.end(), resolver=resolve, duration=True)


def _read_earlier_this(m: re.Match, text: str) -> _Atom | None:
    """'earlier this year', 'so far this year' (Jan 1 .. anchor), 'later this month' (anchor .. month end)."""
    unit, earlier = _unit_of(m["unit"]), m["when"].lower() != "later"

    def resolve(ctx: _Ctx) -> _Span:
        if _anchor_rank(ctx.anchor) < _UNIT_NEEDS[unit]:
            return _UNKNOWN
        first, last = _unit_period(ctx.anchor.date, unit)
        anchor_first, anchor_last = _anchor_period(ctx.anchor)
        return _relative(first, anchor_last) if earlier else _relative(anchor_first, last)
    return _Atom(m.start(), m.end(), resolver=resolve)


# "fiscal 2024", "FY2025": the US federal year, October to September, the one English news
# names so; a year another country owns ("Peru's fiscal year 2024") is its calendar year.
_FISCAL_START_MONTH = 10
_CALENDAR_FISCAL_OWNER = re.compile(
    r"(?:Peru|Colombia|Bolivia|Ecuador|Brazil|Chile|Paraguay|Argentina|Venezuela|Mexico)['’]s\s+(?:\w+\s+)?$"
    r"|(?:Peruvian|Colombian|Bolivian|Ecuadorian|Brazilian|Chilean|Mexican)\s+(?:\w+\s+)?$")


def _fiscal_bounds(year: int, calendar: bool) -> tuple[datetime.date, datetime.date]:
    if calendar or _FISCAL_START_MONTH == 1:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return datetime.date(year - 1, _FISCAL_START_MONTH, 1), datetime.date(year, _FISCAL_START_MONTH, 1) - datetime.timedelta(days=1)


def _fiscal_year(written: str) -> int | None:
    year = int(written)
    if len(written) == 2:
        year += 2000
    return year if 1900 <= year <= 2099 else None


def _read_fiscal(m: re.Match, text: str) -> _Atom | None:
    """'fiscal 2024', 'fiscal year 2022', 'FY2025', 'FY 2020-FY 2024', 'the current fiscal year'."""
    calendar = bool(_CALENDAR_FISCAL_OWNER.search(text[max(0, m.start() - 30):m.start()]))
    if m["rel"]:
        offset = {"last": -1, "previous": -1, "past": -1, "next": 1, "coming": 1}.get(m["rel"].lower(), 0)

        def resolve_relative(ctx: _Ctx) -> _Span:
            if _anchor_rank(ctx.anchor) < 2:  # needs the month to know which fiscal year it is
                return _UNKNOWN
            date = ctx.anchor.date
            current = date.year + (1 if not calendar and date.month >= _FISCAL_START_MONTH else 0)
            first, last = _fiscal_bounds(current + offset, calendar)
            return _relative(first, last)
        return _Atom(m.start(), m.end(), resolver=resolve_relative)
    y1 = _fiscal_year(m["y1"] or m["y1s"])
    y2 = _fiscal_year(m["y2"]) if m["y2"] else None
    if y1 is None or (m["y2"] and (y2 is None or y2 < y1)):
        return None
    first, _ = _fiscal_bounds(y1, calendar)
    _, last = _fiscal_bounds(y2 or y1, calendar)

    def resolve(ctx: _Ctx) -> _Span:
        return _Span(first, last, False, False)
    return _Atom(m.start(), m.end(), resolver=resolve)
