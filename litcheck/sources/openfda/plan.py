"""Query planning for openFDA: a regulatory claim becomes a few `drug/drugsfda` and `drug/label`
searches, most specific first.

Rungs, per drug the claim names (at most `MAX_DRUGS`):

0. `drug/drugsfda.json`: the drug itself, by active ingredient or brand name (salts stripped:
   the analysed ingredient field matches "ketamine" inside "KETAMINE HYDROCHLORIDE").
1. `drug/drugsfda.json`: its related substances from the vocabulary (ketamine -> esketamine,
   arketamine), which is where "approved in 2019" claims about ketamine usually land.
2. `drug/label.json`: drug or related substance AND a condition the claim names, searched in the
   label's indications (only when the claim names a condition).
"""

from __future__ import annotations

import re

from litcheck.models import Claim, Query, Term
from litcheck.sources.openfda import DRUGSFDA, LABEL
from litcheck.sources.openfda.names import base_names, quote

MAX_DRUGS = 3
MAX_NAMES = 6
"""Names per search: enough for salts and brands, short enough for a URL."""
MAX_CONDITION_NAMES = 4

FDA_AGENCIES = frozenset({"fda", "food and drug administration", "u.s. fda", "us fda"})


def is_regulatory(claim: Claim) -> bool:
    """True when the claim is about approval/labels, or names the FDA."""
    facets = claim.facets
    if facets.regulatory:
        return True
    return any(
        name.lower() in FDA_AGENCIES
        for term in facets.agencies
        for name in (term.canonical, term.matched, *term.synonyms)
    )


def _analysed(name: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", name.lower())


def searchable(names: tuple[str, ...]) -> tuple[str, ...]:
    """`names` minus those a shorter one already finds word-wise ("racemic ketamine",
    "(R,S)-ketamine" are found by "ketamine" on openFDA's analysed fields)."""
    kept: list[str] = []
    for name in sorted(names, key=lambda n: len(_analysed(n))):
        words = _analysed(name)
        if words and not any(_contains(words, _analysed(k)) for k in kept):
            kept.append(name)
    return tuple(n for n in names if n in kept)


def _contains(words: list[str], part: list[str]) -> bool:
    n = len(part)
    return any(words[i : i + n] == part for i in range(len(words) - n + 1))


def drug_names(term: Term) -> tuple[str, ...]:
    """The drug's own names (canonical, salts, brands), as base names."""
    return base_names((term.canonical, term.matched, *term.synonyms))


def related_names(term: Term) -> tuple[str, ...]:
    """Related substances (enantiomers, prodrugs) that are not the drug itself."""
    own = set(drug_names(term))
    return tuple(n for n in base_names(term.related) if n not in own)


def condition_names(term: Term) -> tuple[str, ...]:
    names = searchable(base_names((term.canonical, term.matched, *term.synonyms)))
    return names[:MAX_CONDITION_NAMES]


def drugsfda_expression(names: tuple[str, ...]) -> str:
    """openFDA `search=` for applications whose ingredient or brand is one of `names`."""
    parts: list[str] = []
    for name in names:
        parts.append(f"products.active_ingredients.name:{quote(name)}")
        parts.append(f"products.brand_name:{quote(name)}")
    return " OR ".join(parts)


def label_expression(names: tuple[str, ...], conditions: tuple[str, ...]) -> str:
    """openFDA `search=` for labels of `names` whose indications mention one of `conditions`."""
    drugs = " OR ".join(
        f"openfda.{field}:{quote(name)}"
        for name in names
        for field in ("substance_name", "generic_name", "brand_name")
    )
    uses = " OR ".join(f"indications_and_usage:{quote(c)}" for c in conditions)
    return f"({drugs}) AND ({uses})"


def plan_openfda(claim: Claim) -> list[Query]:
    """openFDA queries for `claim`; [] unless it is regulatory (or names the FDA) and a drug.

    Each Query has `source="openfda"`, the exact openFDA search expression as `term`, and
    `params={"endpoint": DRUGSFDA or LABEL, "drug": canonical drug name}`.
    """
    facets = claim.facets
    if not facets.interventions or not is_regulatory(claim):
        return []
    conditions = tuple(dict.fromkeys(n for t in facets.conditions for n in condition_names(t)))
    queries: list[Query] = []
    seen: set[str] = set()

    def add(term: str, rung: int, label: str, endpoint: str, drug: str) -> None:
        if term and term not in seen:
            seen.add(term)
            queries.append(
                Query(
                    source="openfda",
                    term=term,
                    rung=rung,
                    label=label,
                    params={"endpoint": endpoint, "drug": drug},
                )
            )

    for term in facets.interventions[:MAX_DRUGS]:
        own = searchable(drug_names(term))[:MAX_NAMES]
        related = searchable(related_names(term))[:MAX_NAMES]
        if not own:
            continue
        add(drugsfda_expression(own), 0, "drug (ingredient or brand)", DRUGSFDA, term.canonical)
        if related:
            add(drugsfda_expression(related), 1, "related substances", DRUGSFDA, term.canonical)
        if conditions:
            add(
                label_expression((own + related)[:MAX_NAMES], conditions[:MAX_NAMES]),
                2,
                "drug or related substance + indication",
                LABEL,
                term.canonical,
            )
    return queries
