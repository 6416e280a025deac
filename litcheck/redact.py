"""Secrets never leave: API keys, the e-mail address, and any parameter named like a key, token,
secret or password are masked in every error message, log line and result field.

`redact(text)` is the one function that does it. `LitcheckError` applies it to its message and
tip when it is built, so every error (and hence `source_errors`, `skipped_reason` and what the
CLI prints) is clean whatever text went into it, response bodies that echo the request included;
a filter on the "litcheck" logger (`litcheck.log`) applies it to every log line. Two passes:

- by name: `api_key=VALUE`, `"token": "VALUE"` and the like, for any name `is_secret_name` accepts;
- credentials in a URL (`https://user:password@host/`);
- by value: every secret `register_secret` was given (the settings' keys and e-mail, and each
  secret parameter `HttpClient` sends), wherever it appears, plain or URL-encoded.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from urllib.parse import quote, quote_plus

MASK = "[redacted]"

_SECRET_WORDS = re.compile(r"key|token|secret|passw|pwd|e-?mail|auth|credential|signature", re.I)
_NOT_SECRET = frozenset({"query_key"})
"""NCBI's history-server handle is named like a key but is not one (and changes the answer)."""

_NAME = r"[A-Za-z0-9_.\-]*(?:key|token|secret|passw|pwd|e-?mail|auth|credential|signature)[A-Za-z0-9_.\-]*"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(name=value in a query, "name": "value" in JSON, user:password@ in a URL), compiled on
    the first `redact`: most runs never build an error message (issue 16: start-up cost)."""
    query_pair = re.compile(rf"(?i)\b({_NAME})=([^&\s\"'<>;,()]+)")
    quoted_pair = re.compile(rf"(?i)([\"']{_NAME}[\"']\s*:\s*)([\"'])(.*?)\2")
    # `https://user:password@mirror/`: a base URL may carry credentials.
    url_userinfo = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^/\s@:]+:[^/\s@]+@")
    return query_pair, quoted_pair, url_userinfo


_known: set[str] = set()
_known_lock = threading.Lock()
MIN_SECRET_CHARS = 4
"""Shorter values are not masked by value (they would mask ordinary words); by name they are."""


def is_secret_name(name: str) -> bool:
    """True for a parameter whose value must never be shown or used in a cache key."""
    return bool(_SECRET_WORDS.search(name)) and name.lower() not in _NOT_SECRET


def register_secret(value: str | None) -> None:
    """Mask `value` wherever it appears from now on (process-wide)."""
    if value and len(value.strip()) >= MIN_SECRET_CHARS:
        with _known_lock:
            _known.add(value.strip())


PLACEHOLDERS = frozenset({"you@example.org"})
"""Example values litcheck's own hints show (`export NCBI_EMAIL=you@example.org`): kept."""


def _mask_pair(match: re.Match[str]) -> str:
    name, value = match.group(1), match.group(2).rstrip(".")
    if not is_secret_name(name) or value in PLACEHOLDERS:
        return match.group(0)
    return f"{name}={MASK}"


def _mask_quoted(match: re.Match[str]) -> str:
    quote_char = match.group(2)
    return f"{match.group(1)}{quote_char}{MASK}{quote_char}"


def redact(text: str) -> str:
    """`text` with every secret masked (see the module docstring)."""
    if not text:
        return text
    with _known_lock:
        known = sorted(_known, key=len, reverse=True)
    for value in known:
        for form in {value, quote(value, safe=""), quote_plus(value)}:
            if form in text:
                text = text.replace(form, MASK)
    query_pair, quoted_pair, url_userinfo = _patterns()
    text = url_userinfo.sub(rf"\1{MASK}@", text)
    text = query_pair.sub(_mask_pair, text)
    return quoted_pair.sub(_mask_quoted, text)
