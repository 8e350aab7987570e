"""Dagster assets: thin glue from the raw folder to a published release.

raw_articles -> documents -> events, estimates, budgets -> release. Each
step calls the plain modules (ingest, process, corrections, release) and
reports what a user wants to see: row counts, previews, reuse, the release.
"""

import functools
from pathlib import Path

import dagster as dg
import pandas as pd
from pydantic import Field

from pipeline import contract, process
from pipeline.common.escaping import markdown_cell
from pipeline.defs.resources import PipelineSettings
from pipeline.ingest import CORRECTIONS_NAME, Problem, RawArticle, RawScan, scan_raw
from pipeline.publish import guard
from pipeline.publish.changes import article_changes, skipped_names, write_changes
from pipeline.publish.corrections import apply_corrections, load_corrections
from pipeline.publish.release import content_hash, latest_release, publish, publish_lock, read_package, releases_dir
from pipeline.settings import ENV

PREVIEW_ROWS = 10
PREVIEW_COLUMNS = {
    "documents": ["doc_id", "title", "publisher", "published_date", "n_sentences", "removed_chars"],
    "events": ["doc_id", "event_type", "date_start", "date_precision", "quantity", "quantity_unit", "summary"],
    "estimates": ["doc_id", "metric", "value_low", "value_high", "unit", "per", "subject", "attributed_to"],
    "budgets": ["doc_id", "amount", "currency", "kind", "funder", "recipient", "purpose"],
}


def markdown_table(df: pd.DataFrame, columns: list[str] | None = None, limit: int = PREVIEW_ROWS) -> dg.MetadataValue:
    """A Markdown preview with every cell escaped: article text is never markup."""
    df = df[columns] if columns else df
    df = df.head(limit)
    if df.empty:
        return dg.MetadataValue.md("_no rows_")

    def cell(value) -> str:
        return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else markdown_cell(value, 120)

    header = "| " + " | ".join(df.columns) + " |\n|" + "---|" * len(df.columns) + "\n"
    body = "\n".join("| " + " | ".join(cell(v) for v in row) + " |" for row in df.itertuples(index=False))
    return dg.MetadataValue.md(header + body)


def problems_metadata(problems: list[Problem]) -> dg.MetadataValue:
    return markdown_table(pd.DataFrame([p.as_dict() for p in problems], columns=["source", "problem"]), limit=100)


def articles_since_latest(outputs: Path, input_hashes: dict[str, str], skipped: list[dict]) -> dict[str, list[str]]:
    """Released articles added, changed and removed since latest: not the manifest, not skipped files."""
    latest = latest_release(outputs)
    try:
        package = read_package(latest) if latest else {}
    except (OSError, ValueError):
        package = {}
    return article_changes(dict(package.get("inputs") or {}), input_hashes, skipped_names(package),
                           skipped_names({"skipped_sources": skipped}))


GROUP = "cocaine_trade_dataset"
ALL_FILES_RELEASED = "all_files_released"
NO_SKIPPED_SOURCES = "no_skipped_sources"


def skipped_check(asset: str, name: str, problems: list[dict]) -> dg.AssetCheckResult:
    """A warning (not blocking) on the asset when files were skipped: the UI shows it on the run and the asset."""
    duplicates = sum("duplicate of" in p["problem"] for p in problems)
    return dg.AssetCheckResult(
        asset_key=dg.AssetKey(asset), check_name=name, passed=not problems,
        severity=dg.AssetCheckSeverity.WARN,
        description=None if not problems else
        f"{len(problems)} sources skipped ({duplicates} duplicates): see the problems table",
        metadata={"skipped": len(problems), "duplicates": duplicates,
                  "problems": markdown_table(pd.DataFrame(problems, columns=["source", "problem"]), limit=100)})


