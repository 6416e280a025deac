"""Run labelled claims (SciFact's format) through the full pipeline and measure the result.

Input: claims JSONL with `id`, `claim`, and `cited_doc_ids` and/or `evidence` (SciFact), or a
BEIR qrels TSV; a source (normally a local index built from the same corpus). Output: ranking
metrics, calibration metrics over the top-k candidates, and one row per candidate with its
features and label, which `bench/fit_scorer.py` uses to refit the confidence.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field

from litcheck.check.checker import Checker
from litcheck.errors import InputError
from litcheck.evaluation.metrics import (
    RankingReport,
    auroc,
    expected_calibration_error,
    ranking_report,
    reliability_bins,
)
from litcheck.models import Claim, ClaimResult
from litcheck.sources.base import Source

if TYPE_CHECKING:
    from litcheck.semantic import Encoder


class LabelledClaim(Struct, frozen=True):
    id: str
    text: str
    relevant: frozenset[str]
    """Native ids (PMIDs / corpus doc ids) of the claim's reference documents."""
    context: str | None = None
    """What the claim's article said it is about ("Metformin, a common diabetes drug")."""


class EvalRun(Struct):
    """What the pipeline returned for each labelled claim."""

    ranked: dict[str, list[str]] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)
    """One per candidate: claim, doc, rank, confidence, label, features."""
    statuses: dict[str, str] = field(default_factory=dict)
    """Labelled claim id -> the status litcheck gave it."""


def load_claims(path: Path, qrels: Path | None = None) -> list[LabelledClaim]:
    """SciFact-style claims; relevance from `qrels` (BEIR TSV) when given, else from the file.

    Claims without any relevant document are left out (nothing to measure).
    """
    judged: dict[str, set[str]] = {}
    if qrels is not None:
        with qrels.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                if float(row.get("score") or 0) > 0:
                    judged.setdefault(row["query-id"], set()).add(row["corpus-id"])
    out: list[LabelledClaim] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read labelled claims {path}: {exc}") from None
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            cid, text = str(obj["id"]), str(obj["claim"])
        except (ValueError, KeyError, TypeError):
            raise InputError(
                f"{path}:{lineno} is not a labelled claim",
                tip="each line needs id, claim and cited_doc_ids or evidence (SciFact format)",
            ) from None
        if qrels is not None:
            relevant = judged.get(cid, set())
        else:
            relevant = {str(d) for d in (obj.get("evidence") or {})} or {
                str(d) for d in obj.get("cited_doc_ids") or ()
            }
        if relevant:
            context = obj.get("context")
            out.append(LabelledClaim(cid, text, frozenset(relevant), context or None))
    return out


def run_eval(
    claims: Sequence[LabelledClaim],
    sources: Sequence[Source],
    *,
    make_claim: Callable[[LabelledClaim], Claim],
    limit: int = 10,
    keep: int = 50,
    on_result: Callable[[ClaimResult], None] | None = None,
    semantic: Encoder | None = None,
) -> EvalRun:
    """Check every claim against `sources` and collect rankings, statuses and candidate rows.

    The ladder stops at `limit` candidates as in production; every scored candidate of the pool
    (up to `keep`) is kept so that a refitted confidence can re-rank it.

    Labelled claims with the same text (so the same claim id) are checked once and scored for each.
    """
    checker = Checker(sources, limit=limit, keep=keep, workers=1, semantic=semantic)
    run = EvalRun()
    labelled: dict[str, list[LabelledClaim]] = {}
    prepared: list[Claim] = []
    for lc in claims:
        claim = make_claim(lc)
        if claim.id not in labelled:
            prepared.append(claim)
        labelled.setdefault(claim.id, []).append(lc)
    for result in checker.check(prepared, chunk_size=64):
        ranked = [c.record.native_id for c in result.candidates]
        for lc in labelled[result.claim.id]:
            run.ranked[lc.id] = ranked
            run.statuses[lc.id] = result.status.value
            for rank, cand in enumerate(result.candidates, start=1):
                run.rows.append(
                    {
                        "claim": lc.id,
                        "doc": cand.record.native_id,
                        "rank": rank,
                        "confidence": cand.confidence,
                        "label": cand.record.native_id in lc.relevant,
                        "features": dict(cand.features),
                    }
                )
        if on_result is not None:
            on_result(result)
    return run


