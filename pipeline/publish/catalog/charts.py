"""The newest release drawn (via svgcharts): the events timeline and one chart per metric, unit and
place claimed twice or more, with the claims behind each chart; like is only compared with like.
"""
from __future__ import annotations

import pandas as pd

from pipeline import contract
from pipeline.publish import svgcharts
from pipeline.publish.catalog.html import esc
from pipeline.publish.catalog.values import (
    Sources,
    _date,
    claim_source,
    claim_text,
    metric_title,
    number,
    period_text,
    short,
    unit_text,
)

MAX_TIMELINE_EVENTS = 300   # per event type on the timeline
MAX_CHARTS = 10             # charts of the newest release's estimates, the most claimed first
MAX_CLAIMS = 24             # claims per chart: one per source first, so the sources stay comparable
MAX_SERIES = len(svgcharts.PALETTE)  # sources (colours) on a chart over time; the rest stay in its table
TIP_CHARS = 280             # characters of a quote in a chart point's tooltip


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
    a chart never puts Ucayali's hectares beside the nation's.
    """
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
    else claims side by side (a dot at the value, a bar from low to high, labelled by source and subject).
    """
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
