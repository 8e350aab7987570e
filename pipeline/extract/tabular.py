"""Figures of a text table: each numeric cell is a claim about its row (a place) and its column (a year).

The caption says what is measured and in which unit ("Coca cultivation by
zone, Peru, 2022-2023 (hectares)"); a column named for a change holds
percentage changes over the column's period. Quoted from the row itself.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from pipeline.extract import entities
from pipeline.extract.lexicon import CURRENCIES, metric_lexicon
from pipeline.extract.metrics import classify
from pipeline.text import tables
from pipeline.text.dates import Anchor, DateMention, explicit_years, find_dates
from pipeline.text.numbers import Quantity, currency_names, find_quantities

UNIT_WORDS = [(re.compile(r"\b(?:hectares?|ha)\b", re.I), "ha"), (re.compile(r"\b(?:metric\s+)?(?:tonnes?|tons?)\b", re.I), "t"),
              (re.compile(r"\b(?:kilograms?|kilos?|kg)\b", re.I), "kg"), (re.compile(r"%|\bper\s*cent\b|\bpercent\b", re.I), "percent")]
SPOKEN_UNIT = {"ha": "hectares", "t": "tons", "kg": "kilograms", "percent": "percent"}


@dataclass
class TableFigure:
    quantity: Quantity
    metric: str
    unit: str
    low: float
    high: float
    geography: str | None
    period: DateMention | None
    subject: str
    column: str = ""   # the cell's column head, as written
    label: str = ""    # the row's label, as written
    per: str | None = None  # "Leaf price (PEN/kg)": a price per kilogram


@dataclass
class Table:
    header: list[str]
    caption: str


def _unit(*texts: str) -> str | None:
    for text in texts:
        for regex, unit in UNIT_WORDS:
            if regex.search(text or ""):
                return unit
    return None


SCALE_WORDS = {"thousand": 1e3, "thousands": 1e3, "million": 1e6, "millions": 1e6, "m": 1e6, "mn": 1e6,
               "billion": 1e9, "billions": 1e9, "bn": 1e9}


@cache
def _money_pattern() -> re.Pattern:
    """A currency named as a table's unit: "(in soles)", "in millions of US dollars", "(S/ million)", "US$"."""
    names = sorted(currency_names(), key=len, reverse=True)
    scale = "|".join(sorted(SCALE_WORDS, key=len, reverse=True))
    return re.compile(rf"(?:\bin\s+|\(|^|\s)(?:(?P<pre>{scale})\s+of\s+)?(?P<cur>{'|'.join(map(re.escape, names))})"
                      rf"(?:\s*(?P<post>{scale})\b)?(?=[\s);,./]|$)", re.I)


def table_money(*texts: str) -> tuple[str, float] | None:
    """The currency and the scale its cells are written in, from a column head or the caption."""
    currency_of = currency_names()
    for text in texts:
        for m in _money_pattern().finditer(text or ""):
            if m.group("cur").lower() == "pen" and not m.group("cur").isupper():
                continue  # "pen", the word
            scale = m.group("pre") or m.group("post")
            return currency_of[m.group("cur").lower()], SCALE_WORDS.get((scale or "").lower(), 1.0)
    return None


def _period(column: str, caption: str, anchor: Anchor | None) -> DateMention | None:
    for text in (column, caption):
        found = [m for m in find_dates(text, anchor) if m.precision != "unknown"]
        if not found and text is column and len(explicit_years(column)) == 1:
            # "Budget 2022", "Spent 2023": in a column head a capitalised word before a year names no law or plan
            year = explicit_years(column)[0]
            found = [replace(m, text=column) for m in find_dates(str(year), anchor)]
        if len(found) == 1:
            return found[0]
    return None


