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

Modules: `words` (vocabulary, regex blocks, quantity look-around), `model`
(records), `arithmetic` (calendar arithmetic, year inference, resolution),
`readers` and `relative` (one reader per pattern), `patterns` (the patterns
and their cues), `find` (steps 1-5).

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

from pipeline.text.dates.arithmetic import infer_year_from_weekday
from pipeline.text.dates.find import explicit_years, find_dates
from pipeline.text.dates.model import Anchor, DateMention

__all__ = ["Anchor", "DateMention", "find_dates", "infer_year_from_weekday", "explicit_years"]
