"""PubMedSource against respx, answering with captured E-utilities responses."""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

from litcheck.errors import BadResponse, OfflineMiss
from litcheck.models import Query
from litcheck.settings import Settings
from litcheck.sources.base import Source
from litcheck.sources.cache import ResponseCache
from litcheck.sources.http import HttpClient, RateLimiter
from litcheck.sources.pubmed import source as pubmed_module
from litcheck.sources.pubmed.source import PubMedSource
from tests.conftest import fixture_bytes

BASE = "http://127.0.0.1:8765/entrez/eutils/"
ESEARCH, EFETCH = BASE + "esearch.fcgi", BASE + "efetch.fcgi"
ESEARCH_EYE = fixture_bytes("ncbi/journal_club_2017/practice_ids.fcgi")
PUBMED1 = fixture_bytes("ncbi/biopython/pubmed1.xml")  # PMIDs 12091962 and 9997
EMPTY_SET = fixture_bytes("ncbi/metapub/pmid_xml/37909814.xml")
# Quoted by ropensci/rentrez PR #208 (NCBI answers it with HTTP 200); no captured file exists.
ESEARCH_ERROR = b'{"esearchresult":{"ERROR":"Invalid db name specified: nonsense_db"}}'


def settings(tmp_path: Path, **changes: Any) -> Settings:
    return Settings(eutils_url=BASE, cache_dir=tmp_path / "cache", **changes)


def source(tmp_path: Path, **changes: Any) -> PubMedSource:
    return PubMedSource.from_settings(settings(tmp_path, **changes), limiter=RateLimiter(1000.0))


def retrying_source(tmp_path: Path, *, offline: bool = False) -> PubMedSource:
    cache = ResponseCache(tmp_path / "cache")
    client = HttpClient(
        source="pubmed",
        base_url=BASE,
        base_url_env="LITCHECK_EUTILS_URL",
        limiter=RateLimiter(1000.0),
        cache=cache,
        offline=offline,
        max_retries=2,
        sleep=lambda _s: None,
    )
    return PubMedSource(client, cache=cache)


def form(request: httpx.Request) -> dict[str, list[str]]:
    if request.method == "POST":
        return parse_qs(request.content.decode())
    return {k: request.url.params.get_list(k) for k in request.url.params}


def test_implements_source_protocol(tmp_path):
    s = source(tmp_path)
    assert isinstance(s, Source) and s.key == "pubmed" and s.capabilities.ladder


def test_search_sends_esearch_json_by_relevance(respx_mock, tmp_path):
    route = respx_mock.get(ESEARCH).mock(return_value=httpx.Response(200, content=ESEARCH_EYE))
    s = source(tmp_path, ncbi_email="me@example.org", ncbi_api_key="KEY")
    run = s.search(Query(source="pubmed", term="eye"), limit=20)
    sent = form(route.calls[0].request)
    assert sent["db"] == ["pubmed"] and sent["term"] == ["eye"] and sent["retmode"] == ["json"]
    assert sent["sort"] == ["relevance"] and sent["retmax"] == ["20"]
    assert (
        sent["tool"] == ["litcheck"]
        and sent["email"] == ["me@example.org"]
        and sent["api_key"] == ["KEY"]
    )
    assert run.ids[:2] == ("28806736", "28806672") and len(run.ids) == 20
    assert run.count == 561276
    assert run.translation == '"eye"[MeSH Terms] OR "eye"[All Fields]'
    # cached for a day: the same search again sends nothing
    assert s.search(Query(source="pubmed", term="eye"), limit=20) == run
    assert route.call_count == 1 and s.requests_sent == 1


def test_search_limit_trims_ids(respx_mock, tmp_path):
    respx_mock.get(ESEARCH).mock(return_value=httpx.Response(200, content=ESEARCH_EYE))
    assert len(source(tmp_path).search(Query(source="pubmed", term="eye"), limit=5).ids) == 5


def test_esearch_error_with_200_is_bad_response(respx_mock, tmp_path):
    route = respx_mock.get(ESEARCH).mock(return_value=httpx.Response(200, content=ESEARCH_ERROR))
    s = retrying_source(tmp_path)
    with pytest.raises(BadResponse, match="Invalid db name specified"):
        s.search(Query(source="pubmed", term="eye"))
    assert route.call_count == 3  # bounded retries, and nothing cached
    assert s._cache is not None and s._cache.info().entries == 0


