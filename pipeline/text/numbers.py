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
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import yaml

from pipeline.common.paths import LEXICON_DIR
from pipeline.text.alternation import any_of, first_chars, grouped

# The C parser when PyYAML has it: the same data as yaml.safe_load, read several times faster.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

UNITS_PATH = LEXICON_DIR / "units.yaml"

_SP = r"[^\S\n]*"  # optional spaces, never a line break
_SP1 = r"[^\S\n]+"
_HYPHENS = "-\u2010\u2011\u2012\u2013\u2014"
_OPEN_QUOTES = "\"'\u201c\u2018\u00ab"
_CLOSE_QUOTES = "\"'\u201d\u2019\u00bb"
_MAX_NOUN_WORDS = 4
_MAX_RATE_GAP_WORDS = 10
_CLAUSE_REACH = 200  # characters a rate or per-flight cue may be away


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


# --------------------------------------------------------------------------
# Vocabulary -> compiled grammar (loaded once)
# --------------------------------------------------------------------------


def _key(phrase: str) -> str:
    """Lookup key for a matched phrase: case-folded, spaces collapsed."""
    return " ".join(phrase.casefold().split())


def _phrase(phrase: str, *, bounded_start: bool = True, symbol_guard: bool = False) -> str:
    """Regex for one phrase; word boundaries only where the phrase has word ends."""
    body = _SP1.join(re.escape(part) for part in phrase.split())
    if phrase[0].isalnum() and bounded_start:
        body = r"(?<![\w])" + body
    elif symbol_guard and not phrase[0].isalnum():
        body = r"(?<![A-Za-z])" + body  # "$" but not "R$"
    if phrase[-1].isalnum():
        body += r"(?![\w])"
    return body


def _phrase_parts(phrase: str, *, bounded_start: bool = True, symbol_guard: bool = False) -> tuple[str, str, str]:
    """``_phrase`` split into (guard, first character, rest), for ``grouped``."""
    full = _phrase(phrase, bounded_start=bounded_start, symbol_guard=symbol_guard)
    if phrase[0].isalnum() and bounded_start:
        guard = r"(?<![\w])"
    elif symbol_guard and not phrase[0].isalnum():
        guard = r"(?<![A-Za-z])"
    else:
        guard = ""
    first = phrase.split()[0][0]
    head = guard + re.escape(first)
    assert full.startswith(head)
    return guard, first, full[len(head):]


def _alternation(phrases, **options) -> str:
    """Longest-first alternation, so "a little more than" beats "more than".

    For patterns compiled with IGNORECASE (all of this module's): the phrases
    are grouped by first character, which matches the same (see ``grouped``).
    """
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    if not ordered:
        return r"(?!x)x"
    fast = grouped([_phrase_parts(p, **options) for p in ordered], ignorecase=True)
    return fast or "(?:" + "|".join(_phrase(p, **options) for p in ordered) + ")"


def _case_sensitive(words) -> str:
    """Alternation matched exactly as written (ISO codes, month names)."""
    ordered = sorted(set(words), key=len, reverse=True)
    return r"(?-i:(?<![\w])(?:" + "|".join(re.escape(w) for w in ordered) + r")(?![\w]))"


@dataclass(frozen=True)
class _NumberVocab:
    zero: dict
    units: dict
    teens: dict
    tens: dict
    hundred: dict
    scales: dict
    dozen: dict
    half: dict
    articles: frozenset


@dataclass(frozen=True)
class _Grammar:
    core: re.Pattern  # qualifier? opener? currency? figure scale? unit? (connector figure)? unit? (code)?
    single: re.Pattern  # the same without the range part
    mask: re.Pattern  # dates, times, phone numbers, list numbers, footnotes
    unit_of: dict  # key -> (canonical unit, multiplier)
    currency_of: dict  # key -> ISO code
    scale_of: dict  # key -> multiplier
    currency_only_scales: frozenset
    qualifier_of: dict  # key -> qualifier
    post_qualifier: re.Pattern
    post_qualifier_of: dict
    rate_of: dict  # key -> per
    rate_adjacent: re.Pattern
    rate_anywhere: re.Pattern
    rate_leading: re.Pattern
    duration_before: re.Pattern  # "in less than" + "a week": a duration, not a rate
    duration_after: re.Pattern
    label_before: re.Pattern
    ratio_before: re.Pattern
    elided_gap: re.Pattern  # ", " / " and " between a measured figure and a bare one
    elided_follower: re.Pattern
    foreign_before: re.Pattern
    foreign_after: re.Pattern
    aircraft: re.Pattern
    carry: re.Pattern
    distributive_after: re.Pattern
    mass_units: frozenset
    noun_word: re.Pattern
    of_word: re.Pattern
    stopwords: frozenset
    skip_leading: frozenset
    determiners: frozenset
    calendar_words: frozenset
    number_words: frozenset
    may_hold_number: tuple[re.Pattern, re.Pattern]


