"""Money: whether a sum is a price inside the trade or a budget of the response, and its budget fields.

A price is paid inside the trade ("per kilogram", "earn"); a budget is what an
institution budgets, grants or spends. Who pays and who receives is read by
``attribution``.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from pipeline import contract
from pipeline.extract import entities
from pipeline.extract.attribution import _entity_names, _funder, _recipient
from pipeline.extract.document import Sentence, clause_bounds
from pipeline.extract.figures import Figure
from pipeline.extract.lexicon import CURRENCIES, gazetteer, metric_lexicon
from pipeline.text import tables
from pipeline.text.dates import DateMention

PRICE_UNITS = CURRENCIES & set(contract.vocabulary("unit"))  # the money an estimate may be in
MEASURE_PER = {"kg", "flight", "day"}  # a sum a day is a day's pay ("for S/ 60 a day"), no budget
FOR_RE = re.compile(r"\b(?:for|to\s+(?=fight|combat|cover|fund|support|finance|strengthen|buy|purchase))\s+(.{3,80}?)(?=[,.;)(]|\s+(?:and|but|while|which)\b|$)")


def money_kind(figure: Figure, sentence: str, context: str = "",
               other_money: tuple[tuple[int, int], ...] = ()) -> str:
    """'price' for money inside the trade, 'budget' for money of the response, else 'other'.

    A price with no rate of its own is per kg when its clause names a kilo
    ("a kilo sells for about $1,000").
    """
    lex = metric_lexicon()
    q = figure.quantity
    c_start, c_end = clause_bounds(sentence, q.start)
    clause = sentence[c_start:c_end]
    trade_payment = bool(lex.payment.search(clause) and lex.trade_actors.search(clause))
    budget_worth = bool(lex.worth_budget.search(sentence[max(0, q.start - 80):q.start]))
    # a price word after this sum and right before another ("$50 million in aid, and the EU finances a
    # programme worth €12 million") prices that other sum
    priced = any(not (m.start() >= q.end and any(0 <= o_start - m.end() and len(sentence[m.end():o_start].split()) <= 3
                                                  for o_start, _ in other_money))
                 for m in lex.price.finditer(sentence, c_start, c_end))
    # the sum is what was laundered: the cue stands right before it ("laundered at least 48 million soles",
    # "put the laundered sum at 71 million") or right after it ("48 million soles were laundered")
    near = (max(0, q.start - 50), min(len(sentence), q.end + 30))
    laundered = [m for m in lex.trade_money.finditer(sentence, *near)
                 if not re.search(r"(?:anti-?(?:money-?)?|against\s+(?:money\s+)?|fight\w*\s+(?:\w+\s+)?)$",
                                  sentence[:m.start()], re.I)]
    if laundered and not q.per:
        return "other"  # "laundered at least 48 million soles": the trade's money, no one's budget
    if not budget_worth and (q.per in MEASURE_PER or priced or trade_payment):
        if figure.per is None and (lex.per_kg_cues.search(clause) or re.search(r"\b(?:a|one|per|each)\s+kilo", context)):
            figure.per = "kg"  # "A kilo … costs $1,000. In Bolivia it is already worth $2,000."
        return "price"
    if any(regex.search(clause) for regex in lex.budget_kinds.values()):
        return "budget"
    if any(regex.search(sentence) for regex in lex.budget_kinds.values()):
        return "budget"
    if _entity_names(clause[: q.start - c_start]):
        return "budget"
    to_body = re.match(r"^\s+(?:\w+\s+){0,3}?(?:to|for)\s+(?:the\s+)?", sentence[q.end:])
    if to_body:  # "90 million soles went to CORAH": money a public body receives
        named = [m for m in _entity_names(sentence[q.end + to_body.end():q.end + to_body.end() + 80])
                 if m.start == 0 and m.level != 1]
        if named:
            return "budget"
    return "other"


def budget_fields(figure: Figure, sentence: str, main_country: str | None = None) -> dict:
    lex = metric_lexicon()
    q = figure.quantity
    c_start, c_end = clause_bounds(sentence, q.start)
    clause = sentence[c_start:c_end]
    kind = _nearest_kind(clause, q.start - c_start) or _nearest_kind(sentence, q.start) or "other"
    funder = _funder(sentence, q, c_start, c_end, kind, main_country)
    if kind in ("budget", "spending", "other") and funder and main_country and not funder.startswith(main_country) \
            and _foreign_country(funder, main_country) and not lex.own_budget.search(clause):
        kind = "grant"  # one government's money for another country's agencies is aid
    if kind == "other" and funder and paid_abroad(funder, sentence):
        kind = "grant"  # "the EU … €48 million package to help communities in Peru and Colombia": aid
    if kind == "grant" and funder and funder.split(" (")[0] == lex.home_currency_funders.get(figure.unit) \
            and not lex.grant_proper.search(clause):
        kind = "budget"  # "the budget law gives DEVIDA S/ 412 million": a state funding its own agency
    recipient = _recipient(sentence, q, main_country)
    if recipient and funder and recipient == funder:
        recipient = None
    purpose_m = FOR_RE.search(sentence, q.end)
    recurrence = "annual" if lex.annual.search(clause) else "one_off" if lex.one_off.search(clause) else "unknown"
    return {"kind": kind, "funder": funder, "recipient": recipient,
            "purpose": purpose_m.group(1).strip() if purpose_m else None, "recurrence": recurrence}


def _nearest_kind(text: str, position: int) -> str | None:
    """The budget kind whose cue word stands nearest the amount ("at a cost of $12 million" -> procurement)."""
    hits = [(abs(m.start() - position), kind) for kind, regex in metric_lexicon().budget_kinds.items()
            for m in regex.finditer(text)]
    return min(hits)[1] if hits else None


def paid_abroad(funder: str, sentence: str) -> bool:
    """The payer is a state (or a union of states) and the sentence names only other countries."""
    name = funder.split(" (")[0]
    place = gazetteer().place(name)
    state = place.name if place is not None and place.level == 1 else gazetteer().org_country.get(name)
    if state is None and name in gazetteer().demonyms.values():
        state = name  # "European": a union of states, which pays as one
    named = {p.name for p in entities.places_in(sentence) if p.level == 1}
    return state is not None and state != "local" and bool(named) and state not in named


def _foreign_country(funder: str, main_country: str) -> bool:
    country = funder.split(" (")[0]
    place = gazetteer().place(country)
    return place is not None and place.level == 1 and country != main_country


def restates_money(sentence: Sentence, index: int) -> bool:
    """A bracketed sum right after a sum in another currency ("S/ 1.2 billion (about $320 million)")
    converts it: the same money, not a second budget.
    """
    if index == 0:
        return False
    q, previous = sentence.quantities[index], sentence.quantities[index - 1]
    if q.unit not in CURRENCIES or previous.unit not in CURRENCIES or q.unit == previous.unit:
        return False
    gap = " ".join(sentence.text[previous.end:q.start].split()).lower()
    rate = gap.split("(")[0]
    if previous.per and "(" in gap and len(rate.split()) <= 3:
        gap = gap[len(rate):]  # "60.000 pesos per day (near to US$14)": the rate is the first sum's
    return gap in metric_lexicon().conversion_openers


def converted_for_the_codebook(sentence: Sentence, index: int) -> bool:
    """ "R$ 48 milhões (US$ 9.1 million)": a sum in a currency the codebook does not list, converted right
    after into one it lists, is released as that conversion.
    """
    listed = metric_lexicon().codebook_currencies
    quantities = sentence.quantities
    return index + 1 < len(quantities) and quantities[index].unit not in listed \
        and quantities[index + 1].unit in listed and restates_money(sentence, index + 1)


def kept_as_conversion(sentence: Sentence, index: int) -> bool:
    return index > 0 and converted_for_the_codebook(sentence, index - 1)


def is_exchange_rate(sentence: Sentence, index: int) -> bool:
    """Money priced in money ("€0.92 per U.S. dollar", "the exchange rate of R$ 5.35") is a rate
    of exchange, no sum of its own; a rate listed with it ("S/ 3.74 and €0.92 per dollar") too.
    """
    lex = metric_lexicon()
    quantities = sentence.quantities
    q = quantities[index]
    if q.unit not in CURRENCIES:
        return False
    if lex.exchange_rate_after.match(sentence.text[q.end:]) or lex.exchange_rate_before.search(sentence.text[:q.start]):
        return True
    if index + 1 < len(quantities) and quantities[index + 1].unit in CURRENCIES \
            and re.fullmatch(r"\s*(?:,|and|,\s*and|or)\s*", sentence.text[q.end:quantities[index + 1].start]):
        return is_exchange_rate(sentence, index + 1)
    return False


# The first column of a table whose rows are payers: "Source | FY2022 | …", "Donor | 2023 | …"
PAYER_COLUMNS = re.compile(r"^\s*(?:source|sources|donor|donors|funder|funders|contributor|contributors|country|"
                           r"cooperation|cooperant|partner|partners)\b", re.I)
FISCAL = re.compile(r"\b(?:FY|fiscal)", re.I)


def table_budget_fields(column: str, label: str, caption: str, first_column: str, currency: str,
                        main_country: str | None, is_total: bool, row_currencies: tuple[str, ...] = ()) -> dict:
    """Who pays whom a table's sum, and its kind: from its column head, the caption and the row's label.

    A table whose first column lists sources or donors is read row by row as payers to the
    text's country; otherwise the state whose currency the sums are in (else the text's
    country) pays the body the row names ("DIRANDRO - Mininter"), and a total row names none.
    ``row_currencies``: the currencies of the row's other sums.
    """
    lex = metric_lexicon()
    kind = _nearest_kind(column, 0) or _nearest_kind(caption, 0) or "other"
    # a row that tells its sum in a state's money and again in dollars ("2021/22 | £1.9 million | $2.5 million")
    # is that state's money in both cells
    row_home = next((lex.home_currency_funders[c] for c in row_currencies if c in lex.home_currency_funders), None)
    home = lex.home_currency_funders.get(currency) or row_home or main_country
    if PAYER_COLUMNS.match(first_column) and not is_total:
        funder, recipient = label, main_country
        kind = "grant" if kind in ("other", "budget") and label.split(" -")[0] != home else kind
    else:
        named = [m for m in _entity_names(caption) if m.level == 1 and m.name != home]
        funder = named[0].name if named and currency not in lex.home_currency_funders and row_home is None else home
        recipient = None if is_total else label
        if tables.YEAR_CELL.match(label.strip()):
            recipient = main_country if main_country != funder else None  # "2021/22 | £1.9 million": a year's sum
    return {"kind": kind, "funder": funder, "recipient": recipient, "purpose": None, "recurrence": "unknown"}


SPLIT_YEAR = re.compile(r"^(?:FY\s*)?((?:19|20)\d\d)\s*/\s*(\d{2})$")


def calendar_fiscal_year(period: DateMention | None, currency: str) -> DateMention | None:
    """A fiscal year of a state that budgets by calendar year (Peru, its neighbours: any sum not in US
    dollars) is that calendar year; the US federal one runs October to September; a split year
    ("2021/22") of a state whose year starts in another month (the United Kingdom's, in April) runs
    from that month.
    """
    split = SPLIT_YEAR.match((period.text or "").strip()) if period is not None else None
    first_month = metric_lexicon().financial_year_starts.get(currency)
    if split and first_month and (int(split.group(1)) + 1) % 100 == int(split.group(2)):
        year = int(split.group(1))
        return replace(period, date_start=dt.date(year, first_month, 1),
                       date_end=dt.date(year + 1, first_month, 1) - dt.timedelta(days=1), precision="range")
    if period is None or currency == "USD" or not FISCAL.search(period.text or "") or period.date_end is None \
            or period.precision != "range":
        return period
    start, end = period.date_start, period.date_end
    if (end - start).days > 366:
        return period  # fiscal years 2020 to 2024: a span of several
    return replace(period, date_start=end.replace(month=1, day=1), date_end=end.replace(month=12, day=31),
                   precision="year")
