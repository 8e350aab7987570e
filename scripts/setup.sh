#!/usr/bin/env bash
# Creates .venv/ from the lock file (uv.lock). Idempotent and quick when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! python3 -m uv --version >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check "uv==0.13.9"
fi
export UV_PYTHON_DOWNLOADS=never
python3 -m uv sync --frozen --quiet "$@"
