"""One confidence bar and one set of status thresholds (formats/bar.py, thresholds.py)."""

from __future__ import annotations

from litcheck.formats.bar import bar, bar_style, styled_bar
from litcheck.models import Status
from litcheck.thresholds import MATCHED_AT, PLAUSIBLE_AT, WEAK_AT, status_of


def test_statuses_follow_what_they_promise() -> None:
    assert (MATCHED_AT, WEAK_AT) == (0.6, 0.5)
    assert status_of([]) is Status.NO_MATCH
    assert status_of([0.6, 0.1]) is Status.MATCHED
    assert status_of([0.55, 0.1]) is Status.WEAK
    assert status_of([0.3, 0.15, 0.1]) is Status.WEAK  # likely among the top three
    assert status_of([0.3, 0.1, 0.05, 0.9]) is Status.NO_MATCH  # only the top three count
    assert status_of([0.2, 0.1]) is Status.NO_MATCH


def test_plain_bar() -> None:
    assert bar(0.8) == "████████░░"
    assert bar(0.0) == "░" * 10 and bar(1.4) == "█" * 10
    assert bar(1.7, width=4) == "████" and bar(-1.0, width=4) == "░░░░"
    assert [bar_style(v) for v in (0.1, PLAUSIBLE_AT, 0.6)] == ["red", "yellow", "green"]


def test_styled_bar_has_the_number() -> None:
    assert styled_bar(0.78).plain == "████░ 0.78"


def test_a_top_candidate_missing_a_named_drug_or_condition_is_at_most_weak() -> None:
    assert status_of([0.9, 0.05], top_names_all=False) is Status.WEAK
    assert status_of([0.4, 0.05], top_names_all=False) is Status.NO_MATCH
