"""End to end through a loopback openFDA stand-in serving real Drugs@FDA rows in api.fda.gov's
JSON shapes: OpenFdaSource + plan_openfda + score_fda, the issue's three "done when" claims."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from litcheck.errors import RateLimited, SourceError
from litcheck.models import Candidate, Claim
from litcheck.settings import Settings
from litcheck.sources.http import RateLimiter
from litcheck.sources.openfda.plan import plan_openfda
from litcheck.sources.openfda.score import score_fda_all
from litcheck.sources.openfda.source import OpenFdaSource
from standins.openfda import OpenFdaStandin
from tests.conftest import fixture_bytes
from tests.sources.openfda.claims import claim_1970s, claim_2019, claim_uses

pytestmark = pytest.mark.loopback


@pytest.fixture
def standin() -> Iterator[OpenFdaStandin]:
    with OpenFdaStandin() as server:
        yield server


@pytest.fixture
def source(standin, monkeypatch) -> Iterator[OpenFdaSource]:
    monkeypatch.setenv("LITCHECK_OPENFDA_URL", standin.url)
    settings = Settings.from_env().with_(max_retries=1)
    src = OpenFdaSource.from_settings(settings, limiter=RateLimiter(1000.0), sleep=lambda _s: None)
    yield src
    src.close()


def check(source: OpenFdaSource, claim: Claim) -> list[Candidate]:
    ids: list[str] = []
    for query in plan_openfda(claim):
        ids.extend(source.search(query).ids)
    return score_fda_all(claim, source.fetch(ids))


def by_id(candidates: list[Candidate], native: str) -> Candidate:
    return next(c for c in candidates if c.record.id == f"openfda:{native}")


def test_2019_ketamine_claim_lists_esketamine_approval_with_different_ingredient(source) -> None:
    candidates = check(source, claim_2019())
    top = candidates[0]
    assert top.record.id == "openfda:NDA211243" and top.record.year == 2019
    assert top.record.fda is not None and top.record.fda.original_approval == "2019-03-05"
    assert top.record.fda.sponsor == "JANSSEN PHARMS"
    assert top.record.fda.boxed_warning and top.record.fda.initial_us_approval == "1970"
    assert top.flags == ("different-ingredient",)
    assert (
        "ketamine itself is approved as a general anesthetic (Ketalar, 1970)"
        in (top.flag_reasons["different-ingredient"])
    )
    assert (top.record.url or "").endswith("ApplNo=211243")


def test_uses_claim_lists_ketamine_anesthetic_approval_with_different_indication(source) -> None:
    candidates = check(source, claim_uses())
    ketalar = by_id(candidates, "NDA016812")
    assert "different-indication" in ketalar.flags
    assert ketalar.record.fda is not None and ketalar.record.fda.schedule == "CIII"
    assert "general anesthetic" in ketalar.flag_reasons["different-indication"]


def test_1970s_claim_finds_the_1970_approval_without_year_mismatch(source) -> None:
    candidates = check(source, claim_1970s())
    assert candidates[0].record.id == "openfda:NDA016812"
    assert candidates[0].record.pub_date == "1970-02-19"
    assert "year-mismatch" not in candidates[0].flags


def test_searches_stay_few_and_phrases_are_quoted(source, standin) -> None:
    check(source, claim_2019())
    assert source.requests_sent <= 5
    assert all('"' in s for s in standin.searches)


def test_outage_raises_source_error_naming_openfda(source, standin) -> None:
    standin.fail_status = 500
    with pytest.raises(SourceError) as info:
        check(source, claim_2019())
    assert info.value.source == "openfda"


def test_429_storm_raises_rate_limited_naming_openfda(source, standin) -> None:
    standin.fail_status = 429
    with pytest.raises(RateLimited) as info:
        check(source, claim_2019())
    assert info.value.source == "openfda"


# The stand-in itself -----------------------------------------------------------------------------


def test_standin_no_hits_body_is_byte_for_byte_the_recorded_one(standin) -> None:
    r = httpx.get(
        standin.url + "drug/drugsfda.json", params={"search": 'products.brand_name:"3129084"'}
    )
    assert r.status_code == 404 and r.content == fixture_bytes("openfda/error_404_not_found.json")
    past_end = httpx.get(
        standin.url + "drug/drugsfda.json",
        params={"search": 'products.brand_name:"ketalar"', "limit": "1", "skip": "5"},
    )
    assert past_end.status_code == 404


def test_standin_page_has_the_real_shape(standin) -> None:
    r = httpx.get(
        standin.url + "drug/drugsfda.json",
        params={"search": 'products.active_ingredients.name:"ketamine"', "limit": "2"},
    )
    body = r.json()
    recorded = json.loads(fixture_bytes("openfda/drugsfda_semaglutide_limit2.json"))
    assert set(body["meta"]) == set(recorded["meta"])
    assert body["meta"]["results"] == {"skip": 0, "limit": 2, "total": 7}
    assert set(body["results"][0]) <= set(recorded["results"][0])
    assert r.headers["x-ratelimit-limit"] == "240"


def test_standin_malformed_search_is_400(standin) -> None:
    r = httpx.get(standin.url + "drug/label.json", params={"search": 'openfda.brand_name:"x'})
    assert r.status_code == 400 and r.json()["error"]["code"] == "BAD_REQUEST"


def test_standin_rate_limits_past_the_minute_budget() -> None:
    with OpenFdaStandin(per_minute=2) as server:
        codes = [httpx.get(server.url + "drug/label.json").status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        stats = httpx.get(server.url + "_stats").json()
        assert stats["status_429"] == 1
