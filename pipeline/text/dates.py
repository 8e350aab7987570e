"""A hand-written grammar for time expressions in English (and some Spanish) news text.

Why by hand: general-purpose date parsers fill a missing day or year from
"today" and read "$85" as 1985. The codebook says *never invent a date*, so
every part of a result is either written in the text or taken from an explicit
`Anchor`, and the `inferred` / `relative` flags say which.

How `find_dates` works:

1. scan   - every pattern proposes candidate atoms (a span plus what it means);
2. select - the longest non-overlapping candidates win;
3. join   - "between A and B", "from A to B", "A - B" join two calendar atoms
            into one range;
4. cue    - a bare year ("2013") or bare month ("October") is kept only with a
            cue that it is a date (a preposition, a sentence start, "a 2015
            report"), so "2,013 tons", "$2013" or "May they..." are not dates;
5. resolve - each atom becomes a `DateMention`; whatever is not written comes
            from the anchor, and without an anchor the mention is `unknown`.

Choices callers should know about:

- A mention's text is the time expression itself. Leading prepositions and
  framing such as "On the afternoon of" are left out ("Thursday, June 26"),
  words that change the meaning are kept ("late July", "the first half of
  2015", "between 2007 and 2012", "After two days", "Seven years ago").
- A date without a year is the most recent one not after the anchor
  ("In October", anchor 2014-02-10 -> October 2013).
- "After two days" / "within two days" / "in two days" is the N-day span
  starting at the anchor (anchor .. anchor + N - 1): the period over which the
  thing happened. "Two days later" is the single day anchor + 2.
- "N weeks ago/later" is the day 7N days away; vague counts ("a couple of",
  "a few", "several") give a range ("a couple of weeks ago" = anchor-21d ..
  anchor-7d).
- "the past three years" is the span ending at the anchor.
- Day- and week-level relatives need a day-precision anchor, month-level ones
  a month- or day-precision anchor; otherwise the mention is `unknown`.
- Vague expressions ("recently", "in recent years", "now", "currently",
  "some time ago", "the coming months") are not returned at all.
- Weekdays are numbered as in `datetime`: Monday = 0.
"""
from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable

from dateutil.relativedelta import relativedelta

from pipeline.text.alternation import any_of, grouped, literal_alternation
from pipeline.text.calendar import (ALL_MONTH_NUMBERS, ALL_WEEKDAY_NUMBERS, FULL_MONTH_NUMBERS, FULL_WEEKDAY_NUMBERS,
                                    MONTH_ABBREVIATIONS, SPANISH_MONTHS, SPANISH_WEEKDAYS, WEEKDAY_ABBREVIATIONS)

__all__ = ["Anchor", "DateMention", "find_dates", "infer_year_from_weekday", "explicit_years"]

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


# --------------------------------------------------------------------------- vocabulary

# Months that may open a sentence on their own ("October was ..."); May, March,
# April, June and August are also verbs or given names.
_SENTENCE_OPENING_MONTHS = {1, 2, 7, 9, 10, 11, 12}

_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                 "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
                 "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
                 "thirty": 30, "forty": 40, "fifty": 50, "a dozen": 12, "a hundred": 100}
# Vague counts read as (fewest, most) units: "a couple of weeks ago" = 1..3 weeks ago.
_VAGUE_COUNTS = {"a couple of": (1, 3), "a couple": (1, 3), "a few": (2, 4), "several": (3, 6)}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1, "final": -1}

# Words after a number that make it a quantity, not a year or a day.
_UNIT_WORDS = ("percent", r"per\s*cent", "pct", "tons?", "tonnes?", "kilos?", "kilograms?", "kgs?",
               "grams?", "pounds", "lbs", "hectares?", "ha", "acres?", "km", "kilomet(?:er|re)s?",
               "miles?", "met(?:er|re)s?", "dollars?", "euros?", "soles", "pesos", "usd", "eur",
               "pen", "barrels?", "lit(?:er|re)s?", "gallons?", "million", "billion", "thousand",
               "hundred", "times", "hours?", "minutes?", "seconds?")
_UNIT = rf"(?ai:(?:{'|'.join(_UNIT_WORDS)})\b)"

# Words before a bare year / bare month that show it is a date.
_YEAR_CUES = {"in", "since", "by", "during", "of", "until", "till", "before", "after", "from",
              "between", "and", "to", "for", "through", "throughout", "year", "circa"}
