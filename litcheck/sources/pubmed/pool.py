"""Score one claim's pool of PubMed records (live PubMed, a local index, LitSense's finds).

The glue between the checker's `PoolSignals` and the pure scorer in `score.py`: the pool's own
ranking, the similarity by meaning when `--semantic` is on, and the year the flags compare with.
"""

from __future__ import annotations

from collections.abc import Sequence

from litcheck.models import Candidate, Claim, Record
from litcheck.sources.base import PoolSignals
from litcheck.sources.pubmed.fusion import fuse
from litcheck.sources.pubmed.score import score_pool


def score_pubmed_pool(
    claim: Claim, records: Sequence[Record], signals: PoolSignals, *, live: bool = True
) -> list[Candidate]:
    """Every record of the pool scored (see `score.score_pool`), best first.

    `live`: the pool came from the path users run against PubMed (the ladder's few records per
    rung, LitSense's finds); else from a local index (its ranked all-words query over the whole
    index). The lexical confidence is fused with the path's own signals by the weights fitted
    on that path (`fusion.py`).
    """
    sims = None
    if signals.encoder is not None:
        values = signals.encoder.similarities(claim.query_text, records)
        sims = {r.id: v for r, v in zip(records, values, strict=True)}
    lexical = score_pool(
        claim, records, signals.ranks, current_year=signals.current_year, semantic=sims
    )
    return fuse(lexical, signals, path="live" if live else "local")
