"""The row browser, ``rows.html``: the newest release's rows embedded as JSON and filtered by
catalog.js, the one script of the catalog, allowed by its hash in this page's CSP alone.
"""
from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pandas as pd

from pipeline import contract
from pipeline.publish.catalog.html import CSP, INDEX_NAME, document_html, esc
from pipeline.publish.catalog.values import QUALIFIER_SIGNS, _text, claim_text, number, period_text, unit_text

KIND_COLUMNS = {"estimates": "metric", "events": "event_type", "budgets": "kind"}
BROWSER_TABLES = ("estimates", "events", "budgets")
MAX_BROWSER_ROWS = 2_000    # rows per table embedded for the row browser; the downloads have all

SCRIPT = (Path(__file__).with_name("catalog.js")).read_text(encoding="utf-8")
SCRIPT_HASH = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
ROWS_CSP = f"{CSP}; script-src 'sha256-{SCRIPT_HASH}'"


def _estimate_cells(r) -> list[str]:
    return [r["metric"], f"{claim_text(r)} {unit_text(r['unit'], r['per'])}", _text(r["subject"]),
            _text(r["geography"]), period_text(r["period_start"], r["period_end"], r["period_precision"]),
            _text(r["attributed_to"]) or "(the article)"]


def _event_cells(r) -> list[str]:
    date = period_text(r["date_start"], r["date_end"], r["date_precision"])
    if date and r["date_inferred"]:
        date += " (year inferred)"
    quantity = "" if _text(r["quantity"]) == "" else f"{number(r['quantity'])} {_text(r['quantity_unit'])}".strip()
    return [r["event_type"], date, _text(r["location"]), _text(r["actors"]), quantity, _text(r["summary"])]


def _budget_cells(r) -> list[str]:
    amount = f"{QUALIFIER_SIGNS.get(r['qualifier'], '')}{r['currency']} {number(r['amount'])}"
    return [r["kind"], amount, _text(r["funder"]), _text(r["recipient"]), _text(r["purpose"]),
            period_text(r["period_start"], r["period_end"], r["period_precision"]), _text(r["attributed_to"])]


BROWSER_COLUMNS = {
    "estimates": (["metric", "claim", "subject", "geography", "period", "attributed to"], _estimate_cells),
    "events": (["type", "date", "location", "actors", "quantity", "summary"], _event_cells),
    "budgets": (["kind", "amount", "funder", "recipient", "purpose", "period", "attributed to"], _budget_cells),
}


def browser_data(tables: dict[str, pd.DataFrame], documents: pd.DataFrame) -> dict:
    """What the row browser shows: per table its first MAX_BROWSER_ROWS rows as
    [id, kind, cells, quote, doc_id], the kinds with their counts, and the documents they cite.
    """
    out, cited = {}, set()
    for table in BROWSER_TABLES:
        df = tables[table]
        names, cells = BROWSER_COLUMNS[table]
        kind_column = KIND_COLUMNS[table]
        head = df.head(MAX_BROWSER_ROWS)
        rows = [[r[contract.ID_COLUMNS[table]], r[kind_column], cells(r), r["quote"], r["doc_id"]]
                for r in head.to_dict("records")]
        cited.update(head["doc_id"])
        vocabulary = next(c.enum for c in contract.columns(table) if c.name == kind_column)
        order = {k: i for i, k in enumerate(contract.vocabulary(vocabulary))}
        counts = head[kind_column].value_counts()
        kinds = sorted(((k, int(n)) for k, n in counts.items()), key=lambda kn: (order.get(kn[0], len(order)), kn[0]))
        out[table] = {"total": len(df), "kind": kind_column, "columns": names, "kinds": kinds, "rows": rows}
    docs = {r["doc_id"]: [_text(r["title"]), _text(r["publisher"]), _text(r["url"]),
                          period_text(r["published_date"], None, "day")]
            for r in documents.to_dict("records") if r["doc_id"] in cited}
    return {"docs": dict(sorted(docs.items())), "tables": out}


def json_for_html(data) -> str:
    """JSON safe inside <script type="application/json">: no '<', '>' or '&' that could end or open a tag."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def browser_html(tables: dict[str, pd.DataFrame], documents: pd.DataFrame) -> str:
    data = browser_data(tables, documents)
    capped = [f"{t}: the first {len(d['rows']):,} of {d['total']:,}" for t, d in data["tables"].items()
              if d["total"] > len(d["rows"])]
    cap_note = (f"<p class=\"note\">Only part of a large table is in this page ({esc('; '.join(capped))}); "
                f"the <a href=\"{INDEX_NAME}#download\">downloads</a> hold every row.</p>" if capped else "")
    options = "".join(f'<option value="{t}">{t} ({data["tables"][t]["total"]:,})</option>' for t in BROWSER_TABLES)
    return f"""<p>Filter and search the rows of the newest release; each row shows its quote and the article it
comes from. Words are matched anywhere in a row (its values, quote, source and the article's title).</p>
{cap_note}<noscript><p>The row browser needs JavaScript. Every row is in the CSV and Parquet files of the
<a href="{INDEX_NAME}#download">downloads</a>.</p></noscript>
<form id="rb-form" role="search" aria-label="Filter the rows" hidden>
<div class="field"><label for="rb-table">table</label><select id="rb-table" name="table">{options}</select></div>
<div class="field"><label for="rb-kind" id="rb-kind-label">kind</label><select id="rb-kind" name="kind"></select></div>
<div class="field"><label for="rb-q">search</label><input id="rb-q" name="q" type="search"
placeholder="e.g. VRAEM, UNODC, airstrips" autocomplete="off"></div>
<button type="reset">Clear</button>
</form>
<p id="rb-count" role="status" aria-live="polite"></p>
<div class="scroll"><table id="rb-rows" aria-describedby="rb-count"></table></div>
<button type="button" id="rb-more" hidden>Show more</button>
<script type="application/json" id="rows-data">{json_for_html(data)}</script>"""



def rows_section_html(version: str, tables: dict[str, pd.DataFrame], documents: pd.DataFrame) -> str:
    """The browser's section for release ``version``: what goes in the row browser's ``<main>``."""
    return f"""<section id="browser" aria-labelledby="browser-h">
<h2 id="browser-h">Rows of release <code>{esc(version)}</code></h2>
{browser_html(tables, documents)}
</section>"""


def rows_page_html(title: str, section: str) -> str:
    """The row browser page: a way back to the catalog, ``section``, and the script its CSP allows."""
    back = (f'<nav aria-label="Sections"><ul><li><a href="{INDEX_NAME}">Catalog: downloads, charts, changes</a></li>'
            f'<li><a href="{INDEX_NAME}#dictionary">Data dictionary</a></li></ul></nav>')
    return document_html(f"Rows · {title}", back, section, ROWS_CSP, f"<script>{SCRIPT}</script>")
