"""The response cache's file: one SQLite table of raw bytes with an expiry time.

`DIR/litcheck-cache.sqlite`, table `responses(key TEXT PRIMARY KEY, body BLOB, expires REAL)`,
WAL journal so that several litcheck processes (and the checker's threads, one connection
each) read while one writes; every `put` is its own transaction.

Why not diskcache, which litcheck used before: values are only ever bytes here, and diskcache
pickles anything else and unpickles such rows on read (CVE-2025-69872, still open upstream:
https://github.com/grantjenks/python-diskcache/issues/357), which litcheck had to guard against
row by row; and opening a `diskcache.Cache` costs ~45 SQL statements plus its import, ~20 ms of
every `litcheck claim` (issue 16). A table of BLOBs needs neither: a row that is not a BLOB is
reported as unsafe and never used, and nothing is ever unpickled.

Contract: `get` returns the bytes stored under a key until they expire, else None; `put` stores
bytes (TypeError for anything else). Errors are `sqlite3.Error`/`OSError`; `ResponseCache`
turns them into "carry on uncached".
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

FILENAME = "litcheck-cache.sqlite"
"""The database inside a cache folder (with its -wal and -shm files)."""

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS responses "
    "(key TEXT PRIMARY KEY, body BLOB NOT NULL, expires REAL) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS responses_expires ON responses(expires)",
)


class UnsafeRow(Exception):
    """A row whose body is not a BLOB (planted by someone else): never used."""


class BytesStore:
    """Bytes by key with expiry, in one SQLite file. Thread-safe (a connection per thread)."""

    def __init__(self, directory: Path) -> None:
        self.path = Path(directory) / FILENAME
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._all_lock = threading.Lock()
        self._wrote = False
        conn = self._conn()
        conn.execute("PRAGMA journal_mode=WAL")
        for statement in _SCHEMA:
            conn.execute(statement)

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            # Autocommit (each put its own transaction); wait up to 30 s for another writer.
            conn = sqlite3.connect(
                self.path, timeout=30, isolation_level=None, check_same_thread=False
            )
            # A small page cache per connection: the checker has a connection per worker
            # thread, and SQLite's defaults would grow a long batch's memory (see bench memory).
            conn.execute("PRAGMA cache_size=-1024")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn = conn
            with self._all_lock:
                self._all.append(conn)
        return conn

    def get(self, key: str) -> bytes | None:
        """The bytes under `key`, or None (absent or expired). UnsafeRow for a non-BLOB row."""
        row = (
            self._conn()
            .execute("SELECT body, expires FROM responses WHERE key = ?", (key,))
            .fetchone()
        )
        if row is None:
            return None
        body, expires = row
        if expires is not None and expires <= time.time():
            return None
        if type(body) is not bytes:
            raise UnsafeRow(f"cache row for {key[:40]} holds {type(body).__name__}, not bytes")
        return body

    def put(self, key: str, body: bytes, *, expire: float | None) -> None:
        """Store `body` under `key` for `expire` seconds (None: until cleared)."""
        if type(key) is not str or type(body) is not bytes:
            raise TypeError("the cache stores bytes under str keys only")
        expires = None if expire is None else time.time() + expire
        self._conn().execute(
            "INSERT OR REPLACE INTO responses (key, body, expires) VALUES (?, ?, ?)",
            (key, body, expires),
        )
        self._wrote = True

    def __len__(self) -> int:
        return int(self._conn().execute("SELECT count(*) FROM responses").fetchone()[0])

    def clear(self) -> int:
        """Remove every row; how many there were."""
        return int(self._conn().execute("DELETE FROM responses").rowcount)

    def close(self) -> None:
        """Drop expired rows if this process wrote (keeps the file from growing), then close."""
        with self._all_lock:
            conns, self._all = self._all, []
        try:
            if self._wrote and conns:
                conns[0].execute(
                    "DELETE FROM responses WHERE expires IS NOT NULL AND expires <= ?",
                    (time.time(),),
                )
        finally:
            for conn in conns:
                conn.close()
            self._local = threading.local()
