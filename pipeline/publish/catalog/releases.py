"""Changes per release on the catalog page: each release's rows, changed rows old → new, articles,
files and zip; releases past the detailed ones get one line each.
"""
from __future__ import annotations

from pathlib import Path

from pipeline import contract
from pipeline.common.package import read_package
from pipeline.publish import release
from pipeline.publish.catalog.bundles import BUNDLES, bundle_sha256, ensure_bundle
from pipeline.publish.catalog.contents import _size, human_size, release_changes, release_rows, table_files
from pipeline.publish.catalog.html import esc, href
from pipeline.publish.catalog.values import short

MAX_CHANGED_ROWS = 25       # changed rows listed per table and release; changes.json has all


def _file_cell(version: str, resource: dict | None) -> str:
    if resource is None:
        return "<td>–</td>"
    digest = resource.get("hash", "").removeprefix("sha256:")
    size = _size(resource)
    size_text = f" ({human_size(size)})" if size is not None else ""
    return (f'<td><a href="{href(release.RELEASES, version, resource["path"])}">{esc(resource["path"])}</a>'
            f'{esc(size_text)}<span class="hash">sha256 {esc(digest)}</span></td>')


def files_table_html(version: str, package: dict) -> str:
    files = table_files(package)
    rows = release_rows(package)
    body = "".join(f"<tr><th scope=\"row\"><code>{esc(t)}</code></th><td class=\"num\">{esc(rows[t])}</td>"
                   f"{_file_cell(version, files.get((t, 'parquet')))}{_file_cell(version, files.get((t, 'csv')))}</tr>"
                   for t in contract.TABLES)
    return ("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">table</th><th scope=\"col\">rows</th>"
            "<th scope=\"col\">Parquet</th><th scope=\"col\">CSV</th></tr></thead>"
            f"<tbody>{body}</tbody></table></div>")


def _name_list(names: list[str]) -> str:
    return ", ".join(f"<code>{esc(n)}</code>" for n in names) or "none"


def _in_contract_order(by_table: dict) -> list[tuple[str, dict]]:
    """changes.json has sorted keys; show tables in the contract's order."""
    order = {t: i for i, t in enumerate(contract.TABLES)}
    return sorted(by_table.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))


def _value(value) -> str:
    return "∅" if value is None or value == "" else short(str(value), 160)


def changed_rows_html(table: str, changed: list[dict]) -> str:
    """Each changed row: its id (and the id it had), old → new per field, its quote."""
    items = []
    for row in changed[:MAX_CHANGED_ROWS]:
        fields = "; ".join(f"{esc(name)}: <span class=\"old\">{esc(_value(v.get('old')))}</span> → "
                           f"<span class=\"new\">{esc(_value(v.get('new')))}</span>"
                           for name, v in row.get("fields", {}).items()
                           if name not in ("quote", *contract.ID_COLUMNS.values()))
        was = f" (was <code>{esc(row['old_id'])}</code>)" if row.get("old_id") else ""
        quote_change = row.get("fields", {}).get("quote")
        quote_text = quote_change["new"] if quote_change else row.get("quote")
        quote_html = (f"<br><q>{esc(short(quote_text or '', 400))}</q>" if quote_text else "")
        if quote_change:
            quote_html += f" <small>(quote before: <q>{esc(short(quote_change.get('old') or '', 400))}</q>)</small>"
        items.append(f"<li><code>{esc(row['id'])}</code>{was} in <code>{esc(row.get('doc_id') or '?')}</code>: "
                     f"{fields or 'its quote'}{quote_html}</li>")
    more = (f"<li>… and {len(changed) - MAX_CHANGED_ROWS} more in <code>changes.json</code></li>"
            if len(changed) > MAX_CHANGED_ROWS else "")
    return f"<details><summary>{len(changed)} changed {esc(table)} rows (old → new)</summary>" \
           f"<ul class=\"changed\">{''.join(items)}{more}</ul></details>"


