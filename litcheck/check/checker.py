"""The core: claims -> each source's plan -> searches -> pooled records -> scored candidates.

`Checker.check` works in chunks so that a batch stays within every host's budget with few
requests, and talks to sources only through `litcheck.sources.base.Source`:

1. search: the claims of the chunk run concurrently (the machine-wide rate limit lives in the
   HTTP layer); each claim runs the sources without a ladder first (LitSense), then each
   ladder (PubMed) as `Checker.policy` says; the default sends rungs 0 and 1 as one query
   (rung 0 OR rung 1, relevance-ranked) and a later rung only while the ladder has fewer than
   `enough` candidates of its own. Identical queries run once per process.
2. fetch: ids are grouped by pool (a source's own, or the one it names in `Source.pool`, as
   LitSense names PubMed) and fetched together per pool for the whole chunk (the pool's source
   batches them and serves cached records without a request).
3. score: the pool's source scores each claim's pool, with the hits of the sources that joined
   it; candidates of all pools are ranked together.

A failed source is never an answer: a claim whose every needed source failed is `skipped` with
the reason, and one whose answer lacks a failed source carries `source_errors` (partial). Both
are unfinished (`ClaimResult.unfinished`): a batch rerun retries them.
"""

from __future__ import annotations

import datetime as _dt
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from msgspec import Struct, field
from msgspec.structs import replace

from litcheck.check.shared import LazyPool, Shared
from litcheck.errors import SourceError
from litcheck.models import Candidate, Claim, ClaimResult, Hit, Query, QueryRun, Record, Status
from litcheck.sources.base import PoolSignals, Source
from litcheck.thresholds import status_of

if TYPE_CHECKING:
    from litcheck.semantic import Encoder

SEARCH_RETMAX = 20
DEFAULT_POLICY = "ladder-merge"
"""How a ladder climbs (`Checker.policy`). Measured on the 377 live-path claims with LitSense
(`bench/rungs.py`): 1.33 E-utilities requests per claim where the old "ladder" sent 1.91, with
one claim fewer holding a reference in its top 3 (1 gained, 2 lost)."""
NEAREST_K = 20
"""With `--semantic`, records nearest to the claim by embedding added from a local index that
has vectors (`litcheck corpus embed`): the share of SciFact train claims with their reference
in the pool goes from 0.917 to 0.947."""


class _Work(Struct):
    """What one claim gathered during the search phase."""

    claim: Claim
    runs: list[QueryRun] = field(default_factory=list)
    ids: dict[str, list[str]] = field(default_factory=dict)
    """Source key -> native ids in the order found (dedup'd)."""
    hits: dict[str, dict[str, Hit]] = field(default_factory=dict)
    """Source key -> id -> the source's own evidence for it."""
    errors: dict[str, str] = field(default_factory=dict)
    needed: set[str] = field(default_factory=set)
    """Keys of the sources that planned at least one query for the claim."""


