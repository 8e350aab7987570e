"""One grammar match read into a candidate: figures, range or not, unit, currency, qualifier.

The pattern over-matches on purpose ("from 30 to 20 percent", "24/7",
"2016-17"); here a match is judged a range, two separate figures, a year or
a code, and its values are scaled ("5 to 10 million") and multiplied by the
unit as written.
"""
from __future__ import annotations

import re

from pipeline.text.numbers.context import _is_not_a_quantity, _is_year
from pipeline.text.numbers.grammar import _Grammar, _grammar
from pipeline.text.numbers.lexicon import _number_vocab
from pipeline.text.numbers.nouns import _counted_noun, _measured_noun
from pipeline.text.numbers.numerals import parse_number_words
from pipeline.text.numbers.patterns import _SP1, _key
from pipeline.text.numbers.records import _Candidate, _Figure, _tidy


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
    opener = match.group("opener") or ("from" if re.search(r"\bfrom\s+$", match.string[max(0, match.start() - 6):match.start()],
                                                             re.I) else None)
    if opener and opener.lower() == "from" and (
            units[0] is not None and units[1] is not None
            or CHANGE_BEFORE_FROM.search(match.string, max(0, match.start() - 50), match.start())):
        return "split"  # "grew from 40,300 hectares to 92,784 hectares": two figures, a before and an after
    return "range"


CHANGE_BEFORE_FROM = re.compile(r"\b(?:rose|risen|rising|fell|fallen|falling|grew|grown|growing|increased|increasing|decreased|"
                                r"dropped|dropping|climbed|declined|declining|doubled|tripled|jumped|shrank|shrunk|"
                                r"expanded|went|up|down|cut|reduced|raised|plunged|soared|slid|changed|moved)\b[^.;:]{0,40}$", re.I)


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
    elif first.is_words and second.is_words and first.scale_key is None and second.scale_key is None:
        # "between ten and fifteen thousand dollars": the words of the second end in the scale they share
        for scale in (1e9, 1e6, 1e3, 1e2):
            if second.raw >= scale and second.raw % scale == 0 and first.raw < second.raw / scale:
                first.raw *= scale
                break


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
