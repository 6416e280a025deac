"""One codec: everything the results JSON carries is written and read back equal."""

from __future__ import annotations

import json

import pytest

from litcheck.models import ClaimResult
from litcheck.results.codec import (
    JsonFormatter,
    JsonlFormatter,
    dumps_line,
    load_line,
    result_to_dict,
)
from litcheck.results.reader import parse_results
from tests.formats.samples import rich_results


@pytest.mark.parametrize("index", [0, 1, 2])
def test_round_trip_gives_equal_models(index: int) -> None:
    result = rich_results()[index]
    assert load_line(dumps_line(result)) == result


def test_every_written_key_is_read() -> None:
    """Writing what was read gives the same JSON (only derived `returned` may differ)."""
    result = rich_results()[0]
    written = result_to_dict(result)
    again = result_to_dict(load_line(json.dumps(written)))
    for query in written["queries"] + again["queries"]:
        query.pop("returned")
    assert again == written


def test_rich_result_carries_what_matters() -> None:
    back = load_line(dumps_line(rich_results()[0]))
    fda_candidate, pubmed_candidate = back.candidates
    fda = fda_candidate.record.fda
    assert fda is not None and fda.approvals[1].class_code == "EFFICACY"
    assert fda.products[0].route == "NASAL" and fda.initial_us_approval == "1970"
    assert fda.boxed_warning and fda.indications
    assert pubmed_candidate.source_rank == 3 and pubmed_candidate.features["best_sentence"] == 0.5
    assert pubmed_candidate.record.pub_types == ("Journal Article", "Review")
    assert back.source_errors == {"openfda": "HTTP 500 from label endpoint"}
    assert back.decision is not None and back.decision.reviewer == "ana"
    assert back.claim.facets.interventions[0].related == ("arketamine", "esketamine")
    assert back.queries[0].query.params == {"endpoint": "drugsfda"}


def test_json_and_jsonl_formats_read_back() -> None:
    results = rich_results()
    assert parse_results(JsonlFormatter().format(results)) == results
    assert parse_results(JsonFormatter().format(results)) == results


@pytest.mark.parametrize(
    "line",
    [
        "",
        "not json",
        '{"claim": {"id": "c-tor',
        "[1, 2]",
        '{"status": "matched"}',
        '{"claim": "text"}',
        '{"claim": {"text": "a", "meta": ["x"]}}',
        '{"claim": {"text": "a"}, "candidates": [{"confidence": "high"}]}',
        '{"claim": {"text": "a"}, "candidates": [{"flag_reasons": ["x"]}]}',
        b'{"claim": {"text": "\xff"}}',
    ],
)
def test_unreadable_lines_raise_value_error(line: str | bytes) -> None:
    with pytest.raises(ValueError):
        load_line(line)


def test_old_files_without_pub_date_fall_back_to_approval_date() -> None:
    line = {
        "claim": {"text": "a"},
        "candidates": [{"source": "openfda", "id": "openfda:NDA1", "approval_date": "2019-03-05"}],
    }
    result: ClaimResult = load_line(json.dumps(line))
    assert result.candidates[0].record.pub_date == "2019-03-05"
