"""The catalog page in Chromium, as a data user opens it: from a static HTTP server over a built outputs folder.

The outputs folder holds two releases of the real articles in raw/ (the pipeline's own extraction): the
older one lacks an article and has one edited figure, so the newest shows added and changed rows. At a
desktop (1280 px) and a phone (390 px) width the test

- downloads every file the page offers (each table as Parquet and CSV, the zip) over HTTP and checks its
  SHA-256 against the one on the page and the one in the manifest;
- follows the link to the row browser (rows.html) and filters it: a query makes the row count drop and
  every visible row matches it;
- finds no horizontal overflow (``document.scrollWidth <= innerWidth``) on either page;
- saves the screenshots the README shows, docs/img/catalog-{desktop,phone}.png and
  docs/img/rows-{desktop,phone}.png.

Skipped only when /usr/bin/chromium is missing.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import subprocess
import sys
import threading
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest

from pipeline import contract
from pipeline.publish import catalog, changes, release

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
SCREENSHOTS = REPO / "docs" / "img"
NOW = dt.datetime(2026, 3, 1, 9, 0, 0, tzinfo=dt.timezone.utc)
WIDTHS = {"desktop": (1280, 1000), "phone": (390, 844)}
QUERY = "vraem"

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")]


def _real_tables(tmp: Path) -> dict[str, pd.DataFrame]:
    """The tables the pipeline extracts from raw/, built by the release command into a scratch folder."""
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    result = subprocess.run([sys.executable, "-m", "pipeline", "release", "--quiet", "--raw-dir", str(REPO / "raw"),
                             "--outputs-dir", str(tmp / "scratch"), "--cache-dir", str(tmp / "cache")],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    folder = Path(result.stdout.strip().splitlines()[-1])
    return {t: contract.frame(t, pd.read_parquet(folder / f"{t}.parquet")) for t in contract.TABLES}


def _older(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The same without the last article, and with the first estimate's figure one higher."""
    last = sorted(tables["documents"]["doc_id"])[-1]
    older = {t: df[df["doc_id"] != last].reset_index(drop=True) for t, df in tables.items()}
    estimates = older["estimates"].copy()
    for column in ("value", "value_low", "value_high"):
        estimates.loc[0, column] += 1
    older["estimates"] = estimates
    return older


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("catalog")
    tables = _real_tables(tmp)
    out = tmp / "outputs"
    for i, t in enumerate((_older(tables), tables)):
        release.publish(t, out, input_hashes={"raw": str(i) * 64}, code_version="e2e", skipped=[],
                        now=NOW + dt.timedelta(hours=i), after_write=changes.write_changes)
    catalog.write_catalog(out)
    return out


@pytest.fixture(scope="module")
def server(outputs):
    """A plain static HTTP server over the outputs folder, as object storage or any web host would serve it."""
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(outputs)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def manifest_hashes(outputs: Path) -> dict[str, str]:
    """Path under outputs/ -> sha256, from every release's datapackage.json and every zip's .sha256 file."""
    hashes = {}
    for folder in release.list_releases(outputs):
        for res in release.read_package(folder)["resources"]:
            hashes[f"releases/{folder.name}/{res['path']}"] = res["hash"].removeprefix("sha256:")
        sidecar = catalog.bundle_path(outputs, folder.name).with_suffix(".zip.sha256")
        hashes[f"bundles/{folder.name}.zip"] = sidecar.read_text().split()[0]
    return hashes


