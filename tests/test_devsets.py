"""Extraction on articles in other styles: a floor under the scores, and no invented date on any set.

Each set (the seeds in raw/, and every folder of eval/devsets/) is built once.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from pipeline.cli import run_release
from pipeline.text import tables
from pipeline.text.dates import explicit_years, find_dates
from tests.conftest import REPO, SHARED

SCORER = SHARED / "eval" / "score.py"
# strict macro F1 floors, a few points under what each set scored when set (README, "Extraction")
FLOORS = {"a": 0.95, "b": 0.95, "c/gold": 0.90, "c/gold-heldout": 0.93, "c/gold-heldout2": 0.90, "d": 0.78, "e": 0.80,
          "f": 0.72, "g": 0.84, "h": 0.74, "i": 0.70, "j": 0.78, "k": 0.73, "l": 0.69, "m": 0.55}
# measured 0.976, 0.980, 0.934, 0.980, 0.945, 0.818, 0.843, 0.754, 0.883, 0.774, 0.728, 0.807, 0.765, 0.721, 0.586
# (2026-12-08; on arrival d 0.403, e 0.693, f 0.500, g 0.725, h 0.700, i 0.514, j 0.587, k 0.709, l 0.631,
# m 0.586; m's misses have not been read)
SETS = {"seeds": REPO / "raw", **{p.name: p / "raw" for p in sorted((REPO / "eval" / "devsets").iterdir())
                                 if (p / "raw").is_dir()}}


def scorer():
    spec = importlib.util.spec_from_file_location("score", SCORER)
    module = importlib.util.module_from_spec(spec)
    sys.modules["score"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def releases(tmp_path_factory) -> dict[str, Path]:
    built = {}
    for name, raw in SETS.items():
        work = tmp_path_factory.mktemp(name)
        built[name] = run_release(str(raw), str(work / "out"), str(work / "cache"), "in_process")
    return built


def _gold(name: str) -> tuple[str, Path]:
    set_name, _, stem = name.partition("/")
    folder = REPO / "eval" / "devsets" / set_name
    return set_name, folder / f"{stem or 'gold'}.yaml"


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval/score.py not beside the repo")
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_devset_scores_stay_above_their_floor(name, releases):
    set_name, gold = _gold(name)
    if not gold.exists():
        pytest.skip(f"{gold} not present")
    report = scorer().score(releases[set_name], yaml.safe_load(gold.read_text()))
    assert report["macro_strict_f1"] >= FLOORS[name], report["tables"]


def _folded(text) -> str:
    return " ".join(str(text).split()).lower()


def _from_table_head(row: dict, docs: pd.DataFrame) -> bool:
    """A table cell's period is written in its column head or the caption, in the lines just above its row."""
    if tables.cells(row["quote"]) is None:
        return False
    above = docs.loc[row["doc_id"], "text"][:row["char_start"]].rstrip().split("\n\n")
    block = []   # the table's own lines above the row, then its caption
    while above and tables.cells(above[-1]) is not None:
        block.append(above.pop())
    heads = [cell for line in block for cell in tables.cells(line)] + above[-1:]
    period = pd.Timestamp(row["period_start"]).date()
    # a fiscal year in soles is the calendar year its head names ("PIM FY2023")
    return any(m.date_start == period or "fy" in head.lower() and m.date_end.year == period.year
               for head in heads for m in find_dates(head) if m.date_start is not None) \
        or any(period.year == year and period.month == 1 for head in heads for year in explicit_years(head))


@pytest.mark.parametrize("name", sorted(SETS))
def test_every_date_traces_to_words_of_the_document(name, releases):
    """No released date is invented: an event's date comes with its expression, written in its quote
    or, for the story's day carried to a later sentence, earlier in the same document (then marked
    inferred); a figure's period comes from a time expression in its own quote, or for a table cell in its
    column head or caption above it; no date, no precision.
    """
    release = releases[name]
    docs = pd.read_parquet(release / "documents.parquet").set_index("doc_id")
    problems = []
    events = pd.read_parquet(release / "events.parquet")
    for row in events.itertuples():
        dated = not pd.isna(row.date_start)
        if dated != (row.date_precision != "unknown") or dated != (not pd.isna(row.date_end)):
            problems.append(("precision", row.event_id, row.date_precision, row.quote))
            continue
        if not dated:
            continue
        said = row.date_text if isinstance(row.date_text, str) and row.date_text.strip() else None
        in_quote = said is not None and _folded(said) in _folded(row.quote)
        earlier = said is not None and bool(row.date_inferred) \
            and _folded(said) in _folded(docs.loc[row.doc_id, "text"][:row.char_start])
        if not (in_quote or earlier):
            problems.append(("event date", row.event_id, said, row.quote))
    for table, key in (("estimates", "estimate_id"), ("budgets", "budget_id")):
        frame = pd.read_parquet(release / f"{table}.parquet")
        for row in frame.to_dict("records"):
            dated = not pd.isna(row["period_start"])
            if dated != (row["period_precision"] != "unknown"):
                problems.append(("precision", row[key], row["period_precision"], row["quote"]))
            elif dated and not find_dates(row["quote"]) and not _from_table_head(row, docs):
                problems.append((f"{table} period", row[key], row["period_start"], row["quote"]))
    assert not problems, "\n".join(map(str, problems[:20]))
