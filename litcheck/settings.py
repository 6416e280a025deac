"""Settings: everything configurable, read once from the environment and flags.

This object is the seam tests replace (twine's settings pattern): `create_sources()` builds the
real sources; a test monkeypatches it to return fakes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct, field
from msgspec.structs import replace

if TYPE_CHECKING:
    from litcheck.sources.base import Source

DEFAULT_EUTILS_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
DEFAULT_OPENFDA_URL = "https://api.fda.gov/"
DEFAULT_LITSENSE_URL = "https://www.ncbi.nlm.nih.gov/research/litsense2-api/api/"
DEFAULT_SOURCES = ("pubmed", "litsense", "openfda")
TOOL_NAME = "litcheck"


def _env(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


class Settings(Struct, frozen=True):
    """Configuration for one run. Built by `from_env()` and refined by CLI flags via `with_`."""

    ncbi_api_key: str | None = None
    ncbi_email: str | None = None
    openfda_api_key: str | None = None
    eutils_url: str = DEFAULT_EUTILS_URL
    openfda_url: str = DEFAULT_OPENFDA_URL
    litsense_url: str = DEFAULT_LITSENSE_URL
    """Base URL of the NCBI LitSense2 API (sentence search by meaning)."""
    cache_dir: Path = Path("cache")
    use_cache: bool = True
    offline: bool = False
    timeout: float = 20.0
    max_retries: int = 5
    queries_dir: Path | None = None
    """A user's vocabulary folder layered over the packaged `queries/`."""
    sources: tuple[str, ...] = DEFAULT_SOURCES
    """Source specs: "pubmed", "openfda", "sample", "local:DIR"."""
    local_index: Path | None = None
    limit: int = 10
    """Candidates to keep per claim."""
    reviewer: str | None = None
    semantic: bool = False
    """Add the sentence-embedding feature (needs `pip install 'litcheck[semantic]'`)."""
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls) -> Settings:
        """Read the variables documented in CONTRACT.md; the keys and e-mail are registered
        with `litcheck.redact`, so no error or log line can show them."""
        from litcheck.redact import register_secret

        local = _env("LITCHECK_LOCAL_INDEX")
        for secret in ("NCBI_API_KEY", "NCBI_EMAIL", "OPENFDA_API_KEY"):
            register_secret(_env(secret))
        return cls(
            ncbi_api_key=_env("NCBI_API_KEY"),
            ncbi_email=_env("NCBI_EMAIL"),
            openfda_api_key=_env("OPENFDA_API_KEY"),
            eutils_url=_env("LITCHECK_EUTILS_URL") or DEFAULT_EUTILS_URL,
            openfda_url=_env("LITCHECK_OPENFDA_URL") or DEFAULT_OPENFDA_URL,
            litsense_url=_env("LITCHECK_LITSENSE_URL") or DEFAULT_LITSENSE_URL,
            cache_dir=Path(_env("LITCHECK_CACHE_DIR") or "cache"),
            local_index=Path(local) if local else None,
            reviewer=_env("USER"),
        )

    def with_(self, **changes: object) -> Settings:
        """A copy with `changes` applied; None values are ignored (unset CLI flags)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @property
    def ncbi_rate(self) -> float:
        """Requests per second NCBI allows us: 3, or 10 with an API key."""
        return 10.0 if self.ncbi_api_key else 3.0

    def create_sources(self) -> dict[str, Source]:
        """Build the configured sources (imported lazily: `litcheck --help` stays fast)."""
        from litcheck.sources.registry import build_sources

        return build_sources(self)
