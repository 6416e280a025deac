"""Query ladders (litcheck.sources.pubmed.plan)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from litcheck.claims.read import claim_from_text
from litcheck.claims.vocab import Vocabulary
from litcheck.models import Claim, Query
from litcheck.sources.pubmed.plan import MAX_RUNGS, plan_pubmed

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def fixture_path(name: str) -> Path:
    return FIXTURES / name


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return Vocabulary.load()


def _plan(text: str, vocab: Vocabulary) -> list[Query]:
    return plan_pubmed(claim_from_text(text, vocab))


def assert_valid_pubmed(term: str) -> None:
    """Balanced parentheses and quotes, every bare word tagged, booleans between terms."""
    assert term.count('"') % 2 == 0, term
    depth = 0
    for ch in term:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        assert depth >= 0, term
    assert depth == 0, term
    stripped = re.sub(r'"[^"]*"\[\w+\]', "X", term)
    stripped = re.sub(r"[\w\-.',]+\[\w+\]", "X", stripped)
    assert re.fullmatch(r"[()X\s]*(?:(?:AND|OR)[()X\s]*)*", stripped), (term, stripped)


def test_northwestern_mice_ladder_goes_from_specific_to_broad(vocab: Vocabulary) -> None:
    queries = _plan(
        "A new study by Northwestern Medicine in mice shows ketamine activates newborn neurons.",
        vocab,
    )
    assert [q.rung for q in queries] == list(range(len(queries)))
    assert 2 <= len(queries) <= MAX_RUNGS
    first, second, third = queries[0], queries[1], queries[2]
    assert "Northwestern[ad]" in first.term and "Mice[mh]" in first.term
    assert "Northwestern[ad]" not in second.term and "Mice[mh]" in second.term
    assert "Mice[mh]" not in third.term
    assert "affiliation" in first.label and "organism" in first.label
    for q in queries:
        assert q.source == "pubmed"
        assert '"Ketamine"[mh]' in q.term
        assert "esketamine[tiab]" in q.term and "arketamine[tiab]" in q.term
        assert_valid_pubmed(q.term)


def test_approval_claim_uses_mesh_for_the_condition(vocab: Vocabulary) -> None:
    queries = _plan(
        "In 2019, ketamine became approved for the treatment of treatment-resistant depression.",
        vocab,
    )
    assert '"Depressive Disorder, Treatment-Resistant"[mh]' in queries[0].term
    assert " AND " in queries[0].term
    assert queries[-1].term.count(" AND ") == 0  # the broad rung ORs the core terms


def test_design_filter_only_on_the_first_rung(vocab: Vocabulary) -> None:
    queries = _plan("A meta-analysis of randomized trials found statins reduce mortality.", vocab)
    assert queries[0].term.endswith('"meta-analysis"[pt]')
    assert '"randomized controlled trial"[pt]' not in queries[0].term
    assert all("[pt]" not in q.term for q in queries[1:])


def _scifact_claims() -> list[str]:
    lines = fixture_path("scifact_claims_sample.jsonl").read_text().splitlines()
    return [json.loads(line)["claim"] for line in lines]


@pytest.mark.parametrize("text", _scifact_claims())
def test_scifact_claims_get_short_valid_ladders(text: str, vocab: Vocabulary) -> None:
    queries = _plan(text, vocab)
    assert 2 <= len(queries) <= MAX_RUNGS, queries
    for q in queries:
        assert_valid_pubmed(q.term)
        assert q.label
    # Specific first: the first rung ANDs terms, the last one ORs them (the broadest).
    assert " AND " in queries[0].term
    assert queries[-1].label.startswith("any of")


def test_claim_without_vocabulary_hits_uses_its_most_specific_words(vocab: Vocabulary) -> None:
    queries = _plan(
        "ALDH1 expression is associated with poorer prognosis for breast cancer primary tumors.",
        vocab,
    )
    assert queries[0].term.startswith("ALDH1[tiab] AND ")
    assert '"Breast Neoplasms"[mh]' in queries[0].term
    assert "poorer" not in queries[0].term

    queries = _plan("1 in 5 million in UK have abnormal PrP positivity.", vocab)
    assert "PrP[tiab]" in queries[0].term and "positivity[tiab]" in queries[0].term
    assert "UK[tiab]" not in queries[0].term


def test_three_specific_terms_become_any_two_of_three_then_any(vocab: Vocabulary) -> None:
    queries = _plan(
        "Activated Cdk5 phosphorylates the ATM protein in response to DNA damage.", vocab
    )
    assert [q.label.split(":")[0] for q in queries] == ["any two of", "any of"]
    assert queries[0].term.startswith("(Cdk5[tiab] AND ATM[tiab]) OR (Cdk5[tiab] AND ")
    assert queries[-1].term.startswith("(Cdk5[tiab] OR ATM[tiab] OR ")


def test_plain_claim_without_facets_is_analysed_on_the_fly() -> None:
    queries = plan_pubmed(Claim.from_text("Lithium reduces suicide risk in bipolar disorder."))
    assert '"Lithium"[mh]' in queries[0].term
    assert '"Bipolar Disorder"[mh]' in queries[0].term


def test_nothing_searchable_gives_no_queries(vocab: Vocabulary) -> None:
    assert plan_pubmed(claim_from_text("It is what it is, and so on.", vocab)) == []


def test_unsafe_names_never_reach_the_query(vocab: Vocabulary) -> None:
    queries = _plan("Esketamine nasal spray helps depression.", vocab)
    assert "(S)-ketamine" not in queries[0].term  # parentheses in a name would unbalance it
    assert "Spravato[tiab]" in queries[0].term
    for q in queries:
        assert_valid_pubmed(q.term)
