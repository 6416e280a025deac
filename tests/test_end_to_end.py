"""`litcheck claim` end to end through loopback stand-ins that speak the real wire formats.

The E-utilities stand-in (standins.eutils) serves a local index built from real records:
a SciFact sample, a retracted article (PMID 993) and mouse studies from metapub's captures; it
enforces NCBI's 3 requests/s with NCBI's 429 body. The LitSense stand-in (standins.litsense)
serves the same records' sentences at 1 request/s; the openFDA stand-in serves Drugs@FDA data.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from litcheck.cli import app
from litcheck.corpus.build import build_index
from litcheck.sources.http import RateLimiter
from litcheck.sources.litsense.client import LitSenseClient
from litcheck.sources.local.index import LocalIndex
from litcheck.sources.openfda.source import OpenFdaSource
from litcheck.sources.pubmed.source import PubMedSource
from standins.backend import SerialBackend
from standins.eutils import StandIn
from standins.litsense import LitSenseStandIn, index_pmids
from standins.openfda import OpenFdaStandin
from standins.ratelimit import SlidingWindowLimiter
from tests.clock import VirtualClock
from tests.conftest import FIXTURES

pytestmark = pytest.mark.loopback

FLAG_RECORDS = [
    FIXTURES / "ncbi" / "retraction_neilfws" / "example.xml",
    FIXTURES / "ncbi" / "metapub" / "pmid_xml" / "37552767.xml",
    FIXTURES / "ncbi" / "metapub" / "pmid_xml" / "32306807.xml",
]

STATUSES = {"matched", "weak", "no_match", "skipped"}


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    index = tmp_path_factory.mktemp("index")
    build_index([FIXTURES / "scifact_corpus_sample.jsonl", *FLAG_RECORDS], index)
    served = SerialBackend(lambda: LocalIndex.open(index))
    yield served, index_pmids(index)
    served.close()


@pytest.fixture(scope="module")
def eutils(backend):
    with StandIn(backend[0], latency=0.02) as server:
        yield server


@pytest.fixture(scope="module")
def litsense(backend):
    with LitSenseStandIn.from_backend(*backend, latency=0.02) as server:
        yield server


@pytest.fixture(scope="module")
def openfda():
    with OpenFdaStandin() as server:
        yield server


@pytest.fixture
def run_real_time(eutils, litsense, openfda, monkeypatch):
    """`litcheck claim ARGS --format json` against the stand-ins -> its one result."""
    monkeypatch.setenv("LITCHECK_EUTILS_URL", eutils.url)
    monkeypatch.setenv("LITCHECK_LITSENSE_URL", litsense.url)
    monkeypatch.setenv("LITCHECK_OPENFDA_URL", openfda.url)
    monkeypatch.setenv("NCBI_EMAIL", "tests@example.org")

    def invoke(*args: str, code: int = 0) -> dict:
        result = CliRunner().invoke(app, ["claim", *args, "--format", "json"])
        assert result.exit_code == code, result.output
        doc = json.loads(result.stdout)
        assert_contract(doc)
        return doc["results"][0]

    return invoke


@pytest.fixture
def virtual_pacing(eutils, litsense, monkeypatch) -> VirtualClock:
    """NCBI's 3 requests/s on a virtual clock: litcheck's limiter sleeps by advancing it and the
    stand-in's 429 window reads it, so pacing is still enforced and checked, without the ~1/3 s
    real wait per request. (test_litcheck_causes_no_429 keeps real time.)"""
    clock = VirtualClock()
    monkeypatch.setattr(eutils, "limiter", SlidingWindowLimiter(clock=clock.now))
    limiter = RateLimiter(3.0, clock=clock.now, sleep=clock.sleep)
    build = PubMedSource.from_settings

    def from_settings(settings, **kwargs):
        kwargs.setdefault("limiter", limiter)
        return build(settings, **kwargs)

    monkeypatch.setattr(PubMedSource, "from_settings", from_settings)
    monkeypatch.setattr(
        litsense, "limiter", SlidingWindowLimiter(rate_no_key=1, rate_with_key=1, clock=clock.now)
    )
    ls_limiter = RateLimiter(1.0, clock=clock.now, sleep=clock.sleep)
    build_ls = LitSenseClient.from_settings

    def ls_from_settings(settings, **kwargs):
        kwargs.setdefault("limiter", ls_limiter)
        return build_ls(settings, **kwargs)

    monkeypatch.setattr(LitSenseClient, "from_settings", ls_from_settings)
    return clock


@pytest.fixture
def run(run_real_time, virtual_pacing):
    """`run_real_time` with NCBI's pacing on the virtual clock (see `virtual_pacing`)."""
    return run_real_time


def assert_contract(doc: dict) -> None:
    """The JSON keeps to ../shared/design/CONTRACT.md."""
    assert doc["schema"] == "litcheck.results/1"
    for result in doc["results"]:
        claim = result["claim"]
        assert claim["id"].startswith("c-") and len(claim["id"]) == 14
        assert {"text", "origin", "facets"} <= set(claim)
        assert {"file", "line"} <= set(claim["origin"])
        assert result["status"] in STATUSES
        assert "skipped_reason" in result and "decision" in result
        for q in result["queries"]:
            assert {"source", "query", "count", "translation"} <= set(q)
        confidences = [c["confidence"] for c in result["candidates"]]
        assert confidences == sorted(confidences, reverse=True)
        for rank, c in enumerate(result["candidates"], start=1):
            assert c["rank"] == rank
            assert 0.0 <= c["confidence"] <= 1.0
            assert {"source", "id", "title", "year", "url", "reasons", "flags", "evidence"} <= set(
                c
            )
            if c["source"] == "pubmed":
                assert c["id"] == f"pubmed:{c['pmid']}"


