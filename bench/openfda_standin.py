"""`python -m bench.openfda_standin`: an alias of `python -m standins.openfda` (the stand-in
moved to the `standins` package, which tests and benchmarks share)."""

from __future__ import annotations

from standins.openfda import OpenFdaStandin, main

__all__ = ["OpenFdaStandin", "main"]

if __name__ == "__main__":
    raise SystemExit(main())
