"""What a local index runs for a claim: a ranked query of all the claim's words, then the ladder.

A local index has no rate limit, so it runs every rung of the PubMed ladder; first comes a
query of all the claim's content words ORed, which its BM25 ranking turns into a bag-of-words
search that recalls references a boolean rung would filter out.
"""

from __future__ import annotations

import re

from litcheck.claims.text import STOPWORDS, tokens
from litcheck.models import Claim, Query

FREE_WORDS_RETMAX = 50
"""How deep the ranked all-claim-words query goes: a bigger pool to re-rank (no request cost)."""


def claim_words_query(claim: Claim, *, max_words: int = 16) -> Query | None:
    """Every content word of the claim, ORed in [tiab]: relevance ranking does the rest."""
    words = [
        t
        for t in dict.fromkeys(tokens(claim.query_text))
        if t not in STOPWORDS and len(t) > 1 and not t.isdigit() and "-" not in t
    ][:max_words]
    if not words:
        return None
    terms = [w if re.fullmatch(r"[a-z0-9]+", w) else f'"{w}"' for w in words]
    return Query(
        "pubmed",
        " OR ".join(f"{t}[tiab]" for t in terms),
        rung=-1,
        label="all claim words",
        depth=FREE_WORDS_RETMAX,
    )


def plan_local(claim: Claim) -> list[Query]:
    """The all-claim-words query (when the claim has content words), then the PubMed ladder."""
    from litcheck.sources.pubmed.plan import plan_pubmed

    words = claim_words_query(claim)
    return ([words] if words else []) + plan_pubmed(claim)
