"""Scoring PubMed candidates: features -> calibrated confidence, reasons, evidence and flags.

Pure: no I/O, no clock (the reference date is passed in). Every number that goes into the
confidence is kept in `Candidate.features`, so `--format json` shows how a score came about.

`score` builds the features in named steps (lexical overlap, the claim's named things, year,
ranks, figures, meaning), then the confidence. What it reads in a record is
`litcheck.sources.pubmed.evidence`; the flags are `litcheck.sources.pubmed.flags`.

The confidence is a logistic model over the features. Its weights live in
`litcheck/data/scorer_weights.json`, fitted on SciFact's training claims by `bench/fit_scorer.py`
(issue 6); `DEFAULT_WEIGHTS` are the hand-set starting point used when that file is absent.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from functools import lru_cache

from msgspec import Struct

from litcheck import data
from litcheck.claims.text import content_stems
from litcheck.models import Candidate, Claim, Evidence, Record
from litcheck.sources.pubmed.evidence import (
    Doc,
    analysis,
    background_idf,
    best_sentence,
    claim_analysis,
    claim_numbers,
    phrase_overlap,
    pool_idf,
    rarest,
    term_feature,
    weighted_overlap,
)
from litcheck.sources.pubmed.flags import record_flags

__all__ = [
    "DEFAULT_WEIGHTS",
    "FEATURES",
    "SEMANTIC_FEATURE",
    "SEMANTIC_FEATURES",
    "ScoringContext",
    "background_idf",
    "best_sentence",
    "load_weights",
    "pool_features",
    "pool_idf",
    "record_flags",
    "score",
    "score_pool",
]

FEATURES = (
    "title_overlap",
    "text_overlap",
    "best_sentence",
    "phrase_overlap",
    "facet_coverage",
    "intervention",
    "organism",
    "institution",
    "year",
    "rank",
    "pool_rank",
    "no_abstract",
    "rare_overlap",
    "rare_title",
    "numbers",
    "rank_log",
    "best_sentence_z",
)

DEFAULT_WEIGHTS: dict[str, float] = {
    "bias": -4.2,
    "title_overlap": 2.2,
    "text_overlap": 2.0,
    "best_sentence": 2.4,
    "phrase_overlap": 1.2,
    "facet_coverage": 1.6,
    "intervention": 1.2,
    "organism": 0.6,
    "institution": 0.9,
    "year": 0.4,
    "rank": 1.0,
    "pool_rank": 0.6,
    "no_abstract": -0.4,
    "rare_overlap": 0.0,
    "rare_title": 0.0,
    "numbers": 0.0,
    "rank_log": 0.0,
    "best_sentence_z": 0.0,
}


class ScoringContext(Struct, frozen=True):
    """What the scorer knows beyond claim and record: where the record ranked, the pool, today."""

    source_rank: int = 1
    """1-based position in the source's ranking (best rung that found it)."""
    pool_rank: int = 1
    """1-based position by lexical score within this claim's pool of candidates."""
    pool_size: int = 1
    current_year: int = 2026
    weights: Mapping[str, float] | None = None
    idf: Mapping[str, float] | None = None
    """Per-stem weights for this claim's pool (see `pool_idf`); None weights all stems 1."""
    semantic: float | None = None
    """Claim-record embedding similarity when `--semantic` is on (litcheck.semantic)."""
    pool_features: Mapping[str, float] | None = None
    """Features that compare the record with the rest of its pool (`score_pool` computes them):
    best_sentence_z, the z-score of its best sentence's overlap. None (a record alone): 0."""
    best: tuple[Evidence | None, float] | None = None
    """`best_sentence` of this record under `idf`, when `score_pool` already computed it."""
    semantic_pool: tuple[float, float, float] | None = None
    """(max, mean, standard deviation) of `semantic` over the claim's pool; None: this record
    alone. How a record's similarity compares with its rivals' says more than its raw value:
    MiniLM cosines of unrelated biomedical texts already sit around 0.3-0.5."""


