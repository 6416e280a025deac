"""Bytes-only on-disk cache for raw HTTP response bodies, keyed by canonical request.

Only raw bytes go in and come out: parsing always runs the current code, so a model change never
invalidates the cache, and nothing is ever unpickled. The file is `litcheck.sources.store`'s
(one SQLite table of BLOBs); this module adds the keys, the owner-only folder, and the rule that
a failing cache degrades to no cache.
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import threading
from collections.abc import Mapping
from pathlib import Path

from msgspec import Struct

from litcheck import log
from litcheck.digest import sha256
from litcheck.errors import ConfigError
from litcheck.redact import is_secret_name
from litcheck.sources.store import BytesStore, UnsafeRow

SEARCH_TTL: float = 86400.0
"""Searches expire after a day: the indexes change."""
RECORD_TTL: float = 30 * 86400.0
"""Records (one PubMed article) expire after 30 days."""

NOT_IN_KEY = frozenset({"tool"})
"""Sent with every request but never part of a cache key, like every secret (`is_secret_name`:
`api_key`, `email`, tokens...): the same request with another key or address is the same request."""


def request_key(kind: str, endpoint: str, params: Mapping[str, str]) -> str:
    """Canonical cache key for a request: `kind:sha256(endpoint sorted-params)`.

    `endpoint` is the path relative to the service's base URL ("esearch.fcgi"), never the base
    URL itself: a cache filled through one mirror or stand-in serves the same answers through
    another. The method is left out too (GET and POST of the same form are the same question).
    Secrets and `tool` are removed (`is_secret_name`), so keys never reveal them and a request
    made with or without an API key hits the same entry. `kind` (e.g. "pubmed:record") stays
    readable in front of the digest.
    """
    kept = sorted(
        (k, str(v)) for k, v in params.items() if k not in NOT_IN_KEY and not is_secret_name(k)
    )
    canonical = "\n".join([endpoint.lstrip("/"), *(f"{k}={v}" for k, v in kept)])
    return f"{kind}:{sha256(canonical.encode('utf-8')).hexdigest()}"


_STATUS_PREFIX = b"litcheck-status:"


def pack_response(status: int, content: bytes) -> bytes:
    """An HTTP answer as cache bytes: the status (openFDA caches 404 "no hits") is a one-line
    prefix before the body."""
    return _STATUS_PREFIX + str(status).encode("ascii") + b"\n" + content


def unpack_response(raw: bytes) -> tuple[int, bytes] | None:
    """(status, body) of `pack_response`'s bytes; None for bytes it did not write."""
    if not raw.startswith(_STATUS_PREFIX):
        return None
    head, _, body = raw.partition(b"\n")
    try:
        return int(head[len(_STATUS_PREFIX) :]), body
    except ValueError:
        return None


class CacheInfo(Struct, frozen=True):
    """What `litcheck cache info` shows."""

    directory: Path
    entries: int
    size_bytes: int


_CACHE_ENTRY = re.compile(
    r"^(?:litcheck-cache\.sqlite(?:-wal|-shm|-journal)?|cache\.db(?:-wal|-shm|-journal)?|[0-9a-f]{2})$"
)
"""What a cache folder of ours holds: the store's database and journals, and what earlier
litcheck versions' diskcache kept there (cache.db, value folders), left in place but private."""


def _make_private_dir(directory: Path) -> None:
    """Create `directory` owner-only (0o700), or refuse it.

    Raises `ConfigError` (exit 2) for a folder that belongs to another user or that group or
    others may write to: whoever can write the cache decides what litcheck reads. A folder of
    ours that others may only read is tightened to 0o700. `OSError` (cannot create) propagates.
    """
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = directory.stat()
    if info.st_uid != os.getuid():
        raise ConfigError(
            f"the cache folder {directory} belongs to another user (uid {info.st_uid})",
            tip="use a folder of your own: --cache-dir DIR or LITCHECK_CACHE_DIR",
        )
    if info.st_mode & 0o022:
        raise ConfigError(
            f"the cache folder {directory} is writable by others "
            f"(mode {stat.S_IMODE(info.st_mode):o})",
            tip=f"if its contents are yours, `chmod 700 {directory}`; or use another --cache-dir",
        )
    if info.st_mode & 0o077:
        directory.chmod(0o700)


def _make_private_files(directory: Path) -> None:
    """Make the cache's own entries in `directory` (its database and journals, an old
    diskcache's cache.db and value folders) owner-only: files 0o600, folders 0o700. Anything
    else there is left alone (the folder might be one the user keeps other files in). Raises `ConfigError` for such an
    entry that belongs to another user (planted where only we should write).
    """
    uid = os.getuid()
    with os.scandir(directory) as entries:
        for entry in entries:
            if not _CACHE_ENTRY.match(entry.name):
                continue
            info = entry.stat(follow_symlinks=False)
            if info.st_uid != uid:
                raise ConfigError(
                    f"the cache folder {directory} holds {entry.name}, which belongs to "
                    "another user",
                    tip="use a folder of your own: --cache-dir DIR or LITCHECK_CACHE_DIR",
                )
            wanted = 0o700 if stat.S_ISDIR(info.st_mode) else 0o600
            if stat.S_IMODE(info.st_mode) & 0o077 and not stat.S_ISLNK(info.st_mode):
                os.chmod(entry.path, wanted)