def test_esearch_html_page_is_bad_response(respx_mock, tmp_path):
    respx_mock.get(ESEARCH).mock(
        return_value=httpx.Response(200, content=fixture_bytes("ncbi/biopython/pubmed3.html"))
    )
    with pytest.raises(BadResponse, match="HTML page"):
        retrying_source(tmp_path).search(Query(source="pubmed", term="eye"))


def test_fetch_parses_and_caches_per_pmid(respx_mock, tmp_path):
    route = respx_mock.get(EFETCH).mock(return_value=httpx.Response(200, content=PUBMED1))
    s = source(tmp_path)
    records = s.fetch(["9997", "12091962"])
    assert [r.pmid for r in records] == ["9997", "12091962"]  # in the order asked
    sent = form(route.calls[0].request)
    assert (
        sent["id"] == ["9997,12091962"] and sent["retmode"] == ["xml"] and sent["db"] == ["pubmed"]
    )
    # another claim needing one of them is served from the per-PMID cache
    again = PubMedSource.from_settings(settings(tmp_path), limiter=RateLimiter(1000.0))
    assert [r.pmid for r in again.fetch(["12091962"])] == ["12091962"]
    assert route.call_count == 1 and again.requests_sent == 0


def test_unknown_ids_are_omitted(respx_mock, tmp_path):
    respx_mock.get(EFETCH).mock(return_value=httpx.Response(200, content=EMPTY_SET))
    assert source(tmp_path).fetch(["37909814"]) == []


def test_many_ids_go_in_post_batches_of_200(respx_mock, tmp_path):
    route = respx_mock.route(url=EFETCH).mock(return_value=httpx.Response(200, content=EMPTY_SET))
    ids = [str(30000000 + i) for i in range(450)]
    assert source(tmp_path).fetch(ids) == []
    sizes = [len(form(c.request)["id"][0].split(",")) for c in route.calls]
    assert sizes == [200, 200, 50]
    # POST at 200 ids (Biopython's rule); the last 50 fit in a GET URL
    assert [c.request.method for c in route.calls] == ["POST", "POST", "GET"]


def test_small_batch_with_long_params_uses_post(respx_mock, tmp_path):
    post = respx_mock.post(EFETCH).mock(return_value=httpx.Response(200, content=EMPTY_SET))
    ids = [str(10**9 + i) for i in range(120)]  # 120 ids x 11 chars > 1,000 encoded chars
    source(tmp_path).fetch(ids)
    assert post.call_count == 1


def test_efetch_error_body_with_200_raises_bad_response(respx_mock, tmp_path):
    route = respx_mock.get(EFETCH).mock(
        return_value=httpx.Response(200, content=fixture_bytes("ncbi/biopython/esummary8.xml"))
    )
    with pytest.raises(BadResponse, match="Neither query_key nor id specified"):
        retrying_source(tmp_path).fetch(["9997"])
    assert route.call_count == 3