SEMANTIC_FEATURE = "semantic"
"""Optional feature (`--semantic`): sentence-embedding similarity of claim and record."""
SEMANTIC_FEATURES = (SEMANTIC_FEATURE, "semantic_gap", "semantic_z")
"""All features present with `--semantic`: the similarity, its distance below the pool's best,
and its z-score within the pool (bench/fit_scorer.py fits them; +1.2 nDCG@10 points over the
similarity alone on SciFact train, 5-fold CV by reference group)."""


@lru_cache(maxsize=2)
def load_weights(semantic: bool = False) -> dict[str, float]:
    """Fitted weights from the package's data file, else `DEFAULT_WEIGHTS`.

    With `semantic`, the weights fitted with the semantic feature (scorer_weights_semantic.json).
    """
    name = "scorer_weights_semantic.json" if semantic else "scorer_weights.json"
    try:
        raw = data.read_text(name)
        fitted = json.loads(raw)["weights"]
        return {**DEFAULT_WEIGHTS, **{k: float(v) for k, v in fitted.items()}}
    except (FileNotFoundError, ModuleNotFoundError, KeyError, ValueError, TypeError):
        return dict(DEFAULT_WEIGHTS)


def _lexical(
    claim: Claim, record: Record, ctx: ScoringContext, doc: Doc, feats: dict[str, float]
) -> Evidence | None:
    """title_overlap, text_overlap, best_sentence, phrase_overlap; returns the best sentence."""
    stems, claim_bigrams = claim_analysis(claim.query_text)
    idf = ctx.idf or {}
    unique = list(dict.fromkeys(stems))
    feats["title_overlap"] = weighted_overlap(unique, doc.title_stems, idf)
    feats["text_overlap"] = weighted_overlap(unique, doc.stems, idf)
    evidence, feats["best_sentence"] = ctx.best or best_sentence(stems, record, idf)
    feats["phrase_overlap"] = phrase_overlap(claim_bigrams, doc)
    return evidence


def _named_things(
    claim: Claim, record: Record, feats: dict[str, float], reasons: list[str]
) -> None:
    """facet_coverage, intervention, organism, institution, condition, core_missing: are the
    claim's named things there?

    A kind the claim does not name scores 0.5; coverage falls back to the text overlap.
    """
    f = claim.facets
    drug = term_feature(f.interventions, record, reasons)
    cond = term_feature(f.conditions, record, reasons)
    org = term_feature([t for t in f.organisms if t.canonical != "human"], record, reasons)
    inst = term_feature(f.institutions, record, reasons)
    present = [v for v in (drug, cond, org, inst) if v is not None]
    feats["facet_coverage"] = sum(present) / len(present) if present else feats["text_overlap"]
    feats["intervention"] = drug if drug is not None else 0.5
    feats["organism"] = org if org is not None else 0.5
    feats["institution"] = inst if inst is not None else 0.5
    # Not in the lexical model (its weights were fitted without them); the live-path fusion
    # uses them: a record with the claim's drug but not its condition ("Ketamine treats
    # depression" -> "Is atropine needed with ketamine sedation?") is not the claim's reference.
    feats["condition"] = cond if cond is not None else 0.5
    feats["core_missing"] = 1.0 if any(v is not None and v < 0.5 for v in (drug, cond)) else 0.0


def _year(
    claim: Claim,
    record: Record,
    flags: Mapping[str, str],
    feats: dict[str, float],
    reasons: list[str],
) -> None:
    """year: 1 when the claim dates it and the record agrees, 0 on a mismatch, 0.5 undated."""
    f = claim.facets
    if f.years or f.recency:
        feats["year"] = 0.0 if "year-mismatch" in flags else 1.0
        if "year-mismatch" not in flags and f.years and record.year is not None:
            reasons.append(f"published {record.year}, as the claim says")
    else:
        feats["year"] = 0.5