class Checker:
    """Runs claims through the sources' plans, searches and scorers. Knows nothing of the CLI."""

    def __init__(
        self,
        sources: Mapping[str, Source] | Sequence[Source],
        *,
        limit: int = 10,
        enough: int = 3,
        keep: int | None = None,
        workers: int = 4,
        current_year: int | None = None,
        semantic: Encoder | None = None,
        policy: str = DEFAULT_POLICY,
    ) -> None:
        if isinstance(sources, Mapping):
            self.sources = dict(sources)
        else:
            self.sources = {s.key: s for s in sources}
        self.limit = limit
        self.enough = min(enough, limit)
        """A rung runs only while the claim has fewer candidates than this: a few hits of a
        specific rung beat many of a broad one, and every rung is a request (NCBI: 3/s)."""
        self.keep = keep or limit
        """Candidates kept per claim (evaluation keeps the whole scored pool)."""
        base, _, suffix = policy.partition("-")
        if base not in ("ladder", "pooled", "own", "agree") or suffix not in ("", "merge", "jump"):
            raise ValueError(f"unknown climbing policy: {policy!r}")
        self.policy = policy
        """How a ladder (a rate-limited source: PubMed) climbs. The base says when a rung
        after the first runs (`_under_served`): "ladder" while the ladder has fewer than
        `enough` candidates of its own; "pooled" while its pool, joiners' ids included, has
        fewer; "own" as "pooled", and also while the ladder has none of its own; "agree" as
        "pooled", and also while its few share none with a joiner. A suffix changes the rungs:
        "-merge" sends rungs 0 and 1 as one query (rung 0 OR rung 1, left to the source's
        relevance ranking), "-jump" goes from rung 0 to the last. Other sources run all their
        queries. Only DEFAULT_POLICY ships; the others are kept for `bench/rungs.py`."""
        self.workers = max(1, workers)
        self.current_year = current_year or _dt.date.today().year
        self.semantic = semantic
        """Optional sentence-embedding encoder (`--semantic`); None keeps scoring lexical."""
        self._memo: dict[tuple[str, str, int], Shared[QueryRun]] = {}
        self._memo_lock = threading.Lock()
        self.failures: list[SourceError] = []
        """Every source error met so far (the CLI picks exit codes from their kinds)."""

    # -- public --------------------------------------------------------------------------------

    def check_one(self, claim: Claim) -> ClaimResult:
        """Check a single claim."""
        return next(iter(self.check([claim])))

    def check(self, claims: Iterable[Claim], *, chunk_size: int = 32) -> Iterator[ClaimResult]:
        """Yield one result per claim, in input order, chunk by chunk (a chunk's claims are
        searched in `workers` threads; a single claim in this one, see `LazyPool`)."""
        pool = LazyPool(self.workers)
        try:
            chunk: list[Claim] = []
            for claim in claims:
                chunk.append(claim)
                if len(chunk) >= chunk_size:
                    yield from self._check_chunk(chunk, pool)
                    chunk = []
            if chunk:
                yield from self._check_chunk(chunk, pool)
        finally:
            pool.close()

    def close(self) -> None:
        """Close every source (each releases what it holds)."""
        for source in self.sources.values():
            source.close()

    def __enter__(self) -> Checker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def requests_sent(self) -> int:
        return sum(s.requests_sent for s in self.sources.values())

    def pool_of(self, key: str) -> str:
        """The key of the source whose pool `key`'s ids join (its own when it names none)."""
        pool = self.sources[key].pool
        return pool if pool is not None and pool in self.sources else key

    # -- phases --------------------------------------------------------------------------------

    def _check_chunk(self, claims: Sequence[Claim], pool: LazyPool) -> list[ClaimResult]:
        works = pool.map(self._search_claim, claims)
        records = self._fetch_all(works)
        return [self._score(work, records) for work in works]

    def _search_claim(self, claim: Claim) -> _Work:
        """Every source's plan for `claim`: the sources without a ladder first (LitSense), so
        that a ladder's climb can count the ids they bring to its pool (policy "pooled")."""
        work = _Work(claim)
        keys = sorted(self.sources, key=lambda k: self.sources[k].capabilities.ladder)
        for key in keys:
            source = self.sources[key]
            queries = source.plan(claim)
            if not queries:
                continue
            work.needed.add(key)
            found: list[str] = []
            try:
                self._climb(work, key, source, queries, found)
            except SourceError as exc:
                work.errors[key] = exc.message
                self.failures.append(exc)
            work.ids[key] = found
        # Report the runs and ids in the sources' own order, whatever order they ran in.
        rank = {k: i for i, k in enumerate(self.sources)}
        work.runs.sort(key=lambda run: rank.get(run.query.source, len(rank)))
        work.ids = {k: work.ids[k] for k in self.sources if k in work.ids}
        return work

    def _climb(
        self, work: _Work, key: str, source: Source, queries: Sequence[Query], found: list[str]
    ) -> None:
        """Run `queries` on `source` into `found`; a rate-limited source (a ladder) runs a rung
        only while the claim is under-served (`_under_served`), and under the "jump" policies
        goes from rung 0 straight to its last, broadest rung."""
        ladder = source.capabilities.ladder
        if ladder and self.policy.endswith("jump") and len(queries) > 2:
            queries = [queries[0], queries[-1]]
        if ladder and self.policy.endswith("merge") and len(queries) >= 2:
            queries = [_merged(queries[0], queries[1]), *queries[2:]]
        for i, query in enumerate(queries):
            if ladder and i and not self._under_served(work, key, found):
                break
            self._add(work, key, self._search(key, source, query, query.depth or SEARCH_RETMAX))
            found.extend(i for i in work.runs[-1].ids if i not in found)
        if source.capabilities.nearest and self.semantic is not None:
            near = self._nearest(key, source, work.claim)
            if near is not None:
                self._add(work, key, near)
                found.extend(i for i in near.ids if i not in found)

    def _under_served(self, work: _Work, key: str, found: Sequence[str]) -> bool:
        """True while the claim needs another rung of `key`: fewer than `enough` candidates of
        its own ("ladder"), or of its pool, the ids of the sources joining it included
        ("pooled": LitSense's 20 PMIDs make PubMed's rung 0 enough); "own": also while the
        ladder has none of its own; "agree": also while its few own share none with a joiner."""
        joined: set[str] = set()
        for other, ids in work.ids.items():
            if other != key and self.pool_of(other) == key:
                joined.update(ids)
        mine = set(found)
        if self.policy.startswith("ladder"):
            return len(mine) < self.enough
        if len(mine | joined) < self.enough:
            return True
        if self.policy.startswith("own"):
            return not mine
        if self.policy.startswith("agree"):
            return len(mine) < self.enough and not mine & joined
        return False

    @staticmethod
    def _add(work: _Work, key: str, run: QueryRun) -> None:
        if run.query.source != key:  # say which source answered (sample, local:DIR)
            run = replace(run, query=replace(run.query, source=key))
        work.runs.append(run)
        if run.hits:
            mine = work.hits.setdefault(key, {})
            for pid, hit in run.hits.items():
                mine.setdefault(pid, hit)

    def _nearest(self, key: str, source: Source, claim: Claim) -> QueryRun | None:
        """The claim's nearest records by embedding, when `source` holds vectors of our model."""
        encoder = self.semantic
        if encoder is None or source.vector_model != encoder.model_name:
            return None
        query = Query(
            key,
            f"(nearest by embedding: {encoder.model_name})",
            rung=-2,
            label="nearest by meaning",
            params={"method": "embedding"},
        )
        vector = encoder.encode([claim.query_text])[0]
        return source.nearest(vector, query, limit=NEAREST_K)

    def _search(self, key: str, source: Source, query: Query, retmax: int) -> QueryRun:
        """Run `query` once per process: concurrent identical queries share one request."""
        memo = (key, query.term + "|" + repr(sorted(query.params.items())), retmax)
        with self._memo_lock:
            future = self._memo.get(memo)
            owner = future is None
            if future is None:
                future = Shared()
                self._memo[memo] = future
        if owner:
            try:
                future.set_result(source.search(query, limit=retmax))
            except BaseException as exc:
                with self._memo_lock:
                    self._memo.pop(memo, None)  # a failure is not remembered: retried next time
                future.set_exception(exc)
        run = future.result()
        return run if run.query == query else replace(run, query=query)

    def _fetch_all(self, works: Sequence[_Work]) -> dict[str, dict[str, Record] | str]:
        """Fetch every id the chunk needs, per pool; a failed pool maps to its message."""
        wanted: dict[str, list[str]] = {}
        for work in works:
            for key, ids in work.ids.items():
                wanted.setdefault(self.pool_of(key), []).extend(ids)
        out: dict[str, dict[str, Record] | str] = {}
        for pool, ids in wanted.items():
            unique = list(dict.fromkeys(ids))
            if not unique:
                out[pool] = {}
                continue
            try:
                out[pool] = {r.native_id: r for r in self.sources[pool].fetch(unique)}
            except SourceError as exc:
                out[pool] = exc.message
                self.failures.append(exc)
        return out

    def _score(self, work: _Work, fetched: Mapping[str, Mapping[str, Record] | str]) -> ClaimResult:
        errors = dict(work.errors)
        failed = set(errors)
        candidates: list[Candidate] = []
        for pool, members in self._pools(work).items():
            got = fetched.get(pool, {})
            if isinstance(got, str):
                errors.setdefault(pool, got)
                failed.update(members)  # its records could not be had: none of them answered
                continue
            candidates.extend(self._score_pool(work, pool, members, got))
        candidates = _dedupe(candidates)
        candidates.sort(key=lambda c: -c.confidence)
        candidates = candidates[: self.keep]
        return _result(work, candidates, errors, failed)

    def _pools(self, work: _Work) -> dict[str, list[str]]:
        """Pool key -> the keys of the sources whose ids join it for this claim (pool's first)."""
        pools: dict[str, list[str]] = {}
        for key in work.ids:
            pools.setdefault(self.pool_of(key), []).append(key)
        for pool, members in pools.items():
            members.sort(key=lambda k: k != pool)
        return pools

    def _score_pool(
        self, work: _Work, pool: str, members: Sequence[str], got: Mapping[str, Record]
    ) -> list[Candidate]:
        """Score one claim's pool: the pool source's own ids in its order, then the joiners'."""
        order = list(dict.fromkeys(i for key in members for i in work.ids.get(key, ())))
        records = [got[i] for i in order if i in got]
        if not records:
            return []
        own = [i for i in work.ids.get(pool, ()) if i in got]
        ranks = {got[i].id: pos for pos, i in enumerate(own, start=1)}
        hits = {
            key: {got[i].id: hit for i, hit in work.hits[key].items() if i in got}
            for key in members
            if key in work.hits
        }
        found: dict[str, tuple[int, int]] = {}
        for run in work.runs:
            if run.query.source == pool:
                for i in run.ids:
                    if i in got:
                        found.setdefault(got[i].id, (max(run.query.rung, 0), run.count))
        signals = PoolSignals(ranks, hits, found, self.current_year, self.semantic)
        finders: dict[str, list[str]] = {}
        for key in members:
            for i in work.ids.get(key, ()):
                if i in got:
                    finders.setdefault(got[i].id, []).append(key)
        return [
            replace(c, found_by=tuple(finders.get(c.record.id, ())))
            for c in self.sources[pool].score(work.claim, records, signals)
        ]


