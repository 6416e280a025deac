"""Start-up benchmark (issue 16): `litcheck --help`, a warm and a cold `litcheck claim`, each
against its floor, in one run.

    python -m bench.startup [--runs 10] [--claim TEXT] [--latency 0.15]

What is measured, each as a separate child process, as a user runs it:

- `--help`: wall and CPU time. Floor: the bare interpreter (`python -c pass`).
- warm claim: `litcheck claim TEXT` with the default sources (PubMed, LitSense, openFDA through
  their loopback stand-ins) and a cache that already holds every answer. Floor: the bare
  interpreter.
- cold claim: `litcheck claim TEXT --sources pubmed` with an empty cache, against the
  E-utilities stand-in (`--latency` per request, NCBI's 3 requests/s). Floor: a plain
  Bio.Entrez script (`_PEER`) sending the same requests: one esearch per query litcheck sent
  (same term, sort and retmax), then one efetch of every PMID they returned, each parsed with
  `Entrez.read`. Bio.Entrez has no base-URL setting, so the script rewrites the URL Biopython
  builds to the stand-in's; nothing else is changed (its own 0.37 s spacing stays).

litcheck's bytecode is compiled first (`compileall`), as `pip install` does: this environment
may set PYTHONDONTWRITEBYTECODE, which would otherwise recompile every module on every run.
Wall times depend on what else the machine is doing; the CPU time (user + sys of the child)
depends on it less, so both are reported. With `--instructions` (needs valgrind) each command
also runs once under callgrind, whose instruction count does not depend on the load at all: the
figure to compare two versions by on a busy machine. Prints a table; writes
bench/results/startup-*.json.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import litcheck

RESULTS_DIR = Path(__file__).resolve().parent / "results"
CLAIM = "Noradrenaline stimulates oleate incorporation into synaptic membranes."
TARGETS = {"help_s": 0.10, "warm_claim_s": 0.25, "cold_vs_peer": 1.5}

_PEER = r"""
import json, sys, time
started = time.perf_counter()
from Bio import Entrez
base, email, plan = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
_build = Entrez._build_request
def _to_standin(cgi, *args, **kwargs):
    return _build(cgi.replace("https://eutils.ncbi.nlm.nih.gov/entrez/eutils/", base), *args, **kwargs)
Entrez._build_request = _to_standin
Entrez.email, Entrez.tool = email, "bio-entrez-peer"
pmids, requests = [], 0
for term, retmax in plan["searches"]:
    with Entrez.esearch(db="pubmed", term=term, sort="relevance", retmax=retmax) as handle:
        found = Entrez.read(handle)
    requests += 1
    pmids += [p for p in found["IdList"] if p not in pmids]
if pmids:
    with Entrez.efetch(db="pubmed", id=",".join(pmids), retmode="xml") as handle:
        articles = Entrez.read(handle)
    requests += 1
print(json.dumps({"requests": requests, "pmids": len(pmids),
                  "seconds": time.perf_counter() - started}))