@cache
def _lexicon() -> dict:
    lexicon = yaml.load(UNITS_PATH.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    _check_word_lists(lexicon, "units.yaml")
    return lexicon


def _check_word_lists(node, where: str) -> None:
    """Fail loudly on an unquoted YAML word that loaded as a boolean or number (on, off, no)."""
    if isinstance(node, dict):
        for key, value in node.items():
            _check_word_lists(value, f"{where}/{key}")
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, (dict, list)):
                _check_word_lists(item, where)
            elif not isinstance(item, str):
                raise ValueError(f"{where}: {item!r} is not a string; quote it in the YAML")


@cache
def _number_vocab() -> _NumberVocab:
    words = _lexicon()["number_words"]

    def folded(d):
        return {_key(k): float(v) for k, v in d.items()}

    return _NumberVocab(
        zero=folded(words["zero"]),
        units=folded(words["units"]),
        teens=folded(words["teens"]),
        tens=folded(words["tens"]),
        hundred=folded(words["hundred"]),
        scales=folded(words["scales"]),
        dozen=folded(words["dozen"]),
        half=folded(words["half"]),
        articles=frozenset(_key(a) for a in words["articles"]),
    )


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
    # Every match opens with a unit, teen, ten, article, half or zero word: a lookahead for their
    # first letters lets the other word starts fail at once (the same matches).
    firsts = first_chars([*v.units, *v.teens, *v.tens, *v.articles, *v.half, *v.zero], ignorecase=True)
    lookahead = f"(?={firsts})" if firsts else ""
    return rf"(?<![\w'\u2019-]){lookahead}(?:(?:{scaled}|{dozens}|{below_1000}){and_a_half}|{half_a}|{zero})"


# Thousands are grouped by commas, by spaces ("55 000", "55\u202f000"), or
# by dots when that cannot be a decimal ("1.200.000", "5.000").
_THOUSANDS = r"[0-9]{1,3}(?:(?:,[0-9]{3})+|(?:[ \u00a0\u2009\u202f][0-9]{3})+(?![0-9])|(?:\.[0-9]{3}){2,}|\.000(?![0-9]))"
# A decimal comma, as Spanish and Portuguese texts (and translations of them) write it: "2,5 toneladas"
# is 2.5; one or two digits after the comma can never be a group of thousands.
_DECIMAL_COMMA = r",[0-9]{1,2}(?![0-9]|,[0-9])"
_DIGITS = rf"(?<![\w,])(?<![0-9][.,])(?:{_THOUSANDS}|[0-9]+)(?:\.[0-9]+|{_DECIMAL_COMMA})?"
# Every match of the quantity and mask patterns starts at a word's edge (each
# alternative opens with a (?<![\w...]) guard, a symbol, "(" or a line start),
# never between two word characters. Stating that first lets a search step
# over the inside of words at once instead of trying every alternative there.
_AT_WORD_EDGE = r"(?:(?<![\w])|(?![\w]))"


