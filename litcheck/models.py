"""Values passed between litcheck's layers: small, frozen, typed. Nothing here does I/O; JSON
shapes live in `litcheck.results.codec`. Data flow (see ../shared/design/ARCHITECTURE.md):

    Claim (+ Facets, ClaimContext) -> [Query] -> Source.search -> QueryRun(ids)
        -> Source.fetch(ids) -> [Record] -> Scorer -> [Candidate] -> ClaimResult -> formats
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from litcheck.claim_context import ClaimContext

# --------------------------------------------------------------------------------------------
# Claims and what they are about
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Origin:
    """Where a claim came from: a file and 1-based line, or neither for a command-line claim."""

    file: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Term:
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


@dataclass(frozen=True)
class Quantity:
    """A number the claim states: "70%", "three hours", "four weeks", "1 in 5"."""

    text: str
    value: float
    unit: str
    """"%", "hour", "week", "day", "minute", "month", "year", "patients", or "" when bare."""


@dataclass(frozen=True)
class Facets:
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
    digest = hashlib.sha256(normalise_claim_text(text).encode("utf-8")).hexdigest()
    return f"c-{digest[:12]}"


@dataclass(frozen=True)
class Claim:
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


# --------------------------------------------------------------------------------------------
# Queries
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """One search to send to one source."""

    source: str
    """"pubmed" (also served by local indexes) or "openfda"."""
    term: str
    """The exact query string (PubMed syntax for pubmed; openFDA `search=` for openfda)."""
    rung: int = 0
    """Position on the ladder: 0 is the most specific."""
    label: str = ""
    """What this rung keeps, for people: "drug + concept + organism + affiliation"."""
    params: Mapping[str, str] = field(default_factory=dict)
    """Source-specific extras (openFDA: endpoint)."""
    depth: int | None = None
    """How many ids to ask for; None: the checker's default (a local index's ranked
    all-claim-words query asks for more, since it costs no request)."""


@dataclass(frozen=True)
class Hit:
    """A source's own evidence for one id it returned (LitSense: its best sentence)."""

    rank: int
    """1-based position in that source's answer (after re-sorting by score)."""
    score: float
    text: str = ""
    """The sentence that matched."""
    section: str | None = None
    """Where the sentence is: "title", "abstract", a PMC section name."""


@dataclass(frozen=True)
class QueryRun:
    """A query that ran: what came back, so a person can rerun it on the source's website."""

    query: Query
    ids: tuple[str, ...] = ()
    """Native ids (PMIDs, openFDA application numbers), best first."""
    count: int = 0
    """Total hits the source reports (may exceed len(ids))."""
    translation: str | None = None
    """PubMed's QueryTranslation, when the source gives one."""
    error: str | None = None
    hits: Mapping[str, Hit] = field(default_factory=dict)
    """Per id, the source's own evidence (rank, score, sentence), when it gives one."""


# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Author:
    last_name: str | None = None
    fore_name: str | None = None
    initials: str | None = None
    collective: str | None = None
    """A group author ("COVID-19 Study Group"); then the name fields are None."""
    affiliations: tuple[str, ...] = ()

    @property
    def display(self) -> str:
        if self.collective:
            return self.collective
        return " ".join(p for p in (self.last_name, self.initials) if p)


@dataclass(frozen=True)
class MeshHeading:
    descriptor: str
    ui: str | None = None
    major: bool = False
    """True when the descriptor or any of its qualifiers is a major topic."""
    qualifiers: tuple[str, ...] = ()


@dataclass(frozen=True)
class AbstractSection:
    text: str
    label: str | None = None
    """Structured-abstract label ("METHODS"), or None for unstructured text."""
    category: str | None = None
    """NLM category (BACKGROUND, OBJECTIVE, METHODS, RESULTS, CONCLUSIONS, UNASSIGNED)."""


@dataclass(frozen=True)
class Notice:
    """A CommentsCorrections link: RetractionIn, ExpressionOfConcernIn, ErratumIn, ..."""

    ref_type: str
    pmid: str | None = None
    source: str | None = None
    """The cited text ("Nature. 2020;1:2")."""


@dataclass(frozen=True)
class FdaProduct:
    brand_name: str
    active_ingredients: tuple[str, ...] = ()
    """As printed by Drugs@FDA, e.g. "ESKETAMINE HYDROCHLORIDE"."""
    strengths: tuple[str, ...] = ()
    dosage_form: str | None = None
    route: str | None = None
    marketing_status: str | None = None


@dataclass(frozen=True)
class FdaApproval:
    """One approved submission: the original (ORIG/AP) or a supplement."""

    date: str
    """ISO date."""
    submission_type: str
    """ORIG or SUPPL."""
    number: str | None = None
    class_code: str | None = None
    """Submission class, e.g. "TYPE 1", "EFFICACY", "LABELING"."""


