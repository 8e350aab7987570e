"""Rates: 'a day', 'per kilogram', or one flight's load, found in the figure's clause.

A rate phrase right after the figure wins, then an aircraft-and-carry clause
for masses, then a rate later in the clause or 'every day' before it; each
phrase belongs to one figure, so figures are served left to right.
"""
from __future__ import annotations

import re

from pipeline.text.numbers.grammar import _Grammar, _grammar
from pipeline.text.numbers.patterns import _key
from pipeline.text.numbers.records import _Candidate

_MAX_RATE_GAP_WORDS = 10
_CLAUSE_REACH = 200  # characters a rate or per-flight cue may be away


_STRONG_BOUNDARY = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s|$)|[;:\n\u2014]|\s[-\u2013]\s")
_WEAK_BOUNDARY = re.compile(_STRONG_BOUNDARY.pattern + r"|[,(]")


def _clause_start(text: str, pos: int, floor: int, boundary: re.Pattern) -> int:
    """Where the clause holding pos begins (never before floor, the previous figure)."""
    start = max(floor, pos - _CLAUSE_REACH)
    for m in boundary.finditer(text, start, pos):
        start = m.end()
    return start


def _clause_end(text: str, pos: int, ceiling: int, boundary: re.Pattern) -> int:
    """Where the clause from pos ends (never after ceiling, the next figure)."""
    limit = min(ceiling, pos + _CLAUSE_REACH)
    m = boundary.search(text, pos, limit)
    return m.start() if m else limit


def _attach_rates(text: str, candidates: list[_Candidate], g: _Grammar) -> None:
    """Give each candidate its rate, left to right (a rate phrase belongs to one figure)."""
    previous_end = 0
    for i, c in enumerate(candidates):
        next_start = candidates[i + 1].start if i + 1 < len(candidates) else len(text)
        c.per, c.rate_end = _rate_for(text, c, previous_end, next_start, g)
        previous_end = max(c.end, c.rate_end)


def _rate_allowed(per: str, c: _Candidate) -> bool:
    """Per kilogram is a price; the others fit any figure."""
    return per != "kg" or c.unit in _grammar().currency_of.values()


def _rate_for(text: str, c: _Candidate, floor: int, ceiling: int, g: _Grammar) -> tuple[str | None, int]:
    """The rate: right after the figure, one flight's load, later in the clause, or 'every day' before it."""
    adjacent = g.rate_adjacent.match(text, c.end, ceiling)
    if adjacent:
        per = g.rate_of.get(_key(adjacent.group("rate")))
        if per and _rate_allowed(per, c):
            return per, adjacent.end()

    if c.unit in g.mass_units and _carried_by_aircraft(text, c, floor, ceiling, g):
        return "flight", c.end

    after_end = _clause_end(text, c.end, ceiling, _WEAK_BOUNDARY)
    for m in g.rate_anywhere.finditer(text, c.core_end, after_end):
        per = g.rate_of.get(_key(m.group("rate")))
        gap = len(text[c.end : m.start()].split())
        if m.group("rate")[:2].lower() in ("a ", "an") and g.duration_before.search(text, max(0, m.start() - 30), m.start()):
            continue  # "restore a strip in less than a week": how long, not how often
        if per and _rate_allowed(per, c) and gap <= _MAX_RATE_GAP_WORDS:
            return per, max(c.end, m.end())

    before_start = _clause_start(text, c.start, floor, _STRONG_BOUNDARY)
    leading = None
    for m in g.rate_leading.finditer(text, before_start, c.start):
        leading = m
    if leading:
        per = g.rate_of.get(_key(leading.group("rate")))
        if per and _rate_allowed(per, c):
            return per, c.end
    return None, c.end


def _carried_by_aircraft(text: str, c: _Candidate, floor: int, ceiling: int, g: _Grammar) -> bool:
    """A mass with an aircraft and a carry word in its clause ('Each airplane carries some 300 kilos')."""
    before = text[_clause_start(text, c.start, floor, _STRONG_BOUNDARY) : c.start]
    after = text[c.end : _clause_end(text, c.end, ceiling, _STRONG_BOUNDARY)]
    window = before + " " + after
    if not g.aircraft.search(window):
        return False
    return bool(g.carry.search(window) or g.distributive_after.match(after))
