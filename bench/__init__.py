"""Benchmarks for litcheck (not shipped in the wheel).

- `bench.batch`: the batch benchmark runner (`python -m bench.batch --help`).
- `bench.eutils_standin`: the E-utilities stand-in over the benchmark corpus. The stand-ins
  themselves live in the top-level `standins` package, which tests import.

See bench/README.md.
"""
