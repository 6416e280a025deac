"""`Source` backed by NCBI E-utilities: esearch (JSON) to find PMIDs, efetch (XML) to read them.

httpx fetches (through `litcheck.sources.http.HttpClient`: one NCBI rate limiter shared by every
litcheck process, retries, cache); Bio.Entrez parses (`litcheck.sources.pubmed.xml`, offline).
Records are cached per PMID, whichever mirror they came through, so an article fetched for one
claim serves every claim.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from litcheck import log
from litcheck.errors import BadResponse, OfflineMiss
from litcheck.models import Candidate, Claim, Query, QueryRun, Record
from litcheck.settings import TOOL_NAME
from litcheck.sources.base import Capabilities, PoolSignals, Source
from litcheck.sources.cache import RECORD_TTL, SEARCH_TTL, ResponseCache, request_key
from litcheck.sources.clients import client_for
from litcheck.sources.http import HttpClient, RateLimiter, shared_limiter
from litcheck.sources.pubmed.parsed import load_parsed, store_parsed

if TYPE_CHECKING:
    import httpx

    from litcheck.settings import Settings

EFETCH_BATCH = 200
MEMO_RECORDS = 10_000
"""At most this many PMIDs per efetch request."""
POST_PARAMS_CHARS = 1000
"""POST instead of GET when the encoded parameters are longer than this.

