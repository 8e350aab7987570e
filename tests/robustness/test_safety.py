"""Safety of what is published: CSV formulas, HTML/Markdown escaping, the UI's address, safe names.

One run of the real pipeline reads hostile input: article text with HTML,
Markdown links and spreadsheet formulas, manifest fields that are formulas or
markup, and file names built to escape a folder, run a shell or break a page.
"""
from __future__ import annotations

import csv
import html.parser
import os
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import contract, ingest
from pipeline.defs.assets import markdown_table
from pipeline.publish import release
from tests.fixtures import tables as fixture_tables

from .articles import article
from .helpers import REPO, TABLES, run_pipeline, visible_entries

markdown_it = pytest.importorskip("markdown_it")

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XSS = "<img src=x onerror=alert(1)>"
HOSTILE_TEXT = f"""=HYPERLINK("http://evil.example","click") The army destroyed 12 clandestine airstrips in the VRAEM \
in 2015, the <script>alert(1)</script> ministry said.

@SUM(A1) Peru spent $5 million on coca eradication in 2014, said the [minister](javascript:alert(3)) of the interior.

+51 Coca cultivation in Peru covered 40,000 hectares in 2015, according to the UNODC report **published** that year.

-7 The police seized 300 kilos of cocaine on Monday in Huánuco, said the chief of the {XSS} anti-drug police.
"""
# File names that try to leave the folder, run a shell, inject markup or control the terminal.
HOSTILE_NAMES = [
    "~.txt", "x..%2F..%2Fetc.txt", "-rf --no-preserve-root.txt", "%2e%2e%2f%2e%2e%2fetc%2fpasswd.txt",
    "x\\..\\..\\outside.txt", "$(touch pwned).txt", "`touch pwned2`.txt", "a;touch pwned3;#.txt",
    f"{XSS}.txt", "[x](javascript:alert(1)) *bold* |cell|.txt", "\x1b[31mred\x1b[0m.txt", "CON.txt", " .txt",
]
EMPTY_HOSTILE = "x` <svg onload=alert(1)> `[a](javascript:x).txt"   # empty: named in the problems (no "/" in a name)
HOSTILE_ARTICLE = "0 hostile.txt"   # its id "0-hostile" sorts first: the previews (first rows) show it
MANIFEST_ROWS = [
    # file, url, publisher, author
    (HOSTILE_ARTICLE, "@SUM(1+1)", f"=HYPERLINK(\"http://evil.example\",\"{XSS}\")", "+cmd|' /C calc'!A0"),
    ("$(touch pwned).txt", "", f"**[bold link](javascript:alert(1))** {XSS}", "-2+3"),
]


def manifest_line(row: tuple[str, ...]) -> str:
    out = []
    for cell in (*row, ""):
        out.append('"' + cell.replace('"', '""') + '"' if any(c in cell for c in ',"\n') else cell)
    return ",".join(out)


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory, baseline):
    root = tmp_path_factory.mktemp("hostile")
    raw = root / "raw"
    shutil.copytree(baseline.raw, raw)
    (raw / HOSTILE_ARTICLE).write_text(HOSTILE_TEXT, encoding="utf-8")
    for n, name in enumerate(HOSTILE_NAMES):
        (raw / name).write_text(article(n), encoding="utf-8")
    (raw / EMPTY_HOSTILE).write_bytes(b"")
    with (raw / "sources.csv").open("a", encoding="utf-8") as fh:
        for row in MANIFEST_ROWS:
            fh.write(manifest_line(row) + "\n")
    before = snapshot(root)
    run = run_pipeline(raw, root / "outputs", root / "cache")
    assert run.success, run.failures
    return run, root, before


def snapshot(root: Path) -> set[str]:
    """Every path under root, except the outputs and cache folders the run may write."""
    return {p.relative_to(root).as_posix() for p in root.rglob("*")
            if p.relative_to(root).parts[0] not in ("outputs", "cache")}


# --- CSV formulas ---------------------------------------------------------------------------

def string_columns(table: str) -> list[str]:
    return [c.name for c in contract.columns(table) if c.type == "string"]


def compare_csv_and_parquet(folder: Path) -> dict[str, int]:
    """Every text cell: CSV neutralised exactly when it starts like a formula, Parquet exact."""
    seen = {p: 0 for p in FORMULA_PREFIXES}
    for table in TABLES:
        parquet = pd.read_parquet(folder / f"{table}.parquet")
        with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert len(rows) == len(parquet), table
        for column in string_columns(table):
            for exact, row in zip(parquet[column], rows):
                cell = row[column]
                if exact is None or (isinstance(exact, float) and pd.isna(exact)):
                    assert cell == "", (table, column, cell)
                elif exact.startswith(FORMULA_PREFIXES):
                    seen[exact[0]] += 1
                    assert cell == "'" + exact, (table, column, exact[:40], cell[:40])
                else:
                    assert cell == exact, (table, column, exact[:40], cell[:40])
    return seen


