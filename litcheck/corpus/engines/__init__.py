"""The search-engine seam of a local index: what the build writes to and what a search reads.

A local index is one SQLite file (`store`: the `docs` table of record blobs keyed by PMID and
rowid, the `files` and `meta` tables) plus one search engine over the records' indexed text
(`store.fts_values`), keyed by the same rowid. The query AST (`litcheck.sources.local.query`) is
engine-independent; each engine turns it into its own query and answers with rowids, best first.

Engines:

- `fts5`: a contentless SQLite FTS5 table inside the same file (`engines.fts5`). The bundled
  sample, indexes built before engines existed, and the benchmark stand-ins' corpus use it.
- `tantivy`: a tantivy index in a folder next to the SQLite file (`engines.tantivy_engine`),
  the default for new builds: flat build memory and faster search at PubMed scale (bench/README).

An engine on a search cluster (OpenSearch) would be a third implementation of these two
protocols: `add`/`remove`/`commit` become bulk-API calls keyed by rowid (or PMID), `search`
becomes a `_search` of the translated AST with `track_total_hits` for the count.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from litcheck.errors import InputError
from litcheck.sources.local.query import Node

ENGINES = ("tantivy", "fts5")
DEFAULT_ENGINE = "tantivy"
"""What `litcheck corpus build` makes when the index is new and no `--engine` is given."""


class EngineWriter(Protocol):
    """Write side. Calls come inside the build's SQLite transaction; `commit` is called before
    that transaction commits, so the engine is never behind the `docs` table."""

    checkpoint_every: int
    """Records between commits (0: commit after every batch)."""

    def add(self, rowid: int, year: int | None, values: tuple[str, ...]) -> None:
        """Index a record's text (`store.fts_values`) under `rowid` (a new or replaced row)."""

    def remove(self, rowid: int, old: bytes) -> None:
        """Unindex `rowid`, whose stored blob (`codec.dump`) is `old`."""

    def commit(self) -> None:
        """Make everything added or removed so far durable."""

    def finish(self, *, optimize: bool) -> None:
        """Last call of a successful build: commit, and merge the index when `optimize`."""

    def close(self) -> None:
        """Release the engine, dropping whatever was not committed (always called)."""


class EngineReader(Protocol):
    """Read side; safe to call from several threads."""

    def search(
        self, node: Node, *, years: tuple[int, int] | None, limit: int, offset: int
    ) -> tuple[int, list[int]]:
        """(total hits, rowids best first) for the query `node`. Ranking: BM25 with field
        weights `store.WEIGHTS`; ties go to the higher rowid (the newer record)."""

    def close(self) -> None:
        """Release this thread's resources."""


def engine_dir(sqlite_path: Path) -> Path:
    """Where a file-based engine keeps its files: next to the SQLite file."""
    return sqlite_path.with_suffix(".tantivy")


def check_name(name: str) -> str:
    """`name` if it is a known engine; else InputError listing them."""
    if name not in ENGINES:
        raise InputError(f"unknown index engine {name!r}", tip=f"use one of: {', '.join(ENGINES)}")
    return name


def open_writer(name: str, conn: sqlite3.Connection, sqlite_path: Path) -> EngineWriter:
    """The write side of engine `name` for the index whose SQLite connection is `conn`."""
    if name == "fts5":
        from litcheck.corpus.engines.fts5 import Fts5Writer

        return Fts5Writer(conn)
    from litcheck.corpus.engines.tantivy_engine import TantivyWriter

    return TantivyWriter(engine_dir(sqlite_path), conn)


def open_reader(
    name: str, conn: Callable[[], sqlite3.Connection], sqlite_path: Path
) -> EngineReader:
    """The read side of engine `name`; `conn()` gives this thread's read-only connection."""
    if name == "fts5":
        from litcheck.corpus.engines.fts5 import Fts5Reader

        return Fts5Reader(conn)
    from litcheck.corpus.engines.tantivy_engine import TantivyReader

    return TantivyReader(engine_dir(sqlite_path))
