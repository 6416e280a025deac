"""LitSense2 as a `Source`: PubMed sentences found by meaning, beside the PubMed ladder.

LitSense finds "the best-matching sentences based on overlapping terms as well as semantic
similarity" across PubMed abstracts and PMC full text
(https://www.ncbi.nlm.nih.gov/research/litsense2/). Its answers are PMIDs, so this source
joins PubMed's pool (`pool = "pubmed"`): its PMIDs are fetched in the same batched efetch as the
ladder's and scored with them, and its best sentence per PMID (with its section), score and rank
go to the scorer as the pool's `hits`. One request per distinct claim (the checker runs each
query once per process, and the response is cached for a day).
"""

from __future__ import annotations

from collections.abc import Sequence

from litcheck.models import Claim, Hit, Query, QueryRun, Record
from litcheck.sources.base import Capabilities, Source
from litcheck.sources.litsense.client import LitSenseClient, trim_query

DEPTH = 20
"""PMIDs of LitSense's answer (up to 100 sentences, often 50-90 PMIDs) that join the pool: the
best 20, as many as one ladder rung brings."""


class LitSenseSource(Source):
    """One LitSense `sentences/` search per claim; its PMIDs join PubMed's pool."""

    key = "litsense"
    capabilities = Capabilities(ladder=False)
    pool = "pubmed"

    def __init__(self, client: LitSenseClient) -> None:
        self._client = client

    def plan(self, claim: Claim) -> list[Query]:
        """The claim as checked, trimmed to LitSense's sane length; [] when it has no words."""
        text = trim_query(claim.query_text)
        if not text:
            return []
        return [Query(self.key, text, label="sentences by meaning (LitSense2)", depth=DEPTH)]

    def search(self, query: Query, *, limit: int = DEPTH) -> QueryRun:
        """PMIDs by their best sentence's score, each with that sentence as a `Hit`."""
        matches = self._client.matches(query.term)
        top = matches[:limit]
        hits = {
            m.pmid: Hit(rank=m.rank, score=m.score, text=m.sentence, section=m.section) for m in top
        }
        return QueryRun(
            query=query,
            ids=tuple(m.pmid for m in top),
            count=len(matches),
            translation=trim_query(query.term),
            hits=hits,
        )

    def fetch(self, ids: Sequence[str]) -> list[Record]:
        """Never called: PubMed fetches LitSense's PMIDs (see `pool`)."""
        raise NotImplementedError("LitSense's PMIDs are fetched by the pubmed source")

    @property
    def requests_sent(self) -> int:
        return self._client.requests_sent

    def close(self) -> None:
        self._client.close()
