"""The compiled grammar: the lexicon turned into patterns, once.

One pattern finds each figure with its qualifier, currency, scale word, unit
and range partner; a mask pattern blanks dates, times, phone numbers and list
marks first; the rest are the small patterns the context, noun and rate rules
test around a figure. Everything is built on first use and cached.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.text.alternation import any_of, first_chars, grouped
from pipeline.text.numbers.lexicon import _lexicon, _number_vocab
from pipeline.text.numbers.numerals import _DIGITS, _word_number_pattern
from pipeline.text.numbers.patterns import _OPEN_QUOTES, _SP, _SP1, _alternation, _case_sensitive, _key


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
    unreported_after: re.Pattern
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
    # a day is no figure's first group: "from February, 1,200 officers"
    day = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![0-9])(?![.,][0-9])"
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
        unreported_after=re.compile(rf"{_SP}(?:{_alternation(lex['unreported_measures'])})(?![\w])", flags),
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
    r"""Searches somewhere exactly when r"\b(?:words)" with IGNORECASE does (see any_of)."""
    ordered = sorted(words, key=len, reverse=True)
    fast = any_of([(w[0], re.escape(w[1:])) for w in ordered if w], word_start=True) if all(ordered) else None
    return re.compile(fast) if fast else re.compile(r"\b(?:" + "|".join(map(re.escape, ordered)) + ")", re.IGNORECASE)
