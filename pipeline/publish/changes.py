"""What changed between two releases: rows by stable id, and the articles read.

``write_changes`` runs inside ``release.publish`` (its ``after_write`` hook)
on the finished temporary folder, so every release ships ``changes.json``
(exact, for programs) and ``CHANGES.md`` (for people) beside its tables.
Rows are compared through the Parquet files, which keep exact values.
Nothing here imports Dagster.
"""
from __future__ import annotations

import datetime as dt
import difflib
import json
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline import contract
from pipeline.common.escaping import markdown_code, markdown_fence, markdown_text
from pipeline.common.files import replacing
from pipeline.common.package import read_package_or_empty
from pipeline.ingest import CORRECTIONS_NAME, MANIFEST_NAME

CHANGES_JSON = "changes.json"
CHANGES_MD = "CHANGES.md"
MD_LIST_LIMIT = 200      # items per list in CHANGES.md; changes.json has every id
MD_VALUE_LIMIT = 160     # characters of a value shown in CHANGES.md
MD_DIFF_LIMIT = 50       # document diffs shown in CHANGES.md
MANIFEST_FILES = frozenset({MANIFEST_NAME, CORRECTIONS_NAME})
OFFSET_FIELDS = frozenset({"char_start", "char_end"})
# Document texts are never copied whole: a diff of the changed lines, cut to these sizes.
DIFF_MAX_LINES = 40          # lines of one document's diff
DIFF_MAX_CHARS = 2_000       # characters of one document's diff
DIFF_LINE_CHARS = 300        # characters of one diff line (a paragraph is one line)
DIFF_TOTAL_CHARS = 300_000   # characters of all diffs in one release; later documents get none
SIMILAR_QUOTE = 0.8          # difflib ratio above which two quotes of a document are the same sentence, edited
MAX_PAIR_CANDIDATES = 2_500  # removed x added rows of one document above which only identical quotes pair
SKIPPED_LISTED = 100         # skipped sources listed in changes.json (all are in datapackage.json)


# --- reading a release -----------------------------------------------------------

def _json_value(value: Any) -> Any:
    """A Parquet cell as a JSON value: dates as ISO text, NaN as null."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def rows_by_id(release: Path | None, table: str, ids: set[str] | None = None) -> dict[str, dict[str, Any]]:
    """A table's rows (only ``ids``, if given) keyed by its id column; empty when the file is missing."""
    if release is None:
        return {}
    path = Path(release) / f"{table}.parquet"
    if not path.exists():
        return {}
    id_column = contract.ID_COLUMNS[table]
    data = pq.read_table(path)
    if ids is not None:
        data = data.filter(pc.is_in(data[id_column], value_set=pa.array(sorted(ids), type=pa.string())))
    return {row[id_column]: {k: _json_value(v) for k, v in row.items()} for row in data.to_pylist()}


# --- comparing -------------------------------------------------------------------

def _same(a: Any, b: Any) -> bool:
    """Equality where NaN equals NaN (and None)."""
    a_missing = a is None or (isinstance(a, float) and math.isnan(a))
    b_missing = b is None or (isinstance(b, float) and math.isnan(b))
    if a_missing or b_missing:
        return a_missing and b_missing
    return a == b


def _field_order(table: str, old: dict, new: dict) -> list[str]:
    """Contract columns first, in contract order, then any others (an older contract) sorted."""
    names = contract.column_names(table)
    extra = sorted((set(old) | set(new)) - set(names))
    return names + extra


def changed_fields(table: str, old: dict, new: dict) -> dict[str, dict[str, Any]]:
    """Field name -> {"old", "new"} for every field whose value differs."""
    return {name: {"old": _json_value(old.get(name)), "new": _json_value(new.get(name))}
            for name in _field_order(table, old, new)
            if not _same(old.get(name), new.get(name))}


# --- documents: a text diff instead of two whole texts ----------------------------------

def text_diff(old: str | None, new: str | None, *, max_lines: int = DIFF_MAX_LINES,
              max_chars: int = DIFF_MAX_CHARS, line_chars: int = DIFF_LINE_CHARS) -> dict[str, Any]:
    """A unified diff (difflib, one line of context) of two document texts, cut to a readable size.

    Long lines (paragraphs) are shortened to ``line_chars``; the diff stops at
    ``max_lines`` lines or ``max_chars`` characters, with ``truncated`` set.
    """
    old_lines, new_lines = (old or "").splitlines(), (new or "").splitlines()
    diff = difflib.unified_diff(old_lines, new_lines, "before", "after", n=1, lineterm="")
    shown, size, truncated = [], 0, False
    for line in diff:
        if len(line) > line_chars:
            line = line[:line_chars - 1] + "…"
        if len(shown) >= max_lines or size + len(line) + 1 > max_chars:
            truncated = True
            break
        shown.append(line)
        size += len(line) + 1
    return {"diff": "\n".join(shown), "truncated": truncated,
            "old_chars": len(old or ""), "new_chars": len(new or "")}