def _mask_pattern(lex: dict) -> re.Pattern:
    """Numbers that are dates, clock times, phone numbers, list or footnote marks."""

    def titled(words):
        forms = set()
        for w in words:
            forms |= {w[:1].upper() + w[1:].lower(), w.upper()}
        ordered = sorted(forms, key=len, reverse=True)
        fast = grouped([("", f[0], f[1:]) for f in ordered], ignorecase=False) if all(f[:1].isalnum() for f in ordered) else None
        return (fast or "(?:" + "|".join(ordered) + ")") + r"(?![\w])"

    month, weekday = titled(lex["months"]), titled(lex["weekdays"])
    day = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![0-9])"
    parts = [
        rf"(?<![\w]){month}\.?,?{_SP1}(?:the{_SP1})?{day}",  # June 26, Jan. 4
        rf"(?<![\w,]){day}{_SP1}(?:of{_SP1})?{month}",  # 12 SEP 2016, 26th of June
        rf"(?<![\w]){weekday}\.?,?{_SP1}(?:the{_SP1})?{day}",  # Tuesday 17
        r"(?<![\w.,/-])[0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4}(?![0-9])",  # 2016-09-12, 12/09/2016
        r"(?<![\w.,])[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:[^\S\n]*(?i:[ap]\.?m\.?)(?![\w]))?",  # 10:30
        r"(?<![\w.,])[0-9]{1,2}(?:[.:][0-9]{2})?[^\S\n]*(?i:a\.m\.|p\.m\.|a\.m|p\.m|am|pm)(?![\w])",  # 5 p.m.
        r"(?<![\w])\+[0-9]{1,3}(?:[ .-]?\(?[0-9]{1,4}\)?){2,}",  # +51 1 555 1234
        r"\([0-9]{2,4}\)[ .-]?[0-9]{3,4}[ .-]?[0-9]{3,4}(?![0-9])",  # (01) 555-1234
        r"(?<![\w.,])[0-9]{3}[.-][0-9]{3}[.-][0-9]{4}(?![0-9])",  # 555-123-4567
        r"(?m:^)[^\S\n]*\(?[0-9]{1,2}[.)](?=[^\S\n]|$)",  # "1." / "(2)" at line start
        r"\[[0-9]{1,3}\]",  # footnote [3]
    ]
    return re.compile(_AT_WORD_EDGE + "(?:" + "|".join(f"(?:{p})" for p in parts) + ")")


def _rate_pattern(phrases, blockers) -> str:
    return rf"(?P<rate>{_alternation(phrases)})(?!{_SP1}{_alternation(blockers)})"


def _quantity_patterns(lex, vocab, prefixes, suffixes, codes, unit_of, scale_of, qualifier_of) -> tuple[re.Pattern, re.Pattern]:
    """The grammar of one quantity, with and without a range part.

    qualifier? opener? currency? figure scale? unit? (connector currency? figure scale?)? unit|currency? (code)?
    """
    currency_prefix = "(?:" + _alternation(prefixes, symbol_guard=True) + "|" + _case_sensitive(codes) + ")"
    currency_suffix = "(?:" + _alternation(suffixes) + "|" + _case_sensitive(codes) + ")"
    currency_code = rf"\({_SP}{currency_suffix}{_SP}\)"
    unit = _alternation(unit_of, bounded_start=False)
    scale = _alternation(scale_of, bounded_start=False)
    qualifier = _alternation(qualifier_of)
    opener = _alternation(lex["range_openers"])
    number = rf"(?:{_DIGITS}|{_word_number_pattern(vocab)})"
    connector = r"(?(opener)(?:(?:and|to)(?![\w])|[-\u2013\u2014])|(?:(?:to|or)(?![\w])|[-\u2013\u2014/]))"

    glue = rf"(?:{_SP}|-)"  # "85 million", "a 300-kilo load", "a 50-million-dollar grant"
    head = (
        rf"(?:(?P<qual>{qualifier}){_SP})?"
        rf"(?:(?P<opener>{opener}){_SP1})?"
        rf"(?:(?P<cur1>{currency_prefix}){_SP})?"
        rf"(?P<n1>{number})(?:{glue}(?P<sc1>{scale}))?(?:{glue}(?P<u1>{unit}))?"
    )
    range_part = (
        rf"(?:{_SP}(?P<conn>{connector}){_SP}(?:(?P<cur2>{currency_prefix}){_SP})?"
        rf"(?P<n2>{number})(?:{glue}(?P<sc2>{scale}))?)?"
    )
    tail = rf"(?:{glue}(?P<unit>{unit}|{currency_suffix}))?(?:{_SP}(?P<code>{currency_code}))?"

    # A match opens with a qualifier, an opener, a currency or a figure: a lookahead for their first
    # characters turns the other word edges away at once (the same matches).
    openings = [p.strip() for p in [*qualifier_of, *lex["range_openers"], *prefixes, *codes] if p and p.strip()]
    openings += [*"0123456789", *vocab.units, *vocab.teens, *vocab.tens, *vocab.articles, *vocab.half, *vocab.zero]
    firsts = first_chars(openings, ignorecase=True)
    start = _AT_WORD_EDGE + (f"(?={firsts})" if firsts else "")
    return re.compile(start + head + range_part + tail, re.IGNORECASE), re.compile(head + tail, re.IGNORECASE)


