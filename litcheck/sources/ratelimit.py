"""Rate limiters: one request budget per host key, shared by every thread of the process and,
through a small lock-protected state file, by every litcheck process of the user on the machine.

`shared_limiter(key, rate)` is what sources call ("ncbi" at 3 or 10/s, "openfda" at 4/s, any new
source with its own key). Two `litcheck check` runs at once then split one budget instead of
each spending it in full (two processes with their own limiters drew 3,147 429s out of 3,188
requests from E-utilities).

The state of a key is a sliding window of recent departure times plus a slow-down (a rate factor
and until when it holds). Callers take the lock (a `threading.Lock`, and for the shared file
`fcntl.flock`), read the state, and either stamp their departure and go or release and sleep
for as long as the window says, then look again. The state file lives in
`$LITCHECK_RATELIMIT_DIR`, else `$XDG_RUNTIME_DIR/litcheck-ratelimit`, else
`<tmp>/litcheck-<uid>-ratelimit`; the folder must be the user's own and not writable by others.
When it cannot be used the limiter is per process, with one warning.

# NOTE: the stamps are `time.monotonic()`, i.e. CLOCK_MONOTONIC on Linux (mach_absolute_time on
# macOS): one clock for every process since boot, so stamps compare across processes, and wall
# clock jumps (NTP) cannot open or stall the window. After a reboot the clock restarts, which
# `Window.discard_stale` detects (stamps far in the future).
# See: https://docs.python.org/3/library/time.html#time.monotonic
"""

from __future__ import annotations

import json
import math
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from msgspec import Struct, field

from litcheck import log

SAFETY_MARGIN = 1.1
"""Spacing is 10% wider than 1/rate, and the window is 1.1 s.

# NOTE: Biopython spaces NCBI requests 0.37 s apart, not 0.333 s, because 0.333 s "sometimes hit
# the NCBI rate limit" (Bio/Entrez/__init__.py, `_open`). 1.1/3 = 0.367 s is the same margin.
# See: https://github.com/biopython/biopython/blob/master/Bio/Entrez/__init__.py
"""
SLOW_DOWN_SECONDS = 30.0
"""How long a slow-down (after a 429) lasts; another 429 meanwhile extends it."""
SLOW_DOWN_FACTOR = 0.5
"""Each 429 multiplies the host's rate by this while the slow-down lasts ..."""
MIN_FACTOR = 0.125
"""... down to this fraction of the rate."""
STALE_AHEAD = 120.0
"""Stamps this far in the future come from before a reboot (the monotonic clock restarted)."""
KEEP_SECONDS = 60.0
"""Departures older than this are forgotten (the window needs the last few seconds only)."""
SENT_EPSILON = 0.005
"""A shared limiter rewrites a departure time only when the request left this much later."""
RATELIMIT_DIR_ENV = "LITCHECK_RATELIMIT_DIR"


class Slot:
    """One request's place in the window: when it left `acquire`, then when it was sent."""

    __slots__ = ("at",)

    def __init__(self, at: float) -> None:
        self.at = at


