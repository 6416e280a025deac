"""Reading results files back: tolerant of missing keys; the last line for a claim wins."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from litcheck.errors import InputError
from litcheck.models import Author, ClaimResult, Status
from litcheck.results.reader import parse_author, parse_results, read_results
from tests.review.review_helpers import ALL_IDS, REVIEW_FIXTURES, UPF


def test_duplicate_claim_last_line_wins_in_first_place(results: list[ClaimResult]) -> None:
    assert [r.claim.id for r in results] == ALL_IDS
    upf = results[4]
    assert upf.claim.id == UPF and upf.status is Status.MATCHED
    assert [c.record.id for c in upf.candidates] == ["pubmed:37905428"]


def test_pubmed_candidate_fields(results: list[ClaimResult]) -> None:
    c = results[0].candidates[0]
    r = c.record
    assert (r.pmid, r.doi, r.year, r.volume, r.issue, r.pages, r.pmcid) == (
        "38011560",
        "10.1073/pnas.2305772120",
        2023,
        "120",
        "49",
        "e2305772120",
        "PMC10710048",
    )
    assert r.authors[0] == Author(last_name="Krystal", initials="JH")
    assert c.flags == ("review",) and c.flag_reasons["review"].startswith("PublicationType")
    assert c.evidence is not None and c.evidence.field == "abstract"
    assert results[0].claim.facets.interventions[0].canonical == "ketamine"


def test_openfda_candidate_fields(results: list[ClaimResult]) -> None:
    r = results[3].candidates[0].record
    assert r.fda is not None
    assert (r.fda.application_number, r.fda.sponsor, r.fda.original_approval) == (
        "NDA209637",
        "NOVO",
        "2017-12-05",
    )
    assert r.fda.products[0].brand_name == "OZEMPIC"
    assert results[3].claim.facets.years == (2017,)


def test_minimal_result_and_rank_order() -> None:
    line = {
        "claim": {"text": "Coffee prevents gout."},
        "candidates": [
            {"rank": 2, "id": "pubmed:2", "title": "B"},
            {"rank": 1, "id": "pubmed:1", "title": "A"},
        ],
    }
    (result,) = parse_results(json.dumps(line))
    assert result.claim.id.startswith("c-") and result.status is Status.MATCHED
    assert [c.record.id for c in result.candidates] == ["pubmed:1", "pubmed:2"]


def test_json_document_form_and_embedded_decision() -> None:
    doc = {
        "schema": "litcheck.results/1",
        "results": [
            {
                "claim": {"id": "c-1", "text": "x"},
                "status": "no_match",
                "candidates": [],
                "decision": {"verdict": "rejected", "candidate": None, "note": "n", "at": "t"},
            }
        ],
    }
    (result,) = parse_results(json.dumps(doc, indent=2))
    assert result.decision is not None and result.decision.note == "n"


def test_author_shapes() -> None:
    assert parse_author("Barrera-Bugueño C") == Author(last_name="Barrera-Bugueño", initials="C")
    assert parse_author("Cowan CSM") == Author(last_name="Cowan", initials="CSM")
    assert parse_author("COVID-19 Study Group") == Author(collective="COVID-19 Study Group")


def test_errors_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no results file"):
        read_results(tmp_path / "missing.jsonl")
    with pytest.raises(InputError, match="is a folder"):
        read_results(tmp_path)
    foreign = tmp_path / "notes.txt"
    foreign.write_text("hello\nworld\n")
    with pytest.raises(InputError, match="holds no results"):
        read_results(foreign)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    with pytest.raises(InputError, match="holds no results"):
        read_results(empty)


def test_fixture_is_valid_jsonl() -> None:
    lines = (REVIEW_FIXTURES / "results.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 6 and all(json.loads(line)["claim"]["id"] for line in lines)


def test_unreadable_lines_are_skipped_with_one_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    good = (REVIEW_FIXTURES / "results.jsonl").read_bytes().splitlines(keepends=True)
    damaged = tmp_path / "results.jsonl"
    damaged.write_bytes(
        good[0]
        + b"not json\n"  # line 2: corrupt
        + good[1]
        + b'{"claim": {"id": "c-x", "text": "x"}, "candidates": [{"features": {"a": "x"}}]}\n'  # 4
        + b'{"claim": "\xff\xfe"}\n'  # line 5: not UTF-8, not a claim object
        + good[2]
        + good[3][:50]  # line 7: torn by a crash, no newline
    )
    with caplog.at_level("WARNING", logger="litcheck"):
        results = read_results(damaged)
    assert [r.claim.id for r in results] == ALL_IDS[:3]
    assert caplog.messages == [f"{damaged}: 4 unreadable lines (2, 4, 5, 7) skipped"]


def test_warning_lists_at_most_ten_lines() -> None:
    from litcheck.results.reader import unreadable_warning

    assert unreadable_warning("r.jsonl", [3], "skipped") == "r.jsonl: 1 unreadable line (3) skipped"
    text = unreadable_warning("r.jsonl", list(range(1, 13)), "will be checked again")
    assert (
        text
        == "r.jsonl: 12 unreadable lines (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, …) will be checked again"
    )


def test_json_document_entries_are_skipped_with_one_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    doc = {"schema": "litcheck.results/1", "results": [{"claim": {"text": "a"}}, 5, {"x": 1}]}
    with caplog.at_level("WARNING", logger="litcheck"):
        (result,) = parse_results(json.dumps(doc), name="doc.json")
    assert result.claim.text == "a"
    assert caplog.messages == ["doc.json: 2 unreadable entries (2, 3) skipped"]
