"""Fit the live-path fusion (`litcheck/sources/pubmed/fusion.py`) on pools from the real path.

    python -m bench.livepath --out OUT [--claims ...]      # pools through the stand-ins
    python -m bench.fit_fusion OUT [OUT2 ...] [--write]

Rows are `OUT/candidates.jsonl` (every candidate of every claim with its `path_*` features and
whether it is one of the claim's references) and `OUT/claims.jsonl` (each claim's references,
so claims whose reference never reached the pool count as misses). A logistic regression over
the fusion features is cross-validated with folds that keep claims sharing a reference
together (as `bench/fit_scorer.py` does); for each held-out fold the pools are re-ranked by the
fitted probability. Reported: recall@1/3, nDCG@10, ECE of the top candidate, and the status
figures the README promises. `--write` refits on all rows and stores the weights in
`litcheck/data/fusion_weights.json`.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from bench.fit_scorer import fit_logistic, fold_assignment, predict
from litcheck.evaluation.metrics import expected_calibration_error, ndcg_at_k, recall_at_k
from litcheck.sources.pubmed.fusion import FEATURES, LEXICAL, WEIGHT_FILES, pool_gaps

WEIGHTS_FILE = Path(__file__).resolve().parent.parent / "litcheck" / "data" / "fusion_weights.json"


def load(outs: list[Path]) -> tuple[list[dict[str, Any]], dict[str, set[str]]]:
    rows: list[dict[str, Any]] = []
    relevant: dict[str, set[str]] = {}
    for n, out in enumerate(outs):
        # The same claim checked by two runs (with and without LitSense) is two pools; claims
        # that share a reference still share a fold (the groups come from the references).
        prefix = f"{n}:" if len(outs) > 1 else ""
        for line in (out / "candidates.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            row["claim"] = prefix + row["claim"]
            rows.append(row)
        for line in (out / "claims.jsonl").read_text(encoding="utf-8").splitlines():
            obj = json.loads(line)
            relevant[prefix + obj["claim"]] = set(obj["relevant"])
    _add_gaps(rows)
    return rows, relevant


ABSENT = "absent:"
"""Prefix of a pool copied without its reference (see `add_absent`)."""


def add_absent(
    rows: list[dict[str, Any]], relevant: dict[str, set[str]], share: float = 1.0, seed: int = 0
) -> tuple[list[dict[str, Any]], dict[str, set[str]]]:
    """Every pool again without its reference: what the path returns when the reference is not
    in the index, which happens to users (a claim about work PubMed lacks, a vague claim) but
    never in claim sets written from their references. Without them the fit learns that a pool's
    clear favourite is usually right; with them, that a favourite must also match the claim.

    The copy drops the reference rows, re-ranks `pool_rank` (the lexical order) among the rest
    and recomputes the margins; its claim has no relevant document. Every copy is evaluated;
    `share` of them (a seeded draw, `row["fit"]`) are also fitted on: how often users' claims
    lack a reference in the pool is a prior the fit takes from that share.
    """
    import random

    draw = random.Random(seed)
    pools: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        pools[row["claim"]].append(row)
    extra_rows: list[dict[str, Any]] = []
    extra_rel: dict[str, set[str]] = {}
    for claim, pool in pools.items():
        kept = [r for r in pool if not r["label"]]
        if len(kept) == len(pool) or not kept:
            continue
        fitted = draw.random() < share
        order = sorted(kept, key=lambda r: -float(r["features"].get("pool_rank", 0.0)))
        copies = []
        for rank, row in enumerate(order, start=1):
            feats = dict(row["features"])
            feats["pool_rank"] = round(1.0 / rank**0.5, 4)
            copies.append({**row, "claim": ABSENT + claim, "features": feats, "fit": fitted})
        extra_rows += copies
        extra_rel[ABSENT + claim] = set()
    _add_gaps(extra_rows)
    return rows + extra_rows, {**relevant, **extra_rel}


def _folds(relevant: dict[str, set[str]], folds: int, seed: int) -> dict[str, int]:
    """Folds by reference group; a pool without its reference goes with its original."""
    present = {c: r for c, r in relevant.items() if not c.startswith(ABSENT)}
    fold_of = fold_assignment(present, folds, seed)
    for claim in relevant:
        if claim.startswith(ABSENT):
            fold_of[claim] = fold_of.get(claim.removeprefix(ABSENT), 0)
    return fold_of


def _add_gaps(rows: list[dict[str, Any]]) -> None:
    """Recompute `path_gap`/`path_top` per pool as `fusion.fuse` does (pools older than them)."""
    pools: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        pools[row["claim"]].append(row)
    for pool in pools.values():
        gaps = pool_gaps([float(r["features"]["path_lexical_logit"]) for r in pool])
        for row, (gap, top) in zip(pool, gaps, strict=True):
            row["features"]["path_gap"], row["features"]["path_top"] = gap, top


def matrix(rows: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray]:
    x = np.array(
        [
            [float(r["features"].get(f"path_{f}", 0.0)) for f in FEATURES]
            + [float(r["features"].get(f, 0.0)) for f in LEXICAL]
            for r in rows
        ]
    )
    y = np.array([1.0 if r["label"] else 0.0 for r in rows])
    return np.hstack([np.ones((len(rows), 1)), x]), y


def evaluate(
    rows: list[dict[str, Any]], probs: np.ndarray, relevant: dict[str, set[str]]
) -> dict[str, float]:
    """Ranking, top-candidate calibration and status figures of `probs` over every claim."""
    pools: dict[str, list[tuple[float, str, bool]]] = defaultdict(list)
    missing: dict[tuple[str, str], bool] = {}
    for p, r in zip(probs, rows, strict=True):
        pools[r["claim"]].append((float(p), r["doc"], bool(r["label"])))
        missing[r["claim"], r["doc"]] = bool(r["features"].get("core_missing", 0.0))
    tops: list[float] = []
    right: list[bool] = []
    r1 = r3 = ndcg = 0.0
    status = {"matched": [0, 0], "weak": [0, 0], "no_match": [0, 0]}
    first_no_match = first = 0
    absent = absent_matched = 0
    for claim, rel in relevant.items():
        ranked = sorted(pools.get(claim, []), key=lambda t: -t[0])
        docs = [d for _, d, _ in ranked]
        if rel:
            r1 += recall_at_k(docs, rel, 1) > 0
            r3 += recall_at_k(docs, rel, 3) > 0
            ndcg += ndcg_at_k(docs, rel, 10)
        else:
            absent += 1
            absent_matched += _status(ranked, missing, claim) == "matched"
        top = ranked[0][0] if ranked else 0.0
        ok = bool(ranked and ranked[0][2])
        tops.append(top)
        right.append(ok)
        label = _status(ranked, missing, claim)
        status[label][0] += 1
        status[label][1] += ok if label == "matched" else any(x[2] for x in ranked[:3])
        first += ok
        first_no_match += ok and label == "no_match"
    n = max(len(relevant) - absent, 1)
    return {
        "claims": len(relevant) - absent,
        "absent": absent,
        "absent_matched": round(absent_matched / max(absent, 1), 3),
        "recall@1": round(r1 / n, 4),
        "recall@3": round(r3 / n, 4),
        "ndcg@10": round(ndcg / n, 4),
        "ece_top": round(expected_calibration_error(tops, right), 4),
        "matched": status["matched"][0],
        "matched_right": round(status["matched"][1] / max(status["matched"][0], 1), 3),
        "weak": status["weak"][0],
        "weak_top3_right": round(status["weak"][1] / max(status["weak"][0], 1), 3),
        "no_match": status["no_match"][0],
        "right_first_no_match": round(first_no_match / max(first, 1), 3),
    }


def _status(
    ranked: list[tuple[float, str, bool]], missing: dict[tuple[str, str], bool], claim: str
) -> str:
    """The checker's status rule (`litcheck.thresholds.status_of`) for a re-ranked pool."""
    from litcheck.thresholds import status_of

    top_names_all = not ranked or not missing.get((claim, ranked[0][1]), False)
    return status_of([p for p, _, _ in ranked], top_names_all=top_names_all).value


