"""openFDA as a `Source`: `drug/drugsfda` for applications and submissions, `drug/label` for
indications, boxed warnings and "Initial U.S. Approval". See `litcheck.sources.base.Source`.

Requests go through `litcheck.sources.http.HttpClient` (base URL from `LITCHECK_OPENFDA_URL`, one
machine-wide "openfda" limiter under 240 requests/min, backoff on 429 and 5xx, raw bodies cached
for a day). Errors are `litcheck.errors.SourceError` subclasses with `source="openfda"`, so a
pipeline can keep the PubMed half of an answer and say which source failed.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from litcheck.errors import ConfigError
from litcheck.models import Candidate, Claim, Query, QueryRun, Record
from litcheck.sources.base import Capabilities, PoolSignals, Source
from litcheck.sources.cache import SEARCH_TTL, ResponseCache
from litcheck.sources.clients import client_for
from litcheck.sources.http import HttpClient, RateLimiter, shared_limiter
from litcheck.sources.openfda import DRUGSFDA, LABEL

# The response parser, the record builder and the name quoting are imported where they are
# used: a claim with nothing for openFDA to answer (most claims) never loads them (issue 16).

if TYPE_CHECKING:
    import httpx

    from litcheck.settings import Settings
    from litcheck.sources.openfda.parse import Page

OPENFDA_RATE = 4.0
"""Requests per second: openFDA allows 240 per minute, with or without a key.
See: https://open.fda.gov/apis/authentication/"""
MAX_LIMIT = 100
"""Results asked for per search: innovator applications are sorted ahead of generics locally."""
BATCH = 10
"""Application numbers per fetch request (OR-ed in one search expression)."""
_APPNO = re.compile(r"^(?:openfda:)?((?:NDA|ANDA|BLA)\d{6})$")


def application_id(native: str) -> str | None:
    """ "NDA211243" from "NDA211243" or "openfda:NDA211243"; None for anything else."""
    match = _APPNO.match(native.strip().upper().replace("OPENFDA:", "openfda:"))
    return match.group(1) if match else None


