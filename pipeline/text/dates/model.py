"""The records the grammar passes around: the public Anchor and DateMention, and the
internal calendar reading, resolved span and candidate atom the stages share.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Callable

DAY, MONTH, YEAR, RANGE, UNKNOWN = "day", "month", "year", "range", "unknown"


@dataclass(frozen=True)
class Anchor:
    """What relative expressions are resolved against: a publication date, or the date of the event the text is talking about."""

    date: datetime.date
    precision: str  # "day" | "month" | "year" — how much of `date` is known
    inferred: bool = False  # the anchor itself was inferred


@dataclass(frozen=True)
class DateMention:
    """One time expression in a text and the period it denotes (both ends inclusive)."""

    start: int
    end: int
    text: str  # == input[start:end]
    date_start: datetime.date | None
    date_end: datetime.date | None
    precision: str  # "day", "month", "year", "range", "unknown"
    inferred: bool  # some part (usually the year) was not written in the expression
    relative: bool  # resolved against (or, when unknown, needing) an anchor
    month_only: tuple[int, int] | None = None  # (month, 0) when a bare month ("In October") was read
    duration: bool = False  # "after two days", "within a week": a span that needs the event it follows


@dataclass(frozen=True)
class _Cal:
    """A calendar expression as read; any field may be missing."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    year_offset: int | None = None  # "October last year": years from the anchor's (-1)
    direction: int = 0  # "last October" -1: strictly before the anchor; "next October" +1
    ahead: bool = False  # in a clause about the future ("will be launched in June"): not before the anchor


@dataclass(frozen=True)
class _Span:
    """A resolved period; start/end None means no usable date."""

    start: datetime.date | None
    end: datetime.date | None
    inferred: bool
    relative: bool


_UNKNOWN = _Span(None, None, inferred=False, relative=True)


@dataclass(frozen=True)
class _Ctx:
    """Everything resolution may use besides the text."""

    anchor: Anchor | None
    year_floor: int | None
    today: datetime.date


_Resolver = Callable[[_Ctx], "_Span | None"]


@dataclass(frozen=True)
class _Atom:
    """A candidate mention: a calendar expression (maybe a written range) or a resolver."""

    start: int
    end: int
    cal: _Cal | None = None
    cal_end: _Cal | None = None  # end of a range ("September 3-7", "between 2007 and 2012")
    resolver: _Resolver | None = None
    bare: str | None = None  # "year" / "month": needs a cue that it is a date
    priority: int = 0
    duration: bool = False
    relational: bool = False  # "the year before", "two days later": counted from the time just told
