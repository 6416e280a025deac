"""Rate limiters: spacing and window per process, a slow-down after 429, and one budget shared
by every process of the user through a lock-protected state file."""

from __future__ import annotations

import json
import logging
import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from litcheck.sources import ratelimit
from litcheck.sources.ratelimit import (
    MIN_FACTOR,
    RateLimiter,
    SharedRateLimiter,
    Window,
    default_state_dir,
    shared_limiter,
)


class FakeClock:
    """A clock that only moves when someone sleeps (thread-safe)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.lock = threading.Lock()

    def __call__(self) -> float:
        with self.lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self.lock:
            self.now = max(self.now, self.now + seconds)


def _gaps(times: list[float]) -> list[float]:
    return [b - a for a, b in zip(times, times[1:], strict=False)]


def test_limiter_spaces_calls_with_safety_margin():
    clock = FakeClock()
    limiter = RateLimiter(3.0, clock=clock, sleep=clock.sleep)
    times = []
    for _ in range(5):
        limiter.acquire()
        times.append(clock())
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert all(g == pytest.approx(1.1 / 3) for g in gaps)
    assert 1.1 / 3 > 0.333  # wider than 1/rate, like Biopython's 0.37 s


def test_late_waker_does_not_let_requests_bunch():
    # A caller that wakes late (busy CPU) is stamped at its real time; the ones after it wait
    # for the window, so no 1-second window ever holds more than 3 departures.
    clock = FakeClock()
    limiter = RateLimiter(3.0, clock=clock, sleep=clock.sleep)
    times = []
    limiter.acquire()
    times.append(clock())
    clock.sleep(0.9)  # this caller was descheduled for a while before asking
    for _ in range(6):
        limiter.acquire()
        times.append(clock())
    assert times[1] == pytest.approx(0.9)
    assert all(b - a >= 1.1 / 3 - 1e-9 for a, b in zip(times, times[1:], strict=False))
    assert max(sum(1 for t in times if w <= t < w + 1.0) for w in times) <= 3


def test_concurrent_callers_never_exceed_the_rate():
    limiter = RateLimiter(20.0)
    stamps = []
    lock = threading.Lock()

    def work():
        for _ in range(6):
            limiter.acquire()
            with lock:
                stamps.append(time.monotonic())

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stamps.sort()
    assert len(stamps) == 36
    # in any 1-second window at most 20 requests leave
    assert max(sum(1 for s in stamps if w <= s < w + 1.0) for w in stamps) <= 20


def test_limiter_with_real_clock_across_threads():
    limiter = RateLimiter(100.0)
    stamps = []
    lock = threading.Lock()

    def work():
        for _ in range(5):
            limiter.acquire()
            with lock:
                stamps.append(time.monotonic())

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stamps.sort()
    # Wake-ups can be late, never early: any 10 consecutive starts span at least 9 intervals.
    assert all(stamps[i + 9] - stamps[i] >= 9 * 0.011 - 0.003 for i in range(len(stamps) - 9))


def test_shared_limiter_is_one_per_key_and_keeps_the_lower_rate():
    a = shared_limiter("test-shared", 10.0)
    b = shared_limiter("test-shared", 3.0)
    assert a is b and a.rate == 3.0
    assert shared_limiter("test-shared", 10.0).rate == 3.0
    assert shared_limiter("test-other", 4.0) is not a


def test_request_sent_late_pushes_the_window():
    clock = FakeClock()
    limiter = RateLimiter(3.0, clock=clock, sleep=clock.sleep)
    first = limiter.acquire()  # leaves at 0.0 ...
    limiter.acquire()  # 0.367
    clock.sleep(0.2)
    limiter.sent(first)  # ... but its headers only go out at 0.567 (a busy CPU)
    limiter.acquire()  # 0.733
    limiter.acquire()
    # The 4th request waits for 1.1 s after the 2nd-oldest stamp (0.367), not the 1st (0.0):
    assert clock() == pytest.approx(1.1 / 3 + 1.1)


# -- slow-down after a 429 ---------------------------------------------------------------------


def test_slow_down_halves_the_rate_for_a_while_then_recovers():
    clock = FakeClock()
    limiter = RateLimiter(3.0, clock=clock, sleep=clock.sleep)
    limiter.acquire()
    limiter.slow_down(seconds=5.0)
    assert limiter.current_rate() == pytest.approx(1.5)
    times = []
    for _ in range(3):
        limiter.acquire()
        times.append(clock())
    # 1.5/s: spaced 1.1/1.5 s apart, and at most one (floor of 1.5) in any 1.1 s window.
    assert _gaps(times) == [pytest.approx(1.1)] * 2
    clock.sleep(5.0)
    assert limiter.current_rate() == 3.0
    times = []
    for _ in range(3):
        limiter.acquire()
        times.append(clock())
    assert _gaps(times) == [pytest.approx(1.1 / 3)] * 2


def test_slow_downs_compound_down_to_a_floor():
    window = Window()
    for _ in range(10):
        window.slow_down(0.0, 30.0, 0.5)
    assert window.factor == MIN_FACTOR and window.effective_rate(8.0, 29.0) == 1.0
    assert window.effective_rate(8.0, 30.0) == 8.0


# -- shared through a state file ---------------------------------------------------------------


def test_two_limiters_on_one_file_share_the_window(tmp_path: Path):
    # Two processes, simulated: two objects that share nothing but the file.
    clock = FakeClock()
    path = tmp_path / "ncbi.json"
    a = SharedRateLimiter(3.0, path, clock=clock, sleep=clock.sleep)
    b = SharedRateLimiter(3.0, path, clock=clock, sleep=clock.sleep)
    times = []
    for limiter in (a, b, a, b, a, b):
        limiter.acquire()
        times.append(clock())
    assert all(g == pytest.approx(1.1 / 3) for g in _gaps(times))
    assert max(sum(1 for t in times if w <= t < w + 1.0) for w in times) <= 3


def test_a_slow_down_is_seen_by_every_process(tmp_path: Path):
    clock = FakeClock()
    path = tmp_path / "ncbi.json"
    a = SharedRateLimiter(3.0, path, clock=clock, sleep=clock.sleep)
    b = SharedRateLimiter(3.0, path, clock=clock, sleep=clock.sleep)
    a.slow_down(seconds=20.0)
    assert b.current_rate() == pytest.approx(1.5)
    b.acquire()
    start = clock()
    a.acquire()
    assert clock() - start == pytest.approx(1.1)  # one per 1.1 s window at 1.5/s


def test_state_file_is_owner_only_and_damage_reads_as_empty(tmp_path: Path):
    path = tmp_path / "ncbi.json"
    limiter = SharedRateLimiter(3.0, path)
    limiter.acquire()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(json.loads(path.read_bytes())["sends"]) == 1
    path.write_bytes(b"{not json")
    limiter.acquire()  # no error, no wait on a window it cannot read
    assert len(json.loads(path.read_bytes())["sends"]) == 1


@pytest.mark.parametrize("raw", [b'{"sends": [NaN]}', b'{"factor": "x"}', b"[1, 2]", b""])
def test_odd_states_read_as_empty(raw: bytes):
    assert Window.loads(raw) == Window()


def test_state_from_before_a_reboot_is_forgotten(tmp_path: Path):
    path = tmp_path / "ncbi.json"
    path.write_text(json.dumps({"sends": [1e9], "slow_until": 1e9, "factor": 0.125}))
    clock = FakeClock()
    limiter = SharedRateLimiter(3.0, path, clock=clock, sleep=clock.sleep)
    limiter.acquire()
    assert clock() == 0.0 and limiter.current_rate() == 3.0


def test_file_lost_mid_run_warns_once_and_limits_per_process(tmp_path: Path, caplog):
    folder = tmp_path / "state"
    folder.mkdir()
    clock = FakeClock()
    limiter = SharedRateLimiter(3.0, folder / "ncbi.json", clock=clock, sleep=clock.sleep)
    limiter.acquire()
    (folder / "ncbi.json").unlink()
    folder.rmdir()
    with caplog.at_level(logging.WARNING, "litcheck"):
        limiter.acquire()
        limiter.acquire()
    assert clock() == pytest.approx(2 * 1.1 / 3)  # still spaced, from memory
    assert len([r for r in caplog.records if "unusable" in r.getMessage()]) == 1


def test_shared_limiter_uses_the_state_folder(tmp_path: Path):
    folder = tmp_path / "rl"
    limiter = shared_limiter("litsense", 1.0, directory=folder)
    assert isinstance(limiter, SharedRateLimiter) and limiter.path == folder / "litsense.json"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert shared_limiter("litsense", 1.0, directory=folder) is limiter


def test_folder_writable_by_others_falls_back_with_a_warning(tmp_path: Path, caplog):
    folder = tmp_path / "open"
    folder.mkdir()
    folder.chmod(0o777)
    with caplog.at_level(logging.WARNING, "litcheck"):
        limiter = shared_limiter("ncbi", 3.0, directory=folder)
    assert type(limiter) is RateLimiter
    assert "writable by others" in caplog.text and "LITCHECK_RATELIMIT_DIR" in caplog.text


def test_folder_of_another_user_falls_back_with_a_warning(tmp_path: Path, caplog, monkeypatch):
    monkeypatch.setattr(ratelimit.os, "getuid", lambda: os.stat(tmp_path).st_uid + 1)
    with caplog.at_level(logging.WARNING, "litcheck"):
        limiter = shared_limiter("ncbi", 3.0, directory=tmp_path / "theirs")
    assert type(limiter) is RateLimiter and "belongs to another user" in caplog.text


def test_pubmed_with_a_key_has_a_budget_of_its_own(tmp_path: Path):
    # NCBI counts keyed requests against the key: a keyed run must not starve an unkeyed one.
    from litcheck.settings import Settings
    from litcheck.sources.pubmed.source import PubMedSource

    keyed = PubMedSource.from_settings(Settings(ncbi_api_key="K", use_cache=False))
    plain = PubMedSource.from_settings(Settings(ncbi_email="a@example.org", use_cache=False))
    assert keyed._client.limiter is shared_limiter("ncbi-key", 10.0)
    assert plain._client.limiter is shared_limiter("ncbi", 3.0)
    assert keyed._client.limiter.rate == 10.0 and plain._client.limiter.rate == 3.0


def test_default_state_dir(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("LITCHECK_RATELIMIT_DIR", str(tmp_path / "x"))
    assert default_state_dir() == tmp_path / "x"
    monkeypatch.delenv("LITCHECK_RATELIMIT_DIR")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert default_state_dir() == tmp_path / "litcheck-ratelimit"
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    assert default_state_dir().name == f"litcheck-{os.getuid()}-ratelimit"


# -- two real processes against the E-utilities stand-in ---------------------------------------

CHILD = """
import json, sys, time
from pathlib import Path
from litcheck.errors import RateLimited
from litcheck.sources.http import HttpClient, shared_limiter