@cache
def _grammar() -> _Grammar:
    lex = _lexicon()
    vocab = _number_vocab()

    unit_of = {}
    for entry in lex["units"]:
        for form in entry["forms"]:
            unit_of[_key(form)] = (entry["unit"], float(entry["multiplier"]))

    currency_of, prefixes, suffixes, codes = {}, [], [], []
    for iso, forms in lex["currencies"].items():
        for form in forms.get("prefix", []) + forms.get("suffix", []) + forms.get("codes", []):
            currency_of[_key(form)] = iso
        prefixes += forms.get("prefix", [])
        suffixes += forms.get("suffix", [])
        codes += forms.get("codes", [])

    scales = lex["scales"]
    scale_of = {_key(k): float(v) for k, v in {**scales["words"], **scales["abbreviations"], **scales["currency_only"]}.items()}

    qualifier_of = {_key(p): q for q, phrases in lex["qualifiers"].items() for p in phrases}
    post_qualifier_of = {_key(p): q for q, phrases in lex["post_qualifiers"].items() for p in phrases}

    rate_of = {_key(p): per for per, phrases in lex["rates"].items() for p in phrases}
    adjacent_only = {_key(p): per for per, phrases in lex["rates_adjacent_only"].items() for p in phrases}
    leading_words = {_key(w) for w in lex["leading_rate_words"]}
    leading = [p for p in rate_of if p.split()[0] in leading_words and rate_of[p] in ("day", "week", "month", "year")]
    blockers = lex["rate_blockers"]

    core, single = _quantity_patterns(lex, vocab, prefixes, suffixes, codes, unit_of, scale_of, qualifier_of)
    flags = re.IGNORECASE

    foreign = lex["foreign_currencies"]
    foreign_prefix = "(?:" + _alternation(foreign["prefix"]) + "|" + _case_sensitive(foreign["codes"]) + ")"
    foreign_suffix = "(?:" + _alternation(foreign["suffix"]) + "|" + _case_sensitive(foreign["codes"]) + ")"

    per_flight = lex["per_flight"]
    stopwords = {_key(w) for w in lex["noun_stopwords"]}
    number_words = set(vocab.zero) | set(vocab.units) | set(vocab.teens) | set(vocab.tens)
    number_words |= set(vocab.hundred) | set(vocab.scales) | set(vocab.dozen) | set(vocab.half)

    return _Grammar(
        core=core,
        single=single,
        mask=_mask_pattern(lex),
        unit_of=unit_of,
        currency_of=currency_of,
        scale_of=scale_of,
        currency_only_scales=frozenset(_key(k) for k in scales["currency_only"]),
        qualifier_of=qualifier_of,
        post_qualifier=re.compile(rf"{_SP1}(?P<post>{_alternation(post_qualifier_of)})", flags),
        post_qualifier_of=post_qualifier_of,
        rate_of={**rate_of, **adjacent_only},
        rate_adjacent=re.compile(rf"{_SP}[\[(]?{_SP}" + _rate_pattern(list(rate_of) + list(adjacent_only), blockers), flags),
        rate_anywhere=re.compile(_rate_pattern(list(rate_of), blockers), flags),
        rate_leading=re.compile(_rate_pattern(leading, blockers), flags),
        duration_before=re.compile(rf"(?<![\w])(?:{_alternation(lex['duration_openers'])}){_SP1}$", flags),
        duration_after=re.compile(
            rf"{_SP1}(?:{_alternation(lex['duration_modifiers'])}{_SP1})?{_alternation(lex['time_units'])}", flags
        ),
        label_before=re.compile(rf"{_alternation(lex['label_words'])}{_SP}#?{_SP}\Z", flags),
        ratio_before=re.compile(rf"{_alternation(lex['ratio_markers'])}{_SP}\Z", flags),
        elided_gap=re.compile(rf"[^.;:!?\n]{{0,40}}?{_alternation(lex['list_separators'])}{_SP}\Z", flags),
        elided_follower=re.compile(rf"{_SP1}{_alternation(lex['elided_unit_followers'])}|{_SP}(?:[,;.)]|\Z)", flags),
        foreign_before=re.compile(rf"{foreign_prefix}{_SP}\Z", flags),
        foreign_after=re.compile(rf"{_SP}{foreign_suffix}", flags),
        aircraft=re.compile(_alternation(per_flight["aircraft"]), flags),
        carry=re.compile(
            _alternation(per_flight["carry"])
            + rf"|{_alternation(per_flight['distributive'])}{_SP1}{_alternation(per_flight['aircraft'])}",
            flags,
        ),
        distributive_after=re.compile(rf"{_SP}{_alternation(per_flight['distributive'])}(?!{_SP}[\w])", flags),
        mass_units=frozenset(per_flight["mass_units"]),
        noun_word=re.compile(rf"{_SP1}(?P<open>[{_OPEN_QUOTES}]?)(?P<word>[^\W\d_][\w'\u2019\-\u2010\u2011]*)"),
        of_word=re.compile(rf"{_SP1}of(?![\w])", flags),
        stopwords=frozenset(stopwords),
        skip_leading=frozenset(_key(w) for w in lex["noun_skip_leading"]),
        determiners=frozenset(_key(w) for w in lex["determiners"]),
        calendar_words=frozenset(_key(w) for w in lex["months"] + lex["weekdays"]),
        number_words=frozenset(number_words),
        # Whether r"\d|\b(?:number words)" (IGNORECASE) matches: two cheap searches.
        may_hold_number=(re.compile(r"\d"), _any_word(number_words)),
    )


