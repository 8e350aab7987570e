"""A static catalog of every release: ``<outputs>/index.html`` and one zip per release.

The page works opened straight from disk (relative links, no network, no
JavaScript): each release with its row counts, what changed, every file with
its SHA-256, a deterministic zip bundle, charts of the newest release (inline
SVG) and the data dictionary. Article text is data, never markup: every
string from a release is HTML-escaped, and the page forbids scripts (CSP).
Nothing here imports Dagster.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from pipeline import contract, release, svgcharts

INDEX_NAME = "index.html"
BUNDLES = "bundles"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
ZIP_LEVEL = 1  # fastest deflate: a bundle is built for every release, and its Parquet files are compressed already
LABEL_CHARS = 48
QUALIFIER_SIGNS = {"approximate": "~", "at_least": "≥", "at_most": "≤", "exact": ""}
STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#222;line-height:1.4}
table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}code,.hash{font-family:ui-monospace,monospace;font-size:.85em}.hash{word-break:break-all;color:#555}
article.release{border-top:2px solid #ddd;padding-top:.5rem;margin-top:1.5rem}figure{margin:1rem 0}
figure svg{max-width:100%;height:auto}figcaption{font-weight:600}td.num{text-align:right}
.quote{max-width:36rem}.latest{background:#e7f5e7;border-radius:.25rem;padding:0 .3rem;font-size:.85em}
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:"


esc = svgcharts.esc  # any value as HTML text, also safe inside quoted attributes


def href(*parts: str) -> str:
    """A relative link, each part URL-quoted, ready for an attribute."""
    return esc("/".join(quote(p) for p in parts))


# --- bundles -----------------------------------------------------------------------

def bundle_path(outputs_dir: Path, version: str) -> Path:
    return Path(outputs_dir) / BUNDLES / f"{version}.zip"


def _release_files(folder: Path) -> list[Path]:
    return sorted((p for p in folder.rglob("*") if p.is_file()), key=lambda p: p.relative_to(folder).as_posix())


def write_zip(folder: Path, target: Path) -> None:
    """Every file of ``folder`` under ``<folder name>/``: sorted, 1980 timestamps, so the bytes repeat."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL) as zf:
        for path in _release_files(folder):
            info = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}", date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            # ZipFile.open(info, "w") ignores the archive's level: the entry's own (renamed in Python 3.13)
            setattr(info, "compress_level" if hasattr(info, "compress_level") else "_compresslevel", ZIP_LEVEL)
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            size = path.stat().st_size
            with path.open("rb") as src, zf.open(info, "w", force_zip64=size >= zipfile.ZIP64_LIMIT) as dst:
                shutil.copyfileobj(src, dst, 1 << 20)


