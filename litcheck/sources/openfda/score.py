"""Confidence for openFDA candidates, on the same [0, 1] scale as PubMed's.

An openFDA record supports a regulatory claim as far as it confirms the claim's parts:
the drug (active ingredient, salts ignored), the use (the label's indications), and the year
(the original approval, or a supplement). Each part adds to the confidence, and each part the
record contradicts becomes a flag with a one-line reason:

- `different-ingredient`: the product's ingredient is not the drug the claim names;
- `different-indication`: the label gives indications and none is a use the claim names;
- `year-mismatch`: the claim names a year/decade and the original approval is not in it.

Claim stems that never name a use are data (`queries/openfda.toml`, `not_use_stems`).

Weights (sum to 1.0 for a record that confirms everything): base 0.15 (an FDA approval record
for a regulatory claim), ingredient 0.30, use 0.30, year 0.15, innovator (not ANDA) 0.10. What
is unknown (no label, no approval date) scores low rather than neutral, so an application that
is known to differ is not outranked by one nobody can check.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from msgspec import Struct

from litcheck.claims.text import stem, stopwords, tokens
from litcheck.models import Candidate, Claim, Evidence, FdaFacts, Record, Term
from litcheck.sources.openfda import describe
from litcheck.sources.openfda.facts import is_generic
from litcheck.sources.openfda.names import base_name, base_names
from litcheck.sources.openfda.plan import drug_names, related_names

W_BASE, W_DRUG, W_USE, W_YEAR, W_INNOVATOR = 0.15, 0.30, 0.30, 0.15, 0.10


@lru_cache(maxsize=1)
def _not_uses() -> frozenset[str]:
    """Claim stems that never name a use: `not_use_stems` of queries/openfda.toml."""
    from litcheck.claims.vocab import default_vocabulary

    return default_vocabulary().words("not_use_stems")


def _stems(text: str) -> list[str]:
    stop = stopwords()
    return [stem(t) for t in tokens(text) if t not in stop]


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def _term_names(term: Term) -> tuple[str, ...]:
    return base_names((term.canonical, term.matched, *term.synonyms))


def _ingredient_match(claim: Claim, facts: FdaFacts) -> tuple[str, Term | None, str]:
    """("drug" | "related" | "none", the claim's drug term, the record's matching ingredient)."""
    record_ingredients = describe.ingredients(facts)
    for term in claim.facets.interventions:
        own = set(drug_names(term))
        for ing in record_ingredients:
            if base_name(ing) in own:
                return "drug", term, ing
    for term in claim.facets.interventions:
        related = set(related_names(term))
        for ing in record_ingredients:
            if base_name(ing) in related:
                return "related", term, ing
    first = claim.facets.interventions[0] if claim.facets.interventions else None
    return "none", first, ", ".join(record_ingredients)


def _use_text(facts: FdaFacts) -> list[str]:
    return _stems(" ".join(describe.positive_indications(facts)))


def _claim_years(claim: Claim) -> tuple[tuple[int, int], ...]:
    """(first, last) year ranges the claim names: single years and a decade."""
    ranges = [(y, y) for y in claim.facets.years]
    if claim.facets.decade is not None:
        ranges.append((claim.facets.decade, claim.facets.decade + 9))
    return tuple(ranges)


def _said(ranges: tuple[tuple[int, int], ...]) -> str:
    return " or ".join(str(a) if a == b else f"the {a}s" for a, b in ranges)


def _inside(year: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(a <= year <= b for a, b in ranges)


def _reference(claim: Claim, context: Sequence[Record]) -> Record | None:
    """The earliest innovator approval of the drug the claim names, among `context`."""
    best: Record | None = None
    for other in context:
        facts = other.fda
        if facts is None or is_generic(facts.application_number) or not facts.original_approval:
            continue
        if _ingredient_match(claim, facts)[0] != "drug":
            continue
        if best is None or facts.original_approval < (best.fda.original_approval or "9999"):  # type: ignore[union-attr]
            best = other
    return best


class _Seen(Struct, frozen=True):
    """What the steps of `score_fda` share about one record."""

    claim: Claim
    record: Record
    facts: FdaFacts
    product: str
    use: str | None
    approved: str | None


Step = tuple[dict[str, float], list[str], dict[str, str]]
"""The features, reasons and flags a scoring step adds to."""


def _drug_step(seen: _Seen, context: Sequence[Record], out: Step) -> None:
    """ingredient: 1 the claim's drug, 0.6 a related substance, 0 another (flagged)."""
    features, reasons, flags = out
    claim, facts = seen.claim, seen.facts
    kind, term, ingredient = _ingredient_match(claim, facts)
    drug = term.canonical if term else "the drug"
    features["ingredient"] = {"drug": 1.0, "related": 0.6, "none": 0.0}[kind]
    if kind == "drug":
        reasons.append(f"active ingredient is {ingredient}, the drug the claim names")
        return
    relation = "a related substance" if kind == "related" else "a different ingredient"
    reasons.append(f"active ingredient is {ingredient or 'not given'}, {relation}, not {drug}")
    approved_text = (
        f"was approved {seen.approved}" if seen.approved else "has no known approval date"
    )
    line = f"{seen.product} {approved_text}{' ' + seen.use if seen.use else ''}"
    ref = _reference(claim, context)
    if ref is not None and ref.fda is not None:
        ref_use = describe.use_phrase(ref.fda) or "(use not known)"
        line += f"; {drug} itself is approved {ref_use} ({describe.brand(ref)}, {ref.year})"
    else:
        line += f"; the claim names {drug}"
    flags["different-ingredient"] = line