def _document_change(old: dict, new: dict, budget: list[int]) -> dict | None:
    """A changed documents row: its fields but the text, and a diff of the text (within the release's budget)."""
    fields = changed_fields("documents", old, new)
    text = fields.pop("text", None)
    if not fields and text is None:
        return None
    change: dict[str, Any] = {"id": new["doc_id"], "fields": fields}
    if text is not None:
        diff = text_diff(old.get("text"), new.get("text")) if budget[0] > 0 else None
        if diff is not None and len(diff["diff"]) <= budget[0]:
            budget[0] -= len(diff["diff"])
        else:   # the release's budget is spent: this and every later document get counts only
            budget[0] = 0
            diff = {"diff": None, "truncated": True, "omitted": "the release's diff budget is spent",
                    "old_chars": len(old.get("text") or ""), "new_chars": len(new.get("text") or "")}
        change["text_diff"] = diff
    return change


# --- row tables: the same sentence is the same row ------------------------------------

def _quote_similarity(a: str, b: str) -> float:
    if a == b:
        return 2.0                       # the very sentence: always preferred
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < SIMILAR_QUOTE or matcher.quick_ratio() < SIMILAR_QUOTE:
        return 0.0
    return matcher.ratio()


def pair_by_sentence(table: str, removed: dict[str, dict], added: dict[str, dict]) -> list[tuple[str, str]]:
    """(old id, new id) of rows that left and came back from the same sentence with other values.

    A row id hashes the sentence, so a row whose number was edited in the
    article comes back under a new id. Rows of the same document pair up when
    their quotes are the same, or nearly (``SIMILAR_QUOTE`` of difflib's
    ratio: a sentence with one number edited); the best pairs first (same
    quote, then the most similar, then the fewest differing fields), each row
    in one pair at most. Identical quotes pair first; a document with very
    many rows left after that pairs no more (``MAX_PAIR_CANDIDATES``).
    """
    old_by_doc: dict[str, list[str]] = {}
    new_by_doc: dict[str, list[str]] = {}
    for row_id, row in removed.items():
        old_by_doc.setdefault(row.get("doc_id"), []).append(row_id)
    for row_id, row in added.items():
        new_by_doc.setdefault(row.get("doc_id"), []).append(row_id)
    pairs: list[tuple[str, str]] = []
    used_old: set[str] = set()
    used_new: set[str] = set()

    def pick(candidates: list) -> None:
        for _, _, old_id, new_id in sorted(candidates):
            if old_id not in used_old and new_id not in used_new:
                pairs.append((old_id, new_id))
                used_old.add(old_id)
                used_new.add(new_id)

    def quote(rows: dict, row_id: str) -> str:
        return str(rows[row_id].get("quote") or "")

    for doc_id in sorted(set(old_by_doc) & set(new_by_doc), key=str):
        olds, news = sorted(old_by_doc[doc_id]), sorted(new_by_doc[doc_id])
        # identical quotes first: cheap, and the whole story when ids change but sentences do not
        news_by_quote: dict[str, list[str]] = {}
        for new_id in news:
            news_by_quote.setdefault(quote(added, new_id), []).append(new_id)
        pick([(0, len(changed_fields(table, removed[o], added[n])), o, n)
              for o in olds for n in news_by_quote.get(quote(removed, o), [])])
        olds = [o for o in olds if o not in used_old]
        news = [n for n in news if n not in used_new]
        if not olds or not news or len(olds) * len(news) > MAX_PAIR_CANDIDATES:
            continue
        fuzzy = []
        for old_id in olds:
            for new_id in news:
                score = _quote_similarity(quote(removed, old_id), quote(added, new_id))
                if score >= SIMILAR_QUOTE:
                    fuzzy.append((-score, len(changed_fields(table, removed[old_id], added[new_id])), old_id, new_id))
        pick(fuzzy)
    return sorted(pairs, key=lambda p: p[1])


def _row_change(table: str, old_id: str, new_id: str, old: dict, new: dict) -> dict:
    change: dict[str, Any] = {"id": new_id}
    if old_id != new_id:
        change["old_id"] = old_id
    change.update({"doc_id": new.get("doc_id"), "quote": new.get("quote"),
                   "fields": changed_fields(table, old, new)})
    return change


