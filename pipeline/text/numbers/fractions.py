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


def _with_fractions(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """ "nearly two-thirds of the cocaine seized": a share, in percent, beside the figures."""
    pattern, numerators, denominators, not_after = _fraction_pattern()
    out = list(quantities)
    for m in pattern.finditer(text):
        den = denominators[_key(m.group("den"))]
        num = numerators.get(_key(m.group("num") or ""), 1)
        plural = m.group("den").lower().endswith("s")
        if (num > 1) != plural and den != 2 or (m.group("num") is None and den != 2):
            continue  # "two third of", "third of the": not a fraction as written
        previous = re.findall(r"[\w']+", text[max(0, m.start() - 20):m.start()])
        if previous and _key(previous[-1]) in not_after or any(q.start < m.end() and m.start() < q.end for q in out):
            continue
        value = round(100 * num / den, 2)
        start = m.start("num") if m.group("num") else m.start("den")
        qualifier = g_qualifier(m.group("qual")) if m.group("qual") else "exact"
        out.append(Quantity(m.start(), m.end(), text[m.start():m.end()], value, value, value, qualifier, "percent",
                            None, None, start, m.end()))
    return sorted(out, key=lambda q: q.start)


def g_qualifier(phrase: str) -> str:
    return _grammar().qualifier_of.get(_key(phrase), "exact")
