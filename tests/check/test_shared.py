"""The checker's threads (litcheck.check.shared): a pool only for two claims or more, and one
answer shared by every thread that waits for it (issue 16)."""

from __future__ import annotations

import threading

import pytest

from litcheck.check.shared import LazyPool, Shared


def test_one_item_runs_in_the_calling_thread_and_starts_no_pool() -> None:
    pool = LazyPool(4)
    assert pool.map(lambda _: threading.current_thread().name, ["claim"]) == ["MainThread"]
    assert pool._pool is None
    pool.close()


def test_two_items_run_in_the_pool_in_order() -> None:
    pool = LazyPool(2)
    try:
        names = pool.map(lambda i: (i, threading.current_thread().name), [1, 2, 3])
    finally:
        pool.close()
    assert [i for i, _ in names] == [1, 2, 3]
    assert all(name.startswith("litcheck") for _, name in names)


def test_one_worker_never_starts_a_pool() -> None:
    pool = LazyPool(1)
    assert pool.map(str, [1, 2]) == ["1", "2"] and pool._pool is None


def test_a_shared_answer_reaches_every_waiting_thread() -> None:
    shared: Shared[int] = Shared()
    got: list[int] = []
    waiters = [threading.Thread(target=lambda: got.append(shared.result())) for _ in range(3)]
    for waiter in waiters:
        waiter.start()
    shared.set_result(7)
    for waiter in waiters:
        waiter.join(timeout=10)
    assert got == [7, 7, 7]


def test_a_shared_failure_is_raised_to_every_caller() -> None:
    shared: Shared[int] = Shared()
    shared.set_exception(ValueError("source down"))
    for _ in range(2):
        with pytest.raises(ValueError, match="source down"):
            shared.result()
