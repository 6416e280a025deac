"""Facts from real openFDA answers (tests/fixtures/openfda/, see PROVENANCE.md)."""

from __future__ import annotations

import json

import pytest

from litcheck.errors import BadResponse
from litcheck.sources.openfda.facts import (
    approvals,
    build_record,
    drugs_at_fda_url,
    original_approval,
    pick_label,
)
from litcheck.sources.openfda.parse import error_code, initial_us_approval, parse_page, schedule
from tests.conftest import fixture_bytes


def _page(name: str):
    return parse_page(200, fixture_bytes(f"openfda/{name}"))


def test_page_total_comes_from_meta() -> None:
    page = _page("drugsfda_semaglutide_limit2.json")
    assert page.total == 3
    assert [r["application_number"] for r in page.results] == ["NDA213051", "NDA215256"]


def test_404_not_found_is_an_empty_page() -> None:
    body = fixture_bytes("openfda/error_404_not_found.json")
    assert error_code(body) == "NOT_FOUND"
    page = parse_page(404, body)
    assert page.total == 0 and page.results == ()


@pytest.mark.parametrize(
    "name",
    ["error_400_bad_request.json", "error_403_api_key_invalid.json", "error_500_server_error.json"],
)
def test_other_error_bodies_are_bad_responses(name: str) -> None:
    with pytest.raises(BadResponse) as info:
        parse_page(404 if "404" in name else 200, fixture_bytes(f"openfda/{name}"))
    assert info.value.source == "openfda"


def test_html_instead_of_json_is_a_bad_response() -> None:
    with pytest.raises(BadResponse, match="not JSON"):
        parse_page(200, b"<html><body>Service Unavailable</body></html>")


def test_original_approval_is_the_orig_ap_submission() -> None:
    (ozempic,) = _page("drugsfda_semaglutide_search_after.json").results
    approved = approvals(ozempic["submissions"])
    assert original_approval(approved) == "2017-12-05"
    assert approved[0].submission_type == "ORIG" and approved[0].class_code == "TYPE 1"
    assert all(a.date >= "2017-12-05" for a in approved)
    assert [a.date for a in approved] == sorted(a.date for a in approved)


def test_record_from_a_real_drugsfda_result_without_label() -> None:
    (mounjaro,) = _page("drugsfda_tirzepatide_limit1.json").results
    record = build_record(mounjaro)
    facts = record.fda
    assert facts is not None
    assert record.id == "openfda:NDA215866" and record.source == "openfda"
    assert record.year == 2022 and record.pub_date == "2022-05-13"
    assert record.title == "MOUNJARO (tirzepatide)"
    assert record.url == drugs_at_fda_url("NDA215866")
    assert record.url.endswith("ApplNo=215866")
    assert facts.sponsor == "ELI LILLY AND CO"
    assert facts.indications == ()  # no label: indication not known, never guessed
    assert "GLP-1 Receptor Agonist [EPC]" in facts.pharm_class_epc
    # 12 real product rows: same brand/ingredient/form/route merged, strengths kept.
    assert [p.brand_name for p in facts.products] == ["MOUNJARO", "MOUNJARO (AUTOINJECTOR)"]
    assert all(len(p.strengths) == 6 for p in facts.products)


def test_documentation_example_result_builds() -> None:
    data = json.loads(fixture_bytes("openfda/drugsfda_docs_examples.json"))
    record = build_record(data["result"])
    assert record.id == "openfda:ANDA084321"
    assert record.pub_date == "1976-03-11"
    assert record.title == "PROBENECID AND COLCHICINE (colchicine / probenecid)"


def test_label_picked_by_application_number_and_facts_read() -> None:
    label_page = _page("label_silicea_limit1.json")
    assert pick_label(label_page.results, "NDA016812") is None  # an OTC label has no appl. number
    ketalar_label = {
        "set_id": "s1",
        "indications_and_usage": ["1 INDICATIONS AND USAGE KETALAR is a general anesthetic."],
        "spl_unclassified_section": ["KETALAR injection, CIII Initial U.S. Approval: 1970"],
        "openfda": {"application_number": ["NDA016812"]},
    }
    older = {"set_id": "s0", "openfda": {"application_number": ["NDA016812"]}}
    assert pick_label([older, ketalar_label], "NDA016812") is ketalar_label
    assert initial_us_approval(ketalar_label) == "1970"
    assert schedule(ketalar_label) == "CIII"
    assert schedule({"controlled_substance": ["Ketamine is a Schedule III substance."]}) == "CIII"
