"""Small valid tables for tests of the release machinery (no extraction involved)."""
from __future__ import annotations

from pipeline import contract

TEXT = "Four to six planes a day land. The army destroyed 10 airstrips in 2013. Peru spent $5 million."


def tables(text: str = TEXT) -> dict:
    s1, s2, s3 = text.split(". ")[0] + ".", text.split(". ")[1] + ".", text.split(". ")[2]
    o2, o3 = text.index(s2), text.index(s3)
    documents = [{"doc_id": "d1", "source_path": "d1.txt", "title": "T", "publisher": "P", "author": None,
                  "url": None, "published_date": "2014-02-10", "raw_sha256": "a" * 64, "text": text,
                  "n_sentences": 3, "removed_chars": 0}]
    events = [{"event_id": "ev_" + "1" * 16, "doc_id": "d1", "event_type": "airstrip_destruction",
               "date_start": "2013-01-01", "date_end": "2013-12-31", "date_precision": "year", "date_text": "in 2013",
               "date_inferred": False, "actors": "army", "location": None, "quantity": 10.0,
               "quantity_unit": "airstrips", "summary": "destroyed 10 airstrips", "quote": s2,
               "char_start": o2, "char_end": o2 + len(s2)}]
    estimates = [{"estimate_id": "es_" + "2" * 16, "doc_id": "d1", "metric": "drug_flights", "value": 5.0,
                  "value_low": 4.0, "value_high": 6.0, "unit": "count", "per": "day", "qualifier": "range",
                  "subject": "planes", "geography": None, "period_start": None, "period_end": None,
                  "period_precision": "unknown", "attributed_to": "=cmd|' /C calc'!A0", "derived": False,
                  "quote": s1, "char_start": 0, "char_end": len(s1)}]
    budgets = [{"budget_id": "bu_" + "3" * 16, "doc_id": "d1", "amount": 5e6, "currency": "USD",
                "qualifier": "exact", "kind": "spending", "funder": "Peru", "recipient": None, "purpose": None,
                "recurrence": "unknown", "period_start": None, "period_end": None, "period_precision": "unknown",
                "attributed_to": None, "quote": s3, "char_start": o3, "char_end": o3 + len(s3)}]
    rows = {"documents": documents, "events": events, "estimates": estimates, "budgets": budgets}
    return {t: contract.frame(t, rows[t]) for t in contract.TABLES}
