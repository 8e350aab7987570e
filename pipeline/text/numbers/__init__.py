"""Numeric claims in English prose: figures, ranges, units, qualifiers, rates.

One compiled pattern, built from the vocabulary in
``schemas/lexicon/units.yaml``, finds each figure together with its
qualifier, currency, scale word, unit and range partner ("nearly two dozen",
"between 54 tons and 72 tons", "$85 million (USD)"). Small context rules then
drop what only looks like a quantity (years, dates, times, codes, durations,
labels, pronoun "one"), read the counted or measured noun, and attach a rate
("a day", "per kilogram", one flight's load) from the rest of the clause.

Offsets are exact character offsets into the input: ``text[q.start:q.end] ==
q.text`` always, which is why this is a hand-written grammar and not a
number-parsing library.

The grammar is split by job: ``patterns`` (shared regex pieces), ``lexicon``
(the YAML vocabulary), ``numerals`` (digits and number words), ``grammar``
(the compiled patterns), ``records`` (``Quantity`` and working records),
``reading`` (one match to a candidate), ``context``, ``nouns``, ``rates``,
``fractions`` and ``finding`` (``find_quantities``, the passes in order).
"""
from pipeline.text.numbers.finding import find_quantities
from pipeline.text.numbers.grammar import _grammar
from pipeline.text.numbers.numerals import parse_number_words
from pipeline.text.numbers.records import Quantity

__all__ = ["Quantity", "currency_names", "find_quantities", "parse_number_words"]


def currency_names() -> dict[str, str]:
    """Every way the vocabulary writes a currency (lower case) -> its ISO code."""
    return dict(_grammar().currency_of)
