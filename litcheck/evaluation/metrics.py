"""Ranking and calibration metrics. Pure functions over plain lists; no I/O.

Ranking follows BEIR (Thakur et al. 2021): binary relevance, nDCG@k with log2 discounts and the
ideal DCG over all relevant documents, recall@k as the share of a claim's relevant documents in
its top k, MRR@k. Calibration: expected calibration error with equal-width bins (Guo et al.
2017) and AUROC by the rank-sum (Mann-Whitney) formula with ties averaged.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from msgspec import Struct


def ndcg_at_k(ranked: Sequence[str], relevant: set[str], k: int = 10) -> float:
    if not relevant:
        return 0.0
    dcg = sum(1.0 / math.log2(i + 2) for i, doc in enumerate(ranked[:k]) if doc in relevant)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(relevant), k)))
    return dcg / ideal


def recall_at_k(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    if not relevant:
        return 0.0
    return len(set(ranked[:k]) & relevant) / len(relevant)


def mrr_at_k(ranked: Sequence[str], relevant: set[str], k: int = 10) -> float:
    for i, doc in enumerate(ranked[:k]):
        if doc in relevant:
            return 1.0 / (i + 1)
    return 0.0


class RankingReport(Struct, frozen=True):
    claims: int
    recall: Mapping[int, float]
    mrr10: float
    ndcg10: float


def ranking_report(
    runs: Mapping[str, Sequence[str]], qrels: Mapping[str, set[str]], ks: Sequence[int] = (1, 3, 10)
) -> RankingReport:
    """Mean metrics over the claims in `qrels` (a claim with no run counts as all zeros)."""
    ids = [q for q in qrels if qrels[q]]
    n = max(len(ids), 1)
    recall = {k: sum(recall_at_k(runs.get(q, []), qrels[q], k) for q in ids) / n for k in ks}
    mrr = sum(mrr_at_k(runs.get(q, []), qrels[q]) for q in ids) / n
    ndcg = sum(ndcg_at_k(runs.get(q, []), qrels[q]) for q in ids) / n
    return RankingReport(len(ids), recall, mrr, ndcg)


class Bin(Struct, frozen=True):
    lower: float
    upper: float
    count: int
    mean_confidence: float
    accuracy: float


def reliability_bins(
    confidences: Sequence[float], labels: Sequence[bool], bins: int = 10
) -> list[Bin]:
    """Equal-width bins over [0, 1]; the last bin includes 1.0."""
    out: list[Bin] = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        members = [
            (c, y)
            for c, y in zip(confidences, labels, strict=True)
            if lo <= c < hi or (b == bins - 1 and c == 1.0)
        ]
        if members:
            mean_c = sum(c for c, _ in members) / len(members)
            acc = sum(1 for _, y in members if y) / len(members)
        else:
            mean_c = acc = 0.0
        out.append(Bin(lo, hi, len(members), mean_c, acc))
    return out


def expected_calibration_error(
    confidences: Sequence[float], labels: Sequence[bool], bins: int = 10
) -> float:
    n = len(confidences)
    if n == 0:
        return 0.0
    return sum(
        b.count / n * abs(b.accuracy - b.mean_confidence)
        for b in reliability_bins(confidences, labels, bins)
    )


def auroc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """Area under the ROC curve; 0.5 when only one class is present."""
    pos = sum(1 for y in labels if y)
    neg = len(labels) - pos
    if pos == 0 or neg == 0:
        return 0.5
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        avg = (i + j) / 2 + 1
        for t in range(i, j + 1):
            ranks[order[t]] = avg
        i = j + 1
    rank_sum = sum(r for r, y in zip(ranks, labels, strict=True) if y)
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg)
