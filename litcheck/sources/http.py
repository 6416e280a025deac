"""HTTP for every source: one httpx client, a machine-wide rate limiter, bounded retries, a cache.

Source-agnostic: PubMed passes its limiter ("ncbi", 3 or 10/s) and openFDA its own (240/min,
`ok_statuses={200, 404}`); `shared_limiter(key, rate)` (litcheck.sources.ratelimit) gives any
new source a budget of its own, shared with every litcheck process of the user. Retries back off
exponentially with jitter, never less than Retry-After; a 429 also slows the host's limiter down
for a while. Library exceptions become `litcheck.errors` here, at the boundary (their messages
pass through `litcheck.redact`, so a body that echoes the API key never shows it):

- connect / DNS failure             -> SourceUnavailable naming the host and the URL variable
- timeouts, after retries           -> SourceUnavailable
- 429, after retries                -> RateLimited (at once if Retry-After > MAX_RETRY_AFTER)
- 5xx, after retries                -> SourceError
- other statuses not in ok_statuses -> SourceError at once (never retried)
- `validate` rejects the body        -> BadResponse, after retries (an invalid body is never cached)
- --offline and not cached          -> OfflineMiss naming what is missing

Cache keys are the endpoint (the path under the base URL) and the parameters without secrets or
`tool`, so a cache filled through one mirror or stand-in serves another.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

from msgspec import Struct, field

from litcheck import log
from litcheck.errors import (
    BadResponse,
    LitcheckError,
    OfflineMiss,
    RateLimited,
    SourceError,
    SourceUnavailable,
)
from litcheck.redact import is_secret_name, redact, register_secret
from litcheck.sources.cache import NOT_IN_KEY, pack_response, request_key, unpack_response
from litcheck.sources.ratelimit import (
    SAFETY_MARGIN,
    RateLimiter,
    SharedRateLimiter,
    Slot,
    shared_limiter,
)

if TYPE_CHECKING:
    import httpx

    from litcheck.sources.cache import ResponseCache

__all__ = [
    "SAFETY_MARGIN",
    "HttpClient",
    "HttpResponse",
    "RateLimiter",
    "SharedRateLimiter",
    "Slot",
    "retry_after_seconds",
    "shared_limiter",
]

MAX_BACKOFF = 30.0
"""No exponential wait is longer than this."""
MAX_RETRY_AFTER = 120.0
"""A Retry-After longer than this is not waited for: the request fails at once, saying so."""


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date), or None.

    See: https://www.rfc-editor.org/rfc/rfc9110#field.retry-after
    """
    if value is None or not value.strip():
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime  # rare: imported only when needed

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


class HttpResponse(Struct, frozen=True):
    status: int
    content: bytes
    headers: Mapping[str, str] = field(default_factory=dict)
    from_cache: bool = False


