#!/usr/bin/env python3
"""The annotators' format check of a development set: its gold files against its articles and manifest.

    python eval/check_gold.py eval/devsets/f            # every gold*.yaml of the set
    python eval/check_gold.py eval/devsets/c gold-heldout2.yaml

Reads ``raw/sources.csv`` and the articles in ``raw/``. Its vocabularies are
written out here, not read from ``schemas/``: annotators use it without
reading the pipeline.
"""
import csv
import datetime as dt
import re
import sys
import unicodedata
from pathlib import Path

import yaml

VOCAB = {
    "event_type": {"airstrip_destruction", "eradication", "lab_destruction", "seizure", "arrest", "armed_clash",
                   "security_operation", "procurement", "policy", "statement", "other"},
    "date_precision": {"day", "month", "year", "range", "unknown"},
    "period_precision": {"day", "month", "year", "range", "unknown"},
    "unit": {"ha", "t", "kg", "count", "percent", "USD", "EUR", "PEN", "m", "km"},
    "per": {"day", "week", "month", "year", "flight", "kg"},
    "qualifier": {"exact", "approximate", "at_least", "at_most", "range"},
    "metric": {"coca_area", "coca_area_change", "eradication_area", "coca_leaf_production", "cocaine_production",
               "cocaine_trafficked", "drug_flights", "flight_cargo", "airstrips", "laboratories", "market_share",
               "price", "personnel", "armed_group", "casualties", "officials_implicated", "other"},
    "kind": {"budget", "grant", "spending", "procurement", "other"},
    "recurrence": {"one_off", "annual", "unknown"},
    "currency": {"USD", "EUR", "PEN"},
}
ALLOWED = {
    "estimates": {"anchor", "optional", "metric", "value_low", "value_high", "unit", "per", "qualifier", "subject",
                  "geography", "period_start", "period_end", "period_precision", "attributed_to", "derived"},
    "events": {"anchor", "optional", "event_type", "date_start", "date_end", "date_precision", "date_text",
               "date_inferred", "actors", "location", "quantity", "quantity_unit", "summary"},
    "budgets": {"anchor", "optional", "amount", "currency", "qualifier", "kind", "funder", "recipient", "purpose",
                "recurrence", "period_start", "period_end", "period_precision", "attributed_to"},
}
REQUIRED = {"estimates": {"anchor", "value_low", "value_high"}, "events": {"anchor", "event_type"},
            "budgets": {"anchor", "amount"}}


def fold(s):
    s = unicodedata.normalize("NFKC", str(s))
    s = re.sub(r"[\u2018\u2019\u201a\u201b\u2032`´]", "'", s)
    s = re.sub(r"[\u201c\u201d\u201e\u201f\u2033«»]", '"', s)
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s)
    return re.sub(r"\s+", " ", s).strip().lower()


def as_date(v):
    if isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(str(v))


def check_doc(doc: dict, raw: Path, errors: list, counts: dict) -> None:
    f = raw / doc["file"]
    if not f.exists():
        errors.append(f"{doc['file']}: file missing")
        return
    text = fold(f.read_text(encoding="utf-8"))
    if doc.get("published_date") is not None:
        as_date(doc["published_date"])
    for table in ("estimates", "events", "budgets"):
        rows = doc.get(table) or []
        req = sum(not r.get("optional") for r in rows)
        counts.setdefault(doc["file"], {})[table] = (req, len(rows) - req)
        for r in rows:
            check_row(f"{doc['file']} {table} [{r.get('anchor')}]", table, r, text, errors)


def check_row(tag: str, table: str, r: dict, text: str, errors: list) -> None:
    for k in REQUIRED[table] - set(r):
        errors.append(f"{tag}: missing {k}")
    for k in set(r) - ALLOWED[table]:
        errors.append(f"{tag}: unknown field {k}")
    if fold(r["anchor"]) not in text:
        errors.append(f"{tag}: anchor not in text")
    n = len(r["anchor"].split())
    if not 3 <= n <= 9:
        errors.append(f"{tag}: anchor has {n} words")
    for k, vocab in VOCAB.items():
        if k in r and r[k] not in vocab:
            errors.append(f"{tag}: {k}={r[k]!r} not in vocabulary")
    if table == "estimates" and r["value_low"] > r["value_high"]:
        errors.append(f"{tag}: value_low > value_high")
    if table == "estimates" and r.get("qualifier") == "range" and r["value_low"] == r["value_high"]:
        errors.append(f"{tag}: range with equal values")
    dates = {}
    for k in ("date_start", "date_end", "period_start", "period_end"):
        if k in r:
            try:
                dates[k] = as_date(r[k])
            except Exception as e:
                errors.append(f"{tag}: bad date {k}={r[k]!r} ({e})")
    for a, b in (("date_start", "date_end"), ("period_start", "period_end")):
        if a in dates and b in dates and dates[a] > dates[b]:
            errors.append(f"{tag}: {a} after {b}")
    if table == "events":
        p = r.get("date_precision")
        if p == "unknown" and ("date_start" in r or "date_end" in r):
            errors.append(f"{tag}: unknown precision with a date")
        if p in ("day", "month", "year", "range") and "date_start" not in r:
            errors.append(f"{tag}: precision {p} without date_start")
        if "date_start" in r and "date_end" in r and p:
            s, e = dates["date_start"], dates["date_end"]
            if p == "day" and s != e: errors.append(f"{tag}: day precision, start != end")
            if p == "month" and (s.day != 1 or (e + dt.timedelta(days=1)).day != 1 or (s.year, s.month) != (e.year, e.month)):
                errors.append(f"{tag}: month bounds wrong")
            if p == "year" and (s.month, s.day, e.month, e.day, s.year) != (1, 1, 12, 31, e.year):
                errors.append(f"{tag}: year bounds wrong")


def check_manifest(raw: Path, docs: list, errors: list) -> None:
    rows = list(csv.DictReader((raw / "sources.csv").open(encoding="utf-8")))
    if list(rows[0].keys()) != ["file", "url", "publisher", "author", "published_date"]:
        errors.append("sources.csv: bad header")
    files = {d["file"] for d in docs}
    for row in rows:
        if row["file"] not in files:
            errors.append(f"sources.csv: {row['file']} not in gold")
        if row["published_date"]:
            as_date(row["published_date"])
            gd = next(d for d in docs if d["file"] == row["file"])["published_date"]
            if str(gd) != row["published_date"]:
                errors.append(f"sources.csv: {row['file']} date differs from gold")
    if files != {r["file"] for r in rows}:
        errors.append("sources.csv and the gold files list different files")


def main() -> None:
    folder = Path(sys.argv[1])
    golds = [folder / name for name in sys.argv[2:]] or sorted(folder.glob("gold*.yaml"))
    raw = folder / "raw"
    errors: list = []
    counts: dict = {}
    docs = [doc for gold in golds for doc in yaml.safe_load(gold.read_text())]
    for doc in docs:
        check_doc(doc, raw, errors, counts)
    if not sys.argv[2:]:
        check_manifest(raw, docs, errors)   # the manifest lists the articles of all the set's gold files
    for f, c in counts.items():
        print(f, " ".join(f"{t}: {a} required + {b} optional" for t, (a, b) in c.items()))
    print("\n".join(errors) if errors else "OK: no problems found")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
