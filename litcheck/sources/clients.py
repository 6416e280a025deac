"""One `HttpClient` for a source, from `Settings`: the parts every source configures alike.

Every source talks to its service through `litcheck.sources.http.HttpClient` with the run's
cache (none with `--no-cache`), offline mode, timeout and retries; what differs per source (its
base URL and variable, its host budget, which statuses are answers, its tips) is passed in.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from litcheck.sources.cache import ResponseCache
from litcheck.sources.http import HttpClient, RateLimiter

if TYPE_CHECKING:
    import httpx

    from litcheck.settings import Settings


def client_for(
    settings: Settings,
    *,
    source: str,
    base_url: str,
    base_url_env: str,
    limiter: RateLimiter,
    transport: httpx.BaseTransport | None = None,
    sleep: Callable[[float], None] = time.sleep,
    **options: Any,
) -> HttpClient:
    """A client for `source` at `base_url` with the run's cache, offline mode, timeout and
    retries; `options` are the other `HttpClient` arguments (ok_statuses, rate_limit_tip, ...).
    The cache is `client.cache`, one per folder per process (`ResponseCache.shared`); the
    source closes it with the client."""
    return HttpClient(
        source=source,
        base_url=base_url,
        base_url_env=base_url_env,
        limiter=limiter,
        cache=ResponseCache.shared(settings.cache_dir) if settings.use_cache else None,
        offline=settings.offline,
        timeout=settings.timeout,
        max_retries=settings.max_retries,
        transport=transport,
        sleep=sleep,
        **options,
    )
