"""The checker: ladders climbed only while needed, one fetch per chunk, failures as values."""

from __future__ import annotations

from litcheck.check.checker import Checker
from litcheck.errors import SourceUnavailable
from litcheck.models import Query, Status
from litcheck.sources.base import Capabilities
from tests.factories import FakeSource, claim, record

RECS = {
    str(i): record(str(i), f"ketamine depression paper {i}", "Ketamine helps.")
    for i in range(1, 30)
}


def ladder(c):
    return [
        Query("pubmed", f"narrow {c.text}", rung=0),
        Query("pubmed", f"broad {c.text}", rung=1),
    ]


def test_rung_runs_only_while_more_candidates_needed():
    src = FakeSource(
        {"narrow a": [str(i) for i in range(1, 13)], "broad a": ["20"]}, RECS, planner=ladder
    )
    checker = Checker({"fake": src}, limit=10, current_year=2026, policy="ladder")
    result = checker.check_one(claim("a"))
    assert [r.query.rung for r in result.queries] == [0]
    assert ("search", "broad a") not in src.calls
    assert len(result.candidates) == 10
    assert [c.confidence for c in result.candidates] == sorted(
        (c.confidence for c in result.candidates), reverse=True
    )


def test_second_rung_when_first_is_thin_and_ids_deduplicated():
    src = FakeSource({"narrow a": ["1", "2"], "broad a": ["2", "3"]}, RECS, planner=ladder)
    checker = Checker({"fake": src}, limit=10, policy="ladder")
    result = checker.check_one(claim("a"))
    assert [r.query.rung for r in result.queries] == [0, 1]
    assert sorted(c.record.pmid for c in result.candidates) == ["1", "2", "3"]


def test_chunk_fetches_once_and_identical_queries_run_once():
    src = FakeSource(
        {
            "narrow a": [str(i) for i in range(1, 11)],
            "narrow b": ["11"] * 1 + [str(i) for i in range(12, 21)],
        },
        RECS,
        planner=ladder,
    )
    checker = Checker({"fake": src}, limit=10, policy="ladder")
    results = list(checker.check([claim("a"), claim("b"), claim("a ")]))
    assert len(results) == 3
    fetches = [c for c in src.calls if c[0] == "fetch"]
    assert len(fetches) == 1
    searches = [c for c in src.calls if c[0] == "search"]
    assert searches.count(("search", "narrow a")) == 1


class DownSource(FakeSource):
    def search(self, query, *, limit=20):
        raise SourceUnavailable("cannot reach example.org", source=self.name)


def test_failed_source_is_recorded_and_other_source_kept():
    good = FakeSource({"narrow a": ["1"], "broad a": []}, RECS, name="good", planner=ladder)
    down = DownSource({}, {}, name="down", planner=ladder)
    checker = Checker({"good": good, "down": down}, policy="ladder")
    result = checker.check_one(claim("a"))
    assert result.status is not Status.SKIPPED
    assert "down" in result.source_errors and "cannot reach" in result.source_errors["down"]
    assert result.candidates


def test_all_sources_failed_is_skipped_with_reason():
    checker = Checker({"down": DownSource({}, {}, name="down", planner=ladder)})
    result = checker.check_one(claim("a"))
    assert result.status is Status.SKIPPED
    assert "cannot reach" in (result.skipped_reason or "")
    assert checker.failures


def test_no_hits_is_no_match():
    checker = Checker({"fake": FakeSource({}, RECS, planner=ladder)})
    result = checker.check_one(claim("zzz"))
    assert result.status is Status.NO_MATCH and not result.candidates


def test_claim_is_skipped_when_every_source_it_needed_failed():
    """A source with nothing to ask (openFDA for a non-regulatory claim) is not an answer."""
    idle = FakeSource({}, RECS, name="idle", planner=lambda c: [])
    down = DownSource({}, {}, name="down", planner=ladder)
    result = Checker({"idle": idle, "down": down}).check_one(claim("a"))
    assert result.status is Status.SKIPPED and result.unfinished and not result.partial
    assert result.source_errors == {"down": "cannot reach example.org"}


def test_partial_answer_is_unfinished():
    good = FakeSource({"narrow a": ["1"]}, RECS, name="good", planner=ladder)
    down = DownSource({}, {}, name="down", planner=ladder)
    result = Checker({"good": good, "down": down}).check_one(claim("a"))
    assert result.status is not Status.SKIPPED and result.partial and result.unfinished


class FetchDown(FakeSource):
    def fetch(self, ids):
        raise SourceUnavailable("efetch unreachable", source=self.key)


class Joiner(FakeSource):
    """Finds ids of another source's records (as LitSense finds PMIDs that PubMed fetches)."""

    pool = "home"


def test_joiner_ids_are_fetched_by_the_pool_source_in_one_request():
    home = FakeSource({"narrow a": ["1"], "narrow b": ["2"]}, RECS, name="home", planner=ladder)
    joiner = Joiner(
        {"a": ["3", "1"], "b": ["4"]}, {}, name="joiner", planner=lambda c: [Query("x", c.text)]
    )
    checker = Checker({"home": home, "joiner": joiner}, policy="ladder")
    results = list(checker.check([claim("a"), claim("b")]))
    fetches = [c for c in home.calls if c[0] == "fetch"]
    assert len(fetches) == 1 and sorted(fetches[0][1]) == ["1", "2", "3", "4"]
    assert not [c for c in joiner.calls if c[0] == "fetch"]
    assert {c.record.pmid for c in results[0].candidates} == {"1", "3"}


