"""The batch benchmark (issue 4 item 5): `python -m bench.batch [cold|warm|memory|kill|all]`.

Starts the E-utilities stand-in (standins.eutils) over the benchmark index, then runs
`litcheck check CLAIMS --output OUT --format jsonl --sources pubmed` as a child process with
LITCHECK_EUTILS_URL pointed at it, a fresh LITCHECK_CACHE_DIR and NCBI_EMAIL set:

- cold:   N claims (300), cold cache, no API key: wall, requests, requests/claim, 429s, the
          rate-limit bound (requests / 3 per s), wall / bound, and the same per host (with
          --litsense); then a warm rerun (same cache, new output file). Targets: 0 429s,
          wall/bound <= 1.25, <= 2.0 requests/claim, <= 1.3 requests/claim per host.
- warm:   1,000 claims (809 SciFact + framed variants): the cache is filled first (with an API
          key, so at 10 requests/s), then a timed warm run. Target: < 20 s.
- memory: 10,000 claims warm (cache filled by a first run of the same claims with a key):
  peak RSS < 300 MB.
- kill:   N claims (40) once uninterrupted, once SIGKILLed at a random point and rerun on the
          same output; the two results files must hold the same claims, with no duplicates or
          losses and the same top-3 candidates.

Prints a table and writes bench/results/<mode>-<UTC time>.json. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from bench import claimsets, runner
from bench.corpus import SHARED, build_bench_index, corpus_sources, open_backend
from standins.eutils import StandIn
from standins.litsense import LitSenseStandIn, index_pmids
from standins.ratelimit import SlidingWindowLimiter

RESULTS_DIR = Path(__file__).resolve().parent / "results"
BENCH_KEY = "bench-api-key"


class Bench:
    """One benchmark session: the stand-in, a scratch folder, and the collected measurements."""

    def __init__(
        self,
        standin: StandIn,
        work: Path,
        extra_args: tuple[str, ...] = (),
        litcheck: tuple[str, ...] = runner.LITCHECK,
        base_claims: list[claimsets.BenchClaim] | None = None,
        litsense: Any = None,
    ) -> None:
        self.standin = standin
        self.litsense = litsense
        """The LitSense stand-in when the batch runs `--sources pubmed,litsense` (--litsense)."""
        self.work = work
        self.extra_args = extra_args
        self.litcheck = litcheck
        self._base_claims = base_claims

    def claims(self, n: int) -> list[claimsets.BenchClaim]:
        """`n` benchmark claims made from the base claims (default: SciFact's training claims)."""
        if self._base_claims is None:
            self._base_claims = claimsets.load_scifact()
        return claimsets.claim_set(n, self._base_claims)

    def check(
        self,
        name: str,
        claims: list[claimsets.BenchClaim],
        cache: Path,
        *,
        output: Path | None = None,
        api_key: str | None = None,
        kill_after: float | None = None,
    ) -> dict[str, Any]:
        """Run one `litcheck check`; return its measurements and the stand-in's counters."""
        claims_file = claimsets.write_claims(claims, self.work / f"{name}-claims.txt")
        output = output or self.work / f"{name}.jsonl"
        self.standin.stats.reset()
        if self.litsense is not None:
            self.litsense.stats.reset()
        sources = "pubmed,litsense" if self.litsense is not None else "pubmed"
        run = runner.run(
            runner.check_command(claims_file, output, self.extra_args, self.litcheck, sources),
            runner.child_env(
                self.standin.url,
                cache,
                api_key=api_key,
                litsense_url=self.litsense.url if self.litsense is not None else None,
                # its own rate-limit state: other jobs' litcheck runs do not eat its budget
                ratelimit_dir=self.work / "ratelimit",
            ),
            log=self.work / f"{name}.log",
            kill_after=kill_after,
        )
        stats = self.standin.stats.snapshot()
        rate = 10 if api_key else 3
        requests = stats["requests"]
        ls = self.litsense.stats.snapshot() if self.litsense is not None else None
        hosts = host_table(stats, ls, rate, len(claims), run.wall)
        # The batch's bound is the slowest host's: requests / that host's rate.
        bound = max(host["requests"] / host["rate"] for host in hosts.values())
        results = runner.ResultsFile.read(output)
        return {
            "name": name,
            "claims": len({c.id for c in claims}),  # identical texts are checked once
            "results": len(results.lines),
            "returncode": run.returncode,
            "killed": run.killed,
            "wall_s": round(run.wall, 2),
            "requests": requests,
            "requests_per_claim": round(requests / len(claims), 3) if claims else None,
            "rate_limited_429": sum(host["429"] for host in hosts.values()),
            "hosts": hosts,
            "rate_per_s": rate,
            "bound_s": round(bound, 2),
            "wall_over_bound": round(run.wall / bound, 3) if bound else None,
            "peak_rss_mb": round(run.peak_rss_mb, 1),
            "all_requests_had_tool_and_email": stats["all_had_tool_and_email"],
            "standin": stats,
            "output": str(output),
            "log_tail": _tail(run.log),
        }


def host_table(
    eutils: dict[str, Any], litsense: dict[str, Any] | None, rate: int, claims: int, wall: float
) -> dict[str, dict[str, Any]]:
    """Per host (from the stand-ins' counters): requests, allowed rate, 429s, requests per
    claim, the rate bound (requests / rate, seconds) and wall / that bound."""
    hosts: dict[str, dict[str, Any]] = {
        "eutils": {
            "requests": eutils["requests"],
            "rate": rate,
            "429": eutils["rate_limited"],
            "ids_refetched": eutils.get("ids_refetched"),
        }
    }
    if litsense is not None:
        hosts["litsense"] = {
            "requests": litsense["requests"],
            "rate": 1,
            "429": litsense["rate_limited"],
        }
    for host in hosts.values():
        host["requests_per_claim"] = round(host["requests"] / claims, 3) if claims else None
        host["bound_s"] = round(host["requests"] / host["rate"], 2)
        host["wall_over_bound"] = round(wall / host["bound_s"], 3) if host["bound_s"] else None
    return hosts


def _tail(log: Path | None, lines: int = 5) -> list[str]:
    if log is None or not log.is_file():
        return []
    return log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]


