"""The httpx client of one base URL, built when the first request misses the cache.

TLS is set up only for an https:// base URL (issue 16: every client built an SSL context,
loading certifi's bundle, ~60 ms, even for http:// stand-ins, and a run answered from the cache
needs no client at all). A client for an http:// base URL loads no certificates and refuses a
redirect to another scheme with one line, rather than follow it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING

from litcheck import __version__
from litcheck.errors import SourceError
from litcheck.log import install_filters

if TYPE_CHECKING:
    import ssl

    import httpx

USER_AGENT = f"litcheck/{__version__} (+https://pypi.org/project/litcheck/)"


def build_client(
    *,
    base_url: str,
    base_url_env: str,
    source: str,
    timeout: float,
    transport: httpx.BaseTransport | None = None,
) -> httpx.Client:
    """An httpx client for `base_url` (redirects followed; `transport` is a test seam).

    httpx's request log lines get litcheck's secrets filter first (`log.install_filters`)."""
    import_httpx()
    import httpx  # loaded just above, without its command-line client

    install_filters()

    https = base_url.startswith("https://")
    refuse = _refuse_other_schemes(source, base_url_env)
    return httpx.Client(
        timeout=httpx.Timeout(timeout),
        transport=transport,
        verify=True if https else _no_tls_context(),
        follow_redirects=True,
        headers={"User-Agent": USER_AGENT},
        event_hooks={} if https else {"request": [refuse]},
    )


def import_httpx() -> ModuleType:
    """httpx, without its command-line client.

    NOTE: httpx/__init__.py imports `httpx._main`, the `httpx` command, inside a
    try/except ImportError (https://github.com/encode/httpx/blob/master/httpx/__init__.py),
    and `_main` imports click, rich.syntax, rich.progress and pygments whenever they are
    installed, which rich makes sure of: a fifth of a cold `litcheck claim` (issue 16) for a
    command litcheck never runs. A None in sys.modules makes that one import raise ImportError
    (https://docs.python.org/3/reference/import.html#the-module-cache), which httpx catches.
    Should a later httpx not catch it, httpx is imported whole.
    """
    loaded = sys.modules.get("httpx")
    if loaded is not None:
        return loaded
    block = "httpx._main" not in sys.modules
    if block:
        sys.modules["httpx._main"] = None  # type: ignore[assignment]
    try:
        import httpx
    except ImportError:
        if not block:
            raise
        del sys.modules["httpx._main"]
        block = False
        import httpx
    finally:
        if block and "httpx._main" in sys.modules and sys.modules["httpx._main"] is None:
            del sys.modules["httpx._main"]
    return httpx


def _no_tls_context() -> ssl.SSLContext:
    """An SSL context that loads no certificates and keeps verification on: with nothing to
    verify against it can never be used unverified (the redirect hook stops it first)."""
    import ssl

    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def _refuse_other_schemes(source: str, base_url_env: str) -> Callable[[httpx.Request], None]:
    """The request hook of a client for an http:// base URL: a redirect to another scheme is
    a `SourceError` naming the variable to set. See: https://www.python-httpx.org/advanced/event-hooks/
    """

    def hook(request: httpx.Request) -> None:
        if request.url.scheme != "http":
            raise SourceError(
                f"{request.url.host} redirected to {request.url.scheme}://, which a client for "
                "an http:// base URL does not follow",
                source=source,
                tip=f"set {base_url_env} to the https:// address",
            )

    return hook