_MONTH_CUES = {"in", "since", "by", "during", "of", "until", "till", "before", "after", "from",
               "between", "through", "throughout"}
# Cues that also introduce quantities ("a force of 2000 soldiers"): not enough before a plural
# noun (nor is an opening parenthesis).
_WEAK_YEAR_CUES = {"of", "for", "to", "by", "and", "from"}
_DETERMINERS = {"a", "an", "the", "its", "their", "his", "her", "our", "this", "that", "these",
                "those", "whose", "every", "each"}


# --------------------------------------------------------------------------- regex building blocks

def _names(words, *, lowercase: bool = False) -> str:
    """Alternation of the Capitalised and UPPER forms, longest first, so 'may' the verb is never May."""
    forms = set()
    for word in words:
        forms.update((word.capitalize(), word.upper()))
        if lowercase:
            forms.add(word)
    # Case-sensitive: grouped by first letter, the same matches (see grouped).
    return literal_alternation(sorted(forms, key=len, reverse=True), ignorecase=False)


def _phrases(words) -> str:
    """Alternation of (multi-word) phrases, longest first, any run of spaces between words.

    Only used under IGNORECASE with ASCII, as which it is grouped by first letter.
    """
    pairs = sorted(((word, re.escape(word).replace(r"\ ", r"\s+")) for word in words), key=lambda wp: len(wp[1]),
                   reverse=True)
    if all(word and pattern.startswith(re.escape(word[0])) and word[0] != " " for word, pattern in pairs):
        fast = grouped([("", word[0], pattern[len(re.escape(word[0])):]) for word, pattern in pairs],
                       ignorecase=True, ascii=True)
        if fast:
            return fast
    return "|".join(pattern for _, pattern in pairs)


_YEAR4 = r"(?:1[89][0-9]{2}|20[0-9]{2})"
_MONTH_NAME = (rf"(?:(?:{_names(FULL_MONTH_NUMBERS)}|{_names(SPANISH_MONTHS, lowercase=True)})\b"
               rf"|(?:{_names(MONTH_ABBREVIATIONS)})\b\.?)")
_MONTH_FULL = rf"(?:{_names(FULL_MONTH_NUMBERS)})\b"
_WEEKDAY_NAME = (rf"(?:(?:{_names(FULL_WEEKDAY_NUMBERS)}|{_names(SPANISH_WEEKDAYS, lowercase=True)})\b"
                 rf"|(?:{_names(WEEKDAY_ABBREVIATIONS)})\b\.?)")
_WEEKDAY_FULL = rf"(?:{_names(FULL_WEEKDAY_NUMBERS)})\b"
_WEEKDAY_PREFIX = rf"(?:(?P<wd>{_WEEKDAY_NAME}),?\s+(?:(?ai:the)\s+)?)"
_ORDINAL_SUFFIX = r"(?:st|nd|rd|th)?"
_EXACT_COUNT = rf"(?:[0-9]{{1,3}}|{_phrases(_NUMBER_WORDS)})"
_ANY_COUNT = rf"(?:[0-9]{{1,3}}|{_phrases({**_NUMBER_WORDS, **_VAGUE_COUNTS})})"
# "late July", "mid-2015", "the end of 2014": kept in the text, precision unchanged.
_MODIFIER = (r"(?:(?ai:early|late|mid)(?:-|\s+)|(?ai:end|start)-"
             r"|(?ai:(?:the\s+)?(?:beginning|start|end|middle|close)\s+of)\s+)")
_CLAUSE_END = re.compile(r"\s*(?:[,.;:!?)\]\"”’]|[-–—]\s|\Z)")  # nothing more to the phrase

_BEFORE_QUANTITY = re.compile(r"(?:(?:[$€£¥]|US\$|S/\.?)\s*|[0-9][.,]|[A-Z]-|[#№])\Z")
_AFTER_QUANTITY = re.compile(
    rf"(?:[.,][0-9]|\s*%|\s*{_UNIT}|\s*(?:[-–—]|(?ai:to|and|or))\s*[0-9]{{4}}\s*(?:%|{_UNIT}))")
