"""A release's list of changes: ``changes.json`` (exact, for programs) and ``CHANGES.md`` (for people).

``write_changes`` runs inside ``release.publish`` (its ``after_write`` hook)
on the finished temporary folder, so every release ships both files beside
its tables. The comparison itself is ``diff`` (releases) and ``row_diff``
(rows); their public names are re-exported here, where callers and tests
import them. Nothing here imports Dagster.
"""
from __future__ import annotations

import json
from pathlib import Path

from pipeline import contract
from pipeline.common.escaping import markdown_code, markdown_fence, markdown_text
from pipeline.publish.diff import (
    MANIFEST_FILES,
    SKIPPED_LISTED,
    article_changes,
    diff_releases,
    manifest_changes,
    release_changes,
    rows_by_id,
    skipped_names,
    summary,
)
from pipeline.publish.row_diff import (
    DIFF_LINE_CHARS,
    DIFF_MAX_CHARS,
    DIFF_MAX_LINES,
    DIFF_TOTAL_CHARS,
    MAX_PAIR_CANDIDATES,
    OFFSET_FIELDS,
    SIMILAR_QUOTE,
    changed_fields,
    pair_by_sentence,
    table_changes,
    text_diff,
)

# Re-exported: callers and tests import these from here.
__all__ = [
    "CHANGES_JSON", "CHANGES_MD", "DIFF_LINE_CHARS", "DIFF_MAX_CHARS", "DIFF_MAX_LINES", "DIFF_TOTAL_CHARS",
    "MANIFEST_FILES", "MAX_PAIR_CANDIDATES", "MD_DIFF_LIMIT", "MD_LIST_LIMIT", "MD_VALUE_LIMIT", "OFFSET_FIELDS",
    "SIMILAR_QUOTE", "SKIPPED_LISTED", "article_changes", "changed_fields", "changes_markdown", "diff_releases",
    "manifest_changes", "pair_by_sentence", "release_changes", "rows_by_id", "skipped_names", "summary",
    "table_changes", "text_diff", "write_changes",
]

CHANGES_JSON = "changes.json"
CHANGES_MD = "CHANGES.md"
MD_LIST_LIMIT = 200      # items per list in CHANGES.md; changes.json has every id
MD_VALUE_LIMIT = 160     # characters of a value shown in CHANGES.md
MD_DIFF_LIMIT = 50       # document diffs shown in CHANGES.md


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
    changes = release_changes(old, folder, package, fingerprint_store)
    (folder / CHANGES_JSON).write_text(json.dumps(changes, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                                       encoding="utf-8")
    (folder / CHANGES_MD).write_text(changes_markdown(changes), encoding="utf-8")
    return changes
