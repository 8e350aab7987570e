"""End to end: the real ``dagster dev``, driven from Chromium, then left alone.

1. ``dagster dev -w workspace.yaml`` starts with a private DAGSTER_HOME, a
   copy of raw/, an empty outputs folder and a 5 s sensor interval.
2. From the global asset lineage page, "Materialize all" launches a run; the
   test waits for that run to succeed and for a release to appear.
3. A new article is dropped into the raw folder and nothing else is done:
   the daemon's sensor must notice it and publish a release that contains it.

Screenshots of each step and the server's log go to test-artifacts/e2e/.
Skipped only when /usr/bin/chromium is missing.
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import requests

from pipeline.publish.release import list_releases

REPO = Path(__file__).resolve().parents[2]
DAGSTER = REPO / ".venv" / "bin" / "dagster"
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts" / "e2e"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]

SERVER_START_TIMEOUT_S = 90
UI_RUN_TIMEOUT_S = 150
SENSOR_RELEASE_TIMEOUT_S = 180
STOP_TIMEOUT_S = 30

NEW_ARTICLE_NAME = "005_ucayali_airstrips.txt"
NEW_DOC_ID = "005_ucayali_airstrips"
NEW_ARTICLE = """Police destroy a dozen clandestine airstrips in Ucayali

Peruvian police destroyed 12 airstrips in Ucayali on March 3, 2015, the Interior Ministry said in a statement.

The runways, cut into the forest near the border with Brazil, were used by small planes that carry cocaine paste to Bolivia, according to the anti-drug police.

Officers said each plane carries some 300 kilos of cocaine and that traffickers rebuild a destroyed runway within weeks.

The government plans to spend $20 million on radar coverage of the region over the next three years.
"""

RUNS_QUERY = """
query Runs {
  runsOrError {
    __typename
    ... on Runs { results { runId status tags { key value } } }
  }
}
"""

pytestmark = pytest.mark.e2e


@dataclass
class Server:
    url: str
    raw: Path
    outputs: Path
    staging: Path
    log: Path
    process: subprocess.Popen


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _log_tail(path: Path, chars: int = 4000) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-chars:]
    except OSError:
        return ""


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM to the server's whole process group, then SIGKILL whatever is left after 30 s."""
    pgid = process.pid   # start_new_session: the server leads its own group
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT_S
    while time.monotonic() < deadline:
        process.poll()   # reap the leader, or it counts as alive
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            break        # the group is empty: everything exited
        time.sleep(0.5)
    else:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


def _wait_until_up(server: Server) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"dagster dev exited with {server.process.returncode}:\n{_log_tail(server.log)}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{server.url}/server_info", timeout=2).ok:
                return
        time.sleep(1)
    pytest.fail(f"dagster dev did not answer /server_info within {SERVER_START_TIMEOUT_S} s:\n{_log_tail(server.log)}")


@pytest.fixture
def dagster_dev(tmp_path: Path):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    raw, outputs, cache, staging = tmp_path / "raw", tmp_path / "outputs", tmp_path / "cache", tmp_path / "staging"
    shutil.copytree(REPO / "raw", raw)
    for folder in (outputs, cache, staging):
        folder.mkdir()
    env = {**os.environ, "DAGSTER_HOME": str(home), "PIPELINE_RAW_DIR": str(raw),
           "PIPELINE_OUTPUTS_DIR": str(outputs), "PIPELINE_CACHE_DIR": str(cache),
           "PIPELINE_SENSOR_INTERVAL_S": "5"}
    port = _free_port()
    log = ARTIFACTS / "dagster-dev.log"
    with log.open("w", encoding="utf-8") as log_fh:
        process = subprocess.Popen(
            [str(DAGSTER), "dev", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)],
            cwd=REPO, env=env, stdout=log_fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)
    server = Server(f"http://127.0.0.1:{port}", raw, outputs, staging, log, process)
    try:
        _wait_until_up(server)
        yield server
    finally:
        _stop(process)


# --- reading the server and the outputs ---------------------------------------------

def _runs(server: Server) -> list[dict]:
    response = requests.post(f"{server.url}/graphql", json={"query": RUNS_QUERY}, timeout=10)
    response.raise_for_status()
    payload = response.json()["data"]["runsOrError"]
    assert payload["__typename"] == "Runs", payload
    return [{"id": r["runId"], "status": r["status"], "tags": {t["key"]: t["value"] for t in r["tags"]}}
            for r in payload["results"]]


def _wait_for_run(server: Server, run_id: str, timeout_s: float) -> dict:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        run = next((r for r in _runs(server) if r["id"] == run_id), None)
        if run and run["status"] == "SUCCESS":
            return run
        if run and run["status"] in ("FAILURE", "CANCELED"):
            pytest.fail(f"run {run_id} ended {run['status']}:\n{_log_tail(server.log, 8000)}")
        time.sleep(2)
    pytest.fail(f"run {run_id} did not succeed within {timeout_s} s:\n{_log_tail(server.log, 8000)}")


def _doc_ids(release: Path) -> set[str]:
    return set(pq.read_table(release / "documents.parquet", columns=["doc_id"]).column("doc_id").to_pylist())


def _release_with(outputs: Path, doc_id: str) -> Path | None:
    for release in reversed(list_releases(outputs)):
        with contextlib.suppress(OSError, ValueError):   # a reader may race a publisher: retry next poll
            if doc_id in _doc_ids(release):
                return release
    return None


# --- the test -------------------------------------------------------------------------

