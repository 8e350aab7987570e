"""Faults while publishing: a killed run, a write error, a failing check, two runs at once.

After each, no partial release is visible, ``latest`` is where it was (or on a
complete release), and the next run succeeds.
"""
from __future__ import annotations

import errno
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import run_release
from pipeline.publish import release

from .articles import article
from .helpers import (
    REPO,
    assert_outputs_consistent,
    assert_release_complete,
    cli_args,
    hidden_temporaries,
    last_line,
    latest_target,
    releases_root,
    run_pipeline,
    start_cli,
    stderr_of,
    subprocess_env,
    visible_entries,
)

START_TIMEOUT_S = 180


def state(outputs: Path) -> tuple[set[str], str | None]:
    return visible_entries(outputs), latest_target(outputs)


def add_article(raw: Path, n: int = 0) -> None:
    """New content, so that the next run publishes a new release."""
    (raw / f"new-article-{n}.txt").write_text(article(n), encoding="utf-8")


def wait_for(marker: Path, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while not marker.exists():
        if proc.poll() is not None:
            pytest.fail(f"the run ended ({proc.returncode}) before the hook:\n{stderr_of(log).read_text()[-3000:]}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the run never reached the publishing hook")
        time.sleep(0.05)


def error_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("error:")]


# --- SIGKILL while publishing ---------------------------------------------------------

@pytest.mark.parametrize("hook", ["stall-mid-write", "stall-before-latest"])
def test_sigkill_while_publishing_leaves_no_partial_release(published, tmp_path, hook):
    before_entries, before_latest = state(published.outputs)
    add_article(published.raw)
    marker, log = tmp_path / "in-publish", tmp_path / "killed.log"
    proc = start_cli(published.raw, published.outputs, published.cache, log, hook=hook, marker=marker)
    wait_for(marker, proc, log)
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait(timeout=60) == -signal.SIGKILL

    entries, latest = state(published.outputs)
    assert latest == before_latest, "latest moved although the run was killed"
    added = entries - before_entries
    if hook == "stall-mid-write":
        assert added == set(), f"a partial release is visible: {added}"
    else:
        # Killed after the atomic rename: the folder is visible only because it is complete.
        assert len(added) == 1
        interrupted = next(iter(added))
        assert_release_complete(releases_root(published.outputs) / interrupted)
    for name in os.listdir(releases_root(published.outputs)):
        assert name in entries or name.startswith("."), name

    run = run_pipeline(published.raw, published.outputs, published.cache)
    assert run.success, run.failures
    latest_now = assert_outputs_consistent(published.outputs)   # also: no .tmp-* left
    leftovers = {n for n in os.listdir(releases_root(published.outputs)) if n.startswith(".")}
    assert leftovers <= {release.LOCK_NAME}, f"the next run left the killed run's files: {leftovers}"
    assert latest_now == run.release and latest_now.name != before_latest
    documents = pd.read_parquet(latest_now / "documents.parquet")
    assert "new-article-0" in set(documents["doc_id"])
    if hook == "stall-before-latest":
        # The same content is not published twice: the next run finishes the interrupted publication.
        assert latest_now.name == interrupted
        assert visible_entries(published.outputs) == entries


# --- write errors ---------------------------------------------------------------------

def assert_failed_cleanly(ws, before, err: str, *needles: str) -> None:
    lines = error_lines(err)
    assert any("could not publish" in line and all(n in line for n in needles) for line in lines), lines
    assert any("nothing was published" in line for line in lines), lines
    assert state(ws.outputs) == before, "a release appeared or latest moved"
    assert hidden_temporaries(ws.outputs) == [], "a partial folder was left behind"


def unprivileged_prefix() -> list[str] | None:
    """A command prefix under which file permissions apply (root ignores them); None if unavailable."""
    if os.geteuid() != 0:
        return []
    unshare = shutil.which("unshare")
    if unshare is None:
        return None
    prefix = [unshare, "--user", "--map-user=1000", "--map-group=1000"]
    probe = subprocess.run(prefix + ["true"], capture_output=True)
    return prefix if probe.returncode == 0 else None


def test_read_only_target_fails_with_a_clear_message(published, tmp_path):
    prefix = unprivileged_prefix()
    if prefix is None:
        pytest.skip("running as root without user namespaces: permissions cannot be enforced")
    add_article(published.raw)
    before = state(published.outputs)
    root = releases_root(published.outputs)
    os.chmod(root, 0o555)
    try:
        command = [sys.executable, "-m", "pipeline", *cli_args(published.raw, published.outputs, published.cache)]
        result = subprocess.run(prefix + command,
                                cwd=REPO, env=subprocess_env(TMPDIR=str(tmp_path)), capture_output=True, text=True,
                                timeout=600)
    finally:
        os.chmod(root, 0o755)
    assert result.returncode == 1, result.stdout[-2000:] + result.stderr[-3000:]
    assert_failed_cleanly(published, before, result.stderr, "Permission denied", str(root))
    # The next run, with the folder writable again, publishes.
    assert run_pipeline(published.raw, published.outputs, published.cache).success
    assert_outputs_consistent(published.outputs)