class OpenFdaSource(Source):
    """`Source` backed by openFDA's drug endpoints. Thread-safe.

    Results seen by `search` are kept in memory, so `fetch` usually sends only the label
    requests; raw responses are also in the on-disk cache.
    """

    key = "openfda"
    capabilities = Capabilities(ladder=False)

    def plan(self, claim: Claim) -> list[Query]:
        """openFDA searches for a regulatory claim; [] for any other (`plan.plan_openfda`)."""
        from litcheck.sources.openfda.plan import plan_openfda

        return plan_openfda(claim)

    def score(
        self, claim: Claim, records: Sequence[Record], signals: PoolSignals
    ) -> list[Candidate]:
        """Each application scored against the claim, the others as context (`score`)."""
        from litcheck.sources.openfda.score import score_fda_all

        return score_fda_all(claim, records)

    def __init__(
        self,
        client: HttpClient,
        *,
        cache: ResponseCache | None = None,
        api_key: str | None = None,
    ) -> None:
        self._client = client
        self._cache = cache
        self._api_key = api_key
        self._lock = threading.Lock()
        self._applications: dict[str, Mapping[str, Any]] = {}
        self._labels: dict[str, list[Mapping[str, Any]]] = {}

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        limiter: RateLimiter | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> OpenFdaSource:
        """Build from `Settings`: `openfda_url`, `openfda_api_key`, cache and offline mode.

        `limiter`, `transport` and `sleep` (the backoff between retries) are test seams."""
        client = client_for(
            settings,
            source="openfda",
            base_url=settings.openfda_url,
            base_url_env="LITCHECK_OPENFDA_URL",
            limiter=limiter or shared_limiter("openfda", OPENFDA_RATE),
            # NOTE: "no hits" is HTTP 404 NOT_FOUND, an answer to cache, not an error.
            # See: https://github.com/FDA/openfda/issues/58
            ok_statuses=frozenset({200, 404}),
            transport=transport,
            sleep=sleep,
            rate_limit_tip=(
                "openFDA allows 240 requests a minute; wait a minute and try again"
                if settings.openfda_api_key
                else "set OPENFDA_API_KEY (1,000 requests a day without one), or wait a minute"
            ),
        )
        return cls(client, cache=client.cache, api_key=settings.openfda_api_key)

    @property
    def requests_sent(self) -> int:
        return self._client.requests_sent

    def close(self) -> None:
        self._client.close()
        if self._cache is not None:
            self._cache.close()

    # Source -------------------------------------------------------------------------------

    def search(self, query: Query, *, limit: int = 20) -> QueryRun:
        """See `Source.search`. ids are application numbers ("NDA211243"), innovator
        applications (NDA, BLA) before generics (ANDA), each group in openFDA's order."""
        endpoint = query.params.get("endpoint", DRUGSFDA)
        if endpoint not in (DRUGSFDA, LABEL):
            raise ConfigError(
                f"openFDA query with unknown endpoint {endpoint!r}",
                tip=f"use {DRUGSFDA} or {LABEL}",
            )
        page = self._get(endpoint, query.term, MAX_LIMIT)
        if endpoint == DRUGSFDA:
            ids = self._remember_applications(page.results)
        else:
            ids = self._remember_labels(page.results)
        from litcheck.sources.openfda.facts import is_generic

        ordered = sorted(dict.fromkeys(ids), key=is_generic)
        return QueryRun(query=query, ids=tuple(ordered[: max(0, limit)]), count=page.total)

    def fetch(self, ids: Sequence[str]) -> list[Record]:
        """See `Source.fetch`. Applications openFDA does not know are omitted; a missing
        label leaves the record's indications empty."""
        wanted = list(dict.fromkeys(a for a in map(application_id, ids) if a))
        with self._lock:
            missing = [a for a in wanted if a not in self._applications]
        for batch in _batches(missing):
            self._remember_applications(
                self._get(DRUGSFDA, _any("application_number", batch)).results
            )
        with self._lock:
            unlabelled = [a for a in wanted if a in self._applications and a not in self._labels]
        for batch in _batches(unlabelled):
            page = self._get(LABEL, _any("openfda.application_number", batch), MAX_LIMIT)
            self._remember_labels(page.results)
            with self._lock:
                for number in batch:
                    self._labels.setdefault(number, [])
        from litcheck.sources.openfda.facts import build_record, pick_label

        records: list[Record] = []
        with self._lock:
            for number in wanted:
                application = self._applications.get(number)
                if application is not None:
                    label = pick_label(self._labels.get(number, []), number)
                    records.append(build_record(application, label))
        return records

    # ------------------------------------------------------------------------------------------

    def _get(self, endpoint: str, search: str, limit: int = BATCH) -> Page:
        from litcheck.sources.openfda.parse import parse_page, validate_json

        params = {"search": search, "limit": str(limit)}
        if self._api_key:
            params["api_key"] = self._api_key
        response = self._client.get(endpoint, params, ttl=SEARCH_TTL, validate=validate_json)
        return parse_page(response.status, response.content)

    def _remember_applications(self, results: Sequence[Mapping[str, Any]]) -> list[str]:
        ids: list[str] = []
        with self._lock:
            for result in results:
                number = application_id(str(result.get("application_number") or ""))
                if number:
                    self._applications[number] = result
                    ids.append(number)
        return ids

    def _remember_labels(self, results: Sequence[Mapping[str, Any]]) -> list[str]:
        from litcheck.sources.openfda.parse import strings

        ids: list[str] = []
        with self._lock:
            for label in results:
                for raw in strings((label.get("openfda") or {}).get("application_number")):
                    number = application_id(raw)
                    if number:
                        known = self._labels.setdefault(number, [])
                        if _label_key(label) not in {_label_key(k) for k in known}:
                            known.append(label)
                        ids.append(number)
        return ids


def _label_key(label: Mapping[str, Any]) -> tuple[str, str]:
    """One SPL version: its document id, else set id + effective time."""
    if label.get("id"):
        return (str(label["id"]), "")
    return (str(label.get("set_id") or ""), str(label.get("effective_time") or ""))


def _any(field: str, values: Sequence[str]) -> str:
    from litcheck.sources.openfda.names import quote

    return " OR ".join(f"{field}:{quote(v)}" for v in values)


def _batches(items: Sequence[str]) -> list[list[str]]:
    return [list(items[i : i + BATCH]) for i in range(0, len(items), BATCH)]
