"""Sentence-embedding vectors of a local index's records: written by `litcheck corpus embed`,
read for semantic recall (`--semantic`: the claim's nearest records join its pool).

Why: BM25 over the claim's words misses a reference that says the same thing in other words
("cellular clocks" / "circadian oscillators"). On SciFact train, adding the 20 records nearest
to the claim by embedding to the all-claim-words pool of 50 lifts the share of claims whose
reference is in the pool from 0.917 to 0.947 (measured with bench/semantic_eval.py's vectors).

Layout: table `vectors(pmid PRIMARY KEY, hash, vec)` beside `docs`. `vec` is the record's
L2-normalised embedding of title + abstract as float16 bytes; `hash` is the `docs.hash` it was
computed from, so a replaced record is re-embedded and a stale vector is never used. Records
deleted from `docs` lose their vector at the next `embed`. The model's name is kept in
`meta.vectors_model`; vectors of another model are not mixed in (`embed` starts over).

Search is exact (one matrix product over all vectors, loaded once per process as float32): about
1.5 KB of memory per record, so fine for indexes up to a few million records, not for the whole of
PubMed (38 M records would need 29 GB and hours of embedding per million on 2 CPU cores; an
approximate-nearest-neighbour index would be the next step).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from litcheck.corpus import codec
from litcheck.models import Record

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

DDL = """
CREATE TABLE IF NOT EXISTS vectors (
    pmid TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    vec BLOB NOT NULL
);
"""
MODEL_KEY = "vectors_model"


def record_text(record: Record) -> str:
    """The text embedded for a record: title and abstract (what `Encoder` calls the doc view)."""
    return " ".join(p for p in (record.title.strip(), record.abstract_text.strip()) if p)


def embed_index(
    conn: sqlite3.Connection,
    encode: Callable[[Sequence[str]], Sequence[Any]],
    model: str,
    *,
    batch: int = 256,
    progress: Callable[[int], None] | None = None,
) -> tuple[int, int]:
    """Embed every record of the index opened for writing on `conn` that lacks a current vector.

    `encode(texts)` returns one L2-normalised vector per text. Returns (embedded, removed):
    records embedded now, and vectors dropped because their record is gone. Commits per batch,
    so an interrupted run keeps what it did and the next run goes on from there.
    """
    import numpy as np

    conn.executescript(DDL)
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (MODEL_KEY,)).fetchone()
    if row is not None and row[0] != model:
        conn.execute("DELETE FROM vectors")
    conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (MODEL_KEY, model))
    removed = conn.execute("DELETE FROM vectors WHERE pmid NOT IN (SELECT pmid FROM docs)").rowcount
    todo = conn.execute(
        "SELECT d.pmid, d.hash, d.data FROM docs AS d LEFT JOIN vectors AS v "
        "ON v.pmid = d.pmid AND v.hash = d.hash WHERE v.pmid IS NULL ORDER BY d.rowid"
    )
    done = 0
    while rows := todo.fetchmany(batch):
        texts = [record_text(codec.load(data)) for _, _, data in rows]
        vecs = np.asarray(encode(texts), dtype=np.float16)
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
            [(pmid, h, v.tobytes()) for (pmid, h, _), v in zip(rows, vecs, strict=True)],
        )
        conn.execute("COMMIT")
        done += len(rows)
        if progress is not None:
            progress(len(rows))
    return done, removed


class VectorTable:
    """Read side: exact nearest records to a query vector. Loaded on first use, thread-safe."""

    def __init__(self, connect: Callable[[], sqlite3.Connection]) -> None:
        self._connect = connect
        self._lock = threading.Lock()
        self._loaded = False
        self._pmids: list[str] = []
        self._matrix: NDArray[np.float32] | None = None
        self.model: str | None = None

    def _load(self) -> None:
        import numpy as np

        conn = self._connect()
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (MODEL_KEY,)).fetchone()
            rows = conn.execute(
                "SELECT v.pmid, v.vec FROM vectors AS v JOIN docs AS d "
                "ON d.pmid = v.pmid AND d.hash = v.hash ORDER BY d.rowid"
            ).fetchall()
        except sqlite3.OperationalError:  # built without `corpus embed`: no table
            row, rows = None, []
        self.model = row[0] if row else None
        self._pmids = [r[0] for r in rows]
        if rows:
            half = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float16)
            self._matrix = half.astype(np.float32).reshape(len(rows), -1)
        self._loaded = True

    def __len__(self) -> int:
        with self._lock:
            if not self._loaded:
                self._load()
        return len(self._pmids)

    def nearest(self, vector: Any, k: int) -> list[tuple[str, float]]:
        """The `k` records closest to `vector` (cosine, best first): (pmid, similarity)."""
        import numpy as np

        with self._lock:
            if not self._loaded:
                self._load()
        if self._matrix is None or k <= 0:
            return []
        q = np.asarray(vector, dtype=np.float32).reshape(-1)
        if q.shape[0] != self._matrix.shape[1]:
            return []
        sims = self._matrix @ q
        k = min(k, sims.shape[0])
        top = np.argpartition(-sims, k - 1)[:k]
        top = top[np.argsort(-sims[top], kind="stable")]
        return [(self._pmids[i], float(sims[i])) for i in top]
