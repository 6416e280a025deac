"""Which rungs earn their request: `python -m bench.rungs [--sources pubmed,litsense] [--out F]`.

Runs the path users run (`bench.livepath`: the real registry, checker and HTTP clients against
the E-utilities and LitSense stand-ins) and attributes every reference that ends in a claim's
top 3 to the queries that found it, one row per (source, rung):

- `requests`: how many times the rung ran (one esearch each; identical queries in one process
  run once, so this is an upper bound on what it sent);
- `top3_refs_found`: top-3 references it found (with others or alone);
- `top3_refs_only`: top-3 references no other query of the claim found (its marginal value);
- `claims_only`: claims whose every top-3 reference only it found (the claims whose top-3 hit
  it alone earns; without it they would have no reference in their pool at all).

`--policy` picks the checker's climbing policy (`litcheck.check.climb`), so the same table
can be had for the old and the new ladder. Also writes each claim's top 3 and hit, for paired
before/after comparisons (`--paired OTHER.json`: claims gained and lost).

The E-utilities stand-in ranks by BM25 over the local index, not PubMed's Best Match, and its
counts are the index's: which rung finds a reference here is what the local index says.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.livepath import (
    DEFAULT_SETS,
    LabelledClaim,
    build_live_index,
    candidate_rows,
    load_claims,
    run_claims,
    score,
    standins,
)
from litcheck.models import ClaimResult


def _rung_key(source: str, rung: int) -> str:
    return f"{source}:{rung}"


def attribute(claims: Sequence[LabelledClaim], results: Sequence[ClaimResult]) -> dict[str, Any]:
    """The per-rung table and each claim's top 3 (see the module docstring)."""
    requests: Counter[str] = Counter()
    found: Counter[str] = Counter()
    only: Counter[str] = Counter()
    claims_only: Counter[str] = Counter()
    per_claim: list[dict[str, Any]] = []
    for claim, result in zip(claims, results, strict=True):
        finders: dict[str, set[str]] = defaultdict(set)
        for run in result.queries:
            key = _rung_key(run.query.source, run.query.rung)
            requests[key] += 1
            for pid in run.ids:
                finders[pid].add(key)
        top3 = [c.record.pmid or c.record.id for c in result.candidates[:3]]
        refs = [pid for pid in top3 if pid in claim.relevant]
        sole = set()
        for pid in refs:
            for key in finders.get(pid, ()):
                found[key] += 1
            if len(finders.get(pid, ())) == 1:
                (key,) = finders[pid]
                only[key] += 1
                sole.add(key)
        if refs and len(sole) == 1 and all(len(finders.get(p, ())) == 1 for p in refs):
            claims_only[next(iter(sole))] += 1
        per_claim.append(
            {
                "claim": claim.id,
                "top3": top3,
                "hit3": bool(refs),
                "rungs": sorted({_rung_key(r.query.source, r.query.rung) for r in result.queries}),
                "ids": {
                    _rung_key(r.query.source, r.query.rung): len(r.ids) for r in result.queries
                },
                "finders": {pid: sorted(finders.get(pid, ())) for pid in refs},
            }
        )
    table = {
        key: {
            "requests": requests[key],
            "top3_refs_found": found[key],
            "top3_refs_only": only[key],
            "claims_only": claims_only[key],
        }
        for key in sorted(requests)
    }
    return {"table": table, "per_claim": per_claim}


def paired(mine: Sequence[dict[str, Any]], other: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Claims with a top-3 hit here but not in `other` (gained) and the reverse (lost)."""
    theirs = {c["claim"]: c["hit3"] for c in other}
    gained = [c["claim"] for c in mine if c["hit3"] and not theirs.get(c["claim"], False)]
    lost = [c["claim"] for c in mine if not c["hit3"] and theirs.get(c["claim"], False)]
    return {"gained": len(gained), "lost": len(lost), "gained_ids": gained, "lost_ids": lost}


def write_pools(
    folder: Path, claims: Sequence[LabelledClaim], results: Sequence[ClaimResult]
) -> None:
    """`candidates.jsonl` and `claims.jsonl` as `bench.livepath --out` writes them."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "candidates.jsonl").open("w", encoding="utf-8") as fh:
        for row in candidate_rows(claims, results):
            fh.write(json.dumps(row) + "\n")
    with (folder / "claims.jsonl").open("w", encoding="utf-8") as fh:
        for c in claims:
            fh.write(json.dumps({"claim": c.id, "relevant": sorted(c.relevant)}) + "\n")


def print_table(table: dict[str, dict[str, int]], claims: int) -> None:
    cols = ("requests", "top3_refs_found", "top3_refs_only", "claims_only")
    print(f"{'rung':<12}" + "".join(f"{c:>17}" for c in cols) + f"   (of {claims} claims)")
    for key, row in table.items():
        print(f"{key:<12}" + "".join(f"{row[c]:>17}" for c in cols))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=Path, nargs="*", default=list(DEFAULT_SETS))
    parser.add_argument("--scifact", type=int, default=0, help="add N SciFact training claims")
    parser.add_argument("--sources", default="pubmed,litsense")
    parser.add_argument("--policy", default=None, help="climbing policy (default: shipped)")
    parser.add_argument("--max", type=int, default=0, help="only the first N claims")
    parser.add_argument("--paired", type=Path, help="an earlier result JSON to compare with")
    parser.add_argument("--out", type=Path, help="write the result JSON here")
    parser.add_argument("--pools", type=Path, help="also write the pools (bench.fit_fusion input)")
    args = parser.parse_args(argv)
    claims = load_claims(args.claims, args.scifact)[: args.max or None]
    index = build_live_index()
    started = time.monotonic()
    with_ls = "litsense" in args.sources
    with standins(index, latency=0.0, litsense=with_ls) as (eutils, litsense):
        urls = (eutils.url, litsense.url if litsense else "http://127.0.0.1:9/")
        with tempfile.TemporaryDirectory(prefix="rungs-cache-") as cache:
            results = run_claims(claims, args.sources, urls, Path(cache), policy=args.policy)
        e = eutils.stats.snapshot()
        ls = litsense.stats.snapshot() if litsense else {"requests": 0}
    from litcheck.check.checker import DEFAULT_POLICY

    policy = args.policy or f"{DEFAULT_POLICY} (shipped)"
    report: dict[str, Any] = {"sources": args.sources, "policy": policy}
    report.update(score(claims, results))
    report["wall_s"] = round(time.monotonic() - started, 1)
    report["requests"] = {
        "eutils": e["requests"],
        "esearch": e["by_endpoint"].get("esearch.fcgi", 0),
        "efetch": e["by_endpoint"].get("efetch.fcgi", 0),
        "litsense": ls["requests"],
        "eutils_429": e["rate_limited"],
        "litsense_429": ls.get("rate_limited", 0),
    }
    report["requests_per_claim"] = {
        k: round(v / len(claims), 3) for k, v in report["requests"].items()
    }
    report.update(attribute(claims, results))
    if args.paired:
        other = json.loads(args.paired.read_text(encoding="utf-8"))
        report["paired"] = paired(report["per_claim"], other["per_claim"])
    print_table(report["table"], len(claims))
    summary = {k: v for k, v in report.items() if k not in ("per_claim", "table")}
    print(json.dumps(summary, indent=1))
    if args.pools:
        write_pools(args.pools, claims, results)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
