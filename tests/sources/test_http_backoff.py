"""HttpClient's backoff: exponential with jitter, never below Retry-After, bounded, and a
slow-down of the host's limiter after every 429. No test sleeps: `sleep` is injected."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from litcheck.errors import RateLimited, SourceError, SourceUnavailable
from litcheck.sources.http import MAX_BACKOFF, HttpClient, RateLimiter, retry_after_seconds

BASE = "https://eutils.example.test/entrez/eutils/"
ESEARCH = BASE + "esearch.fcgi"
RATE_LIMITED = {"error": "API rate limit exceeded", "count": "11"}


def client(sleeps: list[float], limiter: RateLimiter | None = None, **kwargs) -> HttpClient:
    return HttpClient(
        source="pubmed",
        base_url=BASE,
        base_url_env="LITCHECK_EUTILS_URL",
        limiter=limiter or RateLimiter(1000.0),
        cache=None,
        sleep=sleeps.append,
        **kwargs,
    )


def test_waits_grow_and_are_never_shorter_than_retry_after(respx_mock):
    respx_mock.get(ESEARCH).mock(
        side_effect=[httpx.Response(429, headers={"Retry-After": "1"}, json=RATE_LIMITED)] * 5
        + [httpx.Response(200, content=b"{}")]
    )
    sleeps: list[float] = []
    client(sleeps).get("esearch.fcgi", {}, ttl=None)
    assert len(sleeps) == 5 and all(s >= 1.0 for s in sleeps)
    # base 0.5 s * 2^n * [0.5, 1.5): the floor doubles with each try, past Retry-After.
    assert all(s >= 0.25 * 2**n for n, s in enumerate(sleeps))
    assert sleeps[4] >= 4.0 > sleeps[0]


def test_every_wait_is_capped_but_retry_after_still_wins(respx_mock):
    sleeps: list[float] = []
    c = client(sleeps, backoff_base=100.0)
    assert c.backoff(3) == MAX_BACKOFF
    assert c.backoff(0, retry_after=MAX_BACKOFF + 10) == MAX_BACKOFF + 10


def test_tries_are_bounded(respx_mock):
    route = respx_mock.get(ESEARCH).mock(return_value=httpx.Response(503))
    sleeps: list[float] = []
    with pytest.raises(SourceError, match=r"HTTP 503 \(4 tries\)"):
        client(sleeps, max_retries=3).get("esearch.fcgi", {}, ttl=None)
    assert route.call_count == 4 and len(sleeps) == 3


def test_timeouts_back_off_the_same_way(respx_mock):
    respx_mock.get(ESEARCH).mock(side_effect=httpx.ReadTimeout("slow"))
    sleeps: list[float] = []
    with pytest.raises(SourceUnavailable, match="4 tries"):
        client(sleeps, max_retries=3).get("esearch.fcgi", {}, ttl=None)
    assert [0.25 * 2**n <= s < 0.75 * 2**n for n, s in enumerate(sleeps)] == [True] * 3


def test_retry_after_as_an_http_date():
    now = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)
    header = format_datetime(now + timedelta(seconds=7), usegmt=True)
    assert retry_after_seconds(header, now=now.timestamp()) == pytest.approx(7.0)
    assert retry_after_seconds("garbage") is None and retry_after_seconds("-3") == 0.0


def test_a_retry_after_too_long_to_wait_fails_at_once(respx_mock):
    route = respx_mock.get(ESEARCH).mock(
        return_value=httpx.Response(429, headers={"Retry-After": "3600"}, json=RATE_LIMITED)
    )
    sleeps: list[float] = []
    with pytest.raises(RateLimited, match="asked to wait 3600 s"):
        client(sleeps).get("esearch.fcgi", {}, ttl=None)
    assert route.call_count == 1 and sleeps == []


def test_a_429_slows_the_hosts_limiter_down(respx_mock):
    respx_mock.get(ESEARCH).mock(
        side_effect=[httpx.Response(429, json=RATE_LIMITED)] * 2
        + [httpx.Response(200, content=b"{}")]
    )
    limiter = RateLimiter(8.0)
    client([], limiter).get("esearch.fcgi", {}, ttl=None)
    assert limiter.current_rate() == pytest.approx(2.0)  # halved twice, for a while


def test_a_500_does_not_slow_the_limiter(respx_mock):
    respx_mock.get(ESEARCH).mock(
        side_effect=[httpx.Response(500), httpx.Response(200, content=b"{}")]
    )
    limiter = RateLimiter(8.0)
    client([], limiter).get("esearch.fcgi", {}, ttl=None)
    assert limiter.current_rate() == 8.0
