"""Is a sentence check-worthy? A factual statement that a study, an agency or a number could back.

`assess(sentence, facets, vocab)` is pure and explainable: it returns the decision with the
reasons for it. The cue lists are data (`queries/checkworthy.toml`, `[lists]`).

Rules, in order:

1. Never: questions, lines ending in ":" (a list follows), fewer than 6 words, page chrome
   (`chrome_patterns`), calls to action (`call_to_action`: "contact us", "our team", ...).
2. Points for what a reference could back: a study cue ("studies show", "according to",
   "found"), approval/label words, an agency, an institution, a number with a unit or a
   percentage, a year or decade, a named study design, an animal or cell model, a mechanism
   ("blocks the NMDA receptor", "increases glutamate"), a drug or condition.
3. Points off for marketing: hype words ("game-changer", "lifesaver"), talking to the reader
   ("you", "your"), talking about the business ("we", "our"), hedges without a study.
4. Check-worthy when the points reach `THRESHOLD` and the sentence names something searchable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from litcheck.claims.vocab import Vocabulary
from litcheck.models import Facets

THRESHOLD = 3.0
MIN_WORDS = 6
MAX_WORDS = 120

_SECOND_PERSON = re.compile(r"\b(?:you|you're|you've|you'd|yourself)\b", re.IGNORECASE)
_POSSESSIVE_YOUR = re.compile(r"\byour\b", re.IGNORECASE)
# "our brain" is generic; the business speaks as "we" (its "our team" is a call to action).
_FIRST_PLURAL = re.compile(r"\b(?:we|we're|we'll|we've|us)\b", re.IGNORECASE)
_CITATION = re.compile(
    r"\b(?:according to|studies (?:have )?(?:show|shown|found|suggest)|research (?:shows|has shown)|"
    r"(?:was|were|has been|have been) (?:shown|found|demonstrated|reported))\b",
    re.IGNORECASE,
)
# Phrases that contain an evidence word without citing anything.
_NOT_EVIDENCE = re.compile(
    r"\btrial[- ]and[- ]error\b|\bresults? (?:can|may|will|are) be\b", re.IGNORECASE
)
_CONDITIONAL = re.compile(r"^(?:if|imagine|whether)\b", re.IGNORECASE)
_HEDGE = re.compile(r"\b(?:could|might|may|perhaps|possibly|hopefully)\b", re.IGNORECASE)
_IMPERATIVE = re.compile(
    r"^(?:please\s+)?(?:contact|call|visit|book|schedule|read|learn|click|discover|find out|"
    r"get|try|join|sign|ask|talk|reach|don'?t|do not|start|explore|check out)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Assessment:
    """The decision for one sentence, with the reasons behind it (for --explain and tests)."""

    worthy: bool
    score: float
    reasons: tuple[str, ...] = ()


@lru_cache(maxsize=64)
def _cue_regex(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    alternatives = sorted((re.escape(p) for p in phrases), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def cue(vocab: Vocabulary, list_name: str, text: str) -> str | None:
    """The first phrase of the named cue list found in `text`, if any."""
    regex = _cue_regex(vocab.phrases(list_name))
    match = regex.search(text) if regex else None
    return match.group(0) if match else None


@lru_cache(maxsize=16)
def _chrome(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


def is_chrome(line: str, vocab: Vocabulary) -> bool:
    """True for page furniture: "top of page", "37 views", "Updated: Oct 19"."""
    return any(p.search(line) for p in _chrome(vocab.phrases("chrome_patterns")))


def _has(items: Iterable[object]) -> bool:
    return any(True for _ in items)


def _is_mechanism(canonical: str, vocab: Vocabulary) -> bool:
    entry = vocab.get(canonical)
    return entry is not None and bool(entry.extra.get("mechanism", False))


def assess(sentence: str, facets: Facets, vocab: Vocabulary) -> Assessment:
    """Decide whether `sentence` is check-worthy (see the module docstring)."""
    text = sentence.strip()
    words = text.split()
    if not words or text.endswith("?"):
        return Assessment(False, 0.0, ("a question",))
    if text.endswith(":"):
        return Assessment(False, 0.0, ("introduces a list",))
    if len(words) < MIN_WORDS:
        return Assessment(False, 0.0, ("too short",))
    if len(words) > MAX_WORDS:
        return Assessment(False, 0.0, ("too long to be one claim",))
    if is_chrome(text, vocab):
        return Assessment(False, 0.0, ("page chrome",))
    action = cue(vocab, "call_to_action", text)
    if action or _IMPERATIVE.match(text):
        return Assessment(False, 0.0, (f"call to action ({action or words[0]})",))

    score = 0.0
    reasons: list[str] = []

    def add(points: float, reason: str) -> None:
        nonlocal score
        score += points
        reasons.append(f"{points:+g} {reason}")

    evidence = cue(vocab, "evidence", _NOT_EVIDENCE.sub(" ", text))
    if evidence:
        add(2.0, f"cites evidence ({evidence})")
        if _CITATION.search(text):
            add(0.5, "explicit citation")
    if facets.regulatory:
        add(2.0, "regulatory")
    if facets.agencies:
        add(1.5, "agency " + facets.agencies[0].canonical)
    if facets.institutions:
        add(2.0, "institution " + facets.institutions[0].canonical)
    measured = [q for q in facets.numbers if q.unit]
    if measured:
        add(2.0, f"number ({measured[0].text})")
    elif facets.numbers:
        add(0.5, f"number ({facets.numbers[0].text})")
    if facets.years or facets.decade:
        add(1.5, "date")
    if any(d.canonical != "study" for d in facets.designs):
        add(1.0, "study design")
    if any(o.query for o in facets.organisms):
        add(1.0, "model organism")
    mechanism = cue(vocab, "mechanism", text)
    if mechanism:
        add(1.5, f"mechanism ({mechanism})")
    target = next((t for t in facets.concepts if _is_mechanism(t.canonical, vocab)), None)
    if target is not None:
        add(1.5, "names " + target.canonical)
    if facets.interventions:
        add(1.0, "names " + facets.interventions[0].canonical)
        if mechanism:
            add(0.5, "says how the drug acts")
    if facets.conditions:
        add(0.5, "names " + facets.conditions[0].canonical)

    hype = cue(vocab, "hype", text)
    if hype:
        add(-2.0, f"hype ({hype})")
    if _SECOND_PERSON.search(text):
        add(-1.5, "addresses the reader")
    elif _POSSESSIVE_YOUR.search(text):
        add(-0.5, "addresses the reader")
    if _CONDITIONAL.match(text):
        add(-1.0, "hypothetical")
    if _FIRST_PLURAL.search(text):
        add(-2.0, "talks about the business")
    if _HEDGE.search(text) and not evidence:
        add(-1.0, "hedged, no source")

    searchable = _has(facets.all_terms()) or facets.numbers or facets.years
    if not searchable:
        reasons.append("nothing to search for")
    return Assessment(score >= THRESHOLD and bool(searchable), score, tuple(reasons))
