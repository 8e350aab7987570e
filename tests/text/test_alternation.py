"""The fast alternations match exactly what their plain forms match.

``pipeline/text/alternation.py`` rewrites long alternations so the regex
engine skips positions quickly; each helper claims the same spans and the same
winning branch as the plain ``(?:a|b|...)``. Checked two ways: on random
phrase lists and texts (hypothesis), and on every article of the repository,
where the whole grammar and extraction run once with the fast forms and once
with ``alternation.FAST = False`` (every caller then builds its plain form)
and must give identical results, string for string.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text import alternation

REPO = Path(__file__).resolve().parents[2]
LETTERS = "abcksiKSIé€- .'"
phrases = st.lists(st.text(alphabet=LETTERS, min_size=1, max_size=6), min_size=1, max_size=12)
texts = st.text(alphabet=LETTERS + "\u212a\u017f\u0130\u0131\n", max_size=80)


def spans(pattern: str, text: str, flags: int = 0) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in re.finditer(pattern, text, flags)]


@settings(max_examples=300, deadline=None)
@given(phrases, texts, st.booleans())
def test_literal_alternation_equals_the_plain_alternation(words, text, ignorecase):
    flags = re.I if ignorecase else 0
    plain = "(?:" + "|".join(map(re.escape, words)) + ")"
    fast = alternation.literal_alternation(words, ignorecase=ignorecase)
    assert spans(fast, text, flags) == spans(plain, text, flags)


@settings(max_examples=300, deadline=None)
@given(phrases, texts, st.booleans())
def test_scannable_equals_the_plain_alternation_behind_its_guard(words, text, ignorecase):
    words = [w for w in words if w[0] != "\n"]
    plain = r"(?<![\w-])(?:" + "|".join(map(re.escape, words)) + ")"
    fast = alternation.scannable([(w[0], re.escape(w[1:])) for w in words], not_after=r"[\w-]", ignorecase=ignorecase)
    if fast is None:
        return
    assert spans(fast, text) == spans(plain, text, re.I if ignorecase else 0)


@settings(max_examples=300, deadline=None)
@given(phrases, texts)
def test_any_of_and_first_chars_answer_like_the_plain_alternation(words, text):
    plain = r"\b(?i:" + "|".join(map(re.escape, words)) + ")"
    fast = alternation.any_of([(w[0], re.escape(w[1:])) for w in words], word_start=True)
    if fast is not None:
        assert bool(re.search(fast, text)) == bool(re.search(plain, text))
    firsts = alternation.first_chars(words, ignorecase=True)
    if firsts is not None:
        alt = "(?:" + "|".join(map(re.escape, words)) + ")"
        assert spans("(?=" + firsts + ")(?i:" + alt + ")", text) == spans(alt, text, re.I)


PROBE = r"""
import json, sys
from pathlib import Path
from pipeline.text import alternation
alternation.FAST = sys.argv[1] == "fast"
from pipeline.clean.cleaning import clean_article
from pipeline.extract import extract_document
from pipeline.text.dates import find_dates
from pipeline.text.numbers import find_quantities
from pipeline.text.sentences import split_sentences

out = {}
for path in sorted(p for p in Path(".").glob("**/raw/**/*") if p.suffix in (".txt", ".md") and ".venv" not in p.parts):
    cleaned = clean_article(path.read_text(encoding="utf-8", errors="replace"))
    sentences = split_sentences(cleaned.text)
    out[str(path)] = {
        "clean": [cleaned.text, cleaned.title, str(cleaned.published_date)],
        "quantities": [repr(find_quantities(s.text if hasattr(s, "text") else str(s))) for s in sentences],
        "dates": [repr(find_dates(s.text if hasattr(s, "text") else str(s))) for s in sentences],
        "rows": extract_document(path.stem, cleaned.text, cleaned.published_date, cleaned.publisher),
    }
print(json.dumps(out, sort_keys=True, default=str))
"""


def _probe(mode: str) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE, mode], cwd=REPO, capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout)


def test_every_article_reads_the_same_with_the_plain_alternations():
    fast, plain = _probe("fast"), _probe("plain")
    assert len(fast) >= 30, "the probe found too few articles"
    assert sum(len(v["rows"]["estimates"]) for v in fast.values()) > 50
    for path in fast:
        assert fast[path] == plain[path], f"fast and plain patterns disagree on {path}"
