"""Where the package's data lives: the repository and its ``schemas/`` folder (grammar and vocabularies as data)."""
from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SCHEMAS_DIR = REPO_ROOT / "schemas"
LEXICON_DIR = SCHEMAS_DIR / "lexicon"