def table_changes(table: str, old_rows: dict[str, dict], new_rows: dict[str, dict],
                  diff_budget: list[int] | None = None) -> dict:
    """Rows added, removed, changed (with old and new values) and moved (offsets only), sorted by id.

    Row tables: a row whose sentence is the same (or the same but for what
    was edited) is one changed row, under its new id with ``old_id``, never
    one added and one removed. Documents: a changed text is a diff of the
    changed lines, never the two whole texts. ``diff_budget`` (a one-item
    list, shared by a release's tables) caps the characters of all diffs.
    """
    budget = diff_budget if diff_budget is not None else [DIFF_TOTAL_CHARS]
    changed, moved = [], []
    for row_id in sorted(set(old_rows) & set(new_rows)):
        old, new = old_rows[row_id], new_rows[row_id]
        if table == "documents":
            change = _document_change(old, new, budget)
            if change:
                changed.append(change)
            continue
        fields = changed_fields(table, old, new)
        if not fields:
            continue
        if set(fields) <= OFFSET_FIELDS:   # an edit earlier in the article moved the sentence
            moved.append(row_id)
        else:
            changed.append(_row_change(table, row_id, row_id, old, new))
    added = {i: new_rows[i] for i in set(new_rows) - set(old_rows)}
    removed = {i: old_rows[i] for i in set(old_rows) - set(new_rows)}
    if table != "documents":
        for old_id, new_id in pair_by_sentence(table, removed, added):
            changed.append(_row_change(table, old_id, new_id, removed.pop(old_id), added.pop(new_id)))
    return {
        "id_column": contract.ID_COLUMNS[table],
        "rows": len(new_rows),
        "rows_before": len(old_rows),
        "added": sorted(added),
        "removed": sorted(removed),
        "changed": sorted(changed, key=lambda c: c["id"]),
        "moved": moved,
    }


def article_changes(old_inputs: dict[str, str], new_inputs: dict[str, str],
                    old_skipped: Iterable[str] = (), new_skipped: Iterable[str] = ()) -> dict[str, list[str]]:
    """Articles added, changed (other sha256) and removed: released articles only.

    The manifest and the corrections file are not articles (``input_changes``
    lists them), and neither is a file skipped in that build (empty, binary,
    a duplicate...): a file skipped before and readable now is added.
    """
    old = {k: v for k, v in old_inputs.items() if k not in MANIFEST_FILES and k not in set(old_skipped)}
    new = {k: v for k, v in new_inputs.items() if k not in MANIFEST_FILES and k not in set(new_skipped)}
    return {
        "added": sorted(set(new) - set(old)),
        "changed": sorted(k for k in set(old) & set(new) if old[k] != new[k]),
        "removed": sorted(set(old) - set(new)),
    }


def manifest_changes(old_inputs: dict[str, str], new_inputs: dict[str, str]) -> dict[str, list[str]]:
    """sources.csv and corrections.yaml added, changed and removed."""
    old = {k: v for k, v in old_inputs.items() if k in MANIFEST_FILES}
    new = {k: v for k, v in new_inputs.items() if k in MANIFEST_FILES}
    return {
        "added": sorted(set(new) - set(old)),
        "changed": sorted(k for k in set(old) & set(new) if old[k] != new[k]),
        "removed": sorted(set(old) - set(new)),
    }


def skipped_names(package: dict) -> set[str]:
    """The sources a release (or a scan) skipped, by name."""
    return {str(s.get("source")) for s in package.get("skipped_sources") or [] if isinstance(s, dict)}


def summary(changes: dict) -> dict[str, dict[str, int]]:
    """Counts only: what a catalog or a log line shows."""
    counts = {t: {k: len(c.get(k, [])) for k in ("added", "removed", "changed", "moved")}
              for t, c in changes["tables"].items()}
    counts["articles"] = {k: len(v) for k, v in changes["articles"].items()}
    return counts


def _file_digest(package: dict, table: str) -> str | None:
    """The sha256 of a release's Parquet file of ``table``, from its manifest."""
    for resource in package.get("resources", []):
        if resource.get("path") == f"{table}.parquet" and str(resource.get("hash", "")).startswith("sha256:"):
            return resource["hash"].removeprefix("sha256:")
    return None


