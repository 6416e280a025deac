"""The review screen: golden text at 80 columns, flags and highlighted claim words."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from litcheck.models import ClaimResult, Decision, Verdict
from litcheck.review.view import claim_terms, highlight, render_claim
from tests.review.review_helpers import assert_golden


def _render(result: ClaimResult, decision: Decision | None, pos: int, width: int = 80) -> str:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(render_claim(result, decision, pos, 5))
    # rich pads grid cells with spaces; the golden files keep text, not padding.
    return "\n".join(line.rstrip() for line in console.export_text().splitlines()) + "\n"


def test_golden_claim_with_three_candidates(results: list[ClaimResult]) -> None:
    assert_golden("view_ketamine_80.txt", _render(results[0], None, 0))


def test_golden_fda_candidate_with_decision(results: list[ClaimResult]) -> None:
    decision = Decision(
        results[3].claim.id, Verdict.CONFIRMED, "openfda:NDA209637", "label checked", "t", "ana"
    )
    assert_golden("view_semaglutide_80.txt", _render(results[3], decision, 3))


def test_fits_80_and_40_columns(results: list[ClaimResult]) -> None:
    for result in results:
        for width in (80, 40):
            text = _render(result, None, 0, width=width)
            assert max(len(line) for line in text.splitlines()) <= width


def test_flags_are_coloured_by_severity(
    results: list[ClaimResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR")
    console = Console(width=80, color_system="standard", force_terminal=True, file=io.StringIO())
    console.print(render_claim(results[0], None, 0, 5))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b[1;31m[retracted]" in out  # bold red
    assert "\x1b[33m[review]" in out  # yellow


def test_claim_words_are_highlighted(results: list[ClaimResult]) -> None:
    terms = claim_terms(results[0])
    assert "ketamine" in terms and "depression" in terms and "the" not in terms
    text = highlight("Ketamine eased depressive symptoms.", terms)
    lit = {text.plain[s.start : s.end] for s in text.spans}
    assert lit == {"Ketamine", "depressive"}


def test_no_candidates_says_why(results: list[ClaimResult]) -> None:
    from msgspec.structs import replace

    skipped = replace(results[4], candidates=(), skipped_reason="pubmed: timed out")
    assert "no candidates: pubmed: timed out" in _render(skipped, None, 4)


def test_claim_as_checked_first_and_as_written_below(
    results: list[ClaimResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    from litcheck.models import Claim

    monkeypatch.setattr(Claim, "query_text", property(lambda self: "Esketamine " + self.text))
    lines = _render(results[0], None, 0).splitlines()
    assert lines[1].startswith("Esketamine Ketamine relieves depression")
    assert any(line.startswith("as written: Ketamine relieves depression") for line in lines)
    assert len(lines) <= 20
