"""The one interface every source implements, with its capabilities declared, not probed.

A source owns its whole chain: it plans its queries for a claim (`plan`), runs them (`search`),
fetches records (`fetch`) and scores a claim's pool of its records (`score`). The checker
(`litcheck.check.checker`) calls only what this module declares; it never asks a source's type.

Sources are keyed by what the user named (`pubmed`, `sample`, `local:DIR`, `litsense`), so two
local indexes never collide. A source whose hits are ids of another source's records (LitSense
finds PMIDs, PubMed fetches them) names that source in `pool`: its ids join that source's pool
for the claim, are fetched in the same batched request, and are scored together, with the
source's own per-hit signals (`QueryRun.hits`) passed to the scorer.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from msgspec import Struct, field

from litcheck.models import Candidate, Claim, Hit, Query, QueryRun, Record

if TYPE_CHECKING:
    from litcheck.semantic import Encoder


class Capabilities(Struct, frozen=True):
    """What a source can do; the checker reads these instead of probing attributes."""

    ladder: bool = False
    """True: its plan is a ladder from specific to broad, and each rung costs a request, so the
    checker climbs only while the claim has fewer candidates than it needs (PubMed). False:
    every planned query runs (openFDA's few searches, a local index with no rate limit)."""
    nearest: bool = False
    """It can return the records nearest to a sentence embedding (`nearest`, `vector_model`)."""


class PoolSignals(Struct, frozen=True):
    """What the checker knows about a claim's pool when it asks the pool's source to score it."""

    ranks: Mapping[str, int]
    """Record id -> 1-based position in the pool's own source's ranking (its ladder order)."""
    hits: Mapping[str, Mapping[str, Hit]] = field(default_factory=dict)
    """Source key -> record id -> that source's hit (rank, score, sentence), for sources that
    joined this pool (LitSense)."""
    found: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    """Record id -> (rung, hit count) of the pool source's first query that found it."""
    current_year: int = 2026
    encoder: Encoder | None = None
    """Sentence-embedding encoder when `--semantic` is on; None keeps scoring lexical."""


class Source(ABC):
    """A literature or regulatory index that can be planned for, searched, fetched and scored.

    Implementations translate library errors into `litcheck.errors.SourceError` subclasses and
    must be safe to call from several threads at once.
    """

    key: str = ""
    """What the user named: "pubmed", "openfda", "litsense", "sample", "local:DIR"."""
    capabilities: Capabilities = Capabilities()
    pool: str | None = None
    """Key of the source whose records this source's ids are (fetched and scored there);
    None: its own."""

    @abstractmethod
    def plan(self, claim: Claim) -> list[Query]:
        """The queries to run for `claim`, most specific first; [] when it has nothing to ask."""

    @abstractmethod
    def search(self, query: Query, *, limit: int = 20) -> QueryRun:
        """Run `query`; return up to `limit` native ids, best first, with the total count.

        No hits is a QueryRun with no ids, never an error.
        """

    def fetch(self, ids: Sequence[str]) -> list[Record]:
        """Parsed records for native `ids` (order not guaranteed; unknown ids omitted).

        Implementations batch and cache; a record fetched once serves every claim. A source
        with a `pool` is never asked: its pool's source fetches.
        """
        raise NotImplementedError(f"{self.key} has no records of its own")

    def score(
        self, claim: Claim, records: Sequence[Record], signals: PoolSignals
    ) -> list[Candidate]:
        """Scored candidates for `records`, one claim's pool of this source. Pure."""
        raise NotImplementedError(f"{self.key} does not score records")

    def nearest(self, vector: object, query: Query, *, limit: int = 20) -> QueryRun:
        """Records nearest to `vector` (only when `capabilities.nearest`)."""
        return QueryRun(query=query)

    @property
    def vector_model(self) -> str | None:
        """The embedding model of the vectors `nearest` searches; None when there are none."""
        return None

    @property
    def requests_sent(self) -> int:
        """HTTP requests this source has sent so far (cache hits excluded); 0 for local ones."""
        return 0

    def close(self) -> None:  # noqa: B027 - a no-op default, not an abstract method
        """Release connections and files (the default holds none)."""
