"""The E-utilities stand-in over loopback: wire format, NCBI's 429, latency, counters."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from Bio import Entrez

from litcheck.sources.pubmed.xml import parse_pubmed_xml
from standins.backend import MemoryBackend
from standins.eutils import StandIn
from standins.ratelimit import SlidingWindowLimiter
from tests.conftest import fixture_bytes

pytestmark = pytest.mark.loopback

ID = {"tool": "litcheck", "email": "dev@example.org"}


def _records() -> list:  # type: ignore[type-arg]
    out = []
    for name in ("mouse_32306807", "structured_23657305", "collective_34843274"):
        out += parse_pubmed_xml(fixture_bytes(f"bench/efetch_{name}.xml"))
    return out


@pytest.fixture
def standin() -> Iterator[StandIn]:
    # Generous limits: these tests are about the wire format, not the rate limit.
    limiter = SlidingWindowLimiter(rate_no_key=1000, rate_with_key=1000)
    with StandIn(MemoryBackend(_records()), latency=0.0, limiter=limiter) as s:
        yield s


def test_esearch_json_has_the_real_shape(standin: StandIn) -> None:
    r = httpx.get(
        standin.url + "esearch.fcgi",
        params={"db": "pubmed", "term": "trastuzumab mice", "retmode": "json", **ID},
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    body = r.json()
    real = json.loads(fixture_bytes("bench/esearch_eye_practice_ids.json"))
    assert body.keys() == real.keys()
    assert body["header"] == real["header"]
    assert set(real["esearchresult"]) <= set(body["esearchresult"])
    result = body["esearchresult"]
    assert result["idlist"] == ["32306807"]
    assert (result["count"], result["retmax"], result["retstart"]) == ("1", "1", "0")
    assert result["translationstack"][-1] == "GROUP"


def test_esearch_retmax_retstart_and_no_hits(standin: StandIn) -> None:
    url = standin.url + "esearch.fcgi"
    r = httpx.get(
        url,
        params={
            "db": "pubmed",
            "term": "journal article",
            "retmode": "json",
            "retmax": "1",
            "retstart": "1",
            **ID,
        },
    ).json()["esearchresult"]
    assert (r["count"], r["retmax"], r["retstart"], len(r["idlist"])) == ("3", "1", "1", 1)
    none = httpx.get(url, params={"db": "pubmed", "term": "zebrafish", "retmode": "json"}).json()
    assert none["esearchresult"]["count"] == "0"
    assert none["esearchresult"]["warninglist"]["outputmessages"] == ["No items found."]


def test_esearch_xml_default_parses_with_bio_entrez(standin: StandIn) -> None:
    r = httpx.get(standin.url + "esearch.fcgi", params={"db": "pubmed", "term": "mice"})
    assert r.headers["content-type"].startswith("text/xml")
    real_head = fixture_bytes("bench/esearch_biopython.xml").split(b"<eSearchResult>")[0]
    assert r.content.startswith(real_head)
    parsed = Entrez.read(io.BytesIO(r.content))  # type: ignore[no-untyped-call]
    assert parsed["Count"] == "1" and list(parsed["IdList"]) == ["32306807"]


def test_invalid_db_is_an_error_body_with_http_200(standin: StandIn) -> None:
    r = httpx.get(
        standin.url + "esearch.fcgi", params={"db": "nonsense_db", "term": "x", "retmode": "json"}
    )
    assert r.status_code == 200
    assert r.json() == {"esearchresult": {"ERROR": "Invalid db name specified: nonsense_db"}}


def test_efetch_get_and_post_return_pubmed_xml_in_request_order(standin: StandIn) -> None:
    url = standin.url + "efetch.fcgi"
    got = httpx.get(
        url, params={"db": "pubmed", "id": "34843274,999,32306807", "retmode": "xml", **ID}
    )
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/xml")
    assert [r.pmid for r in parse_pubmed_xml(got.content)] == ["34843274", "32306807"]
    posted = httpx.post(
        url, data={"db": "pubmed", "id": "34843274,999,32306807", "retmode": "xml", **ID}
    )
    assert posted.content == got.content
    empty = httpx.get(url, params={"db": "pubmed", "id": "999", "retmode": "xml"})
    assert empty.content == fixture_bytes("bench/efetch_empty_37909814.xml")
    assert httpx.get(url, params={"db": "pubmed", "id": ""}).status_code == 400
    assert standin.stats.snapshot()["post_requests"] == 1


def test_stats_count_requests_and_tool_email_but_not_control_endpoints(standin: StandIn) -> None:
    httpx.get(standin.url + "esearch.fcgi", params={"db": "pubmed", "term": "mice", **ID})
    httpx.get(standin.url + "esearch.fcgi", params={"db": "pubmed", "term": "mice"})
    stats = httpx.get(f"http://127.0.0.1:{standin.port}/_stats").json()
    assert stats["requests"] == 2
    assert (stats["missing_tool"], stats["missing_email"]) == (1, 1)
    assert stats["tools"] == {"litcheck": 1}
    httpx.post(f"http://127.0.0.1:{standin.port}/_reset")
    assert standin.stats.snapshot()["requests"] == 0


def test_burst_over_3_per_second_gets_ncbis_429_without_retry_after() -> None:
    backend = MemoryBackend(_records())
    with StandIn(backend, latency=0.0) as s:
        with httpx.Client() as client:
            responses = [
                client.get(s.url + "esearch.fcgi", params={"db": "pubmed", "term": "mice", **ID})
                for _ in range(4)
            ]
        assert [r.status_code for r in responses] == [200, 200, 200, 429]
        assert responses[3].content == b'{"error":"API rate limit exceeded","count":"4"}'
        assert "retry-after" not in responses[3].headers
        stats = s.stats.snapshot()
    assert stats["requests"] == 4 and stats["rate_limited"] == 1 and stats["max_in_window"] == 4


def test_api_key_allows_10_and_the_11th_gets_count_11() -> None:
    with StandIn(MemoryBackend(_records()), latency=0.0) as s, httpx.Client() as client:
        codes = [
            client.get(s.url + "esearch.fcgi", params={"term": "mice", "api_key": "K", **ID})
            for _ in range(11)
        ]
    assert [r.status_code for r in codes] == [200] * 10 + [429]
    assert codes[10].content == b'{"error":"API rate limit exceeded","count":"11"}'


def test_a_client_pacing_itself_at_the_limit_is_never_refused() -> None:
    with StandIn(MemoryBackend(_records()), latency=0.0) as s, httpx.Client() as client:
        for _ in range(5):
            r = client.get(s.url + "esearch.fcgi", params={"term": "mice", **ID})
            assert r.status_code == 200
            time.sleep(0.35)
        assert s.stats.snapshot()["rate_limited"] == 0


def test_latency_is_applied_per_request_and_requests_run_concurrently() -> None:
    with StandIn(MemoryBackend(_records()), latency=0.3) as s:

        def one(_: int) -> float:
            start = time.monotonic()
            httpx.get(s.url + "esearch.fcgi", params={"term": "mice", **ID})
            return time.monotonic() - start

        with ThreadPoolExecutor(3) as pool:
            durations = list(pool.map(one, range(3)))
        assert s.stats.snapshot()["peak_in_flight"] == 3
    assert min(durations) >= 0.3


def test_stop_logs_a_summary() -> None:
    lines: list[str] = []
    s = StandIn(MemoryBackend([]), latency=0.0, log=lines.append).start()
    httpx.get(s.url + "esearch.fcgi", params={"term": "x"})
    final = s.stop()
    assert final["requests"] == 1
    assert lines[-1].startswith("eutils stand-in: 1 requests")
    assert "1 without tool, 1 without email" in lines[-1]
