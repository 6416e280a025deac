"""Fit the scorer's confidence on labelled candidates, with cross-validation by claim.

Usage (after `litcheck eval ... --out OUT`, which writes OUT/candidates.jsonl):

    python -m bench.fit_scorer OUT/candidates.jsonl [--folds 5] [--write]

Each candidate row has the scorer's features and whether the document is one of the claim's
references. A logistic regression (L2, Newton's method, numpy) maps features -> probability.
Cross-validation folds split by *groups of claims that share a reference*: SciFact often has
several claims written from one citing sentence (a claim and its negation, say) with the same
abstract, so a plain split by claim lets a fold learn about its own test claims' documents.
`--split claim` gives the older split by claim, for comparison. For each held-out fold the pool is re-ranked by the fitted probability and we report
nDCG@10 and recall over that ranking, and ECE/AUROC over each claim's top 10. `--write` refits
on all rows and stores the weights in litcheck/data/scorer_weights.json (used by the scorer).
"""

from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from litcheck.evaluation.metrics import (
    auroc,
    expected_calibration_error,
    mrr_at_k,
    ndcg_at_k,
    recall_at_k,
)
from litcheck.sources.pubmed.score import DEFAULT_WEIGHTS, FEATURES, SEMANTIC_FEATURES

WEIGHTS_FILE = Path(__file__).resolve().parent.parent / "litcheck" / "data" / "scorer_weights.json"


def load_rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


FIXED = ("institution", "year")
"""Facets SciFact's claims (almost) never name: their weights stay the hand-set priors in
DEFAULT_WEIGHTS, entering the fit as a fixed offset, instead of being fitted to noise."""
FITTED = tuple(f for f in FEATURES if f not in FIXED)
SEMANTIC_WEIGHTS_FILE = WEIGHTS_FILE.with_name("scorer_weights_semantic.json")


def use_semantic(rows: list[dict[str, Any]]) -> None:
    """Fit the optional semantic feature too (rows from `litcheck eval --semantic`)."""
    global FITTED
    FITTED = (*FITTED, *(f for f in SEMANTIC_FEATURES if f not in FITTED))


def matrix(rows: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray]:
    x = np.array([[float(r["features"].get(f, 0.0)) for f in FITTED] for r in rows])
    y = np.array([1.0 if r["label"] else 0.0 for r in rows])
    return np.hstack([np.ones((len(rows), 1)), x]), y


def offsets(rows: list[dict[str, Any]]) -> np.ndarray:
    return np.array(
        [sum(DEFAULT_WEIGHTS[f] * float(r["features"].get(f, 0.0)) for f in FIXED) for r in rows]
    )


def fit_logistic(
    x: np.ndarray,
    y: np.ndarray,
    l2: float = 1.0,
    iters: int = 50,
    offset: np.ndarray | None = None,
) -> np.ndarray:
    """Newton-Raphson for L2-regularised logistic regression (bias not penalised)."""
    w = np.zeros(x.shape[1])
    off = np.zeros(x.shape[0]) if offset is None else offset
    penalty = np.eye(x.shape[1]) * l2
    penalty[0, 0] = 0.0
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-(x @ w + off)))
        grad = x.T @ (p - y) + penalty @ w
        hess = (x * (p * (1 - p))[:, None]).T @ x + penalty
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return w


def predict(x: np.ndarray, w: np.ndarray, offset: np.ndarray | None = None) -> np.ndarray:
    off = np.zeros(x.shape[0]) if offset is None else offset
    probs: np.ndarray = 1.0 / (1.0 + np.exp(-(x @ w + off)))
    return probs


def relevant_by_claim(
    rows: list[dict[str, Any]], qrels: dict[str, set[str]] | None
) -> dict[str, set[str]]:
    if qrels is not None:
        return qrels
    rel: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        if r["label"]:
            rel[r["claim"]].add(r["doc"])
    return rel


def evaluate(
    rows: list[dict[str, Any]], probs: np.ndarray, relevant: dict[str, set[str]]
) -> dict[str, float]:
    by_claim: dict[str, list[tuple[float, dict[str, Any]]]] = defaultdict(list)
    for p, r in zip(probs, rows, strict=True):
        by_claim[r["claim"]].append((float(p), r))
    ndcg = mrr = r1 = r3 = r10 = 0.0
    conf: list[float] = []
    labels: list[bool] = []
    claims = [c for c in relevant if relevant[c]]
    for claim in claims:
        ranked = sorted(by_claim.get(claim, []), key=lambda t: -t[0])
        docs = [r["doc"] for _, r in ranked]
        rel = relevant[claim]
        ndcg += ndcg_at_k(docs, rel)
        mrr += mrr_at_k(docs, rel)
        r1 += recall_at_k(docs, rel, 1)
        r3 += recall_at_k(docs, rel, 3)
        r10 += recall_at_k(docs, rel, 10)
        for p, r in ranked[:10]:
            conf.append(p)
            labels.append(bool(r["label"]))
    n = max(len(claims), 1)
    return {
        "claims": len(claims),
        "ndcg@10": ndcg / n,
        "mrr@10": mrr / n,
        "recall@1": r1 / n,
        "recall@3": r3 / n,
        "recall@10": r10 / n,
        "ece10": expected_calibration_error(conf, labels),
        "auroc": auroc(conf, labels),
        "candidates": len(conf),
    }


