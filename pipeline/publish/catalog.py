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
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from pipeline import contract

from pipeline.publish import release, svgcharts
from pipeline.common.files import replacing, write_atomically
from pipeline.common.hashing import sha256_file
from pipeline.common.package import read_package

INDEX_NAME = "index.html"
ROWS_NAME = "rows.html"     # the row browser: the only page that runs a script
BUNDLES = "bundles"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
ZIP_LEVEL = 1  # fastest deflate: a bundle is built for every release, and its Parquet files are compressed already
LABEL_CHARS = 48
QUALIFIER_SIGNS = {"approximate": "~", "at_least": "≥", "at_most": "≤", "exact": ""}
UNIT_NAMES = {"ha": "hectares (ha)", "t": "tonnes (t)", "kg": "kilograms (kg)", "count": "count",
              "percent": "percent (%)", "m": "metres (m)", "km": "kilometres (km)"}
KIND_COLUMNS = {"estimates": "metric", "events": "event_type", "budgets": "kind"}
BROWSER_TABLES = ("estimates", "events", "budgets")

MAX_TIMELINE_EVENTS = 300   # per event type on the timeline
MAX_CHARTS = 10             # charts of the newest release's estimates, the most claimed first
MAX_CLAIMS = 24             # claims per chart: one per source first, so the sources stay comparable
MAX_SERIES = len(svgcharts.PALETTE)  # sources (colours) on a chart over time; the rest stay in its table
MAX_BROWSER_ROWS = 2_000    # rows per table embedded for the row browser; the downloads have all
MAX_CHANGED_ROWS = 25       # changed rows listed per table and release; changes.json has all
MAX_DETAILED_RELEASES = 30  # releases shown with their changes; older ones get one line each
MAX_PUBLISHERS = 12         # publishers named in the coverage line
TIP_CHARS = 280             # characters of a quote in a chart point's tooltip

SCRIPT = (Path(__file__).with_name("catalog.js")).read_text(encoding="utf-8")
SCRIPT_HASH = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:"   # no script runs on the catalog
ROWS_CSP = f"{CSP}; script-src 'sha256-{SCRIPT_HASH}'"
STYLE = """
*{box-sizing:border-box}
body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b;line-height:1.45;overflow-wrap:anywhere}
header,main,footer{max-width:72rem;margin:0 auto;padding:0 1rem}
header{padding-top:1rem}h1{font-size:1.6rem;margin:.5rem 0}h2{margin-top:2.2rem;border-bottom:2px solid #ddd}
nav ul{list-style:none;padding:0;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.4rem 1rem}
a{color:#0b5cad}code,.hash{font-family:ui-monospace,monospace;font-size:.85em}.hash{color:#555;display:block}
.lede{font-size:1.05rem;max-width:48rem}.coverage{background:#f4f7fb;border-radius:.4rem;padding:.6rem .8rem}
.downloads{display:grid;grid-template-columns:repeat(auto-fill,minmax(12.5rem,1fr));gap:.8rem;margin:1rem 0}
.card{border:1px solid #d0d7de;border-radius:.5rem;padding:.6rem .8rem}.card h3{margin:.1rem 0 .3rem;font-size:1.05rem}
.card p{margin:.2rem 0}.card.all{background:#f0f7ee;border-color:#9ac49a}
.button{display:inline-block;background:#0b5cad;color:#fff;text-decoration:none;border-radius:.3rem;padding:.3rem .7rem;
margin:.3rem 0 .1rem;font-weight:600}.button:focus,.button:hover{background:#084a8c}
.cite{white-space:pre-wrap;background:#f6f6f6;padding:.6rem;border-radius:.3rem;font-size:.85rem;margin:.3rem 0}
table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;
vertical-align:top}th{overflow-wrap:normal}thead th{background:#f3f3f3}td.num{text-align:right}.scroll{overflow-x:auto;max-width:100%}
figure{margin:1.2rem 0}figure svg{max-width:100%;height:auto;display:block}figcaption{font-weight:600}
.note{color:#555;font-size:.9rem}.quote{max-width:36rem}details{margin:.4rem 0}summary{cursor:pointer}
.latest{background:#e7f5e7;border-radius:.25rem;padding:0 .3rem;font-size:.85em}
article.release{border-top:1px solid #ddd;padding-top:.3rem;margin-top:1rem}
ul.changed li{margin:.3rem 0}.old{color:#a40000;text-decoration:line-through}.new{color:#006b00}
#rb-form{display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:flex-end;margin:.5rem 0}
#rb-form .field{display:flex;flex-direction:column;font-size:.9rem}#rb-form input,#rb-form select,#rb-form button{
font:inherit;padding:.25rem .4rem;max-width:100%}#rb-q{width:18rem;max-width:100%}
#rb-rows{width:100%;font-size:.92rem}#rb-rows td,#rb-rows th{overflow-wrap:normal}#rb-rows td.quote{min-width:20rem}#rb-rows td.src small{display:block;color:#555}#rb-rows th[scope=row]{font-weight:600;background:none}
@media (max-width:40rem){
header,main,footer{padding:0 .6rem}h1{font-size:1.3rem}
#rb-rows,#rb-rows tbody,#rb-rows tr,#rb-rows td,#rb-rows th[scope=row]{display:block;width:100%}
#rb-rows thead{position:absolute;left:-9999px}#rb-rows tr{border:1px solid #ccc;border-radius:.4rem;margin:.6rem 0;
padding:.3rem}#rb-rows td,#rb-rows th[scope=row]{border:none;padding:.1rem .2rem}
#rb-rows td::before{content:attr(data-label) ": ";font-weight:600;color:#555}
}
"""


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
    with replacing(target) as tmp:
        write_zip(folder, tmp)
    return target