@dg.asset(group_name=GROUP, kinds={"python"},
          description="The articles in the raw folder with their sources manifest and content hashes; "
                      "unreadable, empty, oversized and duplicate files are reported, not released.",
          check_specs=[dg.AssetCheckSpec(ALL_FILES_RELEASED, asset="raw_articles",
                                         description="Warns (does not block) when a file of the raw folder is "
                                                     "skipped: empty, binary, oversized, a duplicate, a bad manifest row.")])
def raw_articles(context: dg.AssetExecutionContext, settings: PipelineSettings):
    problem = guard.raw_folder_problem(settings.raw())
    if problem:
        raise dg.Failure(description=f"{problem}; nothing was published and latest did not move")
    scan = scan_raw(settings.raw())
    for problem in scan.problems:
        context.log.warning(f"{problem.source}: {problem.problem}")
    problem = guard.scan_problem(settings.raw(), scan)
    if problem:
        raise dg.Failure(description=f"{problem}; nothing was published and latest did not move")
    problems = [p.as_dict() for p in scan.problems]
    changes = articles_since_latest(settings.outputs(), scan.input_hashes, problems)
    yield dg.Output(scan, data_version=dg.DataVersion(content_hash(scan.input_hashes)[:16]), metadata={
        "articles": len(scan.articles),
        "skipped": len(scan.problems),
        "duplicates": sum("duplicate of" in p["problem"] for p in problems),
        "problems": problems_metadata(scan.problems),
        "raw_dir": dg.MetadataValue.path(str(settings.raw())),
        "articles_added": len(changes["added"]),
        "articles_changed": len(changes["changed"]),
        "articles_removed": len(changes["removed"]),
    })
    yield skipped_check("raw_articles", ALL_FILES_RELEASED, problems)


# --- cleaning, fanned out over batches of articles -------------------------------
# Dynamic mapping inside graph-backed assets: each batch is its own step, so the
# multiprocess executor runs batches on every core, and a cluster executor
# (deploy/) spreads the same steps over machines. A batch is about a thousand
# articles: thousands of tiny Dagster steps would cost more than they save.

def _doc_id(item) -> str:
    return item.doc_id if isinstance(item, RawArticle) else item["doc_id"]


def batches_of(items: list, size: int) -> list[list]:
    """The same articles always fall in the same batch, whose results the cache then keeps."""
    return process.content_batches(items, _doc_id, size)


@dg.op(out=dg.DynamicOut(), description="Splits the raw articles into batches of about $PIPELINE_BATCH_SIZE (1000).")
def article_batches(settings: PipelineSettings, raw_articles: RawScan):
    for index, batch in enumerate(batches_of(raw_articles.articles, settings.resolved().batch_size)):
        yield dg.DynamicOutput(batch, mapping_key=f"batch_{index:05d}")


@dg.op(description="Cleans one batch of articles, reusing cached results for unchanged ones.")
def clean_articles(context: dg.OpExecutionContext, settings: PipelineSettings, batch: list) -> process.BatchResult:
    result = process.clean_batch(batch, settings.cache())
    for problem in result.problems:
        context.log.warning(f"{problem.source}: {problem.problem}")
    return result


@dg.op(out=dg.Out(pd.DataFrame), description="Joins the cleaned batches into the documents table.")
def combine_documents(raw_articles: RawScan, results: list) -> dg.Output:
    rows = [row for r in results for row in r.rows]
    problems = [p for r in results for p in r.problems]
    df = contract.frame("documents", rows)
    df.attrs["problems"] = [p.as_dict() for p in raw_articles.problems + problems]
    return dg.Output(df, metadata={
        "rows": len(df),
        "batches": len(results),
        "reused": sum(r.reused for r in results),
        "cleaned": sum(r.computed for r in results),
        "skipped": len(problems),
        "problems": problems_metadata(raw_articles.problems + problems),
        "removed_chars": int(df["removed_chars"].sum()) if len(df) else 0,
        "preview": markdown_table(df, PREVIEW_COLUMNS["documents"]),
    })


