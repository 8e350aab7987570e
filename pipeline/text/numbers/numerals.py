"""Numerals: digits and number words, as patterns and as values.

The grammar needs a regex for a numeral ("55,000", "2,5", "one hundred and
fifty", "half a") and the reader needs its value; both live here so that what
the pattern accepts and what ``parse_number_words`` reads stay in step.
"""
from __future__ import annotations

import re

from pipeline.text.alternation import first_chars, grouped
from pipeline.text.numbers.lexicon import _number_vocab, _NumberVocab
from pipeline.text.numbers.patterns import _SP1

# Thousands are grouped by commas, by spaces ("55 000", "55\u202f000"), or
# by dots when that cannot be a decimal ("1.200.000", "5.000").
_THOUSANDS = r"[0-9]{1,3}(?:(?:,[0-9]{3})+|(?:[ \u00a0\u2009\u202f][0-9]{3})+(?![0-9])|(?:\.[0-9]{3}){2,}|\.000(?![0-9]))"
# A decimal comma, as Spanish and Portuguese texts (and translations of them) write it: "2,5 toneladas"
# is 2.5; one or two digits after the comma can never be a group of thousands.
_DECIMAL_COMMA = r",[0-9]{1,2}(?![0-9]|,[0-9])"
_DIGITS = rf"(?<![\w,])(?<![0-9][.,])(?:{_THOUSANDS}|[0-9]+)(?:\.[0-9]+|{_DECIMAL_COMMA})?"


def _word_number_pattern(v: _NumberVocab) -> str:
    """Number words as a grammar: "one hundred and fifty", "two dozen", "half a"."""

    def alternation(words):
        ordered = sorted(words, key=len, reverse=True)
        fast = grouped([("", w[0], w[1:]) for w in ordered], ignorecase=True) if all(w[:1].isalnum() for w in ordered) else None
        return fast or "(?:" + "|".join(ordered) + ")"

    def group(d):
        return alternation(d) + r"\b"

    unit, teen, ten = group(v.units), group(v.teens), group(v.tens)
    hundred, scale, dozen, half = group(v.hundred), group(v.scales), group(v.dozen), group(v.half)
    article = alternation(v.articles) + r"\b"
    below_100 = rf"(?:{ten}(?:(?:-|{_SP1}){unit})?|{teen}|{unit})"
    below_1000 = rf"(?:(?:{below_100}|{article}){_SP1}{hundred}(?:{_SP1}(?:and{_SP1})?{below_100})?|{below_100})"
    scaled = rf"(?:{below_1000}|{article}){_SP1}{scale}(?:{_SP1}(?:and{_SP1})?{below_1000}(?:{_SP1}{scale})?)*"
    dozens = rf"(?:{below_100}|{article}){_SP1}{dozen}"
    and_a_half = rf"(?:{_SP1}and{_SP1}{article}{_SP1}{half})?"
    half_a = rf"{half}(?:{_SP1}{article}(?={_SP1}))?"
    zero = group(v.zero)
    point = alternation(v.decimal_point) + r"\b" if v.decimal_point else None
    # "one point six million": a whole number, the point, its digits one word each, a scale
    decimal = rf"(?:{below_100}|{zero}){_SP1}{point}(?:{_SP1}(?:{unit}|{zero}))+(?:{_SP1}{scale})?" if point else None
    # Every match opens with a unit, teen, ten, article, half or zero word: a lookahead for their
    # first letters lets the other word starts fail at once (the same matches).
    firsts = first_chars([*v.units, *v.teens, *v.tens, *v.articles, *v.half, *v.zero], ignorecase=True)
    lookahead = f"(?={firsts})" if firsts else ""
    decimal_first = f"{decimal}|" if decimal else ""
    return rf"(?<![\w'\u2019-]){lookahead}(?:{decimal_first}(?:{scaled}|{dozens}|{below_1000}){and_a_half}|{half_a}|{zero})"


_TOKEN_SEPARATOR = re.compile(r"[\s\-\u2010-\u2014]+")
_DIGIT_TOKEN = re.compile(rf"(?:{_THOUSANDS}|[0-9]+)(?:\.[0-9]+|{_DECIMAL_COMMA})?")


