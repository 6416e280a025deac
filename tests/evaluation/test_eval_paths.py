"""`litcheck eval` on both paths: the local index and the live path through the stand-ins."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from litcheck.cli import app
from litcheck.corpus.build import build_index
from litcheck.sources.local.index import LocalIndex
from standins.backend import SerialBackend
from standins.eutils import StandIn
from standins.litsense import LitSenseStandIn, index_pmids
from tests.conftest import FIXTURES

CLAIMS = FIXTURES / "scifact_claims_evidence_sample.jsonl"
CORPUS = FIXTURES / "scifact_corpus_sample.jsonl"


def _report(result) -> dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_local_path_reports_statuses(tmp_path):
    result = CliRunner().invoke(
        app,
        ["eval", str(CLAIMS), "--index", str(tmp_path / "ix"), "--corpus", str(CORPUS)],
    )
    doc = _report(result)
    assert doc["path"] == "local" and doc["claims"] > 0
    by = doc["statuses"]["by_status"]
    assert sum(s["claims"] for s in by.values()) == doc["claims"]
    assert 0.0 <= doc["statuses"]["ece_top"] <= 1.0
    assert "matched" in result.stderr and "right-first labelled no_match" in result.stderr


@pytest.mark.loopback
def test_live_path_runs_through_the_stand_ins(tmp_path, monkeypatch):
    index = tmp_path / "ix"
    build_index([CORPUS], index)
    backend = SerialBackend(lambda: LocalIndex.open(index))
    claims = tmp_path / "claims.jsonl"
    claims.write_text("\n".join(CLAIMS.read_text().splitlines()[:3]) + "\n")
    try:
        with (
            StandIn(backend, latency=0.0) as eutils,
            LitSenseStandIn.from_backend(backend, index_pmids(index)) as litsense,
        ):
            monkeypatch.setenv("LITCHECK_EUTILS_URL", eutils.url)
            monkeypatch.setenv("LITCHECK_LITSENSE_URL", litsense.url)
            monkeypatch.setenv("NCBI_EMAIL", "tests@example.org")
            result = CliRunner().invoke(app, ["eval", str(claims), "--sources", "pubmed,litsense"])
            assert litsense.stats.snapshot()["requests"] == 3
    finally:
        backend.close()
    doc = _report(result)
    assert doc["path"] == "live" and doc["claims"] == 3
    assert doc["recall"]["@10"] > 0


def test_eval_needs_one_path(tmp_path):
    result = CliRunner().invoke(app, ["eval", str(CLAIMS)])
    assert result.exit_code == 2 and "--index DIR" in result.stderr
