"""Fewer requests (issue 16): the real PubMed source against the in-process E-utilities stand-in.

Rungs 0 and 1 go out as one esearch, a later rung only while the claim has fewer than three
candidates of its own, and no PMID is fetched twice in one run, across chunks and claims.
"""

from __future__ import annotations

import json

import pytest

from litcheck.check.checker import Checker
from litcheck.claims.read import claim_from_text
from litcheck.claims.vocab import Vocabulary
from litcheck.corpus.build import build_index
from litcheck.settings import Settings
from litcheck.sources.http import RateLimiter
from litcheck.sources.local.index import LocalIndex
from litcheck.sources.pubmed.plan import plan_pubmed
from litcheck.sources.pubmed.source import PubMedSource
from standins.backend import SerialBackend
from standins.eutils import StandIn
from standins.ratelimit import SlidingWindowLimiter
from tests.clock import VirtualClock
from tests.conftest import FIXTURES

pytestmark = pytest.mark.loopback


@pytest.fixture(scope="module")
def eutils(tmp_path_factory):
    index = tmp_path_factory.mktemp("ix")
    build_index([FIXTURES / "scifact_corpus_sample.jsonl"], index)
    backend = SerialBackend(lambda: LocalIndex.open(index))
    clock = VirtualClock()
    with StandIn(backend, latency=0.0, limiter=SlidingWindowLimiter(clock=clock.now)) as server:
        yield server, clock
    backend.close()


def test_one_esearch_for_rungs_zero_and_one_and_no_pmid_fetched_twice(eutils, tmp_path):
    server, clock = eutils
    settings = Settings(eutils_url=server.url, cache_dir=tmp_path, ncbi_email="t@example.org")
    limiter = RateLimiter(3.0, clock=clock.now, sleep=clock.sleep)
    pubmed = PubMedSource.from_settings(settings, limiter=limiter, sleep=clock.sleep)
    vocab = Vocabulary.load()
    lines = (FIXTURES / "scifact_claims_evidence_sample.jsonl").read_text().splitlines()
    claims = [claim_from_text(json.loads(x)["claim"], vocab) for x in lines[:12]]
    server.stats.reset()
    with Checker([pubmed], current_year=2026, workers=1) as checker:
        results = list(checker.check(claims, chunk_size=4))
    stats = server.stats.snapshot()
    assert stats["ids_refetched"] == 0 and stats["distinct_ids_fetched"] > 0
    searches = 0
    for claim, result in zip(claims, results, strict=True):
        ladder = plan_pubmed(claim)
        sent = [r.query for r in result.queries]
        searches += len(sent)
        if len(ladder) >= 2:
            assert sent[0].term == f"({ladder[0].term}) OR ({ladder[1].term})"
            assert sent[0].rung == 0
        assert [q.rung for q in sent] == sorted({q.rung for q in sent})
        if len(sent) > 1:  # climbed: the merged query left it with fewer than three of its own
            assert len(result.queries[0].ids) < 3
    assert stats["rate_limited"] == 0
    assert stats["by_endpoint"]["esearch.fcgi"] == searches  # one request per query sent
