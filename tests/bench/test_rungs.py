"""bench.rungs: which rung found each top-3 reference, and paired gains/losses."""

from __future__ import annotations

from bench.batch import print_hosts
from bench.livepath import LabelledClaim
from bench.rungs import attribute, paired
from litcheck.models import Candidate, ClaimResult, Query, QueryRun, Status
from tests.factories import claim, record


def _result(text: str, runs: list[tuple[str, int, tuple[str, ...]]], top: list[str]):
    queries = tuple(QueryRun(Query(src, f"{src}{rung}", rung=rung), ids) for src, rung, ids in runs)
    cands = tuple(Candidate(record(pid, "t", "a"), 0.5) for pid in top)
    return ClaimResult(claim(text), Status.MATCHED, cands, queries)


def test_attribution_counts_requests_finders_and_sole_finders():
    claims = [
        LabelledClaim("a", "a", None, frozenset({"1"}), "1"),
        LabelledClaim("b", "b", None, frozenset({"5"}), "5"),
    ]
    results = [
        _result("a", [("pubmed", 0, ("9",)), ("pubmed", 1, ("1", "9"))], ["1", "9"]),
        _result("b", [("pubmed", 0, ("5",)), ("litsense", 0, ("5",))], ["5"]),
    ]
    out = attribute(claims, results)
    table = out["table"]
    assert table["pubmed:0"] == {
        "requests": 2,
        "top3_refs_found": 1,
        "top3_refs_only": 0,
        "claims_only": 0,
    }
    assert table["pubmed:1"]["top3_refs_only"] == 1 and table["pubmed:1"]["claims_only"] == 1
    assert table["litsense:0"]["top3_refs_found"] == 1
    assert [c["hit3"] for c in out["per_claim"]] == [True, True]
    before = [{"claim": "a", "hit3": False}, {"claim": "b", "hit3": True}]
    assert paired(out["per_claim"], before)["gained_ids"] == ["a"]
    assert paired(before, out["per_claim"])["lost"] == 1


def test_batch_prints_each_host_with_its_bound(capsys):
    host = {"requests": 350, "requests_per_claim": 1.167, "429": 0, "rate": 3, "bound_s": 116.67}
    print_hosts([{"name": "cold", "hosts": {"eutils": {**host, "wall_over_bound": 3.1}}}])
    out = capsys.readouterr().out
    assert "eutils" in out and "1.167" in out and "116.67" in out and "3.1" in out
