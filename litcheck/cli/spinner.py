"""A spinner on stderr while a claim is searched, for a terminal only, and only when it is slow.

Rich's `Console.status` would import rich's live display and start its refresh thread on every
run; a claim answered from the cache takes a fraction of a second, so this spinner first waits
`delay` seconds and draws nothing if the work is done by then. On a pipe, a file or a
`TERM=dumb` terminal it does nothing at all.
"""

from __future__ import annotations

import sys
import threading
from types import TracebackType
from typing import TextIO

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
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Spinner:
        if is_terminal(self.stream) and not dumb(self.stream):
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
        if self.drawn:
            self.stream.write(CLEAR_LINE)
            self.stream.flush()

    def _spin(self) -> None:
        colour = colour_for(self.stream)
        frame = 0
        wait = self.delay
        while not self._done.wait(wait):
            wheel = render([(FRAMES[frame % len(FRAMES)], "green")], colour=colour)
            self.stream.write(f"\r{wheel} {self.message}")
            self.stream.flush()
            self.drawn = True
            frame += 1
            wait = self.interval
