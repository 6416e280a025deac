"""On a narrow screen the candidates are stacked, one block each, so no title is lost (issue 16).

Rich's table gave the title column whatever the fixed columns left: at 40 columns nothing, so
the titles and evidence vanished. Below `TITLE_CELLS` cells for it, each candidate is drawn as
its confidence and record on one line, its flags, title, evidence and reasons below.
"""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from litcheck.formats.table import TITLE_CELLS, TableFormatter, _candidates
from tests.formats.samples import hostile_result, rich_results


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


@pytest.mark.parametrize("width", [30, 40, 50, 60])
def test_a_narrow_screen_keeps_every_title_evidence_and_flag(width: int) -> None:
    results = rich_results()
    out = TableFormatter(width=width, detail=True).format(results)
    assert "title · evidence" not in out and "candidate" in out
    assert all(cell_len(line) <= width for line in out.splitlines())
    flat = " ".join(out.split())
    for result in results:
        for rank, c in enumerate(result.candidates, start=1):
            assert re.search(rf"(?m)^ +{rank} +[█░]", out)
            for piece in (c.record.title, c.evidence.text if c.evidence else "", *c.flags):
                # every word is there (a word longer than the column is cut with "…")
                assert all(w in flat or len(w) > width - 6 for w in _words(piece)), piece


def test_a_wide_screen_keeps_the_table() -> None:
    out = TableFormatter(width=80).format(rich_results())
    assert "title · evidence" in out and "record · flags" in out


def test_the_table_turns_to_blocks_exactly_where_the_title_column_gets_too_narrow() -> None:
    for result in (*rich_results(), hostile_result()):
        if not result.candidates:
            continue
        candidates = _candidates(result)
        for width in range(30, 121):
            widths = candidates.wide.widths(width - 5)
            fits = sum(widths) <= width - 5 and widths[-1] - 1 >= TITLE_CELLS
            out = TableFormatter(width=width).format([result])
            assert ("title · evidence" in out) is fits, width
            assert (candidates.table_widths(width) is not None) is fits
            assert fits or width < 70  # from 70 columns on, always the table


def test_stacked_blocks_carry_the_record_line_and_colours() -> None:
    out = TableFormatter(width=40, color=True).format(rich_results()[:1])
    assert "\x1b[1m38011560\x1b[0m" in out  # the PMID in bold
    assert "\x1b[" in out and " · " in out
