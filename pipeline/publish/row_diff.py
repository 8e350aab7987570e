"""Comparing two versions of one table's rows: which were added, removed, changed or moved.

Pure functions of row dictionaries keyed by id, so the rules (NaN equals
NaN, an edited sentence is one changed row, a document's text is a short
diff, never two whole texts) can be tested without any release on disk;
``diff`` feeds them the rows of two releases. Nothing here imports Dagster.
"""
from __future__ import annotations

import datetime as dt
import difflib
import math
from typing import Any

from pipeline import contract

OFFSET_FIELDS = frozenset({"char_start", "char_end"})
# Document texts are never copied whole: a diff of the changed lines, cut to these sizes.
DIFF_MAX_LINES = 40          # lines of one document's diff
DIFF_MAX_CHARS = 2_000       # characters of one document's diff
DIFF_LINE_CHARS = 300        # characters of one diff line (a paragraph is one line)
DIFF_TOTAL_CHARS = 300_000   # characters of all diffs in one release; later documents get none
SIMILAR_QUOTE = 0.8          # difflib ratio above which two quotes of a document are the same sentence, edited
MAX_PAIR_CANDIDATES = 2_500  # removed x added rows of one document above which only identical quotes pair


def json_value(value: Any) -> Any:
    """A Parquet cell as a JSON value: dates as ISO text, NaN as null."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


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
    return {name: {"old": json_value(old.get(name)), "new": json_value(new.get(name))}
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

