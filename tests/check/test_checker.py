"""The checker: ladders climbed only while needed, one fetch per chunk, failures as values."""

from __future__ import annotations

from litcheck.check.checker import Checker
from litcheck.errors import SourceUnavailable
from litcheck.models import Query, Status
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
    src = FakeSource({"narrow a": [str(i) for i in range(1, 13)], "broad a": ["20"]}, RECS)
    checker = Checker({"fake": src}, limit=10, planners={"pubmed": ladder}, current_year=2026)
    result = checker.check_one(claim("a"))
    assert [r.query.rung for r in result.queries] == [0]
    assert ("search", "broad a") not in src.calls
    assert len(result.candidates) == 10
    assert [c.confidence for c in result.candidates] == sorted(
        (c.confidence for c in result.candidates), reverse=True
    )


def test_second_rung_when_first_is_thin_and_ids_deduplicated():
    src = FakeSource({"narrow a": ["1", "2"], "broad a": ["2", "3"]}, RECS)
    checker = Checker({"fake": src}, limit=10, planners={"pubmed": ladder})
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
    )
    checker = Checker({"fake": src}, limit=10, planners={"pubmed": ladder})
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
    good = FakeSource({"narrow a": ["1"], "broad a": []}, RECS, name="good")
    down = DownSource({}, {}, name="down")
    checker = Checker({"good": good, "down": down}, planners={"pubmed": ladder})
    result = checker.check_one(claim("a"))
    assert result.status is not Status.SKIPPED
    assert "down" in result.source_errors and "cannot reach" in result.source_errors["down"]
    assert result.candidates


def test_all_sources_failed_is_skipped_with_reason():
    checker = Checker({"down": DownSource({}, {}, name="down")}, planners={"pubmed": ladder})
    result = checker.check_one(claim("a"))
    assert result.status is Status.SKIPPED
    assert "cannot reach" in (result.skipped_reason or "")
    assert checker.failures


def test_no_hits_is_no_match():
    checker = Checker({"fake": FakeSource({}, RECS)}, planners={"pubmed": ladder})
    result = checker.check_one(claim("zzz"))
    assert result.status is Status.NO_MATCH and not result.candidates
