"""Claims and what they are about: Origin, Term, Quantity, Facets, Claim, claim ids."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from msgspec import Struct, field

from litcheck.digest import sha256
from litcheck.models.context import ClaimContext

# --------------------------------------------------------------------------------------------
# Claims and what they are about
# --------------------------------------------------------------------------------------------


class Origin(Struct, frozen=True):
    """Where a claim came from: a file and 1-based line, or neither for a command-line claim."""

    file: str | None = None
    line: int | None = None


class Term(Struct, frozen=True):
    """One vocabulary concept found in a claim (a drug, a condition, an organism, ...)."""

    canonical: str
    """The vocabulary's preferred name, e.g. "ketamine", "depression", "mouse"."""
    kind: str
    """Facet kind: intervention, condition, organism, institution, agency, design, concept."""
    matched: str = ""
    """The text of the claim that matched (as written)."""
    synonyms: tuple[str, ...] = ()
    """Other names to search with (salts, brand names, spellings)."""
    related: tuple[str, ...] = ()
    """Related but distinct substances (ketamine -> esketamine, arketamine)."""
    mesh: str | None = None
    """MeSH heading to use with [mh], when the vocabulary knows one."""
    query: str | None = None
    """A ready-made PubMed query fragment from the vocabulary (e.g. "Northwestern[ad]")."""
    broad: bool = False
    """A general term ("cancer", "pain", "neurons") that the query planner searches last."""
    inherited: bool = False
    """Taken from the claim's context (an earlier sentence, the article), not stated in it."""


class Quantity(Struct, frozen=True):
    """A number the claim states: "70%", "three hours", "four weeks", "1 in 5"."""

    text: str
    value: float
    unit: str
    """"%", "hour", "week", "day", "minute", "month", "year", "patients", or "" when bare."""


class Facets(Struct, frozen=True):
    """What a claim is about, as a librarian would search it. Built by `litcheck.claims.facets`."""

    interventions: tuple[Term, ...] = ()
    conditions: tuple[Term, ...] = ()
    organisms: tuple[Term, ...] = ()
    institutions: tuple[Term, ...] = ()
    agencies: tuple[Term, ...] = ()
    designs: tuple[Term, ...] = ()
    concepts: tuple[Term, ...] = ()
    """Other content words/phrases worth searching (receptor, neurons, prediction error...)."""
    years: tuple[int, ...] = ()
    decade: int | None = None  # "in the 1970s" -> 1970
    recency: str | None = None
    """"new", "recent", "latest" when the claim says the study is recent."""
    numbers: tuple[Quantity, ...] = ()
    regulatory: bool = False
    """True when the claim is about approval, labels, indications, schedules."""
    keywords: tuple[str, ...] = ()
    """Normalised content tokens of the claim (for lexical scoring)."""

    def all_terms(self) -> tuple[Term, ...]:
        return (
            self.interventions
            + self.conditions
            + self.organisms
            + self.institutions
            + self.agencies
            + self.designs
            + self.concepts
        )


_SPACE = re.compile(r"\s+")


def normalise_claim_text(text: str) -> str:
    """Canonical form used for claim ids: NFKC, lower case, single spaces, no outer punctuation."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    text = _SPACE.sub(" ", text).strip().lower()
    return text.strip(" .;:!?\"'")


def claim_id(text: str) -> str:
    """Stable id from normalised text: the same claim gets the same id on every machine."""
    digest = sha256(normalise_claim_text(text).encode("utf-8")).hexdigest()
    return f"c-{digest[:12]}"


class Claim(Struct, frozen=True):
    """One statement to check."""

    id: str
    text: str
    origin: Origin = Origin()
    facets: Facets = Facets()
    meta: Mapping[str, str] = field(default_factory=dict)
    """Extra columns from a CSV/TSV/JSONL claims file, kept as they were."""
    context: ClaimContext | None = None
    """What the claim leans on (article subject, resolved references); see claim_context."""
    kind: str | None = None
    """Why an extracted claim was kept: study, approval, mechanism, safety, ... (extraction)."""

    @property
    def query_text(self) -> str:
        """The text to search with: the claim with its references resolved, else its text."""
        return self.context.checked_text if self.context is not None else self.text

    @classmethod
    def from_text(
        cls, text: str, *, origin: Origin | None = None, meta: Mapping[str, str] | None = None
    ) -> Claim:
        return cls(id=claim_id(text), text=text.strip(), origin=origin or Origin(), meta=meta or {})
