"""Cell widths (litcheck.formats.cells) agree with rich's for every string (issue 16)."""

from __future__ import annotations

import random

import pytest
import rich.cells

from litcheck.formats.cells import ONE_CELL, cell_len, chop_cells, set_cell_size

SAMPLES = [
    "",
    "plain ASCII words",
    "“Müller–Lyer” ±0.5 β-blockers ≥ 3 → µg · …",
    "████░ 0.78 ─ ✔ confirmed",
    "抗うつ薬ケタミンの効果",
    "pill 💊 and 👩‍⚕️ doctor",
    "e\u0301 combining and zero\u200bwidth",
    "controls \x1b[31m \x7f \x9b tab\t",
    "ÿ\u0100 Ġ and ʼ\u0300",
]


def test_every_character_of_the_fast_ranges_is_one_cell_to_rich() -> None:
    wide = [
        hex(code)
        for low, high in ONE_CELL
        for code in range(low, high + 1)
        if rich.cells.get_character_cell_size(chr(code)) != 1
    ]
    assert wide == []


@pytest.mark.parametrize("text", SAMPLES)
def test_measures_and_cuts_as_rich_does(text: str) -> None:
    assert cell_len(text) == rich.cells.cell_len(text)
    for width in range(1, 14):
        assert set_cell_size(text, width) == rich.cells.set_cell_size(text, width)
        assert chop_cells(text, width) == rich.cells.chop_cells(text, width)


def test_random_text_from_the_fast_ranges_matches_rich() -> None:
    rng = random.Random(16)
    alphabet = [chr(c) for low, high in ONE_CELL for c in range(low, high + 1)]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        width = rng.randint(1, 30)
        assert cell_len(text) == rich.cells.cell_len(text) == len(text)
        assert set_cell_size(text, width) == rich.cells.set_cell_size(text, width)
        assert chop_cells(text, width) == rich.cells.chop_cells(text, width)
