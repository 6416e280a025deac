"""Errors litcheck reports to people, and the exit codes that go with them.

The tree (catch the narrowest that fits; the CLI catches `LitcheckError` in one place)::

    LitcheckError              message + optional tip; never shown as a traceback
    ├── InputError             the claim text or claims file is unusable       -> exit 2
    ├── ConfigError            settings, vocabularies or environment invalid   -> exit 2
    └── SourceError            a source failed in a way retries did not fix    -> exit 3
        ├── SourceUnavailable  could not be reached (DNS, connect, timeout)    -> exit 3
        ├── RateLimited        still refused for rate reasons after retries    -> exit 3
        ├── BadResponse        HTML error page, truncated body, <ERROR> with 200 -> exit 3
        └── OfflineMiss        --offline and the cache lacks what is needed    -> exit 4

Library exceptions (httpx, expat) are translated into these at the boundary of each source.
Messages and tips are passed through `litcheck.redact.redact` when an error is built: secrets
never reach the user, the results or the logs.
"""

from __future__ import annotations

from enum import IntEnum

from litcheck.redact import redact


class ExitCode(IntEnum):
    """Documented exit codes (README "Exit codes")."""

    OK = 0
    """The run completed, whatever the matches were."""
    UNVERIFIED = 1
    """Only with --fail-on-unverified: some claims have no good candidate."""
    USAGE = 2
    """Bad flags, empty/oversized claim, unreadable or undecodable input, bad config."""
    SOURCE = 3
    """A source could not be reached or kept failing, and nothing could be answered."""
    OFFLINE = 4
    """--offline and the cache does not hold what the claim needs."""
    INTERRUPTED = 130
    """Ctrl-C; everything finished before it is kept."""


class LitcheckError(Exception):
    """Base class for errors litcheck reports to the user (message + optional tip)."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str, *, tip: str | None = None) -> None:
        # Every error passes through `redact` here, so no message, result field or printed line
        # can carry an API key or e-mail, whatever text (a response body, a URL) built it.
        message = redact(message)
        super().__init__(message)
        self.message = message
        self.tip = redact(tip) if tip else tip


class InputError(LitcheckError):
    """The claim text or claims file could not be read or used."""


class ConfigError(LitcheckError):
    """Settings, vocabularies or environment are invalid."""


class SourceError(LitcheckError):
    """A source failed in a way retries did not fix."""

    exit_code = ExitCode.SOURCE

    def __init__(self, message: str, *, source: str = "", tip: str | None = None) -> None:
        super().__init__(message, tip=tip)
        self.source = source


class SourceUnavailable(SourceError):
    """The source could not be reached (DNS, refused connection, timeout)."""


class RateLimited(SourceError):
    """The source kept answering 429 after bounded retries."""


class BadResponse(SourceError):
    """The source answered, but not with what it should (HTML page, truncated body, <ERROR>)."""


class OfflineMiss(SourceError):
    """--offline was given and the cache does not hold a needed response."""

    exit_code = ExitCode.OFFLINE
