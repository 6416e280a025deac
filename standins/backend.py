"""What the E-utilities stand-in searches: a `Backend` protocol and a tiny in-memory one.

The stand-in only needs two operations, the ones `litcheck.corpus.LocalIndex` offers:

- `search(term, limit=, offset=) -> (count, pmids, translation)` executes a PubMed query;
- `records(pmids) -> list[Record]` returns the records it knows (unknown ids omitted).

`MemoryBackend` is a test double: every word of the query (field tags, booleans and quotes
ignored) must occur in the title, abstract, MeSH headings or publication types. It exists so the
server can be tested without building an index; the benchmark uses `LocalIndex`.

`SerialBackend` runs a backend's calls on one thread (SQLite connections stay on their thread);
`open_index(folder)` is a thread-safe backend over a built local index folder.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Protocol

from litcheck.models import Record


class Backend(Protocol):
    """A PubMed-dialect index the stand-in serves. Must be safe to call from several threads."""

    def search(self, term: str, *, limit: int = 20, offset: int = 0) -> tuple[int, list[str], str]:
        """Run `term`; return (total hits, up to `limit` PMIDs from `offset`, query translation)."""
        ...

    def records(self, pmids: Sequence[str]) -> list[Record]:
        """Records for `pmids` (any order; unknown PMIDs omitted)."""
        ...


_TAG = re.compile(r"\[[^\]]*\]")
_WORD = re.compile(r"[a-z0-9]+")
_BOOLEAN = {"and", "or", "not"}


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


class MemoryBackend:
    """A list of records searched by naive AND-of-words matching. See module docstring."""

    def __init__(self, records: Iterable[Record]) -> None:
        self._records = {r.pmid or r.native_id: r for r in records}
        self._text = {
            pmid: _words(
                " ".join(
                    (
                        r.title,
                        r.abstract_text,
                        " ".join(m.descriptor for m in r.mesh),
                        " ".join(r.pub_types),
                    )
                )
            )
            for pmid, r in self._records.items()
        }

    def search(self, term: str, *, limit: int = 20, offset: int = 0) -> tuple[int, list[str], str]:
        wanted = _words(_TAG.sub(" ", term)) - _BOOLEAN
        hits = [p for p, words in self._text.items() if wanted and wanted <= words]
        translation = " AND ".join(f'"{w}"[All Fields]' for w in sorted(wanted))
        return len(hits), hits[offset : offset + limit], translation

    def records(self, pmids: Sequence[str]) -> list[Record]:
        return [self._records[p] for p in pmids if p in self._records]


class SerialBackend:
    """Runs every call of a backend on one dedicated thread.

    SQLite connections may only be used by the thread that opened them, and the stand-in answers
    each request on its own thread; index lookups take milliseconds, so one worker is plenty
    (the simulated latency is slept outside it, concurrently).
    """

    def __init__(self, factory: Callable[[], Backend]) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="standin-index")
        self._backend = self._pool.submit(factory).result()

    def search(self, term: str, *, limit: int = 20, offset: int = 0) -> tuple[int, list[str], str]:
        return self._pool.submit(self._backend.search, term, limit=limit, offset=offset).result()

    def records(self, pmids: Sequence[str]) -> list[Record]:
        return self._pool.submit(self._backend.records, pmids).result()

    def close(self) -> None:
        self._pool.shutdown(wait=False)


def open_index(folder: str | Path) -> SerialBackend:
    """A thread-safe backend over a built local index folder (`litcheck corpus build`)."""
    from litcheck.sources.local.index import LocalIndex

    def factory() -> Backend:
        backend: Backend = LocalIndex.open(Path(folder))
        return backend

    return SerialBackend(factory)
