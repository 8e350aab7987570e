"""A static catalog of every release: ``<outputs>/index.html``, its row browser
``<outputs>/rows.html``, and one zip per release.

The page opens straight from disk or from any static host (relative links, no
network): at the top the newest release's downloads (each table as Parquet
and CSV, the zip, with size and SHA-256), its licence, a ready citation and
what it covers; then charts that compare like with like (one chart per
metric, unit and geography, one series per source, the period on the x axis
when the claims have one, every point linked to its quote), a timeline of
events by type, a link to the row browser, the changes of every release with the changed rows, and the
data dictionary. The row browser is a page of its own over the newest
release's rows (embedded as JSON, filtered by a small hand-written script
allowed by its hash in that page's CSP), so the catalog page itself runs no
script at all. Article text is data, never markup: every string from a
release is HTML-escaped, and in the embedded JSON ``<``, ``>`` and ``&`` are
escaped too. The same releases give the same bytes. Nothing here imports
Dagster.

One module per job: ``bundles`` (zips and their hashes), ``contents`` (what a
release folder holds), ``values`` (claims, units, periods, sources as text),
``html`` (escaping, Markdown, the shared page shell), ``charts``, ``rows`` (the
row browser and its script), ``releases`` (changes per release) and ``page``
(the catalog page and ``write_catalog``). This package re-exports the names
other code uses. The limits (``MAX_*``) are not re-exported: each is read in
its own module, so patch it there (``catalog.rows.MAX_BROWSER_ROWS``).
Submodules import each other absolutely so ``common.versions`` sees them.
"""
from __future__ import annotations

from pipeline.publish.catalog.bundles import BUNDLES, bundle_path, bundle_sha256, ensure_bundle, write_zip
from pipeline.publish.catalog.charts import (
                                             ChartKey,
                                             compared_estimates,
                                             estimates_chart_svg,
                                             event_types_present,
                                             events_timeline_svg,
)
from pipeline.publish.catalog.contents import human_size, release_changes, release_rows, table_files
from pipeline.publish.catalog.html import CSP, INDEX_NAME, ROWS_NAME, esc, href, markdown_to_html
from pipeline.publish.catalog.page import page_html, write_catalog
from pipeline.publish.catalog.rows import ROWS_CSP, SCRIPT, SCRIPT_HASH, json_for_html
from pipeline.publish.catalog.values import Sources, claim_source, short

__all__ = [
    "BUNDLES", "CSP", "INDEX_NAME", "ROWS_CSP", "ROWS_NAME", "SCRIPT", "SCRIPT_HASH", "ChartKey", "Sources",
    "bundle_path", "bundle_sha256", "claim_source", "compared_estimates", "ensure_bundle", "esc",
    "estimates_chart_svg", "event_types_present", "events_timeline_svg", "href", "human_size", "json_for_html",
    "markdown_to_html", "page_html", "release_changes", "release_rows", "short", "table_files", "write_catalog",
    "write_zip",
]
