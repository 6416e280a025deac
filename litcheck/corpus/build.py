"""Build or update a local index from PubMed XML, MEDLINE text or JSONL files.

`build_index(sources, out)` is incremental:

- a source file already applied (same name, size and mtime) is skipped;
- a record whose PMID is new is added; one whose stored content differs is replaced (the later
  file wins, as with PubMed's baseline followed by its update files); identical is unchanged;
- an update file's `<DeleteCitation>` removes those PMIDs.

Memory stays bounded: records stream through in batches (`feed.BATCH`); the search engine
(`litcheck.corpus.engines`: tantivy by default, or FTS5) commits before SQLite does.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from msgspec import Struct

from litcheck.corpus import INDEX_FILENAME, codec, store
from litcheck.corpus.engines import DEFAULT_ENGINE, EngineWriter, check_name, open_writer
from litcheck.corpus.feed import Prepared, iter_batches
from litcheck.corpus.readers import expand_sources
from litcheck.errors import InputError


class BuildSummary(Struct, frozen=True):
    """What a build did."""

    added: int = 0
    replaced: int = 0
    deleted: int = 0
    unchanged: int = 0
    seconds: float = 0.0
    files_read: int = 0
    files_skipped: int = 0
    total: int = 0
    """Records in the index afterwards."""
    path: Path | None = None
    """The index file."""

    @property
    def records_per_second(self) -> float:
        seen = self.added + self.replaced + self.unchanged + self.deleted
        return seen / self.seconds if self.seconds > 0 else 0.0


def index_file(out: Path) -> Path:
    """The index file for `out`: `out` itself if it ends in .sqlite, else out/litcheck-index.sqlite."""
    return out if out.suffix == ".sqlite" else out / INDEX_FILENAME


class _Writer:
    """Applies items to an open index (the `docs` table and the engine), counting what happened.

    SQLite commits only right after the engine commits (every batch for FTS5, which shares the
    transaction; every `engine.checkpoint_every` records and at the end of each file for
    tantivy), so the engine is never behind the `docs` table.
    """

    def __init__(self, conn: sqlite3.Connection, engine: EngineWriter) -> None:
        self.conn = conn
        self.engine = engine
        self.counts = {"added": 0, "replaced": 0, "deleted": 0, "unchanged": 0}
        self.min_year: int | None = None
        self.max_year: int | None = None
        self._pending = 0

    def apply(self, batch: list[Prepared]) -> None:
        """Apply one batch; commit when a checkpoint is due."""
        conn = self.conn
        if not conn.in_transaction:
            conn.execute("BEGIN")
        for item in batch:
            if item[0] == "d":
                row = conn.execute(
                    "SELECT rowid, data FROM docs WHERE pmid = ?", (item[1],)
                ).fetchone()
                if row is not None:
                    self.engine.remove(row[0], row[1])
                    conn.execute("DELETE FROM docs WHERE rowid = ?", (row[0],))
                    self.counts["deleted"] += 1
                continue
            self._upsert(item)
        self._pending += len(batch)
        if self._pending >= self.engine.checkpoint_every:
            self.checkpoint()

    def _upsert(self, item: Prepared) -> None:
        _, pmid, year, digest, data, values = item
        conn = self.conn
        row = conn.execute("SELECT rowid, hash, data FROM docs WHERE pmid = ?", (pmid,)).fetchone()
        if row is not None:
            if row[1] == digest:
                self.counts["unchanged"] += 1
                return
            self.engine.remove(row[0], row[2])
            conn.execute(
                "UPDATE docs SET hash = ?, year = ?, data = ? WHERE rowid = ?",
                (digest, year, codec.compress(data), row[0]),
            )
            rowid = row[0]
            self.counts["replaced"] += 1
        else:
            cursor = conn.execute(
                "INSERT INTO docs(pmid, hash, year, data) VALUES (?, ?, ?, ?)",
                (pmid, digest, year, codec.compress(data)),
            )
            rowid = cursor.lastrowid
            self.counts["added"] += 1
        self.engine.add(rowid, year, values)
        if year is not None:
            self.min_year = min(self.min_year or year, year)
            self.max_year = max(self.max_year or year, year)

    def checkpoint(self) -> None:
        """Commit the engine, then SQLite (see the class docstring for why in that order)."""
        self.engine.commit()
        if self.conn.in_transaction:
            self.conn.execute("COMMIT")
        self._pending = 0

    def finish(self) -> None:
        for key, value, pick in (
            ("min_year", self.min_year, min),
            ("max_year", self.max_year, max),
        ):
            if value is None:
                continue
            row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
            best = pick(value, int(row[0])) if row else value
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, str(best)))


def _apply_file(
    conn: sqlite3.Connection,
    writer: _Writer,
    file: Path,
    *,
    progress: Callable[[int], None] | None,
    parallel: bool | None,
) -> bool:
    """Apply one source file's records; False when the index already holds it unchanged."""
    stat = file.stat()
    name = str(file.resolve())
    row = conn.execute("SELECT size, mtime_ns FROM files WHERE name = ?", (name,)).fetchone()
    if row is not None and tuple(row) == (stat.st_size, stat.st_mtime_ns):
        return False
    count = 0
    for batch in iter_batches(file, parallel=parallel):
        writer.apply(batch)
        count += len(batch)
        if progress:
            progress(len(batch))
    if not conn.in_transaction:
        conn.execute("BEGIN")
    conn.execute(
        "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
        (name, stat.st_size, stat.st_mtime_ns, count, datetime.now(UTC).isoformat()),
    )
    writer.checkpoint()  # the file's last records and its `files` row commit together
    return True


