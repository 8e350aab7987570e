"""Blocking asset checks: the contract (pandera) and provenance of every table.

A failing check stops the release: the release asset never runs, ``latest``
does not move, and the UI shows the failing rows.
"""

from collections.abc import Iterator

import dagster as dg
import pandas as pd

from pipeline import contract
from pipeline.defs.assets import markdown_table

MAX_FAILURES_SHOWN = 50


def _result(failures: pd.DataFrame, table: str, what: str, name: str) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        asset_key=dg.AssetKey(table),
        check_name=name,
        passed=failures.empty,
        metadata={
            "failures": len(failures),
            "failing_rows": markdown_table(failures, limit=MAX_FAILURES_SHOWN),
            "failing_rows_json": dg.MetadataValue.json(failures.head(MAX_FAILURES_SHOWN).astype(str).to_dict("records")),
            "contract": f"schemas/contract.yaml tables.{table} ({what})",
        },
        description=None if failures.empty else f"{len(failures)} {table} values break the {what}",
    )


def _schema_spec(table: str) -> dg.AssetCheckSpec:
    return dg.AssetCheckSpec(
        f"{table}_matches_contract", asset=table, blocking=True,
        description=f"pandera: {table} has exactly the codebook's columns, types, vocabularies, unique ids and row rules.")


def _provenance_spec(table: str) -> dg.AssetCheckSpec:
    return dg.AssetCheckSpec(
        f"{table}_quotes_in_documents", asset=table, blocking=True, additional_deps=["documents"],
        description=f"Every {table} row's doc_id is a released document and documents.text[char_start:char_end] == quote.")


@dg.asset_check(asset="documents", name="documents_matches_contract", blocking=True,
                description=_schema_spec("documents").description)
def documents_check(documents: pd.DataFrame) -> dg.AssetCheckResult:
    return _result(contract.validate("documents", documents), "documents", "pandera schema",
                   "documents_matches_contract")


@dg.multi_asset_check(
    specs=[spec for t in contract.ROW_TABLES for spec in (_schema_spec(t), _provenance_spec(t))],
    ins={t: dg.AssetIn(t) for t in contract.TABLES},
    description="Events, estimates and budgets against the contract, and every row against its quote. One step "
                "for the three: a step costs a process and a load of its inputs, more than the checks themselves.",
)
def row_table_checks(documents: pd.DataFrame, events: pd.DataFrame, estimates: pd.DataFrame,
                     budgets: pd.DataFrame) -> Iterator[dg.AssetCheckResult]:
    tables = {"documents": documents, "events": events, "estimates": estimates, "budgets": budgets}
    for table in contract.ROW_TABLES:
        yield _result(contract.validate(table, tables[table]), table, "pandera schema", f"{table}_matches_contract")
        yield _result(contract.cross_table_failures(tables, table), table, "provenance rule",
                      f"{table}_quotes_in_documents")


CHECKS = [documents_check, row_table_checks]
