"""Releases mirrored to object storage (S3, or any fsspec filesystem).

Layout under the remote prefix mirrors the local outputs folder:
``releases/<version>/*``, ``bundles/<version>.zip``, ``index.html`` and the
pointer ``releases/LATEST`` (the newest version as text). Order matters to a
reader who never sees a half-published release: a release's files first and
its ``datapackage.json`` last, then the bundle, then the page, and the
pointer last of all. Releases are immutable: one already there with the same
manifest is skipped, one with another manifest is an error. Nothing here
imports Dagster.
"""
from __future__ import annotations

from pathlib import Path

import fsspec

from pipeline.publish import catalog, release
from pipeline.settings import Settings

POINTER = "LATEST"
MANIFEST = "datapackage.json"


class MirrorError(RuntimeError):
    """The remote copy could not be made consistent with the local releases."""


def remote_filesystem(url: str, storage_options: dict | None = None) -> tuple[fsspec.AbstractFileSystem, str]:
    """The filesystem and the root path (no protocol, no trailing slash) of ``url``."""
    options = storage_options if storage_options is not None else Settings.from_env().s3_storage_options(url)
    fs, root = fsspec.core.url_to_fs(url, **options)
    return fs, root.rstrip("/")


def read_remote(fs: fsspec.AbstractFileSystem, path: str) -> bytes | None:
    """An object's bytes, or None when it does not exist."""
    try:
        return fs.cat_file(path)
    except FileNotFoundError:
        return None


def remote_latest(fs: fsspec.AbstractFileSystem, root: str) -> str | None:
    """The version the remote pointer names, if any."""
    data = read_remote(fs, f"{root}/{release.RELEASES}/{POINTER}")
    if data is None:
        return None
    return data.decode("utf-8").strip() or None


def upload_release(fs: fsspec.AbstractFileSystem, root: str, folder: Path) -> bool:
    """Upload one release folder, manifest last; False when the same release is already there."""
    target = f"{root}/{release.RELEASES}/{folder.name}"
    manifest = (folder / MANIFEST).read_bytes()
    existing = read_remote(fs, f"{target}/{MANIFEST}")
    if existing == manifest:
        return False
    if existing is not None:
        raise MirrorError(f"{target} already holds another {MANIFEST}; releases are immutable")
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST)
    for path in [*files, folder / MANIFEST]:
        fs.put_file(str(path), f"{target}/{path.relative_to(folder).as_posix()}")
    return True


def upload_bundle(fs: fsspec.AbstractFileSystem, root: str, outputs: Path, folder: Path) -> bool:
    """Upload the release's zip (made if missing) unless a zip of that size is already there."""
    bundle = catalog.ensure_bundle(outputs, folder)
    target = f"{root}/{catalog.BUNDLES}/{bundle.name}"
    if fs.exists(target) and fs.size(target) == bundle.stat().st_size:
        return False
    fs.put_file(str(bundle), target)
    return True


def mirror(local_outputs: Path, url: str, version: str, storage_options: dict | None = None) -> None:
    """Publish ``version`` (and any older local release missing remotely) at ``url``; move LATEST last.

    Every local release is uploaded if absent, so every link of the uploaded
    index.html resolves. The pointer never moves back: if it already names a
    newer version (another run got there first) neither it nor the page is
    replaced.
    """
    outputs = Path(local_outputs)
    folders = release.list_releases(outputs)
    if version not in {f.name for f in folders}:
        raise MirrorError(f"no release {version!r} in {release.releases_dir(outputs)}")
    fs, root = remote_filesystem(url, storage_options)
    fs.invalidate_cache()
    for folder in folders:
        upload_release(fs, root, folder)
        upload_bundle(fs, root, outputs, folder)
    current = remote_latest(fs, root)
    if current is not None and current > version:
        return
    if not (outputs / catalog.INDEX_NAME).exists():
        catalog.write_catalog(outputs)
    for name in (catalog.ROWS_NAME, catalog.INDEX_NAME):   # the row browser first: the catalog links to it
        if (outputs / name).exists():
            fs.put_file(str(outputs / name), f"{root}/{name}")
    fs.pipe_file(f"{root}/{release.RELEASES}/{POINTER}", f"{version}\n".encode("utf-8"))