def _named_use_step(seen: _Seen, use_stems: list[str], out: Step) -> None:
    """indication when the claim names conditions: the share the label covers (flagged when
    none); without label text, 0.5 if the pharmacologic class suggests one, else 0.1."""
    features, reasons, flags = out
    conditions = seen.claim.facets.conditions
    names = [c.canonical for c in conditions]
    if use_stems:
        hits = [
            c.canonical
            for c in conditions
            if any(_contains(use_stems, _stems(n)) for n in _term_names(c))
        ]
        features["indication"] = len(hits) / len(conditions)
        missing = [n for n in names if n not in hits]
        if hits:
            reasons.append(f"label indication covers {', '.join(hits)}")
        if missing:
            reasons.append(f"label indication does not mention {', '.join(missing)}")
        if not hits:
            flags["different-indication"] = (
                f"{seen.product} is approved {seen.use or 'for other uses'}, not for {' or '.join(names)}"
            )
        return
    epc = _stems(" ".join(seen.facts.pharm_class_epc))
    weak = [
        c.canonical for c in conditions if any(_contains(epc, _stems(n)) for n in _term_names(c))
    ]
    features["indication"] = 0.5 if weak else 0.1
    reasons.append(
        f"pharmacologic class suggests {', '.join(weak)}; no label text"
        if weak
        else f"indication not known (no label in openFDA){'; class: ' + seen.use if seen.use else ''}"
    )


def _use_step(seen: _Seen, out: Step) -> None:
    """indication: the claim's conditions against the label, or, when it names none, 0.66 if
    the label shares a longer word of the claim (not a drug name or approval wording), else 0.33."""
    features, reasons, _ = out
    use_stems = _use_text(seen.facts)
    if seen.claim.facets.conditions:
        _named_use_step(seen, use_stems, out)
        return
    claim = seen.claim
    not_uses = _not_uses()
    words = {s for s in _stems(claim.text) if len(s) >= 5 and s not in not_uses}
    words -= {s for t in claim.facets.interventions for n in _term_names(t) for s in _stems(n)}
    overlap = sorted(words & set(use_stems + _stems(" ".join(seen.facts.pharm_class_epc))))
    features["indication"] = 0.66 if overlap else 0.33
    if overlap:
        reasons.append(f"label indication mentions {', '.join(overlap)} as the claim does")
    elif seen.use:
        reasons.append(f"approved {seen.use} (the claim names no use)")


