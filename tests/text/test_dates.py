"""Table-driven tests of the date grammar (pipeline.text.dates) plus property tests.

Each row: the text, the anchor (or None), keyword arguments, and the expected
mentions as (text, date_start, date_end, precision, inferred). Offsets are
checked against the position of the expected text in the input.
"""
from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.text.dates import Anchor, DateMention, explicit_years, find_dates, infer_year_from_weekday

D = dt.date.fromisoformat
THURSDAY, TUESDAY = 3, 1


def day(iso: str, inferred: bool = False) -> Anchor:
    return Anchor(D(iso), "day", inferred)


def month(iso: str) -> Anchor:
    return Anchor(D(iso), "month")


def year(y: int) -> Anchor:
    return Anchor(dt.date(y, 1, 1), "year")


def check(text: str, anchor: Anchor | None, expected: list[tuple], **kwargs) -> list[DateMention]:
    """find_dates gives exactly the expected mentions, at the offsets of their text."""
    found = find_dates(text, anchor, **kwargs)
    got = [(m.text, m.date_start and m.date_start.isoformat(), m.date_end and m.date_end.isoformat(),
            m.precision, m.inferred) for m in found]
    assert got == [tuple(e) for e in expected]
    cursor = 0
    for mention in found:
        assert mention.start == text.index(mention.text, cursor)
        assert mention.end == mention.start + len(mention.text)
        assert text[mention.start:mention.end] == mention.text
        cursor = mention.end
    return found


# --------------------------------------------------------------------------- explicit dates

