"""Values passed between litcheck's layers: small, frozen, typed. Nothing here does I/O; JSON
shapes live in `litcheck.results.codec`. Data flow:

    Claim (+ Facets, ClaimContext) -> [Query] -> Source.search -> QueryRun(ids)
        -> Source.fetch(ids) -> [Record] -> Scorer -> [Candidate] -> ClaimResult -> formats
"""

from __future__ import annotations

from litcheck.models.claims import (
    Claim,
    Facets,
    Origin,
    Quantity,
    Term,
    claim_id,
    normalise_claim_text,
)
from litcheck.models.context import ClaimContext, Inherited
from litcheck.models.queries import (
    Hit,
    Query,
    QueryRun,
)
from litcheck.models.records import (
    AbstractSection,
    Author,
    FdaApproval,
    FdaFacts,
    FdaProduct,
    MeshHeading,
    Notice,
    Record,
)
from litcheck.models.results import (
    Candidate,
    ClaimResult,
    Decision,
    Evidence,
    Status,
    Verdict,
)

__all__ = [
    "AbstractSection",
    "Author",
    "Candidate",
    "Claim",
    "ClaimContext",
    "ClaimResult",
    "Decision",
    "Evidence",
    "Facets",
    "FdaApproval",
    "FdaFacts",
    "FdaProduct",
    "Hit",
    "Inherited",
    "MeshHeading",
    "Notice",
    "Origin",
    "Quantity",
    "Query",
    "QueryRun",
    "Record",
    "Status",
    "Term",
    "Verdict",
    "claim_id",
    "normalise_claim_text",
]