def test_materialize_from_ui_then_sensor_publishes_new_article(dagster_dev: Server):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect, sync_playwright

    server = dagster_dev
    started = time.monotonic()
    timings: dict[str, float] = {}

    def shot(page, name: str, settle_on=None) -> None:
        """A screenshot once the page has (probably) finished loading: screenshots are evidence, not checks."""
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_load_state("networkidle", timeout=5_000)
        if settle_on is not None:
            with contextlib.suppress(PlaywrightTimeout):
                settle_on.first.wait_for(state="visible", timeout=10_000)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.set_default_timeout(30_000)
            # The first-visit "Join the Dagster community" dialog: dismissed whenever it shows up.
            page.add_locator_handler(page.get_by_role("button", name=re.compile(r"^\s*Skip\s*$")),
                                     lambda skip: skip.click())

            # 1. the global asset lineage, with every asset of the pipeline
            page.goto(f"{server.url}/asset-groups")
            materialize = page.get_by_role("button", name=re.compile(r"Materialize( all)?\s*$"))
            expect(materialize).to_be_visible(timeout=60_000)
            # one group, so the lineage opens on the assets themselves, not on collapsed groups
            for asset in ("raw_articles", "documents", "events", "estimates", "budgets", "release"):
                expect(page.get_by_text(asset, exact=True).first).to_be_visible()
            shot(page, "01-asset-lineage", settle_on=page.get_by_text(re.compile(r"Never materialized|Materialized")))

            # 2. launch a materialization of everything from the UI
            materialize.click()
            expect(page.get_by_text(re.compile(r"Launched run"))).to_be_visible(timeout=60_000)
            view = page.locator("a[href*='/runs/']").filter(has_text=re.compile(r"View"))
            href = view.first.get_attribute("href")
            shot(page, "02-run-launched")
            run_id = re.search(r"/runs/([0-9a-f-]{36})", href or "").group(1)
            assert any(r["id"] == run_id and r["tags"].get("dagster/from_ui") == "true" for r in _runs(server))

            # 3. the run succeeds and a release appears
            page.goto(f"{server.url}/runs/{run_id}")
            _wait_for_run(server, run_id, UI_RUN_TIMEOUT_S)
            timings["ui_run"] = time.monotonic() - started
            page.reload()
            expect(page.get_by_text(re.compile(r"^Success$")).first).to_be_visible(timeout=30_000)
            shot(page, "03-ui-run-succeeded", settle_on=page.get_by_text("RUN_SUCCESS"))
            first_releases = list_releases(server.outputs)
            assert first_releases, "the UI run succeeded but published no release"
            assert all(NEW_DOC_ID not in _doc_ids(r) for r in first_releases)

            # 4. a new article arrives; nobody touches anything
            staged = server.staging / NEW_ARTICLE_NAME
            staged.write_text(NEW_ARTICLE, encoding="utf-8")
            os.replace(staged, server.raw / NEW_ARTICLE_NAME)   # atomic: the sensor never sees half a file
            dropped = time.monotonic()
            deadline = dropped + SENSOR_RELEASE_TIMEOUT_S
            release = None
            while release is None and time.monotonic() < deadline:
                if server.process.poll() is not None:
                    pytest.fail(f"dagster dev died:\n{_log_tail(server.log)}")
                failed = [r for r in _runs(server) if r["status"] == "FAILURE"]
                assert not failed, f"a run failed: {failed}\n{_log_tail(server.log, 8000)}"
                release = _release_with(server.outputs, NEW_DOC_ID)
                if release is None:
                    time.sleep(2)
            timings["sensor_release"] = time.monotonic() - dropped
            if release is None:
                shot(page, "04-runs-no-release")
            assert release is not None, (f"no release with {NEW_DOC_ID} within {SENSOR_RELEASE_TIMEOUT_S} s:\n"
                                         f"{_log_tail(server.log, 8000)}")
            assert release not in first_releases

            # the release came from the sensor, for the folder with the new article, not from a button
            from pipeline.defs.automation import raw_digest
            digest = raw_digest(server.raw)[0][:16]
            sensor_runs = [r for r in _runs(server) if r["tags"].get("dagster/sensor_name") == "raw_folder_sensor"
                           and r["tags"].get("raw_digest") == digest]
            assert len(sensor_runs) == 1, _runs(server)
            _wait_for_run(server, sensor_runs[0]["id"], 60)
            from_ui = [r for r in _runs(server) if r["tags"].get("dagster/from_ui") == "true"]
            assert [r["id"] for r in from_ui] == [run_id]

            # the runs page lists it, launched by the sensor; the sensor's page shows the tick
            short = sensor_runs[0]["id"][:8]
            page.goto(f"{server.url}/runs")
            expect(page.get_by_role("link", name=re.compile(rf"\b{short}\b")).first).to_be_visible(timeout=30_000)
            expect(page.get_by_role("link", name=re.compile(r"^raw_folder_sensor$")).first).to_be_visible()
            shot(page, "04-runs-after-new-article")
            page.goto(f"{server.url}/runs/{sensor_runs[0]['id']}")
            expect(page.get_by_text(re.compile(r"^Success$")).first).to_be_visible(timeout=30_000)
            shot(page, "05-sensor-run-succeeded", settle_on=page.get_by_text("RUN_SUCCESS"))
            page.goto(f"{server.url}/runs")
            page.get_by_role("link", name=re.compile(r"^raw_folder_sensor$")).first.click()
            expect(page.get_by_text(re.compile(r"raw_folder_sensor")).first).to_be_visible(timeout=30_000)
            shot(page, "06-sensor", settle_on=page.get_by_text(re.compile(r"requested", re.I)))
        finally:
            browser.close()

    timings["total"] = time.monotonic() - started
    (ARTIFACTS / "timings.txt").write_text("".join(f"{k}: {v:.1f} s\n" for k, v in timings.items()), encoding="utf-8")
    print("e2e timings:", {k: round(v, 1) for k, v in timings.items()})
