"""ResponseCache: bytes only, owner-only folder, TTL, secret-free keys, failures degrade."""

from __future__ import annotations

import logging
import stat
import time

import diskcache
import pytest

from litcheck.sources.cache import RECORD_TTL, SEARCH_TTL, ResponseCache, request_key

PLANTED: list[str] = []


class _Payload:
    """Unpickling this would run code: the attack CVE-2025-69872 describes."""

    def __reduce__(self):
        return (PLANTED.append, ("pwned",))


def test_ttls():
    assert SEARCH_TTL == 86400 and RECORD_TTL == 30 * 86400


def test_round_trip_bytes(tmp_path):
    with ResponseCache(tmp_path / "c") as cache:
        cache.set("k", b"<xml/>", expire=None)
        big = b"x" * 100_000  # stored as a file by diskcache
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


def test_refuses_to_unpickle_planted_rows(tmp_path, caplog):
    folder = tmp_path / "c"
    ResponseCache(folder).close()
    with diskcache.Cache(str(folder)) as plain:  # an attacker writing with stock diskcache
        plain.set("evil", _Payload())
    with ResponseCache(folder) as cache, caplog.at_level(logging.WARNING, "litcheck"):
        assert cache.get("evil") is None
    assert PLANTED == []
    assert "unsafe cache row" in caplog.text


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