def claim_groups(relevant: dict[str, set[str]]) -> dict[str, str]:
    """Claim -> group key, where claims that share any relevant document share a group."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for claim, docs in relevant.items():
        for doc in sorted(docs):
            parent[find("c:" + claim)] = find("d:" + doc)
    # Name each group by its smallest claim id: the root's name depends on the order of union,
    # and the fold assignment must not change with PYTHONHASHSEED.
    members: dict[str, list[str]] = {}
    for claim in relevant:
        members.setdefault(find("c:" + claim), []).append(claim)
    return {c: min(group) for group in members.values() for c in group}


def fold_assignment(
    relevant: dict[str, set[str]], folds: int, seed: int, split: str = "group"
) -> dict[str, int]:
    """Claim -> fold. `split="group"` keeps claims sharing a reference in one fold."""
    group = claim_groups(relevant) if split == "group" else {c: c for c in relevant}
    keys = sorted(set(group.values()))
    random.Random(seed).shuffle(keys)
    fold_of_group = {g: i % folds for i, g in enumerate(keys)}
    return {c: fold_of_group[g] for c, g in group.items()}


def cross_validate(
    rows: list[dict[str, Any]],
    relevant: dict[str, set[str]],
    folds: int,
    seed: int,
    l2: float,
    split: str = "group",
) -> dict[str, float]:
    fold_of = fold_assignment(relevant, folds, seed, split)
    probs = np.zeros(len(rows))
    x, y = matrix(rows)
    off = offsets(rows)
    fold_idx = np.array([fold_of.get(r["claim"], 0) for r in rows])
    for k in range(folds):
        train, test = fold_idx != k, fold_idx == k
        w = fit_logistic(x[train], y[train], l2=l2, offset=off[train])
        probs[test] = predict(x[test], w, off[test])
    return evaluate(rows, probs, relevant)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("candidates", type=Path)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument(
        "--split",
        choices=("group", "claim"),
        default="group",
        help="cross-validation folds by groups of claims sharing a reference (default) or by claim",
    )
    parser.add_argument(
        "--qrels-from",
        type=Path,
        help="labelled claims JSONL (counts claims whose reference was never retrieved)",
    )
    parser.add_argument(
        "--qrels",
        type=Path,
        help="with --qrels-from: judge relevance by this BEIR qrels TSV instead (rows relabelled)",
    )
    parser.add_argument(
        "--write", action="store_true", help="refit on all rows and save the weights"
    )
    return parser


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    rows = load_rows(args.candidates)
    semantic = bool(rows) and "semantic" in rows[0]["features"]
    if semantic:
        use_semantic(rows)
    qrels = None
    if args.qrels_from:
        from litcheck.evaluation.run import load_claims

        qrels = {lc.id: set(lc.relevant) for lc in load_claims(args.qrels_from, args.qrels)}
        for row in rows:  # the label follows the judgements in use
            row["label"] = row["doc"] in qrels.get(row["claim"], set())
    relevant = relevant_by_claim(rows, qrels)
    current = evaluate(rows, np.array([r["confidence"] for r in rows]), relevant)
    cv = cross_validate(rows, relevant, args.folds, args.seed, args.l2, args.split)
    cv["split"] = args.split
    print(json.dumps({"current_weights": current, f"cv{args.folds}_refit": cv}, indent=2))
    if args.write:
        x, y = matrix(rows)
        w = fit_logistic(x, y, l2=args.l2, offset=offsets(rows))
        doc = {
            "about": "Logistic weights for litcheck.sources.pubmed.score, fitted by bench/fit_scorer.py on "
            "SciFact training claims (candidates from `litcheck eval` over a local index of "
            "SciFact's corpus).",
            "rows": len(rows),
            "positives": int(y.sum()),
            "cv": {k: round(v, 4) if isinstance(v, float) else v for k, v in cv.items()},
            "fixed": {f: DEFAULT_WEIGHTS[f] for f in FIXED},
            "weights": {"bias": round(float(w[0]), 5)}
            | {f: round(float(v), 5) for f, v in zip(FITTED, w[1:], strict=True)}
            | {f: DEFAULT_WEIGHTS[f] for f in FIXED},
        }
        target = SEMANTIC_WEIGHTS_FILE if semantic else WEIGHTS_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
