"""Claim analysis on seed-article sentences and SciFact claims (litcheck.claims.facets)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from litcheck.claims.facets import analyze
from litcheck.claims.quantities import find_decade, find_quantities, find_years
from litcheck.claims.vocab import Vocabulary
from litcheck.models import Quantity, Term

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def fixture_path(name: str) -> Path:
    return FIXTURES / name


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return Vocabulary.load()


def _names(terms: tuple[Term, ...]) -> list[str]:
    return [t.canonical for t in terms]


def _scifact(claim_id: int) -> str:
    for line in fixture_path("scifact_claims_sample.jsonl").read_text().splitlines():
        item = json.loads(line)
        if item["id"] == claim_id:
            return str(item["claim"])
    raise KeyError(claim_id)


def test_northwestern_study_sentence(vocab: Vocabulary) -> None:
    f = analyze(
        "According to a new study published by Northwestern Medicine, medical ketamine works "
        "much more quickly than traditional classes of antidepressants.",
        vocab,
    )
    assert _names(f.interventions) == ["ketamine", "antidepressants"]
    assert f.interventions[0].related == ("esketamine", "arketamine", "norketamine")
    assert _names(f.institutions) == ["Northwestern University"]
    assert f.institutions[0].query == "Northwestern[ad]"
    assert f.institutions[0].matched == "Northwestern Medicine"
    assert f.recency == "new"
    assert not f.regulatory


def test_mice_sentence_has_organism_and_concept(vocab: Vocabulary) -> None:
    f = analyze(
        "The study, conducted on mice, demonstrates that ketamine infusion treatments can work "
        "immediately by igniting activity within a small group of newborn neurons.",
        vocab,
    )
    assert _names(f.organisms) == ["mouse"] and f.organisms[0].query == "Mice[mh]"
    assert "newborn neurons" in _names(f.concepts)
    assert "study" in _names(f.designs)
    assert "neuron" in f.keywords and "the" not in f.keywords


def test_nmda_sentence(vocab: Vocabulary) -> None:
    f = analyze(
        "Ketamine is also an NMDA receptor antagonist that binds to the same receptor.", vocab
    )
    assert _names(f.interventions) == ["ketamine"]
    assert {"NMDA receptor", "antagonist"} <= set(_names(f.concepts))


def test_approval_sentence(vocab: Vocabulary) -> None:
    f = analyze(
        "In 2019, ketamine became approved for the treatment of treatment-resistant depression.",
        vocab,
    )
    assert f.years == (2019,)
    assert f.regulatory
    assert _names(f.conditions) == ["treatment-resistant depression"]
    assert f.conditions[0].mesh == "Depressive Disorder, Treatment-Resistant"


def test_percentage_sentence(vocab: Vocabulary) -> None:
    f = analyze(
        "Impressively, ketamine is a fast-acting, effective treatment for 70% of patients, and "
        "can rapidly reduce the symptoms of depression, sometimes in a matter of hours.",
        vocab,
    )
    assert f.numbers == (Quantity("70%", 70.0, "%"),)
    assert "humans" in _names(f.organisms)
    assert _names(f.conditions) == ["depression"]


def test_decade_and_fda(vocab: Vocabulary) -> None:
    f = analyze("It was formulated in 1962 and became FDA-approved in the 1970s.", vocab)
    assert f.years == (1962,) and f.decade == 1970
    assert _names(f.agencies) == ["FDA"] and f.regulatory


def test_scifact_claim_without_vocabulary_hits_still_has_concepts(vocab: Vocabulary) -> None:
    f = analyze(_scifact(0), vocab)  # "0-dimensional biomaterials lack inductive properties."
    assert not f.interventions and not f.conditions
    assert "inductive" in " ".join(_names(f.concepts))
    assert "biomaterial" in f.keywords


def test_scifact_ratio_and_gene(vocab: Vocabulary) -> None:
    f = analyze(_scifact(2), vocab)  # "1 in 5 million in UK have abnormal PrP positivity."
    assert f.numbers[0].text == "1 in 5 million"
    assert f.numbers[0].value == pytest.approx(2e-5) and f.numbers[0].unit == "%"
    assert "prion protein" in _names(f.concepts)


def test_scifact_melanoma_pd1(vocab: Vocabulary) -> None:
    f = analyze(_scifact(24), vocab)
    assert _names(f.interventions) == ["PD-1 blockade"]
    assert _names(f.conditions) == ["melanoma"]
    assert f.numbers[0].value == 90.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("just three hours after", [("three hours", 3.0, "hour")]),
        ("a minimum of four weeks", [("four weeks", 4.0, "week")]),
        (
            "six infusions over two to three weeks",
            [("six infusions", 6.0, "infusions"), ("two to three weeks", 2.0, "week")],
        ),
        ("more than half the people", [("more than half", 50.0, "%")]),
        ("40mg/day of folic acid", [("40mg/day", 40.0, "mg/day")]),
        ("76-85% of people", [("76-85%", 76.0, "%")]),
        ("HNF4A and PD-1 and IL-6", []),
    ],
)
def test_quantities(text: str, expected: list[tuple[str, float, str]]) -> None:
    found, _ = find_quantities(text)
    assert [(q.text, q.value, q.unit) for q in found] == expected


def test_years_and_decades() -> None:
    assert find_years("in 2019 and 2001, not 2019s or 12019")[0] == (2019, 2001)
    assert find_decade("approved in the 1970s")[0] == 1970
    assert find_decade("popular in the '90s")[0] == 1990
    assert find_decade("no decade here")[0] is None


def test_keywords_use_the_shared_stemmer(vocab: Vocabulary) -> None:
    f = analyze("Ketamine's effects on neurons: studies of stimulated neurons.", vocab)
    # One stemmer for claims and scoring (litcheck.claims.text.stem); possessives folded.
    assert f.keywords[:2] == ("ketamine", "effect")
    assert "neuron" in f.keywords and "study" in f.keywords and "stimulat" in f.keywords


def test_analyze_is_pure_and_tolerates_odd_text(vocab: Vocabulary) -> None:
    text = "«»  ¿ 😀 — – …"
    assert analyze(text, vocab) == analyze(text, vocab)
    assert analyze("", vocab).keywords == ()