def top3(result: dict) -> list[str]:
    return [c["id"] for c in result["candidates"][:3]]


def test_scifact_claims_find_their_paper_in_top3(run, eutils, virtual_pacing):
    before = eutils.stats.snapshot()
    claims = [
        json.loads(line)
        for line in (FIXTURES / "scifact_claims_evidence_sample.jsonl").read_text().splitlines()
    ]
    hits = 0
    for c in claims[:10]:
        result = run(c["claim"], "--sources", "pubmed")
        wanted = {f"pubmed:{d}" for d in c["evidence"]}
        hits += bool(wanted & set(top3(result)))
    assert hits >= 7, f"only {hits}/10 claims had their paper in the top 3"
    after = eutils.stats.snapshot()
    assert after["rate_limited"] == before["rate_limited"]
    assert virtual_pacing.now() > 1000.0 + (after["requests"] - before["requests"] - 3) / 3


def test_mouse_study_cited_for_general_claim_is_animal_only(run):
    result = run(
        "TGF-beta controls survival during sepsis by uncoupling glycolysis and inflammation in "
        "macrophages.",
        "--sources",
        "pubmed",
    )
    assert "pubmed:37552767" in top3(result)
    cand = next(c for c in result["candidates"] if c["id"] == "pubmed:37552767")
    assert "animal-only" in cand["flags"]
    assert "Mice" in cand["flag_reasons"]["animal-only"]


def test_retracted_paper_is_flagged(run):
    result = run(
        "Synaptic transmitters stimulate the incorporation of oleate into the phospholipids of "
        "synaptic membranes.",
        "--sources",
        "pubmed",
    )
    assert top3(result)[0] == "pubmed:993"
    assert "retracted" in result["candidates"][0]["flags"]


def test_regulatory_claim_ranks_openfda_with_pubmed(run):
    result = run(
        "In 2019, ketamine became approved for the treatment of treatment-resistant depression."
    )
    sources = {c["source"] for c in result["candidates"]}
    assert "openfda" in sources
    top = result["candidates"][0]
    assert top["id"] == "openfda:NDA211243" and top["approval_date"] == "2019-03-05"
    assert "different-ingredient" in top["flags"]
    assert "esketamine" in top["flag_reasons"]["different-ingredient"].lower()


@pytest.fixture
def openfda_backoffs(monkeypatch) -> list[float]:
    """The backoff delays the CLI's openFDA client asks for, recorded instead of slept.

    `OpenFdaSource.from_settings` takes the client's `sleep` as a test seam; the CLI builds the
    source without one, so this wraps it. Five retries of real backoff would sleep ~15 s.
    """
    delays: list[float] = []
    build = OpenFdaSource.from_settings

    def from_settings(settings, **kwargs):
        kwargs.setdefault("sleep", delays.append)
        return build(settings, **kwargs)

    monkeypatch.setattr(OpenFdaSource, "from_settings", from_settings)
    return delays


def test_openfda_outage_keeps_pubmed_half(run, openfda, openfda_backoffs):
    openfda.fail_status = 500
    try:
        # A partial answer: printed, then exit 3 so that scripts know to retry.
        result = run(
            "In 2019, ketamine became approved for treatment-resistant depression.", code=3
        )
    finally:
        openfda.fail_status = None
    assert "openfda" in result["source_errors"]
    assert result["status"] != "skipped"
    assert all(c["source"] == "pubmed" for c in result["candidates"])
    assert len(openfda_backoffs) >= 5  # the client did retry the 500s, with growing backoff
    assert max(openfda_backoffs) > 2 * min(openfda_backoffs)


def test_litcheck_causes_no_429(eutils, run_real_time):
    # Real time on purpose: litcheck's limiter against the stand-in's 1-second window.
    run = run_real_time
    before = eutils.stats.snapshot()
    for i in range(6):
        run(
            f"Oleate incorporation into synaptic membranes rises {i + 2}-fold.",
            "--sources",
            "pubmed",
            "--no-cache",
        )
    after = eutils.stats.snapshot()
    assert after["requests"] > before["requests"]
    assert after["rate_limited"] == before["rate_limited"] == 0
    assert after["missing_tool"] == after["missing_email"] == 0


def test_unreachable_pubmed_is_one_line_with_tip(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("LITCHECK_EUTILS_URL", "http://127.0.0.1:9/entrez/eutils/")
    result = CliRunner().invoke(
        app, ["claim", "Ketamine relieves depression.", "--sources", "pubmed"]
    )
    assert result.exit_code == 3
    assert "cannot reach 127.0.0.1" in result.stderr
    assert "LITCHECK_EUTILS_URL" in result.stderr
    assert "Traceback" not in result.output


def test_litsense_joins_the_pubmed_pool_and_says_so(run, litsense):
    """Default sources: LitSense runs beside the ladder; its PMIDs are fetched with PubMed's."""
    claim = json.loads(
        (FIXTURES / "scifact_claims_evidence_sample.jsonl").read_text().splitlines()[0]
    )
    before = litsense.stats.snapshot()["requests"]
    result = run(claim["claim"])
    assert litsense.stats.snapshot()["requests"] == before + 1  # one request per claim
    assert [q["source"] for q in result["queries"]].count("litsense") == 1
    wanted = {f"pubmed:{d}" for d in claim["evidence"]}
    found = {c["id"]: c["found_by"] for c in result["candidates"]}
    assert wanted & set(top3(result))
    assert any("litsense" in by for by in found.values())
    assert all(c["source"] == "pubmed" for c in result["candidates"])