url, folder, start, n = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
limiter = shared_limiter("ncbi", 10.0, directory=Path(folder))
client = HttpClient(source="pubmed", base_url=url, base_url_env="X", limiter=limiter,
                    cache=None, max_retries=0)
params = {"db": "pubmed", "term": "mice", "retmode": "json", "tool": "t", "email": "e@x.org"}
while time.time() < start:
    time.sleep(0.005)
refused, sent = 0, []
for _ in range(n):
    sent.append(time.time())
    try:
        client.get("esearch.fcgi", params, ttl=None)
    except RateLimited:
        refused += 1
print(json.dumps({"refused": refused, "first": sent[0], "last": sent[-1]}))
"""


@pytest.mark.loopback
def test_two_processes_share_one_budget_and_get_no_429(tmp_path: Path):
    from standins.backend import MemoryBackend
    from standins.eutils import StandIn
    from standins.ratelimit import SlidingWindowLimiter

    per_process = 10
    limit = SlidingWindowLimiter(rate_no_key=10)  # NCBI's rule with a key: 10 per second
    with StandIn(MemoryBackend([]), latency=0.0, limiter=limit) as standin:
        start = time.time() + 1.0  # both children are up and importing by then
        children = [
            subprocess.Popen(
                [sys.executable, "-c", CHILD, standin.url, str(tmp_path / "rl"), str(start)]
                + [str(per_process)],
                stdout=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        outs = [json.loads(child.communicate(timeout=60)[0]) for child in children]
        stats = standin.stats.snapshot()
    assert [o["refused"] for o in outs] == [0, 0]
    assert stats["requests"] == 2 * per_process and stats["rate_limited"] == 0
    assert stats["max_in_window"] <= 10
    # They really ran at the same time, and together stayed under the budget.
    assert outs[0]["first"] < outs[1]["last"] and outs[1]["first"] < outs[0]["last"]
    assert (2 * per_process - 1) / stats["span_seconds"] <= 10.0
