"""The SQLite FTS5 engine: a contentless `fts` table in the index file, rowid = docs.rowid.

Contentless halves the file size; the price is that removing a row needs the exact text it was
indexed with, which `store.fts_values(codec.load(blob))` regenerates deterministically.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from litcheck.corpus import codec, store
from litcheck.errors import InputError
from litcheck.sources.local import query
from litcheck.sources.local.query import Node

DDL = f"""
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    {", ".join(store.COLUMNS)}, content='', tokenize='{store.TOKENIZER}'
);
"""

_MARKS = ", ".join("?" * len(store.COLUMNS))
_INSERT = f"INSERT INTO fts(rowid, {', '.join(store.COLUMNS)}) VALUES (?, {_MARKS})"
_DELETE = f"INSERT INTO fts(fts, rowid, {', '.join(store.COLUMNS)}) VALUES ('delete', ?, {_MARKS})"


def _bm25_call() -> str:
    weights = ", ".join(str(store.WEIGHTS.get(c, 0.0)) for c in store.COLUMNS)
    return f"bm25(fts, {weights})"


class Fts5Writer:
    """Writes into the `fts` table through the build's own connection (same transaction)."""

    checkpoint_every = 0

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        conn.executescript(DDL)

    def add(self, rowid: int, year: int | None, values: tuple[str, ...]) -> None:
        """Insert the row's text."""
        self.conn.execute(_INSERT, (rowid, *values))

    def remove(self, rowid: int, old: bytes) -> None:
        """Delete the row, re-deriving the text it was indexed with (contentless table)."""
        self.conn.execute(_DELETE, (rowid, *store.fts_values(codec.load(old))))

    def commit(self) -> None:
        """Nothing to do: the rows commit with the build's SQLite transaction."""

    def finish(self, *, optimize: bool) -> None:
        """Merge all FTS5 b-trees into one when `optimize` (smaller file, faster queries)."""
        if optimize:
            self.conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")

    def close(self) -> None:
        """Nothing to do: the build rolls back its transaction."""


class Fts5Reader:
    """Searches the `fts` table with `query.to_fts`, through this thread's connection."""

    def __init__(self, conn: Callable[[], sqlite3.Connection]) -> None:
        self._conn = conn

    def search(
        self, node: Node, *, years: tuple[int, int] | None, limit: int, offset: int
    ) -> tuple[int, list[int]]:
        """(count, rowids best first): bm25() with `store.WEIGHTS`, then rowid descending."""
        match = query.to_fts(node, years=years)
        conn = self._conn()
        try:
            count = int(
                conn.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (match,)).fetchone()[0]
            )
            if count == 0 or limit <= 0:
                return count, []
            rows = conn.execute(
                f"SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY {_bm25_call()}, rowid DESC "
                "LIMIT ? OFFSET ?",
                (match, limit, offset),
            ).fetchall()
        except sqlite3.OperationalError as exc:  # should not happen: to_fts quotes every term
            raise InputError(
                f"the local index could not run {query.translate(node)!r}: {exc}", tip=query.TIP
            ) from None
        return count, [int(r[0]) for r in rows]

    def close(self) -> None:
        """Nothing to do: LocalIndex owns the connections."""