def _completed(*runs: dict[str, Any]) -> bool:
    """Every run exited 0 and wrote one result per claim."""
    return all(r["returncode"] == 0 and r["results"] == r["claims"] for r in runs)


def _expected(claims: list[claimsets.BenchClaim]) -> dict[str, tuple[str, ...]]:
    return {c.id: c.cited for c in claims}


def mode_cold(b: Bench, n: int) -> dict[str, Any]:
    claims = b.claims(n)
    cache = b.work / "cache-cold"
    cold = b.check("cold", claims, cache)
    warm = b.check("cold-rerun-warm", claims, cache)
    hits = runner.top_k_hits(runner.ResultsFile.read(Path(cold["output"])), _expected(claims))
    ratio, per_claim = cold["wall_over_bound"], cold["requests_per_claim"]
    targets = {
        "runs_completed": _completed(cold, warm),
        "no_429": cold["rate_limited_429"] == 0,
        "wall_within_1.25x_bound": ratio is not None and ratio <= 1.25,
        "requests_per_claim_le_2": per_claim is not None and per_claim <= 2.0,
        # issue 16: at most 1.3 requests per claim to each host
        "per_host_requests_per_claim_le_1.3": all(
            (h["requests_per_claim"] or 0.0) <= 1.3 for h in cold["hosts"].values()
        ),
    }
    return {"runs": [cold, warm], "scifact_top3": hits, "targets": targets}


def mode_warm(b: Bench, n: int) -> dict[str, Any]:
    claims = b.claims(n)
    cache = b.work / "cache-warm"
    fill = b.check("warm-fill", claims, cache, api_key=BENCH_KEY)
    warm = b.check("warm", claims, cache)
    targets = {"runs_completed": _completed(fill, warm), "warm_under_20s": warm["wall_s"] < 20}
    return {"runs": [fill, warm], "targets": targets}


def mode_memory(b: Bench, n: int) -> dict[str, Any]:
    # The framed variants search other words than their base claims, so the fill must run the
    # same claims (with a key, 10 requests/s) for the measured run to be warm.
    claims = b.claims(n)
    cache = b.work / "cache-memory"
    fill = b.check("memory-fill", claims, cache, api_key=BENCH_KEY)
    big = b.check("memory", claims, cache)
    targets = {
        "runs_completed": _completed(fill, big),
        "peak_under_300mb": big["peak_rss_mb"] < 300,
    }
    return {"runs": [fill, big], "targets": targets}


def mode_kill(b: Bench, n: int, seed: int) -> dict[str, Any]:
    claims = b.claims(n)
    ref = b.check("kill-reference", claims, b.work / "cache-kill-ref")
    at = round(random.Random(seed).uniform(0.15, 0.85) * ref["wall_s"], 2)
    out = b.work / "kill-resumed.jsonl"
    killed = b.check("kill-killed", claims, b.work / "cache-kill", output=out, kill_after=at)
    before = runner.ResultsFile.read(out)
    resumed = b.check("kill-rerun", claims, b.work / "cache-kill", output=out)
    diff = runner.compare(
        runner.ResultsFile.read(Path(ref["output"])), runner.ResultsFile.read(out)
    )
    return {
        "runs": [ref, killed, resumed],
        "killed_at_s": at,
        "results_when_killed": len(before.lines),
        "corrupt_lines_when_killed": before.corrupt,
        "comparison": diff,
        "targets": {
            "runs_completed": _completed(ref, resumed),
            "killed_mid_run": killed["killed"] and killed["results"] < len(claims),
            "same_results_after_kill": diff["same"],
        },
    }