EXPLICIT = [
    ("at a press conference on Jan. 4, 2014. Authorities", [("Jan. 4, 2014", "2014-01-04", "2014-01-04", "day", False)]),
    ("January 4, 2014", [("January 4, 2014", "2014-01-04", "2014-01-04", "day", False)]),
    ("on 4 January 2014,", [("4 January 2014", "2014-01-04", "2014-01-04", "day", False)]),
    ("COCAINE / 12 SEP 2016 BY DAVID GAGNE", [("12 SEP 2016", "2016-09-12", "2016-09-12", "day", False)]),
    ("published 2014-01-04 in Lima", [("2014-01-04", "2014-01-04", "2014-01-04", "day", False)]),
    ("on Thursday, June 26, 2014, the minister", [("Thursday, June 26, 2014", "2014-06-26", "2014-06-26", "day", False)]),
    ("By Dialogo\nFebruary 10, 2014\n\nPeruvian", [("February 10, 2014", "2014-02-10", "2014-02-10", "day", False)]),
    ("the 4th of July, 2015", [("4th of July, 2015", "2015-07-04", "2015-07-04", "day", False)]),
    ("Sept. 11, 2001", [("Sept. 11, 2001", "2001-09-11", "2001-09-11", "day", False)]),
    ("el 4 de enero de 2014", [("4 de enero de 2014", "2014-01-04", "2014-01-04", "day", False)]),
    ("el 15 de setiembre de 2016", [("15 de setiembre de 2016", "2016-09-15", "2016-09-15", "day", False)]),
    ("on 17/12/2013", [("17/12/2013", "2013-12-17", "2013-12-17", "day", False)]),
    ("In May 2016, the head of", [("May 2016", "2016-05-01", "2016-05-31", "month", False)]),
    ("since October 2016 efforts", [("October 2016", "2016-10-01", "2016-10-31", "month", False)]),
    ("in March of 2017", [("March of 2017", "2017-03-01", "2017-03-31", "month", False)]),
    ("in late July 2015", [("late July 2015", "2015-07-01", "2015-07-31", "month", False)]),
    ("in 2013 the", [("2013", "2013-01-01", "2013-12-31", "year", False)]),
    ("In 2013, the Andean country", [("2013", "2013-01-01", "2013-12-31", "year", False)]),
    ("2013 was a record year.", [("2013", "2013-01-01", "2013-12-31", "year", False)]),
    ("According to a 2015 report on Peru", [("2015", "2015-01-01", "2015-12-31", "year", False)]),
    ("Peru's 2014 budget", [("2014", "2014-01-01", "2014-12-31", "year", False)]),
    # the US federal fiscal year runs October to September; a country's own is its calendar year
    ("enacted for fiscal 2024.", [("fiscal 2024", "2023-10-01", "2024-09-30", "range", False)]),
    ("aid in FY2025 and FY 26", [("FY2025", "2024-10-01", "2025-09-30", "range", False),
                                 ("FY 26", "2025-10-01", "2026-09-30", "range", False)]),
    ("the five fiscal years from 2020 to 2024", [("fiscal years from 2020 to 2024", "2019-10-01", "2024-09-30", "range", False)]),
    ("Peru's fiscal year 2024 budget", [("fiscal year 2024", "2024-01-01", "2024-12-31", "year", False)]),
    ("UNODC (2014) says", [("2014", "2014-01-01", "2014-12-31", "year", False)]),
    ("in 2013, 2014 and 2015", [("2013", "2013-01-01", "2013-12-31", "year", False),
                                ("2014", "2014-01-01", "2014-12-31", "year", False),
                                ("2015", "2015-01-01", "2015-12-31", "year", False)]),
    ("coca fell 13.9 percent in 2014 to 42,900 hectares, the lowest since 1999",
     [("2014", "2014-01-01", "2014-12-31", "year", False), ("1999", "1999-01-01", "1999-12-31", "year", False)]),
    ("He was sentenced on Wed., Mar. 4, 2015 to 25 years", [("Wed., Mar. 4, 2015", "2015-03-04", "2015-03-04", "day", False)]),
    ("Published: 03/18/2015 10:32 AM", [("03/18/2015", "2015-03-18", "2015-03-18", "day", False)]),
    ("During the 1980s and '90s, the", [("the 1980s", "1980-01-01", "1989-12-31", "range", False),
                                       ("'90s", "1990-01-01", "1999-12-31", "range", False)]),
    ("between 2007 and 2012, 17.5 percent", [("between 2007 and 2012", "2007-01-01", "2012-12-31", "range", False)]),
    ("from 2010 to 2013", [("from 2010 to 2013", "2010-01-01", "2013-12-31", "range", False)]),
    ("during 2012-2013", [("2012-2013", "2012-01-01", "2013-12-31", "range", False)]),
    ("in 2012–13", [("2012–13", "2012-01-01", "2013-12-31", "range", False)]),
    ("the 1999-00 season", [("1999-00", "1999-01-01", "2000-12-31", "range", False)]),
    ("from May 2015 to March 2016", [("from May 2015 to March 2016", "2015-05-01", "2016-03-31", "range", False)]),
    ("December 28 to January 3, 2016", [("December 28 to January 3, 2016", "2015-12-28", "2016-01-03", "range", False)]),
    ("between September 3 and 7, 2016", [("between September 3 and 7, 2016", "2016-09-03", "2016-09-07", "range", False)]),
    ("3-7 September 2016", [("3-7 September 2016", "2016-09-03", "2016-09-07", "range", False)]),
    ("in the 1990s, which", [("the 1990s", "1990-01-01", "1999-12-31", "range", False)]),
    ("in the early 2000s", [("the early 2000s", "2000-01-01", "2003-12-31", "range", False)]),
    ("in the '90s", [("the '90s", "1990-01-01", "1999-12-31", "range", False)]),
    ("In just the first nine months of 2014, for example",
     [("the first nine months of 2014", "2014-01-01", "2014-09-30", "range", False)]),
    ("the first half of 2015", [("the first half of 2015", "2015-01-01", "2015-06-30", "range", False)]),
    ("the last three months of 2014", [("the last three months of 2014", "2014-10-01", "2014-12-31", "range", False)]),
    ("the third quarter of 2014", [("the third quarter of 2014", "2014-07-01", "2014-09-30", "range", False)]),
    ("in Q1 2015", [("Q1 2015", "2015-01-01", "2015-03-31", "range", False)]),
    ("by mid-2015", [("mid-2015", "2015-01-01", "2015-12-31", "year", False)]),
    ("by the end of 2014", [("the end of 2014", "2014-01-01", "2014-12-31", "year", False)]),
    ("in the summer of 2014", [("the summer of 2014", "2014-01-01", "2014-12-31", "year", False)]),
]


