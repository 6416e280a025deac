"""A spinner on stderr while a claim is searched, for a terminal only, and only when it is slow.

Rich's `Console.status` would import rich's live display and start its refresh thread on every
run; a claim answered from the cache takes a fraction of a second, so this spinner first waits
`delay` seconds and draws nothing if the work is done by then. On a pipe, a file or a
`TERM=dumb` terminal it does nothing at all. While it turns, anything else written to
`sys.stderr` (a warning logged on the way) first clears its line, as rich's live display
does, so the two never share a line.
"""

from __future__ import annotations

import sys
import threading
from types import TracebackType
from typing import Any, TextIO

from litcheck.cli.terminal import colour_for, dumb, is_terminal
from litcheck.formats.styled import render

FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
"""The frames of rich's "dots" spinner."""
CLEAR_LINE = "\r\x1b[2K"


class Spinner:
    """`with Spinner("searching…"):` shows `⠋ searching…` on stderr after `delay` seconds,
    turning every `interval` seconds, and clears the line when the block ends."""

    def __init__(
        self,
        message: str,
        *,
        delay: float = 0.4,
        interval: float = 0.08,
        stream: TextIO | None = None,
    ) -> None:
        self.message = message
        self.delay = delay
        self.interval = interval
        self.stream = stream or sys.stderr
        self.drawn = False
        self._showing = False
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._proxy: _AboveSpinner | None = None

    def __enter__(self) -> Spinner:
        if is_terminal(self.stream) and not dumb(self.stream):
            if self.stream is sys.stderr:
                self._proxy = _AboveSpinner(self)
                sys.stderr = self._proxy
            self._thread = threading.Thread(target=self._spin, name="litcheck-spinner")
            self._thread.daemon = True
            self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join()
        if self._proxy is not None and sys.stderr is self._proxy:
            sys.stderr = self.stream
        self.clear()

    def clear(self, then: str = "") -> None:
        """Take the spinner's line off the screen (it comes back at the next turn), then write
        `then` in its place, both before the spinner can turn again."""
        with self._lock:
            if self._showing:
                self.stream.write(CLEAR_LINE)
                self._showing = False
            self.stream.write(then)
            self.stream.flush()

    def _spin(self) -> None:
        colour = colour_for(self.stream)
        frame = 0
        wait = self.delay
        while not self._done.wait(wait):
            wheel = render([(FRAMES[frame % len(FRAMES)], "green")], colour=colour)
            with self._lock:
                self.stream.write(f"\r{wheel} {self.message}")
                self.stream.flush()
                self.drawn = self._showing = True
            frame += 1
            wait = self.interval


class _AboveSpinner:
    """`sys.stderr` while a spinner turns: each write first clears the spinner's line."""

    def __init__(self, spinner: Spinner) -> None:
        self._spinner = spinner

    def write(self, text: str) -> int:
        self._spinner.clear(then=text)
        return len(text)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, fileno, encoding, ...
        return getattr(self._spinner.stream, name)
