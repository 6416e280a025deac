"""A cache only its owner can change (0o700 folder, 0o600 files, refused otherwise), keyed so
that any mirror of a service serves what another filled."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from litcheck.errors import ConfigError, ExitCode
from litcheck.models import Query
from litcheck.sources import cache as cache_module
from litcheck.sources.cache import ResponseCache
from litcheck.sources.http import HttpClient, RateLimiter
from litcheck.sources.pubmed.source import PubMedSource
from litcheck.sources.store import FILENAME
from tests.conftest import fixture_bytes


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_files_are_0600_and_folders_0700(tmp_path: Path):
    folder = tmp_path / "c"
    with ResponseCache(folder) as cache:
        cache.set("small", b"1", expire=None)
        cache.set("big", b"x" * 100_000, expire=None)
        files = [p for p in folder.rglob("*") if p.is_file()]  # with the -wal and -shm files
        assert {p.name for p in files} >= {FILENAME, FILENAME + "-wal", FILENAME + "-shm"}
        assert {p.name: _mode(p) for p in files} == {p.name: 0o600 for p in files}
    assert _mode(folder) == 0o700


def test_an_old_cache_db_0644_is_tightened_and_other_files_left_alone(tmp_path: Path):
    folder = tmp_path / "c"
    ResponseCache(folder).close()
    (folder / FILENAME).chmod(0o644)
    (folder / "cache.db").write_bytes(b"")  # what litcheck's diskcache kept here before
    (folder / "cache.db").chmod(0o644)
    (folder / "notes.txt").write_text("mine")
    (folder / "notes.txt").chmod(0o644)
    ResponseCache(folder).close()
    assert _mode(folder / FILENAME) == 0o600 and _mode(folder / "cache.db") == 0o600
    assert _mode(folder / "notes.txt") == 0o644  # not the cache's: not ours to change


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o702])
def test_a_folder_others_may_write_is_refused(tmp_path: Path, mode: int):
    folder = tmp_path / "others-writable"
    folder.mkdir()
    folder.chmod(mode)
    with pytest.raises(ConfigError, match="writable by others") as info:
        ResponseCache(folder)
    assert info.value.exit_code == ExitCode.USAGE and "chmod 700" in (info.value.tip or "")
    assert "\n" not in info.value.message


def test_a_folder_of_another_user_is_refused(tmp_path: Path, monkeypatch):
    folder = tmp_path / "theirs"
    folder.mkdir(mode=0o700)
    monkeypatch.setattr(cache_module.os, "getuid", lambda: os.stat(folder).st_uid + 1)
    with pytest.raises(ConfigError, match="belongs to another user") as info:
        ResponseCache(folder)
    assert "--cache-dir" in (info.value.tip or "")


def test_a_file_planted_by_another_user_is_refused(tmp_path: Path, monkeypatch):
    folder = tmp_path / "c"
    ResponseCache(folder).close()
    real = os.stat(folder).st_uid
    uids = iter([real])  # the folder is ours; what is in it (the database) looks like another's

    monkeypatch.setattr(cache_module.os, "getuid", lambda: next(uids, real + 1))
    with pytest.raises(ConfigError, match=f"{FILENAME}, which belongs to another user"):
        ResponseCache(folder)


def test_cli_refuses_an_open_cache_folder_with_exit_2(tmp_path: Path):
    from litcheck.cli import app

    folder = tmp_path / "open"
    folder.mkdir()
    folder.chmod(0o777)
    result = CliRunner().invoke(app, ["cache", "info", "--cache-dir", str(folder)])
    assert result.exit_code == 2
    assert "writable by others" in result.stderr and "tip" in result.stderr
    assert "Traceback" not in result.output


# -- across mirrors ----------------------------------------------------------------------------

MIRROR_A = "https://mirror-a.example.test/entrez/eutils/"
MIRROR_B = "http://127.0.0.1:9/some/proxy/eutils/"


def _source(base: str, cache: ResponseCache, **kwargs: str) -> PubMedSource:
    client = HttpClient(
        source="pubmed",
        base_url=base,
        base_url_env="LITCHECK_EUTILS_URL",
        limiter=RateLimiter(1000.0),
        cache=cache,
        sleep=lambda _s: None,
    )
    return PubMedSource(client, cache=cache, **kwargs)


def test_a_cache_filled_through_one_mirror_serves_another(respx_mock, tmp_path: Path):
    respx_mock.get(MIRROR_A + "esearch.fcgi").mock(
        return_value=httpx.Response(
            200, content=fixture_bytes("ncbi/journal_club_2017/practice_ids.fcgi")
        )
    )
    respx_mock.get(MIRROR_A + "efetch.fcgi").mock(
        return_value=httpx.Response(200, content=fixture_bytes("ncbi/biopython/pubmed1.xml"))
    )
    query = Query(source="pubmed", term="eye")
    with ResponseCache(tmp_path / "cache") as cache:
        a = _source(MIRROR_A, cache, api_key="KEY-A", email="a@example.org")
        first = a.search(query, limit=20)
        records = a.fetch(["12091962", "9997"])
        assert a.requests_sent == 2 and len(records) == 2
    failing = respx_mock.route(url__startswith=MIRROR_B).mock(
        side_effect=httpx.ConnectError("no network")
    )
    with ResponseCache(tmp_path / "cache") as cache:
        b = _source(MIRROR_B, cache, api_key="KEY-B")  # another key, no e-mail: same answers
        again = b.search(query, limit=20)
        cached = b.fetch(["9997", "12091962"])
    assert again.ids == first.ids and again.count == first.count
    assert sorted(r.pmid or "" for r in cached) == ["12091962", "9997"]
    assert failing.call_count == 0 and b.requests_sent == 0
