"""Values as a reader reads them: claims, units, periods, short labels, and who says what (Sources);
shared by the charts, the row browser and the release listing so each says a claim the same way.
"""
from __future__ import annotations

import re

import pandas as pd

from pipeline import contract
from pipeline.publish.catalog.html import esc

LABEL_CHARS = 48
QUALIFIER_SIGNS = {"approximate": "~", "at_least": "≥", "at_most": "≤", "exact": ""}
UNIT_NAMES = {"ha": "hectares (ha)", "t": "tonnes (t)", "kg": "kilograms (kg)", "count": "count",
              "percent": "percent (%)", "m": "metres (m)", "km": "kilometres (km)"}


def short(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _text(value) -> str:
    """A cell as text: empty for a missing value."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}"


def claim_text(row) -> str:
    """The figure as claimed: 4–6, ~4, ≥4, ≤4 or 4."""
    if row["qualifier"] == "range" or row["value_low"] < row["value_high"]:
        return f"{number(row['value_low'])}–{number(row['value_high'])}"
    return QUALIFIER_SIGNS.get(row["qualifier"], "") + number(row["value"])


def unit_text(unit: str, per) -> str:
    """The unit as a reader says it: 'count per day', 'tonnes (t) per year'."""
    name = UNIT_NAMES.get(unit, unit)
    return name + (f" per {per}" if isinstance(per, str) and per else "")


def _date(value):
    """A cell as a date, None when missing (NaT included: it passes for a datetime)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return contract.as_date(value)


def period_text(start, end, precision) -> str:
    """2013, 2013-10, 2013-12-17 or 2011-06-26 – 2014-06-26; empty when unknown."""
    first, last = _date(start), _date(end)
    if first is None:
        return ""
    last = last or first
    if precision == "year" and first.month == 1 and first.day == 1 and last == first.replace(month=12, day=31):
        return f"{first.year}"
    if precision == "month" and first.day == 1 and (last.month, last.year) == (first.month, first.year):
        return f"{first:%Y-%m}"
    return first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"


def metric_title(metric: str, unit: str, per, geography: str = "") -> str:
    place = geography or "geography not stated"
    return f"{metric} in {unit_text(unit, per)}: {place}"


class Sources:
    """Who says what: the article's title, publisher, address and date, by document id."""

    def __init__(self, documents: pd.DataFrame):
        self.docs = {r["doc_id"]: r for r in documents.to_dict("records")}

    def doc(self, doc_id: str) -> dict:
        return self.docs.get(doc_id, {})

    def publisher(self, doc_id: str) -> str:
        return _text(self.doc(doc_id).get("publisher"))

    def title(self, doc_id: str) -> str:
        return _text(self.doc(doc_id).get("title"))

    def claim_source(self, row) -> str:
        """Who makes the claim: attributed_to, else the publisher in its own voice, else the document."""
        attributed = _text(row.get("attributed_to")).strip()
        if attributed:
            return attributed
        publisher = self.publisher(row["doc_id"])
        title = self.title(row["doc_id"])
        return publisher or (f"“{short(title, 32)}”" if title else f"article {row['doc_id']}")

    def document_html(self, doc_id: str) -> str:
        """The article: its title (linked to its address when it has one), publisher and date; the id small."""
        doc = self.doc(doc_id)
        title = self.title(doc_id) or doc_id
        url = _text(doc.get("url"))
        name = (f'<a href="{esc(url)}" rel="noopener noreferrer">{esc(title)}</a>'
                if re.match(r"https?://", url) else esc(title))
        meta = ", ".join(x for x in (self.publisher(doc_id), period_text(doc.get("published_date"), None, "day")) if x)
        return f"{name}<br><small>{esc(meta + ' · ' if meta else '')}<code>{esc(doc_id)}</code></small>"


def claim_source(row, sources: Sources | None = None) -> str:
    """Who makes the claim (see ``Sources.claim_source``); without documents: attributed_to, else the document id."""
    return (sources or Sources(pd.DataFrame(columns=["doc_id"]))).claim_source(row)
