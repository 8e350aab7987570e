"""Budget lines: a sum of a sentence or of a table of sums, with who pays whom; and the sums that are prices."""
from __future__ import annotations

import re
from dataclasses import replace

from pipeline.contract import ID_PREFIXES
from pipeline.extract import entities, tabular
from pipeline.extract.attribution import payer_name
from pipeline.extract.document import LABELLED_SUM, DocumentContext, Sentence
from pipeline.extract.figure_scope import nearest_period
from pipeline.extract.figures import Figure
from pipeline.extract.lexicon import CURRENCIES, gazetteer, metric_lexicon
from pipeline.extract.money import (
    PRICE_UNITS,
    budget_fields,
    calendar_fiscal_year,
    converted_for_the_codebook,
    is_exchange_rate,
    kept_as_conversion,
    money_kind,
    paid_abroad,
    restates_money,
    table_budget_fields,
)
from pipeline.extract.rows import _date_fields, _provenance, row_id
from pipeline.text import tables

APPROXIMATE_COLUMN = re.compile(r"\b(?:approx(?:imate|\.)?|about|estimated|est\.)", re.I)  # "Approximate US dollar equivalent"


def _table_budget_row(ctx: DocumentContext, s: Sentence, f: tabular.TableFigure, table: tabular.Table,
                      row_currencies: tuple[str, ...] = ()) -> dict:
    """A cell of a table of sums as a budget line, quoted from its row."""
    q = f.quantity
    told_in = next((c for c in (f.unit, *row_currencies) if c in metric_lexicon().financial_year_starts), f.unit)
    dates = _date_fields(calendar_fiscal_year(f.period, told_in), None, "period")
    fields = table_budget_fields(f.column, f.label, table.caption, table.header[0] if table.header else "", f.unit,
                                 ctx.main_country, tables.is_total(f.label), row_currencies)
    return {
        "budget_id": row_id(ID_PREFIXES["budgets"], ctx.doc_id, s.text, q.number_start, q.number_end, "budget", s.occurrence),
        "amount": f.low, "currency": f.unit,
        "qualifier": "approximate" if APPROXIMATE_COLUMN.search(f.column) else q.qualifier, **fields,
        "period_start": dates["period_start"], "period_end": dates["period_end"],
        "period_precision": dates["period_precision"], "attributed_to": None, **_provenance(ctx, s),
    }


def _budget_row(ctx: DocumentContext, s: Sentence, f: Figure, attributed: str | None,
                payers: dict[str, tuple[str, int]], context: str = "", country: str | None = None) -> dict:
    """``country``: whose money a converted sum was told in ("£650,000 (US$820,000)"): it pays when no one
    else is named, and an unnamed "government" is its government.
    """
    q = f.quantity
    told_in = country
    country = country or ctx.main_country
    period = nearest_period(q, s.dates, s.text)
    dates = _date_fields(calendar_fiscal_year(period, f.unit), None, "period")
    fields = budget_fields(f, s.text, country)
    if not fields["funder"]:
        fields["funder"] = _topic_body(f.unit, context, country) or _unnamed_payer(f.unit, ctx.list_lead_paragraph if ctx.in_list_item else s.paragraph, payers) \
            or told_in
        if fields["funder"] == fields["recipient"]:
            fields["funder"] = None
        if fields["kind"] == "other" and fields["funder"] and paid_abroad(fields["funder"], s.text):
            fields["kind"] = "grant"
    elif f.unit in CURRENCIES:
        payers[f.unit] = (fields["funder"], s.paragraph)
    fields["funder"] = _possessive_as_written(fields["funder"], s.text)
    return {
        "budget_id": row_id(ID_PREFIXES["budgets"], ctx.doc_id, s.text, q.number_start, q.number_end, "budget", s.occurrence),
        "amount": abs(f.value), "currency": f.unit, "qualifier": q.qualifier,
        **fields,
        "period_start": dates["period_start"], "period_end": dates["period_end"],
        "period_precision": dates["period_precision"], "attributed_to": attributed,
        **_provenance(ctx, s),
    }


COMPARED_SUM = re.compile(r"(?:,\s*)?(?:(?:down|up)\s+from|compared\s+(?:with|to)|against|from)\s+(?:about\s+|some\s+|nearly\s+)?$",
                          re.I)


SEIZED_MONEY_AFTER = re.compile(r"\s+in\s+(?:cash|banknotes|bills|notes)\b", re.I)
SEIZED_BEFORE = re.compile(r"\b(?:seized|seizing|confiscated|impounded|found|recovered|seizure\s+of)\b", re.I)
SEIZED_MONEY_BEFORE = re.compile(r"\b(?:valued|appraised)\s+at\s+(?:about\s+|some\s+)?$", re.I)


