"""HttpClient builds its httpx client only when a request misses the cache, with TLS set up
only for an https:// base URL (issue 16: start-up cost)."""

from __future__ import annotations

import ssl
from pathlib import Path

import httpx
import pytest

from litcheck.errors import SourceError
from litcheck.sources.cache import ResponseCache
from litcheck.sources.http import HttpClient, RateLimiter
from tests.conftest import fixture_bytes

ESEARCH_JSON = fixture_bytes("ncbi/journal_club_2017/practice_ids.fcgi")


def client(base: str, tmp_path: Path | None = None) -> HttpClient:
    return HttpClient(
        source="pubmed",
        base_url=base,
        base_url_env="LITCHECK_EUTILS_URL",
        limiter=RateLimiter(1000.0),
        cache=ResponseCache(tmp_path / "cache") if tmp_path else None,
        sleep=lambda _s: None,
        max_retries=0,
    )


def test_an_answer_from_the_cache_builds_no_http_client(respx_mock, tmp_path):
    base = "http://127.0.0.1:8765/entrez/eutils/"
    respx_mock.get(base + "esearch.fcgi").mock(return_value=httpx.Response(200, content=b"{}"))
    first = client(base, tmp_path)
    first.get("esearch.fcgi", {"term": "x"}, ttl=60)
    assert first._client is not None
    first.close()
    warm = client(base, tmp_path)
    response = warm.get("esearch.fcgi", {"term": "x"}, ttl=60)
    assert response.from_cache and warm._client is None and warm.requests_sent == 0
    warm.close()  # closing a client that never connected is fine


def test_https_client_verifies_with_the_ca_bundle(respx_mock):
    base = "https://eutils.example.test/entrez/eutils/"
    respx_mock.get(base + "esearch.fcgi").mock(
        return_value=httpx.Response(200, content=ESEARCH_JSON)
    )
    c = client(base)
    c.get("esearch.fcgi", {"term": "x"}, ttl=None)
    http = c._http()
    context = http._transport._pool._ssl_context  # type: ignore[attr-defined]
    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname
    assert context.cert_store_stats()["x509_ca"] > 0  # certificates were loaded


def test_plain_http_client_loads_no_certificates_and_cannot_skip_verification():
    c = client("http://127.0.0.1:8765/entrez/eutils/")
    http = c._http()
    context = http._transport._pool._ssl_context  # type: ignore[attr-defined]
    assert context.cert_store_stats()["x509_ca"] == 0
    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname


def test_plain_http_client_refuses_a_redirect_to_https(respx_mock):
    base = "http://mirror.example.test/entrez/eutils/"
    respx_mock.get(base + "esearch.fcgi").mock(
        return_value=httpx.Response(
            301, headers={"Location": "https://mirror.example.test/entrez/eutils/esearch.fcgi"}
        )
    )
    c = client(base)
    with pytest.raises(SourceError) as info:
        c.get("esearch.fcgi", {"term": "x"}, ttl=None)
    assert "LITCHECK_EUTILS_URL" in (info.value.tip or "")
    assert "https://" in info.value.message
