"""Blocking asset checks: the contract (pandera) and provenance of every table.

A failing check stops the release: the release asset never runs, ``latest``
does not move, and the UI shows the failing rows.
"""

import dagster as dg
import pandas as pd

from pipeline import contract
from pipeline.assets import markdown_table

MAX_FAILURES_SHOWN = 50


def _result(failures: pd.DataFrame, table: str, what: str) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        passed=failures.empty,
        metadata={
            "failures": len(failures),
            "failing_rows": markdown_table(failures, limit=MAX_FAILURES_SHOWN),
            "failing_rows_json": dg.MetadataValue.json(failures.head(MAX_FAILURES_SHOWN).astype(str).to_dict("records")),
            "contract": f"schemas/contract.yaml tables.{table} ({what})",
        },
        description=None if failures.empty else f"{len(failures)} {table} values break the {what}",
    )


def schema_check(table: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=table, name=f"{table}_matches_contract", blocking=True,
                    description=f"pandera: {table} has exactly the codebook's columns, types, vocabularies, unique ids and row rules.")
    def _check(value: pd.DataFrame) -> dg.AssetCheckResult:
        return _result(contract.validate(table, value), table, "pandera schema")
    return _check


def provenance_check(table: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=table, name=f"{table}_quotes_in_documents", blocking=True,
                    additional_ins={"documents": dg.AssetIn("documents")},
                    description=f"Every {table} row's doc_id is a released document and documents.text[char_start:char_end] == quote.")
    def _check(value: pd.DataFrame, documents: pd.DataFrame) -> dg.AssetCheckResult:
        failures = contract.cross_table_failures({"documents": documents, table: value}, table)
        return _result(failures, table, "provenance rule")
    return _check


CHECKS = [schema_check(t) for t in contract.TABLES] + [provenance_check(t) for t in contract.ROW_TABLES]
