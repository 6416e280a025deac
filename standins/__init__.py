"""Loopback stand-ins for the services litcheck talks to, shared by tests and benchmarks.

Not shipped in the wheel (`pyproject.toml` packages only `litcheck`); importable from the
repository root like `bench` (`python -m pytest`, `python -m standins.eutils`). Product tests
import stand-ins from here and never from `bench`; `bench` imports them from here too.

- `standins.eutils`: NCBI E-utilities (`esearch.fcgi`, `efetch.fcgi`) with NCBI's rate limit,
  429 body and latency, serving a `standins.backend.Backend` (a litcheck local index via
  `open_index`, or `MemoryBackend`). Helpers: `wire` (esearch/efetch bodies), `pubmed_render`
  (Record -> efetch XML), `ratelimit` (sliding-window limiter and counters).
- `standins.openfda`: openFDA `/drug/drugsfda.json` and `/drug/label.json`, with data from
  `openfda_data` (committed under `standins/data/openfda/`) and the search syntax in
  `openfda_search`.

- `standins.litsense`: NCBI LitSense2 `sentences/` (real wire format, the 10%-of-words gate,
  the 1/s budget with a 429), scoring sentences from `litsense_index` over the same records.
"""