@pytest.mark.parametrize("text, expected", EXPLICIT, ids=[row[0][:40] for row in EXPLICIT])
def test_explicit_dates_need_no_anchor(text, expected):
    check(text, None, expected)
    check(text, day("2020-05-05"), expected)  # an anchor changes nothing when the year is written


# --------------------------------------------------------------------------- partial dates (year from the anchor)

PARTIAL = [
    ("on June 26 the", day("2014-09-01"), [("June 26", "2014-06-26", "2014-06-26", "day", True)]),
    ("on June 26 the", day("2014-06-01"), [("June 26", "2013-06-26", "2013-06-26", "day", True)]),
    ("demolished 23 airstrips between September 3 and September 7. The", day("2016-09-12"),
     [("between September 3 and September 7", "2016-09-03", "2016-09-07", "range", True)]),
    ("between September 3 and 7.", day("2016-09-12"), [("between September 3 and 7", "2016-09-03", "2016-09-07", "range", True)]),
    ("on September 3-7", day("2016-09-12"), [("September 3-7", "2016-09-03", "2016-09-07", "range", True)]),
    ("from September 3 to September 7", day("2016-09-12"),
     [("from September 3 to September 7", "2016-09-03", "2016-09-07", "range", True)]),
    ("between March and May", day("2014-02-10"), [("between March and May", "2013-03-01", "2013-05-31", "range", True)]),
    ("In October, IDL Reporteros reported", day("2014-02-10"), [("October", "2013-10-01", "2013-10-31", "month", True)]),
    ("In October, IDL Reporteros reported", month("2014-10-01"), [("October", "2014-10-01", "2014-10-31", "month", True)]),
    ("In October, IDL Reporteros reported", year(2014), [("October", "2014-10-01", "2014-10-31", "month", True)]),
    ("This changed in December. On the morning of Tuesday 17, a joint police", month("2013-12-01"),
     [("December", "2013-12-01", "2013-12-31", "month", True), ("Tuesday 17", "2013-12-17", "2013-12-17", "day", True)]),
    ("On Tuesday the 17th police raided", day("2013-12-20"), [("Tuesday the 17th", "2013-12-17", "2013-12-17", "day", True)]),
    ("whose term began in late July.", day("2016-09-12"), [("late July", "2016-07-01", "2016-07-31", "month", True)]),
    ("in early March", day("2016-09-12"), [("early March", "2016-03-01", "2016-03-31", "month", True)]),
    ("last October", day("2014-10-20"), [("last October", "2013-10-01", "2013-10-31", "month", True)]),
    ("October last year", day("2014-06-26"), [("October last year", "2013-10-01", "2013-10-31", "month", True)]),
    ("the first week of March", day("2014-06-26"), [("the first week of March", "2014-03-01", "2014-03-07", "range", True)]),
    ("On the afternoon of Thursday, June 26, I had", day("2014-09-01"),
     [("Thursday, June 26", "2014-06-26", "2014-06-26", "day", True)]),
    # the weekday contradicts the anchor's year: the consistent year within one of it wins
    ("On the afternoon of Thursday, June 26, I had", year(2015),
     [("Thursday, June 26", "2014-06-26", "2014-06-26", "day", True)]),
    # no consistent year nearby: keep the anchor's year
    ("on Monday, June 26", year(2014), [("Monday, June 26", "2014-06-26", "2014-06-26", "day", True)]),
]


@pytest.mark.parametrize("text, anchor, expected", PARTIAL, ids=[f"{r[0][:35]}|{r[1].date}" for r in PARTIAL])
def test_partial_dates_take_the_year_from_the_anchor(text, anchor, expected):
    found = check(text, anchor, expected)
    assert all(m.relative for m in found)