def test_failed_pool_fetch_skips_its_joiners_too():
    home = FetchDown({"narrow a": ["1"]}, RECS, name="home", planner=ladder)
    joiner = Joiner({"a": ["3"]}, {}, name="joiner", planner=lambda c: [Query("x", c.text)])
    result = Checker({"home": home, "joiner": joiner}).check_one(claim("a"))
    assert result.status is Status.SKIPPED and "efetch unreachable" in (result.skipped_reason or "")


def _joiner(hits: dict[str, list[str]]) -> FakeSource:
    """A source without a ladder whose ids join the `fake` pool, as LitSense joins PubMed's."""
    src = FakeSource(hits, {}, name="joiner", planner=lambda c: [Query("joiner", c.text)])
    src.capabilities = Capabilities(ladder=False)
    src.pool = "fake"
    return src


def three(c):
    return [Query("pubmed", f"r{i} {c.text}", rung=i, label=f"r{i}") for i in range(3)]


MERGED = "(r0 a) OR (r1 a)"


def test_default_merges_rungs_zero_and_one_into_one_request():
    src = FakeSource({MERGED: ["1", "2", "3"], "r2 a": ["4"]}, RECS, planner=three)
    result = Checker({"fake": src}).check_one(claim("a"))
    assert [c[1] for c in src.calls if c[0] == "search"] == [MERGED]
    assert [(r.query.rung, r.query.label) for r in result.queries] == [(0, "r0 OR r1")]


def test_default_climbs_while_the_ladder_has_few_of_its_own_whatever_joins():
    src = FakeSource({MERGED: ["1"], "r2 a": ["2", "3"]}, RECS, planner=three)
    joiner = _joiner({"a": ["4", "5", "6"]})
    result = Checker({"fake": src, "joiner": joiner}).check_one(claim("a"))
    assert [c[1] for c in src.calls if c[0] == "search"] == [MERGED, "r2 a"]
    assert sorted(c.record.pmid for c in result.candidates) == ["1", "2", "3", "4", "5", "6"]


def test_own_policy_lets_joined_ids_make_rung_zero_enough():
    src = FakeSource({MERGED: ["1"], "r2 a": ["2", "3"]}, RECS, planner=three)
    joiner = _joiner({"a": ["4", "5", "6"]})
    result = Checker({"fake": src, "joiner": joiner}, policy="own-merge").check_one(claim("a"))
    assert ("search", "r2 a") not in src.calls  # the pool holds 4 candidates, 1 its own
    assert [(r.query.source, r.query.rung) for r in result.queries] == [("fake", 0), ("joiner", 0)]
    assert sorted(c.record.pmid for c in result.candidates) == ["1", "4", "5", "6"]


def test_a_ladder_with_none_of_its_own_climbs_even_in_a_full_pool():
    src = FakeSource({"r2 a": ["2"]}, RECS, planner=three)
    joiner = _joiner({"a": ["4", "5", "6"]})
    result = Checker({"fake": src, "joiner": joiner}, policy="own-merge").check_one(claim("a"))
    assert [c[1] for c in src.calls if c[0] == "search"] == [MERGED, "r2 a"]
    assert sorted(c.record.pmid for c in result.candidates) == ["2", "4", "5", "6"]


def test_pooled_policy_stops_after_rung_zero_in_a_full_pool():
    src = FakeSource({"r2 a": ["2"]}, RECS, planner=three)
    joiner = _joiner({"a": ["4", "5", "6"]})
    Checker({"fake": src, "joiner": joiner}, policy="pooled").check_one(claim("a"))
    assert [c[1] for c in src.calls if c[0] == "search"] == ["r0 a"]


def test_ladder_policy_counts_only_the_ladders_own_ids():
    src = FakeSource({"narrow a": ["1"], "broad a": ["2", "3"]}, RECS, planner=ladder)
    joiner = _joiner({"a": ["4", "5", "6"]})
    checker = Checker({"fake": src, "joiner": joiner}, policy="ladder")
    result = checker.check_one(claim("a"))
    assert [r.query.rung for r in result.queries if r.query.source == "fake"] == [0, 1]


def test_rung_zero_always_runs_and_a_thin_pool_still_climbs():
    src = FakeSource({MERGED: ["1"], "r2 a": ["2", "3"]}, RECS, planner=three)
    joiner = _joiner({"a": ["1"]})  # the same record: the pool holds one candidate
    result = Checker({"fake": src, "joiner": joiner}).check_one(claim("a"))
    assert [c[1] for c in src.calls if c[0] == "search"] == [MERGED, "r2 a"]
    assert sorted(c.record.pmid for c in result.candidates) == ["1", "2", "3"]


def test_a_failed_joiner_leaves_the_ladder_to_climb_on_its_own():
    src = FakeSource({MERGED: ["1"], "r2 a": ["2", "3"]}, RECS, planner=three)
    down = DownSource({}, {}, name="joiner", planner=lambda c: [Query("joiner", c.text)])
    down.capabilities = Capabilities(ladder=False)
    down.pool = "fake"
    result = Checker({"fake": src, "joiner": down}).check_one(claim("a"))
    assert ("search", "r2 a") in src.calls
    assert "joiner" in result.source_errors


def test_jump_policy_goes_from_rung_zero_to_the_last_rung():
    def four(c):
        return [Query("pubmed", f"r{i} {c.text}", rung=i) for i in range(4)]

    src = FakeSource({"r0 a": ["1"], "r3 a": ["2", "3"]}, RECS, planner=four)
    result = Checker({"fake": src}, policy="pooled-jump").check_one(claim("a"))
    assert [r.query.rung for r in result.queries] == [0, 3]
    assert [c[1] for c in src.calls if c[0] == "search"] == ["r0 a", "r3 a"]


def test_an_unknown_policy_is_refused():
    import pytest

    with pytest.raises(ValueError, match="climbing policy"):
        Checker({"fake": FakeSource({}, RECS)}, policy="greedy")