"""


def _litcheck() -> list[str]:
    """The console script beside this interpreter (what a user runs), else `python -m`."""
    script = Path(sys.executable).with_name("litcheck")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "litcheck"]


def _timed(cmd: Sequence[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds of the child, stdout) of one run; raises if it failed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0,):
        raise SystemExit(f"{' '.join(cmd[:3])} ... exited {done.returncode}: {done.stderr[-400:]}")
    return wall, cpu, done.stdout


def _instructions(cmd: Sequence[str], env: dict[str, str]) -> int | None:
    """Instructions `cmd` executes (valgrind's callgrind `I refs`), or None without valgrind."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            [valgrind, "--tool=callgrind", f"--callgrind-out-file={tmp}/out", *cmd],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    return int(found.group(1).replace(",", "")) if found else None


def _summary(walls: list[float], cpus: list[float]) -> dict[str, float]:
    return {
        "wall_median_s": round(statistics.median(walls), 4),
        "wall_min_s": round(min(walls), 4),
        "cpu_median_s": round(statistics.median(cpus), 4),
        "cpu_min_s": round(min(cpus), 4),
        "runs": len(walls),
    }


def _repeat(cmd: Sequence[str], env: dict[str, str], runs: int) -> dict[str, float]:
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu, _out = _timed(cmd, env)
        walls.append(wall)
        cpus.append(cpu)
    return _summary(walls, cpus)


def _env(urls: dict[str, str], cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NCBI_", "LITCHECK_"))}
    env.update(urls, LITCHECK_CACHE_DIR=str(cache), NCBI_EMAIL="litcheck-bench@example.org")
    env["NO_COLOR"] = "1"
    # Its own rate-limit state: these stand-ins are not NCBI, and other litcheck processes on
    # the machine (other benchmarks) must not slow these runs down, nor these runs them.
    env["LITCHECK_RATELIMIT_DIR"] = str(cache.parent / "ratelimit")
    return env


def _cold(claim: str, urls: dict[str, str], work: Path, runs: int, standin: Any) -> dict[str, Any]:
    """Cold claims (PubMed only, empty cache each run) and the Bio.Entrez peer's same requests."""
    walls, cpus, peer_walls, peer_cpus = [], [], [], []
    requests = peer_requests = 0
    plan: dict[str, Any] = {}
    for i in range(runs):
        cache = work / f"cold-{i}"
        sent_before = standin.stats.snapshot()["requests"]
        searched_before = len(standin.searches)
        wall, cpu, _out = _timed(
            [*_litcheck(), "claim", claim, "--sources", "pubmed", "--format", "json"],
            _env(urls, cache),
        )
        requests = standin.stats.snapshot()["requests"] - sent_before
        walls.append(wall)
        cpus.append(cpu)
        sent = standin.searches[searched_before:]
        plan = {"searches": [[s["term"], int(s.get("retmax", 20))] for s in sent]}
        peer_wall, peer_cpu, peer_out = _timed(
            [
                sys.executable,
                "-c",
                _PEER,
                urls["LITCHECK_EUTILS_URL"],
                "bench@example.org",
                json.dumps(plan),
            ],
            dict(os.environ),
        )
        peer_requests = json.loads(peer_out)["requests"]
        peer_walls.append(peer_wall)
        peer_cpus.append(peer_cpu)
        time.sleep(1.1)  # a fresh rate-limit window for the next pair
    ours, peer = _summary(walls, cpus), _summary(peer_walls, peer_cpus)
    return {
        "litcheck": {**ours, "requests": requests},
        "bio_entrez_peer": {**peer, "requests": peer_requests},
        "ratio_wall_median": round(ours["wall_median_s"] / peer["wall_median_s"], 3),
        "searches": len(plan.get("searches", [])),
    }


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _measure(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Every figure, with the three stand-ins running for the time it takes."""
    from bench.corpus import build_bench_index, open_backend
    from standins.eutils import StandIn
    from standins.litsense import LitSenseStandIn, index_pmids
    from standins.openfda import OpenFdaStandin
    from standins.ratelimit import SlidingWindowLimiter

    report: dict[str, Any] = {"claim": args.claim, "python": sys.version.split()[0]}
    with ExitStack() as stack:
        backend = open_backend(None, log=_log)
        eutils = stack.enter_context(
            StandIn(backend, latency=args.latency, limiter=SlidingWindowLimiter(), log=_log)
        )
        pmids = index_pmids(build_bench_index(log=_log))
        litsense = stack.enter_context(
            LitSenseStandIn.from_backend(backend, pmids, latency=args.latency)
        )
        openfda = OpenFdaStandin()
        openfda.start()
        stack.callback(openfda.stop)
        urls = {
            "LITCHECK_EUTILS_URL": eutils.url,
            "LITCHECK_LITSENSE_URL": litsense.url,
            "LITCHECK_OPENFDA_URL": openfda.url,
        }
        bare, here = [sys.executable, "-c", "pass"], dict(os.environ)
        claim = [*_litcheck(), "claim", args.claim]
        report["interpreter"] = _repeat(bare, here, args.runs)
        report["help"] = _repeat([*_litcheck(), "--help"], here, args.runs)
        warm_env = _env(urls, work / "warm")
        _timed(claim, warm_env)  # fills the cache
        report["warm_claim"] = _repeat(claim, warm_env, args.runs)
        report["cold_claim"] = _cold(args.claim, urls, work, args.cold_runs, eutils)
        if args.instructions:
            report["instructions"] = {
                "interpreter": _instructions(bare, here),
                "help": _instructions([*_litcheck(), "--help"], here),
                "warm_claim": _instructions(claim, warm_env),
            }
    return report


def _judge(report: dict[str, Any]) -> None:
    """Add each figure's ratio to its floor and whether it meets its target."""
    floor = report["interpreter"]["wall_median_s"]
    help_s, warm_s = report["help"]["wall_median_s"], report["warm_claim"]["wall_median_s"]
    cold = report["cold_claim"]["ratio_wall_median"]
    report["ratios"] = {
        "help_vs_interpreter": round(help_s / floor, 2),
        "warm_claim_vs_interpreter": round(warm_s / floor, 2),
        "cold_claim_vs_bio_entrez": cold,
    }
    report["targets"] = {
        "help_le_0.10s": help_s <= TARGETS["help_s"],
        "warm_claim_le_0.25s": warm_s <= TARGETS["warm_claim_s"],
        "cold_claim_le_1.5x_bio_entrez": cold <= TARGETS["cold_vs_peer"],
    }
    report["load_average"] = os.getloadavg()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.startup", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--claim", default=CLAIM)
    parser.add_argument("--latency", type=float, default=0.15, help="stand-in seconds per request")
    parser.add_argument(
        "--instructions", action="store_true", help="also count instructions (valgrind)"
    )
    args = parser.parse_args(argv)
    compileall.compile_dir(str(Path(litcheck.__file__).resolve().parent), quiet=1)
    work = Path(tempfile.mkdtemp(prefix="litcheck-startup-"))
    try:
        report = _measure(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _judge(report)
    _print(report)
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    path = RESULTS_DIR / f"startup-{stamp}.json"
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    _log(f"bench: wrote {path}")
    return 0 if all(report["targets"].values()) else 1


def _print(r: dict[str, Any]) -> None:
    cold = r["cold_claim"]
    rows = [
        ("python -c pass (floor)", r["interpreter"], "", ""),
        ("litcheck --help", r["help"], f"{r['ratios']['help_vs_interpreter']}x floor", "<= 0.10 s"),
        (
            "warm claim",
            r["warm_claim"],
            f"{r['ratios']['warm_claim_vs_interpreter']}x floor",
            "<= 0.25 s",
        ),
        ("cold claim (pubmed)", cold["litcheck"], f"{cold['litcheck']['requests']} requests", ""),
        (
            "Bio.Entrez peer (floor)",
            cold["bio_entrez_peer"],
            f"{cold['bio_entrez_peer']['requests']} requests",
            "",
        ),
    ]
    print(f"{'':26} {'wall med':>9} {'wall min':>9} {'cpu med':>8}  {'':18} target")
    for name, s, note, target in rows:
        print(
            f"{name:26} {s['wall_median_s']:9.3f} {s['wall_min_s']:9.3f} {s['cpu_median_s']:8.3f}  {note:18} {target}"
        )
    print(f"cold claim / Bio.Entrez peer: {cold['ratio_wall_median']}x (target <= 1.5x)")
    if "instructions" in r:
        counts = r["instructions"]
        print(
            "instructions (callgrind): "
            + ", ".join(f"{k} {v / 1e9:.3f} G" for k, v in counts.items() if v is not None)
        )
    print(f"load average: {', '.join(f'{x:.2f}' for x in r['load_average'])}")


if __name__ == "__main__":
    raise SystemExit(main())
