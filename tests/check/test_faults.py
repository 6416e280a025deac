"""A failed source is never an answer, under injected faults from the stand-ins.

A batch through the E-utilities and LitSense stand-ins with 10%, 30% and 70% of their answers
failing (5xx, HTML pages, truncated bodies): every claim ends answered or skipped/partial with
a reason, none lost or duplicated, and a rerun against the healthy services gives the same
file as a run that never saw a fault. Rate limits and backoff run on a virtual clock.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from litcheck.check.batch import run_batch
from litcheck.check.checker import Checker
from litcheck.claims.read import claim_from_text
from litcheck.claims.vocab import Vocabulary
from litcheck.corpus.build import build_index
from litcheck.settings import Settings
from litcheck.sources.http import RateLimiter
from litcheck.sources.litsense.client import LitSenseClient
from litcheck.sources.litsense.source import LitSenseSource
from litcheck.sources.local.index import LocalIndex
from litcheck.sources.pubmed.source import PubMedSource
from standins.backend import SerialBackend
from standins.eutils import StandIn
from standins.faults import Faults
from standins.litsense import LitSenseStandIn, index_pmids
from standins.ratelimit import SlidingWindowLimiter
from tests.clock import VirtualClock
from tests.conftest import FIXTURES

pytestmark = pytest.mark.loopback


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    index = tmp_path_factory.mktemp("ix")
    build_index([FIXTURES / "scifact_corpus_sample.jsonl"], index)
    backend = SerialBackend(lambda: LocalIndex.open(index))
    clock = VirtualClock()
    with (
        StandIn(backend, latency=0.0, limiter=SlidingWindowLimiter(clock=clock.now)) as eutils,
        LitSenseStandIn.from_backend(backend, index_pmids(index)) as litsense,
    ):
        litsense.limiter = SlidingWindowLimiter(rate_no_key=1, rate_with_key=1, clock=clock.now)
        yield eutils, litsense, clock
    backend.close()


def checker(services, cache: Path) -> Checker:
    eutils, litsense, clock = services
    settings = Settings(
        eutils_url=eutils.url,
        litsense_url=litsense.url,
        cache_dir=cache,
        ncbi_email="tests@example.org",
        max_retries=3,
    )
    pubmed = PubMedSource.from_settings(
        settings, limiter=RateLimiter(3.0, clock=clock.now, sleep=clock.sleep), sleep=clock.sleep
    )
    ls_limiter = RateLimiter(1.0, clock=clock.now, sleep=clock.sleep)
    client = LitSenseClient.from_settings(settings, limiter=ls_limiter, sleep=clock.sleep)
    return Checker([pubmed, LitSenseSource(client)], current_year=2026)


def claims():
    vocab = Vocabulary.load()
    lines = (FIXTURES / "scifact_claims_evidence_sample.jsonl").read_text().splitlines()
    return [claim_from_text(json.loads(x)["claim"], vocab) for x in lines[:8]]


def lines_of(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text().splitlines()]


@pytest.mark.parametrize("rate", [0.1, 0.3, 0.7])
def test_faults_never_become_answers_and_a_rerun_heals(services, tmp_path, rate):
    eutils, litsense, _ = services
    the_claims = claims()
    clean = tmp_path / "clean.jsonl"
    with checker(services, tmp_path / "cache-clean") as c:
        run_batch(the_claims, c, output=clean)

    out = tmp_path / "faulty.jsonl"
    eutils.faults = litsense.faults = Faults(rate, seed=int(rate * 100))
    try:
        with checker(services, tmp_path / "cache") as c:
            _, stats = run_batch(the_claims, c, output=out)
    finally:
        eutils.faults = litsense.faults = None
    got = lines_of(out)
    assert [r["claim"]["id"] for r in got] == [c.id for c in the_claims]  # none lost or doubled
    for r in got:
        if r["source_errors"] or r["status"] == "skipped":
            assert r["skipped_reason"] or r["source_errors"]  # says why
    assert stats.unfinished == sum(bool(r["source_errors"]) for r in got)
    if rate >= 0.7:
        assert stats.unfinished  # at 70% some requests exhaust their retries

    with checker(services, tmp_path / "cache") as c:
        _, again = run_batch(the_claims, c, output=out)
    assert again.unfinished == 0
    assert out.read_text() == clean.read_text()
