"""Mirroring releases to S3: a real moto server, every file read back over plain HTTP."""
from __future__ import annotations

import datetime as dt
import hashlib
import socket
from pathlib import Path

import pytest
import requests

from pipeline.publish import catalog, changes, release, remote
from pipeline.settings import ENV, Settings
from tests.fixtures import tables

NOW = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
BUCKET = "releases-test"
PREFIX = "coca/data"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def s3(request, monkeypatch):
    """A moto S3 server on 127.0.0.1 with a public-read bucket; stopped at the end."""
    from moto.server import ThreadedMotoServer

    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    request.addfinalizer(server.stop)
    endpoint = f"http://127.0.0.1:{port}"
    requests.post(f"{endpoint}/moto-api/reset", timeout=30).raise_for_status()   # moto's state is per process
    monkeypatch.setenv(ENV["s3_endpoint_url"], endpoint)
    import boto3

    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(Bucket=BUCKET, ACL="public-read")
    return endpoint


def publish(outputs: Path, t: dict, now: dt.datetime) -> release.Publication:
    pub = release.publish(t, outputs, input_hashes={"a.txt": "0" * 64}, code_version="test", skipped=[], now=now,
                          after_write=changes.write_changes)
    catalog.write_catalog(outputs)
    return pub


def second_tables() -> dict:
    t = tables()
    t["budgets"] = t["budgets"].iloc[0:0]
    return t


def http_get(endpoint: str, key: str) -> requests.Response:
    return requests.get(f"{endpoint}/{BUCKET}/{PREFIX}/{key}", timeout=30)


def test_storage_options_from_env(monkeypatch):
    monkeypatch.setenv(ENV["s3_endpoint_url"], "http://127.0.0.1:9000")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "k")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "s")
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    assert Settings.from_env().s3_storage_options("s3://b/p") == {
        "client_kwargs": {"endpoint_url": "http://127.0.0.1:9000", "region_name": "us-east-1"},
        "key": "k", "secret": "s"}
    assert Settings.from_env().s3_storage_options("memory://x") == {}


def test_mirror_publishes_every_file_and_moves_latest_last(s3, tmp_path):
    first = publish(tmp_path, tables(), NOW)
    url = f"s3://{BUCKET}/{PREFIX}"
    remote.mirror(tmp_path, url, first.version)
    assert http_get(s3, "releases/LATEST").text.strip() == first.version
    second = publish(tmp_path, second_tables(), NOW + dt.timedelta(minutes=1))
    remote.mirror(tmp_path, url, second.version)

    for pub in (first, second):
        package = release.read_package(pub.path)
        for res in package["resources"]:
            response = http_get(s3, f"releases/{pub.version}/{res['path']}")
            assert response.status_code == 200, res["path"]
            assert "sha256:" + hashlib.sha256(response.content).hexdigest() == res["hash"]
        for path in pub.path.iterdir():     # README, datapackage.json, changes: byte for byte
            assert http_get(s3, f"releases/{pub.version}/{path.name}").content == path.read_bytes()
        bundle = tmp_path / "bundles" / f"{pub.version}.zip"
        assert http_get(s3, f"bundles/{pub.version}.zip").content == bundle.read_bytes()
    page = http_get(s3, "index.html")
    assert page.content == (tmp_path / "index.html").read_bytes()
    assert http_get(s3, "rows.html").content == (tmp_path / "rows.html").read_bytes()  # the row browser too
    assert page.headers["Content-Type"].startswith("text/html")
    assert http_get(s3, "releases/LATEST").text.strip() == second.version


def test_mirror_skips_identical_releases_and_never_moves_latest_back(s3, tmp_path):
    first = publish(tmp_path, tables(), NOW)
    second = publish(tmp_path, second_tables(), NOW + dt.timedelta(minutes=1))
    url = f"s3://{BUCKET}/{PREFIX}"
    remote.mirror(tmp_path, url, second.version)        # uploads the older release too
    assert http_get(s3, f"releases/{first.version}/datapackage.json").status_code == 200
    fs, root = remote.remote_filesystem(url)
    readme = f"{root}/releases/{first.version}/README.md"
    fs.pipe_file(readme, b"marker")                        # a second mirror must not re-upload it
    remote.mirror(tmp_path, url, second.version)
    assert http_get(s3, f"releases/{first.version}/README.md").content == b"marker"
    remote.mirror(tmp_path, url, first.version)            # an older run finishing late
    assert http_get(s3, "releases/LATEST").text.strip() == second.version


def test_mirror_refuses_a_different_release_of_the_same_name(s3, tmp_path):
    first = publish(tmp_path, tables(), NOW)
    url = f"s3://{BUCKET}/{PREFIX}"
    fs, root = remote.remote_filesystem(url)
    fs.pipe_file(f"{root}/releases/{first.version}/datapackage.json", b"{}")
    with pytest.raises(remote.MirrorError, match="immutable"):
        remote.mirror(tmp_path, url, first.version)
    assert http_get(s3, "releases/LATEST").status_code == 404


def test_mirror_of_an_unknown_version(tmp_path):
    with pytest.raises(remote.MirrorError, match="no release"):
        remote.mirror(tmp_path, "memory://x", "2020-01-01T000000Z-00000000")


def test_mirror_to_any_fsspec_filesystem(tmp_path):
    pub = publish(tmp_path, tables(), NOW)
    url = f"memory://mirror-{tmp_path.name}"
    remote.mirror(tmp_path, url, pub.version)
    fs, root = remote.remote_filesystem(url)
    assert fs.cat_file(f"{root}/releases/LATEST") == f"{pub.version}\n".encode()
    assert fs.cat_file(f"{root}/releases/{pub.version}/events.parquet") == (pub.path / "events.parquet").read_bytes()


def test_pipeline_publishes_to_an_s3_outputs_location(s3, tmp_path, monkeypatch):
    """PIPELINE_OUTPUTS_DIR may be an S3 URL: the release is built locally and mirrored, pointer last."""
    import hashlib
    import json

    from pipeline.cli import run_release
    from tests.conftest import RAW

    monkeypatch.setenv("PIPELINE_CACHE_DIR", str(tmp_path / "cache"))
    url = f"s3://{BUCKET}/{PREFIX}"
    local = run_release(str(RAW), url, str(tmp_path / "cache"))
    version = http_get(s3, "releases/LATEST").text.strip()
    assert version == local.name
    package = json.loads(http_get(s3, f"releases/{version}/datapackage.json").text)
    for resource in package["resources"]:
        body = http_get(s3, f"releases/{version}/{resource['path']}").content
        assert "sha256:" + hashlib.sha256(body).hexdigest() == resource["hash"]
    assert b"<svg" in http_get(s3, "index.html").content
