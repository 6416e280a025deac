"""bench/fit_fusion.py and bench/livepath.py's scoring, on small made-up pools."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np

from bench import fit_fusion
from bench.livepath import LabelledClaim, score
from litcheck.models import Candidate, Claim, ClaimResult, Status
from litcheck.sources.pubmed.fusion import FEATURES, LEXICAL
from tests.factories import record


def _pools(folder: Path, claims: int = 40, seed: int = 3) -> Path:
    """Pools where LitSense's #1 is the reference 70% of the time, else a lexical favourite."""
    rng = random.Random(seed)
    folder.mkdir()
    with (folder / "candidates.jsonl").open("w") as rows, (folder / "claims.jsonl").open("w") as cl:
        for n in range(claims):
            right = rng.random() < 0.7
            for k in range(5):
                label = (k == 0) == right if k < 2 else False
                feats = {f"path_{f}": 0.0 for f in FEATURES} | dict.fromkeys(LEXICAL, 0.3)
                feats["path_lexical_logit"] = -1.0 + (0.5 if k == 1 else 0.0)
                feats["path_ls_found"] = feats["path_ls_top"] = 1.0 if k == 0 else 0.0
                feats["path_ls_rank"] = 1.0 if k == 0 else 0.0
                row = {"claim": f"c{n}", "doc": f"d{n}-{k}", "rank": k + 1}
                row |= {"confidence": 0.2, "label": label, "features": feats}
                rows.write(json.dumps(row) + "\n")
            ref = f"d{n}-0" if right else f"d{n}-1"
            cl.write(json.dumps({"claim": f"c{n}", "relevant": [ref]}) + "\n")
    return folder


def test_cross_validation_learns_what_the_pools_say(tmp_path):
    rows, relevant = fit_fusion.load([_pools(tmp_path / "a")])
    assert {"path_gap", "path_top"} <= set(rows[0]["features"])  # recomputed per pool
    as_is = fit_fusion.evaluate(rows, np.array([r["confidence"] for r in rows]), relevant)
    cv = fit_fusion.cross_validate(rows, relevant, folds=4, seed=0, l2=1.0)
    assert as_is["claims"] == cv["claims"] == 40
    assert cv["recall@1"] > 0.6  # LitSense's #1 learnt as the better bet
    assert cv["matched"] + cv["weak"] + cv["no_match"] == 40


def test_two_runs_of_the_same_claims_stay_two_pools(tmp_path):
    rows, relevant = fit_fusion.load([_pools(tmp_path / "a"), _pools(tmp_path / "b", seed=4)])
    assert len(relevant) == 80 and {r["claim"].split(":")[0] for r in rows} == {"0", "1"}


def test_livepath_score_counts_statuses_and_recall():
    claims = [
        LabelledClaim("a", "x", None, frozenset({"1"}), "1"),
        LabelledClaim("b", "y", None, frozenset({"9"}), "9"),
    ]

    def result(text: str, pmids: list[str], status: Status) -> ClaimResult:
        cands = tuple(
            Candidate(record(p, f"t{p}", "s."), 0.7 - i / 10) for i, p in enumerate(pmids)
        )
        return ClaimResult(Claim.from_text(text), status, cands)

    report = score(
        claims, [result("x", ["1", "2"], Status.MATCHED), result("y", ["3"], Status.NO_MATCH)]
    )
    assert report["recall@1"] == 0.5 and report["recall@3"] == 0.5
    assert report["by_status"]["matched"]["top1_right"] == 1.0
    assert report["right_first_labelled_no_match"] == 0.0


def test_pools_without_their_reference_are_evaluated_and_fitted_only_at_their_share(tmp_path):
    rows, relevant = fit_fusion.load([_pools(tmp_path / "a")])
    all_rows, all_rel = fit_fusion.add_absent(rows, relevant, share=0.0)
    absent = [r for r in all_rows if r["claim"].startswith(fit_fusion.ABSENT)]
    assert absent and not any(r["label"] for r in absent) and not any(r["fit"] for r in absent)
    assert sum(1 for c, rel in all_rel.items() if not rel) == 40
    ranks = sorted(r["features"]["pool_rank"] for r in absent if r["claim"] == "absent:c0")
    assert ranks[-1] == 1.0  # re-ranked among what is left
    report = fit_fusion.cross_validate(all_rows, all_rel, folds=4, seed=0, l2=1.0)
    assert report["claims"] == 40 and report["absent"] == 40 and 0 <= report["absent_matched"] <= 1
