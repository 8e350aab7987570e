"""The vocabulary of figures, read once from ``schemas/lexicon/units.yaml``.

Words live in the YAML, not in code; this module loads it (checking that no
unquoted word turned into a boolean or number) and folds the number words
into lookup tables for the number-word parser and the grammar.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import yaml

from pipeline.common.paths import LEXICON_DIR
from pipeline.text.numbers.patterns import _key

# The C parser when PyYAML has it: the same data as yaml.safe_load, read several times faster.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

UNITS_PATH = LEXICON_DIR / "units.yaml"


@dataclass(frozen=True)
class _NumberVocab:
    zero: dict
    units: dict
    teens: dict
    tens: dict
    hundred: dict
    scales: dict
    dozen: dict
    half: dict
    articles: frozenset
    decimal_point: frozenset = frozenset()


@cache
def _lexicon() -> dict:
    lexicon = yaml.load(UNITS_PATH.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    _check_word_lists(lexicon, "units.yaml")
    return lexicon


def _check_word_lists(node, where: str) -> None:
    """Fail loudly on an unquoted YAML word that loaded as a boolean or number (on, off, no)."""
    if isinstance(node, dict):
        for key, value in node.items():
            _check_word_lists(value, f"{where}/{key}")
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, (dict, list)):
                _check_word_lists(item, where)
            elif not isinstance(item, str):
                raise ValueError(f"{where}: {item!r} is not a string; quote it in the YAML")


@cache
def _number_vocab() -> _NumberVocab:
    words = _lexicon()["number_words"]

    def folded(d):
        return {_key(k): float(v) for k, v in d.items()}

    return _NumberVocab(
        zero=folded(words["zero"]),
        units=folded(words["units"]),
        teens=folded(words["teens"]),
        tens=folded(words["tens"]),
        hundred=folded(words["hundred"]),
        scales=folded(words["scales"]),
        dozen=folded(words["dozen"]),
        half=folded(words["half"]),
        articles=frozenset(_key(a) for a in words["articles"]),
        decimal_point=frozenset(_key(a) for a in words.get("decimal_point") or []),
    )
