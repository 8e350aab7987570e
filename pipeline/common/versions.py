"""Code versions derived from the code itself: a stage's version hashes every module it imports.

A stage names its entry modules; the modules of this package they import
(at the top or inside a function) are found by reading the source, so a
new module joins its stage's version without anyone keeping a list.
"""
from __future__ import annotations

import ast
import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

PACKAGE = "pipeline"
PACKAGE_DIR = Path(__file__).resolve().parents[1]


def module_file(module: str) -> Path | None:
    """The source file of a module of this package (``pipeline.text.dates``), or None."""
    parts = module.split(".")
    if parts[0] != PACKAGE:
        return None
    base = PACKAGE_DIR.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imported(path: Path) -> set[str]:
    """Modules of this package that ``path`` imports, anywhere in its body."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == PACKAGE)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                and node.module.split(".")[0] == PACKAGE:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)   # ``from pipeline.text import dates``
    return found


def _parents(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(2, len(parts))]


@cache
def module_closure(entries: tuple[str, ...]) -> tuple[Path, ...]:
    """The files of ``entries`` and of every module of this package they import, transitively."""
    seen: dict[str, Path] = {}
    todo = list(entries)
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        path = module_file(module)
        if path is None:
            continue
        seen[module] = path
        todo.extend(_imported(path))
        todo.extend(_parents(module))     # a package's __init__ runs before its modules
    return tuple(sorted(set(seen.values())))


def files_version(paths: Iterable[Path], root: Path = PACKAGE_DIR.parent) -> str:
    """16 hex digits over the names and bytes of ``paths`` (order does not matter)."""
    digest = hashlib.sha256()
    for path in sorted(set(paths)):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
