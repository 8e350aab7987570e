"""When and where a figure is about: the period its clause dates it to and the place it names.

Apart from ``figures`` because it reads only dates, clauses and places, the
same for an estimate as for a budget.
"""
from __future__ import annotations

import re

from pipeline.extract import clauses, entities
from pipeline.extract.clauses import SPEECH_DATE_BEFORE
from pipeline.text.dates import DateMention
from pipeline.text.numbers import Quantity

COMPARISON_BASE = re.compile(r"\b(?:from|than|compared\s+(?:with|to)|against|versus|vs\.?)\b(?:[^,;:.]|(?<=\d)[,.](?=\d)){0,40}$", re.I)
# "a 10% increase over the previous year": the year before is the base, not the change's time
OVER_BEFORE = re.compile(r"\bover\s+$", re.I)
YEAR_BEFORE = re.compile(r"(?:the\s+(?:previous|preceding|prior)\s+year|last\s+year|a\s+year\s+(?:earlier|before)|(?:19|20)\d\d)$", re.I)


def _base_of_comparison(m: DateMention, q: Quantity, sentence: str) -> bool:
    """ "fell 2.4% to 92,784 hectares, from 95,080 in 2022", "9% more than in 2023": the date of the
    earlier value dates that value, not the figure compared with it.
    """
    base = COMPARISON_BASE.search(sentence, 0, m.start)
    if base is not None and q.start < base.start():
        return True
    if q.start < m.start and OVER_BEFORE.search(sentence, max(0, m.start - 8), m.start) and YEAR_BEFORE.match(m.text):
        return True
    # "… 4% more than a year earlier, and the Yungas accounted for 62%": another figure's base
    return THAN_BASE.search(sentence, max(0, m.start - 30), m.start) is not None


THAN_BASE = re.compile(r"\b(?:than|compared\s+(?:with|to)|versus|vs\.?)\s+(?:in\s+|during\s+|for\s+)?(?:the\s+)?$", re.I)


def nearest_period(q: Quantity, dates: list[DateMention], sentence: str) -> DateMention | None:
    """The time a figure refers to: a date in its clause (after it first), else in the sentence."""
    protected = tuple((m.start, m.end) for m in dates)
    dates = [m for m in dates if not _base_of_comparison(m, q, sentence)
             and not SPEECH_DATE_BEFORE.search(sentence, max(0, m.start - 40), m.start)]
    c_start, c_end = clauses.clause_of(sentence, q.start, protected)
    in_clause = [m for m in dates if c_start <= m.start and m.end <= c_end]
    if in_clause:
        after = [m for m in in_clause if m.start >= q.end]
        return after[0] if after else min(in_clause, key=lambda m: abs(m.start - q.start))
    # A parallel clause shares its time ("grew 52 percent in 2019 …, while the national total stood at
    # …"); a subordinate one dates its own verb ("… since the military stepped up patrols there in 2019"),
    # and only a date that opens the sentence covers all of it.
    for s_start, s_end in clauses.siblings(sentence, q.start, protected):
        parallel = [m for m in dates if s_start <= m.start and m.end <= s_end]
        if parallel:
            return parallel[0]
    opening = [m for m in dates if clauses.fronted(sentence, m.start, m.end)]
    return opening[0] if opening else None


LOCATIVE_THERE = re.compile(r"\bthere\b(?!\s+(?:is|are|was|were|has|have|had|will|would|may|might|could|seems?|appears?|must|should|'s)\b)", re.I)


def geography_of(q: Quantity, sentence: str, dates: list[DateMention] = ()) -> str | None:
    """The place a figure is about: right after it ("in Peru"), else named in its clause, else the
    place a "where" clause hangs on ("… focus on the VRAEM, where 54 percent of the crop is produced").
    """
    m = re.match(r"^[^.;:,]{0,40}?\b(?:in|of|from|across)\s+(?:the\s+)?", sentence[q.end:])
    if m:
        places = entities.places_in(sentence[q.end + m.end(): q.end + m.end() + 60])
        if places and places[0].start == 0:
            return places[0].name
    c_start, c_end = clauses.clause_of(sentence, q.start, tuple((m.start, m.end) for m in dates))
    # "… greater than that calculated by the U.S.": the other estimate's place is not this one's.
    names = entities.most_specific_places(clauses.without_comparanda(clauses.visible(sentence, q.start))[c_start:c_end])
    if not names and (re.match(r"\s*where\b", sentence[c_start:], re.IGNORECASE)
                      or LOCATIVE_THERE.search(sentence, q.end, c_end)):
        # "… focus on the VRAEM, where 54 percent …"; "… in the Pichis valley; we found 600 hectares there"
        before = entities.places_in(sentence[:c_start])
        names = [before[-1].name] if before else []
    return "; ".join(names) if names else None
