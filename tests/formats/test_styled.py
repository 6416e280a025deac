"""Styled text (litcheck.formats.styled): rich's wrapping and styles without rich (issue 16)."""

from __future__ import annotations

import io
import random

import pytest
from rich.color import ColorSystem
from rich.console import Console
from rich.style import Style
from rich.text import Text

from litcheck.formats.bar import styled_bar
from litcheck.formats.checked import INHERITED_STYLE
from litcheck.formats.styled import Styled, break_offsets, crop, render, sgr, wrap
from litcheck.formats.table import FLAG_STYLE, STATUS_STYLE

WORDS = ["a", "ketamine", "mice", "  ", "treatment-resistant", "β-arrestin", "“quoted”", "x" * 30]


def _random_text(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 14))) + rng.choice(["", " "])


@pytest.mark.parametrize("justify", ["", "left", "right"])
@pytest.mark.parametrize("overflow", ["fold", "ellipsis"])
@pytest.mark.parametrize("no_wrap", [False, True])
def test_wrap_breaks_lines_where_rich_does(justify: str, overflow: str, no_wrap: bool) -> None:
    rng = random.Random(f"{justify}{overflow}{no_wrap}")
    console = Console(file=io.StringIO(), width=200)
    for _ in range(200):
        plain, width = _random_text(rng) + "\n" + _random_text(rng), rng.randint(1, 40)
        ours = [line.plain for line in wrap(Styled(plain), width, justify=justify, overflow=overflow, no_wrap=no_wrap)]  # fmt: skip
        theirs = Text(plain).wrap(console, width, justify=justify or "default", overflow=overflow, no_wrap=no_wrap)  # type: ignore[arg-type]  # fmt: skip
        assert ours == [line.plain for line in theirs], (plain, width)


def test_break_offsets_put_a_long_word_on_its_own_line_or_fold_it() -> None:
    assert break_offsets("ab " + "x" * 12 + " cd", 5, fold=False) == [3, 16]
    assert break_offsets("ab " + "x" * 12 + " cd", 5, fold=True) == [3, 8, 13]


def test_base_style_lies_under_appended_text_and_spans_add_in_order() -> None:
    text = Styled("title", style="bold")
    text.stylize("strike dim")
    text.append(" evidence", style="italic red")
    text.append(" why", style="green")
    assert list(text.segments()) == [
        ("title", "bold strike dim"),
        (" evidence", "bold italic red"),
        (" why", "bold green"),
    ]
    assert sgr("bold italic red") == "1;3;31"


def test_adding_styled_text_styles_as_rich_text_does() -> None:
    """The left base style covers the sum; the right one becomes a span (as `Text.__add__`)."""
    ours = Styled("[matched] ", style="bold green") + Styled("claim")
    ours = Styled("head ") + ours + Styled("\nchecked as", style="dim")
    theirs = Text("[matched] ", style="bold green") + Text("claim")
    theirs = Text("head ") + theirs + Text("\nchecked as", style="dim")
    console = Console(file=io.StringIO())
    rendered = [(seg.text, seg.style) for seg in theirs.render(console) if seg.text]
    assert [(t, Style.parse(s) if s else None) for t, s in ours.segments()] == [
        (text, style or None) for text, style in rendered
    ]


@pytest.mark.parametrize(
    "style",
    sorted({*FLAG_STYLE.values(), *STATUS_STYLE.values(), INHERITED_STYLE, "dim", "bold cyan"}),
)
def test_sgr_codes_are_riches(style: str) -> None:
    assert sgr(style) == Style.parse(style)._make_ansi_codes(ColorSystem.STANDARD)


def test_unknown_style_words_are_refused() -> None:
    with pytest.raises(ValueError, match="blink"):
        sgr("blink")


def test_render_wraps_styled_runs_only_in_colour() -> None:
    bar = list(styled_bar(0.8).segments())
    assert render(bar, colour=False) == "████░ 0.80"
    assert render(bar, colour=True) == "\x1b[32m████\x1b[0m\x1b[2;32m░\x1b[0m\x1b[32m 0.80\x1b[0m"


def test_crop_cuts_a_line_to_the_width_in_cells() -> None:
    line = [("abc", ""), ("抗うつ", "bold"), ("z", "")]
    assert crop(line, 20) == line
    assert crop(line, 6) == [("abc", ""), ("抗 ", "bold")]
