"""Quality on the path users run: claims through the E-utilities and LitSense stand-ins.

    python -m bench.livepath [--claims FILE ...] [--sources pubmed,litsense] [--out DIR]

Each claim is checked the way `litcheck claim` checks it (the same registry, checker and
scorer, the real HTTP clients with their rate limits), against loopback stand-ins of
E-utilities and LitSense that serve one corpus: SciFact's 5,183 abstracts, the flag records of
`bench/corpus.py`, and PubMedQA's 1,000 PubMed records. Claim files are JSONL with `claim`,
optional `context`, and `cited_doc_ids` (the references a careful checker would cite);
`bench/claimsets/` holds the article-style sets, `--scifact N` adds SciFact training claims.

Reports recall@1/3/10, nDCG@10 and MRR@10 of the ranked candidates, the status mix and how
often each status is right, ECE of the top candidate's confidence, requests per claim per host,
429s, and wall time. `--out DIR` also writes every candidate's features with its label
(`candidates.jsonl`, input of `bench/fit_fusion.py`) and the report JSON.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.corpus import BENCH_DIR, DATA_DIR, SHARED, _inputs_key, corpus_sources, open_backend
from litcheck.evaluation.metrics import (
    expected_calibration_error,
    mrr_at_k,
    ndcg_at_k,
    recall_at_k,
)
from litcheck.models import ClaimResult

CLAIMSETS = BENCH_DIR / "claimsets"
DEFAULT_SETS = (CLAIMSETS / "article_style.jsonl", CLAIMSETS / "scifact_vague.jsonl")


@dataclass(frozen=True)
class LabelledClaim:
    id: str
    text: str
    context: str | None
    relevant: frozenset[str]
    group: str
    """Claims sharing a reference share a group (cross-validation folds keep groups whole)."""


def load_claims(paths: Sequence[Path], scifact: int = 0) -> list[LabelledClaim]:
    """Labelled claims from JSONL files (and the first `scifact` SciFact training claims)."""
    rows: list[dict[str, Any]] = []
    for path in paths:
        rows += [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    if scifact:
        train = SHARED / "benchmarks" / "scifact" / "claims_train.jsonl"
        for line in train.read_text(encoding="utf-8").splitlines()[: scifact * 2]:
            obj = json.loads(line)
            if obj.get("evidence") and sum(1 for r in rows if r.get("sf")) < scifact:
                rows.append(
                    {
                        "id": f"sf-{obj['id']}",
                        "claim": obj["claim"],
                        "sf": True,
                        "cited_doc_ids": list(obj["evidence"]),
                    }
                )
    out = []
    for row in rows:
        relevant = frozenset(str(d) for d in row["cited_doc_ids"])
        out.append(
            LabelledClaim(str(row["id"]), row["claim"], row.get("context"), relevant, min(relevant))
        )
    return out


def pubmedqa_jsonl(data_dir: Path = DATA_DIR) -> Path:
    """PubMedQA's records as litcheck JSONL (as the bundled sample makes them), written once."""
    from bench.build_sample import pubmedqa_to_jsonl

    out = data_dir / "pubmedqa.jsonl"
    if not out.is_file():
        src = SHARED / "benchmarks" / "pubmedqa" / "ori_pqal.json"
        items = json.loads(src.read_text(encoding="utf-8"))
        data_dir.mkdir(parents=True, exist_ok=True)
        lines = [json.dumps(r, ensure_ascii=False) for r in pubmedqa_to_jsonl(items)]
        out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def build_live_index(log: Callable[[str], None] = print) -> Path:
    """The bench corpus plus PubMedQA, built once into `bench/data/index-live-<hash>/`."""
    from litcheck.corpus import INDEX_FILENAME
    from litcheck.corpus.build import build_index

    sources, warnings = corpus_sources(SHARED)
    sources.append(pubmedqa_jsonl())
    for warning in warnings:
        log(f"warning: {warning}")
    out = DATA_DIR / f"index-live-{_inputs_key(sources)}"
    if not (out / INDEX_FILENAME).is_file():
        log(f"building the live-path index in {out} ...")
        out.mkdir(parents=True, exist_ok=True)
        build_index(sources, out, engine="fts5")  # pinned: see bench/README.md "engines"
    return out


@contextmanager
def standins(index: Path, *, latency: float, litsense: bool) -> Iterator[tuple[Any, Any]]:
    """The E-utilities (and LitSense) stand-ins over `index`, started and stopped together."""
    from standins.eutils import StandIn

    backend = open_backend(index)
    try:
        with ExitStack() as stack:
            eutils = stack.enter_context(StandIn(backend, latency=latency))
            ls = None
            if litsense:
                from standins.litsense import LitSenseStandIn, index_pmids

                ls = stack.enter_context(
                    LitSenseStandIn.from_backend(backend, index_pmids(index), latency=latency)
                )
            yield eutils, ls
    finally:
        backend.close()


def run_claims(
    claims: Sequence[LabelledClaim],
    sources: str,
    urls: tuple[str, str],
    cache: Path,
    *,
    use_context: bool = True,
    policy: str | None = None,
) -> list[ClaimResult]:
    """Check `claims` through the real registry and checker against the stand-ins' `urls`
    (`policy`: the checker's climbing policy, None for the shipped one)."""
    from litcheck.check.checker import Checker
    from litcheck.claims.read import claim_from_text
    from litcheck.claims.vocab import Vocabulary
    from litcheck.settings import Settings
    from litcheck.sources.registry import build_sources, parse_specs

    settings = Settings.from_env().with_(
        eutils_url=urls[0],
        litsense_url=urls[1],
        cache_dir=cache,
        sources=parse_specs(sources),
        ncbi_api_key="bench-key",
        ncbi_email="bench@example.org",
    )
    vocab = Vocabulary.load()
    checks = [
        claim_from_text(c.text, vocab, context=c.context if use_context else None) for c in claims
    ]
    kwargs = {"policy": policy} if policy else {}
    with Checker(build_sources(settings), keep=100, **kwargs) as checker:
        return list(checker.check(checks))


