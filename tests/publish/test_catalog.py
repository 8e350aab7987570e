"""The static catalog (index.html, bundles, charts) and the release tools of the CLI."""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pandas as pd
import pytest

from pipeline import contract
from pipeline.cli import main
from pipeline.publish import catalog, changes, release, svgcharts
from tests.fixtures import tables

NOW = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
SCRIPT = "<script>alert(1)</script>"
CLAIMS_TEXT = ("Flight monitoring counts four to six drug flights a day. "
               "Human intelligence reports eight to ten flights a day. "
               f"The minister said about four flights a day {SCRIPT} leave the valley.")
REPO_ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def estimate(doc_id: str, text: str, sentence: str, n: int, value: float, low: float, high: float,
             qualifier: str, source: str | None, subject: str = "drug flights") -> dict:
    start = text.index(sentence)
    return {"estimate_id": f"es_{n:016x}", "doc_id": doc_id, "metric": "drug_flights", "value": value,
            "value_low": low, "value_high": high, "unit": "count", "per": "day", "qualifier": qualifier,
            "subject": subject, "geography": "VRAEM", "period_start": None, "period_end": None,
            "period_precision": "unknown", "attributed_to": source, "derived": False, "quote": sentence,
            "char_start": start, "char_end": start + len(sentence)}


def claims_tables() -> dict[str, pd.DataFrame]:
    """The fixture plus a second article whose three claims disagree (one carries a script tag)."""
    t = tables()
    sentences = [s if s.endswith(".") else s + "." for s in CLAIMS_TEXT.split(". ")]
    doc = t["documents"].iloc[0].to_dict() | {"doc_id": "d2", "source_path": "d2.txt", "title": f"Flights {SCRIPT}",
                                               "text": CLAIMS_TEXT, "n_sentences": 3}
    claims = [estimate("d2", CLAIMS_TEXT, sentences[0], 0xA1, 5.0, 4.0, 6.0, "range", "flight monitoring"),
              estimate("d2", CLAIMS_TEXT, sentences[1], 0xA2, 9.0, 8.0, 10.0, "range", "human intelligence"),
              estimate("d2", CLAIMS_TEXT, sentences[2], 0xA3, 4.0, 4.0, 4.0, "approximate", None, SCRIPT)]
    t["documents"] = contract.frame("documents", [*t["documents"].to_dict("records"), doc])
    t["estimates"] = contract.frame("estimates", [*t["estimates"].to_dict("records"), *claims])
    t["budgets"] = t["budgets"].iloc[0:0]
    return t


def publish(outputs: Path, t: dict, now: dt.datetime, inputs: dict | None = None) -> release.Publication:
    return release.publish(t, outputs, input_hashes=inputs or {"d1.txt": "0" * 64}, code_version="test",
                           skipped=[], now=now, after_write=changes.write_changes)


@pytest.fixture
def two_releases(tmp_path) -> tuple[Path, release.Publication, release.Publication]:
    first = publish(tmp_path, tables(), NOW)
    second = publish(tmp_path, claims_tables(), NOW + dt.timedelta(minutes=1),
                     {"d1.txt": "0" * 64, "d2.txt": "1" * 64})
    catalog.write_catalog(tmp_path)
    return tmp_path, first, second


class Page(HTMLParser):
    """Links and raw text of a page, the way a browser sees them."""

    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.svgs = 0

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.append(dict(attrs)["href"])
        if tag == "svg":
            self.svgs += 1


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def manifest_hashes(outputs: Path) -> dict[str, str]:
    """releases/<version>/<file> -> sha256 for every file a manifest lists."""
    hashes = {}
    for folder in release.list_releases(outputs):
        for res in release.read_package(folder)["resources"]:
            hashes[f"releases/{folder.name}/{res['path']}"] = res["hash"].removeprefix("sha256:")
    return hashes


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- the page ------------------------------------------------------------------------