def _ranks(
    claim: Claim, record: Record, ctx: ScoringContext, doc: Doc, feats: dict[str, float]
) -> None:
    """rank, pool_rank, no_abstract, rare_overlap, rare_title."""
    feats["rank"] = 1.0 / math.sqrt(max(ctx.source_rank, 1))
    feats["pool_rank"] = 1.0 / math.sqrt(max(ctx.pool_rank, 1))
    feats["no_abstract"] = 0.0 if record.abstract else 1.0
    rare = rarest(list(dict.fromkeys(claim_analysis(claim.query_text)[0])))
    feats["rare_overlap"] = sum(1 for r in rare if r in doc.stems) / len(rare) if rare else 0.0
    feats["rare_title"] = sum(1 for r in rare if r in doc.title_stems) / len(rare) if rare else 0.0


def _figures(claim: Claim, doc: Doc, feats: dict[str, float], reasons: list[str]) -> None:
    """numbers: share of the claim's figures the record gives (0.5 when it states none)."""
    numbers = claim_numbers(claim.text)
    if numbers:
        found = [n for n in numbers if n in doc.numbers]
        feats["numbers"] = len(found) / len(numbers)
        if found:
            reasons.append(
                f"the abstract gives the claim's figure{'s' if len(found) > 1 else ''} {', '.join(found)}"
            )
    else:
        feats["numbers"] = 0.5


def _meaning(ctx: ScoringContext, feats: dict[str, float], reasons: list[str]) -> None:
    """semantic, semantic_gap, semantic_z (only with `--semantic`)."""
    if ctx.semantic is None:
        return
    feats[SEMANTIC_FEATURE] = max(0.0, min(1.0, ctx.semantic))
    top, mean, spread = ctx.semantic_pool or (ctx.semantic, ctx.semantic, 0.0)
    feats["semantic_gap"] = max(-1.0, min(0.0, ctx.semantic - top))
    feats["semantic_z"] = _z(ctx.semantic, mean, spread)
    if ctx.semantic >= 0.6:
        reasons.append(f"close in meaning to the claim (embedding similarity {ctx.semantic:.2f})")
    elif ctx.semantic_pool and ctx.pool_size > 1 and feats["semantic_gap"] >= 0.0:
        reasons.append(f"closest in meaning to the claim of {ctx.pool_size} candidates")


def _summary(
    evidence: Evidence | None, ctx: ScoringContext, feats: Mapping[str, float], reasons: list[str]
) -> None:
    """The overlap reasons (title first) and the source rank, around the step reasons."""
    if feats["title_overlap"] >= 0.5:
        reasons.insert(
            0, f"title shares {feats['title_overlap']:.0%} of the claim's weighted words"
        )
    if evidence is not None and evidence.field != "title" and feats["best_sentence"] >= 0.3:
        reasons.append(
            f"an abstract sentence shares {feats['best_sentence']:.0%} of the claim's words"
        )
    reasons.append(f"#{ctx.source_rank} in the source's ranking")


def confidence(weights: Mapping[str, float], feats: Mapping[str, float]) -> float:
    """The logistic model: sigmoid(bias + sum of weight * feature), features in order."""
    z = weights.get("bias", 0.0) + sum(weights.get(k, 0.0) * v for k, v in feats.items())
    return 1.0 / (1.0 + math.exp(-z))


def score(claim: Claim, record: Record, ctx: ScoringContext = ScoringContext()) -> Candidate:
    """Score one PubMed record against one claim. Pure and deterministic.

    The features (`FEATURES`, then the pool's and the semantic ones) keep their order, which
    is the order they are summed in and shown in.
    """
    weights = ctx.weights or load_weights(ctx.semantic is not None)
    doc = analysis(record)
    reasons: list[str] = []
    feats: dict[str, float] = {}
    evidence = _lexical(claim, record, ctx, doc, feats)
    _named_things(claim, record, feats, reasons)
    flags = record_flags(claim, record, ctx.current_year)
    _year(claim, record, flags, feats, reasons)
    _ranks(claim, record, ctx, doc, feats)
    _figures(claim, doc, feats, reasons)
    feats["rank_log"] = max(0.0, 1.0 - math.log(max(ctx.source_rank, 1)) / math.log(50))
    feats.update(ctx.pool_features or _ALONE)
    _meaning(ctx, feats, reasons)
    _summary(evidence, ctx, feats, reasons)
    return Candidate(
        record=record,
        confidence=round(confidence(weights, feats), 4),
        reasons=tuple(dict.fromkeys(reasons)),
        flags=tuple(flags),
        flag_reasons=flags,
        evidence=evidence,
        features={k: round(v, 4) for k, v in feats.items()},
        source_rank=ctx.source_rank,
    )


