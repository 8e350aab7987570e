"""``find_quantities``: the passes over a text, in order, and the last touches to the records.

Mask, match and read, share elided units, attach rates, drop stray bare
numbers; then Spanish thousands ('1.800 effectives'), restated counts
('Fourteen (14)') and fractions.
"""
from __future__ import annotations

import re
from dataclasses import replace

from pipeline.text.numbers.context import _is_stray_bare_number, _share_elided_units
from pipeline.text.numbers.fractions import _with_fractions, may_hold_share
from pipeline.text.numbers.grammar import _grammar
from pipeline.text.numbers.nouns import _counted_noun
from pipeline.text.numbers.rates import _attach_rates
from pipeline.text.numbers.reading import _read_match
from pipeline.text.numbers.records import Quantity, _Candidate, _tidy, _to_quantity


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in text, sorted by start and non-overlapping."""
    if not isinstance(text, str) or not text:
        return []
    g = _grammar()
    if g.may_hold_number[0].search(text) is None and g.may_hold_number[1].search(text) is None:
        return _with_fractions(text, []) if may_hold_share(text) else []
    masked = g.mask.sub(lambda m: "\x00" * len(m.group()), text)
    candidates: list[_Candidate] = []
    pos = 0
    while pos < len(text):
        match = g.core.search(masked, pos)
        if match is None:
            break
        found, resume = _read_match(text, masked, match, g)
        candidates.extend(found)
        pos = max(resume, match.start() + 1)
    candidates = _spoken_ranges(text, candidates)
    _share_elided_units(text, candidates, g)
    _attach_rates(text, candidates, g)
    kept = [c for c in candidates if not _is_stray_bare_number(text, c, g)]
    quantities = _counts_in_thousands(text, _merged_restatements(text, [_to_quantity(text, c) for c in kept], g))
    return _with_fractions(text, quantities) if may_hold_share(text) else quantities


def _spoken_ranges(text: str, candidates: list[_Candidate]) -> list[_Candidate]:
    """ "carries three hundred, three hundred and fifty kilos", "thirty, forty thousand dollars": two
    numbers in words, the first bare, a comma between, the second a little larger, say a range.
    """
    out: list[_Candidate] = []
    for c in candidates:
        previous = out[-1] if out else None
        if previous is not None and previous.unit is None and previous.noun is None and not previous.is_range \
                and not c.is_range and text[previous.end:c.number_start] == ", " \
                and not any(ch.isdigit() for ch in text[previous.start:c.number_end]):
            low = previous.low
            for scale in (1.0, 1e3, 1e6):
                if low * scale < c.low <= 2 * low * scale:
                    out[-1] = replace(c, start=previous.start, low=_tidy(low * scale), high=c.high, is_range=True,
                                      qualifier="range", number_start=previous.number_start)
                    break
            else:
                out.append(c)
            continue
        out.append(c)
    return out


THOUSANDS_DOT = re.compile(r"[0-9]{1,3}\.[0-9]{3}")


def _counts_in_thousands(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """ "1.800 effectives", as Spanish writes thousands: a count of things has no fraction, so a dot
    before three digits groups thousands (a measure, "1.250 kilos", keeps its decimal reading).
    """
    out = []
    for q in quantities:
        if q.unit is None and THOUSANDS_DOT.fullmatch(text[q.number_start:q.number_end]) and q.low == q.high:
            value = float(text[q.number_start:q.number_end].replace(".", ""))
            q = Quantity(q.start, q.end, q.text, value, value, value, q.qualifier, q.unit, q.noun, q.per,
                         q.number_start, q.number_end)
        out.append(q)
    return out


RESTATED_DIGITS = re.compile(r"\s*\(\s*$")


def _merged_restatements(text: str, quantities: list[Quantity], g) -> list[Quantity]:
    """ "Fourteen (14) laboratories", as legal and official texts write counts, is one figure, counting
    the noun after the bracket.
    """
    out: list[Quantity] = []
    for q in quantities:
        previous = out[-1] if out else None
        if previous is not None and not any(ch.isdigit() for ch in previous.text) and previous.unit is None \
                and previous.noun is None and q.value == previous.value \
                and RESTATED_DIGITS.fullmatch(text[previous.end:q.start]) and text[q.number_end:q.number_end + 1] == ")":
            end = q.number_end + 1
            noun = q.noun
            if noun is None and q.unit is None:
                noun, noun_end = _counted_noun(text, end, g)
                end = max(end, noun_end)
            out[-1] = Quantity(previous.start, max(end, q.end), text[previous.start:max(end, q.end)], previous.value,
                               previous.low, previous.high, previous.qualifier, q.unit, noun, q.per,
                               previous.number_start, previous.number_end)
            continue
        out.append(q)
    return out