def bundle_sha256(bundle: Path) -> str:
    """The zip's SHA-256, cached beside it (``sha256sum`` format): zips never change, hashing them does cost."""
    sidecar = bundle.with_name(bundle.name + ".sha256")
    if sidecar.exists():
        return sidecar.read_text(encoding="utf-8").split()[0]
    digest = sha256_file(bundle)
    write_atomically(sidecar, f"{digest}  {bundle.name}\n")
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


# --- the data dictionary as HTML ----------------------------------------------------

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


# --- formatting values ----------------------------------------------------------------

def short(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _text(value) -> str:
    """A cell as text: empty for a missing value."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}"


def claim_text(row) -> str:
    """The figure as claimed: 4–6, ~4, ≥4, ≤4 or 4."""
    if row["qualifier"] == "range" or row["value_low"] < row["value_high"]:
        return f"{number(row['value_low'])}–{number(row['value_high'])}"
    return QUALIFIER_SIGNS.get(row["qualifier"], "") + number(row["value"])


def unit_text(unit: str, per) -> str:
    """The unit as a reader says it: 'count per day', 'tonnes (t) per year'."""
    name = UNIT_NAMES.get(unit, unit)
    return name + (f" per {per}" if isinstance(per, str) and per else "")


def _date(value):
    """A cell as a date, None when missing (NaT included: it passes for a datetime)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return contract.as_date(value)


def period_text(start, end, precision) -> str:
    """2013, 2013-10, 2013-12-17 or 2011-06-26 – 2014-06-26; empty when unknown."""
    first, last = _date(start), _date(end)
    if first is None:
        return ""
    last = last or first
    if precision == "year" and first.month == 1 and first.day == 1 and last == first.replace(month=12, day=31):
        return f"{first.year}"
    if precision == "month" and first.day == 1 and (last.month, last.year) == (first.month, first.year):
        return f"{first:%Y-%m}"
    return first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"


def metric_title(metric: str, unit: str, per, geography: str = "") -> str:
    place = geography or "geography not stated"
    return f"{metric} in {unit_text(unit, per)}: {place}"


class Sources:
    """Who says what: the article's title, publisher, address and date, by document id."""

    def __init__(self, documents: pd.DataFrame):
        self.docs = {r["doc_id"]: r for r in documents.to_dict("records")}

    def doc(self, doc_id: str) -> dict:
        return self.docs.get(doc_id, {})

    def publisher(self, doc_id: str) -> str:
        return _text(self.doc(doc_id).get("publisher"))

    def title(self, doc_id: str) -> str:
        return _text(self.doc(doc_id).get("title"))

    def claim_source(self, row) -> str:
        """Who makes the claim: attributed_to, else the publisher in its own voice, else the document."""
        attributed = _text(row.get("attributed_to")).strip()
        if attributed:
            return attributed
        publisher = self.publisher(row["doc_id"])
        title = self.title(row["doc_id"])
        return publisher or (f"“{short(title, 32)}”" if title else f"article {row['doc_id']}")

    def document_html(self, doc_id: str) -> str:
        """The article: its title (linked to its address when it has one), publisher and date; the id small."""
        doc = self.doc(doc_id)
        title = self.title(doc_id) or doc_id
        url = _text(doc.get("url"))
        name = (f'<a href="{esc(url)}" rel="noopener noreferrer">{esc(title)}</a>'
                if re.match(r"https?://", url) else esc(title))
        meta = ", ".join(x for x in (self.publisher(doc_id), period_text(doc.get("published_date"), None, "day")) if x)
        return f"{name}<br><small>{esc(meta + ' · ' if meta else '')}<code>{esc(doc_id)}</code></small>"


def claim_source(row, sources: Sources | None = None) -> str:
    """Who makes the claim (see ``Sources.claim_source``); without documents: attributed_to, else the document id."""
    return (sources or Sources(pd.DataFrame(columns=["doc_id"]))).claim_source(row)


# --- charts ------------------------------------------------------------------------

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


ChartKey = tuple[str, str, str, str]  # metric, unit, per, geography ("" when not stated)


def compared_estimates(estimates: pd.DataFrame) -> list[tuple[ChartKey, pd.DataFrame]]:
    """Groups of one metric, unit, per and geography with at least two claims, the most claimed first:
    a chart never puts Ucayali's hectares beside the nation's."""
    df = estimates.assign(per=estimates["per"].fillna(""), geography=estimates["geography"].fillna(""))
    groups = []
    for key, group in df.groupby(["metric", "unit", "per", "geography"], sort=True, dropna=False):
        if group["estimate_id"].nunique() >= 2:
            groups.append((key, group.sort_values(["value_low", "value", "estimate_id"], kind="mergesort")))
    groups.sort(key=lambda kg: -len(kg[1]))
    return groups[:MAX_CHARTS]


def shown_claims(group: pd.DataFrame, sources: Sources | None = None) -> pd.DataFrame:
    """At most MAX_CLAIMS claims: each source's first claim, then the rest, in value order."""
    if len(group) <= MAX_CLAIMS:
        return group
    names = pd.Series([claim_source(r, sources) for r in group.to_dict("records")], index=group.index)
    first = ~names.duplicated()
    picked = pd.concat([group[first], group[~first]]).head(MAX_CLAIMS)
    return picked.sort_values(["value_low", "value", "estimate_id"], kind="mergesort")


def _has_period(group: pd.DataFrame) -> pd.Series:
    return group["period_start"].notna()


def _tip(row, sources: Sources, unit: str) -> str:
    period = period_text(row["period_start"], row["period_end"], row["period_precision"])
    head = f"{claim_text(row)} {unit}" + (f", {period}" if period else "") + f" ({sources.claim_source(row)})"
    return f"{head}: “{short(row['quote'], TIP_CHARS)}”"


def estimates_chart_svg(key: ChartKey, group: pd.DataFrame, sources: Sources | None = None) -> str:
    """Over time when at least two claims name a period (x: the period, y: the value, one colour per source);
    else claims side by side (a dot at the value, a bar from low to high, labelled by source and subject)."""
    sources = sources or Sources(pd.DataFrame(columns=["doc_id"]))
    metric, unit, per, geography = key
    units = unit_text(unit, per)
    title = metric_title(*key)
    rows = group.to_dict("records")
    dated = [r for r in rows if _date(r["period_start"]) is not None]
    if len(dated) >= 2:
        by_source: dict[str, list] = {}
        for r in dated:
            by_source.setdefault(sources.claim_source(r), []).append(r)
        ordered = sorted(by_source.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:MAX_SERIES]
        series = [svgcharts.Series(short(name), [
            svgcharts.Point(_date(r["period_start"]),
                            _date(r["period_end"]) or _date(r["period_start"]),
                            r["value_low"], r["value"], r["value_high"], f"#c-{r['estimate_id']}", _tip(r, sources, units))
            for r in claims]) for name, claims in ordered]
        return svgcharts.periods_svg(title, series, units, label=number)
    ranges = [svgcharts.Range(short(f"{sources.claim_source(r)}: {r['subject']}"), r["value_low"], r["value"],
                              r["value_high"], claim_text(r), f"#c-{r['estimate_id']}", _tip(r, sources, units))
              for r in sorted(rows, key=lambda r: (sources.claim_source(r), r["value_low"], r["estimate_id"]))]
    return svgcharts.ranges_svg(title, ranges, label=number)


def claims_table_html(group: pd.DataFrame, sources: Sources, key: ChartKey) -> str:
    """The claims behind a chart, with their quotes: what a reader checks the chart against."""
    units = unit_text(key[1], key[2])
    rows = "".join(
        f"<tr id=\"{esc('c-' + r['estimate_id'])}\"><td class=\"num\">{esc(claim_text(r))}</td>"
        f"<td>{esc(period_text(r['period_start'], r['period_end'], r['period_precision']) or 'not stated')}</td>"
        f"<td>{esc(r['subject'])}</td><td>{esc(sources.claim_source(r))}</td>"
        f"<td class=\"quote\"><q>{esc(r['quote'])}</q></td><td>{sources.document_html(r['doc_id'])}</td></tr>"
        for r in group.to_dict("records"))
    return (f"<div class=\"scroll\"><table><caption class=\"note\">Values in {esc(units)}</caption><thead><tr>"
            "<th scope=\"col\">claim</th><th scope=\"col\">period</th><th scope=\"col\">subject</th>"
            "<th scope=\"col\">source</th><th scope=\"col\">quote</th><th scope=\"col\">article</th></tr>"
            f"</thead><tbody>{rows}</tbody></table></div>")


def _read_table(folder: Path, table: str, columns: list[str] | None = None) -> pd.DataFrame:
    path = folder / f"{table}.parquet"
    return (pd.read_parquet(path, columns=columns) if path.exists()
            else pd.DataFrame(columns=columns or contract.column_names(table)))


DOCUMENT_COLUMNS = ["doc_id", "title", "publisher", "url", "published_date"]  # not the texts: the largest column


def charts_html(events: pd.DataFrame, estimates: pd.DataFrame, sources: Sources) -> str:
    """The newest release drawn: the events timeline, then every metric claimed twice or more in one place."""
    parts = []
    timeline = events_timeline_svg(events) if not events.empty else None
    if timeline:
        counts = ", ".join(f"{t} {n}" for t, n in
                           events["event_type"].value_counts().reindex(event_types_present(events)).items())
        parts.append(f"<figure><figcaption>Timeline of events by type</figcaption>{timeline}"
                     f"<p class=\"note\">Each dot is an event's first day, its bar the period it covers. "
                     f"Events per type: {esc(counts)}. Undated events are in the row browser.</p></figure>")
    else:
        parts.append("<p>No dated events.</p>")
    groups = compared_estimates(estimates) if not estimates.empty else []
    for key, group in groups:
        shown = shown_claims(group, sources)
        dated = int(_has_period(shown).sum())
        count = f"{len(group)} claims" + (f", {len(shown)} shown" if len(shown) < len(group) else "")
        undated = len(shown) - dated
        how = ("x: the period each claim is about, y: the value from zero; one colour per source"
               + (f"; {undated} claims without a period are in the table only" if undated else "")
               if dated >= 2 else "claims side by side; the bar spans a range, ~ is approximate, ≥/≤ a bound")
        parts.append(f"<figure><figcaption>{esc(key[0])} about {esc(key[3] or 'no stated place')}: "
                     f"{esc(count)}</figcaption>"
                     f"{estimates_chart_svg(key, shown, sources)}<p class=\"note\">{esc(how)}. Each point links to "
                     f"its quote.</p><details><summary>The {len(shown)} claims with their quotes</summary>"
                     f"{claims_table_html(shown, sources, key)}</details></figure>")
    if not groups:
        parts.append("<p>No metric is claimed twice or more about one place.</p>")
    elif len(groups) == MAX_CHARTS:
        parts.append(f"<p class=\"note\">The {MAX_CHARTS} most claimed metrics and places are drawn; "
                     "every claim is in the row browser.</p>")
    return "\n".join(parts)


# --- the row browser -------------------------------------------------------------------

def _estimate_cells(r) -> list[str]:
    return [r["metric"], f"{claim_text(r)} {unit_text(r['unit'], r['per'])}", _text(r["subject"]),
            _text(r["geography"]), period_text(r["period_start"], r["period_end"], r["period_precision"]),
            _text(r["attributed_to"]) or "(the article)"]


def _event_cells(r) -> list[str]:
    date = period_text(r["date_start"], r["date_end"], r["date_precision"])
    if date and r["date_inferred"]:
        date += " (year inferred)"
    quantity = "" if _text(r["quantity"]) == "" else f"{number(r['quantity'])} {_text(r['quantity_unit'])}".strip()
    return [r["event_type"], date, _text(r["location"]), _text(r["actors"]), quantity, _text(r["summary"])]


def _budget_cells(r) -> list[str]:
    amount = f"{QUALIFIER_SIGNS.get(r['qualifier'], '')}{r['currency']} {number(r['amount'])}"
    return [r["kind"], amount, _text(r["funder"]), _text(r["recipient"]), _text(r["purpose"]),
            period_text(r["period_start"], r["period_end"], r["period_precision"]), _text(r["attributed_to"])]


BROWSER_COLUMNS = {
    "estimates": (["metric", "claim", "subject", "geography", "period", "attributed to"], _estimate_cells),
    "events": (["type", "date", "location", "actors", "quantity", "summary"], _event_cells),
    "budgets": (["kind", "amount", "funder", "recipient", "purpose", "period", "attributed to"], _budget_cells),
}


def browser_data(tables: dict[str, pd.DataFrame], documents: pd.DataFrame) -> dict:
    """What the row browser shows: per table its first MAX_BROWSER_ROWS rows as
    [id, kind, cells, quote, doc_id], the kinds with their counts, and the documents they cite."""
    out, cited = {}, set()
    for table in BROWSER_TABLES:
        df = tables[table]
        names, cells = BROWSER_COLUMNS[table]
        kind_column = KIND_COLUMNS[table]
        head = df.head(MAX_BROWSER_ROWS)
        rows = [[r[contract.ID_COLUMNS[table]], r[kind_column], cells(r), r["quote"], r["doc_id"]]
                for r in head.to_dict("records")]
        cited.update(head["doc_id"])
        vocabulary = next(c.enum for c in contract.columns(table) if c.name == kind_column)
        order = {k: i for i, k in enumerate(contract.vocabulary(vocabulary))}
        counts = head[kind_column].value_counts()
        kinds = sorted(((k, int(n)) for k, n in counts.items()), key=lambda kn: (order.get(kn[0], len(order)), kn[0]))
        out[table] = {"total": len(df), "kind": kind_column, "columns": names, "kinds": kinds, "rows": rows}
    docs = {r["doc_id"]: [_text(r["title"]), _text(r["publisher"]), _text(r["url"]),
                          period_text(r["published_date"], None, "day")]
            for r in documents.to_dict("records") if r["doc_id"] in cited}
    return {"docs": dict(sorted(docs.items())), "tables": out}


def json_for_html(data) -> str:
    """JSON safe inside <script type="application/json">: no '<', '>' or '&' that could end or open a tag."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def browser_html(tables: dict[str, pd.DataFrame], documents: pd.DataFrame) -> str:
    data = browser_data(tables, documents)
    capped = [f"{t}: the first {len(d['rows']):,} of {d['total']:,}" for t, d in data["tables"].items()
              if d["total"] > len(d["rows"])]
    cap_note = (f"<p class=\"note\">Only part of a large table is in this page ({esc('; '.join(capped))}); "
                f"the <a href=\"{INDEX_NAME}#download\">downloads</a> hold every row.</p>" if capped else "")
    options = "".join(f'<option value="{t}">{t} ({data["tables"][t]["total"]:,})</option>' for t in BROWSER_TABLES)
    return f"""<p>Filter and search the rows of the newest release; each row shows its quote and the article it
comes from. Words are matched anywhere in a row (its values, quote, source and the article's title).</p>
{cap_note}<noscript><p>The row browser needs JavaScript. Every row is in the CSV and Parquet files of the
<a href="{INDEX_NAME}#download">downloads</a>.</p></noscript>
<form id="rb-form" role="search" aria-label="Filter the rows" hidden>
<div class="field"><label for="rb-table">table</label><select id="rb-table" name="table">{options}</select></div>
<div class="field"><label for="rb-kind" id="rb-kind-label">kind</label><select id="rb-kind" name="kind"></select></div>
<div class="field"><label for="rb-q">search</label><input id="rb-q" name="q" type="search"
placeholder="e.g. VRAEM, UNODC, airstrips" autocomplete="off"></div>
<button type="reset">Clear</button>
</form>
<p id="rb-count" role="status" aria-live="polite"></p>
<div class="scroll"><table id="rb-rows" aria-describedby="rb-count"></table></div>
<button type="button" id="rb-more" hidden>Show more</button>
<script type="application/json" id="rows-data">{json_for_html(data)}</script>"""


# --- the top: downloads, licence, citation, coverage ----------------------------------

def _size(resource: dict) -> int | None:
    size = resource.get("bytes", resource.get("file_bytes"))
    return size if isinstance(size, int) else None


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
    rows = f"""<section id="browser" aria-labelledby="browser-h">
<h2 id="browser-h">Rows of release <code>{esc(version)}</code></h2>
{browser_html(tables, documents)}
</section>"""
    return top, charts, browse, rows


# --- releases and their changes -----------------------------------------------------------

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
    back = (f'<nav aria-label="Sections"><ul><li><a href="{INDEX_NAME}">Catalog: downloads, charts, changes</a></li>'
            f'<li><a href="{INDEX_NAME}#dictionary">Data dictionary</a></li></ul></nav>')
    return index, document_html(f"Rows · {title}", back, rows, ROWS_CSP, f"<script>{SCRIPT}</script>")


def document_html(title: str, nav: str, main: str, csp: str, script: str) -> str:
    """One page of the catalog: its header, ``main`` and footer under ``csp``."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{esc(title)}</title>
<style>{STYLE}</style>
</head>
<body>
<header>
<h1>{esc(title)}</h1>
<p class="lede">Events, estimates and budgets about the cocaine trade and the fight against it, each row with the
sentence it came from and the article it is quoted from. Every release is immutable; each table comes as Parquet
(exact values) and CSV.</p>
{nav}
</header>
<main>
{main}
</main>
<footer><p class="note">Made by <code>pipeline/catalog.py</code> from the release folders; the same releases give the
same page.</p></footer>
{script}
</body>
</html>
"""


def write_catalog(outputs_dir: Path) -> Path:
    """Write ``<outputs>/index.html`` and ``rows.html`` (and any missing bundle); each page is replaced
    atomically, the row browser first so the catalog never links to an older one. Returns index.html."""
    outputs_dir = Path(outputs_dir)
    folders = list(reversed(release.list_releases(outputs_dir)))
    index, rows = page_html(outputs_dir, folders)
    if rows:
        write_atomically(outputs_dir / ROWS_NAME, rows)
    else:
        (outputs_dir / ROWS_NAME).unlink(missing_ok=True)
    return write_atomically(outputs_dir / INDEX_NAME, index)
