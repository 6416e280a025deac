"""One confidence bar and one set of status thresholds (formats/bar.py, thresholds.py)."""

from __future__ import annotations

import pytest

from litcheck.formats import table
from litcheck.formats.bar import bar, bar_style, rich_bar
from litcheck.models import Status
from litcheck.review import view
from litcheck.thresholds import MATCHED_AT, WEAK_AT, status_for

VALUES = [0.0, 0.04, 0.1, 0.19, 0.2, 0.25, 0.49, 0.5, 0.55, 0.78, 0.95, 1.0]


def test_status_thresholds() -> None:
    assert (MATCHED_AT, WEAK_AT) == (0.5, 0.2)
    assert [status_for(v) for v in (0.0, 0.2, 0.49, 0.5)] == [
        Status.NO_MATCH,
        Status.WEAK,
        Status.WEAK,
        Status.MATCHED,
    ]


def test_plain_bar() -> None:
    assert bar(0.8) == "████████░░"
    assert bar(1.7, width=4) == "████" and bar(-1.0, width=4) == "░░░░"
    assert [bar_style(v) for v in (0.1, 0.2, 0.5)] == ["red", "yellow", "green"]


@pytest.mark.parametrize("value", VALUES)
def test_the_copies_can_switch_to_it(value: float) -> None:
    # The two older bars (formats/table.py, review/view.py) draw exactly what this module does;
    # delete this test when they are replaced by litcheck.formats.bar.
    assert rich_bar(value) == table.confidence_bar(value)
    assert bar(value) == view.confidence_bar(value)