# NOTE: the same rule as Biopython (`Bio.Entrez._build_request`): POST when the encoded params
# exceed 1,000 characters or there are 200 or more ids; long GET URLs are refused by NCBI.
# See: https://www.ncbi.nlm.nih.gov/books/NBK25499/ ("efetch ... use HTTP POST")
"""
_email_warned = threading.Event()


def validate_esearch_json(content: bytes) -> None:
    """Raise `BadResponse` unless `content` is an esearch JSON answer without an ERROR.

    # NOTE: esearch reports errors with HTTP 200: {"esearchresult": {"ERROR": "..."}}.
    # See: https://github.com/ropensci/rentrez/pull/208
    """
    try:
        data = json.loads(content)
    except (ValueError, UnicodeDecodeError):
        head = content[:200].lstrip().lower()
        kind = (
            "an HTML page"
            if head.startswith((b"<!doctype html", b"<html"))
            else "truncated or invalid JSON"
        )
        raise BadResponse(f"PubMed esearch sent {kind} instead of JSON", source="pubmed") from None
    result = data.get("esearchresult") if isinstance(data, dict) else None
    if not isinstance(result, dict):
        error = data.get("error") if isinstance(data, dict) else None
        raise BadResponse(
            f"PubMed esearch sent an unexpected answer: {error or str(data)[:120]}", source="pubmed"
        )
    if result.get("ERROR"):
        raise BadResponse(f"PubMed esearch reported an error: {result['ERROR']}", source="pubmed")


class PubMedSource(Source):
    """`Source` for PubMed over E-utilities. See `litcheck.sources.base.Source`."""

    key = "pubmed"
    capabilities = Capabilities(ladder=True)

    def plan(self, claim: Claim) -> list[Query]:
        """The claim's query ladder, specific to broad (`litcheck.sources.pubmed.plan`)."""
        from litcheck.sources.pubmed.plan import plan_pubmed

        return plan_pubmed(claim)

    def score(
        self, claim: Claim, records: Sequence[Record], signals: PoolSignals
    ) -> list[Candidate]:
        """PubMed records scored by the fitted lexical model (`litcheck.sources.pubmed.pool`),
        with their analyses read from and kept in the cache (`litcheck.sources.pubmed.analysed`).
        """
        from litcheck.sources.pubmed.pool import score_pubmed_pool

        if self._cache is None:
            return score_pubmed_pool(claim, records, signals)
        from litcheck.sources.pubmed.analysed import load_docs, store_docs

        unseen = load_docs(self._cache, records)
        scored = score_pubmed_pool(claim, records, signals)
        store_docs(self._cache, unseen)
        return scored

    def __init__(
        self,
        client: HttpClient,
        *,
        cache: ResponseCache | None = None,
        api_key: str | None = None,
        email: str | None = None,
    ) -> None:
        self._client = client
        self._cache = cache
        self._memo: OrderedDict[str, Record] = OrderedDict()
        """Parsed records by PMID (bounded LRU): parsing is the costly part of a warm run."""
        self._memo_lock = threading.Lock()
        self._auth = {"tool": TOOL_NAME}
        if email:
            self._auth["email"] = email
        if api_key:
            self._auth["api_key"] = api_key

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        limiter: RateLimiter | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> PubMedSource:
        """Build from `Settings`: shared "ncbi" limiter (3/s, 10/s with a key) and the cache."""
        if not settings.ncbi_email and not _email_warned.is_set():
            _email_warned.set()
            log.warning(
                "NCBI_EMAIL is not set: NCBI asks every E-utilities user for a contact address "
                "(export NCBI_EMAIL=you@example.org)"
            )
        client = client_for(
            settings,
            source="pubmed",
            base_url=settings.eutils_url,
            base_url_env="LITCHECK_EUTILS_URL",
            # NCBI counts requests with a key against the key, those without against the
            # address: two budgets, so a keyed run never starves an unkeyed one sharing a window.
            limiter=limiter
            or shared_limiter("ncbi-key" if settings.ncbi_api_key else "ncbi", settings.ncbi_rate),
            transport=transport,
            sleep=sleep,
            rate_limit_tip=(
                None
                if settings.ncbi_api_key
                else "set NCBI_API_KEY to raise NCBI's limit from 3 to 10 requests a second"
            ),
        )
        return cls(
            client, cache=client.cache, api_key=settings.ncbi_api_key, email=settings.ncbi_email
        )

    @property
    def requests_sent(self) -> int:
        return self._client.requests_sent

    def close(self) -> None:
        self._client.close()
        if self._cache is not None:
            self._cache.close()

    def _send(
        self,
        path: str,
        params: dict[str, str],
        n_ids: int,
        *,
        ttl: float | None,
        validate: Callable[[bytes], None],
    ) -> bytes:
        full = {**params, **self._auth}
        if n_ids >= EFETCH_BATCH or len(urlencode(full)) > POST_PARAMS_CHARS:
            return self._client.post(path, full, ttl=ttl, validate=validate).content
        return self._client.get(path, full, ttl=ttl, validate=validate).content

    def search(self, query: Query, *, limit: int = 20) -> QueryRun:
        """esearch db=pubmed, sort=relevance, JSON; cached for a day. See `Source.search`."""
        params = {
            "db": "pubmed",
            "term": query.term,
            "retmode": "json",
            "sort": "relevance",
            "retmax": str(max(0, limit)),
        }
        content = self._send(
            "esearch.fcgi", params, 0, ttl=SEARCH_TTL, validate=validate_esearch_json
        )
        result = json.loads(content)["esearchresult"]
        ids = tuple(str(i) for i in result.get("idlist", []))[:limit]
        try:
            count = int(result.get("count", len(ids)))
        except (TypeError, ValueError):
            count = len(ids)
        return QueryRun(
            query=query, ids=ids, count=count, translation=result.get("querytranslation") or None
        )

    def _record_key(self, pmid: str) -> str:
        # The key of the canonical one-PMID efetch, so any batch that returned it serves it,
        # whichever mirror it came through (the base URL is not part of the key).
        params = {"db": "pubmed", "id": pmid, "retmode": "xml"}
        return request_key("pubmed:record", "efetch.fcgi", params)

    def fetch(self, ids: Sequence[str]) -> list[Record]:
        """Records for `ids`: per-PMID cache first, the rest by efetch in batches of <= 200.

        Unknown PMIDs are omitted. Offline, every PMID must be cached (else `OfflineMiss`).
        See `Source.fetch`.
        """
        wanted = list(dict.fromkeys(i.strip() for i in ids if i and i.strip()))
        records: list[Record] = []
        missing: list[str] = []
        cached: dict[str, bytes] = {}
        with self._memo_lock:
            unseen = [p for p in wanted if p not in self._memo]
            records += [self._memo[p] for p in wanted if p in self._memo]
        stored = load_parsed(self._cache, unseen) if self._cache is not None else {}
        records += stored.values()
        self._remember(list(stored.values()))
        for pmid in (p for p in unseen if p not in stored):
            body = self._cache.get(self._record_key(pmid)) if self._cache is not None else None
            if body is None:
                missing.append(pmid)
            else:
                cached[pmid] = body
        if cached:
            from litcheck.sources.pubmed.xml import parse_cached_articles  # XML: only on a miss

            parsed, damaged = parse_cached_articles(cached)
            records += parsed
            missing += damaged  # a damaged cache entry: fetch it again
            self._remember(parsed)
            if self._cache is not None:
                store_parsed(self._cache, parsed)
        if missing and self._client.offline:
            shown = ", ".join(missing[:10]) + (" ..." if len(missing) > 10 else "")
            raise OfflineMiss(
                f"--offline: {len(missing)} PubMed record(s) are not in the cache: {shown}",
                source="pubmed",
                tip="run once without --offline to fill the cache, or drop --offline",
            )
        for start in range(0, len(missing), EFETCH_BATCH):
            fetched = self._efetch(missing[start : start + EFETCH_BATCH])
            self._remember(fetched)
            records += fetched
        order = {pmid: i for i, pmid in enumerate(wanted)}
        records.sort(key=lambda r: order.get(r.pmid or "", len(order)))
        return records

    def _remember(self, records: Sequence[Record]) -> None:
        with self._memo_lock:
            for record in records:
                if record.pmid:
                    self._memo[record.pmid] = record
                    self._memo.move_to_end(record.pmid)
            while len(self._memo) > MEMO_RECORDS:
                self._memo.popitem(last=False)

    def _efetch(self, batch: list[str]) -> list[Record]:
        # The XML parser (expat, Bio.Entrez's fallback) is imported here, on the way to the
        # network: a claim whose records are all parsed in the cache never needs it (issue 16).
        from litcheck.sources.pubmed.xml import (
            parse_pubmed_xml,
            split_articles,
            validate_pubmed_xml,
        )

        params = {"db": "pubmed", "id": ",".join(batch), "retmode": "xml"}
        content = self._send(
            "efetch.fcgi", params, len(batch), ttl=None, validate=validate_pubmed_xml
        )
        records = parse_pubmed_xml(content)
        if self._cache is not None:
            for pmid, article in split_articles(content).items():
                self._cache.set(self._record_key(pmid), article, expire=RECORD_TTL)
            store_parsed(self._cache, records)
        return records
