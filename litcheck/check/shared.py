"""The checker's threads without `concurrent.futures`: a pool started only when two claims
can use it, and a value computed once for every thread that waits on it (the query memo's).

Importing concurrent.futures (and the logging it imports) was 4% of a warm `litcheck claim`
(issue 16), which searches one claim in one thread; a batch imports it with its first pool.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

T = TypeVar("T")
R = TypeVar("R")


class LazyPool:
    """`map` in up to `workers` threads, started on the first call with two or more items;
    fewer items (or one worker) run in the calling thread. `close` stops the threads."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ThreadPoolExecutor | None = None

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        """`[fn(item) for item in items]`, in order, the items run concurrently."""
        if len(items) < 2 or self.workers < 2:
            return [fn(item) for item in items]
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="litcheck")
        return list(self._pool.map(fn, items))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)


class Shared(Generic[T]):
    """One answer for every thread that waits on it: set once, by the thread that computes it
    (the part of `concurrent.futures.Future` the query memo uses)."""

    __slots__ = ("_done", "_error", "_value")

    def __init__(self) -> None:
        self._done = threading.Event()
        self._value: T | None = None
        self._error: BaseException | None = None

    def set_result(self, value: T) -> None:
        self._value = value
        self._done.set()

    def set_exception(self, error: BaseException) -> None:
        self._error = error
        self._done.set()

    def result(self) -> T:
        """The answer (waiting for it), or the exception its computation raised."""
        self._done.wait()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]