def _fingerprints(release: Path | None, table: str, digest: str | None = None,
                  store: Path | None = None) -> pd.Series:
    """One hash per row, indexed by id: equal hashes mean equal rows, so only the others are compared.

    With a ``store`` folder (the cache's), kept there as ``<sha256 of the
    Parquet file>.parquet``: a published file never changes, so the next
    release compares against the stored hashes instead of reading and
    hashing the whole previous table.
    """
    if release is None or not (Path(release) / f"{table}.parquet").exists():
        return pd.Series(dtype="uint64")
    stored = Path(store) / f"{digest}.parquet" if store is not None and digest else None
    if stored is not None and stored.exists():
        try:
            kept = pq.read_table(stored)
            return pd.Series(kept["hash"].to_numpy(), index=kept["id"].to_numpy(zero_copy_only=False))
        except (OSError, KeyError, pa.ArrowException):
            pass  # unreadable: computed again below
    df = pd.read_parquet(Path(release) / f"{table}.parquet")
    hashes = pd.util.hash_pandas_object(df[sorted(df.columns)], index=False).to_numpy()
    ids = df[contract.ID_COLUMNS[table]].to_numpy()
    if stored is not None:
        _store_fingerprints(stored, ids, hashes)
    return pd.Series(hashes, index=ids)


