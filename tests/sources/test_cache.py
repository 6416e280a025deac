"""ResponseCache: bytes only, owner-only folder, TTL, secret-free keys, failures degrade."""

from __future__ import annotations

import logging
import sqlite3
import stat
import time

import pytest

from litcheck.sources.cache import RECORD_TTL, SEARCH_TTL, ResponseCache, request_key
from litcheck.sources.store import FILENAME

PLANTED: list[str] = []


class _Payload:
    """Unpickling this would run code: the attack CVE-2025-69872 describes (diskcache)."""

    def __reduce__(self):
        return (PLANTED.append, ("pwned",))


def _plant(folder, key, value):
    """Write a row straight into the cache's database, as someone with access to it could."""
    with sqlite3.connect(folder / FILENAME) as db:
        db.execute("INSERT OR REPLACE INTO responses VALUES (?, ?, NULL)", (key, value))


def test_ttls():
    assert SEARCH_TTL == 86400 and RECORD_TTL == 30 * 86400


def test_round_trip_bytes(tmp_path):
    with ResponseCache(tmp_path / "c") as cache:
        cache.set("k", b"<xml/>", expire=None)
        big = b"x" * 100_000
        cache.set("big", big, expire=None)
        assert cache.get("k") == b"<xml/>" and cache.get("big") == big
        assert cache.get("missing") is None


def test_refuses_non_bytes(tmp_path):
    with ResponseCache(tmp_path / "c") as cache, pytest.raises(TypeError):
        cache.set("k", "text", expire=None)  # type: ignore[arg-type]


def test_directory_is_owner_only(tmp_path):
    ResponseCache(tmp_path / "new" / "cache").close()
    assert stat.S_IMODE((tmp_path / "new" / "cache").stat().st_mode) == 0o700
    loose = tmp_path / "loose"
    loose.mkdir(mode=0o755)
    loose.chmod(0o755)
    ResponseCache(loose).close()
    assert stat.S_IMODE(loose.stat().st_mode) == 0o700


def test_planted_rows_are_never_unpickled_nor_used(tmp_path, caplog):
    import pickle

    folder = tmp_path / "c"
    ResponseCache(folder).close()
    _plant(folder, "pickle", pickle.dumps(_Payload()))  # stored as bytes: returned as bytes
    _plant(folder, "text", "<xml>not bytes</xml>")
    _plant(folder, "number", 42)
    with ResponseCache(folder) as cache, caplog.at_level(logging.WARNING, "litcheck"):
        assert cache.get("pickle") == pickle.dumps(_Payload())  # never unpickled
        assert cache.get("text") is None and cache.get("number") is None
    assert PLANTED == []
    assert caplog.text.count("unsafe cache row") == 2


def test_expired_rows_are_dropped_when_a_writer_closes(tmp_path):
    folder = tmp_path / "c"
    with ResponseCache(folder) as cache:
        cache.set("gone", b"1", expire=0.01)
        cache.set("kept", b"2", expire=None)
        time.sleep(0.05)
    with sqlite3.connect(folder / FILENAME) as db:
        assert [k for (k,) in db.execute("SELECT key FROM responses")] == ["kept"]


def test_entries_expire(tmp_path):
    with ResponseCache(tmp_path / "c") as cache:
        cache.set("short", b"1", expire=0.05)
        cache.set("long", b"2", expire=60)
        time.sleep(0.1)
        assert cache.get("short") is None and cache.get("long") == b"2"


def test_info_and_clear(tmp_path):
    with ResponseCache(tmp_path / "c") as cache:
        cache.set("a", b"1", expire=None)
        cache.set("b", b"2" * 50_000, expire=None)
        info = cache.info()
        assert info.entries == 2 and info.size_bytes > 50_000 and info.directory == tmp_path / "c"
        assert cache.clear() == 2
        assert cache.info().entries == 0 and cache.get("a") is None


def test_key_excludes_secrets_and_sorts_params():
    base = {"db": "pubmed", "term": "ketamine", "retmode": "json"}
    a = request_key("pubmed", "esearch.fcgi", base)
    b = request_key(
        "pubmed",
        "/esearch.fcgi",
        {
            "retmode": "json",
            "term": "ketamine",
            "db": "pubmed",
            "api_key": "SECRET",
            "email": "me@x.org",
            "tool": "litcheck",
            "access_token": "TOKEN",
            "client_secret": "S2",
        },
    )
    assert a == b and a.startswith("pubmed:")
    assert "SECRET" not in b and "me@x.org" not in b
    assert a != request_key("pubmed", "esearch.fcgi", {**base, "term": "x"})
    assert a != request_key("pubmed", "efetch.fcgi", base)
    # NCBI's history handle is named like a key but changes the answer: it stays in the key.
    assert a != request_key("pubmed", "esearch.fcgi", {**base, "query_key": "1"})


def test_unwritable_directory_warns_once_and_carries_on(tmp_path, caplog):
    blocker = tmp_path / "file"
    blocker.write_bytes(b"")
    with caplog.at_level(logging.WARNING, "litcheck"):
        cache = ResponseCache(blocker / "cache")  # a folder under a file: cannot exist
        cache.set("k", b"1", expire=None)
        assert cache.get("k") is None and not cache.enabled
        assert cache.clear() == 0 and cache.info().entries == 0
    assert len([r for r in caplog.records if "disabled" in r.getMessage()]) == 1


def test_cli_cache_info_and_clear(tmp_path):
    from click.testing import CliRunner

    from litcheck.cli import app

    folder = tmp_path / "cli-cache"
    with ResponseCache(folder) as cache:
        cache.set("a", b"1", expire=None)
        cache.set("b", b"2", expire=None)
    runner = CliRunner()
    info = runner.invoke(app, ["cache", "info", "--cache-dir", str(folder)])
    assert info.exit_code == 0, info.output
    assert "entries:   2" in info.stdout and str(folder) in info.stdout
    cleared = runner.invoke(app, ["cache", "clear", "--cache-dir", str(folder)])
    assert cleared.exit_code == 0 and "removed 2" in cleared.output
    assert (
        "entries:   0" in runner.invoke(app, ["cache", "info", "--cache-dir", str(folder)]).stdout
    )


def test_cli_cache_info_uses_env_folder(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from litcheck.cli import app

    monkeypatch.setenv("LITCHECK_CACHE_DIR", str(tmp_path / "env-cache"))
    result = CliRunner().invoke(app, ["cache", "info"])
    assert result.exit_code == 0 and str(tmp_path / "env-cache") in result.stdout


def test_shared_cache_opens_a_folder_once_and_closes_with_its_last_user(tmp_path):
    first = ResponseCache.shared(tmp_path / "c")
    second = ResponseCache.shared(tmp_path / "c")
    assert first is second
    first.set("k", b"v", expire=None)
    first.close()
    assert second.enabled and second.get("k") == b"v"  # still open for the other user
    second.close()
    assert not second.enabled
    reopened = ResponseCache.shared(tmp_path / "c")
    assert reopened is not first and reopened.get("k") == b"v"
    reopened.close()
