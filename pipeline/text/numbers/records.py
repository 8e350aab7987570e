"""The records of a quantity: the public ``Quantity`` and the working ones behind it.

A ``_Figure`` is one numeral as matched, a ``_Candidate`` a figure read so far
(the rules still add units, rates); ``_to_quantity`` freezes a candidate into
the ``Quantity`` the rest of the pipeline sees.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Quantity:
    """One figure as written, with its reading (values are magnitudes)."""

    start: int
    end: int
    text: str
    value: float
    low: float
    high: float
    qualifier: str
    unit: str | None
    noun: str | None
    per: str | None
    number_start: int
    number_end: int


@dataclass
class _Figure:
    """One numeral (or run of number words) with the scale word after it."""

    start: int
    end: int  # after the scale word, if any
    number_end: int  # after the numeral and its scale word
    numeral_end: int  # after the numeral alone
    raw: float
    scale_key: str | None
    is_words: bool
    looks_like_year: bool


@dataclass
class _Candidate:
    start: int
    end: int
    core_end: int  # after figure, unit and currency, before the noun
    low: float
    high: float
    qualifier: str
    unit: str | None
    noun: str | None
    number_start: int
    number_end: int
    is_range: bool
    multiplier: float = 1.0  # of the unit as written ("square kilometres" -> 100)
    per: str | None = None
    rate_end: int = 0


def _tidy(value: float) -> float:
    """Drop float noise from multiplying (1.2 * 1e6), keeping 12 significant digits."""
    return float(f"{value:.12g}")


def _to_quantity(text: str, c: _Candidate) -> Quantity:
    """The public, frozen record; a range's value is its midpoint."""
    low, high = c.low, c.high
    value = low if low == high else _tidy((low + high) / 2)
    value = min(max(value, low), high)
    return Quantity(
        start=c.start,
        end=c.end,
        text=text[c.start : c.end],
        value=value,
        low=low,
        high=high,
        qualifier=c.qualifier,
        unit=c.unit,
        noun=c.noun,
        per=c.per,
        number_start=c.number_start,
        number_end=c.number_end,
    )