def changes_html(version: str, folder: Path, package: dict) -> str:
    """Rows per table and their changes since the previous release, the changed rows old → new, the articles."""
    previous = package.get("previous_version")
    changes = release_changes(folder, package)
    rows = release_rows(package)
    tables = (changes or {}).get("tables") or {}
    parts = []
    if previous:
        parts.append(f"<p>Since <a href=\"#{esc('v-' + previous)}\"><code>{esc(previous)}</code></a>:</p>")
    else:
        parts.append("<p>First release.</p>")
    if tables and previous:
        cells = "".join(f"<tr><th scope=\"row\"><code>{esc(t)}</code></th><td class=\"num\">{esc(rows.get(t, c.get('rows')))}</td>"
                        f"<td class=\"num\">+{len(c['added'])}</td><td class=\"num\">−{len(c['removed'])}</td>"
                        f"<td class=\"num\">~{len(c['changed'])}</td></tr>"
                        for t, c in _in_contract_order(tables))
        parts.append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">table</th><th scope=\"col\">rows</th>"
                     "<th scope=\"col\">added</th><th scope=\"col\">removed</th><th scope=\"col\">changed</th></tr>"
                     f"</thead><tbody>{cells}</tbody></table></div>")
        for t, c in _in_contract_order(tables):
            if c["changed"] and t != "documents":
                parts.append(changed_rows_html(t, c["changed"]))
            elif c["changed"]:
                parts.append(f"<p>{len(c['changed'])} documents changed: {_name_list([d['id'] for d in c['changed'][:MAX_CHANGED_ROWS]])}"
                             f"{' …' if len(c['changed']) > MAX_CHANGED_ROWS else ''} (their diffs are in CHANGES.md).</p>")
    else:
        parts.append("<p>Rows: " + ", ".join(f"<code>{esc(t)}</code> {esc(rows.get(t))}" for t in contract.TABLES)
                     + "</p>")
    articles = (changes or {}).get("articles")
    if articles and previous:
        summary = ", ".join(f"{len(articles.get(k, []))} {k}" for k in ("added", "changed", "removed"))
        lists = "".join(f"<li>{esc(k)}: {_name_list(articles.get(k, []))}</li>" for k in ("added", "changed", "removed"))
        parts.append(f"<details><summary>Articles: {esc(summary)}</summary><ul>{lists}</ul></details>")
    elif previous and not changes:
        parts.append("<p>No change list was recorded.</p>")
    return "\n".join(parts)


def extra_links_html(version: str, folder: Path) -> str:
    names = [n for n in ("datapackage.json", "README.md", "CHANGES.md", "changes.json") if (folder / n).exists()]
    return " · ".join(f'<a href="{href(release.RELEASES, version, n)}">{esc(n)}</a>' for n in names)


def bundle_html(outputs_dir: Path, version: str, bundle: Path) -> str:
    size = bundle.stat().st_size
    return (f'<p>Everything in one file: <a href="{href(BUNDLES, bundle.name)}">{esc(bundle.name)}</a> '
            f"({esc(human_size(size))}, {size} bytes)<span class=\"hash\">sha256 {esc(bundle_sha256(bundle))}</span></p>")


def release_html(outputs_dir: Path, folder: Path, is_latest: bool, is_newest: bool) -> str:
    package = read_package(folder)
    version = folder.name
    bundle = ensure_bundle(outputs_dir, folder)
    badge = ' <span class="latest">latest</span>' if is_latest else ""
    files = ("<p>Its files are the downloads at the top of the page.</p>" if is_newest else
             f"<details><summary>Files of this release (Parquet, CSV, zip, with SHA-256)</summary>"
             f"{files_table_html(version, package)}{bundle_html(outputs_dir, version, bundle)}</details>")
    return f"""<article class="release" id="{esc('v-' + version)}" aria-labelledby="{esc('h-' + version)}">
<h3 id="{esc('h-' + version)}"><code>{esc(version)}</code>{badge}</h3>
<p>Created {esc(package.get('created', '?'))} · {extra_links_html(version, folder)}</p>
{changes_html(version, folder, package)}
{files}
</article>"""


def older_releases_html(outputs_dir: Path, folders: list[Path]) -> str:
    """Releases past MAX_DETAILED_RELEASES: one line each, with the manifest and the zip."""
    rows = []
    for folder in folders:
        package = read_package(folder)
        bundle = ensure_bundle(outputs_dir, folder)
        counts = release_rows(package)
        rows.append(f"<tr id=\"{esc('v-' + folder.name)}\"><th scope=\"row\"><code>{esc(folder.name)}</code></th>"
                    f"<td>{esc(package.get('created', '?'))}</td>"
                    f"<td>{esc(', '.join(f'{t} {counts.get(t)}' for t in contract.TABLES))}</td>"
                    f"<td><a href=\"{href(release.RELEASES, folder.name, 'datapackage.json')}\">datapackage.json</a> · "
                    f"<a href=\"{href(BUNDLES, bundle.name)}\">zip</a> <span class=\"hash\">sha256 "
                    f"{esc(bundle_sha256(bundle))}</span></td></tr>")
    return (f"<h3>{len(folders)} older releases</h3><div class=\"scroll\"><table><thead><tr><th scope=\"col\">version"
            "</th><th scope=\"col\">created</th><th scope=\"col\">rows</th><th scope=\"col\">files</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>")