def _any_word(words) -> re.Pattern:
    """Searches somewhere exactly when r"\b(?:words)" with IGNORECASE does (see any_of)."""
    ordered = sorted(words, key=len, reverse=True)
    fast = any_of([(w[0], re.escape(w[1:])) for w in ordered if w], word_start=True) if all(ordered) else None
    return re.compile(fast) if fast else re.compile(r"\b(?:" + "|".join(map(re.escape, ordered)) + ")", re.IGNORECASE)


# --------------------------------------------------------------------------
# Number words
# --------------------------------------------------------------------------

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


# --------------------------------------------------------------------------
# Finding quantities
# --------------------------------------------------------------------------


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


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in text, sorted by start and non-overlapping."""
    if not isinstance(text, str) or not text:
        return []
    g = _grammar()
    if g.may_hold_number[0].search(text) is None and g.may_hold_number[1].search(text) is None:
        return _with_fractions(text, []) if FRACTION_HINT.search(text) else []
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
    _share_elided_units(text, candidates, g)
    _attach_rates(text, candidates, g)
    kept = [c for c in candidates if not _is_stray_bare_number(text, c, g)]
    quantities = _counts_in_thousands(text, _merged_restatements(text, [_to_quantity(text, c) for c in kept]))
    return _with_fractions(text, quantities) if FRACTION_HINT.search(text) else quantities


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


THOUSANDS_DOT = re.compile(r"[0-9]{1,3}\.[0-9]{3}")


def _counts_in_thousands(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """ "1.800 effectives", as Spanish writes thousands: a count of things has no fraction, so a dot
    before three digits groups thousands (a measure, "1.250 kilos", keeps its decimal reading)."""
    out = []
    for q in quantities:
        if q.unit is None and THOUSANDS_DOT.fullmatch(text[q.number_start:q.number_end]) and q.low == q.high:
            value = float(text[q.number_start:q.number_end].replace(".", ""))
            q = Quantity(q.start, q.end, q.text, value, value, value, q.qualifier, q.unit, q.noun, q.per,
                         q.number_start, q.number_end)
        out.append(q)
    return out


RESTATED_DIGITS = re.compile(r"\s*\(\s*$")


def _merged_restatements(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """ "Fourteen (14) laboratories", as legal and official texts write counts, is one figure."""
    out: list[Quantity] = []
    for q in quantities:
        previous = out[-1] if out else None
        if previous is not None and not any(ch.isdigit() for ch in previous.text) and previous.unit is None \
                and previous.noun is None and q.value == previous.value \
                and RESTATED_DIGITS.fullmatch(text[previous.end:q.start]) and text[q.number_end:q.number_end + 1] == ")":
            end = q.number_end + 1
            out[-1] = Quantity(previous.start, max(end, q.end), text[previous.start:max(end, q.end)], previous.value,
                               previous.low, previous.high, previous.qualifier, q.unit, q.noun, q.per,
                               previous.number_start, previous.number_end)
            continue
        out.append(q)
    return out


def _read_match(text: str, masked: str, match: re.Match, g: _Grammar) -> tuple[list[_Candidate], int]:
    """Candidates from one grammar match, and where to search next."""
    if match.group("n2") is None:
        candidate = _build(text, match, g)
        return ([candidate], candidate.end) if candidate else ([], match.end())
    verdict = _range_verdict(match, g)
    if verdict == "range":
        candidate = _build(text, match, g)
        return ([candidate], candidate.end) if candidate else ([], match.end())
    if verdict == "drop":  # "24/7", "2016-17": a code or a span of years
        return [], match.end()
    if verdict == "year":  # skip the year, the next search reads the figure after it
        return [], match.end("n1")
    # "split": two figures that are not a range ("from 30 to 20 percent");
    # read the first alone (sharing the unit), the next search finds the second.
    single = g.single.match(masked, match.start())
    if single is None:
        return [], match.end()
    shared = match.group("unit") if single.group("u1") is None and single.group("unit") is None else None
    candidate = _build(text, single, g, shared_unit=shared)
    first_end = single.end("sc1") if single.group("sc1") else single.end("n1")
    return ([candidate], candidate.end) if candidate else ([], max(first_end, match.start("n1") + 1))


def _range_verdict(match: re.Match, g: _Grammar) -> str:
    """'range', 'split' (two separate figures) or 'drop' (a code, not numbers)."""
    first = _figure(match, "n1", "sc1")
    second = _figure(match, "n2", "sc2")
    if first is None or second is None:
        return "drop"
    _share_scale(first, second)
    connector = match.group("conn")
    symbolic = connector in ("-", "\u2013", "\u2014", "/")
    units = [_unit_reading(match.group(name), g) for name in ("u1", "unit")]
    has_unit = any(u is not None for u in units) or _currency_of(match, g, None) is not None
    if connector == "/" and not has_unit:
        return "drop"
    first_text = match.string[first.start:first.number_end]
    second_text = match.string[second.start:second.number_end]
    if _YEAR_RE.fullmatch(first_text) and not _YEAR_RE.fullmatch(second_text):
        return "year"  # "in 2017 to 6,200 hectares": a year is no range's low end
    if _value(first) >= _value(second):
        return "drop" if symbolic else "split"
    if units[0] is not None and units[1] is not None and units[0][0] != units[1][0]:
        return "split"
    return "range"


def _figure(match: re.Match, number_group: str, scale_group: str) -> _Figure | None:
    """The numeral of a group with its scale word; None if the words are not a number."""
    raw_text = match.group(number_group)
    start, number_end = match.span(number_group)
    is_words = not raw_text[:1].isdigit()
    if re.match(r"0[0-9]", raw_text):
        return None  # "007", "000": a code or a broken number
    raw = parse_number_words(raw_text)
    if raw is None:
        return None
    if is_words:
        number_end = start + len(re.sub(rf"{_SP1}an?$", "", raw_text, flags=re.IGNORECASE))  # "half a" -> "half"
    scale_text = match.group(scale_group) if scale_group in match.re.groupindex else None
    if is_words and scale_text and not _key(raw_text).startswith(tuple(_number_vocab().half)):
        return None  # "one hundred and two hundred": number words carry their own scale
    end = match.end(scale_group) if scale_text else match.end(number_group)
    return _Figure(
        start=start,
        end=end,
        number_end=end if scale_text else number_end,
        numeral_end=number_end,
        raw=raw,
        scale_key=_key(scale_text) if scale_text else None,
        is_words=is_words,
        looks_like_year=bool(re.fullmatch(r"[0-9]{4}", raw_text)) and 1800 <= raw <= 2099 and not scale_text,
    )


def _share_scale(first: _Figure, second: _Figure) -> None:
    """'5 to 10 million' means 5 million: the second scale carries back when it fits."""
    if first.scale_key is None and second.scale_key is not None and first.raw < second.raw:
        first.scale_key = second.scale_key


def _value(figure: _Figure, scale_of: dict | None = None) -> float:
    scale_of = scale_of if scale_of is not None else _grammar().scale_of
    factor = scale_of.get(figure.scale_key, 1.0) if figure.scale_key else 1.0
    return figure.raw * factor


def _unit_reading(token: str | None, g: _Grammar) -> tuple[str, float] | None:
    """(canonical unit, multiplier) of a measure word; None for currencies or nothing."""
    if not token:
        return None
    return g.unit_of.get(_key(token))


def _currency_of(match: re.Match, g: _Grammar, shared_unit: str | None) -> str | None:
    for name in ("cur1", "cur2", "unit", "code"):
        token = match.group(name) if name in match.re.groupindex else None
        if token:
            iso = g.currency_of.get(_key(token.strip("() \t")))
            if iso:
                return iso
    if shared_unit:
        return g.currency_of.get(_key(shared_unit))
    return None


_YEAR_RE = re.compile(r"(?:18|19|20)\d\d")


def _build(text: str, match: re.Match, g: _Grammar, shared_unit: str | None = None) -> _Candidate | None:
    """Read one grammar match into a candidate, or None when it is not a quantity."""
    figures = _figures_of(match)
    reading = _unit_of(match, figures, g, shared_unit) if figures else None
    if reading is None:
        return None
    unit, multiplier = reading
    first, last = figures[0], figures[-1]
    is_range = len(figures) == 2
    qualifier_text = match.group("qual")
    lead = match.start("cur1") if match.group("cur1") else first.start
    core_end = max(match.end(name) for name in match.re.groupindex if match.group(name) is not None)
    if _is_not_a_quantity(text, figures, unit, qualifier_text, lead, core_end, g):
        return None

    noun, end = _counted_noun(text, core_end, g) if unit is None else _measured_noun(text, core_end, g)
    if unit is None and _is_year(figures, noun, bool(qualifier_text), is_range):
        return None
    qualifier, end = _qualifier(text, qualifier_text, is_range, end, g)
    values = sorted(_tidy(_value(f, g.scale_of) * multiplier) for f in figures)
    if is_range and values[0] >= values[-1]:
        return None  # a degenerate range
    if qualifier_text:
        start = match.start("qual")
    elif is_range and match.group("opener"):
        start = match.start("opener")
    else:
        start = lead
    return _Candidate(
        start=start,
        end=end,
        core_end=core_end,
        low=values[0],
        high=values[-1],
        qualifier=qualifier,
        unit=unit,
        noun=noun,
        number_start=first.start,
        number_end=last.number_end,
        is_range=is_range,
        multiplier=multiplier,
    )


def _figures_of(match: re.Match) -> list[_Figure] | None:
    """The one or two figures of a match, the first sharing the second's scale."""
    figures = [_figure(match, "n1", "sc1")]
    if "n2" in match.re.groupindex and match.group("n2") is not None:
        figures.append(_figure(match, "n2", "sc2"))
    if any(f is None for f in figures):
        return None
    if len(figures) == 2:
        _share_scale(*figures)
    return figures