def test_every_link_resolves_and_table_files_match_the_manifest(two_releases):
    outputs, first, second = two_releases
    page = parse(outputs / "index.html")
    hashes = manifest_hashes(outputs)
    external = [h for h in page.hrefs if re.match(r"^https?://", h)]
    assert set(external) <= {contract.licence()["url"]}, external   # the fixture's articles have no url
    files = [h for h in page.hrefs if not h.startswith("#") and h not in external]
    assert files, "no links"
    for link in files:
        assert not re.match(r"^[a-z]+:|^/", link), f"not relative: {link}"
        assert (outputs / unquote(link)).is_file(), link
    table_links = [h for h in files if h.endswith((".parquet", ".csv"))]
    assert len(table_links) == 2 * 2 * len(contract.TABLES)
    for link in table_links:
        assert sha256(outputs / link) == hashes[link]
    text = (outputs / "index.html").read_text()
    for link in table_links:
        assert hashes[link] in text
    anchors = set(re.findall(r'id="([^"]+)"', text))
    assert all(h[1:] in anchors for h in page.hrefs if h.startswith("#"))


def test_releases_are_listed_newest_first_with_rows_and_changes(two_releases):
    outputs, first, second = two_releases
    text = (outputs / "index.html").read_text()
    assert text.index(f'id="v-{second.version}"') < text.index(f'id="v-{first.version}"')
    section = text[text.index(f'id="v-{second.version}"'):text.index(f'id="v-{first.version}"')]
    assert "2026-01-02T03:05:05+00:00" in section
    assert re.search(r"<code>estimates</code></th><td class=\"num\">4</td><td class=\"num\">\+3</td>", section)
    assert re.search(r"<code>budgets</code></th><td class=\"num\">0</td><td class=\"num\">\+0</td>"
                     r"<td class=\"num\">−1</td>", section)
    assert "1 added, 0 changed, 0 removed" in section and "<code>d2.txt</code>" in section
    assert "First release." in text[text.index(f'id="v-{first.version}"'):]


def test_bundles_are_complete_deterministic_and_listed(two_releases):
    outputs, first, second = two_releases
    text = (outputs / "index.html").read_text()
    for pub in (first, second):
        bundle = outputs / "bundles" / f"{pub.version}.zip"
        assert sha256(bundle) in text and f"{bundle.stat().st_size} bytes" in text
        with zipfile.ZipFile(bundle) as zf:
            names = zf.namelist()
            assert names == sorted(names)
            assert {n.split("/", 1)[1] for n in names} == {p.name for p in pub.path.iterdir()}
            assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in zf.infolist())
            for name in names:
                assert zf.read(name) == (pub.path.parent / name).read_bytes()
        rebuilt = outputs / "again.zip"
        catalog.write_zip(pub.path, rebuilt)
        assert rebuilt.read_bytes() == bundle.read_bytes()


def test_catalog_is_deterministic_and_keeps_existing_bundles(two_releases):
    outputs, first, second = two_releases
    page = (outputs / "index.html").read_bytes()
    bundle = outputs / "bundles" / f"{first.version}.zip"
    mtime = bundle.stat().st_mtime_ns
    catalog.write_catalog(outputs)
    assert (outputs / "index.html").read_bytes() == page
    assert bundle.stat().st_mtime_ns == mtime
    assert not [p for p in outputs.rglob(".tmp-*")]


def test_newest_release_has_the_timeline_and_a_claims_chart(two_releases):
    outputs, first, second = two_releases
    text = (outputs / "index.html").read_text()
    newest = text[text.index('id="charts"'):text.index('id="browse"')]
    assert newest.count("<svg") == 2 and "Timeline of events" in newest
    # one chart per metric, unit and place: d1's claim (no place) is not drawn beside the three about VRAEM
    assert "drug_flights about VRAEM: 3 claims" in newest and "drug_flights in count per day: VRAEM" in newest
    for label in ("4–6", "8–10", "~4", "flight monitoring", "human intelligence", "d2"):
        assert label in newest
    for estimate_id in ("es_00000000000000a1", "es_00000000000000a2", "es_00000000000000a3"):
        assert f'href="#c-{estimate_id}"' in newest and f'id="c-{estimate_id}"' in newest  # point -> its quote
    assert parse(outputs / "index.html").svgs == 2


def without_own_scripts(text: str) -> str:
    """The row browser's page without the two scripts it means to have: its data and code."""
    data = re.search(r'<script type="application/json" id="rows-data">[^<]*</script>', text)
    assert data, "no row data"
    text = text.replace(data.group(0), "")
    code = f"<script>{catalog.SCRIPT}</script>"
    assert text.count(code) == 1
    return text.replace(code, "")


