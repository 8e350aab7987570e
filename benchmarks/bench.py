"""Benchmark: the framework's floor, the seed build, a full build of N articles, one incremental rebuild.

    python benchmarks/bench.py --docs 10000

Generates a deterministic synthetic corpus of N articles (paragraphs of the
articles in raw/ recombined, with numbers, years and places varied, and web
boilerplate around them), then times cold command-line runs as a user runs
them. Prints a table and, as its last line, one JSON object:
docs, noop_s, seed_build_s, full_s, incremental_s, docs_per_s, peak_rss_mb,
and ``targets``: each of the scale targets (100,000 articles on 2 cores: full
build <= 8 minutes, a one-article rebuild <= 2x the no-op materialization,
peak RSS of any process <= 1.5 GiB) with whether this run met it.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

PLACES = ["VRAEM", "Ucayali", "Huánuco", "Pasco", "Puno", "Cusco", "Loreto", "San Martín", "Ayacucho", "Junín",
          "Putumayo", "Chapare", "Yungas", "Madre de Dios", "Amazonas", "Upper Huallaga", "Aguaytía", "Pichari"]
BOILERPLATE = [
    "Share this article\nFacebook | Twitter | WhatsApp | Email",
    "SEE ALSO: Peru News and Profiles",
    "Was this content helpful?\n\nWe want to sustain our database, but in order to do so, we need resources.\n\nDONATE",
    "Related Content\n\nCOLOMBIA / 19 MAY 2023\n\nThe talks with the government are not going smoothly; 45 people died.",
    "What are your thoughts? Click here to send us your comments.",
]
NOOP = textwrap.dedent("""
    import tempfile, dagster as dg
    @dg.asset
    def noop():
        return 1
    with dg.DagsterInstance.local_temp(tempfile.mkdtemp()) as instance:
        assert dg.materialize([noop], instance=instance).success
""")


def seed_paragraphs() -> list[str]:
    from pipeline.clean.cleaning import clean_article

    paragraphs = []
    for path in sorted((REPO / "raw").glob("*.txt")):
        text = clean_article(path.read_text(encoding="utf-8")).text
        paragraphs += [p for p in text.split("\n\n") if len(p.split()) >= 12]
    return paragraphs


def vary(paragraph: str, rng: random.Random) -> str:
    """Other numbers, years and places in the same sentences."""
    def number(m: re.Match) -> str:
        digits = m.group(0).replace(",", "")
        if re.fullmatch(r"(?:19|20)\d\d", digits):
            return str(rng.randint(1995, 2024))
        value = max(1, int(float(digits) * rng.uniform(0.5, 1.5)))
        return f"{value:,}" if "," in m.group(0) else str(value)
    text = re.sub(r"\d[\d,]*(?:\.\d+)?", number, paragraph)
    for place in PLACES:
        if place in text and rng.random() < 0.5:
            text = text.replace(place, rng.choice(PLACES))
    return text


def make_corpus(folder: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    paragraphs = seed_paragraphs()
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for i in range(n):
        body = [vary(p, rng) for p in rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(5, 10)))]
        title = f"Synthetic report {i}: {rng.choice(PLACES)} under pressure"
        parts = [title, *body[:3], rng.choice(BOILERPLATE[:2]), *body[3:], rng.choice(BOILERPLATE[2:])]
        name = f"syn_{i:06d}.txt"
        (folder / name).write_text("\n\n".join(parts) + "\n", encoding="utf-8")
        year, month, day = rng.randint(2012, 2024), rng.randint(1, 12), rng.randint(1, 28)
        rows.append([name, "", "Synthetic Wire", "", f"{year:04d}-{month:02d}-{day:02d}" if i % 3 else ""])
    with (folder / "sources.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "url", "publisher", "author", "published_date"])
        writer.writerows(rows)


def timed_run(args: list[str], env: dict | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(args, cwd=REPO, env={**os.environ, **(env or {})}, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"bench: {' '.join(args)} failed:\n{result.stderr[-4000:]}")
    return elapsed, result.stdout


def release(raw: Path, outputs: Path, cache: Path) -> float:
    env = {"DAGSTER_HOME": ""}
    env.pop("DAGSTER_HOME")
    elapsed, _ = timed_run([sys.executable, "-m", "pipeline", "release", "--raw-dir", str(raw),
                            "--outputs-dir", str(outputs), "--cache-dir", str(cache)])
    return elapsed


def throughput(raw: Path, sample: int) -> float:
    """Cleaning plus extraction, documents per second on one core, no cache."""
    from pipeline.ingest import scan_raw
    from pipeline.process import ResultCache, clean_batch, extract_batch

    articles = scan_raw(raw).articles[:sample]
    start = time.perf_counter()
    cleaned = clean_batch(articles, ResultCache(None))
    extract_batch(cleaned.rows, ResultCache(None))
    return len(articles) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=500, help="documents timed for docs_per_s")
    args = parser.parse_args()
    os.environ.pop("DAGSTER_HOME", None)
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    corpus = work / "raw"
    start = time.perf_counter()
    make_corpus(corpus, args.docs)
    generate_s = time.perf_counter() - start

    noop_s, _ = timed_run([sys.executable, "-c", NOOP])
    seed_build_s = release(REPO / "raw", work / "seed-out", work / "seed-cache")
    full_s = release(corpus, work / "out", work / "cache")
    first = sorted(corpus.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nPolice destroyed 3 more airstrips on March 3, 2019.\n",
                     encoding="utf-8")
    incremental_s = release(corpus, work / "out", work / "cache")
    docs_per_s = throughput(corpus, min(args.sample, args.docs))
    peak_rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    rows = [("corpus generation", generate_s), ("no-op materialization (floor)", noop_s),
            ("seed build (5 articles)", seed_build_s), (f"full build ({args.docs} articles)", full_s),
            ("incremental rebuild (1 article changed)", incremental_s)]
    print(f"{'step':45s} {'seconds':>9s}")
    for name, seconds in rows:
        print(f"{name:45s} {seconds:9.2f}")
    print(f"{'clean+extract throughput (docs/s, 1 core)':45s} {docs_per_s:9.1f}")
    print(f"{'peak RSS of any process (MB)':45s} {peak_rss_mb:9.0f}")
    print(f"{'seed build / floor':45s} {seed_build_s / noop_s:9.2f}")
    targets = scale_targets(full_s, incremental_s, noop_s, peak_rss_mb)
    for name, met in targets.items():
        print(f"{'target: ' + name:45s} {'met' if met else 'NOT met':>9s}")
    print(json.dumps({"docs": args.docs, "noop_s": round(noop_s, 2), "seed_build_s": round(seed_build_s, 2),
                      "full_s": round(full_s, 2), "incremental_s": round(incremental_s, 2),
                      "docs_per_s": round(docs_per_s, 1), "peak_rss_mb": round(peak_rss_mb), "targets": targets}))


def scale_targets(full_s: float, incremental_s: float, noop_s: float, peak_rss_mb: float) -> dict[str, bool]:
    """The issue's targets for 100,000 articles on 2 cores (they hold for smaller corpora a fortiori)."""
    return {"full build <= 480 s": full_s <= 480, "rebuild <= 2x no-op": incremental_s <= 2 * noop_s,
            "peak RSS <= 1536 MB": peak_rss_mb <= 1536}


if __name__ == "__main__":
    main()
