"""Repeated paragraphs and pull quotes: text the page shows twice is kept once.

A pull quote repeats a sentence of the article; left in, every figure in it
would be extracted twice. Matching is on normalised words, since the copy
differs in quotes, case and the words around it.
"""
from __future__ import annotations

from pipeline.clean.layout import Line, is_quoted, line_key

# ---------------------------------------------------------------------------
# Tunables (general, not per outlet)
# ---------------------------------------------------------------------------
PULL_QUOTE_MIN_WORDS = 6  # shorter quoted paragraphs must be contained word for word
SHORT_QUOTE_MIN_WORDS = 3
PROBE_TOKENS = 4
PULL_QUOTE_SHINGLE = 5
PULL_QUOTE_OVERLAP = 0.8

PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~“”‘’„«»‹›…–—·•¿¡"


# ---------------------------------------------------------------------------
# Pull quotes
# ---------------------------------------------------------------------------
def normalised_paragraph(key: str) -> str:
    """Words separated by single spaces, punctuation around them dropped: quotes and case do not count."""
    return " ".join(filter(None, (token.strip(PUNCTUATION) for token in key.split())))


def shingles_of(words: list[str]) -> set[tuple[str, ...]]:
    """Every run of PULL_QUOTE_SHINGLE consecutive words."""
    return set(zip(*(words[k:] for k in range(PULL_QUOTE_SHINGLE))))


def plain_probe(tokens: list[str]) -> str | None:
    """A few consecutive punctuation-free tokens from the middle of a paragraph, to find copies of it cheaply."""
    size = min(PROBE_TOKENS, len(tokens))
    middle = max(0, (len(tokens) - size) // 2)
    for shift in range(0, len(tokens)):
        for start in (middle - shift, middle + shift):
            if 0 <= start <= len(tokens) - size and all(t.isalnum() for t in tokens[start: start + size]):
                return " ".join(tokens[start: start + size])
    return None


def repeated_paragraphs(texts: list[str]) -> set[int]:
    """Indices of paragraphs to drop: exact repeats after the first, and pull quotes mostly contained in a longer paragraph.

    Containment is the share of the short paragraph's 5-word shingles found in
    the longer one (so '…control,” X explained.' still matches '…control. It
    will…'); a short quoted paragraph must be contained word for word.
    Containers are looked for only when a few words from the paragraph's middle
    occur elsewhere in the page, so the cost stays near linear.
    """
    keys = [line_key(t) for t in texts]
    tokens = [k.split() for k in keys]
    drop: set[int] = set()
    first_seen: dict[str, int] = {}
    for i, key in enumerate(keys):
        if len(tokens[i]) >= SHORT_QUOTE_MIN_WORDS:
            if key in first_seen:
                drop.add(i)
            else:
                first_seen[key] = i
    joined = "\n".join(keys)
    words: dict[int, list[str]] = {}

    def words_of(j: int) -> list[str]:
        if j not in words:
            words[j] = normalised_paragraph(keys[j]).split(" ")
        return words[j]

    for i, key in enumerate(keys):
        if i in drop or len(tokens[i]) < SHORT_QUOTE_MIN_WORDS:
            continue
        probe = plain_probe(tokens[i])
        if probe is None or joined.count(probe) <= key.count(probe):
            continue  # the common case: nothing else shares these words
        containers = [j for j, other in enumerate(keys)
                      if j != i and j not in drop and len(other) > len(key) and probe in other]
        if containers and is_contained(i, containers, words_of, quoted=is_quoted(texts[i])):
            drop.add(i)
    return drop


def is_contained(i: int, containers: list[int], words_of, quoted: bool) -> bool:
    """Whether paragraph i is (mostly) inside one of the containers, judged on normalised words."""
    mine = words_of(i)
    if len(mine) < PULL_QUOTE_MIN_WORDS:
        padded = f" {' '.join(mine)} "
        return quoted and any(padded in f" {' '.join(words_of(j))} " for j in containers)
    shingles = shingles_of(mine)
    return any(len(shingles & shingles_of(words_of(j))) >= PULL_QUOTE_OVERLAP * len(shingles) for j in containers)


def drop_repeated_paragraphs(lines: list[Line]) -> None:
    """Drop repeated paragraphs and pull quotes among the lines still kept."""
    kept = [line for line in lines if line.kind != "drop"]
    for i in repeated_paragraphs([line.text for line in kept]):
        kept[i].kind, kept[i].reason = "drop", "repeated"
