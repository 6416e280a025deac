"""Is a sentence check-worthy? A factual statement that a study, an agency or a number could back.

`assess(sentence, facets, vocab)` is pure and explainable: it returns the decision with the
reasons for it. The cue lists and regular expressions are data (`queries/checkworthy.toml`,
`[lists]`, layered with a user's `--queries`); the points are code: `_veto` and the rule
table `RULES`, whose rules each award (points, reason) pairs.

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
from collections.abc import Callable, Iterable
from functools import lru_cache

from msgspec import Struct

from litcheck.claims.vocab import Vocabulary
from litcheck.models import Facets

THRESHOLD = 3.0
MIN_WORDS = 6
MAX_WORDS = 120


class Assessment(Struct, frozen=True):
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


@lru_cache(maxsize=64)
def _joined(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def pattern(vocab: Vocabulary, list_name: str) -> re.Pattern[str] | None:
    """The named `*_patterns` list as one case-insensitive regex (its alternatives in order);
    None when the list is empty or absent."""
    return _joined(vocab.phrases(list_name))


def _search(vocab: Vocabulary, list_name: str, text: str) -> bool:
    regex = pattern(vocab, list_name)
    return bool(regex and regex.search(text))


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


class _Sentence(Struct, frozen=True):
    """One sentence under assessment, with the cues several rules share."""

    text: str
    facets: Facets
    vocab: Vocabulary
    evidence: str | None
    mechanism: str | None


Points = list[tuple[float, str]]
"""(points, reason) pairs a rule awards; reasons read "+2 cites evidence (studies)"."""
Rule = Callable[[_Sentence], Points]


def _veto(text: str, vocab: Vocabulary) -> str | None:
    """Why `text` can never be check-worthy (rule 1), or None."""
    words = text.split()
    if not words or text.endswith("?"):
        return "a question"
    if text.endswith(":"):
        return "introduces a list"
    if len(words) < MIN_WORDS:
        return "too short"
    if len(words) > MAX_WORDS:
        return "too long to be one claim"
    if is_chrome(text, vocab):
        return "page chrome"
    action = cue(vocab, "call_to_action", text)
    imperative = pattern(vocab, "imperative_patterns")
    if action or (imperative and imperative.match(text)):
        return f"call to action ({action or words[0]})"
    return None


def _cites(s: _Sentence) -> Points:
    if not s.evidence:
        return []
    out = [(2.0, f"cites evidence ({s.evidence})")]
    if _search(s.vocab, "citation_patterns", s.text):
        out.append((0.5, "explicit citation"))
    return out


def _authority(s: _Sentence) -> Points:
    f = s.facets
    out: Points = []
    if f.regulatory:
        out.append((2.0, "regulatory"))
    if f.agencies:
        out.append((1.5, "agency " + f.agencies[0].canonical))
    if f.institutions:
        out.append((2.0, "institution " + f.institutions[0].canonical))
    return out


def _measures(s: _Sentence) -> Points:
    f = s.facets
    out: Points = []
    measured = [q for q in f.numbers if q.unit]
    if measured:
        out.append((2.0, f"number ({measured[0].text})"))
    elif f.numbers:
        out.append((0.5, f"number ({f.numbers[0].text})"))
    if f.years or f.decade:
        out.append((1.5, "date"))
    if any(d.canonical != "study" for d in f.designs):
        out.append((1.0, "study design"))
    if any(o.query for o in f.organisms):
        out.append((1.0, "model organism"))
    return out


def _names(s: _Sentence) -> Points:
    f = s.facets
    out: Points = []
    if s.mechanism:
        out.append((1.5, f"mechanism ({s.mechanism})"))
    target = next((t for t in f.concepts if _is_mechanism(t.canonical, s.vocab)), None)
    if target is not None:
        out.append((1.5, "names " + target.canonical))
    if f.interventions:
        out.append((1.0, "names " + f.interventions[0].canonical))
        if s.mechanism:
            out.append((0.5, "says how the drug acts"))
    if f.conditions:
        out.append((0.5, "names " + f.conditions[0].canonical))
    return out


def _marketing(s: _Sentence) -> Points:
    out: Points = []
    hype = cue(s.vocab, "hype", s.text)
    if hype:
        out.append((-2.0, f"hype ({hype})"))
    if cue(s.vocab, "second_person", s.text):
        out.append((-1.5, "addresses the reader"))
    elif cue(s.vocab, "possessive_your", s.text):
        out.append((-0.5, "addresses the reader"))
    conditional = pattern(s.vocab, "conditional_patterns")
    if conditional and conditional.match(s.text):
        out.append((-1.0, "hypothetical"))
    if cue(s.vocab, "first_plural", s.text):
        out.append((-2.0, "talks about the business"))
    if cue(s.vocab, "hedge", s.text) and not s.evidence:
        out.append((-1.0, "hedged, no source"))
    return out


RULES: tuple[Rule, ...] = (_cites, _authority, _measures, _names, _marketing)
"""Rules 2 and 3 of the module docstring, applied in order (the reasons keep this order)."""


def assess(sentence: str, facets: Facets, vocab: Vocabulary) -> Assessment:
    """Decide whether `sentence` is check-worthy (see the module docstring)."""
    text = sentence.strip()
    veto = _veto(text, vocab)
    if veto is not None:
        return Assessment(False, 0.0, (veto,))
    not_evidence = pattern(vocab, "not_evidence_patterns")
    cited = not_evidence.sub(" ", text) if not_evidence else text
    s = _Sentence(
        text=text,
        facets=facets,
        vocab=vocab,
        evidence=cue(vocab, "evidence", cited),
        mechanism=cue(vocab, "mechanism", text),
    )
    score = 0.0
    reasons: list[str] = []
    for rule in RULES:
        for points, reason in rule(s):
            score += points
            reasons.append(f"{points:+g} {reason}")
    searchable = _has(facets.all_terms()) or facets.numbers or facets.years
    if not searchable:
        reasons.append("nothing to search for")
    return Assessment(score >= THRESHOLD and bool(searchable), score, tuple(reasons))