def _unit_of(match: re.Match, figures: list[_Figure], g: _Grammar, shared_unit: str | None) -> tuple[str | None, float] | None:
    """(canonical unit or None, multiplier); None when a currency-only scale has no currency."""
    currency = _currency_of(match, g, shared_unit)
    measure = _unit_reading(match.group("u1") or match.group("unit") or shared_unit, g)
    for figure in figures:
        if figure.scale_key not in g.currency_only_scales or currency:
            continue
        if figure.scale_key == "m" and measure is None and len(figures) == 1:
            measure, figure.scale_key = g.unit_of.get("m"), None  # "300 m" is metres
            figure.number_end = figure.numeral_end
        else:
            return None  # "50k" with no currency
    if currency:
        return currency, 1.0
    return measure if measure else (None, 1.0)


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
    if _is_duration(text, figures[-1].end, g):
        return True
    first = figures[0]
    if len(figures) == 1 and first.is_words and first.raw in (0.5, 1.0) and first.scale_key is None:
        return True  # "one of the", "One security expert", "half of"
    if g.ratio_before.search(text, max(0, lead - 20), lead):
        return True  # "one in three flights"
    return not qualifier_text and bool(g.label_before.search(text, max(0, lead - 40), lead))  # "Law 30339"


def _is_year(figures: list[_Figure], noun: str | None, qualified: bool, is_range: bool) -> bool:
    """'in 2013', 'between 2007 and 2012', 'a 2015 report' -- but 'some 2000 soldiers' is a count."""
    if not all(f.looks_like_year for f in figures):
        return False
    plural_count = noun is not None and noun.endswith("s") and (qualified or is_range)
    return not plural_count


