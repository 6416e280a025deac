"""NCBI LitSense2 client: sentences of PubMed and PMC that match a claim, by meaning.

One request per claim, `GET {base}sentences/?query=TEXT&rerank=true`, through
`litcheck.sources.http.HttpClient`: base URL from `LITCHECK_LITSENSE_URL`, one process-wide
"litsense" limiter at 1 request/s, the usual backoff on 429, 5xx, timeouts and bad bodies, raw
answers (the no-match 404 included) cached for a day like every search. Errors are
`litcheck.errors.SourceError` subclasses with `source="litsense"`.

This is not a full `Source` (LitSense finds sentences, not records, so there is no `fetch`):
`search()` gives a `QueryRun` of PMIDs like a source's, `matches()` each PMID's best sentence,
section, score and rank; the records come from PubMed's `fetch`.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING

from litcheck.errors import InputError, SourceUnavailable
from litcheck.sources.cache import SEARCH_TTL, ResponseCache
from litcheck.sources.clients import client_for
from litcheck.sources.http import HttpClient, RateLimiter, shared_limiter
from litcheck.sources.litsense.parse import (
    SOURCE,
    LitSenseHit,
    PmidMatch,
    by_pmid,
    parse_sentences,
    validate_sentences,
)

if TYPE_CHECKING:
    import httpx

    from litcheck.settings import Settings

LITSENSE_RATE = 1.0
"""Requests per second. LitSense's API tutorial asks for at most one per second per user (quoted
in ics_experiment's environment/NOTES.md; pylitsense's README says the same for LitSense 1).
See: https://www.ncbi.nlm.nih.gov/research/litsense2/"""
MAX_QUERY_CHARS = 300
"""Longest query sent, cut at a word boundary.

LitSense answers only with sentences that share at least 10% of the query's words and ranks
them by similarity to the query; a query much longer than one sentence (~25 words) blurs that
similarity, and ics_experiment's notes found short queries did better. 300 characters (about
45 words, two long sentences) keeps every ordinary claim whole and drops only the tail of an
overlong one. It also keeps the URL short. (LitSense documents no limit; biomcp refuses
over 4,096 bytes on its own side.)
"""
SENTENCES = "sentences/"
MEMO_QUERIES = 256
"""Answers kept in memory (parsed), so `search` then `matches` for a claim parse once."""


def trim_query(text: str, limit: int = MAX_QUERY_CHARS) -> str:
    """`text` with whitespace collapsed, cut to at most `limit` characters at a word boundary
    (a single word longer than `limit` is cut inside it)."""
    collapsed = " ".join(text.split())
    if len(collapsed) <= limit:
        return collapsed
    head = collapsed[: limit + 1]
    space = head.rfind(" ")
    return (head[:space] if space > 0 else collapsed[:limit]).rstrip()


class LitSenseClient:
    """LitSense2 `sentences/` search. Thread-safe (HttpClient is)."""

    """Its queries are plain text (the claim), not PubMed syntax."""

    def __init__(self, client: HttpClient, *, cache: ResponseCache | None = None) -> None:
        self._client = client
        self._cache = cache
        self._memo: OrderedDict[str, tuple[LitSenseHit, ...]] = OrderedDict()
        self._memo_lock = threading.Lock()

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        limiter: RateLimiter | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> LitSenseClient:
        """Build from `Settings`: `litsense_url`, timeout, retries, cache and offline mode.

        `limiter`, `transport` and `sleep` (the backoff between retries) are test seams."""
        client = client_for(
            settings,
            source=SOURCE,
            base_url=settings.litsense_url,
            base_url_env="LITCHECK_LITSENSE_URL",
            limiter=limiter or shared_limiter("litsense", LITSENSE_RATE),
            secret_params=frozenset(),
            # NOTE: "no match" is HTTP 404 with a JSON `detail`: an answer to cache, not an
            # error (undocumented; captured live by ics_experiment, tests/fixtures/litsense/).
            ok_statuses=frozenset({200, 404}),
            transport=transport,
            sleep=sleep,
            rate_limit_tip="LitSense allows one request per second per user; try again later",
        )
        return cls(client, cache=client.cache)

    @property
    def requests_sent(self) -> int:
        """Real HTTP requests sent (retries included, cache hits excluded)."""
        return self._client.requests_sent

    def close(self) -> None:
        self._client.close()
        if self._cache is not None:
            self._cache.close()

    def sentences(self, text: str) -> list[LitSenseHit]:
        """LitSense's sentences for the claim `text` (trimmed by `trim_query`), best first.

        [] when LitSense finds nothing (its 404 no-match, cached like any answer). Raises
        `InputError` for a blank `text`, and the `SourceError`s of `HttpClient` otherwise; a
        timeout says that LitSense is known to be slow.
        """
        query = trim_query(text)
        if not query:
            raise InputError("LitSense needs a non-empty query")
        with self._memo_lock:
            memo = self._memo.get(query)
        if memo is not None:
            return list(memo)
        params = {"query": query, "rerank": "true"}
        try:
            response = self._client.get(
                SENTENCES, params, ttl=SEARCH_TTL, validate=validate_sentences
            )
        except SourceUnavailable as exc:
            raise _explain(exc) from None
        hits = parse_sentences(response.content)
        with self._memo_lock:
            self._memo[query] = tuple(hits)
            while len(self._memo) > MEMO_QUERIES:
                self._memo.popitem(last=False)
        return hits

    def matches(self, text: str) -> list[PmidMatch]:
        """`sentences(text)` grouped per PMID: ranked PMIDs, each with its best sentence."""
        return by_pmid(self.sentences(text))


def _explain(exc: SourceUnavailable) -> SourceUnavailable:
    """The same error, saying that LitSense is known to time out when that is what happened.

    # NOTE: biomcp's record 0420 (2026-06-14) saw LitSense2 exceed its 12 s per-source timeout
    # on every federated call and take about 123 s alone.
    # See: https://github.com/genomoncology/biomcp
    """
    if "no answer within" not in exc.message:
        return exc
    return SourceUnavailable(
        f"LitSense timed out: {exc.message}; the service is known to be slow at times "
        "(answers have been seen to take minutes)",
        source=exc.source,
        tip="try again later, or leave LitSense out; PubMed's own search still answers",
    )