def score(claims: Sequence[LabelledClaim], results: Sequence[ClaimResult]) -> dict[str, Any]:
    """Ranking, status and calibration figures of `results` against the claims' references."""
    n = len(claims)
    ranked = [[c.record.pmid or c.record.id for c in r.candidates] for r in results]
    rel = [set(c.relevant) for c in claims]
    statuses = Counter(r.status.value for r in results)
    right_top = [bool(rk and rk[0] in rs) for rk, rs in zip(ranked, rel, strict=True)]
    tops = [r.candidates[0].confidence if r.candidates else 0.0 for r in results]
    by_status: dict[str, dict[str, float]] = {}
    for status in statuses:
        idx = [i for i, r in enumerate(results) if r.status.value == status]
        by_status[status] = {
            "claims": len(idx),
            "top1_right": round(sum(right_top[i] for i in idx) / len(idx), 3),
            "top3_right": round(
                sum(recall_at_k(ranked[i], rel[i], 3) > 0 for i in idx) / len(idx), 3
            ),
        }
    first = [i for i in range(n) if right_top[i]]
    return {
        "claims": n,
        "recall@1": round(
            sum(recall_at_k(a, b, 1) > 0 for a, b in zip(ranked, rel, strict=True)) / n, 3
        ),
        "recall@3": round(
            sum(recall_at_k(a, b, 3) > 0 for a, b in zip(ranked, rel, strict=True)) / n, 3
        ),
        "recall@10": round(
            sum(recall_at_k(a, b, 10) > 0 for a, b in zip(ranked, rel, strict=True)) / n, 3
        ),
        "in_pool": round(sum(bool(set(a) & b) for a, b in zip(ranked, rel, strict=True)) / n, 3),
        "ndcg@10": round(sum(ndcg_at_k(a, b, 10) for a, b in zip(ranked, rel, strict=True)) / n, 4),
        "mrr@10": round(sum(mrr_at_k(a, b, 10) for a, b in zip(ranked, rel, strict=True)) / n, 4),
        "ece_top": round(expected_calibration_error(tops, right_top), 4),
        "statuses": dict(statuses),
        "by_status": by_status,
        "right_first_labelled_no_match": round(
            sum(results[i].status.value == "no_match" for i in first) / max(len(first), 1), 3
        ),
    }


def candidate_rows(
    claims: Sequence[LabelledClaim], results: Sequence[ClaimResult]
) -> Iterator[dict[str, Any]]:
    """One row per candidate: claim id, group, rank, features and whether it is a reference."""
    for claim, result in zip(claims, results, strict=True):
        for rank, cand in enumerate(result.candidates, start=1):
            yield {
                "claim": claim.id,
                "group": claim.group,
                "doc": cand.record.pmid or cand.record.id,
                "rank": rank,
                "confidence": cand.confidence,
                "features": dict(cand.features),
                "label": (cand.record.pmid or cand.record.id) in claim.relevant,
            }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=Path, nargs="*", default=list(DEFAULT_SETS))
    parser.add_argument("--scifact", type=int, default=0, help="add N SciFact training claims")
    parser.add_argument("--sources", default="pubmed,litsense")
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--max", type=int, default=0, help="only the first N claims")
    parser.add_argument("--out", type=Path)
    parser.add_argument(
        "--no-context", action="store_true", help="check each claim without its context"
    )
    args = parser.parse_args(argv)
    claims = load_claims(args.claims, args.scifact)
    if args.max:
        claims = claims[: args.max]
    index = build_live_index()
    started = time.monotonic()
    with_ls = "litsense" in args.sources
    with standins(index, latency=args.latency, litsense=with_ls) as (eutils, litsense):
        eutils_before = eutils.stats.snapshot()
        urls = (eutils.url, litsense.url if litsense else "http://127.0.0.1:9/")
        with tempfile.TemporaryDirectory(prefix="livepath-cache-") as cache:
            results = run_claims(
                claims, args.sources, urls, Path(cache), use_context=not args.no_context
            )
        wall = time.monotonic() - started
        e = eutils.stats.snapshot()
        ls = litsense.stats.snapshot() if litsense else {"requests": 0}
    report = score(claims, results)
    report["sources"] = args.sources
    report["context"] = not args.no_context
    report["wall_s"] = round(wall, 1)
    report["requests"] = {
        "eutils": e["requests"] - eutils_before["requests"],
        "litsense": ls["requests"],
        "eutils_429": e["rate_limited"],
        "litsense_429": ls.get("rate_limited", 0),
    }
    report["requests_per_claim"] = {
        "eutils": round(report["requests"]["eutils"] / len(claims), 2),
        "litsense": round(report["requests"]["litsense"] / len(claims), 2),
    }
    print(json.dumps(report, indent=2))
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "report.json").write_text(json.dumps(report, indent=2) + "\n")
        with (args.out / "candidates.jsonl").open("w", encoding="utf-8") as fh:
            for row in candidate_rows(claims, results):
                fh.write(json.dumps(row) + "\n")
        with (args.out / "claims.jsonl").open("w", encoding="utf-8") as fh:
            for c in claims:
                fh.write(json.dumps({"claim": c.id, "relevant": sorted(c.relevant)}) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
