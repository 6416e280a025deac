"""The confidence bar, in one place: `████░ 0.78`, coloured by the status thresholds.

`bar` is the plain cells (terminal review, any width); `bar_style` the colour of a confidence
by `litcheck.thresholds.MATCHED_AT` / `PLAUSIBLE_AT` (green likely right, yellow plausible,
red below);
`styled_bar` the coloured bar plus the number that result tables show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from litcheck.thresholds import MATCHED_AT, PLAUSIBLE_AT

if TYPE_CHECKING:
    from litcheck.formats.styled import Styled

FULL = "█"
EMPTY = "░"


def cells(confidence: float, width: int) -> int:
    """Filled cells of a `width`-cell bar: round(confidence * width), kept within 0..width."""
    return max(0, min(width, round(confidence * width)))


def bar(confidence: float, width: int = 10) -> str:
    """`████████░░` for 0.8 at width 10."""
    filled = cells(confidence, width)
    return FULL * filled + EMPTY * (width - filled)


def bar_style(confidence: float) -> str:
    """ "green" from MATCHED_AT, "yellow" from PLAUSIBLE_AT, else "red" (rich style names)."""
    if confidence >= MATCHED_AT:
        return "green"
    return "yellow" if confidence >= PLAUSIBLE_AT else "red"


def styled_bar(confidence: float, width: int = 5) -> Styled:
    """The filled cells in `bar_style`, the empty ones dim, then the number: `████░ 0.78`.

    The style of the filled cells is the base style: it lies under the rest too (as when rich
    drew it), so the empty cells are dim in that colour."""
    from litcheck.formats.styled import Styled

    filled = cells(confidence, width)
    out = Styled(FULL * filled, style=bar_style(confidence))
    out.append(EMPTY * (width - filled), style="dim")
    out.append(f" {confidence:.2f}")
    return out
