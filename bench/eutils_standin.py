"""`python -m bench.eutils_standin`: the E-utilities stand-in over the benchmark corpus.

The stand-in itself is `standins.eutils` (tests use it from there); this entry point only adds
the default backend: without `--index`, the benchmark corpus (`bench.corpus`) is built once and
served. `StandIn` is re-exported for older callers.
"""

from __future__ import annotations

import sys

from bench.corpus import open_backend
from standins.eutils import StandIn, main

__all__ = ["StandIn", "run"]


def run(argv: list[str] | None = None) -> int:
    """Serve `--index DIR`, or the benchmark corpus (built once), until Ctrl-C."""
    return main(
        argv,
        prog="python -m bench.eutils_standin",
        open_backend=lambda index: open_backend(index, log=lambda m: print(m, file=sys.stderr)),
    )


if __name__ == "__main__":
    raise SystemExit(run())