def print_table(mode: str, report: dict[str, Any]) -> None:
    cols = (
        "name",
        "claims",
        "results",
        "wall_s",
        "requests",
        "requests_per_claim",
        "rate_limited_429",
        "bound_s",
        "wall_over_bound",
        "peak_rss_mb",
        "returncode",
    )
    rows = [[str(r.get(c)) for c in cols] for r in report["runs"]]
    widths = [max(len(c), *(len(row[i]) for row in rows)) for i, c in enumerate(cols)]
    print(f"\n== {mode} ==")
    print("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)))
    for row in rows:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))
    print_hosts(report["runs"])
    for key in ("scifact_top3", "comparison", "targets"):
        if key in report:
            print(f"{key}: {json.dumps(report[key])}")


def print_hosts(runs: list[dict[str, Any]]) -> None:
    """Per run and host: requests, requests/claim, 429s, the rate bound (requests / allowed
    rate) and wall / that bound (the batch's bound is its slowest host's)."""
    cols: tuple[str, ...] = (
        "run",
        "host",
        "requests",
        "per_claim",
        "429",
        "rate_per_s",
        "bound_s",
        "wall_over",
    )
    cols += ("ids_refetched",)
    rows = [
        [r["name"], name, *(str(h.get(k)) for k in ("requests", "requests_per_claim", "429"))]
        + [str(h["rate"]), str(h["bound_s"]), str(h.get("wall_over_bound"))]
        + [str(h.get("ids_refetched", "-"))]
        for r in runs
        for name, h in r.get("hosts", {}).items()
    ]
    widths = (
        [max(len(c), *(len(row[i]) for row in rows)) for i, c in enumerate(cols)] if rows else []
    )
    print("per host:")
    print("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)))
    for row in rows:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.batch", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "mode", nargs="?", default="cold", choices=("cold", "warm", "memory", "kill", "all")
    )
    parser.add_argument(
        "-n", "--claims", type=int, help="claims (cold 300, warm 1000, memory 10000, kill 40)"
    )
    parser.add_argument("--latency", type=float, default=0.15, help="stand-in seconds per request")
    parser.add_argument("--index", help="a built local index (default: build the bench corpus)")
    parser.add_argument("--seed", type=int, default=20240501, help="kill point seed")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument("--litcheck-arg", action="append", default=[], help="extra `check` flag")
    parser.add_argument(
        "--litsense", action="store_true", help="also LitSense (its stand-in, 1 request/s)"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    backend = open_backend(args.index, log=log)
    work = Path(tempfile.mkdtemp(prefix="litcheck-bench-"))
    modes = ("cold", "warm", "memory", "kill") if args.mode == "all" else (args.mode,)
    defaults = {"cold": 300, "warm": 1000, "memory": 10_000, "kill": 40}
    reports: dict[str, Any] = {}
    with ExitStack() as stack:
        standin = stack.enter_context(
            StandIn(backend, latency=args.latency, limiter=SlidingWindowLimiter(), log=log)
        )
        litsense = None
        if args.litsense:
            folder = Path(args.index) if args.index else build_bench_index(log=log)
            litsense = stack.enter_context(
                LitSenseStandIn.from_backend(backend, index_pmids(folder), latency=args.latency)
            )
        bench = Bench(standin, work, tuple(args.litcheck_arg), litsense=litsense)
        for mode in modes:
            n = args.claims or defaults[mode]
            log(f"bench: {mode} with {n} claims (scratch: {work})")
            if mode == "kill":
                report = mode_kill(bench, n, args.seed)
            else:
                report = {"cold": mode_cold, "warm": mode_warm, "memory": mode_memory}[mode](
                    bench, n
                )
            report["latency_s"] = args.latency
            reports[mode] = report
            print_table(mode, report)
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    path = RESULTS_DIR / f"{args.mode}-{stamp}.json"
    meta = {
        "shared_dir": str(SHARED),
        "corpus_warnings": corpus_sources()[1],
        "python": sys.version.split()[0],
        "at": stamp,
    }
    path.write_text(json.dumps({"meta": meta, **reports}, indent=2) + "\n", encoding="utf-8")
    log(f"bench: wrote {path}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if all(all(r["targets"].values()) for r in reports.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