def _open_engine(
    conn: sqlite3.Connection, path: Path, engine: str | None
) -> tuple[str, EngineWriter]:
    """The engine an existing index uses (asking for another one is an InputError), else
    `engine` or the default; recorded in meta."""
    existing = store.engine_of(conn)
    if existing is not None and engine is not None and engine != existing:
        raise InputError(
            f"{path} is a {existing} index; it cannot be updated as {engine}",
            tip=f"drop --engine, or build a {engine} index in another folder",
        )
    name = existing or engine or DEFAULT_ENGINE
    if name != "fts5":
        # Transactions span many batches: journal to disk so memory stays flat, and a smaller
        # page cache (the engine has its own memory budget; docs are mostly appended).
        conn.execute("PRAGMA journal_mode=TRUNCATE")
        conn.execute("PRAGMA cache_size=-32768")  # 32 MiB
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('engine', ?)", (name,))
    return name, open_writer(name, conn, path)


def _close(conn: sqlite3.Connection, writer: _Writer | None) -> None:
    """End a build, successful or not.

    SQLite commits only after the engine did, so after a Python-level error (bad input, Ctrl-C)
    rolling back the open transaction and dropping the engine's uncommitted work leaves a
    consistent index: mark it usable. Only a killed process leaves state=building
    (LocalIndex.open refuses it; building again resumes and repairs it).
    """
    try:
        if writer is not None:
            writer.engine.close()
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if writer is not None:
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('state', 'ready')")
    except sqlite3.DatabaseError:
        pass
    conn.close()


def build_index(
    sources: Sequence[Path],
    out: Path,
    *,
    progress: Callable[[int], None] | None = None,
    optimize: bool = True,
    parallel: bool | None = None,
    engine: str | None = None,
) -> BuildSummary:
    """Build or update the index at `out` (a folder, or a .sqlite file) from `sources`.

    `progress(n)` is called after each batch with the number of items just applied.
    `optimize` merges FTS5 segments at the end (smaller, faster to query; takes a few seconds
    per million records; tantivy merges in the background as it goes). `parallel` parses in a
    worker process (None: for files >= 8 MB; see `litcheck.corpus.feed`). `engine` ("tantivy"
    or "fts5", see `litcheck.corpus.engines`) is for a new index; an existing one keeps its own.
    Bad input -> InputError naming the file; files applied before it stay. A build that was
    killed resumes when run again: applied files are skipped, the rest re-read.
    """
    started = time.perf_counter()
    if engine is not None:
        check_name(engine)  # before anything is created
    files = expand_sources(sources)
    path = index_file(out)
    conn = store.create(path)
    read = skipped = 0
    writer: _Writer | None = None
    try:
        _, engine_writer = _open_engine(conn, path, engine)
        writer = _Writer(conn, engine_writer)
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('state', 'building')")
        for file in files:
            if _apply_file(conn, writer, file, progress=progress, parallel=parallel):
                read += 1
            else:
                skipped += 1
        writer.finish()
        engine_writer.finish(optimize=optimize and read > 0)
        total = conn.execute("SELECT count(*) FROM docs").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise InputError(
            f"could not write the index {path}: {exc}",
            tip="remove the folder and run litcheck corpus build again",
        ) from None
    finally:
        _close(conn, writer)
    assert writer is not None
    return BuildSummary(
        **writer.counts,
        seconds=time.perf_counter() - started,
        files_read=read,
        files_skipped=skipped,
        total=int(total),
        path=path,
    )
