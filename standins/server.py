"""What every stand-in shares: a threaded loopback HTTP server that starts and stops with it.

A stand-in subclasses `LoopbackServer`, sets `self._server` (a `ThreadingHTTPServer` on
127.0.0.1) in its `__init__`, names its base path in `API_PATH`, and gets `port`, `url`,
`start()`, `stop()` (returning its final counters) and use as a context manager.
"""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer
from typing import Any, Self


class LoopbackServer:
    """Start/stop/URL plumbing of a stand-in; see the module docstring."""

    API_PATH = "/"
    """The base path clients are given (`url` ends with it)."""
    _server: ThreadingHTTPServer
    _thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """The base URL to give litcheck (ends with a slash)."""
        return f"http://127.0.0.1:{self.port}{self.API_PATH}"

    def start(self) -> Self:
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> Any:
        """Stop serving; return what `final_counters` gives (and let the stand-in log it)."""
        self._server.shutdown()
        self._server.server_close()
        if self._thread:
            self._thread.join(timeout=5)
        return self.final_counters()

    def final_counters(self) -> Any:
        """What `stop` returns: the stand-in's counters (none by default)."""
        return None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
