"""HTTP for every source: one httpx client, a process-wide rate limiter, bounded retries, a cache.

Source-agnostic: PubMed passes its limiter ("ncbi", 3 or 10/s) and openFDA its own (240/min,
`ok_statuses={200, 404}`). Library exceptions become `litcheck.errors` here, at the boundary:

- connect / DNS failure             -> SourceUnavailable naming the host and the URL variable
- timeouts, after retries           -> SourceUnavailable
- 429, after retries                -> RateLimited
- 5xx, after retries                -> SourceError
- other statuses not in ok_statuses -> SourceError at once (never retried)
- `validate` rejects the body        -> BadResponse, after retries (an invalid body is never cached)
- --offline and not cached          -> OfflineMiss naming what is missing
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

import httpx

from litcheck import __version__
from litcheck.errors import (
    BadResponse,
    LitcheckError,
    OfflineMiss,
    RateLimited,
    SourceError,
    SourceUnavailable,
)
from litcheck.sources.cache import request_key

if TYPE_CHECKING:
    from litcheck.sources.cache import ResponseCache

logger = logging.getLogger("litcheck")

SAFETY_MARGIN = 1.1
"""Spacing is 10% wider than 1/rate.

# NOTE: Biopython spaces NCBI requests 0.37 s apart, not 0.333 s, because 0.333 s "sometimes hit
# the NCBI rate limit" (Bio/Entrez/__init__.py, `_open`). 1.1/3 = 0.367 s is the same margin.
# See: https://github.com/biopython/biopython/blob/master/Bio/Entrez/__init__.py
"""
MAX_BACKOFF = 30.0
"""No single retry wait is longer than this (a Retry-After header included)."""


class Slot:
    """One request's place in the limiter's window: when it left, then when it was sent."""

    __slots__ = ("at",)

    def __init__(self, at: float) -> None:
        self.at = at


class RateLimiter:
    """At most `rate` requests in any window of `SAFETY_MARGIN` seconds, spaced at least
    `SAFETY_MARGIN / rate` apart, across all threads.

    A request is stamped when its caller actually leaves `acquire` (after its sleep), and
    stamped again, later, when its bytes go to the socket (`sent`, from httpcore's trace hook):
    a thread that a busy CPU delays between the two is counted at its real time, so it cannot
    bunch up with the requests after it in the server's 1-second window.
    `clock` and `sleep` are injectable so tests can use a fake clock.
    """

    def __init__(
        self,
        rate: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._slots: deque[Slot] = deque()
        self.rate = rate

    @property
    def rate(self) -> float:
        """Requests per second allowed."""
        return self._rate

    @rate.setter
    def rate(self, value: float) -> None:
        self._rate = value
        self.interval = SAFETY_MARGIN / value
        self.burst = max(1, int(value))
        """How many requests may leave within one window of SAFETY_MARGIN seconds."""

    def _wait(self, now: float) -> float:
        stamps = sorted(slot.at for slot in self._slots)
        wait = 0.0
        if stamps:
            wait = stamps[-1] + self.interval - now
        if len(stamps) >= self.burst:
            wait = max(wait, stamps[-self.burst] + SAFETY_MARGIN - now)
        return wait

    def acquire(self) -> Slot:
        """Block until this caller may send one request; its `Slot` goes to `sent` later."""
        while True:
            with self._lock:
                now = self._clock()
                wait = self._wait(now)
                if wait <= 0:
                    slot = Slot(now)
                    self._slots.append(slot)
                    while len(self._slots) > 2 * self.burst:
                        self._slots.popleft()
                    return slot
            self._sleep(wait)

    def sent(self, slot: Slot) -> None:
        """The request of `slot` is being written to the socket now."""
        with self._lock:
            slot.at = max(slot.at, self._clock())


_limiters: dict[str, RateLimiter] = {}
_limiters_lock = threading.Lock()


def shared_limiter(key: str, rate: float) -> RateLimiter:
    """The one limiter for `key` (e.g. "ncbi") in this process, so every client shares it.

    If it already exists with another rate, the lower rate wins (the safe choice).
    """
    with _limiters_lock:
        limiter = _limiters.get(key)
        if limiter is None:
            limiter = _limiters[key] = RateLimiter(rate)
        elif rate < limiter.rate:
            limiter.rate = rate
        return limiter


@dataclass(frozen=True)
class HttpResponse:
    status: int
    content: bytes
    headers: Mapping[str, str] = field(default_factory=dict)
    from_cache: bool = False


_STATUS_PREFIX = b"litcheck-status:"


def _pack(status: int, content: bytes) -> bytes:
    # The cache holds bytes only: the status (openFDA caches 404 "no hits") is a one-line prefix.
    return _STATUS_PREFIX + str(status).encode("ascii") + b"\n" + content


def _unpack(raw: bytes) -> tuple[int, bytes] | None:
    if not raw.startswith(_STATUS_PREFIX):
        return None
    head, _, body = raw.partition(b"\n")
    try:
        return int(head[len(_STATUS_PREFIX) :]), body
    except ValueError:
        return None


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
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout),
            transport=transport,
            follow_redirects=True,
            headers={"User-Agent": f"litcheck/{__version__} (+https://pypi.org/project/litcheck/)"},
        )

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
        self._client.close()

    # ------------------------------------------------------------------------------------------

    def _describe(self, method: str, path: str, params: Mapping[str, str]) -> str:
        shown = {k: v for k, v in params.items() if k not in self.secret_params}
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
        url = self.url(path)
        key = request_key(self.source, method, url, params)
        if self.cache is not None:
            cached = self.cache.get(key)
            unpacked = _unpack(cached) if cached is not None else None
            if unpacked is not None:
                return HttpResponse(unpacked[0], unpacked[1], {}, from_cache=True)
        if self.offline:
            raise OfflineMiss(
                f"--offline: the cache has no answer from {self.source} for "
                f"{self._describe(method, path, params)}",
                source=self.source,
                tip="run once without --offline to fill the cache, or drop --offline",
            )
        response = self._send_with_retries(method, url, params, validate)
        if ttl is not None and self.cache is not None:
            self.cache.set(key, _pack(response.status, response.content), expire=ttl)
        return response

    def _backoff(self, attempt: int, retry_after: str | None = None) -> float:
        if retry_after is not None:
            try:
                return min(MAX_BACKOFF, max(0.0, float(retry_after)))
            except ValueError:
                pass
        # Exponential backoff with full jitter on the upper half: base * 2^n * [0.5, 1.5).
        delay: float = self._backoff_base * (2**attempt) * (0.5 + random.random())
        return min(MAX_BACKOFF, delay)

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
            return self._client.get(url, params=dict(params), extensions=extensions)
        return self._client.post(url, data=dict(params), extensions=extensions)

    def _unavailable(self, what: str) -> SourceUnavailable:
        return SourceUnavailable(
            f"cannot reach {self.host} ({what})",
            source=self.source,
            tip=(
                f"check the network, set {self.base_url_env} to a reachable mirror or stand-in, "
                "or use --sources sample"
            ),
        )

    def _send_with_retries(
        self,
        method: str,
        url: str,
        params: Mapping[str, str],
        validate: Callable[[bytes], None] | None,
    ) -> HttpResponse:
        last: LitcheckError | None = None
        tries = self.max_retries + 1
        for attempt in range(tries):
            retry_after: str | None = None
            try:
                response = self._send_once(method, url, params)
            except httpx.TimeoutException:
                last = self._unavailable(
                    f"no answer within {self.timeout:g} s, {attempt + 1} tries"
                )
            except httpx.ConnectError as exc:
                # No network, DNS failure, refused connection: retrying will not help.
                raise self._unavailable(type(exc).__name__) from None
            except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
                # The connection dropped mid-body: a truncated response, retried.
                last = BadResponse(
                    f"{self.host} closed the connection before the answer was complete ({exc})",
                    source=self.source,
                    tip="try again later",
                )
            except httpx.TransportError as exc:
                raise self._unavailable(f"{type(exc).__name__}: {exc}") from None
            else:
                status = response.status_code
                if status in self.ok_statuses:
                    content = response.content
                    try:
                        if validate is not None:
                            validate(content)
                    except BadResponse as exc:
                        last = exc
                    else:
                        return HttpResponse(status, content, dict(response.headers), False)
                elif status == 429:
                    # NOTE: NCBI's 429s usually come without Retry-After; honour it when present.
                    # See: https://www.ncbi.nlm.nih.gov/books/NBK25497/ ("API Keys")
                    retry_after = response.headers.get("Retry-After")
                    last = RateLimited(
                        f"{self.host} kept refusing requests (HTTP 429, {attempt + 1} tries)",
                        source=self.source,
                        tip=self.rate_limit_tip or "wait a minute and try again",
                    )
                elif status >= 500:
                    last = SourceError(
                        f"{self.host} answered HTTP {status} ({attempt + 1} tries)",
                        source=self.source,
                        tip="the service is having trouble; try again later",
                    )
                else:
                    snippet = response.text[:200].strip().replace("\n", " ")
                    raise SourceError(
                        f"{self.host} refused the request: HTTP {status} {snippet}".rstrip(),
                        source=self.source,
                        tip="this request will not succeed if repeated; check the query",
                    )
            if attempt + 1 < tries:
                delay = self._backoff(attempt, retry_after)
                logger.debug(
                    "%s: retry %d in %.2f s after %s", self.source, attempt + 1, delay, last
                )
                self._sleep(delay)
        assert last is not None
        raise last
