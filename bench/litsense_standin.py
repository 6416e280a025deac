"""`python -m bench.litsense_standin`: the LitSense stand-in over the benchmark corpus.

The stand-in itself is `standins.litsense` (tests use it from there); this entry point only adds
the default corpus: without `--index` or `--jsonl`, the benchmark index (`bench.corpus`, the
same corpus as `python -m bench.eutils_standin`) is built once and served.
"""

from __future__ import annotations

import sys

from bench.corpus import build_bench_index
from standins.litsense import main


def run(argv: list[str] | None = None) -> int:
    """Serve `--index DIR`/`--jsonl FILE`, or the benchmark corpus, until Ctrl-C."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "--index" not in args and "--jsonl" not in args:
        folder = build_bench_index(log=lambda m: print(m, file=sys.stderr))
        args += ["--index", str(folder)]
    return main(args)


if __name__ == "__main__":
    raise SystemExit(run())
