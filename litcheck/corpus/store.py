"""The index file's layout: tables, FTS5 columns, and how a Record becomes indexed text.

One SQLite file (`DIR/litcheck-index.sqlite`):

- `docs(rowid, pmid UNIQUE, hash, year, data)`: `data` is `codec.dump(record)` (zlib JSON).
- the search engine's index of `fts_values(record)` keyed by docs.rowid (`litcheck.corpus.engines`):
  a contentless FTS5 table `fts` in this file, or a tantivy folder next to it.
- `files(name, size, mtime_ns, records, added_at)`: source files already applied, so a re-run
  skips them.
- `meta(key, value)`: schema version, engine (absent: fts5, as built before engines), state,
  min/max year.

Multi-valued fields (MeSH headings, authors, affiliations, publication types) are joined with a
separator token so that a phrase can never match across two values ("cell membrane" must not
match "...Cell | Membrane...").

Tokenizer: `porter unicode61 remove_diacritics 2`. PubMed does not stem [tiab] words, but it
does automatic term mapping (plurals, synonyms) which a local index cannot; stemming is the
closest cheap stand-in and helps BM25 recall.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from litcheck.models import Record

SCHEMA_VERSION = "1"
SEP = "xqsepqx"
"""Token between values of multi-valued columns (never a real word)."""

COLUMNS = ("title", "abstract", "kw", "mesh", "majr", "ad", "au", "pt", "la", "dp")
"""FTS5 columns, in order. `majr` holds only major-topic MeSH headings; `dp` the year."""

WEIGHTS = {"title": 3.0, "abstract": 1.0, "kw": 1.0, "mesh": 0.5}
"""bm25() weight per column (others 0: filters, not relevance). Title outranks abstract."""

TOKENIZER = "porter unicode61 remove_diacritics 2"

_LANGUAGES = {
    "eng": "english",
    "fre": "french",
    "ger": "german",
    "spa": "spanish",
    "ita": "italian",
    "jpn": "japanese",
    "chi": "chinese",
    "rus": "russian",
    "por": "portuguese",
    "pol": "polish",
    "dut": "dutch",
    "kor": "korean",
    "tur": "turkish",
    "swe": "swedish",
    "nor": "norwegian",
    "dan": "danish",
    "cze": "czech",
    "hun": "hungarian",
    "heb": "hebrew",
    "gre": "greek",
    "ara": "arabic",
    "per": "persian",
    "fin": "finnish",
    "ukr": "ukrainian",
}
"""NLM language codes -> names, so both "eng"[la] and "english"[la] match (as in PubMed)."""

_DDL = """
CREATE TABLE IF NOT EXISTS docs (
    rowid INTEGER PRIMARY KEY,
    pmid TEXT NOT NULL UNIQUE,
    hash TEXT NOT NULL,
    year INTEGER,
    data BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS files (
    name TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    records INTEGER NOT NULL,
    added_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def _join(values: list[str]) -> str:
    return f" {SEP} ".join(v for v in values if v)


def fts_values(record: Record) -> tuple[str, ...]:
    """The indexed text of `record`, one string per column of `COLUMNS` (deterministic)."""
    authors = []
    for a in record.authors:
        if a.collective:
            authors.append(a.collective)
        elif a.last_name:
            authors.append(" ".join(p for p in (a.last_name, a.initials) if p))
            if a.fore_name:
                authors.append(f"{a.last_name} {a.fore_name}")
    languages: list[str] = []
    for code in record.language:
        languages.extend((code, _LANGUAGES.get(code.lower(), "")))
    return (
        record.title,
        record.abstract_text,
        _join(list(record.keywords)),
        _join([m.descriptor for m in record.mesh]),
        _join([m.descriptor for m in record.mesh if m.major]),
        _join(list(record.affiliations)),
        _join(authors),
        _join(list(record.pub_types)),
        _join(languages),
        str(record.year) if record.year else "",
    )


def create(path: Path) -> sqlite3.Connection:
    """Open `path` for writing, creating the tables (not the engine's) if needed.

    Fast pragmas (in-memory journal, no fsync; the build switches the journal to disk for
    engines whose transactions span many batches): a build killed mid-way leaves meta
    state=building until the next build completes.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=MEMORY")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-65536")  # 64 MiB
    conn.executescript(_DDL)
    conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
    return conn


def engine_of(conn: sqlite3.Connection) -> str | None:
    """The engine an existing index uses ("fts5" for one built before engines had a name),
    or None for a new, empty file."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'engine'").fetchone()
    if row is not None:
        return str(row[0])
    has_fts = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'fts'").fetchone()
    return "fts5" if has_fts else None