def test_file_size_limit_while_writing_fails_with_a_clear_message(published, monkeypatch, capsys):
    """A real write error from the kernel: EFBIG once a table file passes RLIMIT_FSIZE."""
    add_article(published.raw)
    before = state(published.outputs)
    original = release.write_tables

    def write_tables_under_a_small_file_limit(tables, folder):
        soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, hard))   # Python ignores SIGXFSZ: writes fail with EFBIG
        try:
            return original(tables, folder)
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))

    monkeypatch.setattr(release, "write_tables", write_tables_under_a_small_file_limit)
    with pytest.raises(SystemExit) as exc:
        run_release(str(published.raw), str(published.outputs), str(published.cache))
    assert exc.value.code == 1
    assert_failed_cleanly(published, before, capsys.readouterr().err, os.strerror(errno.EFBIG))


def test_full_disk_while_writing_fails_with_a_clear_message(published, monkeypatch, capsys):
    """ENOSPC half way through a table file (a full disk cannot be made without privileges)."""
    add_article(published.raw)
    before = state(published.outputs)
    original = release.write_parquet

    def write_parquet_until_full(df, table, path):
        if table == "estimates":
            path.write_bytes(b"PAR1" + b"\0" * 1000)   # part of the file made it to disk
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        original(df, table, path)

    monkeypatch.setattr(release, "write_parquet", write_parquet_until_full)
    with pytest.raises(SystemExit) as exc:
        run_release(str(published.raw), str(published.outputs), str(published.cache))
    assert exc.value.code == 1
    assert_failed_cleanly(published, before, capsys.readouterr().err, "the disk is full", "estimates.parquet")


# --- a failing blocking check -----------------------------------------------------------

def test_failing_validation_check_blocks_publication(published, capsys):
    latest = assert_outputs_consistent(published.outputs)
    estimate_id = pd.read_parquet(latest / "estimates.parquet")["estimate_id"].iloc[0]
    (published.raw / "corrections.yaml").write_text(
        f"corrections:\n  - id: {estimate_id}\n    action: set\n    set: {{metric: not_a_metric}}\n"
        f"    reason: a test of the blocking pandera check\n", encoding="utf-8")
    before = state(published.outputs)
    with pytest.raises(SystemExit) as exc:
        run_release(str(published.raw), str(published.outputs), str(published.cache))
    assert exc.value.code == 1
    err = capsys.readouterr().err
    lines = error_lines(err)
    assert any(line.startswith("error: check estimates_matches_contract on estimates failed") for line in lines), lines
    assert "not_a_metric" in err, "the failing rows are not shown"
    assert any("nothing was published" in line for line in lines), lines
    assert state(published.outputs) == before and hidden_temporaries(published.outputs) == []
    assert release.latest_release(published.outputs) == latest


def test_failing_check_is_blocking_in_dagster(published):
    """The release asset never runs once a blocking check fails (not merely reported)."""
    latest = assert_outputs_consistent(published.outputs)
    estimate_id = pd.read_parquet(latest / "estimates.parquet")["estimate_id"].iloc[0]
    (published.raw / "corrections.yaml").write_text(
        f"corrections:\n  - {{id: {estimate_id}, action: set, set: {{metric: not_a_metric}}, reason: test}}\n",
        encoding="utf-8")
    run = run_pipeline(published.raw, published.outputs, published.cache)
    assert not run.success and run.release is None
    assert any("estimates_matches_contract" in f for f in run.failures), run.failures
    assert release.latest_release(published.outputs) == latest


# --- two runs at once ----------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("content", ["same", "different"])
def test_two_runs_at_the_same_moment(published, tmp_path, content):
    before_entries, before_latest = state(published.outputs)
    raws = [published.raw, published.raw]
    if content == "different":
        other = tmp_path / "raw-other"
        shutil.copytree(published.raw, other)
        add_article(published.raw, 1)
        add_article(other, 2)
        raws = [published.raw, other]
    else:
        add_article(published.raw, 1)
    logs = [tmp_path / f"run-{i}.log" for i in range(2)]
    procs = [start_cli(raw, published.outputs, published.cache, log, hook="slow-publish", marker=tmp_path / f"m{i}")
             for i, (raw, log) in enumerate(zip(raws, logs))]
    codes = [p.wait(timeout=600) for p in procs]
    assert codes == [0, 0], [stderr_of(log).read_text()[-3000:] for log in logs]

    latest = assert_outputs_consistent(published.outputs)   # complete, no .tmp-* left
    printed = {Path(last_line(log)) for log in logs}
    added = visible_entries(published.outputs) - before_entries
    if content == "same":
        assert len(added) == 1, f"the same content was released {len(added)} times"
        assert printed == {latest}
    else:
        assert len(added) == 2 and printed == {releases_root(published.outputs) / name for name in added}
        assert latest in printed
        # Each release records the one before it: the runs were serialised, not interleaved.
        packages = {p.name: release.read_package(p) for p in printed}
        previous = sorted(pkg["previous_version"] for pkg in packages.values())
        assert previous == sorted([before_latest, next(n for n in packages if n != latest.name)])
    assert latest.name != before_latest
