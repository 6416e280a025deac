"""litcheck's log lines, secrets masked, with `logging` imported only when a line is logged.

Modules log through `warning` and `debug` here, to the "litcheck" logger (with no handler of
litcheck's own, Python prints warnings on stderr). Importing `logging` was 3% of a warm
`litcheck claim`, which logs nothing, so it happens on the first line logged (issue 16).

Secrets: `install_filters` puts a `RedactingFilter` (`litcheck.redact.redact` over each line)
on the "litcheck" logger and on httpx's and httpcore's. The first line logged here installs
it, and so does every HTTP client litcheck builds: httpx logs each request's full URL, query
string and api_key included, at INFO ("HTTP Request: GET https://...?api_key=..."), masked for
anyone who turns logging up (https://www.python-httpx.org/logging/).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from litcheck.redact import redact

if TYPE_CHECKING:
    import logging

NAME = "litcheck"
FILTERED = (NAME, "httpx", "httpcore")


class RedactingFilter:
    """Masks secrets in every record of the logger it is attached to (a logging filter: any
    object with a `filter(record)` method will do, so this class needs no `logging` import)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True


@cache
def install_filters() -> None:
    """Attach one `RedactingFilter` to each logger of `FILTERED` (once per process)."""
    import logging

    for name in FILTERED:
        target = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in target.filters):
            target.addFilter(RedactingFilter())


def logger() -> logging.Logger:
    """The "litcheck" logger, its secrets filter installed."""
    import logging

    install_filters()
    return logging.getLogger(NAME)


def warning(message: str, *args: object) -> None:
    """Log `message % args` at WARNING (printed on stderr unless logging is configured)."""
    logger().warning(message, *args)


def debug(message: str, *args: object) -> None:
    """Log `message % args` at DEBUG (shown only to someone who turns logging up)."""
    logger().debug(message, *args)
