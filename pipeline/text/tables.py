"""Text tables in articles: rows of figures that NGO reports and statistics pages print as text.

Cleaning keeps a table's header and data rows, each a paragraph: a pipe table
as written, a whitespace-aligned one with its cells joined by a tab (so its
rows still read, and are quoted, as the article prints them); extraction
reads each numeric cell as a figure about its row (the place) and its column
(the year or the change). A row is the "sentence" its figures are quoted from.
"""
from __future__ import annotations

import re

NUMBER_CELL = re.compile(r"^[(]?[+\-−–]?\s*(?:[$€£]|S/\.?|US\$)?\s*\d[\d.,]*\s*(?:%|ha|t|kg|million|billion|mn|bn)?[)]?$")
ITEM_NUMBER = re.compile(r"^\d{1,3}[.)]?$")  # "1 | Medium helicopters | 3 units | …": an item of a list of awards
SEPARATOR_ROW = re.compile(r"^[\s|:+=\-–—]+$")
ALIGNED_GAP = re.compile(r"\s{2,}|\t")


CELL_TAB = "\t"


def _separator(line: str) -> str:
    return CELL_TAB if CELL_TAB in line and "|" not in line else "|"


def cells(line: str) -> list[str] | None:
    """The cells of a pipe row ("| VRAEM | 36,510 |") or of an aligned row joined by tabs, or None for a
    line that is not one.
    """
    if _separator(line) == CELL_TAB:
        parts = [c.strip() for c in line.strip().split(CELL_TAB)]
        return parts if len(parts) >= 2 else None
    if line.count("|") < 2 and not (line.count("|") == 1 and not line.strip().startswith("|")):
        return None
    parts = [c.strip() for c in line.strip().strip("|").split("|")]
    return parts if len(parts) >= 2 else None


YEAR_CELL = re.compile(r"^(?:FY\s*)?(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)?\d\d)?[*]?$")


def is_number(cell: str) -> bool:
    """A cell that is only a figure; a year ("2022", "2022-23") names a column, it is no figure."""
    cell = cell.strip()
    return bool(NUMBER_CELL.match(cell)) and not YEAR_CELL.match(cell)


def is_data_row(line: str) -> bool:
    """A table row with a label and at least one cell that is only a number."""
    row = cells(line)
    return bool(row) and any(is_number(c) for c in row[1:]) and (
        any(ch.isalpha() for ch in row[0]) or bool(YEAR_CELL.match(row[0].strip()))
        or bool(ITEM_NUMBER.match(row[0].strip())) and any(ch.isalpha() for c in row[1:] for ch in c))


def is_header_row(line: str) -> bool:
    """A row of column names: every cell short, none a bare number."""
    row = cells(line)
    return bool(row) and len(row) >= 3 and not any(is_number(c) for c in row) and all(len(c.split()) <= 6 for c in row) \
        and any(ch.isalpha() for c in row for ch in c)


def is_separator(line: str) -> bool:
    return "|" in line and "-" in line and bool(SEPARATOR_ROW.match(line))


def aligned_as_cells(line: str) -> str | None:
    """A whitespace-aligned table row ("VRAEM   36,510   38,920", "Zone   2022   2023") with its cells
    joined by a tab, or None.
    """
    parts = [p for p in ALIGNED_GAP.split(line.strip()) if p]
    if len(parts) < 3 or "|" in line or not any(ch.isalpha() for ch in parts[0]):
        return None
    if sum(is_number(p) for p in parts[1:]) < 2 and not all(YEAR_CELL.match(p) for p in parts[1:]):
        return None  # a head of year columns ("Zone   2022   2023") is a row of the table too
    return CELL_TAB.join(parts)


FOOTNOTE_MARK = re.compile(r"\s*(?:\([a-z0-9*]\)|\[\d+\]|\*+|†)\s*$")
TOTAL_LABEL = re.compile(r"^(?:national\s+)?total\b|^all\b|\btotal$", re.I)


def label_of(row: list[str]) -> str:
    """The row's name as written, without footnote marks ("VRAEM (a)" -> "VRAEM"); an item's is its first
    cell of words ("1 | Thermal imaging cameras | …").
    """
    first = row[0].strip()
    if ITEM_NUMBER.match(first):
        first = next((c for c in row[1:] if any(ch.isalpha() for ch in c) and not is_number(c)), first)
    return FOOTNOTE_MARK.sub("", first).strip()


def is_total(label: str) -> bool:
    return bool(TOTAL_LABEL.search(label))


def column_of(line: str, position: int) -> int:
    """The cell index of a character of a table row."""
    sep = _separator(line)
    leading = 1 if line.lstrip().startswith(sep) else 0
    return line[:position].count(sep) - leading


def caption_subject(caption: str) -> str:
    """ "Table 2.1 Coca cultivation by monitoring zone, Peru, 2022-2023 (hectares)" -> "Coca cultivation"."""
    text = re.sub(r"^\s*(?:table|cuadro|tabla|figure|chart)\s*[\w.]*[:.\s-]*", "", caption, flags=re.I)
    return re.split(r"\s+by\s+|,|\(|:|\s[-–—]\s", text)[0].strip()


def cell_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of each cell's text in a table row, in order."""
    sep = _separator(line)
    body_start = line.index(sep) + 1 if line.lstrip().startswith(sep) else 0
    spans, start = [], body_start
    for m in re.finditer(re.escape(sep), line[body_start:]):
        end = body_start + m.start()
        spans.append((start, end))
        start = end + 1
    if line[start:].strip():
        spans.append((start, len(line)))
    trimmed = []
    for a, b in spans:
        text = line[a:b]
        lead = len(text) - len(text.lstrip())
        trimmed.append((a + lead, a + lead + len(text.strip())))
    return trimmed


def is_rule_row(line: str) -> bool:
    """A ruled line between a table's head and its rows ("---|---|---")."""
    return bool(re.fullmatch(r"[\s|:+=-]+", line)) and "-" in line
