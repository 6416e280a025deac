"""A virtual clock for tests that pace requests: time passes only when someone sleeps."""

from __future__ import annotations

import threading


class VirtualClock:
    """Time that passes only when someone sleeps (thread-safe). `now()` is the reading."""

    def __init__(self, start: float = 1000.0) -> None:
        self._now = start
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return self._now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self._now += max(0.0, seconds)
