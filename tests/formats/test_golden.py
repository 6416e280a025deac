"""Golden files of every output format for one fixed result set (tests/formats/samples.py).

Set UPDATE_GOLDEN=1 to rewrite tests/formats/golden/ after a deliberate change; review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from litcheck.formats import OutputFormat
from tests.formats.samples import rich_results
from tests.review.review_helpers import assert_golden

GOLDEN = Path(__file__).parent / "golden"
FILES = {
    OutputFormat.TABLE: "results_table_100.txt",
    OutputFormat.MARKDOWN: "results.md",
    OutputFormat.CSV: "results.csv",
    OutputFormat.JSONL: "results.jsonl",
    OutputFormat.JSON: "results.json",
}


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_golden(fmt: OutputFormat) -> None:
    text = fmt.to_formatter(width=100, color=False).format(rich_results())
    assert_golden(FILES[fmt], text, folder=GOLDEN)


def test_every_format_has_a_golden_file() -> None:
    assert set(FILES) == set(OutputFormat)
    assert {p.name for p in GOLDEN.iterdir()} == set(FILES.values())