@pytest.mark.parametrize("name", list(WIDTHS))
def test_catalog_page(outputs, server, browser, name):
    width, height = WIDTHS[name]
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto(f"{server}/index.html")
        page.wait_for_load_state("load")
        newest = release.latest_release(outputs).name

        # the top: the newest release, its downloads, licence and citation, before anything else
        top = page.locator("#download")
        assert newest in top.locator("h2").inner_text()
        assert contract.licence()["name"] in top.inner_text() and newest in page.locator("#citation").inner_text()
        assert page.evaluate("document.querySelector('#download').getBoundingClientRect().top") < height

        # every download: fetched over HTTP, hashed, compared with the page and the manifest
        downloads = page.eval_on_selector_all(
            "a[data-sha256]", "els => els.map(e => [e.getAttribute('href'), e.href, e.dataset.sha256])")
        manifest = manifest_hashes(outputs)
        offered = {raw for raw, _, _ in downloads}
        assert len(downloads) == 2 * len(contract.TABLES) + 1
        assert {f"releases/{newest}/{t}.{fmt}" for t in contract.TABLES for fmt in ("parquet", "csv")} \
            | {f"bundles/{newest}.zip"} <= offered
        for raw, absolute, shown in downloads:
            assert absolute.startswith(server + "/"), absolute
            with urllib.request.urlopen(absolute, timeout=30) as response:
                digest = hashlib.sha256(response.read()).hexdigest()
            assert digest == shown == manifest[raw], raw
            assert shown in page.locator("#download").inner_text()      # the hash is shown, not only an attribute

        # the charts: every SVG is labelled; each estimate point links to a row with its quote
        for label in page.eval_on_selector_all("svg", "els => els.map(e => e.getAttribute('aria-label'))"):
            assert label
        targets = page.eval_on_selector_all("svg a[href^='#c-']", "els => els.map(e => e.getAttribute('href'))")
        assert targets
        for target in targets:
            assert page.locator(f"[id='{target[1:]}'] q").count() == 1

        # the changes: the newest release lists its changed row old -> new
        changed = page.locator(f"[id='v-{newest}'] ul.changed li").first
        assert changed.locator(".old").count() and changed.locator(".new").count()

        # accessible markup: landmarks, labelled controls, table headers
        assert page.locator("header").count() == 1 and page.locator("main").count() == 1
        assert page.locator("nav").count() == 1 and page.locator("footer").count() == 1
        assert page.evaluate("document.scripts.length") == 0          # the catalog itself runs no script

        # no sideways scrolling
        overflow = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert overflow[0] <= overflow[1], overflow
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(SCREENSHOTS / f"catalog-{name}.png"))

        # the row browser, a page of its own linked from the catalog
        page.get_by_role("link", name="Open the row browser").click()
        page.wait_for_load_state("load")
        assert page.url == f"{server}/{catalog.ROWS_NAME}" and newest in page.locator("h2").first.inner_text()
        # the row browser: a query makes the count drop, and every row left matches it
        rows = page.locator("#rb-rows tbody tr")
        before = page.locator("#rb-count").inner_text()
        total = int(before.split()[0])
        assert total > 0 and rows.count() == min(total, 20)
        page.get_by_label("search", exact=True).fill(QUERY)
        page.wait_for_function("n => !document.querySelector('#rb-count').textContent.startsWith(n + ' ')", arg=total)
        after = int(page.locator("#rb-count").inner_text().split()[0])
        assert 0 < after < total
        assert rows.count() == min(after, 20)
        for text in rows.all_inner_texts():
            assert QUERY in text.lower(), text
        assert all(rows.nth(i).locator("q").count() == 1 for i in range(rows.count()))  # each row: its quote
        page.get_by_label("table", exact=True).select_option("events")
        assert int(page.locator("#rb-count").inner_text().split()[0]) > 0
        for text in rows.all_inner_texts():
            assert QUERY in text.lower(), text
        page.get_by_label("search", exact=True).fill("")
        page.get_by_label("table", exact=True).select_option("estimates")

        for control in ("#rb-table", "#rb-kind", "#rb-q"):
            assert page.locator(f"label[for='{control[1:]}']").count() == 1
        assert page.locator("#rb-rows thead th[scope=col]").count() >= 3
        assert page.locator("header").count() == 1 and page.locator("main").count() == 1

        # no sideways scrolling with the row browser filled in
        page.get_by_label("search", exact=True).fill(QUERY)
        overflow = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert overflow[0] <= overflow[1], overflow
        page.screenshot(path=str(SCREENSHOTS / f"rows-{name}.png"))
    finally:
        page.close()
    assert errors == []
    assert all(url.startswith(server) for url in requests), [u for u in requests if not u.startswith(server)]
