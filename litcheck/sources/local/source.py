"""`Source` backed by a local PubMed index (see `litcheck.sources.base.Source`).

It runs the same PubMed queries the planner writes for the live source, offline and without a
rate limit, so its results can be compared with PubMed's. Records are source "pubmed" with
id "pubmed:<pmid>", exactly like the live source's.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from litcheck.errors import ConfigError, InputError
from litcheck.models import Candidate, Claim, Query, QueryRun, Record
from litcheck.sources.base import Capabilities, PoolSignals, Source
from litcheck.sources.local.index import LocalIndex

SAMPLE_PACKAGE = "litcheck.data"
SAMPLE_FILE = "pubmedqa-sample.sqlite"


class LocalSource(Source):
    """A local index as a `Source`, keyed by what the user named; never sends a request.

    No rate limit: every rung of the PubMed ladder runs, after a ranked all-claim-words query.
    Records are PubMed records and are scored like PubMed's. Thread-safe: `LocalIndex` opens
    one read-only SQLite connection per thread.
    """

    capabilities = Capabilities(ladder=False, nearest=True)

    def __init__(self, index: LocalIndex, *, key: str = "local") -> None:
        self.index = index
        self.key = key

    def plan(self, claim: Claim) -> list[Query]:
        """The ranked all-claim-words query, then the PubMed ladder (`local.plan`)."""
        from litcheck.sources.local.plan import plan_local

        return plan_local(claim)

    def score(
        self, claim: Claim, records: Sequence[Record], signals: PoolSignals
    ) -> list[Candidate]:
        """Scored by PubMed's lexical model, fitted on local-index pools (no live-path fusion)."""
        from litcheck.sources.pubmed.pool import score_pubmed_pool

        return score_pubmed_pool(claim, records, signals, live=False)

    def close(self) -> None:
        """Close this thread's connection to the index (others close with their threads)."""
        self.index.close()

    @classmethod
    def from_path(cls, path: Path, *, key: str | None = None) -> LocalSource:
        """Open the index at `path` (a folder or the .sqlite file). Missing -> ConfigError."""
        return cls(LocalIndex.open(path), key=key or f"local:{path}")

    @classmethod
    def sample(cls) -> LocalSource:
        """The bundled sample: PubMedQA's 1,000 PubMed records (see litcheck/data/ATTRIBUTION.md)."""
        file = resources.files(SAMPLE_PACKAGE).joinpath(SAMPLE_FILE)
        if not file.is_file():
            raise ConfigError(
                "the bundled sample index is missing from this installation",
                tip="reinstall litcheck, or run: python bench/build_sample.py",
            )
        # The package folder may be read-only (site-packages): open it immutable, so SQLite
        # never tries to create -journal/-wal files next to it.
        return cls(LocalIndex.open(Path(str(file)), immutable=True), key="sample")

    def search(self, query: Query, *, limit: int = 20) -> QueryRun:
        """Run `query.term` (PubMed syntax). No hits -> a QueryRun with no ids.

        A term the local parser cannot run (unsupported tag, unbalanced parentheses) is not
        raised: it comes back as `QueryRun.error`, like a rung PubMed rejects, so one bad rung
        does not abort a batch.
        """
        try:
            count, ids, translation = self.index.search(query.term, limit=limit)
        except InputError as exc:
            return QueryRun(query=query, error=exc.message)
        return QueryRun(query=query, ids=tuple(ids), count=count, translation=translation)

    def nearest(self, vector: object, query: Query, *, limit: int = 20) -> QueryRun:
        """Records nearest to `vector` by embedding (`litcheck corpus embed`), as a QueryRun.

        An index without vectors answers with no ids, so `--semantic` still re-ranks.
        """
        hits = self.index.vectors.nearest(vector, limit)
        return QueryRun(query=query, ids=tuple(p for p, _ in hits), count=len(hits))

    @property
    def vector_model(self) -> str | None:
        """Model the index's vectors were made with; None when it has none."""
        return self.index.vectors.model if len(self.index.vectors) else None

    def fetch(self, ids: Sequence[str]) -> list[Record]:
        """Records for native PMIDs (also accepts "pubmed:<pmid>"); unknown ids are omitted."""
        return self.index.records([i.split(":", 1)[1] if ":" in i else i for i in ids])

    @property
    def requests_sent(self) -> int:
        """Always 0: nothing leaves the machine."""
        return 0
