"""Read side of a local index: PubMed-syntax search ranked by BM25, and record lookup.

The search runs in the index's engine (`litcheck.corpus.engines`: tantivy or FTS5, recorded in
its meta table; indexes from before engines had names are FTS5); records come from SQLite.
Thread-safe: each thread gets its own read-only SQLite connection (sqlite3 connections must not
be shared across threads without a lock, and separate connections let searches run in parallel).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

from litcheck.corpus import INDEX_FILENAME, codec, store
from litcheck.corpus.engines import ENGINES, engine_dir, open_reader
from litcheck.corpus.vectors import VectorTable
from litcheck.errors import ConfigError
from litcheck.models import Record
from litcheck.sources.local import query

_BUILD_TIP = "build one with: litcheck corpus build SRC... --out DIR"


class LocalIndex:
    """A local PubMed index (a SQLite file, plus a tantivy folder for that engine). Open with
    `LocalIndex.open(path)`."""

    def __init__(self, path: Path, *, immutable: bool = False) -> None:
        self.path = path
        self._uri = f"{path.resolve().as_uri()}?{'immutable=1' if immutable else 'mode=ro'}"
        self._local = threading.local()
        conn = self._conn()
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("schema") != store.SCHEMA_VERSION:
            raise ConfigError(
                f"{path} was built by another version of litcheck (schema {meta.get('schema')})",
                tip="rebuild it: " + _BUILD_TIP,
            )
        if meta.get("state") != "ready":
            raise ConfigError(
                f"{path} is incomplete (its build was interrupted)", tip="rebuild it: " + _BUILD_TIP
            )
        self.years: tuple[int, int] | None = (
            (int(meta["min_year"]), int(meta["max_year"])) if "min_year" in meta else None
        )
        self._count = int(conn.execute("SELECT count(*) FROM docs").fetchone()[0])
        self.engine = meta.get("engine") or store.engine_of(conn) or "fts5"
        if self.engine not in ENGINES:
            raise ConfigError(
                f"{path} uses the search engine {self.engine!r}, unknown to this litcheck",
                tip="rebuild it: " + _BUILD_TIP,
            )
        self._engine = open_reader(self.engine, self._conn, path)
        self.vectors = VectorTable(self._conn)
        """Embeddings written by `litcheck corpus embed` (empty when never run)."""

    @classmethod
    def open(cls, path: Path, *, immutable: bool = False) -> LocalIndex:
        """Open the index at `path`: a folder holding litcheck-index.sqlite, or the file itself.

        `immutable` is for read-only media (the bundled sample inside an installed package).
        Missing or unreadable -> ConfigError with a tip to build it.
        """
        file = path / INDEX_FILENAME if path.is_dir() else path
        if not file.is_file():
            raise ConfigError(f"no local index at {path}", tip=_BUILD_TIP)
        journal = file.with_name(file.name + "-journal")
        if journal.is_file() and journal.stat().st_size > 0:
            # A killed build's hot journal: rolling it back needs a writable connection, and the
            # build run again does that (and resumes).
            raise ConfigError(
                f"{file} is incomplete (its build was interrupted)",
                tip="run the same litcheck corpus build again: it resumes",
            )
        try:
            return cls(file, immutable=immutable)
        except sqlite3.DatabaseError as exc:
            raise ConfigError(f"{file} is not a litcheck index ({exc})", tip=_BUILD_TIP) from None

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self._uri, uri=True, check_same_thread=True)
            self._local.conn = conn
        return conn

    def __len__(self) -> int:
        return self._count

    def search(self, term: str, *, limit: int = 20, offset: int = 0) -> tuple[int, list[str], str]:
        """Run a PubMed query: (total hits, PMIDs best first, translation).

        Ranking is BM25 with field weights (`store.WEIGHTS`: title 3, abstract and keywords 1,
        MeSH 0.5); ties go to the newer record. Bad syntax -> InputError with a tip.
        """
        node = query.parse(term)
        count, rowids = self._engine.search(node, years=self.years, limit=limit, offset=offset)
        return count, self._pmids(rowids), query.translate(node)

    def _pmids(self, rowids: list[int]) -> list[str]:
        if not rowids:
            return []
        marks = ", ".join("?" * len(rowids))
        found = dict(
            self._conn()
            .execute(f"SELECT rowid, pmid FROM docs WHERE rowid IN ({marks})", rowids)
            .fetchall()
        )
        return [found[r] for r in rowids if r in found]

    def records(self, pmids: Sequence[str]) -> list[Record]:
        """Records for `pmids`, in the order asked; unknown PMIDs are left out."""
        if not pmids:
            return []
        conn = self._conn()
        found: dict[str, Record] = {}
        wanted = list(dict.fromkeys(str(p) for p in pmids))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            for pmid, blob in conn.execute(
                f"SELECT pmid, data FROM docs WHERE pmid IN ({marks})", chunk
            ):
                found[pmid] = codec.load(blob)
        return [found[p] for p in wanted if p in found]

    def info(self) -> dict[str, object]:
        """Size, record count, year range and the files it was built from (for `corpus info`)."""
        conn = self._conn()
        files = conn.execute(
            "SELECT name, records, added_at FROM files ORDER BY added_at"
        ).fetchall()
        try:
            vectors = int(conn.execute("SELECT count(*) FROM vectors").fetchone()[0])
            row = conn.execute("SELECT value FROM meta WHERE key = 'vectors_model'").fetchone()
        except sqlite3.OperationalError:  # never embedded
            vectors, row = 0, None
        engine_bytes = sum(f.stat().st_size for f in engine_dir(self.path).glob("*") if f.is_file())
        return {
            "path": str(self.path),
            "engine": self.engine,
            "records": self._count,
            "vectors": vectors,
            "vectors_model": row[0] if row else None,
            "bytes": self.path.stat().st_size + engine_bytes,
            "years": list(self.years) if self.years else None,
            "files": [{"name": n, "records": r, "added_at": a} for n, r, a in files],
        }

    def close(self) -> None:
        """Close this thread's connection (others close when their thread ends)."""
        self._engine.close()
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
