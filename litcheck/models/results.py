"""Results: Evidence, Candidate, Status, Verdict, Decision, ClaimResult."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from msgspec import Struct, field

from litcheck.models.claims import Claim
from litcheck.models.queries import QueryRun
from litcheck.models.records import Record

# --------------------------------------------------------------------------------------------
# Candidates and results
# --------------------------------------------------------------------------------------------


class Evidence(Struct, frozen=True):
    field: str
    """"title", "abstract", "abstract:RESULTS", "indications_and_usage", ..."""
    text: str


class Candidate(Struct, frozen=True):
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


class Decision(Struct, frozen=True):
    """One human decision on one claim (latest wins)."""

    claim_id: str
    verdict: Verdict
    candidate: str | None = None
    """Record id ("pubmed:12345678") for confirmed; None for reject-all/unsure."""
    note: str | None = None
    at: str = ""
    """ISO-8601 UTC time."""
    reviewer: str | None = None


class ClaimResult(Struct, frozen=True):
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
