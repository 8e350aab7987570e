"""Cutting the articles into batches where their ids say so, so one change leaves the other batches cached."""
from __future__ import annotations

from collections.abc import Callable

from pipeline.common.hashing import sha256_text

DEFAULT_BATCH_SIZE = 1000


def _cut_here(doc_id: str, size: int) -> bool:
    return int(sha256_text(doc_id)[:12], 16) % max(1, size // 4) == 0


def content_batches(items: list, doc_id: Callable[[object], str], size: int) -> list[list]:
    """Items in order, cut into batches of about ``size`` where their ids say so.

    A batch ends, once it holds three quarters of ``size``, after an item
    whose id hashes to a cut point (one in a quarter of ``size``), or at one
    and a half times ``size``. Cut points depend on the ids alone, so adding
    or removing an article changes its own batch and leaves the others, and
    their cached results, as they were; fixed-size slices would shift every
    batch after it. Sizes stay close to ``size``, so parallel steps finish
    together. At least one batch, even an empty one, so the graph always
    completes.
    """
    smallest, largest = max(1, 3 * size // 4), max(1, 3 * size // 2)
    batches, current = [], []
    for item in items:
        current.append(item)
        if len(current) >= largest or (len(current) >= smallest and _cut_here(doc_id(item), size)):
            batches.append(current)
            current = []
    if current or not batches:
        batches.append(current)
    return batches
