"""The result table's grid: column widths, wrapped cells, a header rule, rows apart by a blank line.

One table shape only, the one `formats.table` draws: a bold header row over a `─` rule, one
space between columns and at each edge, no padding at the outer edges, a blank line above,
between and below the rows, and the table as wide as the screen. Widths and wrapping follow
rich's `Table` with `box.SIMPLE_HEAD, expand=True, pad_edge=False, show_lines=True` (rich 13-15,
https://github.com/Textualize/rich/blob/master/rich/table.py), so the table is what rich drew:
tests/formats/test_table_vs_rich.py checks the two byte for byte. Every column takes the width
its widest line needs (within `min_width`/`max_width`), the `ratio` column takes the rest, and
when that is not enough the wrapping columns give way first.
"""

from __future__ import annotations

from math import ceil

import msgspec

from litcheck.formats.cells import cell_len, one_cell
from litcheck.formats.styled import Segment, Styled, wrap

HEADER_STYLE = "bold"
Measure = tuple[int, int]
"""The fewest and the most cells a cell's text needs: (longest word, longest line)."""


class Column(msgspec.Struct, frozen=True):
    """A column: its header, how its text sits and how wide it may get."""

    header: str
    justify: str = "left"
    no_wrap: bool = False
    min_width: int | None = None
    max_width: int | None = None
    ratio: int | None = None


