"""Fractions as shares: 'nearly two-thirds of the cocaine' is about 66.67 percent.

Written fractions are not figures for the main grammar; they are found by
their own pattern (only when a cheap hint matches) and added beside them.
"""
from __future__ import annotations

import re
from functools import cache

from pipeline.text.numbers.grammar import _grammar
from pipeline.text.numbers.lexicon import _lexicon
from pipeline.text.numbers.patterns import _SP1, _alternation, _key
from pipeline.text.numbers.records import Quantity

FRACTION_HINT = re.compile(r"(?i)\b(?:half|thirds?|quarters?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)\s+of\b")


def may_hold_share(text: str) -> bool:
    """Whether the text may hold a written fraction or a ratio: the ratio's own pattern decides, so no
    cheaper hint can disagree with it ("one in thirty"), and "in 2023" after a word does not wake it.
    """
    return FRACTION_HINT.search(text) is not None or _ratio_pattern()[0].search(text) is not None


@cache
def _fraction_pattern() -> tuple[re.Pattern, dict, dict]:
    spec = _lexicon()["fractions"]
    g = _grammar()
    qualifier = _alternation(g.qualifier_of)
    pattern = re.compile(
        rf"(?i)(?<![\w-])(?:(?P<qual>{qualifier}){_SP1})?(?:(?P<num>{_alternation(spec['numerators'])})(?:{_SP1}|-))?"
        rf"(?P<den>{_alternation(spec['denominators'])})(?=[^\S\n]+of\b)"
        rf"(?![^\S\n]+of[^\S\n]+(?:{_alternation(spec['not_of'])})\b)")
    return pattern, {_key(k): v for k, v in spec["numerators"].items()}, \
        {_key(k): v for k, v in spec["denominators"].items()}, frozenset(_key(w) for w in spec["not_after"])


@cache
def _ratio_pattern() -> tuple[re.Pattern, dict]:
    """ "seven in ten shipments", "two out of five plots", "1 in 4 kilos": a share told as a ratio."""
    words = _lexicon()["number_words"]
    values = {_key(k): v for part in ("units", "teens", "tens") for k, v in words[part].items()} | {"a hundred": 100}
    number = rf"(?:\d{{1,3}}|{_alternation(values)})"
    qualifier = _alternation(_grammar().qualifier_of)
    time_after = _alternation(_lexicon()["fractions"]["ratio_not_before"])
    return re.compile(rf"(?i)(?<![\w,.-])(?:(?P<qual>{qualifier}){_SP1})?(?P<num>{number}){_SP1}(?:in|out{_SP1}of){_SP1}"
                      rf"(?P<den>{number})(?![\w,.-])(?!{_SP1}(?:{time_after})\b)"), values


def _value_of(word: str, values: dict) -> float:
    return float(word) if word.isdigit() else float(values[_key(word)])


def _with_ratios(text: str, quantities: list[Quantity]) -> list[Quantity]:
    pattern, values = _ratio_pattern()
    out = list(quantities)
    for m in pattern.finditer(text):
        num, den = _value_of(m.group("num"), values), _value_of(m.group("den"), values)
        if not 0 < num < den or den > 100:
            continue
        value = round(100 * num / den, 2)
        qualifier = g_qualifier(m.group("qual")) if m.group("qual") else "exact"
        out = [q for q in out if not (q.start < m.end() and m.start() < q.end)]  # the two counts were one share
        out.append(Quantity(m.start(), m.end(), text[m.start():m.end()], value, value, value, qualifier, "percent",
                            None, None, m.start("num"), m.end()))
    return sorted(out, key=lambda q: q.start)


def _with_fractions(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """ "nearly two-thirds of the cocaine seized", "seven in ten shipments": a share, in percent, beside
    the figures; the bare counts a fraction's words were read as ("two" of "two fifths") give way to it.
    """
    pattern, numerators, denominators, not_after = _fraction_pattern()
    out = _with_ratios(text, quantities)
    for m in pattern.finditer(text):
        den = denominators[_key(m.group("den"))]
        num = numerators.get(_key(m.group("num") or ""), 1)
        plural = m.group("den").lower().endswith("s")
        if (num > 1) != plural and den != 2 or (m.group("num") is None and den != 2):
            continue  # "two third of", "third of the": not a fraction as written
        previous = re.findall(r"[\w']+", text[max(0, m.start() - 20):m.start()])
        if previous and _key(previous[-1]) in not_after:
            continue
        overlapping = [q for q in out if q.start < m.end() and m.start() < q.end]
        if any(q.unit is not None or not (m.start() <= q.start and q.end <= m.end()) for q in overlapping):
            continue
        out = [q for q in out if q not in overlapping]  # "two" of "two fifths" was the fraction's numerator
        value = round(100 * num / den, 2)
        start = m.start("num") if m.group("num") else m.start("den")
        qualifier = g_qualifier(m.group("qual")) if m.group("qual") else "exact"
        out.append(Quantity(m.start(), m.end(), text[m.start():m.end()], value, value, value, qualifier, "percent",
                            None, None, start, m.end()))
    return sorted(out, key=lambda q: q.start)


def g_qualifier(phrase: str) -> str:
    return _grammar().qualifier_of.get(_key(phrase), "exact")