def row_figures(row_text: str, quantities: list[Quantity], table: Table, anchor: Anchor | None,
                main_country: str | None) -> list[TableFigure]:
    """The figures of one data row, read against its table's header and caption."""
    lex = metric_lexicon()
    row = tables.cells(row_text) or []
    label = tables.label_of(row) if row else ""
    year_row = bool(YEAR_LABEL.fullmatch(label))   # "2019 | 54,655 | 4.9": the row is a year, the columns say what
    if tables.is_total(label) or year_row:
        places = entities.most_specific_places(table.caption)
        geography = "; ".join(places) if places else main_country
    else:
        geography = label or None
    subject = tables.caption_subject(table.caption) or label
    out = []
    for column, q in _cell_quantities(row_text):
        name = table.header[column] if column < len(table.header) else ""
        cell = row[column] if column < len(row) else ""
        period = _year_of(label, anchor) if year_row else _period(name, table.caption, anchor)
        money = table_money(name, table.caption) if q.unit is None and (not _unit(name) or PER_KG_COLUMN.search(name)) \
            else None
        if q.unit in CURRENCIES and not _changes(name):
            money = q.unit, 1.0  # a cell that writes its sum with its currency ("£1.9 million", "US$ 41,850,000.00")
        if money is not None and not _changes(name):
            currency, scale = money   # a cell of a table of sums ("by executing unit (in soles)")
            value = q.value * scale
            per = "kg" if PER_KG_COLUMN.search(name) else None   # "Leaf price (PEN/kg)": a price, not a sum
            out.append(TableFigure(q, "price" if per else "other", currency, value, value, geography, period,
                                   _column_subject(name) if year_row else subject, name, label, per))
            continue
        if year_row:
            subject = _column_subject(name) or subject
        unit = q.unit or _unit(name) or (None if _changes(name) else _unit(table.caption)) or "count"
        if _changes(name) and unit != "percent":
            unit = "percent" if "%" in cell or _unit(table.caption) == "percent" else unit
        sign = -1.0 if re.match(r"^\s*[(]?[-−–]", cell) else 1.0
        if unit == "percent" and _changes(name):
            metric = "coca_area_change" if lex.coca_area_cues.search(table.caption) else "other"
        else:
            phrase = f"{q.value:g} {SPOKEN_UNIT.get(unit, '')} of {subject} in {'' if year_row else label}"
            probe = find_quantities(phrase)
            metric = (classify(probe[0], unit, None, phrase) if probe else None) or "other"
        low, high = sorted((sign * q.low, sign * q.high))
        out.append(TableFigure(q, metric, unit, low, high, geography, period, subject, name, label))
    return out


YEAR_LABEL = re.compile(r"(?:19|20)\d\d(?:/\d\d)?")  # a year, or a split financial year ("2021/22")
PER_KG_COLUMN = re.compile(r"/\s*kg\b|per\s+(?:kg|kilo(?:gram)?)\b", re.I)


def _year_of(label: str, anchor: Anchor | None) -> DateMention | None:
    found = [m for m in find_dates(label, anchor) if m.precision in ("year", "range")]
    return found[0] if found else None


def _column_subject(column: str) -> str:
    """ "Coca area (ha)" -> "Coca area": what a column measures, without its unit."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", column).strip()


def _cell_quantities(row_text: str) -> list[tuple[int, Quantity]]:
    """Each figure cell's quantity, read in the cell alone, with offsets into the row."""
    out = []
    for column, (start, end) in enumerate(tables.cell_spans(row_text)):
        if column == 0 or not tables.is_number(row_text[start:end]):
            continue  # the label, or a cell of words
        for q in (find_quantities(row_text[start:end]) or _plain_number(row_text[start:end]))[:1]:
            out.append((column, replace(q, start=q.start + start, end=q.end + start,
                                        number_start=q.number_start + start, number_end=q.number_end + start)))
    return out


PLAIN_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(%)?")


def _plain_number(cell: str) -> list[Quantity]:
    """A cell the prose grammar leaves alone ("+23.5%" reads like a time to it): digits, maybe a percent sign."""
    m = PLAIN_NUMBER.search(cell)
    if m is None:
        return []
    value = float(m.group(1).replace(",", ""))
    return [Quantity(m.start(), m.end(), m.group(0), value, value, value, "exact", "percent" if m.group(2) else None,
                     None, None, m.start(1), m.end(1))]


def _changes(column: str) -> bool:
    return bool(re.search(r"\b(?:change|var(?:iation)?|growth|increase|decrease|diff(?:erence)?)\b|%|Δ", column, re.I))
