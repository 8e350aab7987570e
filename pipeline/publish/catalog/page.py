"""The catalog page, ``index.html``: the newest release's downloads, licence, citation and coverage,
its charts, the changes of every release and the data dictionary; and ``write_catalog``, which writes
it with the row browser, the browser first so the catalog never links to an older one.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline import contract
from pipeline.common.files import write_atomically
from pipeline.common.package import read_package
from pipeline.publish import release
from pipeline.publish.catalog.bundles import BUNDLES, bundle_sha256, ensure_bundle
from pipeline.publish.catalog.charts import charts_html
from pipeline.publish.catalog.contents import DOCUMENT_COLUMNS, _read_table, _size, human_size, release_rows, table_files
from pipeline.publish.catalog.html import CSP, INDEX_NAME, ROWS_NAME, document_html, esc, href, markdown_to_html
from pipeline.publish.catalog.releases import extra_links_html, older_releases_html, release_html
from pipeline.publish.catalog.rows import BROWSER_TABLES, rows_page_html, rows_section_html
from pipeline.publish.catalog.values import Sources

MAX_DETAILED_RELEASES = 30  # releases shown with their changes; older ones get one line each
MAX_PUBLISHERS = 12         # publishers named in the coverage line


def _download(version: str, resource: dict | None, label: str) -> str:
    if resource is None:
        return f"<p>{esc(label)}: –</p>"
    digest = resource.get("hash", "").removeprefix("sha256:")
    size = _size(resource)
    size_text = f" · {human_size(size)}" if size is not None else ""
    return (f'<p><a class="button" href="{href(release.RELEASES, version, resource["path"])}" download '
            f'data-sha256="{esc(digest)}" aria-label="{esc(resource["path"])}, {esc(label)}{esc(size_text)}">'
            f'{esc(label)}{esc(size_text)}</a><span class="hash">sha256 {esc(digest)}</span></p>')


def downloads_html(outputs_dir: Path, folder: Path, package: dict) -> str:
    """A card per table (Parquet and CSV buttons with size and hash) and one for the whole zip."""
    version = folder.name
    files, rows = table_files(package), release_rows(package)
    bundle = ensure_bundle(outputs_dir, folder)
    size = bundle.stat().st_size
    digest = bundle_sha256(bundle)
    cards = [f'<div class="card all"><h3>Everything</h3><p>All tables, the manifest and the change list in one zip.</p>'
             f'<p><a class="button" href="{href(BUNDLES, bundle.name)}" download data-sha256="{esc(digest)}">'
             f'Zip · {esc(human_size(size))}</a><span class="hash"><code>{esc(bundle.name)}</code>, {size} bytes · '
             f'sha256 {esc(digest)}</span></p></div>']
    for t in contract.TABLES:
        count = rows.get(t)
        cards.append(f'<div class="card"><h3><code>{esc(t)}</code> · {esc("?" if count is None else f"{count:,}")} rows'
                     f'</h3><p class="note">{esc(contract.table_description(t))}</p>'
                     f"{_download(version, files.get((t, 'parquet')), 'Parquet')}"
                     f"{_download(version, files.get((t, 'csv')), 'CSV')}</div>")
    return f'<div class="downloads">{"".join(cards)}</div>'


def coverage_html(documents: pd.DataFrame, events: pd.DataFrame, package: dict) -> str:
    rows = release_rows(package)
    publishers = documents["publisher"].dropna().astype(str).str.strip()
    by_count = publishers[publishers != ""].value_counts()
    names = sorted(by_count.items(), key=lambda kv: (-kv[1], kv[0]))
    named = ", ".join(f"{p} ({n})" for p, n in names[:MAX_PUBLISHERS])
    if len(names) > MAX_PUBLISHERS:
        named += f" and {len(names) - MAX_PUBLISHERS} more"
    unnamed = int(len(documents) - by_count.sum())
    parts = [f"<strong>{len(documents):,}</strong> articles from <strong>{len(names)}</strong> publishers"
             + (f" ({esc(named)}{esc(f'; {unnamed} without a publisher' if unnamed else '')})" if names else "")]
    starts = pd.to_datetime(events["date_start"]).dropna() if not events.empty else pd.Series(dtype="datetime64[ns]")
    ends = pd.to_datetime(events["date_end"]).dropna() if not events.empty else starts
    if not starts.empty:
        last = max(starts.max(), ends.max() if not ends.empty else starts.max())
        parts.append(f"events dated <strong>{starts.min():%Y-%m-%d}</strong> to <strong>{last:%Y-%m-%d}</strong> "
                     f"({len(starts):,} of {len(events):,} events have a date)")
    published = pd.to_datetime(documents["published_date"]).dropna()
    if not published.empty:
        parts.append(f"articles published {published.min():%Y-%m-%d} to {published.max():%Y-%m-%d} "
                     f"({len(published):,} dated)")
    parts.append(", ".join(f"{rows.get(t) or 0:,} {t}" for t in contract.ROW_TABLES))
    return f'<p class="coverage">Coverage: {"; ".join(parts)}.</p>'


def licence_html(version: str, package: dict) -> str:
    lic = contract.licence()
    created = str(package.get("created", ""))
    cite = contract.citation(version, created) if created else ""
    bibtex = contract.citation_bibtex(version, created) if created else ""
    return f"""<h3 id="licence">Licence</h3>
