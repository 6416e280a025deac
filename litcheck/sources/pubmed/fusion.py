"""The live-path confidence: the lexical score fused with what the search path itself knows.

The lexical model (`score.py`) was fitted on SciFact claims ranked inside a local index, where a
pool holds 50+ records. On the path users run, the strongest signals come from the search
itself: LitSense found the record by meaning (its rank and score), or a specific rung of the
ladder (the claim's institution and organism) found it among very few hits. This second stage
is a logistic model over the lexical logit and those path features:

    confidence = sigmoid(bias + w_lexical * logit(lexical confidence) + sum(w_i * feature_i))

Weights in `litcheck/data/fusion_weights.json`, fitted by `bench/fit_fusion.py` on pools
produced by the path users run (the ladder and LitSense through the stand-ins); without the
file the identity (`w_lexical = 1`, others 0) leaves the lexical confidence as it is. Pure.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from functools import lru_cache

from msgspec.structs import replace

from litcheck import data
from litcheck.models import Candidate, Evidence, Hit
from litcheck.sources.base import PoolSignals

FEATURES = (
    "lexical_logit",
    "ls_found",
    "ls_rank",
    "ls_top",
    "ladder_found",
    "rung_narrow",
    "rung_depth",
    "both",
    "gap",
    "top",
)
"""Fusion inputs from the search path, shown in the candidate's `features` prefixed `path_`.

LitSense's own score is shown (`path_ls_score`) but not used: its scale is the service's and
shifts with its model, while its ranking is what it promises."""
LEXICAL = (
    "title_overlap",
    "text_overlap",
    "best_sentence",
    "phrase_overlap",
    "facet_coverage",
    "rare_overlap",
    "rare_title",
    "intervention",
    "condition",
    "core_missing",
    "organism",
    "numbers",
    "year",
    "best_sentence_z",
    "pool_rank",
    "rank",
)
"""The lexical scorer's own features, refitted here for the live path's small pools and
article prose (their SciFact weights stay inside `lexical_logit`)."""
IDENTITY = {"bias": 0.0, "lexical_logit": 1.0}
EVIDENCE_SOURCE = "litsense"
"""The source whose best sentence may stand as the candidate's evidence."""


WEIGHT_FILES = {"live": "fusion_weights.json", "local": "fusion_weights_local.json"}
"""Per path: the live path (PubMed's ladder and LitSense) and local indexes' pools differ in
size and in what found them, so each has its own fitted weights."""


@lru_cache(maxsize=2)
def load_weights(path: str = "live") -> dict[str, float]:
    """Fitted fusion weights of `path` ("live" or "local") from the package data, else the
    identity (the lexical confidence as it is)."""
    try:
        raw = data.read_text(WEIGHT_FILES[path])
        fitted = json.loads(raw)["weights"]
        return {k: float(v) for k, v in fitted.items()}
    except (FileNotFoundError, ModuleNotFoundError, KeyError, ValueError, TypeError):
        return dict(IDENTITY)


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def path_features(cand: Candidate, signals: PoolSignals) -> dict[str, float]:
    """The fusion inputs of one candidate (see `FEATURES`)."""
    rid = cand.record.id
    hit = _hit(signals.hits, rid)
    found = signals.found.get(rid)
    feats = {"lexical_logit": _logit(cand.confidence)}
    feats["ls_found"] = 1.0 if hit else 0.0
    feats["ls_rank"] = 1.0 / math.sqrt(hit.rank) if hit else 0.0
    feats["ls_score"] = max(0.0, min(1.0, hit.score)) if hit else 0.0
    feats["ls_top"] = 1.0 if hit and hit.rank == 1 else 0.0
    feats["ladder_found"] = 1.0 if found else 0.0
    feats["rung_narrow"] = 1.0 / (1.0 + math.log2(max(found[1], 1))) if found else 0.0
    feats["rung_depth"] = 1.0 / (1.0 + found[0]) if found else 0.0
    feats["both"] = feats["ls_found"] * feats["ladder_found"]
    return feats


GAP_LIMIT = 5.0


def pool_gaps(logits: Sequence[float]) -> list[tuple[float, float]]:
    """Per candidate: (its lexical logit minus the best other's, clamped to +-5; 1.0 if it is
    the pool's best else 0.0). A top candidate far ahead of the next is surer than one of two
    close ones; a pool of one is as far ahead as can be."""
    if not logits:
        return []
    best = max(logits)
    ranked = sorted(logits, reverse=True)
    out = []
    for value in logits:
        if len(logits) == 1:
            out.append((GAP_LIMIT, 1.0))
            continue
        other = ranked[1] if value == best else best
        gap = max(-GAP_LIMIT, min(GAP_LIMIT, value - other))
        out.append((gap, 1.0 if value == best else 0.0))
    return out


def _hit(hits: Mapping[str, Mapping[str, Hit]], rid: str) -> Hit | None:
    for by_record in hits.values():
        hit = by_record.get(rid)
        if hit is not None:
            return hit
    return None


def fuse(
    candidates: Sequence[Candidate], signals: PoolSignals, *, path: str = "live"
) -> list[Candidate]:
    """`candidates` with the confidence fitted for `path`, path reasons and evidence; best
    first."""
    weights = load_weights(path)
    gaps = pool_gaps([_logit(c.confidence) for c in candidates])
    out = []
    for cand, (gap, top) in zip(candidates, gaps, strict=True):
        feats = path_features(cand, signals)
        feats["gap"], feats["top"] = gap, top
        z = weights.get("bias", 0.0) + sum(weights.get(k, 0.0) * v for k, v in feats.items())
        z += sum(weights.get(k, 0.0) * cand.features.get(k, 0.0) for k in LEXICAL)
        fused = cand.confidence if weights == IDENTITY else 1.0 / (1.0 + math.exp(-z))
        out.append(_explained(cand, feats, fused, signals))
    out.sort(key=lambda c: (-c.confidence, c.source_rank or 0))
    return out


def _explained(
    cand: Candidate, feats: Mapping[str, float], confidence: float, signals: PoolSignals
) -> Candidate:
    """The candidate with its fused confidence, the path's reasons, and LitSense's evidence."""
    rid = cand.record.id
    reasons = list(cand.reasons)
    evidence = cand.evidence
    hit = signals.hits.get(EVIDENCE_SOURCE, {}).get(rid)
    if hit is not None:
        reasons.insert(0, f"LitSense ranks its sentence #{hit.rank} by meaning")
        if hit.text and (evidence is None or cand.features.get("best_sentence", 0.0) < 0.5):
            evidence = Evidence(field=hit.section or "abstract", text=hit.text)
    found = signals.found.get(rid)
    if found is not None and found[1] <= 3:
        share = "the only record" if found[1] == 1 else f"one of {found[1]} records"
        reasons.insert(0, f"{share} of a specific search (rung {found[0]})")
    merged = {**cand.features, **{f"path_{k}": round(v, 4) for k, v in feats.items()}}
    return replace(
        cand,
        confidence=round(confidence, 4),
        reasons=tuple(dict.fromkeys(reasons)),
        evidence=evidence,
        features=merged,
    )
