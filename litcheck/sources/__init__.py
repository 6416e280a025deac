"""Sources behind one interface (`base.Source`): PubMed (E-utilities), openFDA, local indexes.

- `base`: the protocol with declared capabilities; `registry`: the names a user can give and
  how each source is built; `http`: the rate-limited, retrying HTTP client; `cache`: raw
  response bytes on disk.
- One folder per source, each owning its whole chain (plan, search/fetch, parse, score).
"""