@dataclass(frozen=True)
class FdaFacts:
    """What openFDA says about one application, computed from drugsfda + label."""

    application_number: str
    sponsor: str | None = None
    products: tuple[FdaProduct, ...] = ()
    original_approval: str | None = None
    """ISO date of the ORIG submission with status AP."""
    approvals: tuple[FdaApproval, ...] = ()
    indications: tuple[str, ...] = ()
    """From the label's indications_and_usage."""
    boxed_warning: str | None = None
    initial_us_approval: str | None = None
    """The label's "Initial U.S. Approval: 1970" year, as text."""
    label_set_id: str | None = None
    schedule: str | None = None
    """DEA schedule when the label gives one (CIII)."""
    pharm_class_epc: tuple[str, ...] = ()
    """openFDA's Established Pharmacologic Class ("General Anesthetic [EPC]"): a weak hint at
    the use when no label gives the indications."""


@dataclass(frozen=True)
class Record:
    """One bibliographic or regulatory record, parsed. Source-independent."""

    source: str
    """"pubmed" or "openfda" (records from a local PubMed index are "pubmed" too)."""
    id: str
    """Stable key: "pubmed:12345678", "openfda:NDA211243"."""
    title: str
    abstract: tuple[AbstractSection, ...] = ()
    journal: str | None = None
    journal_abbrev: str | None = None
    year: int | None = None
    pub_date: str | None = None
    """The date as printed, e.g. "2019 Mar-Apr" (MedlineDate) or "2019-03-05"."""
    authors: tuple[Author, ...] = ()
    mesh: tuple[MeshHeading, ...] = ()
    keywords: tuple[str, ...] = ()
    pub_types: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    pmid: str | None = None
    doi: str | None = None
    pmcid: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    notices: tuple[Notice, ...] = ()
    is_book: bool = False
    url: str | None = None
    fda: FdaFacts | None = None

    @property
    def abstract_text(self) -> str:
        return " ".join(s.text for s in self.abstract)

    @property
    def affiliations(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for a in self.authors:
            for aff in a.affiliations:
                seen.setdefault(aff, None)
        return tuple(seen)

    @property
    def native_id(self) -> str:
        return self.id.split(":", 1)[1] if ":" in self.id else self.id


# --------------------------------------------------------------------------------------------
# Candidates and results
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    field: str
    """"title", "abstract", "abstract:RESULTS", "indications_and_usage", ..."""
    text: str


@dataclass(frozen=True)
class Candidate:
    """A record proposed as support for a claim, with how sure we are and why."""

    record: Record
    confidence: float
    """0.0-1.0, comparable across sources: higher means more likely the claim's reference."""
    reasons: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    """Stable flag names from CONTRACT.md (retracted, animal-only, different-ingredient, ...)."""
    flag_reasons: Mapping[str, str] = field(default_factory=dict)
    """One readable line per flag."""
    evidence: Evidence | None = None
    features: Mapping[str, float] = field(default_factory=dict)
    """The scorer's inputs, shown in --format json so the score can be audited."""
    source_rank: int | None = None
    """1-based position in the source's own ranking for the best query that found it."""
    query: str | None = None
    """The query (term) that first found it."""
    found_by: tuple[str, ...] = ()
    """Keys of the sources whose searches returned it ("pubmed", "litsense", "local:DIR")."""


class Status(StrEnum):
    MATCHED = "matched"
    WEAK = "weak"
    NO_MATCH = "no_match"
    SKIPPED = "skipped"


class Verdict(StrEnum):
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    UNSURE = "unsure"
    NOTE = "note"
    """A note without a verdict."""


@dataclass(frozen=True)
class Decision:
    """One human decision on one claim (latest wins)."""

    claim_id: str
    verdict: Verdict
    candidate: str | None = None
    """Record id ("pubmed:12345678") for confirmed; None for reject-all/unsure."""
    note: str | None = None
    at: str = ""
    """ISO-8601 UTC time."""
    reviewer: str | None = None


@dataclass(frozen=True)
class ClaimResult:
    """Everything litcheck found for one claim."""

    claim: Claim
    status: Status
    candidates: tuple[Candidate, ...] = ()
    queries: tuple[QueryRun, ...] = ()
    skipped_reason: str | None = None
    """Why the claim could not be checked (source down, nothing to search for). Not an exception."""
    source_errors: Mapping[str, str] = field(default_factory=dict)
    """Per source: what failed, when only part of the answer could be obtained."""
    decision: Decision | None = None
    requests: int = 0
    """HTTP requests this claim caused (cache hits excluded)."""

    @property
    def partial(self) -> bool:
        """Answered, but a source the claim needed failed: the answer may lack its reference."""
        return bool(self.source_errors) and self.status is not Status.SKIPPED

    @property
    def unfinished(self) -> bool:
        """Skipped or partial because a source failed: a rerun of the batch retries it."""
        return bool(self.source_errors)