def _fit_mask(rows: list[dict[str, Any]]) -> np.ndarray:
    """Rows the fit learns from: every real pool, and the reference-less copies drawn to."""
    return np.array([bool(r.get("fit", True)) for r in rows])


def cross_validate(
    rows: list[dict[str, Any]], relevant: dict[str, set[str]], folds: int, seed: int, l2: float
) -> dict[str, float]:
    fold_of = _folds(relevant, folds, seed)
    x, y = matrix(rows)
    probs = np.zeros(len(rows))
    fold_idx = np.array([fold_of.get(r["claim"], 0) for r in rows])
    fit = _fit_mask(rows)
    for k in range(folds):
        train, test = (fold_idx != k) & fit, fold_idx == k
        w = fit_logistic(x[train], y[train], l2=l2)
        probs[test] = predict(x[test], w)
    return report(rows, probs, relevant)


def report(
    rows: list[dict[str, Any]], probs: np.ndarray, relevant: dict[str, set[str]]
) -> dict[str, float]:
    """`evaluate` over the claims that have a reference (the figures the README promises), plus
    the share of reference-less pools labelled `matched` (a wrong `matched` every time)."""
    present = {c: r for c, r in relevant.items() if r}
    out = evaluate(rows, probs, present)
    both = evaluate(rows, probs, relevant)
    out["absent"] = both["absent"]
    out["absent_matched"] = both["absent_matched"]
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outs", type=Path, nargs="+")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--write", action="store_true")
    parser.add_argument(
        "--absent-share",
        type=float,
        default=0.0,
        help="share of pools also fitted without their reference (the shipped fit uses 0; see "
        "add_absent). Evaluated always: how often a pool without its reference is `matched`",
    )
    parser.add_argument(
        "--path", choices=("live", "local"), default="live", help="which weight file to write"
    )
    args = parser.parse_args(argv)
    rows, relevant = load(args.outs)
    # Pools without their reference are always evaluated (`absent_matched`); they enter the fit
    # only with --absent-share, at that share.
    rows, relevant = add_absent(rows, relevant, args.absent_share)
    x, _ = matrix(rows)
    as_is = report(rows, np.array([r["confidence"] for r in rows]), relevant)
    print("as shipped:", json.dumps(as_is))
    runs = [cross_validate(rows, relevant, args.folds, s, args.l2) for s in range(args.seeds)]
    mean = {k: round(float(np.mean([r[k] for r in runs])), 4) for k in runs[0]}
    print(f"cv ({args.folds} folds by reference group, {args.seeds} draws):", json.dumps(mean))
    if args.write:
        _, y = matrix(rows)
        fit = _fit_mask(rows)
        w = fit_logistic(x[fit], y[fit], l2=args.l2)
        weights = {"bias": round(float(w[0]), 5)}
        names = (*FEATURES, *LEXICAL)
        weights.update({f: round(float(v), 5) for f, v in zip(names, w[1:], strict=True)})
        doc = {
            "about": f"Fusion weights ({args.path} path) for litcheck.sources.pubmed.fusion, "
            "fitted by bench/fit_fusion.py on pools of that path (live: bench/livepath.py "
            "through the stand-ins; local: litcheck eval --index).",
            "pools": [str(o) for o in args.outs],
            "rows": int(fit.sum()),
            "claims": sum(1 for c in relevant if not c.startswith(ABSENT)),
            "cv": mean,
            "weights": weights,
        }
        target = WEIGHTS_FILE.with_name(WEIGHT_FILES[args.path])
        target.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