def _money(ctx: DocumentContext, s: Sentence, f: Figure, attributed: str | None, rows: dict[str, list[dict]],
           payers: dict[str, tuple[str, int]], prices: dict[str, tuple[str, int]], context: str) -> Figure | None:
    """A sum: a budget line (added to rows, None returned), a price or other estimate (returned), or nothing."""
    index = s.quantities.index(f.quantity)
    seized_before = SEIZED_BEFORE.search(s.text, 0, f.quantity.start)
    in_cash = SEIZED_MONEY_AFTER.match(s.text, f.quantity.end)
    # what was seized: "seized … S/. 186,400 in cash and a pick-up truck valued at S/. 95,000",
    # "86 kilograms of cocaine, a hydraulic press and US$ 23,400 in cash were seized"
    if seized_before and (in_cash or SEIZED_MONEY_BEFORE.search(s.text, 0, f.quantity.start)) \
            or in_cash and SEIZED_BEFORE.search(s.text, f.quantity.end):
        return None
    if is_exchange_rate(s, index):
        return None  # "€0.92 per U.S. dollar": a rate of exchange, not money spent or asked
    if converted_for_the_codebook(s, index):
        return None  # "R$ 48 milhões (US$ 9.1 million)": the dollars are the row
    conversion = kept_as_conversion(s, index)
    if restates_money(s, index) and not conversion:
        return None  # "(about $320 million)": the sum before it, converted
    home = None
    if conversion:
        # the dollars of "R$ 48 milhões (US$ 9.1 million)" are read where the sum stands, not in the bracket,
        # and a government that spends reais is Brazil's
        told = s.quantities[index - 1]
        home = metric_lexicon().home_currency_funders.get(told.unit)
        f = replace(f, quantity=replace(f.quantity, start=told.start, end=told.end, number_start=told.number_start,
                                        number_end=told.number_end, per=told.per or f.quantity.per),
                    per=f.per or told.per)  # "60.000 pesos per day (near to US$14)": a day's pay
    other_money = tuple((q.start, q.end) for q in s.quantities if q.unit in CURRENCIES and q is not f.quantity)
    kind = money_kind(f, s.text, context, other_money)
    if kind == "other" and ctx.in_list_item and (any(r.search(context) for r in metric_lexicon().budget_kinds.values())
                                                 or any(row["quote"] in context for row in rows["budgets"])):
        kind = "budget"  # "a €48 million package. The package includes: - €20 million for …": a part of that sum
    if kind == "other" and LABELLED_SUM.match(s.text):
        kind = "budget"  # "Total project cost: USD 161.0 million": a line of a project's sheet
    if kind == "budget":
        row = _budget_row(ctx, s, f, attributed, payers, context, home)
        rows["budgets"].append(_compared_sum(row, rows["budgets"], s, f.quantity))
        return None
    if f.unit not in PRICE_UNITS:
        return None  # a price in reais is no unit of the estimates table
    f.metric = "price" if kind == "price" else "other"
    return _priced_as_before(f, prices, s.paragraph)


def _priced_as_before(f: Figure, prices: dict[str, tuple[str, int]], paragraph: int) -> Figure:
    """ "… a kilo of dry leaf fell from 8.6 soles to 4.1 soles. In the Huallaga the fall was milder, from
    7.2 to 5.3 soles.": a bare sum after a price in its paragraph continues that price, at its rate.
    """
    told = prices.get(f.unit)
    if f.per is None and f.metric in ("other", "price") and told is not None and told[1] == paragraph:
        return replace(f, metric="price", per=told[0])
    return f


def _compared_sum(row: dict, earlier: list[dict], s: Sentence, q) -> dict:
    """ "requested $57 million for … in fiscal 2025, down from $64 million": the sum compared with is the
    same payer's for the same thing, at a time the sentence does not give.
    """
    if not earlier or earlier[-1]["quote"] != row["quote"] or earlier[-1]["currency"] != row["currency"]:
        return row
    before = s.text[:q.start]
    if not COMPARED_SUM.search(before[-40:]) or any(m.start >= before.rfind(",") and m.end <= q.start for m in s.dates):
        return row
    previous = earlier[-1]
    return {**row, "funder": previous["funder"], "recipient": previous["recipient"], "kind": previous["kind"],
            "purpose": previous["purpose"],
            **({"period_start": None, "period_end": None, "period_precision": "unknown"}
               if row["period_start"] == previous["period_start"] else {})}


def _possessive_as_written(funder: str | None, text: str) -> str | None:
    """ "Peru's Ministry of Defense signed …": the body as the text names it, not "Peru (Ministry of Defense)"."""
    m = re.fullmatch(r"(.+) \((.+)\)", funder or "")
    if m:
        for apostrophe in ("'", "’"):
            written = f"{m[1]}{apostrophe}s {m[2]}"
            if written in text:
                return written
    return funder


TOPIC_WORDS = 4  # a body named within the first words of the sentence before is what it is about


def _topic_body(currency: str, context: str, main_country: str | None) -> str | None:
    """ "SUNAT says its three scanners … Benavides confirmed that a tender, with a budget of 186 million
    soles, will be launched": a home-currency sum no clause pays is paid by the public body of that
    country the sentence before is about.
    """
    home = metric_lexicon().home_currency_funders.get(currency)
    if not home or not context:
        return None
    opening = len(" ".join(context.split()[:TOPIC_WORDS]))
    for m in entities.orgs_in(context):
        country = gazetteer().org_country.get(m.name)
        if m.start <= opening and (country == home or country == "local" and main_country == home):
            return payer_name(m, main_country)
    return None


PAYER_REACH = 2  # paragraphs a payer named with a sum still pays for the sums after it


def _unnamed_payer(currency: str, paragraph: int, payers: dict[str, tuple[str, int]]) -> str | None:
    """Who pays a sum whose sentence names no payer: the state whose currency it is ("S/ 186
    million goes to alternative development" is Peru's), else the payer of the last sum in that
    currency a paragraph or two before ("Within that account, … $38.5 million for Peru").
    """
    home = metric_lexicon().home_currency_funders.get(currency)
    if home:
        return home
    if currency in payers and 0 <= paragraph - payers[currency][1] <= PAYER_REACH:
        return payers[currency][0]
    return None
