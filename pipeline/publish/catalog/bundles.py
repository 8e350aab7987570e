"""One zip per release and its SHA-256 sidecar: the bytes repeat for the same folder, and a zip once
written is never rewritten (mirrors and users may already hold it).
"""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from pipeline.common.files import replacing, write_atomically
from pipeline.common.hashing import sha256_file

BUNDLES = "bundles"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
ZIP_LEVEL = 1  # fastest deflate: a bundle is built for every release, and its Parquet files are compressed already


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
