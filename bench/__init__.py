"""Benchmarks and test harnesses for litcheck (not shipped in the wheel).

- `bench.eutils_standin`: a loopback E-utilities stand-in (real wire format, NCBI's rate limit and
  429 body, realistic latency) serving a local corpus.
- `bench.batch`: the batch benchmark runner (`python -m bench.batch --help`).

See bench/README.md.
"""
