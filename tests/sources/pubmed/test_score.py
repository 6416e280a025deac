"""The scorer: ranking that follows the claim's facets, flags with reasons, evidence sentences."""

from __future__ import annotations

from litcheck.models import Notice
from litcheck.sources.pubmed.score import record_flags, score, score_pool
from tests.factories import DEPRESSION, KETAMINE, MOUSE, NORTHWESTERN, claim, record

NW = "Department of Psychiatry, Northwestern University Feinberg School of Medicine, Chicago, IL"

NW_CLAIM = claim(
    "According to a new study published by Northwestern Medicine, ketamine works much more "
    "quickly than traditional antidepressants. The study, conducted on mice, shows newborn "
    "neurons are activated.",
    interventions=(KETAMINE,),
    organisms=(MOUSE,),
    institutions=(NORTHWESTERN,),
    recency="new",
)

KETAMINE_PAPER = record(
    "1001",
    "Ketamine activates adult-born immature granule neurons to rapidly alleviate depression-like behaviors in mice",
    "Ketamine produces rapid antidepressant effects. Here we show in mice that ketamine "
    "activates newborn neurons in the dentate gyrus within hours.",
    year=2024,
    mesh=("Animals", "Mice", "Ketamine", "Neurogenesis"),
    affiliations=(NW,),
)
SIBLING_PAPER = record(
    "1002",
    "Fluoxetine requires adult-born neurons to alleviate depression-like behaviors in mice",
    "Fluoxetine takes weeks to act. Here we show in mice that fluoxetine depends on newborn "
    "neurons in the dentate gyrus.",
    year=2023,
    mesh=("Animals", "Mice", "Fluoxetine", "Neurogenesis"),
    affiliations=(NW,),
)


def test_paper_matching_drug_organism_institution_beats_same_lab_sibling():
    ranks = {KETAMINE_PAPER.id: 2, SIBLING_PAPER.id: 1}  # the source even ranked the sibling first
    ranked = score_pool(NW_CLAIM, [SIBLING_PAPER, KETAMINE_PAPER], ranks, current_year=2026)
    assert [c.record.pmid for c in ranked] == ["1001", "1002"]
    top = ranked[0]
    assert top.confidence > ranked[1].confidence
    assert any("ketamine in title" in r for r in top.reasons)
    assert any("affiliation" in r for r in top.reasons)
    assert 0.0 <= ranked[1].confidence <= top.confidence <= 1.0


def test_features_are_visible_and_bounded():
    cand = score(NW_CLAIM, KETAMINE_PAPER)
    assert set(cand.features) >= {"title_overlap", "best_sentence", "facet_coverage", "rank"}
    assert all(0.0 <= v <= 1.0 for v in cand.features.values())
    assert cand.evidence is not None and "newborn neurons" in cand.evidence.text


def test_animal_only_flag_for_general_claim_not_for_mouse_claim():
    general = claim(
        "Ketamine relieves depression within hours.",
        interventions=(KETAMINE,),
        conditions=(DEPRESSION,),
    )
    flags = record_flags(general, KETAMINE_PAPER, 2026)
    assert "animal-only" in flags and "Mice" in flags["animal-only"]
    assert "animal-only" not in record_flags(NW_CLAIM, KETAMINE_PAPER, 2026)


def test_animal_only_from_abstract_when_no_mesh():
    general = claim("Ketamine relieves depression.", interventions=(KETAMINE,))
    rec = record("5", "Ketamine in rats", "Rats received ketamine and were tested.", mesh=())
    assert "animal-only" in record_flags(general, rec, 2026)
    human = record("6", "Ketamine trial", "Patients with depression received ketamine.", mesh=())
    assert "animal-only" not in record_flags(general, human, 2026)


def test_retracted_and_expression_of_concern_flags():
    c = claim("Ketamine cures everything.", interventions=(KETAMINE,))
    retracted = record(
        "993",
        "Some paper",
        pub_types=("Journal Article", "Retracted Publication"),
        notices=(Notice("RetractionIn", pmid="195582"),),
    )
    flags = record_flags(c, retracted, 2026)
    assert "retracted" in flags and "195582" in flags["retracted"]
    eoc = record("994", "Other paper", notices=(Notice("ExpressionOfConcernIn", pmid="1"),))
    assert "expression-of-concern" in record_flags(c, eoc, 2026)


def test_review_preprint_and_in_vitro_flags():
    c = claim("Ketamine blocks NMDA receptors.", interventions=(KETAMINE,))
    review = record("7", "Ketamine: a review", pub_types=("Journal Article", "Review"))
    assert "review" in record_flags(c, review, 2026)
    preprint = record("8", "Ketamine preprint", pub_types=("Preprint",))
    assert "preprint" in record_flags(c, preprint, 2026)
    cells = record("9", "Ketamine on cultured neurons", mesh=("Cells, Cultured", "Ketamine"))
    assert "in-vitro" in record_flags(c, cells, 2026)


def test_year_mismatch_for_named_year_and_for_new_study():
    c2019 = claim("In 2019 a study showed ketamine works.", years=(2019,))
    assert "year-mismatch" not in record_flags(c2019, record("1", "x", year=2019), 2026)
    assert "year-mismatch" not in record_flags(c2019, record("1", "x", year=2020), 2026)
    assert "year-mismatch" in record_flags(c2019, record("1", "x", year=2012), 2026)
    new = claim("A new study shows ketamine works.", recency="new")
    assert "year-mismatch" in record_flags(new, record("1", "x", year=2001), 2026)
    assert "year-mismatch" not in record_flags(new, record("1", "x", year=2024), 2026)


def test_related_substance_only_is_partial_and_explained():
    c = claim("Ketamine was approved for depression.", interventions=(KETAMINE,))
    esk = record("10", "Esketamine nasal spray for treatment-resistant depression", mesh=())
    ket = record("11", "Ketamine infusion for treatment-resistant depression", mesh=())
    s_esk, s_ket = score(c, esk), score(c, ket)
    assert s_ket.features["intervention"] == 1.0
    assert 0 < s_esk.features["intervention"] < 1.0
    assert any("related to ketamine" in r for r in s_esk.reasons)


def test_best_sentence_z_compares_a_record_with_its_pool():
    from litcheck.sources.pubmed.score import pool_features

    other = record("1003", "Sleep in adolescents", "Teenagers sleep less on school nights.")
    pool = [KETAMINE_PAPER, SIBLING_PAPER, other]
    z = {rid: f["best_sentence_z"] for rid, f in pool_features(NW_CLAIM, pool).items()}
    assert z[KETAMINE_PAPER.id] > z[SIBLING_PAPER.id] > z[other.id]
    assert abs(sum(z.values())) < 1e-6  # z-scores of the pool
    alone = score(NW_CLAIM, KETAMINE_PAPER)  # no pool: neutral
    assert alone.features["best_sentence_z"] == 0.0
    ranked = score_pool(NW_CLAIM, pool, {r.id: i for i, r in enumerate(pool, 1)}, current_year=2026)
    assert [c.record.id for c in ranked][0] == KETAMINE_PAPER.id
    assert ranked[0].features["best_sentence_z"] == round(z[KETAMINE_PAPER.id], 4)


def test_year_reason_only_when_the_record_has_a_year() -> None:
    c2019 = claim("In 2019 a study showed ketamine works.", years=(2019,))
    dated = score(c2019, record("3001", "Ketamine works", "Ketamine works.", year=2019))
    undated = score(c2019, record("3002", "Ketamine works", "Ketamine works.", year=None))
    assert "published 2019, as the claim says" in dated.reasons
    assert not any("published" in reason for reason in undated.reasons)