def parse_number_words(text: str) -> float | None:
    """Value of a written number ("two dozen" -> 24, "one hundred and fifty" -> 150).

    Digits with an optional scale word ("1.5 million") are read too; anything
    that is not a well-formed number gives None.
    """
    if not isinstance(text, str):
        return None
    vocab = _number_vocab()
    digits = _DIGIT_TOKEN.match(text.strip())
    if digits:
        rest = [t for t in _TOKEN_SEPARATOR.split(text.strip()[digits.end() :].casefold()) if t]
        return _digits_with_scales(digits.group(), rest, vocab)
    tokens = [t for t in _TOKEN_SEPARATOR.split(text.strip().casefold()) if t]
    if not tokens:
        return None

    point = next((i for i, t in enumerate(tokens) if t in vocab.decimal_point), None)
    if point is not None:
        return _decimal_words(tokens, point, vocab)
    extra = 0.0
    if len(tokens) > 3 and tokens[-3] == "and" and tokens[-2] in vocab.articles and tokens[-1] in vocab.half:
        tokens, extra = tokens[:-3], 0.5
    if tokens[0] in vocab.half:
        return None if extra else _half_of(tokens[1:], vocab)
    if tokens[0] in vocab.articles:
        if len(tokens) < 2 or not _is_multiplier(tokens[1], vocab):
            return None
        tokens = ["one"] + tokens[1:] if "one" in vocab.units else tokens
    value = _cardinal(tokens, vocab)
    return None if value is None else value + extra


def _decimal_words(tokens: list[str], point: int, vocab: _NumberVocab) -> float | None:
    """'one point six million' -> 1600000: the whole, the digits after the point, then any scales."""
    whole = _cardinal(tokens[:point], vocab)
    digits, rest = [], tokens[point + 1:]
    while rest and (rest[0] in vocab.units or rest[0] in vocab.zero):
        digits.append(str(int(vocab.units.get(rest[0], vocab.zero.get(rest[0], 0)))))
        rest = rest[1:]
    if whole is None or not digits:
        return None
    value = float(f"{int(whole)}.{''.join(digits)}")
    for token in rest:
        if token not in vocab.scales:
            return None
        value *= vocab.scales[token]
    return value


def _is_multiplier(token: str, vocab: _NumberVocab) -> bool:
    return token in vocab.hundred or token in vocab.scales or token in vocab.dozen


def _digit_value(token: str) -> float:
    """'55,000' -> 55000, '1.200.000' -> 1200000, '1.5' -> 1.5."""
    grouped = re.fullmatch(r"[0-9]{1,3}(?:\.[0-9]{3}){2,}|[0-9]{1,3}\.000", token)
    if grouped:
        token = token.replace(".", "")
    dotted_decimal = re.fullmatch(r"([0-9]{1,3}(?:\.[0-9]{3})+)\.([0-9]+)", token)
    if dotted_decimal:  # "1.000.5": groups of thousands, then a decimal
        return float(dotted_decimal.group(1).replace(".", "") + "." + dotted_decimal.group(2))
    decimal_comma = re.fullmatch(r"([0-9., \u00a0\u2009\u202f]*?[0-9]),([0-9]{1,2})", token)
    if decimal_comma:
        return float(re.sub(r"[., \u00a0\u2009\u202f]", "", decimal_comma.group(1)) + "." + decimal_comma.group(2))
    return float(re.sub(r"[, \u00a0\u2009\u202f]", "", token))


def _digits_with_scales(digits: str, scale_words: list[str], vocab: _NumberVocab) -> float | None:
    value = _digit_value(digits)
    for token in scale_words:
        factor = vocab.hundred.get(token) or vocab.scales.get(token) or vocab.dozen.get(token)
        if factor is None:
            return None
        value *= factor
    return value


def _half_of(rest: list[str], vocab: _NumberVocab) -> float | None:
    """'half' alone is 0.5; 'half a million' is half of one million."""
    if rest and rest[0] in vocab.articles:
        rest = rest[1:]
    if not rest:
        return 0.5
    if not _is_multiplier(rest[0], vocab):
        return None
    whole = _cardinal(["one"] + rest, vocab) if "one" in vocab.units else None
    return None if whole is None else 0.5 * whole


def _cardinal(tokens: list[str], vocab: _NumberVocab) -> float | None:
    """A well-formed cardinal from words, or None ("five six" is not one)."""
    if len(tokens) == 1 and tokens[0] in vocab.zero:
        return 0.0
    total, group, last, last_scale = 0.0, 0.0, None, float("inf")
    for token in tokens:
        if token == "and":
            if last not in ("hundred", "scale"):
                return None
            last = "and"
        elif token in vocab.units:
            if last in ("unit", "teen", "dozen"):
                return None
            group, last = group + vocab.units[token], "unit"
        elif token in vocab.teens or token in vocab.tens:
            if last in ("unit", "teen", "ten", "dozen"):
                return None
            group += vocab.teens.get(token) or vocab.tens[token]
            last = "teen" if token in vocab.teens else "ten"
        elif token in vocab.hundred:
            if last not in ("unit", "teen", "ten") or group >= 100:
                return None
            group, last = group * vocab.hundred[token], "hundred"
        elif token in vocab.scales:
            factor = vocab.scales[token]
            if last in (None, "and", "scale") or factor >= last_scale:
                return None
            total, group, last, last_scale = total + group * factor, 0.0, "scale", factor
        elif token in vocab.dozen:
            if last not in ("unit", "teen", "ten"):
                return None
            group, last = group * vocab.dozen[token], "dozen"
        else:
            return None
    if last in (None, "and"):
        return None
    return total + group
