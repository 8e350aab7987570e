"""Article text and file names shown as inert Markdown: never markup, never more than one line."""
from __future__ import annotations

import html
import json
import re
from typing import Any

# Markdown punctuation that can start a link, an image, code, emphasis, a heading or a
# table cell; a backslash makes each a literal character. HTML's own characters
# become entities instead (a backslash before an entity would show it raw).
_BACKSLASHED = "\\`*_[]|#~!"


def one_line(value: object) -> str:
    """``value`` as text with every run of whitespace (newlines included) one space."""
    return " ".join(str(value).split())


def markdown_text(value: Any, limit: int | None = None) -> str:
    """A value as literal Markdown text on one line, cut to ``limit`` characters with an ellipsis."""
    text = "null" if value is None else value if isinstance(value, str) else json.dumps(value)
    text = one_line(text)
    if limit is not None and len(text) > limit:
        text = text[:limit - 1] + "…"
    text = "".join("\\" + ch if ch in _BACKSLASHED else ch for ch in text)
    return html.escape(text, quote=True)


def markdown_code(value: object) -> str:
    """Text as a Markdown code span on one line, whatever backticks it holds."""
    text = one_line(value)
    fence = "`" * (longest_backtick_run(text) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def markdown_fence(text: str) -> str:
    """A code fence longer than any run of backticks in ``text``: the block cannot be closed from inside."""
    return "`" * max(3, longest_backtick_run(text) + 1)


# In a cell every character Markdown could read is an entity: decoded, the reader sees the text as written.
_CELL_ENTITIES = {ch: f"&#{ord(ch)};" for ch in "|[]`*_\\#~!"}


def markdown_cell(value: Any, limit: int | None = None) -> str:
    """A table cell: literal text, and no character (``|`` included) can end the cell or the row."""
    if value is None:
        return ""
    text = one_line(value)
    text = text[:limit] if limit is not None else text
    return "".join(_CELL_ENTITIES.get(ch, ch) for ch in html.escape(text, quote=True))


def longest_backtick_run(text: str) -> int:
    return max((len(run) for run in re.findall(r"`+", text)), default=0)
