"""score_fda on records built from the real Drugs@FDA rows (standins/data/openfda, PROVENANCE.md)."""

from __future__ import annotations

import pytest

from litcheck.models import Record
from litcheck.sources.openfda.facts import build_record, pick_label
from litcheck.sources.openfda.score import score_fda, score_fda_all
from standins.openfda_data import load_drugsfda, load_labels
from tests.sources.openfda.claims import (
    KETAMINE,
    claim,
    claim_1970s,
    claim_2019,
    claim_uses,
    condition,
)


@pytest.fixture(scope="module")
def records() -> dict[str, Record]:
    labels = load_labels()
    out = {}
    for result in load_drugsfda(labels=labels):
        number = result["application_number"]
        out[number] = build_record(result, pick_label(labels, number))
    return out


def test_2019_claim_esketamine_approval_flagged_different_ingredient(records) -> None:
    c = claim_2019()
    spravato = score_fda(c, records["NDA211243"], context=list(records.values()))
    assert spravato.flags == ("different-ingredient",)
    assert spravato.flag_reasons["different-ingredient"] == (
        "Spravato (esketamine) was approved 2019-03-05 for treatment-resistant depression; "
        "ketamine itself is approved as a general anesthetic (Ketalar, 1970)"
    )
    assert spravato.evidence is not None and spravato.evidence.field == "indications_and_usage"
    assert "treatment-resistant depression" in spravato.evidence.text
    ranked = score_fda_all(c, list(records.values()))
    assert ranked[0].record.id == "openfda:NDA211243"
    ketalar = next(x for x in ranked if x.record.id == "openfda:NDA016812")
    assert set(ketalar.flags) == {"different-indication", "year-mismatch"}
    assert ketalar.confidence < spravato.confidence


def test_without_context_the_flag_line_still_names_the_claimed_drug(records) -> None:
    spravato = score_fda(claim_2019(), records["NDA211243"])
    assert spravato.flag_reasons["different-ingredient"].endswith("; the claim names ketamine")


def test_uses_claim_flags_the_anesthetic_approval_different_indication(records) -> None:
    ketalar = score_fda(claim_uses(), records["NDA016812"])
    assert ketalar.flags == ("different-indication",)
    assert ketalar.flag_reasons["different-indication"] == (
        "Ketalar (ketamine) is approved as a general anesthetic, not for depression or chronic pain"
    )
    assert "label indication does not mention depression, chronic pain" in ketalar.reasons
    spravato = score_fda(claim_uses(), records["NDA211243"])
    # Depression is confirmed, chronic pain is not: partial, so no different-indication flag.
    assert "different-indication" not in spravato.flags
    assert "label indication covers depression" in spravato.reasons
    assert "label indication does not mention chronic pain" in spravato.reasons
    assert spravato.features["indication"] == 0.5


def test_1970s_claim_finds_1970_approval_without_year_mismatch(records) -> None:
    ranked = score_fda_all(claim_1970s(), list(records.values()))
    top = ranked[0]
    assert top.record.id == "openfda:NDA016812" and top.record.pub_date == "1970-02-19"
    assert top.flags == ()
    assert "original approval 1970-02-19, as the claim says (the 1970s)" in top.reasons
    generic = next(x for x in ranked if x.record.id == "openfda:ANDA074524")
    assert "year-mismatch" in generic.flags


def test_missing_label_says_indication_not_known(records) -> None:
    generic = score_fda(claim_uses(), records["ANDA074524"])
    assert "different-indication" not in generic.flags
    assert any(r.startswith("indication not known") for r in generic.reasons)
    assert "a generic (ANDA), not the original application" in generic.reasons


def test_supplement_in_the_claimed_year_is_partial_not_a_mismatch(records) -> None:
    c = claim(
        "Ketamine's label was approved in 2017",
        interventions=(KETAMINE,),
        years=(2017,),
        regulatory=True,
    )
    ketalar = score_fda(c, records["NDA016812"])
    assert "year-mismatch" not in ketalar.flags
    assert ketalar.features["year"] == 0.5


def test_pharm_class_is_a_weak_signal_when_no_label(records) -> None:
    no_label = build_record(
        {
            "application_number": "NDA016812",
            "products": [
                {
                    "brand_name": "KETALAR",
                    "active_ingredients": [{"name": "KETAMINE HYDROCHLORIDE"}],
                }
            ],
            "openfda": {"pharm_class_epc": ["General Anesthetic [EPC]"]},
        }
    )
    c = claim(
        "ketamine is an FDA-approved general anesthetic",
        interventions=(KETAMINE,),
        conditions=(condition("general anesthetic"),),
        regulatory=True,
    )
    scored = score_fda(c, no_label)
    assert scored.features["indication"] == 0.5
    assert "different-indication" not in scored.flags


def test_confidence_is_bounded_and_non_fda_records_score_zero(records) -> None:
    for c in (claim_2019(), claim_uses(), claim_1970s()):
        for cand in score_fda_all(c, list(records.values())):
            assert 0.0 <= cand.confidence <= 1.0
            assert set(cand.flags) == set(cand.flag_reasons)
    pubmed = Record(source="pubmed", id="pubmed:1", title="x")
    assert score_fda(claim_2019(), pubmed).confidence == 0.0
