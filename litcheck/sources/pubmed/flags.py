"""Flags on PubMed records: what a reader should know before trusting one as a reference.

`record_flags(claim, record, current_year)` is pure: flag name (CONTRACT.md) -> one readable
line. Flags: `retracted`, `expression-of-concern`, `animal-only`, `in-vitro`, `review`,
`preprint`, `year-mismatch`.

The study-type words (MeSH headings, publication types, abstract words) are data:
`queries/studytypes.toml`, read from the packaged vocabulary on first use and cached. They are
not layered with a user's `--queries` folder: the scorer's features were fitted with them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from msgspec import Struct

from litcheck.models import Claim, Record
from litcheck.sources.pubmed.evidence import analysis


class StudyWords(Struct, frozen=True):
    """The study-type word lists of `queries/studytypes.toml`, compiled."""

    animal_mesh: frozenset[str]
    in_vitro_mesh: frozenset[str]
    review_types: frozenset[str]
    non_human_organisms: frozenset[str]
    animal: re.Pattern[str]
    """These three match lower-cased text (see `_alternatives`)."""
    human: re.Pattern[str]
    in_vitro: re.Pattern[str]


def _alternatives(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One whole-word regex of `patterns` (lower case) for lower-cased text; matches nothing
    when empty. Searching `text.lower()` this way is 2.5x faster than `re.IGNORECASE` on the
    text as written (a long case-insensitive alternation tried at every position; flags were a
    tenth of a warm claim, issue 16), with the same answers (`tests/sources/pubmed/test_flags.py`
    checks it on real abstracts)."""
    if not patterns:
        return re.compile(r"(?!)")
    return re.compile(r"\b(" + "|".join(p.lower() for p in patterns) + r")\b")


@lru_cache(maxsize=1)
def study_words() -> StudyWords:
    """The packaged study-type lists (loaded once per process)."""
    from litcheck.claims.vocab import default_vocabulary

    vocab = default_vocabulary()
    return StudyWords(
        animal_mesh=vocab.words("animal_mesh"),
        in_vitro_mesh=vocab.words("in_vitro_mesh"),
        review_types=vocab.words("review_types"),
        non_human_organisms=vocab.words("non_human_organisms"),
        animal=_alternatives(vocab.phrases("animal_patterns")),
        human=_alternatives(vocab.phrases("human_patterns")),
        in_vitro=_alternatives(vocab.phrases("in_vitro_patterns")),
    )


def _is_animal_record(text: str, mesh: set[str]) -> tuple[bool, str]:
    """`text`: the record's title and abstract, lower-cased."""
    words = study_words()
    if mesh:
        animal = mesh & words.animal_mesh
        if animal and "humans" not in mesh:
            return True, f"MeSH has {', '.join(sorted(m.title() for m in animal))} and not Humans"
        return False, ""
    found = words.animal.search(text)
    if found and not words.human.search(text):
        return True, f"abstract studies {found.group(0)} and mentions no human participants"
    return False, ""


def _is_in_vitro(text: str, mesh: set[str]) -> tuple[bool, str]:
    """`text`: the record's title and abstract, lower-cased."""
    words = study_words()
    if mesh:
        cells = mesh & words.in_vitro_mesh
        if cells and "humans" not in mesh and not (mesh & words.animal_mesh):
            return True, f"MeSH has {sorted(cells)[0].title()} with no organism studied"
        if cells and not words.human.search(text) and not words.animal.search(text):
            return True, f"MeSH has {sorted(cells)[0].title()}; no patients or animals in abstract"
        return False, ""
    if (
        words.in_vitro.search(text)
        and not words.human.search(text)
        and not words.animal.search(text)
    ):
        return True, "abstract describes cell or tissue work only"
    return False, ""


def _notice_flags(record: Record, pub_types: set[str]) -> dict[str, str]:
    """`retracted` and `expression-of-concern`, from publication types and linked notices."""
    flags: dict[str, str] = {}
    notices = {n.ref_type for n in record.notices}
    if "retracted publication" in pub_types or "RetractionIn" in notices:
        target = next((n.pmid for n in record.notices if n.ref_type == "RetractionIn"), None)
        flags["retracted"] = "PubMed marks this article as retracted" + (
            f" (retraction notice PMID {target})" if target else ""
        )
    if "ExpressionOfConcernIn" in notices or "expression of concern" in pub_types:
        flags["expression-of-concern"] = "the journal published an expression of concern about it"
    return flags


def _study_type_flags(claim: Claim, record: Record, pub_types: set[str]) -> dict[str, str]:
    """`animal-only`, `in-vitro`, `review`, `preprint`, unless the claim is about that kind."""
    words = study_words()
    flags: dict[str, str] = {}
    mesh = set(analysis(record).mesh)
    claim_orgs = {t.canonical.lower() for t in claim.facets.organisms}
    text = f"{record.title} {record.abstract_text}".lower()
    animal, why = _is_animal_record(text, mesh)
    if animal and not claim_orgs & words.non_human_organisms:
        flags["animal-only"] = f"animal study ({why}); the claim is not limited to animals"
    vitro, why = _is_in_vitro(text, mesh)
    if vitro and "cells" not in claim_orgs:
        flags["in-vitro"] = f"cell or tissue work ({why})"
    claim_designs = {t.canonical.lower() for t in claim.facets.designs}
    reviews = pub_types & words.review_types
    if reviews and not any("review" in d or "meta" in d for d in claim_designs):
        kind = next(p for p in record.pub_types if p.lower() in words.review_types)
        flags["review"] = f"publication type is {kind}, not a primary study"
    if "preprint" in pub_types:
        flags["preprint"] = "a preprint, not peer reviewed"
    return flags


def year_mismatch(claim: Claim, record: Record, current_year: int) -> str | None:
    """Why the record's year contradicts the claim's year or recency word; None if it doesn't.

    A study reported "in 2019" may be published the year after; more is a mismatch. A claim
    calling something new ("recent", "new study") mismatches a record over five years old.
    """
    if record.year is None:
        return None
    facets = claim.facets
    if facets.years:
        if not any(0 <= record.year - y <= 1 for y in facets.years):
            named = ", ".join(str(y) for y in facets.years)
            return f"claim says {named}; published {record.year}"
    elif facets.recency and current_year - record.year > 5:
        return f"claim calls it {facets.recency}; published {record.year}"
    return None


def record_flags(claim: Claim, record: Record, current_year: int) -> dict[str, str]:
    """Flags (CONTRACT.md names) with one readable line each, in a fixed order. Pure."""
    pub_types = {p.lower() for p in record.pub_types}
    flags = _notice_flags(record, pub_types)
    flags.update(_study_type_flags(claim, record, pub_types))
    mismatch = year_mismatch(claim, record, current_year)
    if mismatch:
        flags["year-mismatch"] = mismatch
    return flags
