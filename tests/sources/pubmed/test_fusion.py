"""The live-path confidence: the lexical score fused with the search path's own signals."""

from __future__ import annotations

import pytest
from msgspec.structs import replace

from litcheck.models import Candidate, Evidence, Hit
from litcheck.sources.base import PoolSignals
from litcheck.sources.pubmed import fusion
from tests.factories import record


def cand(pmid: str, confidence: float, best_sentence: float = 0.2) -> Candidate:
    return Candidate(
        record=record(pmid, f"title {pmid}", "An abstract sentence."),
        confidence=confidence,
        reasons=("title shares words",),
        evidence=Evidence("abstract", "An abstract sentence."),
        features={"best_sentence": best_sentence, "title_overlap": 0.5},
    )


def test_pool_gaps_mark_the_best_and_its_margin():
    assert fusion.pool_gaps([]) == []
    assert fusion.pool_gaps([1.0]) == [(fusion.GAP_LIMIT, 1.0)]
    assert fusion.pool_gaps([2.0, 0.5, -9.0]) == [(1.5, 1.0), (-1.5, 0.0), (-5.0, 0.0)]


def test_identity_weights_keep_the_lexical_confidence(monkeypatch):
    monkeypatch.setattr(fusion, "load_weights", lambda path="live": dict(fusion.IDENTITY))
    out = fusion.fuse([cand("1", 0.3), cand("2", 0.6)], PoolSignals(ranks={}))
    assert [(c.record.pmid, c.confidence) for c in out] == [("2", 0.6), ("1", 0.3)]
    assert out[0].features["path_top"] == 1.0 and out[1].features["path_gap"] < 0


def test_litsense_rank_raises_a_record_and_lends_its_sentence():
    """With the shipped live weights, LitSense's #1 beats an otherwise identical record."""
    hit = Hit(
        rank=1, score=0.9, text="Ketamine relieved depression within hours.", section="abstract"
    )
    signals = PoolSignals(ranks={}, hits={"litsense": {"pubmed:1": hit}})
    out = fusion.fuse([cand("1", 0.3), cand("2", 0.3)], signals)
    assert out[0].record.pmid == "1" and out[0].confidence > out[1].confidence
    assert out[0].evidence == Evidence("abstract", hit.text)
    assert out[0].reasons[0] == "LitSense ranks its sentence #1 by meaning"
    assert out[0].features["path_ls_rank"] == 1.0 and out[1].features["path_ls_found"] == 0.0


def test_a_strong_own_sentence_stays_the_evidence():
    hit = Hit(rank=2, score=0.8, text="Another sentence.", section="abstract")
    signals = PoolSignals(ranks={}, hits={"litsense": {"pubmed:1": hit}})
    (out,) = fusion.fuse([cand("1", 0.5, best_sentence=0.8)], signals)
    assert out.evidence == Evidence("abstract", "An abstract sentence.")


def test_the_only_record_of_a_specific_rung_says_so():
    signals = PoolSignals(ranks={}, found={"pubmed:1": (0, 1), "pubmed:2": (2, 40)})
    out = {c.record.pmid: c for c in fusion.fuse([cand("1", 0.3), cand("2", 0.3)], signals)}
    assert out["1"].reasons[0] == "the only record of a specific search (rung 0)"
    assert out["1"].features["path_rung_narrow"] == 1.0
    assert not any("specific search" in r for r in out["2"].reasons)


@pytest.mark.parametrize("path", ["live", "local"])
def test_each_path_ships_fitted_weights(path):
    weights = fusion.load_weights(path)
    assert weights != fusion.IDENTITY
    assert {"bias", "lexical_logit", *fusion.FEATURES} - {"ls_score"} <= set(weights)


def test_fused_confidences_are_probabilities():
    signals = PoolSignals(ranks={}, hits={"litsense": {"pubmed:1": Hit(1, 1.0)}})
    extreme = [replace(cand("1", 0.9999), features={"title_overlap": 50.0}), cand("2", 0.0)]
    assert all(0.0 <= c.confidence <= 1.0 for c in fusion.fuse(extreme, signals))
