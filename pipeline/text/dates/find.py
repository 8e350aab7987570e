"""The pipeline behind find_dates: scan, select the longest, join ranges, keep cued bare
years and months, resolve; and explicit_years.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import replace
from functools import lru_cache

from pipeline.text.alternation import any_of
from pipeline.text.calendar import ALL_MONTH_NUMBERS, ALL_WEEKDAY_NUMBERS, WEEKDAY_ALTERNATION
from pipeline.text.dates.arithmetic import _precision_of, _resolve_atom
from pipeline.text.dates.model import DAY, MONTH, UNKNOWN, YEAR, Anchor, DateMention, _Atom, _Ctx, _Span
from pipeline.text.dates.patterns import _CUES, _PATTERN_NEEDS, _PATTERNS
from pipeline.text.dates.words import (
    _DETERMINERS,
    _LIST_GAP,
    _MONTH_CUES,
    _PLURAL_NOUN_AFTER,
    _SENTENCE_OPENING_MONTHS,
    _WEAK_YEAR_CUES,
    _WORD_AFTER,
    _YEAR4,
    _YEAR_CUES,
    _at_sentence_start,
    _is_quantity,
    _word_before,
)


def _candidate_atoms(text: str) -> list[_Atom]:
    """Every atom any pattern proposes, overlapping."""
    return list(_scanned(text))


@lru_cache(maxsize=4)
def _scanned(text: str) -> tuple[_Atom, ...]:
    """The atoms of a text, kept for the next call: a sentence is read against the reference,
    then often against the narrative date (atoms are immutable; resolving them reads the anchor).
    """
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
                            r"planned|slated)\s+to|plans?\s+to|planning\s+to|intends?\s+to|aims?\s+to|hopes?\s+to|expects?\s+to|"
                            r"wants?\s+to|seeks?\s+to|promised\s+to|promises\s+to|vowed\s+to|pledged\s+to)\b[^.;:!?]*$", re.I)
FUTURE_REACH = 60  # characters back from a date to its clause's verb
# "And from February, 1,200 officers will be deployed": a date that opens the sentence dates the verb after it
_FRONTED = re.compile(r"^\W*(?:[\w’'-]+\s+){0,3}$")
_FUTURE_AFTER = re.compile(r",[^.;:!?]{0,80}?\b(?:will|shall|'ll|(?:is|are)\s+to|(?:is|are)\s+(?:scheduled|expected|due|set)\s+to)\b",
                           re.I)


def _in_the_future(text: str, atoms: list[_Atom]) -> list[_Atom]:
    """Mark yearless calendar dates of a clause about the future."""
    out = []
    for atom in atoms:
        cal = atom.cal
        if cal is not None and atom.cal_end is None and cal.year is None and cal.year_offset is None \
                and cal.direction == 0 and cal.month is not None \
                and (_FUTURE_BEFORE.search(text, max(0, atom.start - FUTURE_REACH), atom.start)
                     or _FRONTED.match(text[:atom.start]) and _FUTURE_AFTER.match(text, atom.end)):
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
               today: datetime.date | None = None, told: Anchor | None = None,
               relational_from_anchor: bool = True) -> list[DateMention]:
    """Time expressions in text, resolved against anchor; non-overlapping, sorted by start.

    Without an anchor, relative and yearless expressions come back with precision
    "unknown" and no dates, except a weekday + month + day ("Thursday, June 26")
    when year_floor is given: the earliest year >= year_floor (and <= today's year)
    where that day is that weekday. ``told`` is the time the text told before this
    text ("… in 2023. … for that year"): a relational expression ("the same
    year", "the year before") counts from it until the text tells another. With
    ``relational_from_anchor`` False, a relational expression with no time told
    before it is left unresolved: the anchor is the day of writing, not the time
    "the same year" means.
    """
    if not text or not _may_hold_a_date(text):
        return []
    ctx = _Ctx(anchor=anchor, year_floor=year_floor, today=today or datetime.date.today())
    atoms = _in_the_future(text, _with_cues(text, _join_ranges(text, _longest_first(_candidate_atoms(text)), ctx)))
    mentions: list[DateMention] = []
    for atom in atoms:
        here = replace(ctx, anchor=told) if atom.relational and told is not None else \
            replace(ctx, anchor=None) if atom.relational and not relational_from_anchor else ctx
        span = _resolve_atom(atom, here)
        mention = _mention(text, atom, span) if span is not None else None
        if mention is not None:
            mentions.append(mention)
            if mention.precision in (DAY, MONTH, YEAR) and mention.date_start is not None \
                    and (told is None or not mention.inferred):   # "in March" (of which year?) tells no year
                told = Anchor(mention.date_start, mention.precision)
    return _weekday_ranges(text, mentions)


_WEEKDAY_ONLY = re.compile(rf"(?:{WEEKDAY_ALTERNATION})", re.I)
_WEEKDAY_SPAN = re.compile(r"\s+(?:and|to|through|until)\s+|\s*[-–]\s*", re.I)


def _weekday_ranges(text: str, mentions: list[DateMention]) -> list[DateMention]:
    """ "Between Sunday and Tuesday", "from Monday to Thursday": the days in between, one range."""
    out: list[DateMention] = []
    for m in mentions:
        first = out[-1] if out else None
        if first is not None and first.precision == DAY and m.precision == DAY and first.date_start and m.date_start \
                and _WEEKDAY_ONLY.fullmatch(first.text) and _WEEKDAY_ONLY.fullmatch(m.text) \
                and _WEEKDAY_SPAN.fullmatch(text[first.end:m.start]) \
                and re.search(r"\b(?:between|from|on)\s+$", text[max(0, first.start - 9):first.start], re.I):
            start = first.date_start if first.date_start <= m.date_start else first.date_start - datetime.timedelta(days=7)
            out[-1] = replace(first, end=m.end, text=text[first.start:m.end], date_start=start, date_end=m.date_end,
                              precision="range")
            continue
        out.append(m)
    return out


_YEAR_TOKEN = re.compile(rf"(?<![\w$€£¥])(?P<y>{_YEAR4})(?![\w%]|[.,][0-9])")


def explicit_years(text: str) -> list[int]:
    """4-digit years (1800-2099) written in text as years, in order; '$2015' and '2,015 tons' are not."""
    return [int(m["y"]) for m in _YEAR_TOKEN.finditer(text) if not _is_quantity(text, m.start(), m.end())]
