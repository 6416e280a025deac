"""A local PubMed index built from PubMed XML, MEDLINE text or JSONL: a SQLite file of records
plus a search engine over their text (`engines`: tantivy by default, or FTS5 inside the file).

- `readers` / `fastxml` / `medline` / `jsonl`: stream source files into `litcheck.models.Record`.
- `codec`: Record <-> JSON (what the index stores per record; no pickles).
- `store`: the file's tables and FTS5 columns; `feed`: parsing in a worker process for big files.
- `engines`: the engine seam (write: add/remove/commit; read: search an AST -> count + rowids).
- `build`: `build_index(sources, out)`, incremental (deletions, replacements, unchanged files).
- `query`: PubMed query syntax -> AST -> FTS5 MATCH expression + a normalised translation.
- `index`: `LocalIndex.open(path)`, `.search(term)`, `.records(pmids)`; BM25 with field weights.
"""

from __future__ import annotations

INDEX_FILENAME = "litcheck-index.sqlite"
"""The file inside an index folder."""

__all__ = ["INDEX_FILENAME"]