def _year_step(seen: _Seen, out: Step) -> None:
    """year: 1 original approval in the claim's years, 0.5 only a supplement or no year named,
    0.25 approval date unknown, 0 otherwise (flagged)."""
    features, reasons, flags = out
    ranges = _claim_years(seen.claim)
    approved = seen.approved
    if not ranges:
        features["year"] = 0.5
        if approved:
            reasons.append(f"original approval {approved}")
    elif not approved:
        features["year"] = 0.25
        reasons.append("approval date not known, so the claim's year cannot be checked")
    elif _inside(int(approved[:4]), ranges):
        features["year"] = 1.0
        hit = tuple(r for r in ranges if _inside(int(approved[:4]), (r,)))
        reasons.append(f"original approval {approved}, as the claim says ({_said(hit)})")
    else:
        supplements = {int(a.date[:4]) for a in seen.facts.approvals if a.submission_type != "ORIG"}
        in_suppl = [y for y in sorted(supplements) if _inside(y, ranges)]
        features["year"] = 0.5 if in_suppl else 0.0
        if in_suppl:
            reasons.append(
                f"a supplement was approved in {in_suppl[0]}; the original in {approved[:4]}"
            )
        else:
            reasons.append(f"original approval {approved}, not {_said(ranges)}")
            flags["year-mismatch"] = (
                f"the claim says {_said(ranges)}; {seen.product} was first approved {approved}"
            )


def score_fda(claim: Claim, record: Record, *, context: Sequence[Record] = ()) -> Candidate:
    """Score one openFDA record against one claim. Pure and deterministic; no I/O.

    `context` (other openFDA records found for the same claim) only enriches the flag lines
    ("ketamine itself is approved as an anesthetic (Ketalar, 1970)"), never the confidence.
    A record without `fda` facts gets confidence 0.
    """
    facts = record.fda
    if facts is None:
        return Candidate(record=record, confidence=0.0, reasons=("not an openFDA record",))
    seen = _Seen(
        claim=claim,
        record=record,
        facts=facts,
        product=describe.product_label(record),
        use=describe.use_phrase(facts),
        approved=facts.original_approval,
    )
    out: Step = ({}, [], {})
    features, reasons, flags = out
    _drug_step(seen, context, out)
    _use_step(seen, out)
    _year_step(seen, out)
    features["innovator"] = 0.0 if is_generic(facts.application_number) else 1.0
    if features["innovator"] == 0.0:
        reasons.append("a generic (ANDA), not the original application")
    confidence = (
        W_BASE
        + W_DRUG * features["ingredient"]
        + W_USE * features["indication"]
        + W_YEAR * features["year"]
        + W_INNOVATOR * features["innovator"]
    )
    return Candidate(
        record=record,
        confidence=round(min(1.0, max(0.0, confidence)), 3),
        reasons=tuple(reasons),
        flags=tuple(flags),
        flag_reasons=flags,
        evidence=_evidence(facts, claim),
        features=features,
    )


def score_fda_all(claim: Claim, records: Sequence[Record]) -> list[Candidate]:
    """Score every openFDA record of a claim, each with the others as context, best first."""
    fda = [r for r in records if r.fda is not None]
    scored = [score_fda(claim, r, context=fda) for r in fda]
    return sorted(scored, key=lambda c: (-c.confidence, c.record.id))


def _evidence(facts: FdaFacts, claim: Claim) -> Evidence:
    sentences = describe.positive_indications(facts)
    wanted = [_stems(n) for c in claim.facets.conditions for n in _term_names(c)]
    for sentence in sentences:
        if any(_contains(_stems(sentence), w) for w in wanted):
            return Evidence(field="indications_and_usage", text=sentence)
    if sentences:
        return Evidence(field="indications_and_usage", text=" ".join(sentences)[:400])
    originals = [a for a in facts.approvals if a.submission_type == "ORIG"]
    if originals:
        a = originals[0]
        return Evidence(
            field="submissions",
            text=f"ORIG {a.number or ''} approved {a.date} ({a.class_code or 'class not given'})".replace(
                "  ", " "
            ),
        )
    return Evidence(field="submissions", text="no approved submission listed")
