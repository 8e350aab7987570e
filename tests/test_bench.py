"""The benchmark as a smoke test: ``benchmarks/bench.py --docs 200`` runs and reports, no timing asserted.

A batch size of 50 makes the full build fan out over several batches in
several processes, and the rebuild after one edit run in one: both paths of
the command-line executor choice are exercised.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
KEYS = {"docs", "noop_s", "seed_build_s", "full_s", "incremental_s", "docs_per_s", "peak_rss_mb"}


@pytest.mark.slow
def test_bench_smoke_200_docs():
    env = {**os.environ, "PIPELINE_BATCH_SIZE": "50"}
    env.pop("DAGSTER_HOME", None)
    out = subprocess.run([sys.executable, "benchmarks/bench.py", "--docs", "200", "--sample", "50"], cwd=REPO,
                         env=env, capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-4000:]
    lines = out.stdout.strip().splitlines()
    result = json.loads(lines[-1])
    assert set(result) == KEYS | {"targets"}
    assert result["docs"] == 200
    assert all(result[k] > 0 for k in KEYS)
    assert set(result["targets"]) == {"full build <= 480 s", "rebuild <= 2x no-op", "peak RSS <= 1536 MB"}
    assert all(isinstance(v, bool) for v in result["targets"].values())
    assert any(line.startswith("full build (200 articles)") for line in lines)