<p><a href="{esc(lic['url'])}" rel="license">{esc(lic['title'])}</a> (<code>{esc(lic['name'])}</code>). {esc(lic['note'])}</p>
<h3 id="cite">Cite this release</h3>
<p class="cite" id="citation">{esc(cite)}</p>
<details><summary>BibTeX</summary><pre class="cite">{esc(bibtex)}</pre></details>"""


def newest_html(outputs_dir: Path, folder: Path) -> tuple[str, str, str, str]:
    """(the top section, the charts section, the link to the row browser, the row browser) of the newest release."""
    package = read_package(folder)
    version = folder.name
    tables = {t: _read_table(folder, t) for t in contract.ROW_TABLES}
    documents = _read_table(folder, "documents", DOCUMENT_COLUMNS)
    sources = Sources(documents)
    created = str(package.get("created", "?"))
    top = f"""<section id="download" aria-labelledby="download-h">
<h2 id="download-h">Newest release <code>{esc(version)}</code>, {esc(created[:10])}</h2>
{coverage_html(documents, tables['events'], package)}
{downloads_html(outputs_dir, folder, package)}
<p>Also: {extra_links_html(version, folder)}. Check a download with <code>sha256sum</code> against the hash shown
(and listed in <code>datapackage.json</code>).</p>
{licence_html(version, package)}
</section>"""
    charts = f"""<section id="charts" aria-labelledby="charts-h">
<h2 id="charts-h">Charts</h2>
<p>Like with like: a chart holds one metric in one unit about one place; each source is its own series or row,
and where the claims name a period it is on the x axis.</p>
{charts_html(tables['events'], tables['estimates'], sources)}
</section>"""
    counts = ", ".join(f"{len(tables[t]):,} {t}" for t in BROWSER_TABLES)
    browse = f"""<section id="browse" aria-labelledby="browse-h">
<h2 id="browse-h">Browse the rows</h2>
<p>Filter and search the {esc(counts)} of release <code>{esc(version)}</code>, each row with its quote and
source: <a class="button" href="{ROWS_NAME}">Open the row browser</a></p>
</section>"""
    rows = rows_section_html(version, tables, documents)
    return top, charts, browse, rows


def page_html(outputs_dir: Path, folders: list[Path]) -> tuple[str, str]:
    """(the catalog page, the row browser page, "" without releases); ``folders`` newest first."""
    latest = release.latest_release(outputs_dir)
    title = contract.dataset()["title"]
    if folders:
        top, charts, browse, rows = newest_html(outputs_dir, folders[0])
        detailed, older = folders[:MAX_DETAILED_RELEASES], folders[MAX_DETAILED_RELEASES:]
        listing = "\n".join(release_html(outputs_dir, f, latest is not None and f == latest, i == 0)
                            for i, f in enumerate(detailed))
        if older:
            listing += "\n" + older_releases_html(outputs_dir, older)
    else:
        top, charts, browse, rows, listing = "", "", "", "", "<p>No releases yet.</p>"
    nav = "".join(f'<li><a href="#{a}">{t}</a></li>' for a, t in (
        ("download", "Download"), ("cite", "Cite"), ("charts", "Charts"), ("browse", "Browse rows"),
        ("releases", "Changes per release"), ("dictionary", "Data dictionary")) if folders or a in ("releases", "dictionary"))
    main = f"""{top}
{charts}
{browse}
<section id="releases" aria-labelledby="releases-h"><h2 id="releases-h">Changes per release ({len(folders)}, newest first)</h2>
{listing}
</section>
<section id="dictionary" aria-labelledby="dictionary-h"><h2 id="dictionary-h">Data dictionary</h2>
<details><summary>Every column of every table, and the vocabularies</summary><div class="scroll">
{markdown_to_html(contract.data_dictionary_markdown())}
</div></details>
</section>"""
    index = document_html(title, f'<nav aria-label="Sections"><ul>{nav}</ul></nav>', main, CSP, "")
    if not folders:
        return index, ""
    return index, rows_page_html(title, rows)


def write_catalog(outputs_dir: Path) -> Path:
    """Write ``<outputs>/index.html`` and ``rows.html`` (and any missing bundle); each page is replaced
    atomically, the row browser first so the catalog never links to an older one. Returns index.html.
    """
    outputs_dir = Path(outputs_dir)
    folders = list(reversed(release.list_releases(outputs_dir)))
    index, rows = page_html(outputs_dir, folders)
    if rows:
        write_atomically(outputs_dir / ROWS_NAME, rows)
    else:
        (outputs_dir / ROWS_NAME).unlink(missing_ok=True)
    return write_atomically(outputs_dir / INDEX_NAME, index)
