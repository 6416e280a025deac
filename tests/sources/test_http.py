"""HttpClient and RateLimiter: spacing, retries, error translation, cache and offline."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from litcheck.errors import BadResponse, OfflineMiss, RateLimited, SourceError, SourceUnavailable
from litcheck.sources.cache import ResponseCache
from litcheck.sources.http import HttpClient, RateLimiter
from tests.conftest import fixture_bytes

BASE = "https://eutils.example.test/entrez/eutils/"
ESEARCH = BASE + "esearch.fcgi"
ESEARCH_JSON = fixture_bytes("ncbi/journal_club_2017/practice_ids.fcgi")


def make_client(
    tmp_path: Path | None = None,
    *,
    offline: bool = False,
    sleeps: list[float] | None = None,
    cache: bool = True,
    **kwargs: Any,
) -> HttpClient:
    sleeps = [] if sleeps is None else sleeps
    return HttpClient(
        source="pubmed",
        base_url=BASE,
        base_url_env="LITCHECK_EUTILS_URL",
        limiter=RateLimiter(1000.0),
        cache=ResponseCache(tmp_path / "cache") if (cache and tmp_path) else None,
        offline=offline,
        sleep=sleeps.append,
        **kwargs,
    )


# -- retries -----------------------------------------------------------------------------------


def test_429_retried_then_ok(respx_mock, tmp_path):
    route = respx_mock.get(ESEARCH).mock(
        side_effect=[httpx.Response(429, json={"error": "API rate limit exceeded", "count": "11"})]
        * 3
        + [httpx.Response(200, content=ESEARCH_JSON)]
    )
    sleeps: list[float] = []
    client = make_client(tmp_path, sleeps=sleeps)
    response = client.get("esearch.fcgi", {"term": "eye"}, ttl=60)
    assert response.status == 200 and response.content == ESEARCH_JSON
    assert route.call_count == 4 and client.requests_sent == 4
    # exponential backoff with jitter: base 0.5 s * 2^n * [0.5, 1.5)
    assert [0.25 * 2**n <= s < 0.75 * 2**n for n, s in enumerate(sleeps)] == [True] * 3


def test_429_again_and_again_is_rate_limited(respx_mock):
    respx_mock.get(ESEARCH).mock(return_value=httpx.Response(429, text="slow down"))
    client = make_client(max_retries=3, rate_limit_tip="set NCBI_API_KEY")
    with pytest.raises(RateLimited, match="HTTP 429") as info:
        client.get("esearch.fcgi", {"term": "eye"}, ttl=60)
    assert info.value.tip == "set NCBI_API_KEY"
    assert client.requests_sent == 4


def test_retry_after_header_is_honoured(respx_mock):
    respx_mock.get(ESEARCH).mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": "2"}),
            httpx.Response(200, content=b"{}"),
        ]
    )
    sleeps: list[float] = []
    make_client(sleeps=sleeps).get("esearch.fcgi", {}, ttl=None)
    assert sleeps == [2.0]


def test_500_retried_then_source_error(respx_mock):
    respx_mock.get(ESEARCH).mock(return_value=httpx.Response(502, text="<html>Bad Gateway</html>"))
    client = make_client(max_retries=2)
    with pytest.raises(SourceError, match="HTTP 502") as info:
        client.get("esearch.fcgi", {}, ttl=60)
    assert type(info.value) is SourceError
    assert client.requests_sent == 3


def test_timeout_retried_then_unavailable(respx_mock):
    route = respx_mock.get(ESEARCH).mock(side_effect=httpx.ReadTimeout("slow"))
    client = make_client(max_retries=2)
    with pytest.raises(SourceUnavailable, match="eutils.example.test"):
        client.get("esearch.fcgi", {}, ttl=60)
    assert route.call_count == 3


def test_timeout_then_success(respx_mock):
    respx_mock.get(ESEARCH).mock(
        side_effect=[httpx.ConnectTimeout("slow"), httpx.Response(200, content=b"{}")]
    )
    assert make_client().get("esearch.fcgi", {}, ttl=None).content == b"{}"


def test_400_is_not_retried(respx_mock):
    route = respx_mock.get(ESEARCH).mock(return_value=httpx.Response(400, text="bad term"))
    client = make_client()
    with pytest.raises(SourceError, match="HTTP 400 bad term"):
        client.get("esearch.fcgi", {}, ttl=60)
    assert route.call_count == 1


def _reject_short(content: bytes) -> None:
    if not content.rstrip().endswith(b"}"):
        raise BadResponse("truncated", source="pubmed")


def test_truncated_body_retried_and_never_cached(respx_mock, tmp_path):
    route = respx_mock.get(ESEARCH).mock(
        side_effect=[
            httpx.Response(200, content=ESEARCH_JSON[:300]),
            httpx.Response(200, content=ESEARCH_JSON),
        ]
    )
    client = make_client(tmp_path)
    assert (
        client.get("esearch.fcgi", {"term": "eye"}, ttl=60, validate=_reject_short).content
        == ESEARCH_JSON
    )
    assert route.call_count == 2


def test_truncated_body_every_time_is_bad_response(respx_mock, tmp_path):
    respx_mock.get(ESEARCH).mock(return_value=httpx.Response(200, content=ESEARCH_JSON[:300]))
    client = make_client(tmp_path, max_retries=1)
    with pytest.raises(BadResponse):
        client.get("esearch.fcgi", {"term": "eye"}, ttl=60, validate=_reject_short)
    assert client.cache is not None and client.cache.info().entries == 0


def test_dropped_connection_is_retried(respx_mock):
    respx_mock.get(ESEARCH).mock(
        side_effect=[
            httpx.RemoteProtocolError("peer closed connection"),
            httpx.Response(200, content=b"{}"),
        ]
    )
    assert make_client().get("esearch.fcgi", {}, ttl=None).content == b"{}"


def test_no_network_names_host_and_variable(respx_mock):
    route = respx_mock.get(ESEARCH).mock(
        side_effect=httpx.ConnectError("Name or service not known")
    )
    with pytest.raises(SourceUnavailable) as info:
        make_client().get("esearch.fcgi", {}, ttl=60)
    assert info.value.message.startswith("cannot reach eutils.example.test")
    assert "LITCHECK_EUTILS_URL" in (info.value.tip or "") and "--sources sample" in (
        info.value.tip or ""
    )
    assert route.call_count == 1  # not retried


# -- cache and offline -------------------------------------------------------------------------


def test_cached_answer_serves_second_call_without_secrets_in_key(respx_mock, tmp_path):
    route = respx_mock.get(ESEARCH).mock(return_value=httpx.Response(200, content=ESEARCH_JSON))
    client = make_client(tmp_path)
    first = client.get("esearch.fcgi", {"term": "eye", "api_key": "K1"}, ttl=60)
    second = client.get("esearch.fcgi", {"term": "eye", "api_key": "K2", "email": "a@b.c"}, ttl=60)
    assert not first.from_cache and second.from_cache and second.content == ESEARCH_JSON
    assert route.call_count == 1 and client.requests_sent == 1
    assert route.calls[0].request.url.params["api_key"] == "K1"


def test_ok_statuses_are_cached_with_their_status(respx_mock, tmp_path):
    url = BASE + "drug/drugsfda.json"
    respx_mock.get(url).mock(
        return_value=httpx.Response(404, content=fixture_bytes("openfda/error_404_not_found.json"))
    )
    client = make_client(tmp_path, ok_statuses=frozenset({200, 404}))
    assert client.get("drug/drugsfda.json", {"search": "x"}, ttl=60).status == 404
    again = client.get("drug/drugsfda.json", {"search": "x"}, ttl=60)
    assert again.status == 404 and again.from_cache


def test_ttl_none_is_not_cached(respx_mock, tmp_path):
    route = respx_mock.get(ESEARCH).mock(return_value=httpx.Response(200, content=b"{}"))
    client = make_client(tmp_path)
    client.get("esearch.fcgi", {}, ttl=None)
    client.get("esearch.fcgi", {}, ttl=None)
    assert route.call_count == 2


def test_post_sends_a_form(respx_mock):
    route = respx_mock.post(BASE + "efetch.fcgi").mock(
        return_value=httpx.Response(200, content=b"ok")
    )
    make_client().post("efetch.fcgi", {"id": "1,2"}, ttl=None)
    assert route.calls[0].request.content == b"id=1%2C2"


def test_offline_miss_names_what_is_missing(tmp_path):
    client = make_client(tmp_path, offline=True)
    with pytest.raises(OfflineMiss, match="term=ketamine") as info:
        client.get("esearch.fcgi", {"term": "ketamine", "api_key": "SECRET"}, ttl=60)
    assert "SECRET" not in info.value.message and client.requests_sent == 0


def test_offline_hit_is_served(respx_mock, tmp_path):
    respx_mock.get(ESEARCH).mock(return_value=httpx.Response(200, content=ESEARCH_JSON))
    make_client(tmp_path).get("esearch.fcgi", {"term": "eye"}, ttl=60)
    offline = make_client(tmp_path, offline=True)
    assert offline.get("esearch.fcgi", {"term": "eye"}, ttl=60).from_cache


# -- real sockets on 127.0.0.1 -----------------------------------------------------------------


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.loopback
def test_refused_connection_is_unavailable_with_a_tip() -> None:
    client = HttpClient(
        source="pubmed",
        base_url=f"http://127.0.0.1:{_free_port()}/entrez/eutils/",
        base_url_env="LITCHECK_EUTILS_URL",
        limiter=RateLimiter(1000.0),
        cache=None,
        sleep=lambda _s: None,
    )
    with pytest.raises(SourceUnavailable, match=r"^cannot reach 127\.0\.0\.1") as info:
        client.get("esearch.fcgi", {"term": "x"}, ttl=None)
    assert "LITCHECK_EUTILS_URL" in (info.value.tip or "")
    assert client.requests_sent == 1


@pytest.mark.loopback
def test_body_shorter_than_content_length_is_retried() -> None:
    import http.server

    answers = [ESEARCH_JSON[:200], ESEARCH_JSON]  # the first connection drops mid-body

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            body = answers.pop(0)
            self.send_response(200)
            self.send_header("Content-Length", str(len(ESEARCH_JSON)))  # promise the whole body
            self.end_headers()
            self.wfile.write(body)
            self.close_connection = True

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        client = HttpClient(
            source="pubmed",
            base_url=f"http://127.0.0.1:{server.server_address[1]}/",
            base_url_env="LITCHECK_EUTILS_URL",
            limiter=RateLimiter(1000.0),
            cache=None,
            sleep=lambda _s: None,
        )
        assert client.get("esearch.fcgi", {}, ttl=None).content == ESEARCH_JSON
        assert client.requests_sent == 2
        client.close()
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.loopback
def test_limiter_is_told_when_the_request_really_goes_out() -> None:
    """httpcore's trace hook moves the slot's stamp to the moment the headers are written."""
    import http.server

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    sent: list[float] = []

    class Recording(RateLimiter):
        def sent(self, slot) -> None:
            super().sent(slot)
            sent.append(slot.at)

    try:
        client = HttpClient(
            source="t",
            base_url=f"http://127.0.0.1:{server.server_address[1]}/",
            base_url_env="X",
            limiter=Recording(1000.0),
            cache=None,
        )
        assert client.get("a", {}, ttl=None).content == b"ok"
        client.close()
    finally:
        server.shutdown()
        server.server_close()
    assert len(sent) == 1
