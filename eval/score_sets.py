"""Build a release from each evaluation set and score it with ../shared/eval/score.py.

usage: python eval/score_sets.py [SET ...] [--details] [--work DIR]

Sets: ``seeds`` (raw/ against ../shared/gold/seeds.yaml) and every folder of
``eval/devsets/`` (its raw/ against each of its gold*.yaml files, so a held-out
part with a gold file of its own is scored on its own line). Prints strict and
lenient F1 per table and the macro scores, one line per gold file: the numbers
the README's table reports.
"""
from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
TABLES = ("estimates", "events", "budgets")


def scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["score"] = module
    spec.loader.exec_module(module)
    return module


def evaluation_sets() -> dict[str, tuple[Path, list[Path]]]:
    """Set name -> (its raw folder, its gold files)."""
    sets = {"seeds": (REPO / "raw", [SHARED / "gold" / "seeds.yaml"])}
    for folder in sorted((REPO / "eval" / "devsets").iterdir()):
        golds = sorted(folder.glob("gold*.yaml"))
        if folder.is_dir() and golds:
            sets[folder.name] = (folder / "raw", golds)
    return sets


def build(raw: Path, work: Path) -> Path:
    from pipeline.cli import run_release

    with contextlib.redirect_stdout(io.StringIO()):
        return run_release(str(raw), str(work / "out"), str(work / "cache"), "in_process")


def main() -> None:
    sets = evaluation_sets()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sets", nargs="*", default=list(sets), help=f"any of {', '.join(sets)}")
    ap.add_argument("--details", action="store_true", help="list misses and extra rows")
    ap.add_argument("--work", type=Path, help="keep the releases here (default: a temporary folder)")
    args = ap.parse_args()
    score = scorer()
    header = f"{'set':22s} " + " ".join(f"{t[:6]:>6s}" for t in TABLES) + "  strict | lenient"
    lines = [header]
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.sets:
            raw, golds = sets[name]
            release = build(raw, (args.work or Path(tmp)) / name)
            for gold in golds:
                report = score.score(release, yaml.safe_load(gold.read_text()))
                label = name if len(golds) == 1 else f"{name}/{gold.stem}"
                tables = report["tables"]
                lines.append(f"{label:22s} " + " ".join(f"{tables[t]['strict_f1']:6.3f}" for t in TABLES)
                             + f"  {report['macro_strict_f1']:.3f} | {report['macro_f1']:.3f}")
                if args.details:
                    for m in report["misses"]:
                        print(f"{label} MISS  {m['file']} {m['table']} [{m['anchor']}] {m['field']}: "
                              f"gold {m['gold']} got {m['got']}")
                    for e in report["extras"]:
                        print(f"{label} EXTRA {e['file']} {e['table']}: {e['quote']}")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
