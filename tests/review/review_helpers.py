"""Constants and the golden-file helper of the review/decisions/export tests.

Set UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate change; review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).parent
REVIEW_FIXTURES = HERE / "fixtures"
GOLDEN = HERE / "golden"

# Claim ids of tests/review/fixtures/results.jsonl, in file order.
KETAMINE = "c-28126991191a"
GUT = "c-a9d8d91d11f4"
PPI = "c-54f82b4f04de"
SEMAGLUTIDE = "c-72d5ab356db2"
UPF = "c-d987998deb9a"
ALL_IDS = [KETAMINE, GUT, PPI, SEMAGLUTIDE, UPF]


def assert_golden(name: str, text: str, *, folder: Path = GOLDEN) -> None:
    """Compare `text` with FOLDER/NAME, tests/review/golden/ by default (UPDATE_GOLDEN=1 rewrites)."""
    path = folder / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    assert path.exists(), f"missing golden file {path}; run with UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")
