"""The pure review loop, driven by scripted command lines (no terminal, no files)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from litcheck.models import ClaimResult, Decision, Verdict
from litcheck.review.loop import Command, Filters, ReviewOutcome, parse_command, record_url, review
from tests.review.review_helpers import ALL_IDS, GUT, KETAMINE, PPI, SEMAGLUTIDE, UPF


class Harness:
    """Collects what the loop shows, says, records and opens."""

    def __init__(self, lines: list[str]) -> None:
        self._lines: Iterator[str] = iter(lines)
        self.shown: list[str] = []
        self.said: list[str] = []
        self.recorded: list[Decision] = []
        self.opened: list[str] = []

    def run(self, results: list[ClaimResult], **kwargs: object) -> ReviewOutcome:
        return review(
            results,
            read=lambda: next(self._lines, None),
            show=lambda r, _d, _pos, _total: self.shown.append(r.claim.id),
            say=self.said.append,
            record=self.recorded.append,
            open_url=self.opened.append,
            reviewer="ana",
            clock=lambda: "2025-01-01T00:00:00Z",
            **kwargs,  # type: ignore[arg-type]
        )


def _d(
    claim: str, verdict: Verdict, candidate: str | None = None, note: str | None = None
) -> Decision:
    return Decision(claim, verdict, candidate, note, "2025-01-01T00:00:00Z", "ana")


def test_done_when_script(results: list[ClaimResult]) -> None:
    h = Harness(["c 1", "r", "u", "n checked the PDF", "q"])
    outcome = h.run(results)
    assert h.recorded == [
        _d(KETAMINE, Verdict.CONFIRMED, "pubmed:38011560"),
        _d(GUT, Verdict.REJECTED),
        _d(PPI, Verdict.UNSURE),
        _d(SEMAGLUTIDE, Verdict.NOTE, note="checked the PDF"),
    ]
    assert outcome.made == h.recorded
    assert outcome.ended == "quit" and outcome.position == 3
    assert h.shown == [KETAMINE, GUT, PPI, SEMAGLUTIDE]  # the note does not redraw or advance


def test_back_skip_and_bare_number(results: list[ClaimResult]) -> None:
    h = Harness(["s", "b", "2 second is right", "b", "c 3"])
    h.run(results)
    assert h.shown == [KETAMINE, GUT, KETAMINE, GUT, KETAMINE, GUT]
    assert h.recorded == [
        _d(KETAMINE, Verdict.CONFIRMED, "pubmed:37729413", note="second is right"),
        _d(KETAMINE, Verdict.CONFIRMED, "pubmed:993"),
    ]


def test_end_of_input_is_quit(results: list[ClaimResult]) -> None:
    h = Harness(["r"])
    assert h.run(results).ended == "quit"
    assert [d.claim_id for d in h.recorded] == [KETAMINE]


def test_bad_commands_explain_and_record_nothing(results: list[ClaimResult]) -> None:
    h = Harness(["x", "c", "c 9", "n", "b", "o 7", "?", "q"])
    h.run(results)
    assert h.recorded == []
    assert h.shown == [KETAMINE]
    assert h.said[0].startswith("unknown command 'x'")
    assert "c needs a candidate number" in h.said[1]
    assert h.said[2] == "no candidate 9: this claim has 3"
    assert "n needs the note's text" in h.said[3]
    assert h.said[4] == "already at the first claim"
    assert h.said[5] == "no candidate 7: this claim has 3"
    assert h.said[6].startswith("c N confirm")


def test_open_uses_record_url(results: list[ClaimResult]) -> None:
    h = Harness(["o", "o 3", "q"])
    h.run(results)
    assert h.opened == [
        "https://pubmed.ncbi.nlm.nih.gov/38011560/",
        "https://pubmed.ncbi.nlm.nih.gov/993/",
    ]


def test_claim_without_candidates_can_be_rejected_but_not_confirmed(
    results: list[ClaimResult],
) -> None:
    from msgspec.structs import replace

    empty = [replace(results[0], candidates=())]
    h = Harness(["c 1", "r"])
    assert h.run(empty).ended == "done"
    assert h.said[0] == "no candidate 1: this claim has 0"
    assert [d.verdict for d in h.recorded] == [Verdict.REJECTED]


def test_resumes_at_first_unreviewed(results: list[ClaimResult]) -> None:
    before = {
        KETAMINE: _d(KETAMINE, Verdict.CONFIRMED, "pubmed:38011560"),
        GUT: _d(GUT, Verdict.REJECTED),
        PPI: _d(PPI, Verdict.NOTE, note="a note is not a verdict"),
    }
    h = Harness(["q"])
    h.run(results, decisions=before)
    assert h.shown == [PPI]
    assert h.said == ["resuming at claim 3 of 5 (2 reviewed)"]


def test_all_reviewed_starts_at_first(results: list[ClaimResult]) -> None:
    before = {cid: _d(cid, Verdict.UNSURE) for cid in ALL_IDS}
    h = Harness(["q"])
    h.run(results, decisions=before)
    assert h.shown == [KETAMINE]
    assert "all 5 claims already have a verdict" in h.said[0]


def test_past_the_last_claim_ends(results: list[ClaimResult]) -> None:
    h = Harness(["s", "s", "s", "s", "c 1", "q"])
    outcome = h.run(results)
    assert outcome.ended == "done"
    assert h.recorded == [_d(UPF, Verdict.CONFIRMED, "pubmed:37905428")]
    assert h.said[-1] == "end of the list: 1 of 5 claims reviewed"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(flagged_only=True), [KETAMINE, GUT, PPI, UPF]),
        (Filters(min_confidence=0.7), [KETAMINE, SEMAGLUTIDE, UPF]),
        (Filters(max_confidence=0.6), [PPI]),
        (Filters(unreviewed_only=True), [GUT, PPI, SEMAGLUTIDE, UPF]),
    ],
)
def test_filters(results: list[ClaimResult], filters: Filters, expected: list[str]) -> None:
    before = {KETAMINE: _d(KETAMINE, Verdict.REJECTED)}
    h = Harness(["s"] * 10)
    h.run(results, decisions=before, filters=filters)
    if filters.unreviewed_only:
        assert h.shown == expected
    else:
        # the reviewed first claim is passed over at the start, then the rest in order
        assert h.shown == [cid for cid in expected if cid != KETAMINE]


def test_filters_can_leave_nothing(results: list[ClaimResult]) -> None:
    h = Harness([])
    assert h.run(results, filters=Filters(min_confidence=0.99)).ended == "empty"
    assert h.said == ["nothing to review with these filters"]


def test_parse_command() -> None:
    assert parse_command("c 2 looks right") == Command("c", 2, "looks right")
    assert parse_command("  R  ") == Command("r", None, "")
    assert parse_command("n checked the PDF") == Command("n", None, "checked the PDF")
    assert parse_command("o") == Command("o", 1)
    assert parse_command("h") == Command("?")
    with pytest.raises(ValueError, match="empty"):
        parse_command("   ")


def test_record_url_fallbacks(results: list[ClaimResult]) -> None:
    from msgspec.structs import replace

    record = results[0].candidates[0].record
    assert record_url(replace(record, url=None)) == "https://pubmed.ncbi.nlm.nih.gov/38011560/"
    assert (
        record_url(replace(record, url=None, pmid=None))
        == "https://doi.org/10.1073/pnas.2305772120"
    )
    assert record_url(replace(record, url=None, pmid=None, doi=None)) is None