def test_csv_formula_cells_are_neutralised_and_parquet_is_exact(hostile_run):
    run, _, _ = hostile_run
    seen = compare_csv_and_parquet(run.release)
    for prefix in "=+-@":
        assert seen[prefix] > 0, f"no released cell starts with {prefix!r}: the test proved nothing for it"
    documents = pd.read_parquet(run.release / "documents.parquet").set_index("source_path")
    assert documents.loc[HOSTILE_ARTICLE, "publisher"] == MANIFEST_ROWS[0][2]       # Parquet: the exact text
    assert documents.loc[HOSTILE_ARTICLE, "author"] == MANIFEST_ROWS[0][3]


def test_every_formula_prefix_in_every_text_column(tmp_path):
    """Tab and carriage return too (they cannot survive cleaning, so are put in the tables directly)."""
    t = fixture_tables()
    variants = [p + "SUM(1+1)*cmd|' /C calc'!A0" for p in FORMULA_PREFIXES] + ["plain", "a=b", " =x"]
    for table in TABLES:
        df = pd.concat([t[table]] * len(variants), ignore_index=True)
        for column in string_columns(table):
            df[column] = variants
        t[table] = df
    pub = release.publish(t, tmp_path, input_hashes={}, code_version="test", skipped=[])
    seen = compare_csv_and_parquet(pub.path)
    assert all(seen[p] > 0 for p in FORMULA_PREFIXES), seen
    for table in TABLES:
        for column in string_columns(table):
            assert sorted(pd.read_parquet(pub.path / f"{table}.parquet")[column]) == sorted(variants)


# --- HTML and Markdown ----------------------------------------------------------------------

ALLOWED_TAGS = {"table", "thead", "tbody", "tr", "th", "td", "p", "em", "code", "ul", "li", "h1", "h2", "h3", "h4",
                "pre", "strong", "br", "hr", "ol"}


class TagCollector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def rendered_tags(markdown: str) -> list[tuple[str, dict]]:
    """Tags a CommonMark renderer with raw HTML enabled makes of the Markdown."""
    collector = TagCollector()
    renderer = markdown_it.MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    collector.feed(renderer.render(markdown))
    return collector.tags


def assert_inert(markdown: str, where: str, allowed: set[str] = ALLOWED_TAGS) -> None:
    tags = rendered_tags(markdown)
    bad = [(t, a) for t, a in tags if t not in allowed or any(k.startswith("on") or "javascript:" in (v or "")
                                                               for k, v in a.items())]
    assert not bad, f"{where}: article text became markup: {bad[:5]}"


def test_ui_metadata_escapes_article_text(hostile_run):
    run, _, _ = hostile_run
    assert any("evil.example" in m for m in run.metadata_text), "the hostile publisher is not in any preview"
    assert any("svg onload" in m for m in run.metadata_text), "the hostile file name is not in the problems"
    for value in run.metadata_text:
        # Tables of the previews and problems: no markup besides the table itself, no emphasis either.
        assert_inert(value, "metadata", {"table", "thead", "tbody", "tr", "th", "td", "p", "em"})
        for tag, _ in rendered_tags(value):
            assert tag != "em" or "_no rows_" in value, value[:300]


@pytest.mark.parametrize("cell", [XSS, "<script>alert(1)</script>", "[x](javascript:alert(1))", "**b** _i_ `c`",
                                  "a | b", "line\nbreak <b>", "&lt;img&gt;", "![i](http://x/y.png)"])
def test_markdown_preview_cells_are_inert(cell):
    df = pd.DataFrame({"doc_id": ["d"], "text": [cell]})
    value = markdown_table(df).value
    assert_inert(value, "preview", {"table", "thead", "tbody", "tr", "th", "td"})
    assert value.count("\n") == 2, "a cell broke the table's rows"


def test_release_pages_escape_article_text(hostile_run):
    run, _, _ = hostile_run
    pages = sorted(run.release.glob("*.md"))
    assert any(p.name == "README.md" for p in pages)
    readme = (run.release / "README.md").read_text(encoding="utf-8")
    assert "svg onload" in readme, "the hostile skipped file is not listed in README.md"
    for page in pages:
        assert_inert(page.read_text(encoding="utf-8"), page.name)