class EvalReport(Struct, frozen=True):
    ranking: RankingReport
    ece: float
    auroc: float
    candidates: int
    bins: list[dict[str, float]]
    statuses: dict[str, Any] = field(default_factory=dict)
    """What each status promised and how often it held (see `status_report`)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "claims": self.ranking.claims,
            "recall": {f"@{k}": round(v, 4) for k, v in self.ranking.recall.items()},
            "mrr@10": round(self.ranking.mrr10, 4),
            "ndcg@10": round(self.ranking.ndcg10, 4),
            "calibration": {
                "candidates": self.candidates,
                "ece10": round(self.ece, 4),
                "auroc": round(self.auroc, 4),
                "bins": self.bins,
            },
            "statuses": self.statuses,
        }


def summarise(run: EvalRun, claims: Sequence[LabelledClaim], *, top: int = 10) -> EvalReport:
    """Ranking metrics for `run`, calibration over each claim's `top` candidates."""
    qrels: Mapping[str, set[str]] = {lc.id: set(lc.relevant) for lc in claims}
    ranking = ranking_report(run.ranked, qrels)
    rows = [r for r in run.rows if int(r["rank"]) <= top]
    conf = [float(r["confidence"]) for r in rows]
    labels = [bool(r["label"]) for r in rows]
    bins = [
        {
            "lower": b.lower,
            "upper": b.upper,
            "count": b.count,
            "confidence": round(b.mean_confidence, 4),
            "accuracy": round(b.accuracy, 4),
        }
        for b in reliability_bins(conf, labels)
    ]
    return EvalReport(
        ranking,
        expected_calibration_error(conf, labels),
        auroc(conf, labels),
        len(conf),
        bins,
        status_report(run, qrels),
    )


def status_report(run: EvalRun, qrels: Mapping[str, set[str]]) -> dict[str, Any]:
    """How often each status is right, and the calibration of the top candidate.

    `matched` promises its top candidate is a right reference (precision: the share where it
    is); `weak` that one is likely among the top three; `no_match` neither. Also: ECE of each
    claim's top confidence against whether the top is right, and the share of claims whose
    right reference is ranked first that were labelled `no_match`.
    """
    tops: dict[str, float] = {}
    for row in run.rows:
        if int(row["rank"]) == 1:
            tops[str(row["claim"])] = float(row["confidence"])
    per: dict[str, list[int]] = {}
    conf: list[float] = []
    right: list[bool] = []
    first = first_no_match = 0
    for cid, rel in qrels.items():
        ranked = run.ranked.get(cid, [])
        ok1 = bool(ranked) and ranked[0] in rel
        ok3 = bool(set(ranked[:3]) & rel)
        status = run.statuses.get(cid, "no_match")
        counts = per.setdefault(status, [0, 0, 0])
        counts[0] += 1
        counts[1] += ok1
        counts[2] += ok3
        conf.append(tops.get(cid, 0.0))
        right.append(ok1)
        first += ok1
        first_no_match += ok1 and status == "no_match"
    return {
        "by_status": {
            s: {
                "claims": c[0],
                "top1_right": round(c[1] / c[0], 4),
                "top3_right": round(c[2] / c[0], 4),
            }
            for s, c in sorted(per.items())
        },
        "ece_top": round(expected_calibration_error(conf, right), 4),
        "right_first_labelled_no_match": round(first_no_match / first, 4) if first else 0.0,
    }


def plot_reliability(report: EvalReport, path: Path, *, title: str = "litcheck confidence") -> None:
    """Save a reliability diagram (PNG). Needs matplotlib (`pip install litcheck[eval]`)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise InputError(
            "the reliability plot needs matplotlib", tip="pip install 'litcheck[eval]'"
        ) from None
    fig, ax = plt.subplots(figsize=(5, 5), dpi=100)
    mids = [(b["lower"] + b["upper"]) / 2 for b in report.bins]
    accs = [b["accuracy"] if b["count"] else 0.0 for b in report.bins]
    ax.bar(mids, accs, width=0.09, color="#4c72b0", edgecolor="black", label="share correct")
    ax.plot([0, 1], [0, 1], "--", color="gray", label="perfect calibration")
    for m, b in zip(mids, report.bins, strict=True):
        if b["count"]:
            ax.annotate(str(int(b["count"])), (m, 0.01), ha="center", fontsize=7, color="white")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("confidence")
    ax.set_ylabel("share of candidates that are the reference")
    ax.set_title(f"{title}\nECE {report.ece:.3f} · AUROC {report.auroc:.3f}")
    ax.legend(loc="upper left")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
