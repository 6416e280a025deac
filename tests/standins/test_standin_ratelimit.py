"""The stand-in's rate limiter and counters (no sockets)."""

from __future__ import annotations

from standins.ratelimit import SlidingWindowLimiter, Stats, summary_line


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_three_per_second_without_key_then_429_with_the_count() -> None:
    clock = FakeClock()
    limiter = SlidingWindowLimiter(clock=clock)
    results = []
    for _ in range(4):
        results.append(limiter.check("127.0.0.1", has_key=False))
        clock.now += 0.1
    assert results == [(True, 1), (True, 2), (True, 3), (False, 4)]


def test_ten_per_second_with_key_eleventh_is_refused_like_ncbis_example() -> None:
    clock = FakeClock()
    limiter = SlidingWindowLimiter(clock=clock)
    results = [limiter.check("KEY", has_key=True) for _ in range(11)]
    assert all(ok for ok, _ in results[:10])
    assert results[10] == (False, 11)


def test_window_slides_and_refused_requests_count() -> None:
    clock = FakeClock()
    limiter = SlidingWindowLimiter(clock=clock)
    for _ in range(3):
        assert limiter.check("c", has_key=False)[0]
    assert limiter.check("c", has_key=False) == (False, 4)
    clock.now += 1.0  # the first three (and the refused one) leave the window only now
    assert limiter.check("c", has_key=False) == (True, 1)


def test_a_client_spaced_at_the_limit_is_never_refused() -> None:
    clock = FakeClock()
    limiter = SlidingWindowLimiter(clock=clock)
    for _ in range(30):
        assert limiter.check("c", has_key=False)[0]
        clock.now += 1 / 3 + 1e-6


def test_clients_are_limited_separately() -> None:
    limiter = SlidingWindowLimiter(clock=FakeClock())
    for _ in range(3):
        assert limiter.check("a", has_key=False)[0]
        assert limiter.check("b", has_key=False)[0]


def _record(stats: Stats, status: int = 200, **kw: object) -> None:
    args: dict[str, object] = {
        "endpoint": "esearch.fcgi",
        "status": status,
        "method": "GET",
        "in_window": 1,
        "api_key": False,
        "tool": "litcheck",
        "email": "a@b.org",
    }
    args.update(kw)
    stats.record(**args)  # type: ignore[arg-type]


def test_stats_count_requests_429s_and_missing_tool_or_email() -> None:
    stats = Stats()
    _record(stats, now=10.0)
    _record(stats, endpoint="efetch.fcgi", method="POST", ids=250, now=10.2)
    _record(stats, status=429, in_window=4, tool=None, now=10.5)
    _record(stats, email="", now=10.6)
    snap = stats.snapshot()
    assert snap["requests"] == 4
    assert snap["rate_limited"] == 1
    assert snap["rate_limited_at"] == [0.5]
    assert snap["by_endpoint"] == {"esearch.fcgi": 3, "efetch.fcgi": 1}
    assert snap["by_status"] == {"200": 3, "429": 1}
    assert snap["post_requests"] == 1
    assert snap["ids_fetched"] == 250
    assert (snap["missing_tool"], snap["missing_email"]) == (1, 1)
    assert snap["all_had_tool_and_email"] is False
    assert snap["max_in_window"] == 4
    assert snap["span_seconds"] == 0.6
    assert "1 without tool, 1 without email" in summary_line(snap)


def test_stats_reset_zeroes_everything() -> None:
    stats = Stats()
    _record(stats, status=429)
    stats.reset()
    snap = stats.snapshot()
    assert snap["requests"] == 0 and snap["rate_limited"] == 0 and snap["by_endpoint"] == {}
    assert snap["all_had_tool_and_email"] is True


def test_stats_count_ids_fetched_again() -> None:
    stats = Stats()
    _record(stats, endpoint="efetch.fcgi", ids=2, pmids=("1", "2"))
    _record(stats, endpoint="efetch.fcgi", ids=2, pmids=("2", "3"))
    _record(stats, endpoint="efetch.fcgi", status=429, pmids=("1",))  # refused: not fetched
    snap = stats.snapshot()
    assert (snap["distinct_ids_fetched"], snap["ids_refetched"]) == (3, 1)
    stats.reset()
    assert stats.snapshot()["ids_refetched"] == 0