def test_catalog_page_escapes_article_text(hostile_run):
    run, root, _ = hostile_run
    index = root / "outputs" / "index.html"
    if not index.exists():
        pytest.skip("this pipeline writes no catalog page")
    collector = TagCollector()
    collector.feed(index.read_text(encoding="utf-8"))
    tags = {t for t, _ in collector.tags}
    assert not tags & {"script", "img", "iframe", "object", "embed"}, tags
    for tag, attrs in collector.tags:
        assert not any(k.startswith("on") or "javascript:" in (v or "") for k, v in attrs.items()), (tag, attrs)


def test_release_readme_lists_hostile_names_literally(tmp_path):
    skipped = [{"source": EMPTY_HOSTILE, "problem": "empty file; skipped"},
               {"source": "```x`.txt", "problem": f"duplicate of {XSS}.txt (same text); released once"},
               {"source": "a\n# heading\n- item.txt", "problem": "line\n\n<script>alert(1)</script>"}]
    readme = release.release_readme("v1", {}, skipped)
    section = readme.split("## Sources skipped in this release", 1)[1].split("## Data dictionary", 1)[0]
    assert_inert(section, "README.md", {"ul", "li", "code", "p"})
    assert len([line for line in section.splitlines() if line.startswith("- ")]) == 3


# --- the UI's address ----------------------------------------------------------------------

UI_COMMAND = re.compile(r"\bdagster(?:\s+dev|-webserver)\b[^\n]*")


def launch_lines() -> dict[str, list[str]]:
    files = [REPO / "Makefile", REPO / "README.md", *sorted((REPO / "scripts").glob("*")),
             *sorted(REPO.glob("*.yaml")), *sorted(REPO.glob("docs/**/*.md"))]
    return {str(f.relative_to(REPO)): UI_COMMAND.findall(f.read_text(encoding="utf-8", errors="replace"))
            for f in files if f.is_file()}


def test_ui_binds_to_localhost_unless_asked():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    ui_target = re.search(r"^ui:.*\n((?:\t.*\n?)+)", makefile, re.M)
    assert ui_target, "the Makefile has no ui target"
    assert re.search(r"dagster dev\b.*(?:-h|--host)\s+127\.0\.0\.1", ui_target.group(1)), ui_target.group(1)
    for name, lines in launch_lines().items():
        for line in lines:
            assert re.search(r"(?:-h|--host)\s+(?:127\.0\.0\.1|localhost)\b", line), f"{name}: {line}"
    for path in [REPO / "Makefile", REPO / "README.md", *REPO.glob("scripts/*"), *REPO.glob("pipeline/**/*.py"),
                 *REPO.glob("*.yaml")]:
        if path.is_file():
            assert "0.0.0.0" not in path.read_text(encoding="utf-8", errors="replace"), path


# --- names of what is written --------------------------------------------------------------

VERSION = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{6}Z-[0-9a-f]{8}$")
DOC_ID = re.compile(next(c.pattern for c in contract.columns("documents") if c.name == "doc_id"))


def test_hostile_file_names_are_released_under_sanitised_ids(hostile_run):
    run, _, _ = hostile_run
    documents = pd.read_parquet(run.release / "documents.parquet").set_index("source_path")
    for name in HOSTILE_NAMES:
        assert name in documents.index, f"{name!r} was not released"
        doc_id = documents.loc[name, "doc_id"]
        assert DOC_ID.match(doc_id) and ".." not in doc_id and "/" not in doc_id, (name, doc_id)
    assert documents["doc_id"].is_unique


def test_no_raw_file_name_writes_outside_the_outputs_folder(hostile_run):
    run, root, before = hostile_run
    assert snapshot(root) == before, "the run wrote beside the outputs folder"
    assert not any(Path(p, "pwned").exists() for p in (REPO, root, root / "raw", Path.cwd()))
    outputs = (root / "outputs").resolve()
    for path in outputs.rglob("*"):
        assert path.resolve().is_relative_to(outputs), path
    stems = {Path(n).stem for n in HOSTILE_NAMES + [EMPTY_HOSTILE]}
    for name in visible_entries(root / "outputs") - {release.LATEST}:
        assert VERSION.match(name), name
    for path in run.release.iterdir():
        assert path.is_file() and not path.is_symlink(), path
        assert not any(stem and stem in path.name for stem in stems if len(stem) > 2), path.name
    assert os.readlink(run.release.parent / release.LATEST) == run.release.name


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_doc_ids_are_safe_for_any_file_name(stem):
    doc_id = ingest.safe_doc_id(stem)
    assert re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", doc_id), (stem, doc_id)
    assert ".." not in doc_id and doc_id not in (".", "..")
    base = Path("/outputs/releases/v")
    assert (base / f"{doc_id}.csv").resolve().parent == base
