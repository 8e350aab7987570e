"""The boilerplate lexicon (``schemas/lexicon/boilerplate.yaml``), read and compiled once.

Boilerplate phrases are data, not code, so that a new outlet's appeal or
footer is one YAML line; compiling them (combined regexes, a first-word index
of phrases) is what keeps matching every line against hundreds of them cheap.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Pattern

import yaml

from pipeline.clean.layout import _WORD_RE, lexicon_key, line_key
from pipeline.common.paths import LEXICON_DIR

# The C parser when PyYAML has it: the same data as yaml.safe_load, read several times faster.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

BOILERPLATE_PATH = LEXICON_DIR / "boilerplate.yaml"


@dataclass(frozen=True)
class DropRule:
    """One category of boilerplate lines from the lexicon (appeal, footer, caption...)."""

    name: str
    max_words: int
    lines: frozenset[str]  # whole-line matches (bare keys)
    phrases: tuple[str, ...]  # looked up through Lexicon.phrase_index
    start_pattern: Pattern[str] | None  # the rule's regexes anchored at the line start, combined (matched)
    pattern: Pattern[str] | None  # its other regexes, combined (searched)
    skip_if_quoted: bool
    tail_only: bool
    drops_next: bool  # a label whose content is the next line ("Image caption" + the caption)


@dataclass(frozen=True)
class Lexicon:
    """boilerplate.yaml, compiled."""

    strong_cut_lines: frozenset[str]
    weak_cut_lines: frozenset[str]
    weak_cut_prefixes: tuple[str, ...]
    teaser_links: frozenset[str]
    drop_rules: tuple[DropRule, ...]
    # first word of a phrase -> (rule number, phrase, regex): a line only tries the
    # phrases whose first word it contains, instead of one big alternation.
    phrase_index: dict[str, tuple[tuple[int, str, Pattern[str]], ...]]
    phrase_first_words: frozenset[str]
    trailing_fragments: tuple[Pattern[str], ...]
    navigation_words: frozenset[str]
    social_words: frozenset[str]
    language_codes: frozenset[str]
    organisation_words: frozenset[str]
    staff_words: frozenset[str]
    name_particles: frozenset[str]
    stop_words: frozenset[str]


def phrase_pattern(phrase: str) -> str:
    """A regex for a literal phrase, anchored on word boundaries where it starts/ends with a word character."""
    escaped = re.escape(phrase.lower())
    head = r"\b" if re.match(r"\w", phrase) else ""
    tail = r"\b" if re.search(r"\w$", phrase) else ""
    return head + escaped + tail


def compile_rule(name: str, spec: dict) -> DropRule:
    """One drop rule from its YAML entry; its regexes are combined into one."""
    patterns = [str(p) for p in spec.get("patterns") or ()]
    # Anchored patterns are tried at position 0 only: a combined alternation would be scanned along the whole line.
    anchored = [p[1:] for p in patterns if p.startswith("^")]
    floating = [p for p in patterns if not p.startswith("^")]
    return DropRule(
        name=name,
        max_words=int(spec.get("max_words", 40)),
        lines=frozenset(lexicon_key(s) for s in spec.get("lines") or ()),
        phrases=tuple(line_key(str(p)) for p in spec.get("phrases") or ()),
        start_pattern=re.compile("|".join(f"(?:{p})" for p in anchored)) if anchored else None,
        pattern=re.compile("|".join(f"(?:{p})" for p in floating)) if floating else None,
        skip_if_quoted=bool(spec.get("skip_if_quoted", False)),
        tail_only=bool(spec.get("tail_only", False)),
        drops_next=bool(spec.get("drops_next", False)),
    )


def build_phrase_index(rules: tuple[DropRule, ...]) -> dict[str, tuple[tuple[int, str, Pattern[str]], ...]]:
    """Map each phrase's first word to the rules, phrases and word-boundary patterns that start with it."""
    index: dict[str, list[tuple[int, str, Pattern[str]]]] = defaultdict(list)
    for number, rule in enumerate(rules):
        for phrase in rule.phrases:
            words = _WORD_RE.findall(phrase)
            if words:
                index[words[0]].append((number, phrase, re.compile(phrase_pattern(phrase))))
    return {word: tuple(entries) for word, entries in index.items()}


def lowered_set(items) -> frozenset[str]:
    """A YAML list as a set of lower-case strings."""
    return frozenset(str(i).lower() for i in items or ())


@lru_cache(maxsize=4)
def load_lexicon(path: str | Path = BOILERPLATE_PATH) -> Lexicon:
    """The boilerplate lexicon, read and compiled once per process."""
    data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {}
    cuts = data.get("cut_sections") or {}
    rules = tuple(compile_rule(n, s or {}) for n, s in (data.get("drop_lines") or {}).items())
    return Lexicon(
        strong_cut_lines=frozenset(lexicon_key(s) for s in cuts.get("strong_lines") or ()),
        weak_cut_lines=frozenset(lexicon_key(s) for s in cuts.get("weak_lines") or ()),
        weak_cut_prefixes=tuple(str(s).lower() + " " for s in cuts.get("weak_prefixes") or ()),
        teaser_links=frozenset(lexicon_key(s) for s in data.get("teaser_links") or ()),
        drop_rules=rules,
        phrase_index=(index := build_phrase_index(rules)),
        phrase_first_words=frozenset(index),
        trailing_fragments=tuple(re.compile(p) for p in data.get("trailing_fragments") or ()),
        navigation_words=lowered_set(data.get("navigation_words")),
        social_words=lowered_set(data.get("social_words")),
        language_codes=frozenset(str(c).upper() for c in data.get("language_codes") or ()),
        organisation_words=lowered_set(data.get("organisation_words")),
        staff_words=lowered_set(data.get("byline_staff_words")),
        name_particles=lowered_set(data.get("name_particles")),
        stop_words=lowered_set(data.get("stop_words")),
    )