_LAST_WORD = re.compile(r"(\S+)[ \t\u00a0]+\Z")
_TIME_OF_DAY = re.compile(r"[:.h][0-9]{2}")
_LIST_GAP = re.compile(r"\s*(?:,|;|&|(?ai:and|or)|,\s*(?ai:and|or))\s*\Z")
_PLURAL_NOUN_AFTER = re.compile(r"\s+(?!(?:was|has|is|does|as|its|his|this|thus|plus|us|yes)\b)[a-z]+[^\Wsu]s\b")
_WORD_AFTER = re.compile(r"\s+[^\W\d_]")


# --------------------------------------------------------------------------- internal model

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


# --------------------------------------------------------------------------- small helpers

def _lookup(table: dict, word: str | None):
    """Table value for a matched word (case and trailing dot ignored), None if absent."""
    if not word:
        return None
    return table.get(" ".join(word.lower().rstrip(".").split()))


def _count_range(word: str) -> tuple[int, int] | None:
    """(fewest, most) for a written count: '3' -> (3, 3), 'a couple of' -> (1, 3)."""
    if word.isdigit():
        return int(word), int(word)
    vague = _lookup(_VAGUE_COUNTS, word)
    if vague:
        return vague
    exact = _lookup(_NUMBER_WORDS, word)
    return (exact, exact) if exact else None


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
    """date moved by n calendar units."""
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
    """day / month / year when the span is exactly one of those, else range."""
    if start == end:
        return DAY
    if start.day == 1 and end == _month_end(start.year, start.month):
        return MONTH
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return YEAR
    return RANGE


def _is_quantity(text: str, start: int, end: int) -> bool:
    """A number used as an amount: '$2013', '2,013', '2013 tons', '2013 percent', 'KT-2013'."""
    return bool(_BEFORE_QUANTITY.search(text[max(0, start - 4):start])
                or _AFTER_QUANTITY.match(text, end))


def _word_before(text: str, start: int) -> str:
    """The lower-cased word just before start ('' if none on the same line)."""
    match = _LAST_WORD.search(text, max(0, start - 30), start)
    return match.group(1).lstrip("\"'“‘([").lower() if match else ""


