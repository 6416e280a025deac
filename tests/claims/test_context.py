"""Article-aware claims: references resolved, study facets carried, subject counted
(litcheck.claims.context), and the context in JSON and in the PubMed ladder."""

from __future__ import annotations

from pathlib import Path

import pytest
from msgspec.structs import replace

from litcheck.claims.read import read_claims_file
from litcheck.claims.vocab import Vocabulary
from litcheck.models import Claim, ClaimResult, Status
from litcheck.models.context import ClaimContext, Inherited, context_from_json, context_to_json
from litcheck.results.codec import dumps_line
from litcheck.results.reader import parse_results
from litcheck.sources.pubmed.plan import plan_pubmed

ARTICLES = Path(__file__).parents[1] / "fixtures" / "articles"


@pytest.fixture(scope="module")
def seeds() -> dict[str, list[Claim]]:
    vocab = Vocabulary.load()
    return {p.name[:3]: read_claims_file(p, vocab) for p in sorted(ARTICLES.glob("*.txt"))}


def _claim(seeds: dict[str, list[Claim]], article: str, start: str) -> Claim:
    return next(c for c in seeds[article] if c.text.startswith(start))


@pytest.mark.parametrize(
    ("article", "start", "checked"),
    [
        ("004", "Typically, they", "Typically, [ketamine infusions] can help ease depressive"),
        ("003", "It was formulated", "[Ketamine] was formulated in 1962 and became approved"),
        ("002", "Unfortunately, these", "Unfortunately, [SSRIs] take a minimum of four weeks"),
        ("001", "These receptors", "[NMDA receptors] play a critical role"),
        ("003", "It can be difficult", "[Depression] can be difficult to treat"),
        ("004", "However, this treatment", "However, [ketamine therapy] will have to be followed"),
        ("000", "The study, conducted", "The study [Northwestern Medicine], conducted on mice"),
    ],
)
def test_references_are_resolved_in_the_checked_text(
    seeds: dict[str, list[Claim]], article: str, start: str, checked: str
) -> None:
    claim = _claim(seeds, article, start)
    assert claim.context is not None
    assert claim.context.checked_text.startswith(checked)
    assert claim.query_text == claim.context.checked_text
    assert claim.text.startswith(start)  # the text and id stay the sentence as written


def test_inherited_facets_are_merged_and_marked(seeds: dict[str, list[Claim]]) -> None:
    claim = _claim(seeds, "004", "Typically, they")
    (drug,) = claim.facets.interventions
    assert (drug.canonical, drug.inherited) == ("ketamine", True)
    assert all(not t.inherited for t in claim.facets.conditions)
    assert claim.context is not None
    (item,) = claim.context.inherited
    assert (item.what, item.value, item.kind, item.from_line) == (
        "they",
        "ketamine infusions",
        "intervention",
        25,
    )


def test_a_sentence_that_continues_a_study_inherits_its_facets(
    seeds: dict[str, list[Claim]],
) -> None:
    claim = _claim(seeds, "000", "The study, conducted on mice")
    assert [t.canonical for t in claim.facets.institutions] == ["Northwestern University"]
    assert claim.facets.institutions[0].inherited
    assert claim.context is not None
    assert claim.context.values("institution") == ("Northwestern University",)
    assert "line 9" in claim.context.inherited[0].why


@pytest.mark.parametrize(
    ("article", "start"),
    [
        ("003", "Although there are traditional treatments"),  # "they" = the treatments
        ("004", "Ketamine infusions provide quick relief"),  # states its own drug
        ("001", "Instead, ketamine targets"),
    ],
)
def test_sentences_that_stand_alone_are_left_as_written(
    seeds: dict[str, list[Claim]], article: str, start: str
) -> None:
    claim = _claim(seeds, article, start)
    assert claim.context is not None
    assert claim.context.checked_text == claim.text
    assert not any(t.inherited for t in claim.facets.interventions)


def test_the_subject_title_and_heading_are_shown(seeds: dict[str, list[Claim]]) -> None:
    claim = _claim(seeds, "003", "It was formulated")
    assert claim.context is not None
    assert claim.context.subject == "ketamine; depression"
    assert claim.context.title == "How Ketamine Works Rapidly For Depression"
    assert claim.context.heading == "What Is Ketamine?"


def test_extracted_claims_say_what_kind_of_claim_they_are(seeds: dict[str, list[Claim]]) -> None:
    assert _claim(seeds, "003", "In 2019, ketamine became approved").kind == "approval"
    assert _claim(seeds, "004", "Ketamine may not be the ideal").kind == "safety"
    assert all(c.kind for claims in seeds.values() for c in claims)


def test_context_round_trips_through_the_results_json(seeds: dict[str, list[Claim]]) -> None:
    claim = _claim(seeds, "004", "Typically, they")
    (back,) = parse_results(dumps_line(ClaimResult(claim=claim, status=Status.NO_MATCH)))
    assert back.claim.context == claim.context
    assert back.claim.kind == claim.kind
    assert [(t.canonical, t.inherited) for t in back.claim.facets.interventions] == [
        ("ketamine", True)
    ]


def test_context_json_tolerates_missing_and_odd_values() -> None:
    assert context_from_json(None) is None
    assert context_from_json({"subject": "x"}) is None
    ctx = context_from_json({"checked_text": "t", "inherited": [{"value": "v"}, 3]})
    assert ctx == ClaimContext("t", inherited=(Inherited("", "v", "phrase"),))
    full = ClaimContext("a [b]", "s", "T", "H", (Inherited("it", "b", "intervention", 3, "w"),))
    assert context_from_json(context_to_json(full)) == full


def test_the_ladder_ranks_inherited_facets_below_stated_ones(
    seeds: dict[str, list[Claim]],
) -> None:
    claim = _claim(seeds, "004", "Typically, they")
    ladder = plan_pubmed(claim)
    assert "ketamine" in ladder[0].term.lower() and "depression" in ladder[0].term.lower()
    stated = [q for q in ladder if "context dropped" in q.label]
    assert len(stated) == 1 and "ketamine" not in stated[0].term.lower()
    assert ladder[-1].label.startswith("any of")  # the broad fallback stays last
    assert ladder.index(stated[0]) == len(ladder) - 2


def test_a_claim_without_context_keeps_its_ladder(seeds: dict[str, list[Claim]]) -> None:
    claim = _claim(seeds, "004", "Typically, they")
    bare = replace(claim, context=None, facets=replace(claim.facets, interventions=()))
    assert bare.query_text == bare.text
    assert not any("context dropped" in q.label for q in plan_pubmed(bare))


def test_a_study_from_another_institution_starts_its_own() -> None:
    from litcheck.claims.read import extract_claims

    text = (
        "A new study by Northwestern Medicine found that ketamine activates newborn neurons in "
        "mice.\nThe study, conducted on mice, shows ketamine works within hours.\nThe study "
        "from Yale University found that ketamine reduces suicidal thoughts within a day.\n"
    )
    claims = extract_claims(text, Vocabulary.load(), kind="text")
    continued, other = claims[1], claims[2]
    assert continued.context is not None and other.context is not None
    assert continued.context.values("institution") == ("Northwestern University",)
    assert other.context.values("institution") == ()