def test_weekday_and_day_without_anchor_uses_year_floor():
    text = "On the afternoon of Thursday, June 26, I had a phone interview"
    found = check(text, None, [("Thursday, June 26", "2014-06-26", "2014-06-26", "day", True)],
                  year_floor=2013, today=dt.date(2024, 1, 1))
    assert not found[0].relative
    # June 26 is a Thursday in 2014, 2025, ...: the earliest year >= floor
    check(text, None, [("Thursday, June 26", "2025-06-26", "2025-06-26", "day", True)],
          year_floor=2015, today=dt.date(2030, 1, 1))
    # never past today's year
    check(text, None, [("Thursday, June 26", None, None, "unknown", False)], year_floor=2015, today=dt.date(2020, 1, 1))


def test_month_only_marks_bare_months():
    (october,) = find_dates("In October, IDL reported", day("2014-02-10"))
    assert october.month_only == (10, 0)
    (unknown,) = find_dates("In October, IDL reported")
    assert unknown.month_only == (10, 0) and unknown.precision == "unknown"
    (full,) = find_dates("In October 2013, IDL reported")
    assert full.month_only is None


# --------------------------------------------------------------------------- relative expressions

RELATIVE = [
    ("In actions initiated a day earlier in the nearby zone", day("2013-12-17"),
     [("a day earlier", "2013-12-16", "2013-12-16", "day", True)]),
    ("the day before, police", day("2013-12-17"), [("the day before", "2013-12-16", "2013-12-16", "day", True)]),
    ("the previous day", day("2013-12-17"), [("the previous day", "2013-12-16", "2013-12-16", "day", True)]),
    ("the next day", day("2013-12-17"), [("the next day", "2013-12-18", "2013-12-18", "day", True)]),
    ("a day later", day("2013-12-17"), [("a day later", "2013-12-18", "2013-12-18", "day", True)]),
    ("The following day, the", day("2013-12-31"), [("The following day", "2014-01-01", "2014-01-01", "day", True)]),
    # a duration from the anchor is the span it covers
    ("After two days, a total of 20 clandestine airstrips", day("2013-12-17"),
     [("After two days", "2013-12-17", "2013-12-18", "range", True)]),
    ("the 20 airstrips that were dynamited in two days had", day("2013-12-17"),
     [("in two days", "2013-12-17", "2013-12-18", "range", True)]),
    # "N days later" is a point in time
    ("Two days later, police", day("2013-12-17"), [("Two days later", "2013-12-19", "2013-12-19", "day", True)]),
    ("purchase of radars last year, said", day("2014-06-26"), [("last year", "2013-01-01", "2013-12-31", "year", True)]),
    ("This year they have intercepted", day("2014-06-26"), [("This year", "2014-01-01", "2014-12-31", "year", True)]),
    ("next year", month("2014-06-01"), [("next year", "2015-01-01", "2015-12-31", "year", True)]),
    ("“Seven years ago,” he said", day("2014-06-26"), [("Seven years ago", "2007-01-01", "2007-12-31", "year", True)]),
    ("two years ago", year(2014), [("two years ago", "2012-01-01", "2012-12-31", "year", True)]),
    ("a couple of weeks ago a twin-engine plane", day("2014-06-26"),
     [("a couple of weeks ago", "2014-06-05", "2014-06-19", "range", True)]),
    ("last month", day("2014-06-26"), [("last month", "2014-05-01", "2014-05-31", "month", True)]),
    ("three months ago", month("2014-02-01"), [("three months ago", "2013-11-01", "2013-11-30", "month", True)]),
    ("yesterday", day("2014-06-26"), [("yesterday", "2014-06-25", "2014-06-25", "day", True)]),
    ("today", day("2014-06-26"), [("today", "2014-06-26", "2014-06-26", "day", True)]),
    ("police said Wednesday they seized", day("2015-03-18"), [("Wednesday", "2015-03-18", "2015-03-18", "day", True)]),
    ("Earlier this month, the navy", day("2015-03-18"), [("Earlier this month", "2015-03-01", "2015-03-18", "range", True)]),
    ("over the past 12 months", day("2015-03-18"), [("the past 12 months", "2014-03-18", "2015-03-18", "range", True)]),
    ("last week", day("2014-06-26"), [("last week", "2014-06-16", "2014-06-22", "range", True)]),
    ("in the second half of this year,” said", day("2014-06-26"),
     [("the second half of this year", "2014-07-01", "2014-12-31", "range", True)]),
    ("the end of the year", day("2014-06-26"), [("the end of the year", "2014-01-01", "2014-12-31", "year", True)]),
    ("late last year", day("2014-06-26"), [("late last year", "2013-01-01", "2013-12-31", "year", True)]),
    ("earlier this year", day("2014-06-26"), [("earlier this year", "2014-01-01", "2014-06-26", "range", True)]),
    ("seized 134 tons so far this year", day("2022-08-18"),
     [("so far this year", "2022-01-01", "2022-08-18", "range", True)]),
    ("so far this month", day("2022-08-18"), [("so far this month", "2022-08-01", "2022-08-18", "range", True)]),
    ("in the past three years", year(2014), [("the past three years", "2011-01-01", "2014-12-31", "range", True)]),
    ("the previous year", day("2014-06-26"), [("the previous year", "2013-01-01", "2013-12-31", "year", True)]),
    ("on Tuesday police", day("2014-06-26"), [("Tuesday", "2014-06-24", "2014-06-24", "day", True)]),
    ("last Thursday", day("2014-06-26"), [("last Thursday", "2014-06-19", "2014-06-19", "day", True)]),
    # day-level relatives need a day anchor; the text is still returned
    ("a day earlier", month("2013-12-01"), [("a day earlier", None, None, "unknown", False)]),
    ("yesterday", year(2014), [("yesterday", None, None, "unknown", False)]),
]


