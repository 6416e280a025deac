"""LitSenseClient against respx, answering with captured LitSense2 responses."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from litcheck.errors import (
    BadResponse,
    InputError,
    OfflineMiss,
    RateLimited,
    SourceError,
    SourceUnavailable,
)
from litcheck.models import Claim, Query
from litcheck.settings import DEFAULT_LITSENSE_URL, Settings
from litcheck.sources.http import RateLimiter
from litcheck.sources.litsense import LitSenseClient, trim_query
from litcheck.sources.litsense.client import LITSENSE_RATE, MAX_QUERY_CHARS
from litcheck.sources.litsense.source import LitSenseSource
from tests.conftest import fixture_bytes

SENTENCES = DEFAULT_LITSENSE_URL + "sentences/"
HIRSCHSPRUNG = fixture_bytes("litsense/sentence_hirschsprung.json")
NO_MATCH = fixture_bytes("litsense/litsense_passages_no_match_404.json")


def client(tmp_path: Path, limiter: RateLimiter | None = None, **changes: Any) -> LitSenseClient:
    settings = Settings(cache_dir=tmp_path / "cache", max_retries=2, **changes)
    return LitSenseClient.from_settings(
        settings, limiter=limiter or RateLimiter(1000.0), sleep=lambda _s: None
    )


def test_settings_read_the_base_url_from_the_environment(monkeypatch) -> None:
    monkeypatch.delenv("LITCHECK_LITSENSE_URL", raising=False)
    assert Settings.from_env().litsense_url == DEFAULT_LITSENSE_URL
    monkeypatch.setenv("LITCHECK_LITSENSE_URL", "http://127.0.0.1:9/api/")
    assert Settings.from_env().litsense_url == "http://127.0.0.1:9/api/"


def test_sentences_sends_query_and_rerank_and_sorts(tmp_path, respx_mock) -> None:
    route = respx_mock.get(SENTENCES).mock(return_value=httpx.Response(200, content=HIRSCHSPRUNG))
    src = client(tmp_path)
    hits = src.sentences("  Hirschsprung   disease ")
    assert len(hits) == 100 and hits[0].score == 1.0
    params = route.calls.last.request.url.params
    assert dict(params) == {"query": "Hirschsprung disease", "rerank": "true"}
    assert src.requests_sent == 1


def test_matches_rank_each_pmid_once(tmp_path, respx_mock) -> None:
    respx_mock.get(SENTENCES).mock(return_value=httpx.Response(200, content=HIRSCHSPRUNG))
    matches = client(tmp_path).matches("hirschsprung disease")
    assert len(matches) == 94 and matches[0].rank == 1 and matches[0].pmid == "11819726"
    assert matches[3].pmid == "12939702" and matches[3].section == "abstract"


def test_source_plans_one_query_and_searches_pmids_with_their_sentences(tmp_path, respx_mock):
    route = respx_mock.get(SENTENCES).mock(return_value=httpx.Response(200, content=HIRSCHSPRUNG))
    src = LitSenseSource(client(tmp_path, use_cache=False))
    (query,) = src.plan(Claim.from_text("Hirschsprung disease\n"))
    assert (
        src.pool == "pubmed" and query.source == "litsense" and query.term == "Hirschsprung disease"
    )
    run = src.search(query, limit=5)
    assert run.ids == ("11819726", "25702510", "14246296", "12939702", "2758945")
    assert (run.count, run.translation) == (94, "Hirschsprung disease")
    assert run.hits["12939702"].rank == 4 and run.hits["12939702"].section == "abstract"
    assert run.hits["11819726"].text
    # The same claim again (its evidence sentences): answered from memory, even uncached.
    assert [m.pmid for m in src._client.matches("Hirschsprung disease")][:5] == list(run.ids)
    assert route.call_count == 1


def test_search_without_match_is_an_empty_run(tmp_path, respx_mock) -> None:
    respx_mock.get(SENTENCES).mock(return_value=httpx.Response(404, content=NO_MATCH))
    src = LitSenseSource(client(tmp_path))
    run = src.search(Query(source="litsense", term="qzxvkjw"))
    assert (run.ids, run.count, run.error) == ((), 0, None)


def test_answers_are_cached_for_a_day_and_serve_offline(tmp_path, respx_mock) -> None:
    respx_mock.get(SENTENCES).mock(return_value=httpx.Response(200, content=HIRSCHSPRUNG))
    first = client(tmp_path)
    assert len(first.sentences("hirschsprung disease")) == 100
    first.close()
    offline = client(tmp_path, offline=True)
    assert len(offline.sentences("hirschsprung disease")) == 100
    assert offline.requests_sent == 0
    with pytest.raises(OfflineMiss, match="litsense"):
        offline.sentences("something never asked")


def test_no_match_404_is_zero_hits_and_cached(tmp_path, respx_mock) -> None:
    route = respx_mock.get(SENTENCES).mock(return_value=httpx.Response(404, content=NO_MATCH))
    src = client(tmp_path)
    assert src.sentences("qzxvkjw") == []
    assert src.sentences("qzxvkjw") == []
    assert route.call_count == 1 and src.requests_sent == 1
    src.close()
    again = client(tmp_path)  # a new process: no memo, the disk cache answers
    assert again.sentences("qzxvkjw") == []
    assert route.call_count == 1 and again.requests_sent == 0


@pytest.mark.parametrize("body", [b'{"detail":"Not Found"}', b"Not Found"])
def test_other_404_is_an_error(tmp_path, respx_mock, body: bytes) -> None:
    route = respx_mock.get(SENTENCES).mock(return_value=httpx.Response(404, content=body))
    src = client(tmp_path)
    with pytest.raises(SourceError) as info:
        src.sentences("hirschsprung disease")
    assert info.value.source == "litsense"
    if body.startswith(b"{"):  # a JSON refusal: at once, never retried
        assert route.call_count == 1 and "refused" in info.value.message
    else:  # not JSON at all: retried like any bad body
        assert isinstance(info.value, BadResponse) and route.call_count == 3
    # Nothing was cached: the next call asks again.
    with pytest.raises(SourceError):
        src.sentences("hirschsprung disease")
    assert route.call_count in (2, 6)


def test_html_body_is_retried_then_a_bad_response(tmp_path, respx_mock) -> None:
    html = b"<!DOCTYPE html><html><body>Maintenance</body></html>"
    route = respx_mock.get(SENTENCES).mock(return_value=httpx.Response(200, content=html))
    with pytest.raises(BadResponse, match="HTML page"):
        client(tmp_path).sentences("hirschsprung disease")
    assert route.call_count == 3


def test_html_then_good_answer_recovers(tmp_path, respx_mock) -> None:
    respx_mock.get(SENTENCES).mock(
        side_effect=[
            httpx.Response(200, content=b"<html>busy</html>"),
            httpx.Response(200, content=HIRSCHSPRUNG),
        ]
    )
    src = client(tmp_path)
    assert len(src.sentences("hirschsprung disease")) == 100
    assert src.requests_sent == 2


def test_server_error_is_retried_then_reported(tmp_path, respx_mock) -> None:
    route = respx_mock.get(SENTENCES).mock(return_value=httpx.Response(500, content=b"oops"))
    with pytest.raises(SourceError, match="HTTP 500") as info:
        client(tmp_path).sentences("hirschsprung disease")
    assert route.call_count == 3 and info.value.source == "litsense"


def test_429_is_retried_then_rate_limited(tmp_path, respx_mock) -> None:
    respx_mock.get(SENTENCES).mock(return_value=httpx.Response(429, content=b"{}"))
    with pytest.raises(RateLimited, match="HTTP 429") as info:
        client(tmp_path).sentences("hirschsprung disease")
    assert "one request per second" in (info.value.tip or "")


def test_timeout_says_litsense_is_known_to_be_slow(tmp_path, respx_mock) -> None:
    route = respx_mock.get(SENTENCES).mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(SourceUnavailable) as info:
        client(tmp_path, timeout=7.0).sentences("hirschsprung disease")
    message = info.value.message
    assert "LitSense timed out" in message and "no answer within 7 s" in message
    assert "known to be slow" in message and info.value.source == "litsense"
    assert route.call_count == 3


def test_timeout_then_answer_recovers(tmp_path, respx_mock) -> None:
    respx_mock.get(SENTENCES).mock(
        side_effect=[httpx.ReadTimeout("slow"), httpx.Response(200, content=HIRSCHSPRUNG)]
    )
    assert len(client(tmp_path).sentences("hirschsprung disease")) == 100


def test_connect_error_names_the_variable_not_slowness(tmp_path, respx_mock) -> None:
    respx_mock.get(SENTENCES).mock(side_effect=httpx.ConnectError("Name or service not known"))
    with pytest.raises(SourceUnavailable) as info:
        client(tmp_path).sentences("hirschsprung disease")
    assert "timed out" not in info.value.message
    assert "LITCHECK_LITSENSE_URL" in (info.value.tip or "")


def test_blank_query_is_an_input_error(tmp_path) -> None:
    with pytest.raises(InputError):
        client(tmp_path).sentences(" \n\t ")


def test_trim_query_cuts_at_a_word_boundary() -> None:
    assert trim_query("a  b\n c") == "a b c"
    words = " ".join(["ketamine"] * 60)  # 539 characters
    trimmed = trim_query(words)
    assert len(trimmed) <= MAX_QUERY_CHARS and trimmed.endswith("ketamine")
    assert words.startswith(trimmed) and words[len(trimmed)] == " "
    assert trim_query("x" * 400) == "x" * MAX_QUERY_CHARS
    assert trim_query("abc def", limit=7) == "abc def"
    assert trim_query("abc defg", limit=7) == "abc"
    assert trim_query("abc defg", limit=3) == "abc"


def test_long_claims_are_sent_trimmed(tmp_path, respx_mock) -> None:
    route = respx_mock.get(SENTENCES).mock(return_value=httpx.Response(404, content=NO_MATCH))
    claim = "Statins reduce atrial fibrillation after cardiac surgery. " * 20
    client(tmp_path).sentences(claim)
    sent = route.calls.last.request.url.params["query"]
    assert len(sent) <= MAX_QUERY_CHARS and claim.startswith(sent)
    assert sent.endswith(" Statins") and claim[len(sent)] == " "  # a whole word, then the cut


class FakeClock:
    """A clock that only moves when someone sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.lock = threading.Lock()

    def __call__(self) -> float:
        with self.lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self.lock:
            self.now += max(0.0, seconds)


def test_requests_are_spaced_by_the_one_per_second_budget(tmp_path, respx_mock) -> None:
    clock = FakeClock()
    stamps: list[float] = []

    def answer(request: httpx.Request) -> httpx.Response:
        stamps.append(clock())
        return httpx.Response(404, content=NO_MATCH)

    respx_mock.get(SENTENCES).mock(side_effect=answer)
    limiter = RateLimiter(LITSENSE_RATE, clock=clock, sleep=clock.sleep)
    src = client(tmp_path, limiter=limiter)
    for word in ("one", "two", "three", "four"):
        src.sentences(word)
    gaps = [b - a for a, b in zip(stamps, stamps[1:], strict=False)]
    assert len(stamps) == 4 and all(g >= 1.1 - 1e-9 for g in gaps)


def test_default_limiter_is_the_shared_litsense_one_at_one_per_second(tmp_path) -> None:
    settings = Settings(cache_dir=tmp_path / "cache")
    src = LitSenseClient.from_settings(settings)
    assert LITSENSE_RATE == 1.0
    assert src._client.limiter.rate == 1.0 and src._client.source == "litsense"
    assert src._client.ok_statuses == frozenset({200, 404})
    src.close()
