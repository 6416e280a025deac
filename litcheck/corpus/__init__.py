"""A local PubMed index: one SQLite FTS5 file built from PubMed XML, MEDLINE text or JSONL.

- `readers` / `fastxml` / `medline` / `jsonl`: stream source files into `litcheck.models.Record`.
- `codec`: Record <-> JSON (what the index stores per record; no pickles).
- `store`: the file's tables and FTS5 columns; `feed`: parsing in a worker process for big files.
- `build`: `build_index(sources, out)`, incremental (deletions, replacements, unchanged files).
- `query`: PubMed query syntax -> AST -> FTS5 MATCH expression + a normalised translation.
- `index`: `LocalIndex.open(path)`, `.search(term)`, `.records(pmids)`; BM25 with field weights.
"""

from __future__ import annotations

INDEX_FILENAME = "litcheck-index.sqlite"
"""The file inside an index folder."""

__all__ = ["INDEX_FILENAME"]