def _qualifier(text: str, qualifier_text: str | None, is_range: bool, end: int, g: _Grammar) -> tuple[str, int]:
    """The qualifier (a range is always 'range') and the span end after a trailing 'or more'."""
    if is_range:
        return "range", end
    qualifier = g.qualifier_of.get(_key(qualifier_text), "exact") if qualifier_text else "exact"
    post = g.post_qualifier.match(text, end)
    if post is None:
        return qualifier, end
    if qualifier == "exact":
        qualifier = g.post_qualifier_of.get(_key(post.group("post")), "exact")
    return qualifier, post.end()


def _tidy(value: float) -> float:
    """Drop float noise from multiplying (1.2 * 1e6), keeping 12 significant digits."""
    return float(f"{value:.12g}")


# --------------------------------------------------------------------------
# Context rules: what only looks like a quantity
# --------------------------------------------------------------------------


def _char(text: str, i: int) -> str:
    return text[i] if 0 <= i < len(text) else ""


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


def _is_duration(text: str, end: int, g: _Grammar) -> bool:
    """'two days', 'Seven years ago', 'the first nine months': time spans, not quantities."""
    return bool(g.duration_after.match(text, end))


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


# --------------------------------------------------------------------------
# Nouns
# --------------------------------------------------------------------------


def _next_word(text: str, pos: int, g: _Grammar) -> tuple[str, str, int] | None:
    """(word as written, folded word, end incl. a closing quote) after pos."""
    m = g.noun_word.match(text, pos)
    if m is None:
        return None
    written = m.group("word").rstrip("'\u2019" + _HYPHENS)
    end = m.start("word") + len(written)
    if m.group("open") and _char(text, end) and _char(text, end) in _CLOSE_QUOTES:
        end += 1
    return written, _key(written), end


