"""NCBI LitSense2: sentences of PubMed and PMC that match a claim by meaning.

- `client.LitSenseClient.from_settings(settings)`: `sentences(text)` (hits, best first) and
  `matches(text)` (ranked PMIDs, each with its best sentence); 1 request/s, cached a day.
- `parse`: the wire format (`parse_sentences`, `parse_annotation`, `by_pmid`) as frozen values
  (`LitSenseHit`, `Annotation`, `PmidMatch`).

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
)

__all__ = [
    "MAX_QUERY_CHARS",
    "Annotation",
    "LitSenseClient",
    "LitSenseHit",
    "PmidMatch",
    "by_pmid",
    "parse_sentences",
    "trim_query",
]
