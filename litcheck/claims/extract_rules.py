"""Which sentences of an article a fact-checker would check, and what kind of claim each is.

`classify(sentence, facets, context, vocab)` is pure and explainable. The word lists are data
(`queries/extraction.toml`: `extract_*` and `kind_*`).

1. Left out, whatever else they say: questions, sentences that introduce a list (end in ":"),
   fewer than `MIN_WORDS` or more than `MAX_WORDS` words, page furniture, calls to action and
   business talk (`extract_call_to_action`, a command at the start), conditionals ("If ...",
   `extract_hypothetical_starts`), and, unless a study cue backs them, opinion and hype
   (`extract_opinion`), the business speaking ("we", `extract_business_voice`) and
   speculation (`extract_speculative`, "could").
2. The kinds a sentence states: each `kind_NAME` list names cue words; study designs and
   institutions count as "study", regulatory words as "approval", years and decades as
   "history", percentages and counts as "statistic". The first kind in `extract_kind_order`
   that matches is the claim's `kind`.
3. Kept when it states a kind and names something searchable (a facet, stated or inherited
   from its context, a number or a year), or when the established cue score
   (`litcheck.claims.checkworthy.assess`) finds it check-worthy, or, as kind "statement",
   when it says something of a drug it names or refers to ("The drug also slows stomach
   emptying") in words no cue list knows.
"""

from __future__ import annotations

import re
from functools import lru_cache

from msgspec import Struct

from litcheck.claims.checkworthy import assess, is_chrome
from litcheck.claims.vocab import Vocabulary
from litcheck.models import Facets
from litcheck.models.context import ClaimContext

MIN_WORDS = 5
MAX_WORDS = 120


class Verdict(Struct, frozen=True):
    """Keep or leave out, the claim's kind, and the reasons (for people and tests)."""

    keep: bool
    kind: str | None = None
    reasons: tuple[str, ...] = ()


@lru_cache(maxsize=128)
def _regex(phrases: tuple[str, ...], anchored: bool) -> re.Pattern[str] | None:
    if not phrases:
        return None
    alternatives = "|".join(sorted((re.escape(p) for p in phrases), key=len, reverse=True))
    body = rf"(?<![\w'’])(?:{alternatives})(?![\w'’])"
    return re.compile((r"^\W*" if anchored else "") + body, re.IGNORECASE)


def find(vocab: Vocabulary, list_name: str, text: str, *, start: bool = False) -> str | None:
    """The first phrase of list `list_name` in `text` (at its start with `start`), if any."""
    regex = _regex(vocab.phrases(list_name), start)
    match = regex.search(text) if regex else None
    return match.group(0).strip() if match else None


def excluded(text: str, vocab: Vocabulary) -> str | None:
    """Why `text` is left out whatever it states (rule 1), or None."""
    words = text.split()
    checks = (
        (text.endswith("?"), "a question"),
        (text.endswith(":"), "introduces a list"),
        (len(words) < MIN_WORDS, "too short"),
        (len(words) > MAX_WORDS, "too long to be one claim"),
        (is_chrome(text, vocab), "page furniture"),
    )
    for failed, reason in checks:
        if failed:
            return reason
    for list_name, label, start in (
        ("extract_call_to_action", "call to action", False),
        ("extract_imperative_starts", "call to action", True),
        ("extract_hypothetical_starts", "hypothetical", True),
    ):
        if (cue := find(vocab, list_name, text, start=start)) is not None:
            return f"{label} ({cue})"
    if find(vocab, "kind_study", text) is None:
        for list_name, label in (
            ("extract_opinion", "opinion"),
            ("extract_business_voice", "the business speaking"),
        ):
            if (cue := find(vocab, list_name, text)) is not None:
                return f"{label} ({cue})"
    return None


def kinds(text: str, facets: Facets, vocab: Vocabulary) -> list[tuple[str, str]]:
    """(kind, cue) for every kind `text` states, in `extract_kind_order` (rule 2)."""
    cleaned = text
    for phrase in vocab.phrases("extract_not_cues"):
        cleaned = re.sub(re.escape(phrase), " ", cleaned, flags=re.IGNORECASE)
    from_facets = {
        "study": facets.institutions[0].canonical if facets.institutions else None,
        "approval": "regulatory" if facets.regulatory else None,
        "history": str(facets.decade or "") or (str(facets.years[0]) if facets.years else None),
        "statistic": next((q.text for q in facets.numbers if q.unit in ("%", "patients")), None),
    }
    found: list[tuple[str, str]] = []
    for kind in vocab.phrases("extract_kind_order"):
        cue = from_facets.get(kind) or find(vocab, f"kind_{kind}", cleaned)
        if cue:
            found.append((kind, cue))
    return found


def classify(
    sentence: str, facets: Facets, context: ClaimContext | None, vocab: Vocabulary
) -> Verdict:
    """Keep or leave out `sentence` of an article, with its kind (see the module docstring)."""
    text = " ".join(sentence.split())
    reason = excluded(text, vocab)
    if reason is not None:
        return Verdict(False, None, (reason,))
    stated = kinds(text, facets, vocab)
    if find(vocab, "extract_speculative", text) and not any(k == "study" for k, _ in stated):
        return Verdict(False, None, ("speculation without a source",))
    inherited = context is not None and bool(context.inherited)
    searchable = bool(facets.all_terms() or facets.numbers or facets.years) or inherited
    reasons = tuple(f"{kind} ({cue})" for kind, cue in stated)
    if stated and searchable:
        return Verdict(True, stated[0][0], reasons)
    scored = assess(text, facets, vocab)
    if scored.worthy:
        return Verdict(True, stated[0][0] if stated else "other", reasons + scored.reasons)
    drug = facets.interventions or (context and context.values("intervention"))
    if drug and not stated:
        return Verdict(True, "statement", ("states something about a named drug",))
    return Verdict(False, None, reasons + ("nothing checkable stated",))