def _is_predicate(word: str, previous: str, following: str | None, g: _Grammar) -> bool:
    """A verb form ending the noun phrase: 'pits destroyed', 'aircraft are flying'."""
    if len(word) <= 4:
        return False
    participle = word.endswith(("ed", "ing"))
    ends_phrase = following is None or following in g.stopwords
    if participle and (previous.endswith("s") or ends_phrase):
        return True
    return word.endswith("ly") and ends_phrase


def _counted_noun(text: str, pos: int, g: _Grammar) -> tuple[str | None, int]:
    """The counted noun right after a bare count ('four to six drug planes' -> 'drug planes')."""
    words: list[str] = []
    end, cursor = pos, pos
    while len(words) < _MAX_NOUN_WORDS:
        current = _next_word(text, cursor, g)
        if current is None:
            break
        written, word, word_end = current
        following = _next_word(text, word_end, g)
        following_word = following[1] if following else None
        if not words and (word in g.skip_leading or _adverb_before_participle(word, following_word)):
            cursor = word_end
            continue
        if word in g.stopwords or word in g.number_words or word in g.calendar_words:
            break
        if words and written[0].isupper() and words[-1][0].islower():
            break  # '23 airstrips Tuesday'
        if words and _is_predicate(word, _key(words[-1]), following_word, g):
            break
        words.append(written)
        end = cursor = word_end
    if not words:
        return None, pos
    return " ".join(" ".join(words).split()).strip(_OPEN_QUOTES + _CLOSE_QUOTES), end  # as written


def _adverb_before_participle(word: str, following: str | None) -> bool:
    """'two recently constructed pits': skip 'recently'."""
    return word.endswith("ly") and following is not None and following.endswith(("ed", "en"))


def _measured_noun(text: str, pos: int, g: _Grammar) -> tuple[str | None, int]:
    """What a measure is of ('1.2 tons of cocaine' -> 'cocaine'); None without 'of'."""
    of = g.of_word.match(text, pos)
    if of is None:
        return None, pos
    cursor = of.end()
    while (current := _next_word(text, cursor, g)) is not None and current[1] in g.determiners:
        cursor = current[2]
    noun, end = _counted_noun(text, cursor, g)
    return (noun, end) if noun else (None, pos)


# --------------------------------------------------------------------------
# Rates
# --------------------------------------------------------------------------

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