@dg.graph_asset(group_name=GROUP, kinds={"python", "pandas"}, code_version=process.clean_code_version(),
                description="One row per article: boilerplate removed, bylines and dates kept as fields; "
                            "the text every extracted row's offsets point into.")
def documents(raw_articles):
    cleaned = article_batches(raw_articles).map(clean_articles)
    return combine_documents(raw_articles, cleaned.collect())


# --- extraction, fanned out the same way -----------------------------------------

@dg.op(out=dg.DynamicOut(), description="Splits the documents into batches of about $PIPELINE_BATCH_SIZE (1000), cut by document id.")
def document_batches(settings: PipelineSettings, documents: pd.DataFrame):
    records = documents.assign(published_date=documents["published_date"].dt.strftime("%Y-%m-%d")) \
        .astype(object).where(documents.notna(), None).to_dict("records")
    for index, batch in enumerate(batches_of(records, settings.resolved().batch_size)):
        yield dg.DynamicOutput(batch, mapping_key=f"batch_{index:05d}")


@dg.op(description="Extracts events, estimates and budgets from one batch, reusing cached results.")
def extract_documents(settings: PipelineSettings, batch: list) -> dict:
    rows, reused, computed = process.extract_batch(batch, settings.cache())
    return {"rows": rows, "reused": reused, "computed": computed}


@dg.op(out={t: dg.Out(pd.DataFrame) for t in contract.ROW_TABLES},
       description="Joins the batches into the three tables and applies raw/corrections.yaml.")
def combine_tables(context: dg.OpExecutionContext, settings: PipelineSettings, results: list):
    rows = {t: [row for r in results for row in r["rows"][t]] for t in contract.ROW_TABLES}
    reused, computed = sum(r["reused"] for r in results), sum(r["computed"] for r in results)
    tables = {t: contract.frame(t, rows[t]) for t in contract.ROW_TABLES}
    corrections = load_corrections(settings.raw() / CORRECTIONS_NAME)
    tables = apply_corrections(tables, corrections)
    context.log.info(f"extracted {computed} documents, reused {reused}; {len(corrections)} corrections applied")
    for table in contract.ROW_TABLES:
        df = tables[table]
        yield dg.Output(df, output_name=table, metadata={
            "rows": len(df),
            "batches": len(results),
            "documents_extracted": computed,
            "documents_reused": reused,
            "corrections": sum(c.table == table for c in corrections),
            "preview": markdown_table(df.tail(PREVIEW_ROWS), PREVIEW_COLUMNS[table]),
        })


@dg.graph_multi_asset(
    group_name=GROUP,
    outs={table: dg.AssetOut(description=contract.table_description(table), kinds={"pandas"},
                             code_version=process.extract_code_version())
          for table in contract.ROW_TABLES},
)
def extracted_tables(documents):
    """Events, estimates and budgets read from each document's sentences, corrections applied."""
    results = document_batches(documents).map(extract_documents).collect()
    events, estimates, budgets = combine_tables(results)
    return {"events": events, "estimates": estimates, "budgets": budgets}


class ReleaseConfig(dg.Config):
    """Run config of the release asset (UI: the launchpad's ``ops: release: config:``)."""

    allow_shrink: bool = Field(
        default=False,
        description=f"Publish even when a table loses more than {guard.MAX_SHRINK:.0%} of the rows of latest "
                    f"(${ENV['max_shrink']} sets that fraction); off, such a release is refused, naming the counts.")


@dg.asset(group_name=GROUP, kinds={"parquet", "csv"},
          ins={"raw_articles": dg.AssetIn(), "documents": dg.AssetIn(), "events": dg.AssetIn(),
               "estimates": dg.AssetIn(), "budgets": dg.AssetIn()},
          check_specs=[dg.AssetCheckSpec(NO_SKIPPED_SOURCES, asset="release",
                                         description="Warns (does not block) when the release leaves out sources: "
                                                     "files skipped at ingest, duplicates, articles with no text left.")],
          description="A versioned, immutable release in outputs/releases/<version>/: every table as Parquet and CSV, "
                      "a Frictionless datapackage.json with hashes, and a data dictionary. 'latest' moves last.")
