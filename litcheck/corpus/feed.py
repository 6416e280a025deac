"""Turn a source file into batches ready for the index, optionally in a second process.

A bulk build has three CPU-heavy stages: gunzip, XML parsing (+ encoding each record as JSON
and as indexed text), and SQLite FTS5 insertion. On a 2-core machine one process tops out near
2,000 records/s, so for large files the parsing runs in a worker process (with gunzip in a
thread of that worker: zlib releases the GIL) while the parent inserts. Batches cross the
process boundary as plain tuples of str/bytes, which pickle cheaply (Records do not).
Decompression runs in the `gzip` program when installed (a third process), else in a thread.

Small files are parsed in-process: starting a worker costs more than it saves.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import multiprocessing
import queue
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from litcheck.corpus import codec, store
from litcheck.corpus.fastxml import Deleted
from litcheck.errors import InputError, LitcheckError
from litcheck.models import Record

PARALLEL_MIN_BYTES = 8_000_000
"""Files at least this big are parsed in a worker process."""
BATCH = 2000

Prepared = tuple[Any, ...]
"""("d", pmid) for a deletion, or ("r", pmid, year, digest, json_bytes, fts_values)."""


def prepare(item: Record | Deleted) -> Prepared:
    """One parsed item -> the values the index stores for it."""
    if isinstance(item, Deleted):
        return ("d", item.pmid)
    data = codec.to_bytes(item)
    digest = hashlib.blake2b(data, digest_size=10).hexdigest()
    return ("r", item.pmid or item.native_id, item.year, digest, data, store.fts_values(item))


def _batches(path: Path) -> Iterator[list[Prepared]]:
    from litcheck.corpus.readers import iter_items

    batch: list[Prepared] = []
    for item in iter_items(path):
        batch.append(prepare(item))
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


class _ThreadedGunzip(io.RawIOBase):
    """A gzip file decompressed ahead by a background thread, read as a plain stream."""

    def __init__(self, path: Path, chunk: int = 1 << 20) -> None:
        self._queue: queue.Queue[bytes | BaseException] = queue.Queue(maxsize=16)
        self._buffer = b""
        self._eof = False
        self._thread = threading.Thread(target=self._run, args=(path, chunk), daemon=True)
        self._thread.start()

    def _run(self, path: Path, chunk: int) -> None:
        try:
            with gzip.open(path, "rb") as fh:
                while data := fh.read(chunk):
                    self._queue.put(data)
            self._queue.put(b"")
        except BaseException as exc:  # handed to the reading thread, which raises it
            self._queue.put(exc)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._buffer and not self._eof:
            got = self._queue.get()
            if isinstance(got, BaseException):
                raise got
            self._buffer = got
            self._eof = got == b""
        n = min(len(buffer), len(self._buffer))
        buffer[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n


@contextmanager
def _gunzipped(path: Path) -> Iterator[io.BufferedReader]:
    """`path` decompressed concurrently: by the gzip program when there is one (C, ~2x faster
    than Python's gzip module, and a separate process), else by a background thread."""
    gzip_program = shutil.which("gzip")
    if gzip_program is None:
        yield io.BufferedReader(_ThreadedGunzip(path), 1 << 16)
        return
    proc = subprocess.Popen([gzip_program, "-dc", "--", str(path)], stdout=subprocess.PIPE)
    assert proc.stdout is not None
    try:
        yield io.BufferedReader(proc.stdout, 1 << 16)  # type: ignore[arg-type]
    finally:
        proc.stdout.close()
        if proc.wait() not in (0, -13):  # -13: SIGPIPE when we stop reading early
            raise InputError(f"{path} is not a valid gzip file (gzip exited {proc.returncode})")


def _worker(path: str, out: Any) -> None:
    """Worker process: parse `path`, put batches on `out`, then None (or an error tuple)."""
    try:
        source = Path(path)
        with source.open("rb") as fh:
            gzipped = fh.read(2) == b"\x1f\x8b"
        if gzipped:
            with _gunzipped(source) as stream:
                if stream.peek(64).lstrip().startswith(b"<"):
                    from litcheck.corpus.fastxml import iter_pubmed_xml

                    batch: list[Prepared] = []
                    for item in iter_pubmed_xml(stream):
                        batch.append(prepare(item))
                        if len(batch) >= BATCH:
                            out.put(batch)
                            batch = []
                    if batch:
                        out.put(batch)
                    out.put(None)
                    return
        for batch in _batches(source):
            out.put(batch)
        out.put(None)
    except LitcheckError as exc:
        out.put(("error", exc.message, exc.tip))
    except Exception as exc:  # reported by the parent as an InputError naming the file
        out.put(("error", f"could not read {path}: {exc}", None))


def iter_batches(path: Path, *, parallel: bool | None = None) -> Iterator[list[Prepared]]:
    """Prepared batches for `path`. `parallel=None` decides by file size."""
    if parallel is None:
        parallel = path.stat().st_size >= PARALLEL_MIN_BYTES and (multiprocessing.cpu_count() > 1)
    if not parallel:
        yield from _batches(path)
        return
    # "spawn", not fork: the parent may run threads (the progress bar), and forking a
    # threaded process is unsafe (https://docs.python.org/3/library/os.html#os.fork).
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue(maxsize=8)
    proc = ctx.Process(target=_worker, args=(str(path), out), daemon=True)
    proc.start()
    try:
        while True:
            try:
                got = out.get(timeout=1.0)
            except queue.Empty:
                if not proc.is_alive():
                    raise InputError(f"the parser for {path} stopped unexpectedly") from None
                continue
            if got is None:
                break
            if isinstance(got, tuple) and got and got[0] == "error":
                raise InputError(got[1], tip=got[2])
            yield got
        proc.join()
    finally:
        if proc.is_alive():
            proc.terminate()
            proc.join()
