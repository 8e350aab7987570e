"""The contract: one YAML gives pandera, Frictionless and the data dictionary."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline import contract

CODEBOOK = Path(__file__).resolve().parents[2] / "shared" / "CODEBOOK.md"


def codebook_columns(table: str) -> list[str]:
    text = CODEBOOK.read_text()
    section = text.split(f"## {table}")[1].split("\n## ")[0]
    lines = section.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| column |"))
    names = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        names += [n.strip() for n in line.split("|")[1].split(",")]
    return names


@pytest.mark.skipif(not CODEBOOK.exists(), reason="../shared/CODEBOOK.md not beside the repo")
@pytest.mark.parametrize("table", contract.TABLES)
def test_columns_are_the_codebooks(table):
    expected = codebook_columns(table)
    if "quote" in expected:
        expected = [c for c in expected if c not in ("quote", "char_start", "char_end")] + ["quote", "char_start", "char_end"]
    assert contract.column_names(table) == expected


def test_vocabularies_match_codebook():
    assert contract.vocabulary("unit") == ["ha", "t", "kg", "count", "percent", "USD", "EUR", "PEN", "m", "km"]
    assert "coca_area_change" in contract.vocabulary("metric")
    assert contract.vocabulary("date_precision") == ["day", "month", "year", "range", "unknown"]


def estimate(**overrides) -> dict:
    row = {"estimate_id": "es_0123456789abcdef", "doc_id": "d1", "metric": "drug_flights", "value": 5.0,
           "value_low": 4.0, "value_high": 6.0, "unit": "count", "per": "day", "qualifier": "range",
           "subject": "drug planes", "geography": "VRAEM", "period_start": None, "period_end": None,
           "period_precision": "unknown", "attributed_to": None, "derived": False,
           "quote": "Four to six planes a day.", "char_start": 0, "char_end": 25}
    row.update(overrides)
    return row


def test_valid_estimate_passes():
    df = contract.frame("estimates", [estimate()])
    assert contract.validate("estimates", df).empty


@pytest.mark.parametrize("bad, column", [
    ({"metric": "flights"}, "metric"),
    ({"value_low": 7.0}, None),                      # low > value
    ({"qualifier": "exact"}, None),                  # a range must say so
    ({"unit": "tons"}, "unit"),
    ({"char_end": 24}, None),                        # span length != quote length
    ({"period_precision": "year"}, None),            # year precision needs dates
    ({"estimate_id": "row-1"}, "estimate_id"),
])
def test_invalid_estimates_fail(bad, column):
    failures = contract.validate("estimates", contract.frame("estimates", [estimate(**bad)]))
    assert not failures.empty
    if column:
        assert column in set(failures["column"])


def test_duplicate_ids_fail():
    df = contract.frame("estimates", [estimate(), estimate(char_start=30, char_end=55)])
    failures = contract.validate("estimates", df)
    assert "estimate_id" in set(failures["column"])


def test_cross_table_quote_must_be_at_offsets():
    docs = contract.frame("documents", [{"doc_id": "d1", "source_path": "d1.txt", "title": None, "publisher": None,
                                         "author": None, "url": None, "published_date": None, "raw_sha256": "0" * 64,
                                         "text": "Four to six planes a day. More.", "n_sentences": 2, "removed_chars": 0}])
    good = contract.frame("estimates", [estimate()])
    assert contract.cross_table_failures({"documents": docs, "estimates": good}, "estimates").empty
    moved = contract.frame("estimates", [estimate(char_start=1, char_end=26)])
    bad = contract.cross_table_failures({"documents": docs, "estimates": moved}, "estimates")
    assert list(bad["problem"]) == ["text[1:26] != quote"]
    orphan = contract.frame("estimates", [estimate(doc_id="nope")])
    assert list(contract.cross_table_failures({"documents": docs, "estimates": orphan}, "estimates")["problem"]) == ["doc_id not in documents"]


def test_frictionless_schema_has_enums_and_keys():
    schema = contract.frictionless_schema("events")
    fields = {f["name"]: f for f in schema["fields"]}
    assert fields["event_type"]["constraints"]["enum"] == contract.vocabulary("event_type")
    assert schema["primaryKey"] == ["event_id"]
    assert schema["foreignKeys"][0]["reference"] == {"resource": "documents", "fields": ["doc_id"]}


def test_data_dictionary_lists_every_column():
    md = contract.data_dictionary_markdown()
    for table in contract.TABLES:
        for name in contract.column_names(table):
            assert f"`{name}`" in md


def test_frame_orders_rows_deterministically():
    rows = [estimate(estimate_id="es_" + "b" * 16, char_start=30, char_end=55),
            estimate(estimate_id="es_" + "a" * 16)]
    df = contract.frame("estimates", rows)
    assert list(df["char_start"]) == [0, 30]
    assert pd.api.types.is_datetime64_any_dtype(df["period_start"])


def test_docs_data_dictionary_is_generated_from_the_contract(capsys):
    from pipeline.cli import main
    from tests.conftest import REPO

    main(["dictionary"])
    assert (REPO / "docs" / "data-dictionary.md").read_text() == capsys.readouterr().out, \
        "regenerate with: python -m pipeline dictionary > docs/data-dictionary.md"


def test_licence_and_citation_come_from_the_contract_and_reach_the_datapackage(tmp_path):
    import datetime as dt

    from pipeline.publish import release
    from tests.fixtures import tables

    lic = contract.licence()
    assert lic["name"] == "CC-BY-4.0" and lic["url"].startswith("https://creativecommons.org/")
    pub = release.publish(tables(), tmp_path, input_hashes={"d1.txt": "0" * 64}, code_version="t", skipped=[],
                          now=dt.datetime(2026, 1, 2, tzinfo=dt.timezone.utc))
    package = release.read_package(pub.path)
    assert package["licenses"] == [{"name": lic["name"], "path": lic["url"], "title": lic["title"]}]
    assert package["name"] == contract.dataset()["name"] and package["title"] == contract.dataset()["title"]
    cite = contract.citation(pub.version, package["created"])
    assert pub.version in cite and "(2026)" in cite and lic["name"] in cite
    assert cite in (pub.path / "README.md").read_text()
    bib = contract.citation_bibtex(pub.version, package["created"])
    assert bib.startswith("@misc{") and bib.endswith("}") and f"version = {{{pub.version}}}" in bib


def test_keys_and_row_id_prefixes_come_from_the_contract_file():
    spec = contract.contract()["tables"]
    assert contract.TABLES == tuple(spec) and contract.ROW_TABLES == ("events", "estimates", "budgets")
    for table in contract.ROW_TABLES:
        key = contract.ID_COLUMNS[table]
        pattern = next(c.pattern for c in contract.columns(table) if c.name == key)
        assert pattern.startswith(f"^{contract.ID_PREFIXES[table]}_"), (table, pattern)