def _at_sentence_start(text: str, start: int) -> bool:
    """Nothing but sentence punctuation, quotes or a line break before start."""
    before = text[max(0, start - 40):start]
    trimmed = before.rstrip(" \t\u00a0\"'“‘([*•-–—")
    if not trimmed:
        return start <= 40 or not text[:start].strip()
    if "\n" in before[len(trimmed):]:
        return True
    return trimmed.rstrip("\"'”’)]")[-1:] in (".", "!", "?", ":", ";", "")


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
    (strictly before it for "last October", strictly after it for "next October")."""
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


# --------------------------------------------------------------------------- readers: one per pattern

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


# --------------------------------------------------------------------------- readers: anchor-relative phrases

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
                          "the same"}
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


# --------------------------------------------------------------------------- the patterns

_NO_NUMBER_AFTER = r"(?![\w%]|[.,][0-9])"  # not "2015s", "2015%", "2015.5", "2015,000"
_I = re.IGNORECASE | re.ASCII  # English words, ASCII case folding only


def _verbose(pattern: str, flags: int = 0) -> re.Pattern:
    """Compile a pattern written in verbose (re.X) layout."""
    return re.compile(pattern, re.VERBOSE | flags)


# (pattern, reader) pairs; a reader turns a match into an _Atom, or None when it is not a date.
_PATTERNS: list[tuple[re.Pattern, Callable[[re.Match, str], _Atom | None]]] = [
    # fiscal 2024, fiscal years 2020 to 2024, FY2025, FY 2020-FY 2024, the current fiscal year
    (_verbose(rf"""
        (?:\b(?ai:fiscal)\s+(?:(?ai:years?)\s+)?(?:(?ai:from|between)\s+)?(?P<y1>{_YEAR4})
          |\bFY\s?(?P<y1s>(?:{_YEAR4}|[0-9]{{2}}))\b)
        (?:\s*(?:-|–|—|/|(?ai:to|through|until))\s*(?:FY\s?|(?ai:fiscal)\s+(?:(?ai:year)\s+)?)?(?P<y2>{_YEAR4}|[0-9]{{2}})\b)?
        {_NO_NUMBER_AFTER}
        |\b(?ai:the)\s+(?P<rel>(?ai:current|next|last|previous|past|coming|this))\s+(?ai:fiscal)\s+(?ai:year)\b
        """), _read_fiscal),
    # 2014-01-04, 2014/01/04
    (_verbose(rf"""(?<![0-9/.-]) (?P<y>{_YEAR4}) (?P<sep>[-/.]) (?P<m>[0-9]{{1,2}}) (?P=sep) (?P<d>[0-9]{{1,2}})
                   (?![0-9])"""), _read_iso),
    # 17/12/2013, 12/17/2013
    (_verbose(rf"""(?<![0-9/.-]) (?P<a>[0-9]{{1,2}}) (?P<sep>[-/.]) (?P<b>[0-9]{{1,2}}) (?P=sep) (?P<y>{_YEAR4})
                   (?![0-9])"""), _read_numeric),
    # [between|from] [Thursday,] June 26[-28][, 2014]
    (_verbose(rf"""
        (?:\b(?P<pre>(?ai:between|from))\s+)?
        {_WEEKDAY_PREFIX}?
        (?P<mon>{_MONTH_NAME})\s*
        (?P<day1>(?P<d1>[0-9]{{1,2}}){_ORDINAL_SUFFIX})(?![0-9])\b
        (?:(?P<conn>\s*[-–—]\s*|\s+(?ai:to|through|until|till|and)\s+)
           (?P<d2>[0-9]{{1,2}}){_ORDINAL_SUFFIX}(?![0-9])\b)?
        (?:,?\s+(?P<y>{_YEAR4})(?![0-9]))?
        """), _read_month_day),
    # [Tuesday] 4[-7] [of|de] January[, 2014], 4 de enero de 2014
    (_verbose(rf"""
        (?<![0-9.,$€£/-])
        {_WEEKDAY_PREFIX}?
        (?P<d1>[0-9]{{1,2}}){_ORDINAL_SUFFIX}
        (?:(?P<conn>\s*[-–—]\s*|\s+(?ai:to|and|through|until|till|al|y)\s+)
           (?P<d2>[0-9]{{1,2}}){_ORDINAL_SUFFIX})?
        \s+(?:(?ai:of|de)\s+)?(?P<mon>{_MONTH_NAME})
        (?:,?\s+(?:(?ai:of|de|del)\s+)?(?P<y>{_YEAR4})(?![0-9]))?
        """), _read_day_month),
    # [late] May 2016, October of last year
    (_verbose(rf"""
        {_MODIFIER}?(?P<mon>{_MONTH_NAME})
        (?:,?\s+(?:(?ai:of|de|del)\s+)?(?P<y>{_YEAR4})(?![0-9])
          |\s+(?:(?ai:of)\s+)?(?P<rel>(?ai:last|this|next|that))\s+(?ai:year)\b)
        """), _read_month_year),
    # October, late July, last October
    (_verbose(rf"""(?:(?P<mod>{_MODIFIER}) | (?P<rel>(?ai:last|this|next|that))\s+)?
                   (?P<mon>{_MONTH_FULL})"""), _read_bare_month),
    # 2013, 2012-2013, 2012–13
    (_verbose(rf"""
        (?<![\w$€£¥.,/–—-]) (?P<y1>{_YEAR4})
        (?:\s*(?P<sep>[-–—/])\s*(?P<y2>[0-9]{{4}}|[0-9]{{2}})(?![0-9]))?
        {_NO_NUMBER_AFTER}
        """), _read_year),
    # mid-2015, late 2014, the end of 2014
    (_verbose(rf"{_MODIFIER} (?P<y>{_YEAR4}) {_NO_NUMBER_AFTER}"), _read_modified_year),
    # the summer of 2014
    (_verbose(rf"""(?:(?ai:the)\s+)? (?ai:spring|summer|autumn|fall|winter)\s+ (?:(?ai:of)\s+)?
                   (?P<y>{_YEAR4}) {_NO_NUMBER_AFTER}"""), _read_season),
    # the [early] 1990s, the '90s, the nineties
    (_verbose(r"""
        (?:(?P<the>(?ai:the))\s+)?(?:(?P<mod>(?ai:early|mid|late))(?:-|\s+))?
        (?:(?<![\w$€£¥.,])(?P<dec>(?:1[89]|20)[0-9]0)['’]?s
          |['’](?P<short>[0-9]0)s
          |(?P<word>(?ai:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)))\b
        """), _read_decade),
    # the first nine months of 2014, the second half of this year, the last week of March
    (_verbose(rf"""
        \b(?ai:the)\s+(?P<ord>(?ai:first|second|third|fourth|last|final))\s+
        (?:(?P<n>(?ai:{_ANY_COUNT}))\s+)?
        (?P<unit>(?ai:half|quarter|semester|trimester|months?|weeks?|days?))\s+(?:(?ai:of)\s+)?
        (?:(?P<cmon>{_MONTH_NAME})(?:,?\s+(?P<cmy>{_YEAR4})(?![0-9]))?
          |(?P<cy>{_YEAR4}){_NO_NUMBER_AFTER}
          |(?P<crel>(?ai:this|last|next|that|the\s+same|the\s+previous|the\s+following|the\s+current|the))
           \s+(?P<cunit>(?ai:year|month))\b)
        """), _read_period),
    # Q3 2014, H1 2015
    (_verbose(rf"\b (?P<qh>[QH]) (?P<k>[1-4]) \s* (?:(?ai:of)\s+)? (?P<y>{_YEAR4}) {_NO_NUMBER_AFTER}"),
     _read_quarter),
    # Tuesday 17, Tuesday the 17th
    (_verbose(rf"""(?P<wd>{_WEEKDAY_FULL}),?\s+ (?:(?ai:the)\s+)?
                   (?P<d>[0-9]{{1,2}}) (?P<ord>st|nd|rd|th)? (?![0-9])\b"""), _read_weekday_day),
    # Tuesday, last Tuesday, the following Monday
    (_verbose(rf"""(?:(?P<rel>(?ai:last|next|this|that|the\s+following|the\s+previous|the\s+next))\s+)?
                   (?P<wd>{_WEEKDAY_FULL})"""), _read_weekday),
    # yesterday, today, last night
    (_verbose(r"""\b (?P<w>(?:this|yesterday|tomorrow|last)\s+(?:morning|afternoon|evening)
                        |yesterday|today|tomorrow|tonight|last\s+night) \b""", _I), _read_day_word),
    # a day earlier, Seven years ago, two days later, a couple of weeks ago
    (_verbose(rf"""
        \b(?P<n>{_ANY_COUNT})\s+(?P<unit>days?|weeks?|months?|years?)\s+
        (?P<dir>ago|earlier|later|afterwards?|previously|before\s+that|after\s+that|before|after|prior(?!\s+to))\b
        """, _I), _read_offset),
    # last year, this year, the next day, the previous month, late last year, the end of the year
    (_verbose(rf"""
        \b(?P<mod>{_MODIFIER})?
        (?P<det>the\s+(?:previous|preceding|prior|next|very\s+next|following|same|current)|that|this|last|next|the)
        \s+(?P<unit>day|night|week|month|year)\b
        """, _I), _read_neighbour),
    # the day before, the year after
    (_verbose(r"\b the\s+ (?P<unit>day|night|week|month|year) \s+ (?P<dir>before|after) \b", _I),
     _read_before_after),
    # the past three years, the last 12 months, the past year
    (_verbose(rf"""\b the\s+ (?P<which>past|last|previous|preceding)\s+ (?:(?P<n>{_EXACT_COUNT})\s+)?
                   (?P<unit>day|week|month|year)(?P<plural>s)? \b""", _I), _read_past_span),
    # After two days, within a week, in two days
    (_verbose(rf"""\b (?:after|within|in|over)\s+ (?:(?:just|only|barely|less\s+than)\s+)?
                   (?P<n>{_EXACT_COUNT})\s+ (?P<unit>days?|weeks?) \b""", _I), _read_duration),
    # earlier this year, so far this year, later this month
    (_verbose(r"\b (?P<when>earlier|later|so\s+far)\s+ (?:this|that|in\s+the)\s+ (?P<unit>week|month|year) \b", _I),
     _read_earlier_this),
]


# --------------------------------------------------------------------------- the pipeline

def _ascii_words_cue(words) -> re.Pattern:
    """Any of the words, ASCII letters matched in either case, as in (?ai:w1|w2): written out
    letter by letter so that the search can skip to the possible first letters at once."""
    def folded(word):
        return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in word)
    return re.compile("|".join(first + folded(w[1:]) for w in words for first in {w[0].lower(), w[0].upper()}))


# What every match of a pattern contains, so a sentence without it skips the pattern
# (most have no month or weekday name, many no digit). A pattern not listed always runs.
_CUES = {
    "digit": re.compile(r"[0-9]"),
    "year": re.compile(_YEAR4),
    "numeric date": re.compile(r"[0-9][-/.][0-9]"),   # 2014-01-04, 17/12/2013
    "quarter": re.compile(r"[QH][1-4]"),
    # Every match of _MONTH_NAME (and so of _MONTH_FULL) or _WEEKDAY_FULL contains one of the names as written.
    "month": re.compile(literal_alternation(
        sorted({f for words, lower in ((FULL_MONTH_NUMBERS, False), (SPANISH_MONTHS, True), (MONTH_ABBREVIATIONS, False))
                for w in words for f in (w.capitalize(), w.upper(), *((w,) if lower else ()))}, key=len, reverse=True),
        ignorecase=False)),
    "weekday": re.compile(literal_alternation(
        sorted({f for w in FULL_WEEKDAY_NUMBERS for f in (w.capitalize(), w.upper())}, key=len, reverse=True), ignorecase=False)),
    "unit": _ascii_words_cue(["day", "night", "week", "month", "year"]),
    "decade": re.compile(r"0['’]?s|[tT][iI][eE][sS]"),   # 1990s, '90s, 1990's, nineties
    "modifier": _ascii_words_cue(["early", "late", "mid", "end", "start", "beginning", "middle", "close"]),
    "season": _ascii_words_cue(["spring", "summer", "autumn", "fall", "winter"]),
    "day word": _ascii_words_cue(["yesterday", "today", "tomorrow", "tonight", "night", "morning", "afternoon",
                                  "evening"]),
    "period unit": _ascii_words_cue(["half", "quarter", "semester", "trimester", "month", "week", "day"]),
    "fiscal": re.compile(r"[fF][iI][sS][cC][aA][lL]|FY"),
}
_NEEDS = {
    _read_iso: ("numeric date", "year"), _read_numeric: ("numeric date", "year"), _read_month_day: ("month", "digit"),
    _read_day_month: ("month", "digit"), _read_month_year: ("month",), _read_bare_month: ("month",),
    _read_year: ("year",), _read_modified_year: ("modifier", "year"), _read_season: ("season", "year"),
    _read_decade: ("decade",), _read_quarter: ("quarter", "year"), _read_weekday_day: ("weekday", "digit"),
    _read_weekday: ("weekday",), _read_offset: ("unit",), _read_neighbour: ("unit",),
    _read_before_after: ("unit",), _read_past_span: ("unit",), _read_duration: ("unit",),
    _read_earlier_this: ("unit",), _read_day_word: ("day word",), _read_period: ("period unit",),
    _read_fiscal: ("fiscal",),
}

_PATTERN_NEEDS = [frozenset(_NEEDS.get(reader, ())) for _, reader in _PATTERNS]


def _candidate_atoms(text: str) -> list[_Atom]:
    """Every atom any pattern proposes, overlapping."""
    return list(_scanned(text))


@lru_cache(maxsize=4)
def _scanned(text: str) -> tuple[_Atom, ...]:
    """The atoms of a text, kept for the next call: a sentence is read against the reference,
    then often against the narrative date (atoms are immutable; resolving them reads the anchor)."""
    atoms = []
    present = {cue for cue, regex in _CUES.items() if regex.search(text)}
    for priority, ((pattern, reader), needs) in enumerate(zip(_PATTERNS, _PATTERN_NEEDS)):
        if not needs <= present:
            continue
        for match in pattern.finditer(text):
            atom = reader(match, text)
            if atom is not None and atom.start < atom.end:
                atoms.append(replace(atom, priority=priority))
    return tuple(atoms)


def _longest_first(atoms: list[_Atom]) -> list[_Atom]:
    """Non-overlapping atoms, preferring longer ones, in text order."""
    chosen: list[_Atom] = []
    for atom in sorted(atoms, key=lambda a: (a.start - a.end, a.start, a.priority)):
        if all(atom.end <= other.start or atom.start >= other.end for other in chosen):
            chosen.append(atom)
    return sorted(chosen, key=lambda a: a.start)


_RANGE_OPENERS = {
    "between": re.compile(r"\b(?ai:between)\s+\Z"),
    "from": re.compile(r"\b(?ai:from)\s+\Z"),
}
_RANGE_GAPS = {
    "between": re.compile(r"\s*(?:(?ai:and)|[-–—])\s*\Z"),
    "from": re.compile(r"\s*(?:[-–—]|(?ai:to|until|till|through|thru))\s*\Z"),
    "": re.compile(r"\s*(?:[-–—]|(?ai:to|until|till|through))\s*\Z"),
}


def _is_joinable(atom: _Atom) -> bool:
    """A single calendar atom with a written or missing (not anchor-relative) year."""
    return (atom.cal is not None and atom.cal_end is None and atom.cal.year_offset is None
            and atom.cal.direction == 0)


def _joined_range(text: str, first: _Atom, last: _Atom, ctx: _Ctx) -> _Atom | None:
    """'between A and B' / 'from A to B' / 'A - B' as one range atom, if the words say so."""
    if not (_is_joinable(first) and _is_joinable(last)):
        return None
    gap = text[first.end:last.start]
    for opener, opener_pattern in _RANGE_OPENERS.items():
        found = opener_pattern.search(text, max(0, first.start - 12), first.start)
        if found and _RANGE_GAPS[opener].match(gap):
            start, bare = found.start(), None
            break
    else:
        if not _RANGE_GAPS[""].match(gap):
            return None
        start, bare = first.start, first.bare
    joined = _Atom(start, last.end, cal=first.cal, cal_end=last.cal, bare=bare, priority=first.priority)
    if bare == "year" and _is_quantity(text, last.start, last.end):
        return None
    return joined if _resolve_atom(joined, ctx) is not None else None


def _join_ranges(text: str, atoms: list[_Atom], ctx: _Ctx) -> list[_Atom]:
    """Merge neighbouring calendar atoms that form a range."""
    merged: list[_Atom] = []
    index = 0
    while index < len(atoms):
        if index + 1 < len(atoms):
            joined = _joined_range(text, atoms[index], atoms[index + 1], ctx)
            if joined is not None:
                merged.append(joined)
                index += 2
                continue
        merged.append(atoms[index])
        index += 1
    return merged


def _has_date_cue(text: str, atom: _Atom, previous: _Atom | None) -> bool:
    """Whether a bare year or month is used as a date here (see _YEAR_CUES, _MONTH_CUES)."""
    if previous is not None and previous.cal is not None and _LIST_GAP.match(text[previous.end:atom.start]):
        return True  # "in 2013, 2014 and 2015", "in September and October"
    word = _word_before(text, atom.start)
    if atom.bare == "month":
        if word in _MONTH_CUES:
            return True
        return _at_sentence_start(text, atom.start) and atom.cal.month in _SENTENCE_OPENING_MONTHS
    counted = bool(_PLURAL_NOUN_AFTER.match(text, atom.end))  # "2000 soldiers"
    if word in _YEAR_CUES:
        return not (counted and word in _WEAK_YEAR_CUES)
    if text[max(0, atom.start - 1):atom.start] == "(":
        return not counted
    if _at_sentence_start(text, atom.start):
        return True  # "2013 marks ...": a verb, and style spells out counts that open a sentence
    adjective = word in _DETERMINERS or word.endswith(("'s", "’s", "s'", "s’"))
    return adjective and bool(_WORD_AFTER.match(text, atom.end))  # "a 2015 report"


# "will be launched in June", "is due to open in May": a yearless date of the future is the next one
_FUTURE_BEFORE = re.compile(r"\b(?:will|shall|'ll|(?:is|are)\s+to|(?:is|are|was|were)\s+(?:scheduled|expected|due|set|"
                            r"planned|slated)\s+to|plans?\s+to|planning\s+to|intends?\s+to|aims?\s+to)\b[^.;:!?]*$", re.I)
FUTURE_REACH = 60  # characters back from a date to its clause's verb


def _in_the_future(text: str, atoms: list[_Atom]) -> list[_Atom]:
    """Mark yearless calendar dates of a clause about the future."""
    out = []
    for atom in atoms:
        cal = atom.cal
        if cal is not None and atom.cal_end is None and cal.year is None and cal.year_offset is None \
                and cal.direction == 0 and cal.month is not None \
                and _FUTURE_BEFORE.search(text, max(0, atom.start - FUTURE_REACH), atom.start):
            atom = replace(atom, cal=replace(cal, ahead=True))
        out.append(atom)
    return out


def _with_cues(text: str, atoms: list[_Atom]) -> list[_Atom]:
    """Drop bare years and months that are not used as dates."""
    kept: list[_Atom] = []
    for atom in atoms:
        if atom.bare and not _has_date_cue(text, atom, kept[-1] if kept else None):
            continue
        kept.append(atom)
    return kept


def _month_only(atom: _Atom) -> tuple[int, int] | None:
    """(month, 0) for a bare month without a year ('In October', 'late July')."""
    cal = atom.cal
    if atom.resolver is None and atom.cal_end is None and cal is not None and cal.day is None \
            and cal.month is not None and cal.year is None and cal.year_offset is None:
        return cal.month, 0
    return None


def _mention(text: str, atom: _Atom, span: _Span) -> DateMention | None:
    """The public record for a resolved atom."""
    if span.start is None or span.end is None:
        start = end = None
        precision = UNKNOWN
    elif span.start > span.end:
        return None
    else:
        start, end, precision = span.start, span.end, _precision_of(span.start, span.end)
    return DateMention(atom.start, atom.end, text[atom.start:atom.end], start, end, precision,
                       inferred=span.inferred if start else False, relative=span.relative,
                       month_only=_month_only(atom), duration=atom.duration)


_TIME_WORDS = (r"ago\b|years?\b|months?\b|weeks?\b|days?\b|decades?\b|yesterday|today|tomorrow|tonight|night|morning"
               r"|afternoon|evening|midday|noon|weekend|twenties|thirties|forties|fifties|sixties|seventies|eighties"
               r"|nineties|half\b|quarter|semester|trimester|season|spring|summer|autumn|winter").split("|")
_DATE_NAMES = sorted(set(ALL_MONTH_NUMBERS) | set(ALL_WEEKDAY_NUMBERS), key=len, reverse=True)
# Together: whether r"\d|\b(?:names)|ago\b|years?\b|..." (IGNORECASE) matches somewhere.
_DIGIT = re.compile(r"\d")
_fast_names = any_of([(w[0], re.escape(w[1:])) for w in _DATE_NAMES], word_start=True)
_fast_words = any_of([(w[0], w[1:]) for w in _TIME_WORDS])
_DATE_WORDS = (re.compile(_fast_names + "|" + _fast_words) if _fast_names and _fast_words else
               re.compile(r"\b(?:" + "|".join(_DATE_NAMES) + ")|" + "|".join(_TIME_WORDS), re.IGNORECASE))


def _may_hold_a_date(text: str) -> bool:
    """One cheap pass: a sentence with no digit, month, weekday or time word holds no date."""
    return _DIGIT.search(text) is not None or _DATE_WORDS.search(text) is not None


def find_dates(text: str, anchor: Anchor | None = None, *, year_floor: int | None = None,
               today: datetime.date | None = None) -> list[DateMention]:
    """Time expressions in text, resolved against anchor; non-overlapping, sorted by start.

    Without an anchor, relative and yearless expressions come back with precision
    "unknown" and no dates, except a weekday + month + day ("Thursday, June 26")
    when year_floor is given: the earliest year >= year_floor (and <= today's year)
    where that day is that weekday.
    """
    if not text or not _may_hold_a_date(text):
        return []
    ctx = _Ctx(anchor=anchor, year_floor=year_floor, today=today or datetime.date.today())
    atoms = _in_the_future(text, _with_cues(text, _join_ranges(text, _longest_first(_candidate_atoms(text)), ctx)))
    mentions: list[DateMention] = []
    told: Anchor | None = None  # the last time the text gave outright, for "the year before"
    for atom in atoms:
        here = replace(ctx, anchor=told) if atom.relational and told is not None else ctx
        span = _resolve_atom(atom, here)
        mention = _mention(text, atom, span) if span is not None else None
        if mention is not None:
            mentions.append(mention)
            if mention.precision in (DAY, MONTH, YEAR) and mention.date_start is not None:
                told = Anchor(mention.date_start, mention.precision)
    return mentions


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


_YEAR_TOKEN = re.compile(rf"(?<![\w$€£¥])(?P<y>{_YEAR4})(?![\w%]|[.,][0-9])")


def explicit_years(text: str) -> list[int]:
    """4-digit years (1800-2099) written in text as years, in order; '$2015' and '2,015 tons' are not."""
    return [int(m["y"]) for m in _YEAR_TOKEN.finditer(text) if not _is_quantity(text, m.start(), m.end())]