class Window(Struct):
    """The state of one host key: recent departures and the current slow-down."""

    sends: list[float] = field(default_factory=list)
    slow_until: float = 0.0
    factor: float = 1.0

    def effective_rate(self, rate: float, now: float) -> float:
        """`rate`, reduced while a slow-down holds."""
        return rate * self.factor if now < self.slow_until else rate

    def wait(self, rate: float, now: float) -> float:
        """Seconds to wait before one more request may leave at `rate` (<= 0: go now)."""
        effective = self.effective_rate(rate, now)
        interval = SAFETY_MARGIN / effective
        burst = max(1, int(effective))
        stamps = sorted(self.sends)
        if not stamps:
            return 0.0
        wait = stamps[-1] + interval - now
        if len(stamps) >= burst:
            wait = max(wait, stamps[-burst] + SAFETY_MARGIN - now)
        return wait

    def add(self, at: float, keep: int) -> None:
        """Record a departure at `at`; forget old ones (keeping at least the last `keep`)."""
        cutoff = at - KEEP_SECONDS
        kept = sorted(s for s in [*self.sends, at] if s >= cutoff)
        self.sends = kept[-max(32, 2 * keep) :]

    def move(self, old: float, new: float) -> None:
        """The departure stamped `old` really left at `new`."""
        try:
            self.sends[self.sends.index(old)] = new
        except ValueError:
            pass  # forgotten already, or another process pruned it: nothing to move

    def slow_down(self, now: float, seconds: float, factor: float) -> None:
        """Multiply the rate by `factor` for `seconds` (compounding while one is running)."""
        base = self.factor if now < self.slow_until else 1.0
        self.factor = max(MIN_FACTOR, base * factor)
        self.slow_until = max(self.slow_until, now + seconds)

    def discard_stale(self, now: float) -> None:
        """Forget a state written before the clock restarted (a reboot)."""
        if any(s > now + STALE_AHEAD for s in self.sends) or self.slow_until > now + STALE_AHEAD:
            self.sends.clear()
            self.slow_until, self.factor = 0.0, 1.0

    def dumps(self) -> bytes:
        doc = {"v": 1, "sends": self.sends, "slow_until": self.slow_until, "factor": self.factor}
        return json.dumps(doc).encode("ascii")

    @classmethod
    def loads(cls, raw: bytes) -> Window:
        """The state in `raw`, or an empty one if it is missing or damaged."""
        try:
            doc = json.loads(raw or b"{}")
            sends = [float(s) for s in doc.get("sends", [])]
            factor = min(1.0, max(MIN_FACTOR, float(doc.get("factor", 1.0))))
            slow_until = float(doc.get("slow_until", 0.0))
        except (ValueError, TypeError, AttributeError):
            return cls()
        if not all(math.isfinite(x) for x in [*sends, factor, slow_until]):
            return cls()  # json accepts NaN and Infinity; a window of them would never open
        return cls(sends, slow_until, factor)