@pytest.mark.parametrize("text, anchor, expected", RELATIVE, ids=[f"{r[0][:35]}|{r[1].date}" for r in RELATIVE])
def test_relative_expressions_resolve_against_the_anchor(text, anchor, expected):
    found = check(text, anchor, expected)
    assert all(m.relative for m in found)


NO_ANCHOR = [
    "a day earlier", "the day before.", "After two days,", "last year", "This year", "next year",
    "Seven years ago", "a couple of weeks ago", "last month", "yesterday", "today", "In October",
    "June 26", "Tuesday 17,", "between September 3 and September 7", "the second half of this year",
    "late July", "Thursday, June 26",
]


@pytest.mark.parametrize("text", NO_ANCHOR)
def test_without_anchor_relative_and_partial_dates_are_unknown(text):
    (mention,) = find_dates(text)
    assert (mention.date_start, mention.date_end, mention.precision) == (None, None, "unknown")
    assert mention.relative and not mention.inferred
    assert text[mention.start:mention.end] == mention.text


# --------------------------------------------------------------------------- things that are not dates

NOT_DATES = [
    "The U.S. is also providing $85 million (USD) to Peru.",
    "destroyed about 24,000 hectares; 55,000 hectares of coca",
    "a reduction of 17.5 percent in Peru",
    "can be restored on the cheap in as little as 24 hours.",
    "Recently the government has acquired new Korean KT-1P aircraft",
    "The objectives of the 29-point plan are grouped",
    "a new security plan for the first 100 days in office",
    "four to six drug planes are entering the region each day.",
    "Six flights a day equal 180 per month.",
    "In recent years, members of the faction have killed 65 police agents",
    "Some time ago the illegal use of military helicopters",
    "“Now,” said Cateriano, “we are in the process.” Currently, nothing.",
    "in the coming months and the coming weeks",
    "2,013 tons and $2013 and US$ 2015 and 2015 tons",
    "a force of 2000 soldiers",
    "from 1800 to 2000 hectares",
    "Less than two years after his arrest, criminal activities continue",
    "two days before the election",
    "May they succeed; March on, he said.",
    "at the end of the day",
    "to this day",
    "16-09-12-Peru-VRAEM",
    "Covid-19 pandemic",
    "on 04/01/2014",  # January 4 or April 1: ambiguous
    "in October 15 soldiers",  # "October" alone is read; the 15 is a count
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_numbers_and_vague_words_are_not_dates(text):
    found = find_dates(text, day("2014-06-26"))
    if text == "in October 15 soldiers":
        assert [m.text for m in found] == ["October"]
    else:
        assert found == []


# --------------------------------------------------------------------------- helpers

def test_infer_year_from_weekday():
    assert infer_year_from_weekday(6, 26, THURSDAY, floor=2013, ceiling=2024) == 2014
    assert infer_year_from_weekday(12, 17, TUESDAY, floor=2010, ceiling=2024) == 2013
    assert infer_year_from_weekday(6, 26, THURSDAY, floor=2015, ceiling=2020) is None
    assert infer_year_from_weekday(2, 29, THURSDAY, floor=2000, ceiling=2030) == 2024
    assert infer_year_from_weekday(2, 30, THURSDAY, floor=2000, ceiling=2030) is None
    assert infer_year_from_weekday(13, 1, THURSDAY, floor=2000, ceiling=2030) is None


@pytest.mark.parametrize("text, years", [
    ("a reduction of nearly 50 percent in Colombia between 2007 and 2012, 17.5 percent in Peru between 2012 and "
     "2013, and 26 percent in Bolivia", [2007, 2012, 2012, 2013]),
    ("$2015 and 2,015 tons and 2015 tons and 2015%", []),
    ("Jan. 4, 2014; in mid-2015; 2016-2017; in the 1990s; 12 SEP 2016", [2014, 2015, 2016, 2017, 2016]),
    ("KT-2015 aircraft, 1750 and 2100", []),
])
def test_explicit_years(text, years):
    assert explicit_years(text) == years


def test_articles_end_to_end_are_fast_and_sane():
    """The real articles: every mention well-formed, about a millisecond a sentence."""
    raw = Path(__file__).resolve().parents[2] / "raw"
    texts = [path.read_text(encoding="utf-8") for path in sorted(raw.glob("*.txt"))]
    if not texts:
        pytest.skip("no raw articles")
    sentences = [s for text in texts for s in text.replace("\n", ". ").split(". ") if s.strip()]
    started = time.perf_counter()
    for sentence in sentences:
        for mention in find_dates(sentence, day("2014-06-26")):
            assert_well_formed(sentence, mention)
    per_sentence = (time.perf_counter() - started) / len(sentences)
    assert per_sentence < 0.005


# --------------------------------------------------------------------------- properties

def assert_well_formed(text: str, mention: DateMention) -> None:
    assert 0 <= mention.start < mention.end <= len(text)
    assert text[mention.start:mention.end] == mention.text
    assert (mention.precision == "unknown") == (mention.date_start is None and mention.date_end is None)
    assert (mention.date_start is None) == (mention.date_end is None)
    if mention.date_start is not None:
        assert mention.date_start <= mention.date_end
    if mention.precision == "day":
        assert mention.date_start == mention.date_end
    assert mention.precision in {"day", "month", "year", "range", "unknown"}


_VOCABULARY = [
    "in", "In", "between", "and", "from", "to", "since", "the", "a", "last", "next", "this", "year", "years",
    "month", "day", "days", "weeks", "ago", "earlier", "later", "before", "after", ",", ".", "-", "–", "$",
    "2013", "2014", "1999", "2012-13", "2007", "1990s", "'90s", "0", "00", "1", "3", "7", "17", "26", "31", "29",
    "30", "99", "999", "January", "Feb.", "February", "June", "SEP", "Sept.", "October", "December", "May",
    "enero", "de", "Tuesday", "Thursday", "Monday,", "first", "second", "half", "nine", "months", "of",
    "quarter", "Q3", "H2", "early", "mid-", "late", "the end of", "Seven", "a couple of", "yesterday", "today",
    "percent", "tons", "hectares", "17/12/2013", "2014-02-29", "02/30/2014", "After", "two", "within",
    "the past", "the previous", "following", "(", ")", "’s", "summer", "Q4", "1800", "2099", "9999",
]
_anchors = st.none() | st.builds(Anchor, st.dates(), st.sampled_from(["day", "month", "year"]), st.booleans())
_texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(_VOCABULARY), max_size=25).map(" ".join),
    st.lists(st.sampled_from(_VOCABULARY) | st.text(max_size=3), max_size=25).map("".join),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_texts, anchor=_anchors, year_floor=st.none() | st.integers(-10_000, 12_000),
       today=st.none() | st.dates())