def release(context: dg.AssetExecutionContext, config: ReleaseConfig, settings: PipelineSettings, raw_articles: RawScan,
            documents: pd.DataFrame, events: pd.DataFrame, estimates: pd.DataFrame,
            budgets: pd.DataFrame) -> dg.MaterializeResult:
    from pipeline.publish import catalog, remote  # fsspec loads only when a release is written

    tables = {"documents": documents, "events": events, "estimates": estimates, "budgets": budgets}
    skipped = documents.attrs.get("problems", [p.as_dict() for p in raw_articles.problems])
    changes = articles_since_latest(settings.outputs(), raw_articles.input_hashes, skipped)
    try:
        pub = publish(tables, settings.outputs(), input_hashes=raw_articles.input_hashes,
                      code_version=process.code_version(), skipped=skipped,
                      extra={"changes_since_previous": {k: sorted(v) for k, v in changes.items()}},
                      before_write=functools.partial(guard.refuse_shrink, allow=config.allow_shrink,
                                                 limit=settings.resolved().max_shrink),
                      after_write=functools.partial(write_changes,
                                                    fingerprint_store=settings.cache().root / "fingerprints"))
    except guard.ShrinkRefused as refused:
        raise dg.Failure(description=str(refused)) from None
    if config.allow_shrink:
        context.log.warning("allow_shrink is set: a release with far fewer rows than latest may be published")
    with publish_lock(releases_dir(settings.outputs())):
        page = catalog.write_catalog(settings.outputs())
    process.record_processed(settings.cache().root, raw_articles.input_hashes)
    url = settings.remote_url()
    if url:
        remote.mirror(settings.outputs(), url, pub.version, settings.resolved().s3_storage_options(url))
        context.log.info(f"mirrored release {pub.version} and the catalog to {url}")
    if pub.created:
        context.log.info(f"published release {pub.version} at {pub.path}")
    else:
        context.log.info(f"content equals the latest release {pub.version}: no new release")
    for table in contract.TABLES:   # each table's path: its released Parquet file
        context.log_event(dg.AssetObservation(asset_key=table, metadata={
            "path": dg.MetadataValue.path(str(pub.path / f"{table}.parquet")),
            "csv": dg.MetadataValue.path(str(pub.path / f"{table}.csv")),
            "release_version": pub.version,
            "rows": pub.rows[table],
        }))
    if skipped:
        context.log.warning(f"{len(skipped)} sources were skipped: see the check {NO_SKIPPED_SOURCES}")
    return dg.MaterializeResult(
        check_results=[skipped_check("release", NO_SKIPPED_SOURCES, skipped)],
        metadata={
            "version": pub.version,
            "path": dg.MetadataValue.path(str(pub.path)),
            **{f"path_{t}": dg.MetadataValue.path(str(pub.path / f"{t}.parquet")) for t in contract.TABLES},
            "release_folder": dg.MetadataValue.url(pub.path.as_uri()),
            "catalog": dg.MetadataValue.url(page.as_uri()),
            "published_to": url or str(settings.outputs()),
            "new_release": pub.created,
            "note": "published a new release" if pub.created else "same content as latest: no new release",
            "previous_version": pub.previous or "",
            **{f"rows_{t}": n for t, n in pub.rows.items()},
            "articles_added": len(changes["added"]),
            "articles_changed": len(changes["changed"]),
            "articles_removed": len(changes["removed"]),
            "skipped_sources": len(skipped),
        },
        data_version=dg.DataVersion(pub.content_hash[:16]),
    )


ASSETS = [raw_articles, documents, extracted_tables, release]
