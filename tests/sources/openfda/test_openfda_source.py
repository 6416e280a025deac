"""OpenFdaSource against respx, answering with captured api.fda.gov responses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from litcheck.errors import BadResponse, OfflineMiss, RateLimited, SourceError
from litcheck.models import Query
from litcheck.settings import Settings
from litcheck.sources.base import Source
from litcheck.sources.http import RateLimiter
from litcheck.sources.openfda.source import OpenFdaSource, application_id
from tests.conftest import fixture_bytes

BASE = "https://api.fda.gov/"
DRUGSFDA, LABEL = BASE + "drug/drugsfda.json", BASE + "drug/label.json"
SEMAGLUTIDE = fixture_bytes("openfda/drugsfda_semaglutide_limit2.json")  # NDA213051, NDA215256
NOT_FOUND = fixture_bytes("openfda/error_404_not_found.json")
QUERY = Query(
    source="openfda",
    term='products.active_ingredients.name:"semaglutide"',
    params={"endpoint": "drug/drugsfda.json"},
)


def source(tmp_path: Path, **changes: Any) -> OpenFdaSource:
    settings = Settings(cache_dir=tmp_path / "cache", max_retries=2, **changes)
    return OpenFdaSource.from_settings(settings, limiter=RateLimiter(1000.0), sleep=lambda _s: None)


def test_is_a_source(tmp_path: Path) -> None:
    src = source(tmp_path)
    assert isinstance(src, Source)
    assert src.key == "openfda" and not src.capabilities.ladder


def test_application_ids_are_normalised() -> None:
    assert application_id("openfda:NDA211243") == "NDA211243"
    assert application_id("anda074524") == "ANDA074524"
    assert application_id("pubmed:123") is None


def test_search_sends_quoted_phrase_and_returns_application_numbers(tmp_path, respx_mock) -> None:
    route = respx_mock.get(DRUGSFDA).mock(return_value=httpx.Response(200, content=SEMAGLUTIDE))
    run = source(tmp_path, openfda_api_key="k123").search(QUERY, limit=5)
    assert run.ids == ("NDA213051", "NDA215256") and run.count == 3
    params = route.calls.last.request.url.params
    assert params["search"] == 'products.active_ingredients.name:"semaglutide"'
    assert params["api_key"] == "k123" and int(params["limit"]) >= 5


def test_openfda_404_not_found_is_empty(tmp_path, respx_mock) -> None:
    respx_mock.get(DRUGSFDA).mock(return_value=httpx.Response(404, content=NOT_FOUND))
    run = source(tmp_path).search(QUERY)
    assert run.ids == () and run.count == 0 and run.error is None


def test_fetch_reuses_search_results_and_asks_only_for_labels(tmp_path, respx_mock) -> None:
    respx_mock.get(DRUGSFDA).mock(return_value=httpx.Response(200, content=SEMAGLUTIDE))
    labels = respx_mock.get(LABEL).mock(return_value=httpx.Response(404, content=NOT_FOUND))
    src = source(tmp_path)
    run = src.search(QUERY)
    records = src.fetch(["openfda:" + i for i in run.ids])
    assert [r.id for r in records] == ["openfda:NDA213051", "openfda:NDA215256"]
    assert records[0].title == "RYBELSUS (semaglutide)"
    assert records[0].fda is not None and records[0].fda.indications == ()
    assert labels.calls.last.request.url.params["search"] == (
        'openfda.application_number:"NDA213051" OR openfda.application_number:"NDA215256"'
    )
    assert src.requests_sent == 2


def test_fetch_of_unknown_ids_asks_drugsfda_and_omits_misses(tmp_path, respx_mock) -> None:
    page2 = fixture_bytes("openfda/drugsfda_semaglutide_search_after.json")  # NDA209637
    apps = respx_mock.get(DRUGSFDA).mock(return_value=httpx.Response(200, content=page2))
    respx_mock.get(LABEL).mock(return_value=httpx.Response(404, content=NOT_FOUND))
    records = source(tmp_path).fetch(["NDA209637", "NDA000000", "not-an-id"])
    assert [r.id for r in records] == ["openfda:NDA209637"]
    assert records[0].pub_date == "2017-12-05"
    assert 'application_number:"NDA000000"' in apps.calls.last.request.url.params["search"]


def test_answers_are_cached_and_offline_uses_the_cache(tmp_path, respx_mock) -> None:
    respx_mock.get(DRUGSFDA).mock(return_value=httpx.Response(200, content=SEMAGLUTIDE))
    assert source(tmp_path).search(QUERY).ids
    respx_mock.reset()
    offline = source(tmp_path, offline=True)
    assert offline.search(QUERY).ids == ("NDA213051", "NDA215256")
    assert offline.requests_sent == 0
    with pytest.raises(OfflineMiss):
        offline.search(Query(source="openfda", term='brand_name:"x"'))


@pytest.mark.parametrize(
    ("status", "name"),
    [(400, "error_400_bad_request.json"), (403, "error_403_api_key_invalid.json")],
)
def test_client_errors_fail_at_once_naming_openfda(tmp_path, respx_mock, status, name) -> None:
    route = respx_mock.get(DRUGSFDA).mock(
        return_value=httpx.Response(status, content=fixture_bytes(f"openfda/{name}"))
    )
    with pytest.raises(SourceError) as info:
        source(tmp_path).search(QUERY)
    assert info.value.source == "openfda" and f"HTTP {status}" in info.value.message
    assert route.call_count == 1  # never retried


def test_server_error_is_retried_then_reported(tmp_path, respx_mock) -> None:
    body = fixture_bytes("openfda/error_500_server_error.json")
    route = respx_mock.get(DRUGSFDA).mock(return_value=httpx.Response(500, content=body))
    with pytest.raises(SourceError) as info:
        source(tmp_path).search(QUERY)
    assert info.value.source == "openfda" and route.call_count == 3


def test_429_retried_then_rate_limited(tmp_path, respx_mock) -> None:
    route = respx_mock.get(DRUGSFDA).mock(
        side_effect=[httpx.Response(429), httpx.Response(200, content=SEMAGLUTIDE)]
    )
    assert source(tmp_path).search(QUERY).ids  # one 429, then served
    route.side_effect = None
    route.return_value = httpx.Response(429)
    with pytest.raises(RateLimited) as info:
        source(tmp_path / "fresh").search(QUERY)
    assert info.value.source == "openfda" and "OPENFDA_API_KEY" in (info.value.tip or "")


def test_html_body_is_a_bad_response(tmp_path, respx_mock) -> None:
    respx_mock.get(DRUGSFDA).mock(
        return_value=httpx.Response(200, content=b"<html>maintenance</html>")
    )
    with pytest.raises(BadResponse) as info:
        source(tmp_path).search(QUERY)
    assert info.value.source == "openfda"


def test_unknown_endpoint_is_a_config_error(tmp_path) -> None:
    from litcheck.errors import ConfigError

    with pytest.raises(ConfigError):
        source(tmp_path).search(
            Query(source="openfda", term="x:y", params={"endpoint": "device/510k.json"})
        )