def test_find_dates_never_raises_and_mentions_are_well_formed(text, anchor, year_floor, today):
    mentions = find_dates(text, anchor, year_floor=year_floor, today=today)
    for mention in mentions:
        assert_well_formed(text, mention)
    for before, after in zip(mentions, mentions[1:]):
        assert before.end <= after.start  # non-overlapping, sorted


@settings(max_examples=200, deadline=None)
@given(text=_texts)
def test_explicit_years_are_in_range(text):
    assert all(1800 <= y <= 2099 for y in explicit_years(text))


@pytest.mark.parametrize("text, expected", [
    # counted from the time the sentence has just told, not from the publication day
    ("Customs seized 49 tonnes in 2024, down from 116 tonnes the year before.",
     [("2024", "2024-01-01", "year"), ("the year before", "2023-01-01", "year")]),
    ("In 2019 the army arrived; two years later it left.",
     [("2019", "2019-01-01", "year"), ("two years later", "2021-01-01", "year")]),
    ("On 5 May 2022 police raided the farm and the next day they seized 3 tonnes.",
     [("5 May 2022", "2022-05-05", "day"), ("the next day", "2022-05-06", "day")]),
    # a year told gives no day: "the day before" it stays unknown rather than invented
    ("Arrests rose in 2021; the day before, nobody knew.", [("2021", "2021-01-01", "year")]),
    # deictic words still count from now
    ("Prices rose last year, after falling the year before.",
     [("last year", "2024-01-01", "year"), ("the year before", "2023-01-01", "year")]),
])
def test_relational_expressions_count_from_the_time_just_told(text, expected):
    got = [(m.text, m.date_start and m.date_start.isoformat(), m.precision)
           for m in find_dates(text, day("2025-03-13")) if m.precision != "unknown"]
    assert got == expected


