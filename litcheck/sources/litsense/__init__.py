"""NCBI LitSense2: sentences of PubMed and PMC that match a claim by meaning.

- `client.LitSenseClient.from_settings(settings)`: `sentences(text)` (hits, best first),
  `matches(text)` (ranked PMIDs, each with its best sentence) and `search(Query)` (a
  `QueryRun` of PMIDs, like a `Source`); 1 request/s, cached a day.
- `parse`: the wire format (`parse_sentences`, `parse_annotation`) as frozen values
  (`LitSenseHit`, `Annotation`), and per-PMID grouping (`by_pmid`, `ranking` -> `PmidMatch`).

The stand-in for tests and benchmarks is `bench/litsense_standin.py`.
"""

from __future__ import annotations

from litcheck.sources.litsense.client import MAX_QUERY_CHARS, LitSenseClient, trim_query
from litcheck.sources.litsense.parse import (
    Annotation,
    LitSenseHit,
    PmidMatch,
    by_pmid,
    parse_sentences,
    ranking,
)

__all__ = [
    "MAX_QUERY_CHARS",
    "Annotation",
    "LitSenseClient",
    "LitSenseHit",
    "PmidMatch",
    "by_pmid",
    "parse_sentences",
    "ranking",
    "trim_query",
]