def test_article_text_is_escaped_everywhere(two_releases):
    outputs, first, second = two_releases
    text = (outputs / "index.html").read_text()
    assert "<script" not in text.lower()                    # the catalog runs no script at all
    assert html.escape(SCRIPT) in text                      # shown as text in the claims table
    assert f"Flights {html.escape(SCRIPT)}" in text         # the document title
    assert "Content-Security-Policy" in text and "script-src" not in text
    rows = (outputs / catalog.ROWS_NAME).read_text()
    assert "<script" not in without_own_scripts(rows).lower()
    assert "\\u003cscript\\u003e" in rows                   # in the row browser's JSON
    assert_only_own_scripts(rows)


class ScriptCollector(HTMLParser):
    """Each <script>'s attributes and raw body, and the page's Content-Security-Policy."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.scripts: list[tuple[dict, str]] = []
        self.csp = ""
        self._open = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self._open = True
            self.scripts.append((attrs, ""))
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp = attrs.get("content") or ""

    def handle_data(self, data):
        if self._open:
            attrs, body = self.scripts[-1]
            self.scripts[-1] = (attrs, body + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._open = False


def assert_only_own_scripts(page: str) -> None:
    """Only the row browser's own code may run: every executable script is allowed by its hash in the
    page's CSP (an injected one would not run), none is loaded from elsewhere, and the data block is
    JSON that cannot close its tag.
    """
    collector = ScriptCollector()
    collector.feed(page)
    policy = collector.csp.split("script-src", 1)
    assert len(policy) == 2 and "'sha256-" in policy[1] and "unsafe-inline" not in policy[1], collector.csp
    for attrs, body in collector.scripts:
        assert "src" not in attrs, attrs
        if attrs.get("type") == "application/json":
            assert "<" not in body and ">" not in body, body[:200]
            json.loads(body)
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        assert f"'sha256-{digest}'" in collector.csp, "a script the page's CSP does not allow"
        assert body == catalog.SCRIPT, "article text inside executable script"


@pytest.mark.parametrize("injected", [
    '<script>alert(1)</script>',
    '<script src="https://evil.example/x.js"></script>',
    '<script type="application/json">{"a": "</b>"}</script>',
])
def test_the_script_check_catches_what_it_should(two_releases, injected):
    outputs, _, _ = two_releases
    rows = (outputs / catalog.ROWS_NAME).read_text()
    with pytest.raises(AssertionError):
        assert_only_own_scripts(rows.replace("</main>", injected + "</main>"))


def test_labels_with_script_are_escaped_inside_svg(tmp_path):
    t = claims_tables()
    t["estimates"] = t["estimates"].assign(attributed_to=["x", SCRIPT + " & co", "$5 and $6", None])  # d1's first
    publish(tmp_path, t, NOW)
    text = catalog.write_catalog(tmp_path).read_text()
    svg = text[text.index("<svg", text.index("drug_flights")):]
    svg = svg[:svg.index("</svg>")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in svg
    assert "$5 and $6" in svg                               # dollar signs are text, not mathtext
    assert "<script" not in text.lower()
    assert "<script" not in without_own_scripts((tmp_path / catalog.ROWS_NAME).read_text()).lower()


def test_events_without_dates_are_skipped_and_no_releases_page(tmp_path):
    events = tables()["events"]
    assert catalog.events_timeline_svg(events.assign(date_start=pd.NaT, date_end=pd.NaT)) is None
    assert catalog.events_timeline_svg(events).startswith("<svg")
    page = catalog.write_catalog(tmp_path).read_text()
    assert "No releases yet." in page


def test_markdown_to_html_escapes_and_renders_tables():
    out = catalog.markdown_to_html("### `t`: <b>\n\n| a | b |\n|---|---|\n| `x` | **y** <i> |\n\n- **v**: `1`\n")
    assert out == ("<h3><code>t</code>: &lt;b&gt;</h3>\n<table><thead><tr><th>a</th><th>b</th></tr></thead>"
                   "<tbody><tr><td><code>x</code></td><td><strong>y</strong> &lt;i&gt;</td></tr></tbody></table>\n"
                   "<ul><li><strong>v</strong>: <code>1</code></li></ul>")
    dictionary = catalog.markdown_to_html(contract.data_dictionary_markdown())
    assert dictionary.count("<table>") == len(contract.TABLES) and "<th>meaning</th>" in dictionary


def test_changes_fall_back_to_the_manifest(tmp_path):
    first = release.publish(tables(), tmp_path, input_hashes={"a.txt": "0" * 64}, code_version="t", skipped=[], now=NOW)
    t = tables()
    t["budgets"] = t["budgets"].iloc[0:0]
    release.publish(t, tmp_path, input_hashes={"a.txt": "1" * 64}, code_version="t", skipped=[],
                    now=NOW + dt.timedelta(minutes=1),
                    extra={"changes_since_previous": {"added": [], "changed": ["a.txt"], "removed": []}})
    text = catalog.write_catalog(tmp_path).read_text()
    assert f"Since <a href=\"#v-{first.version}\">" in text and "0 added, 1 changed, 0 removed" in text


# --- the SVG charts ---------------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


def svg_root(markup: str) -> ET.Element:
    """The chart parsed as XML: it must be well-formed to be inlined."""
    root = ET.fromstring(markup)
    assert root.tag == f"{SVG}svg"
    return root


def row_labels(root: ET.Element) -> list[str]:
    """The labels at the left, top to bottom."""
    group = next(g for g in root.iter(f"{SVG}g") if g.get("text-anchor") == "end")
    return [t.text for t in group.iter(f"{SVG}text")]


def tick_labels(root: ET.Element) -> list[str]:
    group = next(g for g in root.iter(f"{SVG}g") if g.get("text-anchor") == "middle")
    return [t.text for t in group.iter(f"{SVG}text")]


def test_number_ticks_are_round_and_cover_the_span():
    assert svgcharts.number_ticks(3, 4, 8) == [3.0, 3.2, 3.4, 3.6, 3.8, 4.0]
    assert svgcharts.number_ticks(-74, 53, 8) == [-80, -60, -40, -20, 0, 20, 40, 60]
    assert svgcharts.number_ticks(150, 1199, 4) == [0, 500, 1000, 1500]
    assert svgcharts.number_ticks(0.001, 0.0042, 4) == [0, 0.002, 0.004, 0.006]
    assert svgcharts.number_ticks(5, 5, 3) == [4.5, 5.0, 5.5]      # one value: widened around it
    for low, high, most in [(0.3, 0.7, 5), (1, 1e6, 8), (-3.3, -1.1, 10)]:
        ticks = svgcharts.number_ticks(low, high, most)
        assert 2 <= len(ticks) <= most and ticks[0] <= low and ticks[-1] >= high
        steps = {round(b - a, 9) for a, b in zip(ticks, ticks[1:])}
        assert len(steps) == 1 and f"{steps.pop():e}"[0] in "125"


def test_date_ticks_use_years_for_long_spans_and_months_or_days_for_short_ones():
    ticks = svgcharts.date_ticks(dt.date(1994, 1, 1), dt.date(2026, 12, 23), 10)
    assert [label for _, label in ticks] == ["1990", "1995", "2000", "2005", "2010", "2015", "2020", "2025", "2030"]
    assert all(d.month == d.day == 1 for d, _ in ticks)
    ticks = svgcharts.date_ticks(dt.date(2020, 2, 10), dt.date(2022, 7, 1), 8)
    assert [label for _, label in ticks] == ["Jan 2020", "Jul 2020", "Jan 2021", "Jul 2021", "Jan 2022", "Jul 2022"]
    assert [label for _, label in svgcharts.date_ticks(dt.date(2013, 1, 1), dt.date(2014, 1, 1), 4)] == [
        "Jan 2013", "Jul 2013", "Jan 2014"]
    assert [label for _, label in svgcharts.date_ticks(dt.date(2024, 3, 5), dt.date(2024, 3, 6))] == [
        "5 Mar 2024", "6 Mar 2024"]


def test_chart_text_is_escaped_and_the_svg_scales():
    label = SCRIPT + " & co"
    markup = svgcharts.ranges_svg(f"t {label}", [svgcharts.Range(label, 1, 2, 3, "<b>"),
                                                  svgcharts.Range("q'\"", 2, 2, 2, "2")])
    assert markup.startswith("<svg") and markup.endswith("</svg>")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in markup and "&lt;b&gt;" in markup
    assert "<script" not in markup and "<b>" not in markup
    root = svg_root(markup)
    assert row_labels(root) == [label, "q'\""]
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert root.get("font-family") == "sans-serif" and root.get("width") == "800"
    timeline = svgcharts.timeline_svg("t", [(label, [(dt.date(2020, 1, 1), dt.date(2020, 1, 2))])])
    assert row_labels(svg_root(timeline)) == [label]


def test_charts_are_deterministic():
    t = claims_tables()
    first = catalog.events_timeline_svg(t["events"])
    assert first == catalog.events_timeline_svg(t["events"].copy())
    (key, group), = catalog.compared_estimates(t["estimates"])
    assert catalog.estimates_chart_svg(key, group) == catalog.estimates_chart_svg(key, group.copy())
    assert not re.search(r'\bid="|20\d\d-\d\d-\d\dT', first + catalog.estimates_chart_svg(key, group))


def test_one_row_per_event_type_and_per_claim():
    events = tables()["events"]
    template = events.iloc[0].to_dict()
    many = [template | {"event_id": f"ev_{i:04d}", "event_type": event_type, "date_end": None,
                        "date_start": f"20{10 + i % 10}-0{1 + i % 9}-01"}
            for i, event_type in enumerate(["arrest"] * 1000 + ["made_up_type"] * 3)]
    frame = pd.DataFrame([*events.to_dict("records"), *many,
                          template | {"event_id": "ev_undated", "date_start": None, "date_end": None}])
    root = svg_root(catalog.events_timeline_svg(frame))
    types = catalog.event_types_present(frame[frame["date_start"].notna()])
    assert row_labels(root) == types and types[-1] == "made_up_type"
    assert root.find(f"{SVG}title").text == f"Events by type ({len(frame) - 1} dated of {len(frame)})"
    bars = next(g for g in root.iter(f"{SVG}g") if g.get("stroke-opacity"))
    assert len(bars) <= catalog.charts.MAX_TIMELINE_EVENTS + len(events) + 3     # 1000 arrests thinned
    assert all(re.fullmatch(r"20\d\d", label) or re.fullmatch(r"[A-Z][a-z]{2} 20\d\d", label)
               for label in tick_labels(root))

    (key, group), = catalog.compared_estimates(claims_tables()["estimates"])
    root = svg_root(catalog.estimates_chart_svg(key, group))
    claims = sorted(group.to_dict("records"), key=lambda r: (catalog.claim_source(r), r["value_low"]))
    assert row_labels(root) == [catalog.short(f"{catalog.claim_source(r)}: {r['subject']}") for r in claims]
    assert len(row_labels(root)) == len(group) == 3          # the three about VRAEM; d1's has no place
    assert root.find(f"{SVG}title").text == "drug_flights in count per day: VRAEM"
    assert {t.text for t in root.iter(f"{SVG}text")} >= {"4–6", "8–10", "~4"}
    assert all(re.fullmatch(r"-?[\d,]+(\.\d+)?", label) for label in tick_labels(root))


# --- in a browser ----------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.e2e
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_catalog_in_chromium(two_releases):
    from playwright.sync_api import sync_playwright

    outputs, first, second = two_releases
    dialogs: list[str] = []
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                          "--disable-component-update", "--no-first-run"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("request", lambda r: requests.append(r.url))
            page.goto((outputs / "index.html").as_uri())
            page.wait_for_load_state("load")
            assert page.locator("svg").count() == 2
            assert page.evaluate("document.scripts.length") == 0    # the catalog runs no script
            links = page.eval_on_selector_all(   # an SVG link's href is no string: resolve the attribute
                "a[href]", "els => els.map(e => [e.getAttribute('href'), new URL(e.getAttribute('href'), document.baseURI).href])")
            REPO_ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(REPO_ARTIFACTS / "catalog.png"), full_page=True)
        finally:
            browser.close()
    assert dialogs == []
    assert requests and all(url.startswith("file://") for url in requests), requests
    base = (outputs / "index.html").as_uri()
    for raw, absolute in links:
        if raw == contract.licence()["url"]:
            continue
        if raw.startswith("#"):
            assert absolute.startswith(base + "#")
            continue
        assert absolute.startswith("file://"), absolute
        assert Path(unquote(absolute.removeprefix("file://"))).is_file(), raw
    assert len([r for r, _ in links if r.endswith(".parquet")]) == 2 * len(contract.TABLES)


# --- the CLI ---------------------------------------------------------------------------

def test_cli_releases_lists_newest_first(two_releases, capsys):
    outputs, first, second = two_releases
    main(["releases", "--outputs-dir", str(outputs)])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["version", "created", *contract.TABLES]
    assert lines[1].split() == [second.version, "2026-01-02T03:05:05+00:00", "2", "1", "4", "0", "(latest)"]
    assert lines[2].split() == [first.version, "2026-01-02T03:04:05+00:00", "1", "1", "1", "1"]
    assert len(lines) == 3


def test_cli_releases_without_releases(tmp_path, capsys):
    main(["releases", "--outputs-dir", str(tmp_path)])
    assert "no releases" in capsys.readouterr().out


@pytest.mark.parametrize("version_of", [lambda f, s: "latest", lambda f, s: s.version])
@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_cli_export_copies_the_file(two_releases, tmp_path, capsys, version_of, fmt):
    outputs, first, second = two_releases
    target = tmp_path / "out" / f"x.{fmt}"
    main(["export", "--version", version_of(first, second), "--table", "estimates", "--format", fmt,
          "--to", str(target), "--outputs-dir", str(outputs)])
    assert target.read_bytes() == (second.path / f"estimates.{fmt}").read_bytes()
    assert str(target) in capsys.readouterr().out


def test_cli_export_into_a_folder_and_an_old_version(two_releases, tmp_path):
    outputs, first, second = two_releases
    main(["export", "--version", first.version, "--table", "budgets", "--format", "csv",
          "--to", str(tmp_path), "--outputs-dir", str(outputs)])
    assert (tmp_path / "budgets.csv").read_bytes() == (first.path / "budgets.csv").read_bytes()


@pytest.mark.parametrize("args, message", [
    (["--version", "2020-01-01T000000Z-deadbeef", "--table", "events", "--format", "csv"], "unknown version"),
    (["--version", "../releases", "--table", "events", "--format", "csv"], "unknown version"),
    (["--version", "latest", "--table", "nope", "--format", "csv"], "nope"),
    (["--version", "latest", "--table", "events", "--format", "xlsx"], "xlsx"),
])
def test_cli_export_rejects_unknown_names(two_releases, tmp_path, capsys, args, message):
    outputs, *_ = two_releases
    with pytest.raises(SystemExit) as exit_info:
        main(["export", *args, "--to", str(tmp_path / "x"), "--outputs-dir", str(outputs)])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_cli_export_without_any_release(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "--version", "latest", "--table", "events", "--format", "csv", "--to", str(tmp_path / "x"),
              "--outputs-dir", str(tmp_path / "empty")])
    assert exit_info.value.code == 2 and "no releases" in capsys.readouterr().err


def test_manifest_json_is_what_the_page_shows(two_releases):
    outputs, first, second = two_releases
    package = json.loads((second.path / "datapackage.json").read_text())
    text = (outputs / "index.html").read_text()
    assert all(r["hash"].removeprefix("sha256:") in text for r in package["resources"])


def test_row_browser_embeds_the_newest_rows_and_says_when_it_caps_them(two_releases, monkeypatch):
    outputs, first, second = two_releases
    text = (outputs / catalog.ROWS_NAME).read_text()
    data = json.loads(re.search(r'<script type="application/json" id="rows-data">([^<]*)</script>', text).group(1))
    assert {t: len(d["rows"]) for t, d in data["tables"].items()} == {"estimates": 4, "events": 1, "budgets": 0}
    row = next(r for r in data["tables"]["estimates"]["rows"] if r[0] == "es_00000000000000a3")
    assert row[3] == CLAIMS_TEXT.split(". ")[2] and row[4] == "d2" and data["docs"]["d2"][0] == f"Flights {SCRIPT}"
    assert "Only part of a large table" not in text
    monkeypatch.setattr(catalog.rows, "MAX_BROWSER_ROWS", 2)   # the module that reads it
    catalog.write_catalog(outputs)
    capped = (outputs / catalog.ROWS_NAME).read_text()
    assert "Only part of a large table is in this page (estimates: the first 2 of 4)" in capped
