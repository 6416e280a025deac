"""NCBI's E-utilities rate limit, as the stand-in enforces it, and the counters it keeps.

NCBI allows 3 requests per second per client without an API key and 10 with one
(https://www.ncbi.nlm.nih.gov/books/NBK25497/, "API Keys"); a client over the limit gets HTTP 429
with the body `{"error":"API rate limit exceeded","count":"11"}` and no Retry-After header.

The stand-in is strict: a request is refused when, counting it, more than `limit` requests from
the same client (its API key, else its address) arrived in the last `window` seconds. Refused
requests count too, so hammering after a 429 keeps being refused, as it does at NCBI.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

RATE_NO_KEY = 3
RATE_WITH_KEY = 10


class SlidingWindowLimiter:
    """Per-client sliding-window limiter. Thread-safe; the clock is injectable for tests."""

    def __init__(
        self,
        *,
        rate_no_key: int = RATE_NO_KEY,
        rate_with_key: int = RATE_WITH_KEY,
        window: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate_no_key = rate_no_key
        self.rate_with_key = rate_with_key
        self.window = window
        self._clock = clock
        self._arrivals: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, client: str, *, has_key: bool) -> tuple[bool, int]:
        """Record one arrival for `client`; return (allowed, requests in the window incl. this)."""
        limit = self.rate_with_key if has_key else self.rate_no_key
        now = self._clock()
        with self._lock:
            arrivals = self._arrivals.setdefault(client, deque())
            while arrivals and arrivals[0] <= now - self.window:
                arrivals.popleft()
            arrivals.append(now)
            count = len(arrivals)
        return count <= limit, count


@dataclass
class Stats:
    """Counters of everything the stand-in answered. Thread-safe through `record()`."""

    requests: int = 0
    rate_limited: int = 0
    by_endpoint: Counter[str] = field(default_factory=Counter)
    by_status: Counter[int] = field(default_factory=Counter)
    post_requests: int = 0
    ids_fetched: int = 0
    ids_refetched: int = 0
    """efetch ids asked for again after an earlier efetch (since the last reset)."""
    fetched: set[str] = field(default_factory=set)
    with_api_key: int = 0
    missing_tool: int = 0
    missing_email: int = 0
    tools: Counter[str] = field(default_factory=Counter)
    max_in_window: int = 0
    """Most requests any one client had in one window (over the limit means 429s were sent)."""
    in_flight: int = 0
    peak_in_flight: int = 0
    first_at: float | None = None
    last_at: float | None = None
    rate_limited_at: list[float] = field(default_factory=list)
    """Seconds since the first request, for each 429 (the log a benchmark prints)."""
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def started(self) -> None:
        with self._lock:
            self.in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self.in_flight)

    def finished(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def record(
        self,
        *,
        endpoint: str,
        status: int,
        method: str,
        in_window: int,
        api_key: bool,
        tool: str | None,
        email: str | None,
        ids: int = 0,
        pmids: tuple[str, ...] = (),
        now: float | None = None,
    ) -> None:
        """Count one E-utilities request (control endpoints such as /_stats are not counted)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            if self.first_at is None:
                self.first_at = now
            self.last_at = now
            self.requests += 1
            self.by_endpoint[endpoint] += 1
            self.by_status[status] += 1
            self.max_in_window = max(self.max_in_window, in_window)
            self.post_requests += method == "POST"
            self.ids_fetched += ids
            if status == 200:
                self.ids_refetched += sum(p in self.fetched for p in pmids)
                self.fetched.update(pmids)
            self.with_api_key += api_key
            self.missing_tool += not tool
            self.missing_email += not email
            if tool:
                self.tools[tool] += 1
            if status == 429:
                self.rate_limited += 1
                self.rate_limited_at.append(round(now - self.first_at, 3))

    def snapshot(self) -> dict[str, Any]:
        """A JSON-ready copy (what GET /_stats returns)."""
        with self._lock:
            return {
                "requests": self.requests,
                "rate_limited": self.rate_limited,
                "by_endpoint": dict(self.by_endpoint),
                "by_status": {str(k): v for k, v in self.by_status.items()},
                "post_requests": self.post_requests,
                "ids_fetched": self.ids_fetched,
                "distinct_ids_fetched": len(self.fetched),
                "ids_refetched": self.ids_refetched,
                "with_api_key": self.with_api_key,
                "missing_tool": self.missing_tool,
                "missing_email": self.missing_email,
                "all_had_tool_and_email": self.missing_tool == 0 and self.missing_email == 0,
                "tools": dict(self.tools),
                "max_in_window": self.max_in_window,
                "peak_in_flight": self.peak_in_flight,
                "span_seconds": round((self.last_at or 0.0) - (self.first_at or 0.0), 3),
                "rate_limited_at": list(self.rate_limited_at[:100]),
            }

    def reset(self) -> None:
        """Zero every counter (between benchmark phases)."""
        with self._lock:
            in_flight = self.in_flight
            fresh = type(self)()
            for name in fresh.__dataclass_fields__:
                if name != "_lock":
                    setattr(self, name, getattr(fresh, name))
            self.in_flight = in_flight


def summary_line(stats: dict[str, Any]) -> str:
    """One human line for logs: requests, 429s, tool/email compliance."""
    compliance = (
        "every request carried tool and email"
        if stats["all_had_tool_and_email"]
        else f"{stats['missing_tool']} without tool, {stats['missing_email']} without email"
    )
    return (
        f"{stats['requests']} requests ({stats['by_endpoint']}), {stats['rate_limited']} answered 429, "
        f"max {stats['max_in_window']} in one window, {compliance}"
    )
