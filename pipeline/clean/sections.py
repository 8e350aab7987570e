"""Page sections that are not the article: related content, teaser lists, comments, trailing headings.

Single lines cannot tell a "Related" box from the article around it, so
these rules weigh where a section heading sits in the page and how much
article prose follows it: little prose after it means the page's tail.
"""
from __future__ import annotations

from pipeline.clean.layout import BODY_MIN_STOP_RATIO, Line, ends_with_ellipsis

# ---------------------------------------------------------------------------
# Tunables (general, not per outlet)
# ---------------------------------------------------------------------------
PROSE_MIN_WORDS = 20
TEASER_LINE_MAX_WORDS = 12  # a teaser's headline/label above its summary is at most this long
TAIL_PROSE_RATIO = 0.35  # after a section heading, less prose than this share of the article = page tail
WEAK_CUT_POSITION = 0.5  # ambiguous section headings cut only in the second half
LISTING_LOOKAHEAD = 6  # two date lines this close after the article = a teaser listing


# ---------------------------------------------------------------------------
# Sections, teasers and trailing material
# ---------------------------------------------------------------------------
def position(line: Line, total: int) -> float:
    """Where the line starts, as a share of the page (0 = top, 1 = bottom)."""
    return line.offset / total if total else 0.0


def teaser_run_start(lines: list[Line], link_index: int) -> int:
    """First line of the teaser closed by the link at `link_index` (headline, date, summary…)."""
    start = link_index
    took_summary = False
    for j in range(link_index - 1, -1, -1):
        line = lines[j]
        if line.kind == "drop" and not took_summary:
            start = j
            continue
        if not took_summary:
            took_summary, start = True, j
            continue
        if line.kind != "body" or ends_with_ellipsis(line.text) or line.n_words <= TEASER_LINE_MAX_WORDS:
            start = j  # the teaser's headline, date or category label
            continue
        break
    return start


def apply_section_cuts(lines: list[Line], total: int) -> None:
    """Drop related-content sections, teaser lists and comment blocks.

    A section heading ("Related Content") in the second half of the page, or any
    section heading or teaser after which little article prose follows, starts
    the page's tail: everything from it goes. Otherwise it is a box inside (or
    before) the article: it goes up to the next prose paragraph.
    """
    in_box = False
    for i, line in enumerate(lines):
        if line.kind.startswith("cut-"):
            late = position(line, total) >= WEAK_CUT_POSITION
            too_early = line.kind == "cut-weak" and not late
            if (line.kind == "cut-strong" and late and any(is_prose(x) for x in lines[:i])) or (
                not too_early and little_prose_after(lines, i)
            ):
                cut_from(lines, i, line.reason)
                return
            line.kind, in_box = "drop", not too_early
            continue
        if line.reason == "dateline" and position(line, total) >= WEAK_CUT_POSITION and starts_teaser_listing(lines, i):
            start = listing_start(lines, i)
            if little_prose_after(lines, start):
                cut_from(lines, start, "teaser-listing")
                return
            continue
        if line.kind == "teaser-link":
            start = teaser_run_start(lines, i)
            if little_prose_after(lines, start):
                cut_from(lines, start, "teaser-section")
                return
            for x in lines[start: i + 1]:
                if x.kind != "drop":
                    x.kind, x.reason = "drop", "teaser"
            continue
        if in_box:
            if is_prose(line):
                in_box = False
            elif line.kind != "drop":
                line.kind, line.reason = "drop", "teaser-box"


def is_prose(line: Line) -> bool:
    """A full paragraph of article prose (not a headline, label or truncated teaser)."""
    return (
        line.kind == "body"
        and line.n_words >= PROSE_MIN_WORDS
        and line.stop_ratio >= BODY_MIN_STOP_RATIO
        and not ends_with_ellipsis(line.text)
    )


def little_prose_after(lines: list[Line], start: int) -> bool:
    """Whether the prose after `start` is small next to the article prose before it (a tail, not a box).

    Teaser summaries (prose right before a "Read more" link) do not count as article.
    """
    before = sum(len(x.text) for x in lines[:start] if is_prose(x))
    after = 0
    for j in range(start + 1, len(lines)):
        x = lines[j]
        if is_prose(x) and not (j + 1 < len(lines) and lines[j + 1].kind == "teaser-link"):
            after += len(x.text)
    return after <= TAIL_PROSE_RATIO * before


def starts_teaser_listing(lines: list[Line], i: int) -> bool:
    """A date line followed closely by another one: a list of dated teasers, not the article."""
    following = [line for line in lines[i + 1: i + 1 + LISTING_LOOKAHEAD]]
    return any(line.reason == "dateline" for line in following)


def listing_start(lines: list[Line], i: int) -> int:
    """The listing starts at its first date line, or at the headline right before it."""
    j = i - 1
    while j >= 0 and lines[j].kind == "drop" and lines[j].reason != "dateline":
        j -= 1
    return j if j >= 0 and lines[j].kind == "heading" else i


def cut_from(lines: list[Line], start: int, reason: str) -> None:
    """Drop every line from `start` to the end of the page."""
    for line in lines[start:]:
        if line.kind != "drop":
            line.kind, line.reason = "drop", reason


def trim_trailing_non_prose(lines: list[Line]) -> None:
    """Headings and truncated teasers with no article text after them are not content."""
    for line in reversed(lines):
        if line.kind == "drop":
            continue
        if line.kind == "heading" or ends_with_ellipsis(line.text):
            line.kind, line.reason = "drop", "trailing"
            continue
        break