class HttpClient:
    """httpx.Client + shared rate limiter + bounded retries (exp backoff + jitter on 429, 5xx,
    timeouts, truncated bodies) + ResponseCache.

    `ttl` on `get`/`post`: seconds to keep the answer in the cache, or None to not cache it (the
    caller caches, e.g. PubMed records per PMID). Offline, every request must be in the cache.
    `validate(content)` raises `BadResponse` for a body that must be retried (HTML page, truncated
    XML, an `<ERROR>` with HTTP 200); another `LitcheckError` from it propagates without retry.
    Thread-safe.
    """

    def __init__(
        self,
        *,
        source: str,
        base_url: str,
        base_url_env: str,
        limiter: RateLimiter,
        cache: ResponseCache | None,
        offline: bool = False,
        timeout: float = 20.0,
        max_retries: int = 5,
        secret_params: frozenset[str] = frozenset({"api_key", "email", "tool"}),
        ok_statuses: frozenset[int] = frozenset({200}),
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        backoff_base: float = 0.5,
        rate_limit_tip: str | None = None,
    ) -> None:
        self.source = source
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.base_url_env = base_url_env
        self.host = urlsplit(self.base_url).hostname or self.base_url
        self.limiter = limiter
        self.cache = cache
        self.offline = offline
        self.timeout = timeout
        self.max_retries = max(0, max_retries)
        self.secret_params = secret_params
        self.ok_statuses = ok_statuses
        self.rate_limit_tip = rate_limit_tip
        self._sleep = sleep
        self._backoff_base = backoff_base
        self._count_lock = threading.Lock()
        self._requests_sent = 0
        self._transport = transport
        self._client_lock = threading.Lock()
        self._client: httpx.Client | None = None

    @property
    def requests_sent(self) -> int:
        """Real HTTP requests sent (retries included, cache hits excluded)."""
        with self._count_lock:
            return self._requests_sent

    def url(self, path: str) -> str:
        """`path` resolved against the base URL (CONTRACT.md: nothing is hard-wired elsewhere)."""
        return self.base_url + path.lstrip("/")

    def get(
        self,
        path: str,
        params: Mapping[str, str],
        *,
        ttl: float | None,
        validate: Callable[[bytes], None] | None = None,
    ) -> HttpResponse:
        """GET `path` with query `params`. See the class docstring for errors and caching."""
        return self._request("GET", path, params, ttl=ttl, validate=validate)

    def post(
        self,
        path: str,
        data: Mapping[str, str],
        *,
        ttl: float | None,
        validate: Callable[[bytes], None] | None = None,
    ) -> HttpResponse:
        """POST a form (`data`) to `path`; used when the parameters are too long for a URL."""
        return self._request("POST", path, data, ttl=ttl, validate=validate)

    def close(self) -> None:
        with self._client_lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    def _http(self) -> httpx.Client:
        """The httpx client, built on the first request that misses the cache (`transport`)."""
        with self._client_lock:
            if self._client is None:
                from litcheck.sources.transport import build_client

                self._client = build_client(
                    base_url=self.base_url,
                    base_url_env=self.base_url_env,
                    source=self.source,
                    timeout=self.timeout,
                    transport=self._transport,
                )
            return self._client

    # ------------------------------------------------------------------------------------------

    def _describe(self, method: str, path: str, params: Mapping[str, str]) -> str:
        shown = {
            k: v
            for k, v in params.items()
            if k not in self.secret_params and k not in NOT_IN_KEY and not is_secret_name(k)
        }
        text = urlencode(shown)
        if len(text) > 160:
            text = text[:157] + "..."
        return f"{method} {self.url(path)}?{text}"

    def _request(
        self,
        method: str,
        path: str,
        params: Mapping[str, str],
        *,
        ttl: float | None,
        validate: Callable[[bytes], None] | None,
    ) -> HttpResponse:
        for name, value in params.items():
            if is_secret_name(name):
                register_secret(value)  # masked wherever an answer might echo it
        # Keyed by the path under the base URL, not the URL: any mirror serves the same cache.
        key = request_key(self.source, path, params)
        if self.cache is not None:
            cached = self.cache.get(key)
            unpacked = unpack_response(cached) if cached is not None else None
            if unpacked is not None:
                return HttpResponse(unpacked[0], unpacked[1], {}, from_cache=True)
        if self.offline:
            raise OfflineMiss(
                f"--offline: the cache has no answer from {self.source} for "
                f"{self._describe(method, path, params)}",
                source=self.source,
                tip="run once without --offline to fill the cache, or drop --offline",
            )
        response = self._send_with_retries(method, self.url(path), params, validate)
        if ttl is not None and self.cache is not None:
            self.cache.set(key, pack_response(response.status, response.content), expire=ttl)
        return response

    def backoff(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait after failed try number `attempt` (0-based) before the next.

        Exponential with jitter, base * 2^attempt * [0.5, 1.5), at most MAX_BACKOFF, and never
        less than the server's Retry-After: repeated 429s wait longer and longer, each at least
        as long as asked.
        """
        import random  # only when a request failed

        exponential: float = self._backoff_base * (2**attempt) * (0.5 + random.random())
        return max(min(MAX_BACKOFF, exponential), retry_after or 0.0)

    def _send_once(self, method: str, url: str, params: Mapping[str, str]) -> httpx.Response:
        slot = self.limiter.acquire()
        with self._count_lock:
            self._requests_sent += 1

        # httpcore's trace hook tells when the request really goes out (see RateLimiter).
        # See: https://www.encode.io/httpcore/extensions/#trace
        def trace(event: str, info: Mapping[str, object]) -> None:
            if event.endswith("send_request_headers.started"):
                self.limiter.sent(slot)

        extensions = {"trace": trace}
        if method == "GET":
            return self._http().get(url, params=dict(params), extensions=extensions)
        return self._http().post(url, data=dict(params), extensions=extensions)

    def _unavailable(self, what: str) -> SourceUnavailable:
        return SourceUnavailable(
            f"cannot reach {self.host} ({what})",
            source=self.source,
            tip=(
                f"check the network, set {self.base_url_env} to a reachable mirror or stand-in, "
                "or use --sources sample"
            ),
        )

    def _attempt(
        self,
        method: str,
        url: str,
        params: Mapping[str, str],
        validate: Callable[[bytes], None] | None,
        tries: int,
    ) -> HttpResponse | _Retry:
        """One try: the answer, or what to retry after; raises what retrying cannot fix."""
        from litcheck.sources.transport import import_httpx

        import_httpx()  # without its command-line client, should this come before `_http()`
        import httpx  # for the exception classes

        try:
            response = self._send_once(method, url, params)
        except httpx.TimeoutException:
            return _Retry(self._unavailable(f"no answer within {self.timeout:g} s, {tries} tries"))
        except httpx.ConnectError as exc:
            # No network, DNS failure, refused connection: retrying will not help.
            raise self._unavailable(type(exc).__name__) from None
        except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
            # The connection dropped mid-body: a truncated response, retried.
            return _Retry(
                BadResponse(
                    f"{self.host} closed the connection before the answer was complete ({exc})",
                    source=self.source,
                    tip="try again later",
                )
            )
        except httpx.TransportError as exc:
            raise self._unavailable(f"{type(exc).__name__}: {exc}") from None
        return self._judge(response, validate, tries)

    def _judge(
        self, response: httpx.Response, validate: Callable[[bytes], None] | None, tries: int
    ) -> HttpResponse | _Retry:
        """The answer in `response`, or what to retry after (see the module docstring)."""
        status = response.status_code
        if status in self.ok_statuses:
            content = response.content
            try:
                if validate is not None:
                    validate(content)
            except BadResponse as exc:
                return _Retry(exc)
            return HttpResponse(status, content, dict(response.headers), False)
        if status != 429 and status < 500:
            # Redact the whole body before cutting it: a cut must not leave half a key behind.
            snippet = redact(response.text).strip().replace("\n", " ")[:200]
            raise SourceError(
                f"{self.host} refused the request: HTTP {status} {snippet}".rstrip(),
                source=self.source,
                tip="this request will not succeed if repeated; check the query",
            )
        wait = retry_after_seconds(response.headers.get("Retry-After"))
        too_long = wait is not None and wait > MAX_RETRY_AFTER
        what = f"asked to wait {wait:.0f} s" if too_long else f"{tries} tries"
        if status == 429:
            # NOTE: NCBI's 429s come without Retry-After (honoured when present) and NCBI keeps
            # refusing a client that does not slow down; so the host's rate drops for a while,
            # for every litcheck process sharing the limiter, not only this retry.
            # See: https://www.ncbi.nlm.nih.gov/books/NBK25497/ ("API Keys")
            self.limiter.slow_down()
            error: SourceError = RateLimited(
                f"{self.host} kept refusing requests (HTTP 429, {what})",
                source=self.source,
                tip=self.rate_limit_tip or "wait a minute and try again",
            )
        else:
            error = SourceError(
                f"{self.host} answered HTTP {status} ({what})",
                source=self.source,
                tip="the service is having trouble; try again later",
            )
        if too_long:
            raise error
        return _Retry(error, wait)

    def _send_with_retries(
        self,
        method: str,
        url: str,
        params: Mapping[str, str],
        validate: Callable[[bytes], None] | None,
    ) -> HttpResponse:
        tries = self.max_retries + 1
        last: _Retry | None = None
        for attempt in range(tries):
            outcome = self._attempt(method, url, params, validate, attempt + 1)
            if isinstance(outcome, HttpResponse):
                return outcome
            last = outcome
            if attempt + 1 < tries:
                delay = self.backoff(attempt, outcome.retry_after)
                log.debug(
                    "%s: retry %d in %.2f s after %s",
                    self.source,
                    attempt + 1,
                    delay,
                    outcome.error,
                )
                self._sleep(delay)
        assert last is not None
        raise last.error


class _Retry(Struct, frozen=True):
    """A failed try worth retrying: the error to raise if it was the last, and Retry-After."""

    error: LitcheckError
    retry_after: float | None = None