def ensure_bundle(outputs_dir: Path, folder: Path) -> Path:
    """The release's zip, written once (temp file, then rename); an existing zip is never rewritten."""
    target = bundle_path(outputs_dir, folder.name)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".tmp-{os.getpid()}-{target.name}")
    try:
        write_zip(folder, tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def bundle_sha256(bundle: Path) -> str:
    """The zip's SHA-256, cached beside it (``sha256sum`` format): zips never change, hashing them does cost."""
    sidecar = bundle.with_name(bundle.name + ".sha256")
    if sidecar.exists():
        return sidecar.read_text(encoding="utf-8").split()[0]
    digest = release.sha256_of(bundle)
    tmp = sidecar.with_name(f".tmp-{os.getpid()}-{sidecar.name}")
    tmp.write_text(f"{digest}  {bundle.name}\n", encoding="utf-8")
    os.replace(tmp, sidecar)
    return digest


# --- what a release holds ---------------------------------------------------------

def release_rows(package: dict) -> dict[str, int]:
    """Rows per table, from the manifest."""
    rows = {r["name"]: r.get("rows") for r in package.get("resources", []) if r.get("format") == "csv"}
    return {t: rows.get(t) for t in contract.TABLES}


def table_files(package: dict) -> dict[tuple[str, str], dict]:
    """(table, format) -> resource, for the Parquet and CSV files of each table."""
    by_path = {r["path"]: r for r in package.get("resources", [])}
    return {(t, fmt): by_path[f"{t}.{fmt}"] for t in contract.TABLES for fmt in ("parquet", "csv")
            if f"{t}.{fmt}" in by_path}


def release_changes(folder: Path, package: dict) -> dict | None:
    """changes.json when the release has one, else the manifest's article changes (or None)."""
    path = folder / "changes.json"
    if path.exists():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            pass
    articles = package.get("changes_since_previous")
    return {"articles": articles} if articles else None


def human_size(size: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} B"


# --- charts ------------------------------------------------------------------------

def short(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def event_types_present(events: pd.DataFrame) -> list[str]:
    """Types in the contract's order, unknown ones after."""
    present = set(events["event_type"])
    known = [t for t in contract.vocabulary("event_type") if t in present]
    return known + sorted(present - set(known))


def events_timeline_svg(events: pd.DataFrame) -> str | None:
    """Each dated event as a dot at its start and a bar to its end, one line per event type."""
    dated = events[events["date_start"].notna()]
    if dated.empty:
        return None
    rows = []
    for event_type in event_types_present(dated):
        picked = dated[dated["event_type"] == event_type].sort_values(["date_start", "event_id"], kind="mergesort")
        if len(picked) > MAX_TIMELINE_EVENTS:  # evenly thinned: the shape of the timeline, drawn fast
            picked = picked.iloc[:: -(-len(picked) // MAX_TIMELINE_EVENTS)]
        start = pd.to_datetime(picked["date_start"])
        end = pd.to_datetime(picked["date_end"]).fillna(start) + pd.Timedelta(days=1)
        rows.append((event_type, list(zip(start.dt.date, end.dt.date))))
    return svgcharts.timeline_svg(f"Events by type ({len(dated)} dated of {len(events)})", rows)


def _names_someone(attributed) -> bool:
    return isinstance(attributed, str) and bool(attributed.strip())


def claim_source(row) -> str:
    """Who makes the claim: attributed_to, else the document."""
    attributed = row.get("attributed_to")
    return attributed if _names_someone(attributed) else row["doc_id"]


def claim_sources(group: pd.DataFrame) -> pd.Series:
    """``claim_source`` of every row, without a Python call per row through ``DataFrame.apply``."""
    attributed = group["attributed_to"]
    return attributed.where(attributed.map(_names_someone).astype(bool), group["doc_id"])


def number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}"


def claim_text(row) -> str:
    """The figure as claimed: 4–6, ~4, ≥4, ≤4 or 4."""
    if row["qualifier"] == "range" or row["value_low"] < row["value_high"]:
        return f"{number(row['value_low'])}–{number(row['value_high'])}"
    return QUALIFIER_SIGNS.get(row["qualifier"], "") + number(row["value"])


def metric_title(metric: str, unit: str, per) -> str:
    return f"{metric}: {unit}" + (f" per {per}" if isinstance(per, str) and per else "")


MAX_TIMELINE_EVENTS = 300  # per event type on the timeline
MAX_CHARTS = 8          # metrics drawn for the newest release, the most claimed first
MAX_CLAIMS = 24         # claims per chart: one per source first, so the sources stay comparable


def compared_estimates(estimates: pd.DataFrame) -> list[tuple[tuple[str, str, str], pd.DataFrame]]:
    """Groups of one metric, unit and per with claims from at least two rows, the most claimed first."""
    df = estimates.assign(per=estimates["per"].fillna(""))
    groups = []
    for key, group in df.groupby(["metric", "unit", "per"], sort=True, dropna=False):
        if group["estimate_id"].nunique() >= 2:
            groups.append((key, group.sort_values(["value_low", "value", "estimate_id"], kind="mergesort")))
    groups.sort(key=lambda kg: -len(kg[1]))
    return groups[:MAX_CHARTS]


def shown_claims(group: pd.DataFrame) -> pd.DataFrame:
    """At most MAX_CLAIMS claims: each source's first claim, then the rest, in value order."""
    if len(group) <= MAX_CLAIMS:
        return group
    first = ~claim_sources(group).duplicated()
    picked = pd.concat([group[first], group[~first]]).head(MAX_CLAIMS)
    return picked.sort_values(["value_low", "value", "estimate_id"], kind="mergesort")


def estimates_chart_svg(key: tuple[str, str, str], group: pd.DataFrame) -> str:
    """Claims side by side: a dot at the value, a bar from low to high, labelled by source."""
    rows = [svgcharts.Range(short(claim_source(r)), r["value_low"], r["value"], r["value_high"], claim_text(r))
            for r in group.to_dict("records")]
    return svgcharts.ranges_svg(metric_title(*key), rows, label=number)


# --- HTML pieces -------------------------------------------------------------------

def inline_markdown(text: str) -> str:
    """`code` and **bold** on escaped text; nothing else is markup."""
    parts = text.split("`")
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(f"<code>{esc(part)}</code>")
        else:
            out.append(re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", esc(part)))
    return "".join(out)


def _table_cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def markdown_to_html(md: str) -> str:
    """The small Markdown the data dictionary uses: headings, pipe tables, lists, paragraphs."""
    out: list[str] = []
    lines = md.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        if not line:
            i += 1
        elif m := re.match(r"(#{1,6})\s+(.*)", line):
            level = len(m.group(1))
            out.append(f"<h{level}>{inline_markdown(m.group(2))}</h{level}>")
            i += 1
        elif line.startswith("|"):
            block = []
            while i < len(lines) and lines[i].startswith("|"):
                block.append(lines[i])
                i += 1
            body = [row for row in block[1:] if not re.fullmatch(r"[\s|:-]+", row)]
            head = "".join(f"<th>{inline_markdown(c)}</th>" for c in _table_cells(block[0]))
            rows = "".join("<tr>" + "".join(f"<td>{inline_markdown(c)}</td>" for c in _table_cells(r)) + "</tr>"
                           for r in body)
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        elif re.match(r"[-*]\s", line):
            items = []
            while i < len(lines) and re.match(r"[-*]\s", lines[i]):
                items.append(f"<li>{inline_markdown(lines[i][2:].strip())}</li>")
                i += 1
            out.append(f"<ul>{''.join(items)}</ul>")
        else:
            para = []
            while i < len(lines) and lines[i].strip() and not re.match(r"(#|\||[-*]\s)", lines[i]):
                para.append(lines[i].strip())
                i += 1
            out.append(f"<p>{inline_markdown(' '.join(para))}</p>")
    return "\n".join(out)


def _file_cell(version: str, resource: dict | None) -> str:
    if resource is None:
        return "<td>–</td>"
    digest = resource.get("hash", "").removeprefix("sha256:")
    size = resource.get("bytes", resource.get("file_bytes"))
    size_text = f" ({human_size(size)})" if isinstance(size, int) else ""
    return (f'<td><a href="{href(release.RELEASES, version, resource["path"])}">{esc(resource["path"])}</a>'
            f'{esc(size_text)}<br><span class="hash">sha256 {esc(digest)}</span></td>')


def files_table_html(version: str, package: dict) -> str:
    files = table_files(package)
    rows = release_rows(package)
    body = "".join(f"<tr><td><code>{esc(t)}</code></td><td class=\"num\">{esc(rows[t])}</td>"
                   f"{_file_cell(version, files.get((t, 'parquet')))}{_file_cell(version, files.get((t, 'csv')))}</tr>"
                   for t in contract.TABLES)
    return ("<table><thead><tr><th>table</th><th>rows</th><th>Parquet</th><th>CSV</th></tr></thead>"
            f"<tbody>{body}</tbody></table>")


def _name_list(names: list[str]) -> str:
    return ", ".join(f"<code>{esc(n)}</code>" for n in names) or "none"


def _in_contract_order(by_table: dict) -> list[tuple[str, dict]]:
    """changes.json has sorted keys; show tables in the contract's order."""
    order = {t: i for i, t in enumerate(contract.TABLES)}
    return sorted(by_table.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))


def changes_html(version: str, folder: Path, package: dict) -> str:
    """Row and article changes since the previous release, with the lists folded away."""
    previous = package.get("previous_version")
    changes = release_changes(folder, package)
    if not previous:
        return "<p>First release.</p>"
    parts = [f"<p>Since <a href=\"#{esc('v-' + previous)}\"><code>{esc(previous)}</code></a>:</p>"]
    if changes and "tables" in changes:
        cells = "".join(f"<tr><td><code>{esc(t)}</code></td><td class=\"num\">+{len(c['added'])}</td>"
                        f"<td class=\"num\">−{len(c['removed'])}</td><td class=\"num\">~{len(c['changed'])}</td></tr>"
                        for t, c in _in_contract_order(changes["tables"]))
        parts.append("<table><thead><tr><th>rows</th><th>added</th><th>removed</th><th>changed</th></tr></thead>"
                     f"<tbody>{cells}</tbody></table>")
    articles = (changes or {}).get("articles")
    if articles:
        summary = ", ".join(f"{len(articles.get(k, []))} {k}" for k in ("added", "changed", "removed"))
        lists = "".join(f"<li>{esc(k)}: {_name_list(articles.get(k, []))}</li>" for k in ("added", "changed", "removed"))
        parts.append(f"<details><summary>Articles: {esc(summary)}</summary><ul>{lists}</ul></details>")
    elif not changes:
        parts.append("<p>No change list was recorded.</p>")
    return "\n".join(parts)


def extra_links_html(version: str, folder: Path) -> str:
    names = [n for n in ("datapackage.json", "README.md", "CHANGES.md", "changes.json") if (folder / n).exists()]
    return " · ".join(f'<a href="{href(release.RELEASES, version, n)}">{esc(n)}</a>' for n in names)


def bundle_html(outputs_dir: Path, version: str, bundle: Path) -> str:
    size = bundle.stat().st_size
    return (f'<p>Everything in one file: <a href="{href(BUNDLES, bundle.name)}">{esc(bundle.name)}</a> '
            f"({esc(human_size(size))}, {size} bytes)<br>"
            f'<span class="hash">sha256 {esc(bundle_sha256(bundle))}</span></p>')


def release_html(outputs_dir: Path, folder: Path, is_latest: bool) -> str:
    package = release.read_package(folder)
    version = folder.name
    bundle = ensure_bundle(outputs_dir, folder)
    badge = ' <span class="latest">latest</span>' if is_latest else ""
    return f"""<article class="release" id="{esc('v-' + version)}">
<h3><code>{esc(version)}</code>{badge}</h3>
<p>Created {esc(package.get('created', '?'))} · {extra_links_html(version, folder)}</p>
{files_table_html(version, package)}
{bundle_html(outputs_dir, version, bundle)}
{changes_html(version, folder, package)}
</article>"""


def claims_table_html(group: pd.DataFrame, titles: dict[str, str]) -> str:
    """The claims behind a chart, with their quotes: what a reader checks the chart against."""
    rows = "".join(
        f"<tr><td>{esc(claim_source(r))}</td><td class=\"num\">{esc(claim_text(r))}</td><td>{esc(r['subject'])}</td>"
        f"<td class=\"quote\">{esc(r['quote'])}</td><td>{esc(titles.get(r['doc_id']) or r['doc_id'])}</td></tr>"
        for r in group.to_dict("records"))
    return ("<table><thead><tr><th>source</th><th>claim</th><th>subject</th><th>quote</th><th>document</th></tr>"
            f"</thead><tbody>{rows}</tbody></table>")


def _read_table(folder: Path, table: str, columns: list[str] | None = None) -> pd.DataFrame:
    path = folder / f"{table}.parquet"
    return (pd.read_parquet(path, columns=columns) if path.exists()
            else pd.DataFrame(columns=columns or contract.column_names(table)))


def charts_html(folder: Path) -> str:
    """The newest release drawn: the events timeline, then every metric claimed more than once."""
    events, estimates = _read_table(folder, "events"), _read_table(folder, "estimates")
    documents = _read_table(folder, "documents", ["doc_id", "title"])  # not the texts: the largest column by far
    titles = dict(zip(documents["doc_id"], documents["title"]))
    parts = []
    timeline = events_timeline_svg(events) if not events.empty else None
    parts.append(f"<figure><figcaption>Timeline of events</figcaption>{timeline}</figure>" if timeline
                 else "<p>No dated events.</p>")
    groups = compared_estimates(estimates) if not estimates.empty else []
    for key, group in groups:
        shown = shown_claims(group)
        count = f"{len(group)} claims" + (f", {len(shown)} shown" if len(shown) < len(group) else "")
        parts.append(f"<figure><figcaption>{esc(metric_title(*key))}: {count}</figcaption>"
                     f"{estimates_chart_svg(key, shown)}{claims_table_html(shown, titles)}</figure>")
    if not groups:
        parts.append("<p>No metric is claimed by two rows or more.</p>")
    return "\n".join(parts)


def page_html(outputs_dir: Path, folders: list[Path]) -> str:
    """The whole page; ``folders`` newest first."""
    latest = release.latest_release(outputs_dir)
    title = release.read_package(folders[0]).get("title", "Releases") if folders else "Releases"
    if folders:
        newest = (f"<section id=\"newest\"><h2>Newest release: <code>{esc(folders[0].name)}</code></h2>\n"
                  f"{charts_html(folders[0])}</section>")
        listing = "\n".join(release_html(outputs_dir, f, latest is not None and f == latest) for f in folders)
    else:
        newest, listing = "", "<p>No releases yet.</p>"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<style>{STYLE}</style>
</head>
<body>
<h1>{esc(title)}</h1>
<p>Every release is immutable. Each table comes as Parquet (exact values) and CSV; check a download against the
SHA-256 shown. <a href="#releases">Releases</a> · <a href="#dictionary">Data dictionary</a></p>
{newest}
<section id="releases"><h2>Releases ({len(folders)}, newest first)</h2>
{listing}
</section>
<section id="dictionary"><h2>Data dictionary</h2>
{markdown_to_html(contract.data_dictionary_markdown())}
</section>
</body>
</html>
"""


def write_catalog(outputs_dir: Path) -> Path:
    """Write ``<outputs>/index.html`` (and any missing bundle); the page is replaced atomically."""
    outputs_dir = Path(outputs_dir)
    folders = list(reversed(release.list_releases(outputs_dir)))
    text = page_html(outputs_dir, folders)
    target = outputs_dir / INDEX_NAME
    tmp = outputs_dir / f".tmp-{os.getpid()}-{INDEX_NAME}"
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target