def _store_fingerprints(path: Path, ids, hashes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with replacing(path) as tmp:
            pq.write_table(pa.table({"id": pa.array(ids, type=pa.string()),
                                     "hash": pa.array(hashes, type=pa.uint64())}), tmp)
    except OSError:
        pass  # only a cache: the next release hashes the table again


def _table_diff(old: Path | None, new: Path, table: str, old_digest: str | None = None,
                new_digest: str | None = None, store: Path | None = None,
                diff_budget: list[int] | None = None) -> dict:
    before, after = _fingerprints(old, table, old_digest, store), _fingerprints(new, table, new_digest, store)
    common = before.index.intersection(after.index)
    differing = set(common[before.loc[common].to_numpy() != after.loc[common].to_numpy()])
    ids = set(before.index).symmetric_difference(after.index) | differing
    # rows equal in both releases only count: keep them out of the field-by-field comparison
    result = table_changes(table, rows_by_id(old, table, ids), rows_by_id(new, table, ids), diff_budget)
    result["rows"], result["rows_before"] = len(after), len(before)
    return result


def _diff(old: Path | None, new: Path, new_package: dict, store: Path | None = None) -> dict:
    old_package = read_package_or_empty(old)
    budget = [DIFF_TOTAL_CHARS]
    tables = {t: _table_diff(old, new, t, _file_digest(old_package, t), _file_digest(new_package, t), store, budget)
              for t in contract.TABLES}
    old_inputs, new_inputs = dict(old_package.get("inputs") or {}), dict(new_package.get("inputs") or {})
    skipped = sorted(new_package.get("skipped_sources") or [], key=lambda s: (str(s.get("source")), str(s.get("problem"))))
    changes = {
        "version": new_package.get("version", Path(new).name),
        "previous_version": Path(old).name if old is not None else None,
        "first_release": old is None,
        "tables": tables,
        "articles": article_changes(old_inputs, new_inputs, skipped_names(old_package), skipped_names(new_package)),
        "manifest": manifest_changes(old_inputs, new_inputs),
        "skipped": {"count": len(skipped), "sources": skipped[:SKIPPED_LISTED]},
    }
    changes["summary"] = summary(changes)
    return changes


def diff_releases(old: Path | None, new: Path) -> dict:
    """Rows and articles added, changed and removed from ``old`` (None: nothing) to ``new``."""
    return _diff(Path(old) if old is not None else None, Path(new), read_package_or_empty(new))


# --- writing ---------------------------------------------------------------------

def _md_list(items: list, render=markdown_code) -> list[str]:
    lines = [f"- {render(item)}" for item in items[:MD_LIST_LIMIT]]
    if len(items) > MD_LIST_LIMIT:
        lines.append(f"- … and {len(items) - MD_LIST_LIMIT} more (see `{CHANGES_JSON}`)")
    return lines or ["- none"]


def _md_changed_row(row: dict) -> str:
    """One changed row: id (and the id it had), document, old → new per field, then its quote."""
    id_columns = set(contract.ID_COLUMNS.values())   # the head shows the id and the id it had
    fields = "; ".join(f"{name}: {markdown_text(v['old'], MD_VALUE_LIMIT)} → {markdown_text(v['new'], MD_VALUE_LIMIT)}" for name, v in row["fields"].items()
                       if name != "quote" and name not in id_columns)
    head = markdown_code(row["id"]) + (f" (was {markdown_code(row['old_id'])})" if row.get("old_id") else "")
    if row.get("doc_id"):
        head += f" in {markdown_code(row['doc_id'])}"
    lines = [f"{head}: {fields or 'only its quote'}"]
    quote = row["fields"].get("quote")
    if quote:
        lines += [f"  - quote before: “{markdown_text(quote['old'], 400)}”", f"  - quote now: “{markdown_text(quote['new'], 400)}”"]
    elif row.get("quote"):
        lines.append(f"  - quote: “{markdown_text(row['quote'], 400)}”")
    return "\n".join(lines)


def _md_document(row: dict, with_diff: bool) -> str:
    fields = "; ".join(f"{name}: {markdown_text(v['old'], MD_VALUE_LIMIT)} → {markdown_text(v['new'], MD_VALUE_LIMIT)}" for name, v in row["fields"].items())
    diff = row.get("text_diff")
    parts = [f"{markdown_code(row['id'])}" + (f": {fields}" if fields else "")]
    if diff:
        parts[0] += f"{'; ' if fields else ': '}text {diff['old_chars']} → {diff['new_chars']} characters"
        if with_diff and diff.get("diff"):
            fence = markdown_fence(diff["diff"])
            block = diff["diff"] + ("\n… (diff cut short)" if diff.get("truncated") else "")
            parts += ["", "  " + fence + "diff", *("  " + line for line in block.splitlines()), "  " + fence]
    return "\n".join(parts)


def changes_markdown(changes: dict) -> str:
    """CHANGES.md: the same lists as changes.json, shortened for reading."""
    previous = changes["previous_version"]
    lines = [f"# Changes in {changes['version']}", "",
             f"Compared with release `{previous}`." if previous else "First release: every row and article is new.",
             "", "A row whose sentence is the same but whose values changed is listed as changed, with old → new "
             "values; rows that only moved in an edited article are counted as moved.",
             "", "| table | rows | added | removed | changed | moved |", "|---|---|---|---|---|---|"]
    for table, c in changes["tables"].items():
        lines.append(f"| `{table}` | {c['rows']} | {len(c['added'])} | {len(c['removed'])} | {len(c['changed'])} "
                     f"| {len(c.get('moved', []))} |")
    lines += ["", "## Articles", ""]
    for kind in ("added", "changed", "removed"):
        lines += [f"### {kind.capitalize()}", "", *_md_list(changes["articles"][kind]), ""]
    manifest = changes.get("manifest") or {}
    edited = [f"{name} ({kind})" for kind in ("added", "changed", "removed") for name in manifest.get(kind, [])]
    lines += ["## Manifest and corrections", "", *_md_list(edited), ""]
    skipped = changes.get("skipped") or {"count": 0, "sources": []}
    lines += [f"## Skipped sources ({skipped['count']})", "",
              *_md_list(skipped["sources"], lambda s: f"{markdown_code(s.get('source'))}: {markdown_text(s.get('problem'), MD_VALUE_LIMIT)}"), ""]
    for table, c in changes["tables"].items():
        lines += [f"## `{table}` (by `{c['id_column']}`)", ""]
        lines += ["### Added", "", *_md_list(c["added"]), ""]
        lines += ["### Removed", "", *_md_list(c["removed"]), ""]
        if table == "documents":
            numbered = list(enumerate(c["changed"]))
            lines += ["### Changed", "", *_md_list(numbered, lambda n: _md_document(n[1], n[0] < MD_DIFF_LIMIT)), ""]
        else:
            lines += ["### Changed", "", *_md_list(c["changed"], _md_changed_row), ""]
            if c.get("moved"):
                lines += [f"### Moved ({len(c['moved'])} rows whose only change is their offsets)", ""]
    return "\n".join(lines)


def write_changes(folder: Path, package: dict, fingerprint_store: Path | None = None) -> dict:
    """The ``after_write`` hook: compare with ``package["previous_version"]`` and write both files.

    ``fingerprint_store``: a folder where row hashes are kept between releases (the cache's).
    """
    folder = Path(folder)
    previous = package.get("previous_version")
    old = folder.parent / previous if previous else None
    if old is not None and not old.is_dir():
        raise FileNotFoundError(f"previous release {previous} not found beside {folder}")
    changes = _diff(old, folder, package, fingerprint_store)
    (folder / CHANGES_JSON).write_text(json.dumps(changes, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                                       encoding="utf-8")
    (folder / CHANGES_MD).write_text(changes_markdown(changes), encoding="utf-8")
    return changes
