"""bench/fit_scorer.py: the logistic fit and cross-validation folds by reference group."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from bench import fit_scorer

ROOT = Path(__file__).resolve().parents[2]


def test_claims_sharing_a_reference_share_a_fold() -> None:
    relevant = {
        "1": {"d1"},
        "2": {"d1", "d2"},  # sibling of 1 through d1
        "3": {"d2"},  # sibling of 2 through d2, so of 1 too
        "4": {"d4"},
        "5": {"d5"},
        "6": {"d6"},
    }
    groups = fit_scorer.claim_groups(relevant)
    assert groups["1"] == groups["2"] == groups["3"] == "1"  # named by the smallest claim id
    assert len({groups[c] for c in ("4", "5", "6")}) == 3
    folds = fit_scorer.fold_assignment(relevant, folds=3, seed=13)
    assert folds["1"] == folds["2"] == folds["3"]
    by_claim = fit_scorer.fold_assignment(relevant, folds=3, seed=13, split="claim")
    assert set(by_claim) == set(relevant)


def test_fold_assignment_does_not_depend_on_the_hash_seed() -> None:
    code = (
        "from bench import fit_scorer as f;"
        "r={str(i): {f'd{i%7}', f'e{i%5}x{i%3}'} for i in range(60)};"
        "print(sorted(f.fold_assignment(r, 5, 13).items()))"
    )
    outs = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outs) == 1


def test_logistic_fit_recovers_known_weights() -> None:
    rng = np.random.default_rng(0)
    x = np.hstack([np.ones((4000, 1)), rng.normal(size=(4000, 2))])
    true = np.array([-1.0, 2.0, -0.5])
    y = (rng.random(4000) < 1 / (1 + np.exp(-(x @ true)))).astype(float)
    w = fit_scorer.fit_logistic(x, y, l2=0.0)
    assert np.allclose(w, true, atol=0.15)