def _result(
    work: _Work, candidates: Sequence[Candidate], errors: Mapping[str, str], failed: set[str]
) -> ClaimResult:
    """The claim's result: skipped when nothing it needed answered, partial when some failed."""
    runs = tuple(work.runs)
    if not work.needed:
        return ClaimResult(
            work.claim,
            Status.SKIPPED,
            queries=runs,
            skipped_reason="nothing in the claim to search for",
        )
    if errors and work.needed <= failed:
        reason = "; ".join(f"{k}: {v}" for k, v in errors.items())
        return ClaimResult(work.claim, Status.SKIPPED, (), runs, reason, dict(errors))
    return ClaimResult(work.claim, _status(candidates), tuple(candidates), runs, None, dict(errors))


def _merged(first: Query, second: Query) -> Query:
    """One query for two rungs: `first` OR `second`, left to the source's relevance ranking."""
    return replace(
        first, term=f"({first.term}) OR ({second.term})", label=f"{first.label} OR {second.label}"
    )


def _dedupe(candidates: Iterable[Candidate]) -> list[Candidate]:
    """One candidate per record id (the best scored)."""
    best: dict[str, Candidate] = {}
    for cand in candidates:
        seen = best.get(cand.record.id)
        if seen is None or cand.confidence > seen.confidence:
            best[cand.record.id] = cand
    return list(best.values())


def _status(candidates: Sequence[Candidate]) -> Status:
    top_names_all = not candidates or not candidates[0].features.get("core_missing", 0.0)
    return status_of([c.confidence for c in candidates], top_names_all=top_names_all)
