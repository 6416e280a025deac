"""Injected faults for the stand-ins: a share of requests fails the ways real services fail.

    standin.faults = Faults(0.3, seed=7)   # 30% of answers become one of KINDS

A fault replaces an answer that would otherwise have been given (after the rate-limit check,
so 429s stay the stand-in's own): HTTP 500, 502 or 503 with the bodies NCBI's front ends send,
an HTML error page with HTTP 200 (a proxy's), or the real answer cut off halfway (a dropped
connection mid-body). Seeded, so a run is reproducible; thread-safe.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field

KINDS = ("500", "502", "503", "html", "truncated")

_HTML = (
    b"<!DOCTYPE html><html><head><title>Service unavailable</title></head>"
    b"<body><h1>The service is temporarily unavailable</h1></body></html>"
)


@dataclass
class Faults:
    """Fail `rate` (0..1) of the requests, each with a kind drawn from `KINDS`."""

    rate: float
    seed: int = 0
    injected: int = 0
    _rng: random.Random = field(init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    def pick(self) -> str | None:
        """The kind of fault for the next request, or None to answer it normally."""
        with self._lock:
            if self._rng.random() >= self.rate:
                return None
            self.injected += 1
            return self._rng.choice(KINDS)


def faulty(kind: str, status: int, body: bytes, ctype: str) -> tuple[int, bytes, str]:
    """The (status, body, content type) a fault of `kind` turns a real answer into."""
    if kind == "html":
        return 200, _HTML, "text/html; charset=utf-8"
    if kind == "truncated":
        return status, body[: max(1, len(body) // 2)], ctype
    code = int(kind)
    return code, f"{code} Server Error".encode(), "text/plain"
