"""How many terminal cells text takes, and cutting text to a number of cells.

The result tables are laid out in cells, as rich lays them out (rich still draws progress bars
and the review screen): these functions give rich's answers (`rich.cells`) for every string.
Text made only of characters one cell wide (ASCII, Latin, Greek, Cyrillic, the punctuation,
arrows, maths and box-drawing blocks, minus the few rich counts otherwise; see `ONE_CELL`,
checked character by character against rich in tests/formats/test_cells.py) is measured here by
its length; any other text (CJK, emoji, combining marks) is handed to `rich.cells`, imported only
then: its Unicode width tables cost about 0.02 G instructions to load, 3% of a warm claim.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

ONE_CELL = (
    (0x20, 0x7E), (0xA0, 0x2FF), (0x370, 0x482), (0x48A, 0x52F), (0x1E00, 0x1FFF),
    (0x2010, 0x2027), (0x2030, 0x205E), (0x2070, 0x209F), (0x20A0, 0x20C0), (0x2100, 0x214F),
    (0x2190, 0x22FF), (0x2500, 0x25FC), (0x2713, 0x2714),
)  # fmt: skip
"""Ranges of characters (inclusive) that rich measures as one cell each, as terminals do:
Latin, Greek, Cyrillic, punctuation, super- and subscripts, currency, letter-like symbols,
arrows, maths, box drawing and blocks, check marks."""
_STARTS = [low for low, _ in ONE_CELL]
_ONE = set(map(chr, range(0x20, 0x7F)))
"""Characters known to be in `ONE_CELL` (ASCII, and those `one_cell` has met)."""


def one_cell(text: str) -> bool:
    """Whether every character of `text` is in `ONE_CELL`, so that it takes `len(text)` cells
    (a character class regex over these ranges takes 1.3 ms to compile, more than a claim's
    every call to this). Non-ASCII characters are looked up once, then remembered."""
    if text.isascii():
        return text.isprintable()  # ASCII's printable characters are exactly 0x20-0x7E
    unknown = set(text) - _ONE
    if not unknown:
        return True
    for char in unknown:
        code = ord(char)
        index = bisect_right(_STARTS, code) - 1
        if index < 0 or code > ONE_CELL[index][1]:
            return False
        _ONE.add(char)
    return True


def _rich_cells() -> Any:
    import rich.cells  # only for text with wide or zero-width characters

    return rich.cells


def cell_len(text: str) -> int:
    """Cells `text` takes on a terminal (rich.cells.cell_len)."""
    if one_cell(text):
        return len(text)
    return int(_rich_cells().cell_len(text))


def set_cell_size(text: str, total: int) -> str:
    """`text` cut or padded with spaces to exactly `total` cells (rich.cells.set_cell_size)."""
    if one_cell(text):
        size = len(text)
        return text + " " * (total - size) if size < total else text[:total]
    return str(_rich_cells().set_cell_size(text, total))


def chop_cells(text: str, width: int) -> list[str]:
    """`text` in pieces of at most `width` cells (rich.cells.chop_cells)."""
    if one_cell(text):
        return [text[index : index + width] for index in range(0, len(text), width)]
    return list(_rich_cells().chop_cells(text, width))