_ALONE = {"best_sentence_z": 0.0}


def _z(value: float, mean: float, spread: float) -> float:
    """`value`'s z-score, bounded to [-4, 4] (a pool of equal values gives 0)."""
    return max(-4.0, min(4.0, (value - mean) / (spread + 1e-6)))


def _pool_stats(values: Sequence[float]) -> tuple[float, float, float] | None:
    """(max, mean, population standard deviation) of `values`; None when empty."""
    if not values:
        return None
    mean = sum(values) / len(values)
    spread = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
    return max(values), mean, spread


def pool_features(
    claim: Claim,
    records: Sequence[Record],
    *,
    idf: Mapping[str, float] | None = None,
    bests: Mapping[str, tuple[Evidence | None, float]] | None = None,
) -> dict[str, dict[str, float]]:
    """Record id -> the features comparing it with the rest of the pool (see ScoringContext).

    `idf` (the pool's, from `pool_idf`) and `bests` (record id -> `best_sentence`) are computed
    here unless the caller already has them.

    A record's standing among its rivals says more than an absolute overlap, whose scale varies
    with the claim's length and wording. On SciFact train (5-fold CV by reference group, three
    seeds) best_sentence_z adds about +0.5 nDCG@10 points. Also tried there and left out: BM25
    of the whole record and of its best two-sentence window (as shares of the pool's best) and
    the title overlap's z-score, which raised AUROC by ~0.015 but not the ranking (bench/README).
    """
    if not records:
        return {}
    if bests is None:
        stems, _ = claim_analysis(claim.query_text)
        weights = idf if idf is not None else pool_idf(stems, records)
        bests = {r.id: best_sentence(stems, r, weights) for r in records}
    values = [bests[r.id][1] for r in records]
    _, mean, spread = _pool_stats(values) or (0.0, 0.0, 0.0)
    return {
        r.id: {"best_sentence_z": _z(v, mean, spread)} for r, v in zip(records, values, strict=True)
    }


def score_pool(
    claim: Claim,
    records: Sequence[Record],
    source_ranks: Mapping[str, int],
    *,
    current_year: int,
    weights: Mapping[str, float] | None = None,
    semantic: Mapping[str, float] | None = None,
) -> list[Candidate]:
    """Score every record of one claim's pool, with pool-level IDF and pool rank. Pure."""
    stems = content_stems(claim.query_text)
    idf = pool_idf(stems, records)
    unique = list(dict.fromkeys(stems))
    lexical = sorted(
        records,
        key=lambda r: (
            -weighted_overlap(unique, analysis(r).stems, idf)
            - 0.5 * weighted_overlap(unique, analysis(r).title_stems, idf)
        ),
    )
    pool_rank = {r.id: i + 1 for i, r in enumerate(lexical)}
    sem_pool = (
        _pool_stats([semantic[r.id] for r in records if r.id in semantic]) if semantic else None
    )
    bests = {r.id: best_sentence(stems, r, idf) for r in records}
    compared = pool_features(claim, records, bests=bests)
    out = [
        score(
            claim,
            rec,
            ScoringContext(
                source_rank=source_ranks.get(rec.id, len(records)),
                pool_rank=pool_rank[rec.id],
                pool_size=len(records),
                current_year=current_year,
                weights=weights,
                idf=idf,
                semantic=semantic.get(rec.id) if semantic is not None else None,
                semantic_pool=sem_pool,
                pool_features=compared.get(rec.id),
                best=bests[rec.id],
            ),
        )
        for rec in records
    ]
    out.sort(key=lambda c: (-c.confidence, c.source_rank or 0))
    return out
