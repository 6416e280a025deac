"""The one interface every source implements (PubMed, openFDA, a local index)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from litcheck.models import Query, QueryRun, Record


@runtime_checkable
class Source(Protocol):
    """A literature or regulatory index that can be searched and fetched.

    Implementations translate library errors into `litcheck.errors.SourceError` subclasses.
    They must be safe to call from several threads at once.
    """

    name: str
    """"pubmed", "openfda", "local"."""
    dialect: str
    """The query language it executes: "pubmed" (PubMed and local indexes) or "openfda"."""

    def search(self, query: Query, *, limit: int = 20) -> QueryRun:
        """Run `query`; return up to `limit` native ids, best first, with the total count.

        No hits is a QueryRun with no ids, never an error.
        """
        ...

    def fetch(self, ids: Sequence[str]) -> list[Record]:
        """Return parsed records for native `ids` (order not guaranteed; unknown ids omitted).

        Implementations batch and cache; a record fetched once serves every claim.
        """
        ...

    @property
    def requests_sent(self) -> int:
        """HTTP requests this source has sent so far (cache hits excluded); 0 for local ones."""
        ...
