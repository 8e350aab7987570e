"""The patterns, in priority order, each with its reader, and the cheap cues that let a
sentence skip the patterns that cannot match it.
"""
from __future__ import annotations

import re
from typing import Callable

from pipeline.text.alternation import literal_alternation
from pipeline.text.calendar import FULL_MONTH_NUMBERS, FULL_WEEKDAY_NUMBERS, MONTH_ABBREVIATIONS, SPANISH_MONTHS
from pipeline.text.dates.model import _Atom
from pipeline.text.dates.readers import (
    _read_bare_month,
    _read_day_month,
    _read_decade,
    _read_iso,
    _read_modified_year,
    _read_month_day,
    _read_month_year,
    _read_numeric,
    _read_period,
    _read_quarter,
    _read_season,
    _read_weekday,
    _read_weekday_day,
    _read_year,
)
from pipeline.text.dates.relative import (
    _read_before_after,
    _read_day_word,
    _read_duration,
    _read_earlier_this,
    _read_fiscal,
    _read_neighbour,
    _read_offset,
    _read_past_span,
)
from pipeline.text.dates.words import (
    _ANY_COUNT,
    _EXACT_COUNT,
    _MODIFIER,
    _MONTH_FULL,
    _MONTH_NAME,
    _ORDINAL_SUFFIX,
    _WEEKDAY_FULL,
    _WEEKDAY_PREFIX,
    _YEAR4,
)

# not "2015s", "2015%", "2015.5", "2015,000"; but a footnote number after a sentence's year is no
# decimal ("in FY2023.2 In FY2024", "in 2023.2" at the end of a paragraph)
_NO_NUMBER_AFTER = r"(?![\w%]|,[0-9]|\.[0-9](?![0-9]?(?:\s+[A-Z]|\s*$)))"
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


# --------------------------------------------------------------------------- cues: what a sentence must contain for a pattern to run

def _ascii_words_cue(words) -> re.Pattern:
    """Any of the words, ASCII letters matched in either case, as in (?ai:w1|w2): written out
    letter by letter so that the search can skip to the possible first letters at once.
    """
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
