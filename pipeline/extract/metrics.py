"""What a figure measures: the metric rules of the lexicon applied to a figure in its clause.

Apart from ``figures`` because the rules are shared with tables
(``tabular``) and read nothing but the figure, its noun and its clause.
"""
from __future__ import annotations

import re

from pipeline.extract import clauses
from pipeline.extract.document import clause_bounds
from pipeline.extract.lexicon import MetricRule, event_lexicon, metric_lexicon
from pipeline.text.numbers import Quantity


def figure_clause(sentence: str, q: Quantity) -> tuple[int, int]:
    """A figure's clause; a bracketed figure ("Europa (79%)") reads the clause around its brackets."""
    c_start, c_end = clause_bounds(sentence, q.start)
    v_start, v_end = clauses.clause_of(sentence, q.start)
    if (v_start, v_end) != (c_start, c_end) and len(sentence[max(c_start, v_start):min(c_end, v_end)].replace(q.text, " ").split()) >= 3:
        c_start, c_end = max(c_start, v_start), min(c_end, v_end)
    if len(sentence[c_start:c_end].replace(q.text, " ").split()) < 2:
        outer_start, outer_end = clause_bounds(sentence, max(0, c_start - 2))
        return outer_start, max(c_end, outer_end)
    return c_start, c_end


def _cue_distance(rule: MetricRule, clause: str, q_rel: int) -> int | None:
    if rule.clause is None:
        return None
    hits = [abs(m.start() - q_rel) for m in rule.clause.finditer(clause)]
    return min(hits) if hits else None


SHARE_NAMED_AFTER = re.compile(r"^\s*[:—–-]\s*(?:the|its|their)\s+(?:share|proportion|portion|part)\s+of\b", re.I)
SHARE_OF_TOTAL_BEFORE = re.compile(r"\b(?:of|from)\s+the\s+(?:total|whole|national\s+total)\b[^,;:]{0,40},\s*$", re.I)


# "Compared with that baseline, the 2024 figure represents an increase of 104 percent": the figure told before
ANAPHORIC_FIGURE = re.compile(r"\b(?:that|this|the|these|those)\s+(?:(?:19|20)\d{2}\s+|new\s+|latest\s+|same\s+)?"
                              r"(?:figure|figures|estimate|estimates|baseline|total|number|area|level)\b", re.I)


def _percent_metric(q: Quantity, sentence: str, clause: str, context: str = "") -> str | None:
    """A percentage is a change ("up 12%", "a 22% increase") or a share ("54 percent of the crop")."""
    lex = metric_lexicon()
    if clauses.compares_estimates(sentence, q.end):
        return "other"  # "36% greater than that calculated by UNODC": two estimates, not a change
    adjacent_change = bool(lex.change_before.search(sentence[max(0, q.start - 25):q.start])
                           or lex.change_after.match(sentence[q.end:q.end + 20]))
    # "… found 31,000 hectares under coca. That was 4% more than a year earlier": the pronoun's area
    # "The largest reductions were recorded in Putumayo (-19.3%)": a signed change in a sentence going on
    # about the area the sentence before told
    signed = bool(re.search(r"[+\-−–]\s*$", sentence[max(0, q.number_start - 2):q.number_start])) \
        and bool(lex.change.search(sentence))
    coca_in_sentence = bool(lex.coca_area_cues.search(sentence)) or bool(
        context and (re.match(r"\s*(?:That|This|It)\b", sentence) or ANAPHORIC_FIGURE.search(sentence) or signed)
        and lex.coca_area_cues.search(context))
    if adjacent_change:
        return "coca_area_change" if coca_in_sentence else "other"
    after = re.sub(r"^\s*(?:%|percent|per\s+cent)", "", sentence[q.number_end:q.number_end + 120])
    if lex.share_of_people.match(after) or lex.share_seized_before.search(sentence, max(0, q.start - 40), q.start):
        return "other"  # "1.1 percent of Peruvians", "seize barely 2 percent of the cocaine": no market's share
    if SHARE_NAMED_AFTER.match(after) or SHARE_OF_TOTAL_BEFORE.search(sentence, 0, q.start):
        return "market_share"  # "31%: the share of the cocaine seized in Antwerp", "Of the total eradicated, 68% was in …"
    if re.match(r"^\s*of\b", after):
        words = re.findall(r"[a-z]+", after.lower())[:9]
        if lex.share_cue_words.intersection(words):
            return "market_share"  # "some 90 percent of the estimated 200 tons of cocaine"
    if lex.change.search(sentence) and coca_in_sentence and not lex.comparison.search(sentence[q.end:q.end + 30]):
        return "coca_area_change"
    return None


def classify(q: Quantity, unit: str, noun: str | None, sentence: str, context: str = "",
             next_start: int | None = None) -> str | None:
    """The metric of a figure, or None when no rule but 'other' fits.

    ``context`` is the sentence before, for figures whose subject was named
    there ("The gang grew fast. It has between 300 and 500 members.").
    """
    lex = metric_lexicon()
    if unit == "ha" and noun and lex.other_land is not None and lex.other_land.search(noun):
        return None  # "4,000 hectares of cacao": another crop's area
    c_start, c_end = figure_clause(sentence, q)
    clause = sentence[c_start:c_end]
    q_rel = q.start - c_start
    if unit == "percent":
        metric = _percent_metric(q, sentence, clause, context)
        if metric:
            return metric
    # A count with its own noun ("two brothers") is read by that noun, not by words elsewhere in the clause.
    noun_only = unit == "count" and q.noun is not None
    nearest: list[tuple[int, str]] = []
    for rule in lex.rules:
        if rule.metric == "other" or unit not in rule.units:
            continue
        if nearest and not rule.nearest:
            break
        if rule.per and q.per not in rule.per:
            continue
        if rule.needs_change:
            continue  # percentages are read by _percent_metric
        if not (rule.noun or rule.clause or rule.before or rule.after or rule.sentence):
            return rule.metric
        if rule.noun_and_clause:
            if noun and rule.noun.search(noun) and rule.clause.search(sentence):
                return rule.metric
            continue
        if rule.noun and noun and rule.noun.search(noun):
            return rule.metric
        if rule.before and rule.before.search(sentence[max(0, q.start - 40):q.start]):
            return rule.metric
        after_end = min(c_end, next_start) if next_start is not None else c_end
        if rule.after and rule.after.search(" ".join(sentence[q.end:after_end].split()[:7])):
            return rule.metric
        if rule.context_noun and noun and rule.context_noun.search(noun) and rule.context \
                and rule.context.search(context + " " + sentence):
            return rule.metric
        if noun_only:
            continue
        if rule.nearest:
            distance = _cue_distance(rule, clause, q_rel)
            if distance is not None:
                nearest.append((distance, rule.metric))
            continue
        if rule.clause and rule.clause.search(clause):
            return rule.metric
        if rule.sentence and rule.sentence.search(sentence):
            return rule.metric
    if nearest:
        return min(nearest)[1]
    if context and unit in ("t", "kg", "ha") and not _told_by_its_own_verb(clause):
        # A figure answering the sentence before ("How much cocaine leaves the valley? We estimate …");
        # not one its own clause reports as done ("Belgian customs seized 49 tonnes …").
        return classify(q, unit, noun, sentence + " " + context, "")
    if unit == "ha" and lex.other_land is not None and not lex.other_land.search(clause):
        return "coca_area"  # an area no cue reads, in a text about the coca economy, is the crop's
    return None


def _told_by_its_own_verb(clause: str) -> bool:
    return any(kind.past.search(clause) for kind in event_lexicon().types if kind.reports != "statement")
