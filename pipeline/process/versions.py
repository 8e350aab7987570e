"""The stages' code versions: hashes of the modules and lexicons that decide their results.

Each stage names its entry modules; pipeline.common.versions adds every
module they import, so editing a trigger list re-extracts everything and
editing the README re-extracts nothing. The cache keys and the executor's
memo read the versions here, and tests patch them here.
"""
from __future__ import annotations

from functools import cache

from pipeline import contract
from pipeline.common.hashing import sha256_text
from pipeline.common.versions import files_version, module_closure

# The stages' entry modules: each stage's version covers them and everything they import.
CLEAN_ENTRIES = ("pipeline.process.clean_stage",)   # cleaning, sentences, publication dates, ingest's types
EXTRACT_ENTRIES = ("pipeline.process.extract_stage", "pipeline.extract")
CLEAN_DATA = ("lexicon/boilerplate.yaml", "lexicon/abbreviations.yaml", "lexicon/units.yaml")


@cache
def clean_code_version() -> str:
    return files_version([*module_closure(CLEAN_ENTRIES), *(contract.SCHEMAS_DIR / p for p in CLEAN_DATA)])


@cache
def extract_code_version() -> str:
    return files_version([*module_closure(EXTRACT_ENTRIES), *contract.SCHEMAS_DIR.rglob("*.yaml")])


def code_version() -> str:
    return sha256_text(f"{clean_code_version()}:{extract_code_version()}")[:16]
