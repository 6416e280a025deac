"""The claim/check table explains itself: top reasons, a no_match claim's best 3, --detail."""

from __future__ import annotations

from click.testing import CliRunner
from msgspec.structs import replace

from litcheck.cli import app
from litcheck.formats import OutputFormat
from litcheck.models import Status
from tests.formats.samples import rich_results


def _table(results: list, *, detail: bool = False) -> str:
    return OutputFormat.TABLE.to_formatter(width=100, detail=detail).format(results)


def _many(status: Status):
    result = rich_results()[0]
    top = result.candidates[1]
    many = tuple(
        replace(
            top,
            record=replace(top.record, id=f"pubmed:{n}", pmid=str(n)),
            reasons=("one", "two", "three"),
        )
        for n in range(100, 110)
    )
    return replace(result, status=status, candidates=many, decision=None)


def test_each_candidate_shows_its_top_two_reasons() -> None:
    text = _table([_many(Status.WEAK)])
    assert text.count("why: one; two (+1)") == 10
    assert "three" not in text
    assert "why: one; two; three" in _table([_many(Status.WEAK)], detail=True)


def test_no_match_shows_its_best_three_and_detail_restores_all() -> None:
    text = _table([_many(Status.NO_MATCH)])
    assert "100" in text and "102" in text and "103" not in text
    assert "7 weaker candidate(s) not shown (--detail)" in text
    full = _table([_many(Status.NO_MATCH)], detail=True)
    assert "109" in full and "not shown" not in full


def test_queries_are_counted_and_detail_lists_them() -> None:
    result = rich_results()[0]
    assert f"{len(result.queries)} queries ran (--detail lists them)" in _table([result])
    full = _table([result], detail=True)
    assert "queries that ran:" in full
    assert all(run.query.term in full for run in result.queries)


def test_detail_option_on_claim_and_check(tmp_path) -> None:
    claim = "Preoperative statin therapy reduces atrial fibrillation after bypass surgery."
    runner = CliRunner()
    short = runner.invoke(app, ["claim", claim, "--sources", "sample", "--no-cache"])
    full = runner.invoke(app, ["claim", claim, "--sources", "sample", "--no-cache", "--detail"])
    assert short.exit_code == 0 and full.exit_code == 0, short.output + full.output
    assert "queries ran (--detail lists them)" in short.stdout
    assert "queries that ran:" in full.stdout
    claims = tmp_path / "claims.txt"
    claims.write_text(claim + "\n", encoding="utf-8")
    checked = runner.invoke(
        app, ["check", str(claims), "--sources", "sample", "--no-cache", "--detail"]
    )
    assert checked.exit_code == 0, checked.output
    assert "queries that ran:" in checked.stdout
