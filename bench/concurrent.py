"""Several `litcheck check` batches at once against one E-utilities stand-in (issue 11 item 2).

    python -m bench.concurrent [--processes 2] [--claims 12] [--per-process-limits]

Builds a small local index from the test fixtures (322 SciFact abstracts), serves it through
`bench.eutils_standin` (NCBI's 3 requests/s per address, 150 ms latency), and starts the batches
together, each with its own cold cache and no API key. By default they share the machine-wide
rate-limit folder, as every litcheck process of a user does; `--per-process-limits` gives each
its own folder, which is what litcheck did before (one limiter per process). Prints requests,
429s, the most requests the stand-in saw in one window, and the span against the bound
(requests / 3 per s).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time
from pathlib import Path

from bench import runner
from standins.backend import SerialBackend
from standins.eutils import StandIn

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.concurrent", description=__doc__)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--claims", type=int, default=12, help="claims per process (12)")
    parser.add_argument("--per-process-limits", action="store_true")
    args = parser.parse_args(argv)

    from litcheck.corpus.build import build_index
    from litcheck.sources.local.index import LocalIndex

    work = Path(tempfile.mkdtemp(prefix="litcheck-concurrent-"))
    build_index([FIXTURES / "scifact_corpus_sample.jsonl"], work / "index")
    lines = (FIXTURES / "scifact_claims_evidence_sample.jsonl").read_text().splitlines()
    claims = [json.loads(line)["claim"] for line in lines]
    backend = SerialBackend(lambda: LocalIndex.open(work / "index"))
    with StandIn(backend, latency=0.15) as standin:
        children = []
        for i in range(args.processes):
            part = [claims[(i * args.claims + j) % len(claims)] for j in range(args.claims)]
            claims_file = work / f"claims{i}.txt"
            claims_file.write_text("\n".join(part) + "\n")
            env = runner.child_env(standin.url, work / f"cache{i}")
            folder = f"ratelimit{i}" if args.per_process_limits else "ratelimit"
            env["LITCHECK_RATELIMIT_DIR"] = str(work / folder)
            command = runner.check_command(claims_file, work / f"out{i}.jsonl")
            children.append(
                subprocess.Popen(
                    command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
                )
            )
        started = time.monotonic()
        codes = [child.wait() for child in children]
        wall = time.monotonic() - started
        stats = standin.stats.snapshot()
    backend.close()
    bound = stats["requests"] / 3
    print(
        f"{args.processes} processes ({'own' if args.per_process_limits else 'machine-wide'} limits), "
        f"exit {codes}: {stats['requests']} requests, {stats['rate_limited']} answered 429, "
        f"max {stats['max_in_window']} in one window, span {stats['span_seconds']:.1f} s "
        f"(wall {wall:.1f} s) vs bound {bound:.1f} s = {stats['span_seconds'] / bound:.2f}x"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