class RateLimiter:
    """At most `rate` requests in any window of `SAFETY_MARGIN` seconds, spaced at least
    `SAFETY_MARGIN / rate` apart, across all threads of this process.

    A request is stamped when its caller actually leaves `acquire` (after its sleep), and
    stamped again, later, when its bytes go to the socket (`sent`, from httpcore's trace hook):
    a thread that a busy CPU delays between the two is counted at its real time, so it cannot
    bunch up with the requests after it in the server's 1-second window. `slow_down` lowers the
    rate for a while (after a 429). `clock` and `sleep` are injectable so tests can use a fake
    clock.
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
        self._window = Window()
        self.rate = rate

    @property
    def rate(self) -> float:
        """Requests per second allowed (before any slow-down)."""
        return self._rate

    @rate.setter
    def rate(self, value: float) -> None:
        self._rate = value
        self.interval = SAFETY_MARGIN / value
        self.burst = max(1, int(value))
        """How many requests may leave within one window of SAFETY_MARGIN seconds."""

    @contextmanager
    def _state(self) -> Iterator[Window]:
        """The window, locked for the caller; a subclass may keep it elsewhere."""
        with self._lock:
            yield self._window

    def acquire(self) -> Slot:
        """Block until this caller may send one request; its `Slot` goes to `sent` later."""
        while True:
            with self._state() as window:
                now = self._clock()
                wait = window.wait(self.rate, now)
                if wait <= 0:
                    window.add(now, self.burst)
                    return Slot(now)
            self._sleep(wait)

    def sent(self, slot: Slot) -> None:
        """The request of `slot` is being written to the socket now."""
        with self._state() as window:
            now = self._clock()
            if now > slot.at:
                window.move(slot.at, now)
                slot.at = now

    def slow_down(
        self, seconds: float = SLOW_DOWN_SECONDS, factor: float = SLOW_DOWN_FACTOR
    ) -> None:
        """The host refused us for going too fast: use `factor` x the rate for `seconds`."""
        with self._state() as window:
            window.slow_down(self._clock(), seconds, factor)

    def current_rate(self) -> float:
        """The rate in force now (lower than `rate` during a slow-down)."""
        with self._state() as window:
            return window.effective_rate(self.rate, self._clock())


class SharedRateLimiter(RateLimiter):
    """A `RateLimiter` whose window lives in `path`, shared with every process that uses it.

    Each look at the window holds an exclusive `fcntl.flock` on the file (released when the
    descriptor closes, so a killed process never leaves it locked). The file holds a few hundred
    bytes of JSON; a damaged one reads as empty. If the file stops being usable mid-run, the
    limiter warns once and carries on per process.
    """

    def __init__(
        self,
        rate: float,
        path: Path,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__(rate, clock=clock, sleep=sleep)
        self.path = Path(path)
        self._broken = False

    @contextmanager
    def _state(self) -> Iterator[Window]:
        with self._lock:
            opened = None if self._broken else self._open()
            if opened is None:
                yield self._window
                return
            fd, window = opened
            try:
                yield window
                self._save(fd, window)
            finally:
                os.close(fd)  # releases the flock

    def _open(self) -> tuple[int, Window] | None:
        import fcntl

        try:
            flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | os.O_CLOEXEC
            fd = os.open(self.path, flags, 0o600)
        except OSError as exc:
            self._give_up(exc)
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            raw = b""
            while chunk := os.read(fd, 65536):
                raw += chunk
        except OSError as exc:
            os.close(fd)
            self._give_up(exc)
            return None
        window = Window.loads(raw)
        window.discard_stale(self._clock())
        return fd, window

    def _save(self, fd: int, window: Window) -> None:
        try:
            data = window.dumps()
            os.lseek(fd, 0, os.SEEK_SET)
            os.ftruncate(fd, 0)
            os.write(fd, data)
        except OSError as exc:
            self._give_up(exc)
        self._window = window  # the fallback, should the file stop working

    def _give_up(self, exc: OSError) -> None:
        self._broken = True
        log.warning(
            "rate limit state %s unusable (%s); limiting this process alone", self.path, exc
        )

    def sent(self, slot: Slot) -> None:
        # A request that left (almost) when it was stamped needs no second trip to the file.
        if self._clock() - slot.at >= SENT_EPSILON:
            super().sent(slot)


def default_state_dir() -> Path:
    """Where the shared state files go (see the module docstring)."""
    configured = os.environ.get(RATELIMIT_DIR_ENV, "").strip()
    if configured:
        return Path(configured)
    runtime = os.environ.get("XDG_RUNTIME_DIR", "").strip()
    if runtime:
        return Path(runtime) / "litcheck-ratelimit"
    uid = os.getuid() if hasattr(os, "getuid") else 0
    import tempfile  # only without LITCHECK_RATELIMIT_DIR and XDG_RUNTIME_DIR (~5 ms to import)

    return Path(tempfile.gettempdir()) / f"litcheck-{uid}-ratelimit"


def private_state_dir(directory: Path) -> str | None:
    """Create `directory` owner-only; None when usable, else why not.

    A folder that belongs to someone else or that others may write to is refused: whoever can
    write the state could stall every litcheck of ours (or let them flood a host).
    """
    if not hasattr(os, "getuid"):
        return "no fcntl locks on this system"
    try:
        import fcntl  # noqa: F401 - only its presence matters here

        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = directory.stat()
    except (ImportError, OSError) as exc:
        return str(exc)
    if info.st_uid != os.getuid():
        return f"{directory} belongs to another user"
    if info.st_mode & 0o022:
        return f"{directory} is writable by others"
    return None


_limiters: dict[tuple[str, str], RateLimiter] = {}
_limiters_lock = threading.Lock()


def shared_limiter(key: str, rate: float, *, directory: Path | None = None) -> RateLimiter:
    """The one limiter for host key `key` (e.g. "ncbi") at `rate` requests per second.

    Every client in this process that asks for `key` gets the same object, and every process
    of this user that uses the same state folder (`directory`, default `default_state_dir()`)
    shares its window. If it already exists with another rate, the lower rate wins (the safe
    choice). When the folder cannot be used: a per-process limiter and one warning.
    """
    folder = directory if directory is not None else default_state_dir()
    with _limiters_lock:
        limiter = _limiters.get((key, str(folder)))
        if limiter is None:
            limiter = _limiters[(key, str(folder))] = _new_limiter(key, rate, folder)
        elif rate < limiter.rate:
            limiter.rate = rate
        return limiter


def _new_limiter(key: str, rate: float, folder: Path) -> RateLimiter:
    problem = private_state_dir(folder)
    if problem is not None:
        log.warning(
            "the %s rate limit is per process, not shared with other litcheck runs (%s); "
            "set %s to a folder of your own",
            key,
            problem,
            RATELIMIT_DIR_ENV,
        )
        return RateLimiter(rate)
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", key) or "default"
    return SharedRateLimiter(rate, folder / f"{name}.json")
