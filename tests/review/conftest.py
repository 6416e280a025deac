"""Fixtures of the review/decisions/export tests (constants live in review_helpers.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from review_helpers import REVIEW_FIXTURES

from litcheck.cli.common import reset_consoles
from litcheck.decisions import load_latest
from litcheck.models import ClaimResult, Decision
from litcheck.results_reader import read_results


@pytest.fixture(autouse=True)
def _fresh_consoles() -> None:
    reset_consoles()


@pytest.fixture
def results_file(tmp_path: Path) -> Path:
    """A private copy of the results fixture in an empty folder."""
    folder = tmp_path / "work"
    folder.mkdir()
    target = folder / "results.jsonl"
    shutil.copyfile(REVIEW_FIXTURES / "results.jsonl", target)
    return target


@pytest.fixture
def results() -> list[ClaimResult]:
    return read_results(REVIEW_FIXTURES / "results.jsonl")


@pytest.fixture
def fixed_decisions() -> dict[str, Decision]:
    return load_latest(REVIEW_FIXTURES / "decisions.jsonl")