def test_truncated_efetch_is_retried(respx_mock, tmp_path):
    route = respx_mock.get(EFETCH).mock(
        side_effect=[
            httpx.Response(200, content=PUBMED1[: len(PUBMED1) // 2]),
            httpx.Response(200, content=PUBMED1),
        ]
    )
    assert len(retrying_source(tmp_path).fetch(["12091962", "9997"])) == 2
    assert route.call_count == 2


def test_html_instead_of_xml_is_bad_response(respx_mock, tmp_path):
    respx_mock.get(EFETCH).mock(
        return_value=httpx.Response(200, content=fixture_bytes("ncbi/biopython/pubmed3.html"))
    )
    with pytest.raises(BadResponse, match="HTML page"):
        retrying_source(tmp_path).fetch(["19304878"])


def test_offline_fetch_names_missing_pmids(respx_mock, tmp_path):
    respx_mock.get(EFETCH).mock(return_value=httpx.Response(200, content=PUBMED1))
    source(tmp_path).fetch(["12091962", "9997"])
    offline = source(tmp_path, offline=True)
    assert len(offline.fetch(["12091962"])) == 1
    with pytest.raises(OfflineMiss, match="1 PubMed record.*28806736"):
        offline.fetch(["12091962", "28806736"])
    with pytest.raises(OfflineMiss, match="cache has no answer"):
        offline.search(Query(source="pubmed", term="never searched"))
    assert offline.requests_sent == 0


def test_no_cache_fetches_every_run_but_not_twice_in_one(respx_mock, tmp_path):
    route = respx_mock.get(EFETCH).mock(return_value=httpx.Response(200, content=PUBMED1))
    s = source(tmp_path, use_cache=False)
    s.fetch(["9997"])
    s.fetch(["9997"])  # a record fetched for one claim serves the next claim of the same run
    assert route.call_count == 1
    source(tmp_path, use_cache=False).fetch(["9997"])  # a new run fetches again
    assert route.call_count == 2 and not (tmp_path / "cache").exists()


def test_missing_email_warns_once(tmp_path, caplog, monkeypatch):
    monkeypatch.setattr(pubmed_module, "_email_warned", threading.Event())
    with caplog.at_level(logging.WARNING, "litcheck"):
        source(tmp_path)
        source(tmp_path)
        source(tmp_path, ncbi_email="me@example.org")
    assert [r.getMessage().split(":")[0] for r in caplog.records] == ["NCBI_EMAIL is not set"]


def test_esearch_json_fixture_is_what_we_think():
    assert json.loads(ESEARCH_EYE)["esearchresult"]["count"] == "561276"


def test_warm_fetch_reads_parsed_records_without_parsing_xml(respx_mock, tmp_path, monkeypatch):
    respx_mock.get(EFETCH).mock(return_value=httpx.Response(200, content=PUBMED1))
    cold = source(tmp_path).fetch(["9997", "12091962"])

    def no_parsing(*_a: object, **_k: object) -> object:
        raise AssertionError("a warm fetch parsed XML")

    from litcheck.sources.pubmed import xml

    monkeypatch.setattr(xml, "parse_cached_articles", no_parsing)  # imported where it is used
    warm = source(tmp_path).fetch(["9997", "12091962"])
    assert warm == cold


def test_parsed_records_of_another_parser_are_not_used(respx_mock, tmp_path, monkeypatch):
    from litcheck.sources.pubmed import parsed

    respx_mock.get(EFETCH).mock(return_value=httpx.Response(200, content=PUBMED1))
    both = ["9997", "12091962"]  # the fixture answers with both, whatever is asked
    cold = source(tmp_path).fetch(both)
    parsed.parser_digest.cache_clear()
    monkeypatch.setattr(parsed, "_PARSER_MODULES", ("litcheck/sources/pubmed/score.py",))
    try:
        s = source(tmp_path)
        assert s.fetch(both) == cold  # re-parsed from the cached XML, no request
        assert s.requests_sent == 0
        cache = ResponseCache(tmp_path / "cache")
        assert cache.get(parsed.parsed_key("9997")) is not None  # stored for the new parser
        cache.close()
    finally:
        parsed.parser_digest.cache_clear()


def test_damaged_parsed_record_falls_back_to_the_xml(respx_mock, tmp_path):
    from litcheck.sources.pubmed.parsed import parsed_key

    respx_mock.get(EFETCH).mock(return_value=httpx.Response(200, content=PUBMED1))
    both = ["9997", "12091962"]  # the fixture answers with both, whatever is asked
    cold = source(tmp_path).fetch(both)
    cache = ResponseCache(tmp_path / "cache")
    cache.set(parsed_key("12091962"), b"not zlib json", expire=None)
    cache.close()
    s = source(tmp_path)
    assert s.fetch(both) == cold and s.requests_sent == 0


def test_scoring_a_warm_pool_reads_stored_analyses_and_scores_the_same(
    respx_mock, tmp_path, monkeypatch
):
    from litcheck.claims.read import claim_from_text
    from litcheck.claims.vocab import default_vocabulary
    from litcheck.sources.base import PoolSignals
    from litcheck.sources.pubmed import evidence

    respx_mock.get(EFETCH).mock(return_value=httpx.Response(200, content=PUBMED1))
    claim = claim_from_text(
        "Hormone replacement therapy and dementia risk in older women", default_vocabulary()
    )
    signals = PoolSignals(ranks={"pubmed:9997": 1, "pubmed:12091962": 2})
    cold_source = source(tmp_path)
    records = cold_source.fetch(["9997", "12091962"])
    cold = cold_source.score(claim, records, signals)
    cold_source.close()
    monkeypatch.setattr(evidence, "_PRIMED", {})
    evidence._analyse.cache_clear()  # a new process: nothing analysed yet
    warm_source = source(tmp_path)
    warm = warm_source.score(claim, warm_source.fetch(["9997", "12091962"]), signals)
    warm_source.close()
    assert all(evidence.is_primed(r) for r in records)
    assert warm == cold
