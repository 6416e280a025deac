"""The sources a user can name, and how each is built: one line per source.

`--sources` takes a comma-separated list of these names (and `local:DIR`); each built source is
keyed by exactly what the user named, so `sample,local:DIR` keeps two indexes apart. A new
source is one new folder under `litcheck/sources/` and one entry in `BUILDERS`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from litcheck.errors import ConfigError
from litcheck.models import Candidate, Claim, Query, QueryRun, Record
from litcheck.sources.base import PoolSignals, Source

if TYPE_CHECKING:
    from litcheck.settings import Settings

LOCAL_PREFIX = "local:"


def _pubmed(settings: Settings) -> Source:
    if settings.local_index is not None:  # LITCHECK_LOCAL_INDEX answers "pubmed" locally
        return _local_at(settings.local_index, "pubmed")
    from litcheck.sources.pubmed.source import PubMedSource

    return PubMedSource.from_settings(settings)


def _openfda(settings: Settings) -> Source:
    from litcheck.sources.openfda.source import OpenFdaSource

    return OpenFdaSource.from_settings(settings)


def _litsense(settings: Settings) -> Source:
    from litcheck.sources.litsense.client import LitSenseClient
    from litcheck.sources.litsense.source import LitSenseSource

    return LitSenseSource(LitSenseClient.from_settings(settings))


def _sample(settings: Settings) -> Source:
    from litcheck.sources.local.source import LocalSource

    return LocalSource.sample()


def _local_at(path: Path, key: str) -> Source:
    from litcheck.sources.local.source import LocalSource

    return LocalSource.from_path(path, key=key)


BUILDERS: dict[str, Callable[[Settings], Source]] = {
    "pubmed": _pubmed,
    "litsense": _litsense,
    "openfda": _openfda,
    "sample": _sample,
}
"""Every source name litcheck knows (besides `local:DIR`), in the order `--help` lists them."""


def known_names() -> str:
    """ "pubmed, openfda, sample or local:DIR", for help texts and error tips."""
    return ", ".join(BUILDERS) + f" or {LOCAL_PREFIX}DIR"


def parse_specs(text: str) -> tuple[str, ...]:
    """The source specs of a `--sources` value; ConfigError (exit 2) for an unknown one."""
    specs = tuple(dict.fromkeys(s.strip() for s in text.split(",") if s.strip()))
    bad = [s for s in specs if s not in BUILDERS and not s.startswith(LOCAL_PREFIX)]
    if bad or not specs:
        raise ConfigError(
            f"unknown source {', '.join(bad) or '(none)'!r}",
            tip=f"use {known_names()}, separated by commas",
        )
    return specs


def build_sources(settings: Settings, specs: Sequence[str] | None = None) -> dict[str, Source]:
    """Build the sources `specs` (default `settings.sources`) name, keyed by spec. Lazy imports.

    A source whose ids join another's pool (`Source.pool`) gets that source built too, for
    fetching only, when the user did not name it.
    """
    sources: dict[str, Source] = {}
    try:
        for spec in specs if specs is not None else settings.sources:
            if spec.startswith(LOCAL_PREFIX):
                sources[spec] = _local_at(Path(spec.removeprefix(LOCAL_PREFIX)), spec)
            else:
                sources[spec] = BUILDERS[spec](settings)
        for pool in {s.pool for s in sources.values()} - set(sources) - {None}:
            assert pool is not None
            sources[pool] = FetchOnly(BUILDERS[pool](settings))
    except BaseException:
        for built in sources.values():
            built.close()
        raise
    return sources


class FetchOnly(Source):
    """A source built only to fetch and score the ids of sources that join its pool.

    `--sources litsense` alone still needs PubMed's efetch for LitSense's PMIDs, but not
    PubMed's own ladder: this wrapper plans nothing and delegates the rest.
    """

    def __init__(self, inner: Source) -> None:
        self.inner = inner
        self.key = inner.key
        self.capabilities = inner.capabilities

    def plan(self, claim: Claim) -> list[Query]:
        return []

    def search(self, query: Query, *, limit: int = 20) -> QueryRun:
        return self.inner.search(query, limit=limit)

    def fetch(self, ids: Sequence[str]) -> list[Record]:
        return self.inner.fetch(ids)

    def score(
        self, claim: Claim, records: Sequence[Record], signals: PoolSignals
    ) -> list[Candidate]:
        return self.inner.score(claim, records, signals)

    @property
    def requests_sent(self) -> int:
        return self.inner.requests_sent

    def close(self) -> None:
        self.inner.close()
