"""Metrics checked against values computed by hand."""

from __future__ import annotations

import math

import pytest

from litcheck.evaluation.metrics import (
    auroc,
    expected_calibration_error,
    mrr_at_k,
    ndcg_at_k,
    ranking_report,
    recall_at_k,
    reliability_bins,
)


def test_ndcg_single_relevant_at_rank_two():
    assert ndcg_at_k(["a", "b", "c"], {"b"}) == pytest.approx(1 / math.log2(3))


def test_ndcg_two_relevant_ideal_and_partial():
    assert ndcg_at_k(["a", "b"], {"a", "b"}) == pytest.approx(1.0)
    dcg = 1 / math.log2(2) + 1 / math.log2(4)
    idcg = 1 / math.log2(2) + 1 / math.log2(3)
    assert ndcg_at_k(["a", "x", "b"], {"a", "b"}) == pytest.approx(dcg / idcg)


def test_recall_and_mrr():
    assert recall_at_k(["x", "a", "b"], {"a", "b"}, 1) == 0.0
    assert recall_at_k(["x", "a", "b"], {"a", "b"}, 3) == 1.0
    assert mrr_at_k(["x", "y", "a"], {"a"}) == pytest.approx(1 / 3)
    assert mrr_at_k(["x"], {"a"}) == 0.0


def test_ranking_report_counts_missing_runs_as_zero():
    report = ranking_report({"q1": ["a"]}, {"q1": {"a"}, "q2": {"b"}})
    assert report.claims == 2
    assert report.recall[1] == pytest.approx(0.5)
    assert report.ndcg10 == pytest.approx(0.5)


def test_ece_perfect_and_overconfident():
    assert expected_calibration_error([0.05, 0.95], [False, True]) == pytest.approx(0.05)
    assert expected_calibration_error([0.9, 0.9], [False, False]) == pytest.approx(0.9)
    bins = reliability_bins([0.05, 1.0], [False, True])
    assert bins[0].count == 1 and bins[-1].count == 1


def test_auroc_known_values():
    assert auroc([0.1, 0.4, 0.35, 0.8], [False, False, True, True]) == pytest.approx(0.75)
    assert auroc([0.5, 0.5], [True, False]) == pytest.approx(0.5)
    assert auroc([0.2, 0.9], [True, True]) == 0.5
