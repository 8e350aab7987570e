"""Context rules: what only looks like a quantity, and bare figures in a list.

A figure glued to letters is a code ('A320', 'Covid-19'), 'two days' a
duration, 'one of the' a pronoun, 'Law 30339' a label, 'BARRIO 18' a
heading; these rules read the characters around a match to drop them.
"""
from __future__ import annotations

import re

from pipeline.text.numbers.grammar import _Grammar
from pipeline.text.numbers.lexicon import _number_vocab
from pipeline.text.numbers.patterns import _HYPHENS, _char, _key
from pipeline.text.numbers.records import _Candidate, _Figure, _tidy


def _is_not_a_quantity(
    text: str, figures: list[_Figure], unit: str | None, qualifier_text: str | None, lead: int, core_end: int, g: _Grammar
) -> bool:
    """Codes, foreign money, durations, pronoun 'one', labels."""
    if _looks_like_code(text, lead, core_end, g):
        return True
    if unit is None and _is_foreign_money(text, lead, core_end, g):
        return True
    if unit is not None:
        return False
    if _is_duration(text, figures[-1].end, g, figures[-1].raw) or g.unreported_after.match(text, figures[-1].end):
        return True  # "two days", "a high of 32 degrees"
    if _is_phone_number(text, figures):
        return True
    first = figures[0]
    if len(figures) == 1 and first.is_words and first.raw in (0.5, 1.0) and first.scale_key is None:
        return True  # "one of the", "One security expert", "half of"
    if g.ratio_before.search(text, max(0, lead - 20), lead):
        return True  # "one in three flights"
    return not qualifier_text and bool(g.label_before.search(text, max(0, lead - 40), lead))  # "Law 30339"


PHONE_DIGITS = 5  # a "range" whose second part runs to this many digits, unpunctuated, is a phone number


def _is_phone_number(text: str, figures: list[_Figure]) -> bool:
    """'Call 4-4136020', '(01) 411-4000': digits joined by a hyphen, the second run long and ungrouped."""
    if len(figures) != 2:
        return False
    first, second = figures
    joint, written = text[first.numeral_end:second.start], text[second.start:second.numeral_end]
    return len(joint) == 1 and joint in _HYPHENS and written.isdigit() and len(written) >= PHONE_DIGITS \
        and second.raw > 1000 * first.raw


def _is_year(figures: list[_Figure], noun: str | None, qualified: bool, is_range: bool) -> bool:
    """'in 2013', 'between 2007 and 2012', 'a 2015 report' -- but 'some 2000 soldiers' is a count."""
    if not all(f.looks_like_year for f in figures):
        return False
    plural_count = noun is not None and noun.endswith("s") and (qualified or is_range)
    return not plural_count


def _looks_like_code(text: str, start: int, end: int, g: _Grammar) -> bool:
    """Glued to letters or other digits: 'A320', 'Covid-19', '1990s', '29-point', '24/7'."""
    before, before2 = _char(text, start - 1), _char(text, start - 2)
    if before.isalnum() or before == "_":
        return True
    if before and before in _HYPHENS and before2.isalnum():
        return True
    after, after2 = _char(text, end), _char(text, end + 1)
    if after.isalnum() or after == "_":
        return True
    if g.rate_adjacent.match(text, end) and after == "/":
        return False  # "$2,000/kg"
    if after and after in _HYPHENS + "/" and after2.isalnum():
        return True
    if after in ("'", "\u2019") and after2.isalpha():
        return True  # "one's", "90's"
    return after in (",", ".") and after2.isdigit()  # "1,2,3", "3.4.5"


def _is_foreign_money(text: str, start: int, end: int, g: _Grammar) -> bool:
    """A sum in a currency outside the contract ('R$ 500', '500 pesos')."""
    return bool(g.foreign_before.search(text, max(0, start - 8), start) or g.foreign_after.match(text, end))


def _is_duration(text: str, end: int, g: _Grammar, value: float | None = None) -> bool:
    """'two days', 'Seven years ago', 'the first nine months': time spans, not quantities; but
    '22,000 last year' is a figure and a time, as a singular unit after a plural number says.
    """
    m = g.duration_after.match(text, end)
    if m is None:
        return False
    return value in (None, 1.0) or m.group(0).rstrip().lower().endswith("s")


def _share_elided_units(text: str, candidates: list[_Candidate], g: _Grammar) -> None:
    """'25,000 hectares in 2016, 30,000 in 2017': a bare figure in a list takes the unit before it."""
    for previous, c in zip(candidates, candidates[1:]):
        if c.unit or c.noun or previous.unit is None:
            continue
        if not g.elided_gap.match(text, previous.end, c.start) or not g.elided_follower.match(text, c.end):
            continue
        c.unit, c.multiplier = previous.unit, previous.multiplier
        c.low, c.high = _tidy(c.low * c.multiplier), _tidy(c.high * c.multiplier)


def _line_around(text: str, start: int, end: int) -> str:
    """The line holding text[start:end]."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return text[line_start : len(text) if line_end < 0 else line_end]


_WORD = re.compile(r"[^\W_]+(?:['\u2019.-][^\W_]+)*")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w'\u2019-]*)[^\S\n]*\Z")


def _is_stray_bare_number(text: str, c: _Candidate, g: _Grammar) -> bool:
    """A number with no unit, noun, qualifier or rate in a heading or after a name ('BARRIO 18', 'po 2')."""
    if c.unit or c.noun or c.per or c.qualifier != "exact" or c.is_range:
        return False
    line = _line_around(text, c.start, c.end)
    words = _WORD.findall(line)
    if any(ch.isalpha() for ch in line) and not any(ch.islower() for ch in line):
        return True  # an all-capitals heading or dateline
    if len(words) <= 3 and any(not _is_number_token(w, g) for w in words):
        return True  # a caption marker ("po 2")
    previous = _WORD_BEFORE.search(text, max(0, c.start - 40), c.start)
    if previous is None or not previous.group(1)[0].isupper():
        return False
    return previous.group(1).isupper() or not _at_sentence_start(text, previous.start())


def _is_number_token(word: str, g: _Grammar) -> bool:
    """Digits or a number word (a line of only these is a figure, not a caption)."""
    return word[0].isdigit() or _key(word) in g.number_words or _key(word) in _number_vocab().articles


def _at_sentence_start(text: str, i: int) -> bool:
    """A capital here is a sentence's, not a name's ('Only 20' vs 'Barrio 18')."""
    before = text[max(0, i - 4) : i].rstrip(" \t\"'\u201c\u2018(")
    return before == "" or before.endswith(("\n", ".", "!", "?", ":", ";", "\u201d"))
