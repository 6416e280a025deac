from __future__ import annotations

from litcheck.models import Term
from litcheck.sources.openfda.names import base_name, quote, same_drug
from litcheck.sources.openfda.plan import DRUGSFDA, LABEL, plan_openfda
from tests.sources.openfda.claims import FDA, KETAMINE, claim, claim_2019, condition


def test_salt_words_are_ignored_when_comparing_ingredients() -> None:
    assert base_name("KETAMINE HYDROCHLORIDE") == "ketamine"
    assert base_name("ESKETAMINE HYDROCHLORIDE") == "esketamine"
    assert base_name("SODIUM CHLORIDE") == "sodium chloride"
    assert same_drug("KETAMINE HCL", ["ketamine"])
    assert not same_drug("ESKETAMINE HYDROCHLORIDE", ["ketamine", "ketamine hydrochloride"])


def test_phrases_are_double_quoted_and_inner_quotes_dropped() -> None:
    assert quote('treatment-resistant "depression"') == '"treatment-resistant depression"'


def test_no_queries_for_a_claim_that_is_not_regulatory() -> None:
    plain = claim("Ketamine lifts mood in mice", interventions=(KETAMINE,))
    assert plan_openfda(plain) == []


def test_no_queries_without_a_drug() -> None:
    assert (
        plan_openfda(claim("The FDA approved a new drug", agencies=(FDA,), regulatory=True)) == []
    )


def test_naming_the_fda_is_enough_to_plan() -> None:
    queries = plan_openfda(claim("FDA says ketamine", interventions=(KETAMINE,), agencies=(FDA,)))
    assert [q.rung for q in queries] == [0, 1]


def test_ladder_drug_then_related_then_label_with_condition() -> None:
    queries = plan_openfda(claim_2019())
    assert [(q.rung, q.params["endpoint"]) for q in queries] == [
        (0, DRUGSFDA),
        (1, DRUGSFDA),
        (2, LABEL),
    ]
    assert all(q.source == "openfda" and q.params["drug"] == "ketamine" for q in queries)
    drug, related, label = (q.term for q in queries)
    # Salts stripped (one "ketamine" phrase covers KETAMINE HYDROCHLORIDE); brand searched too.
    assert drug == (
        'products.active_ingredients.name:"ketamine" OR products.brand_name:"ketamine" OR '
        'products.active_ingredients.name:"ketalar" OR products.brand_name:"ketalar"'
    )
    assert '"esketamine"' in related and '"arketamine"' in related and '"ketamine"' not in related
    assert label.endswith('AND (indications_and_usage:"treatment-resistant depression")')
    assert 'openfda.substance_name:"esketamine"' in label


def test_related_substances_equal_to_the_drug_are_not_repeated() -> None:
    drug = Term("ketamine", "intervention", related=("Ketamine HCl",))
    queries = plan_openfda(claim("ketamine approved", interventions=(drug,), regulatory=True))
    assert [q.rung for q in queries] == [0]


def test_condition_synonyms_go_into_the_label_search() -> None:
    c = claim(
        "ketamine approved for depression",
        interventions=(KETAMINE,),
        conditions=(condition("depression", "major depressive disorder"),),
        regulatory=True,
    )
    label = plan_openfda(c)[-1].term
    assert 'indications_and_usage:"major depressive disorder"' in label


def test_names_a_shorter_name_already_finds_are_not_searched_again() -> None:
    drug = Term(
        "ketamine",
        "intervention",
        synonyms=("ketamine HCl", "Ketalar", "racemic ketamine", "(R,S)-ketamine"),
        related=("esketamine", "norketamine"),
    )
    drug_query, related_query = (
        q.term for q in plan_openfda(claim("x", interventions=(drug,), regulatory=True))
    )
    assert drug_query.count("active_ingredients") == 2  # "ketamine" and "ketalar" only
    assert '"racemic ketamine"' not in drug_query and "r s" not in drug_query
    assert '"esketamine"' in related_query and '"norketamine"' in related_query