@pytest.mark.parametrize("text, start", [
    ("A tender for scanners will be launched in June.", "2025-06-01"),     # the future: the next June
    ("The tender was launched in June.", "2024-06-01"),                    # the past: the last one
    ("The new base is due to open on 2 March.", "2026-03-02"),
    ("The minister will travel on 20 March.", "2025-03-20"),
])
def test_a_yearless_date_in_a_clause_about_the_future_is_the_next_one(text, start):
    [m] = find_dates(text, day("2025-03-13"))
    assert m.date_start.isoformat() == start and m.inferred


def test_a_range_of_weekdays_is_one_span():
    from pipeline.text.dates import Anchor, find_dates
    [m] = find_dates("Between Sunday and Tuesday, police raided 40 farms.", Anchor(dt.date(2025, 1, 9), "day"))
    assert (m.date_start, m.date_end, m.precision) == (dt.date(2025, 1, 5), dt.date(2025, 1, 7), "range")


def test_on_two_weekdays_is_their_span():
    from pipeline.text.dates import Anchor, find_dates
    [m] = find_dates("Police raided 12 farms on Monday and Tuesday.", Anchor(dt.date(2024, 6, 12), "day"))
    assert (m.date_start, m.date_end) == (dt.date(2024, 6, 10), dt.date(2024, 6, 11))


def test_a_month_a_plan_is_for_lies_ahead():
    from pipeline.text.dates import Anchor, find_dates
    [m] = find_dates("The government hopes to eradicate 30,000 hectares by December.", Anchor(dt.date(2024, 6, 12), "day"))
    assert m.date_start == dt.date(2024, 12, 1)


def test_a_footnote_number_after_a_fiscal_year_is_no_decimal():
    assert [m.text for m in find_dates("Its budget rose to $1.2 million in FY2021.7")] == ["FY2021"]
    assert [m.text for m in find_dates("The yield was 2015.5 tonnes a year.")] == []