def ratio_reduce(
    total: int, ratios: list[int], maximums: list[int], values: list[int]
) -> list[int]:
    """`values` less `total` shared out by `ratios`, no slot losing more than its maximum."""
    ratios = [ratio if most else 0 for ratio, most in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining, out = total, []
    for ratio, most, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            taken = min(most, round(ratio * remaining / total_ratio))
            out.append(value - taken)
            remaining -= taken
            total_ratio -= ratio
        else:
            out.append(value)
    return out


def ratio_distribute(total: int, ratios: list[int], minimums: list[int] | None = None) -> list[int]:
    """`total` shared out by `ratios`, each slot getting at least its minimum."""
    if minimums:
        ratios = [ratio if least else 0 for ratio, least in zip(ratios, minimums, strict=True)]
    total_ratio = sum(ratios)
    remaining, out = total, []
    for ratio, least in zip(ratios, minimums or [0] * len(ratios), strict=True):
        share = max(least, ceil(ratio * remaining / total_ratio)) if total_ratio > 0 else remaining
        out.append(share)
        total_ratio -= ratio
        remaining -= share
    return out


def _normal(low: int, high: int) -> Measure:
    low = min(max(0, low), high)
    return max(0, low), max(0, low, high)


def _within(measure: Measure, most: int) -> Measure:
    """Rich's `Measurement.get`: normalised, at most `most`, and (0, 0) when nothing fits."""
    low, high = _normal(*measure)
    low, high = min(low, most), min(high, most)
    return (0, 0) if high < 1 else _normal(low, high)


def _measure_text(text: Styled, most: int) -> Measure:
    if most < 1:
        return 0, 0
    lines, words = text.plain.splitlines(), text.plain.split()
    measure = len if one_cell(text.plain) else cell_len
    longest = max(map(measure, lines)) if lines else 0
    return _within((max(map(measure, words)) if words else longest, longest), most)


def _measure_padded(text: Styled, most: int, pad: int) -> Measure:
    if most < 1:
        return 0, 0
    if most - pad < 1:
        return _within((most, most), most)
    low, high = _measure_text(text, most)
    return _within((min(low + pad, most), min(high + pad, most)), most)


class Grid:
    """The table for `columns` and `rows` of styled cells; `lines(width)` draws it."""

    def __init__(self, columns: list[Column], rows: list[list[Styled]]) -> None:
        self.columns = columns
        self.rows = rows
        last = len(columns) - 1
        self.pads = [(0 if i == 0 else 1, 0 if i == last else 1) for i in range(len(columns))]

    def _cells(self, index: int) -> list[Styled]:
        return [Styled(self.columns[index].header), *(row[index] for row in self.rows)]

    def _measure(self, index: int, most: int) -> Measure:
        if most < 1:
            return 0, 0
        column, pad = self.columns[index], sum(self.pads[index])
        sizes = [_measure_padded(cell, most, pad) for cell in self._cells(index)]
        low = max((s[0] for s in sizes), default=1)
        high = max((s[1] for s in sizes), default=most)
        low, high = min(low, most), min(high, most)
        if column.min_width is not None:
            least = max(0, column.min_width + pad)
            low, high = max(low, least), max(high, least)
        if column.max_width is not None:
            low, high = min(low, column.max_width + pad), min(high, column.max_width + pad)
        return low, high

    def widths(self, most: int) -> list[int]:
        """Each column's width, padding included, for a table `most` cells wide inside its
        borders (rich's `Table._calculate_column_widths` with expand)."""
        columns = self.columns
        widths = [self._measure(i, most)[1] or 1 for i in range(len(columns))]
        ratios = [c.ratio or 0 for c in columns if c.ratio is not None]
        if any(ratios):
            fixed = [0 if c.ratio is not None else w for c, w in zip(columns, widths, strict=True)]
            least = [1 + sum(self.pads[i]) for i, c in enumerate(columns) if c.ratio is not None]
            flexible = iter(ratio_distribute(most - sum(fixed), ratios, least))
            widths = [f + next(flexible) if c.ratio is not None else f for c, f in zip(columns, fixed, strict=True)]  # fmt: skip
        total = sum(widths)
        if total > most:
            widths = self._collapse(widths, [not c.no_wrap for c in columns], most)
            total = sum(widths)
            if total > most:
                widths = ratio_reduce(total - most, [1] * len(widths), widths, widths)
                total = sum(widths)
            # measured again within the narrower widths; `total` stays as it was (as in rich)
            widths = [self._measure(i, max(0, w))[1] or 0 for i, w in enumerate(widths)]
        if total < most:
            pads = ratio_distribute(most - total, widths)
            widths = [w + p for w, p in zip(widths, pads, strict=True)]
        return widths

    @staticmethod
    def _collapse(widths: list[int], wrapping: list[bool], most: int) -> list[int]:
        """Narrow the widest wrapping columns until the table fits (or they are all as narrow
        as the next widest)."""
        total = sum(widths)
        excess = total - most
        if not any(wrapping):
            return widths
        while total and excess > 0:
            widest = max(w for w, wraps in zip(widths, wrapping, strict=True) if wraps)
            second = max(w if wraps and w != widest else 0 for w, wraps in zip(widths, wrapping, strict=True))  # fmt: skip
            ratios = [1 if w == widest and wraps else 0 for w, wraps in zip(widths, wrapping, strict=True)]  # fmt: skip
            if not any(ratios) or not widest - second:
                break
            widths = ratio_reduce(
                excess, ratios, [min(excess, widest - second)] * len(widths), widths
            )
            total = sum(widths)
            excess = total - most
        return widths

    def _draw_cell(self, index: int, text: Styled, width: int, base: str) -> list[list[Segment]]:
        column, (left, right) = self.columns[index], self.pads[index]
        inner = max(0, width - left - right)
        if inner < 1:  # rich renders nothing at all into no room
            return []
        # Justified left or right, every wrapped line is exactly `inner` cells wide (cut with
        # `…` or padded), as rich's own crop-and-pad of the cell would leave it.
        lines = wrap(text, inner, justify=column.justify, overflow="ellipsis", no_wrap=column.no_wrap)  # fmt: skip
        drawn = []
        for line in lines:
            segments = [(" " * left, ""), *line.segments(), (" " * right, "")]
            if base:  # the header: its style lies under everything in the cell, padding too
                segments = [(t, f"{base} {s}".strip()) for t, s in segments]
            drawn.append(segments)
        return drawn

    def lines(self, width: int, widths: list[int] | None = None) -> list[list[Segment]]:
        """The table drawn for a screen `width` cells wide, a list of segments per line
        (`widths`: the columns' widths for it, when `widths()` has already given them)."""
        extra = 2 + len(self.columns) - 1
        widths = widths or self.widths(max(0, width - extra))
        blank = [(" " * (sum(widths) + extra), "")]
        out = [blank]
        for number, row in enumerate([[Styled(c.header) for c in self.columns], *self.rows]):
            base = HEADER_STYLE if number == 0 else ""
            cells = [self._draw_cell(i, text, w, base) for i, (text, w) in enumerate(zip(row, widths, strict=True))]  # fmt: skip
            height = max(1, *(len(cell) for cell in cells))
            for cell, w in zip(cells, widths, strict=True):
                filler = [[(" " * w, base)]] * (height - len(cell))
                cell[:] = filler + cell if number == 0 else cell + filler
            for line_no in range(height):
                line: list[Segment] = [(" ", "")]
                for i, cell in enumerate(cells):
                    line += [(" ", "")] if i else []
                    line += cell[line_no]
                out.append([*line, (" ", "")])
            if number == 0:
                out.append([(" " + "─" * (sum(widths) + len(widths) - 1) + " ", "")])
            elif number < len(self.rows):
                out.append(blank)
        out.append(blank)
        return out