class ResponseCache:
    """The response cache of a folder: bytes by request key (`litcheck.sources.store`); a row
    that is not bytes is refused, so nothing planted there is ever used.

    Owner-only: the folder is 0o700 and its files 0o600; a folder (or an entry in it) that
    belongs to another user, or a folder others may write to, raises `ConfigError` (exit 2).

    A cache failure (unwritable folder, corrupt database) logs one warning and the cache then
    behaves as empty: a run carries on uncached rather than failing. Thread-safe.
    """

    _shared: dict[Path, ResponseCache] = {}
    _shared_lock = threading.Lock()

    @classmethod
    def shared(cls, directory: Path) -> ResponseCache:
        """The process's open cache for `directory`, opened once however many sources use it.

        Each call must be matched by one `close()`; the folder is really closed by the last.
        Opening the SQLite database (and its owner checks) cost ~15 ms per source per run.
        """
        key = Path(directory).resolve()
        with cls._shared_lock:
            cache = cls._shared.get(key)
            if cache is None or cache._cache is None:
                cache = cls._shared[key] = cls(directory)
                cache._key = key
            else:
                cache._refs += 1
            return cache

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._cache: BytesStore | None = None
        self._warned = False
        self._lock = threading.Lock()
        self._refs = 1
        self._key: Path | None = None
        try:
            _make_private_dir(self.directory)
            _make_private_files(self.directory)
            self._cache = BytesStore(self.directory)
            # SQLite creates the file by the umask (0644); its -wal/-shm copy the db's mode.
            _make_private_files(self.directory)
        except (OSError, sqlite3.Error) as exc:
            self._fail(exc)

    @property
    def enabled(self) -> bool:
        """False once the cache has failed: reads miss and writes are dropped."""
        return self._cache is not None

    def _fail(self, exc: BaseException) -> None:
        with self._lock:
            warn = not self._warned
            self._warned = True
        if warn:
            log.warning("cache at %s disabled (%s); carrying on uncached", self.directory, exc)
        cache, self._cache = self._cache, None
        if cache is not None:
            try:
                cache.close()
            except (OSError, sqlite3.Error):  # pragma: no cover - best effort
                pass

    def get(self, key: str) -> bytes | None:
        """The stored body for `key`, or None (missing, expired, unsafe row, or cache failed)."""
        cache = self._cache
        if cache is None:
            return None
        try:
            value = cache.get(key)
        except UnsafeRow as exc:
            log.warning("ignored an unsafe cache row in %s: %s", self.directory, exc)
            return None
        except (OSError, sqlite3.Error) as exc:
            self._fail(exc)
            return None
        return value if isinstance(value, bytes) else None

    def set(self, key: str, body: bytes, *, expire: float | None) -> None:
        """Store `body` under `key` for `expire` seconds (None: until cleared)."""
        if type(body) is not bytes:
            raise TypeError("ResponseCache stores bytes only")
        cache = self._cache
        if cache is None:
            return
        try:
            cache.put(key, body, expire=expire)
        except (OSError, sqlite3.Error) as exc:
            self._fail(exc)

    def info(self) -> CacheInfo:
        """Folder, number of entries and bytes used on disk (database plus value files)."""
        entries = 0
        cache = self._cache
        if cache is not None:
            try:
                entries = len(cache)
            except (OSError, sqlite3.Error) as exc:
                self._fail(exc)
        size = 0
        if self.directory.is_dir():
            for path in self.directory.rglob("*"):
                if path.is_file():
                    size += path.stat().st_size
        return CacheInfo(directory=self.directory, entries=entries, size_bytes=size)

    def clear(self) -> int:
        """Remove every entry; return how many there were."""
        cache = self._cache
        if cache is None:
            return 0
        try:
            return cache.clear()
        except (OSError, sqlite3.Error) as exc:
            self._fail(exc)
            return 0

    def close(self) -> None:
        """Close the folder (a `shared` cache: once its last user has closed it)."""
        with ResponseCache._shared_lock:
            self._refs -= 1
            if self._refs > 0:
                return
            if self._key is not None and ResponseCache._shared.get(self._key) is self:
                del ResponseCache._shared[self._key]
        cache, self._cache = self._cache, None
        if cache is not None:
            try:
                cache.close()
            except (OSError, sqlite3.Error) as exc:  # a full disk at the final cull: no matter
                log.warning("cache at %s: %s", self.directory, exc)

    def __enter__(self) -> ResponseCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
