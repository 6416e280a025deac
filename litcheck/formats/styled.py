"""Styled text for the terminal: plain text, a base style and styled spans, wrapped in cells.

`Styled` keeps rich's `Text` model (https://rich.readthedocs.io/en/stable/text.html) so the
result tables look as they did when rich drew them: the base style covers the whole text
(whatever is appended later), spans lie on top in the order they were added (a later span's
colour wins, attributes add up), and `wrap` breaks lines where rich's `Text.wrap` breaks them
(words keep their trailing spaces; a word longer than the width is folded, or cut with `…`).
Styles are rich style strings ("bold", "dim cyan", "bold white on red") limited to the
attributes and eight colours litcheck uses; `sgr` turns one into an ANSI escape sequence.

Only litcheck's own words are styled; outside text is made inert (`inert.terminal_text`) before
it gets here, and nothing in a `Styled` is ever read as markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from litcheck.formats.cells import cell_len, chop_cells, one_cell, set_cell_size

Span = tuple[int, int, str]
Segment = tuple[str, str]
"""A run of text and the combined style it is drawn in ("" for none)."""

_ATTRIBUTES = {"bold": 1, "dim": 2, "italic": 3, "underline": 4, "reverse": 7, "strike": 9}
_COLOURS = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")
_WORD = re.compile(r"\s*\S+\s*")
_TRAILING_SPACE = re.compile(r"\s+$")


class Styled:
    """Text with a base style and styled spans; `append` and `stylize` add to it in place."""

    __slots__ = ("plain", "spans", "style")

    def __init__(self, text: str = "", style: str = "") -> None:
        self.plain = text
        self.style = style
        self.spans: list[Span] = []

    def __len__(self) -> int:
        return len(self.plain)

    def __add__(self, other: Styled) -> Styled:
        return self.copy().append_styled(other)

    def copy(self) -> Styled:
        out = Styled(self.plain, self.style)
        out.spans = self.spans[:]
        return out

    def append(self, text: str, style: str = "") -> Styled:
        """Add `text` at the end, in `style` on top of the base style."""
        if text:
            if style:
                self.spans.append((len(self.plain), len(self.plain) + len(text), style))
            self.plain += text
        return self

    def append_styled(self, other: Styled) -> Styled:
        """Add `other` at the end; its base style becomes a span over it."""
        if other.plain:
            offset = len(self.plain)
            if other.style:
                self.spans.append((offset, offset + len(other.plain), other.style))
            self.spans.extend((s + offset, e + offset, st) for s, e, st in other.spans)
            self.plain += other.plain
        return self

    def stylize(self, style: str) -> Styled:
        """`style` over the text as it is now (text appended later is not covered)."""
        if self.plain and style:
            self.spans.append((0, len(self.plain), style))
        return self

    def set_plain(self, text: str) -> None:
        """Replace the text; spans past its new end are cut back (rich's `Text.plain` setter)."""
        shorter = len(text) < len(self.plain)
        self.plain = text
        if shorter:
            end = len(text)
            self.spans = [(s, min(e, end), st) for s, e, st in self.spans if s < end]

    def lines(self) -> list[Styled]:
        """The text split at each line break (blank lines kept)."""
        if "\n" not in self.plain:
            return [self.copy()]
        offsets: list[int] = []
        for match in re.finditer("\n", self.plain):
            offsets += [match.start(), match.end()]
        return [line for line in self.divide(offsets) if line.plain != "\n"]

    def divide(self, offsets: Iterable[int]) -> list[Styled]:
        """The text cut at `offsets`; each piece keeps the base style and its part of each span."""
        cuts = [0, *offsets, len(self.plain)]
        ranges = list(zip(cuts, cuts[1:], strict=False))
        pieces = [Styled(self.plain[start:end], self.style) for start, end in ranges]
        for span_start, span_end, style in self.spans:
            for piece, (start, end) in zip(pieces, ranges, strict=True):
                new_start, new_end = max(0, span_start - start), min(span_end, end) - start
                if new_end > new_start:
                    piece.spans.append((new_start, new_end, style))
        return pieces

    def segments(self) -> Iterator[Segment]:
        """Runs of text with the styles that apply there combined (base first, then spans)."""
        if not self.spans:
            yield self.plain, self.style
            return
        styles = [self.style, *(style for _, _, style in self.spans)]
        events = [(0, False, 0)]
        events += [(start, False, i) for i, (start, _, _) in enumerate(self.spans, 1)]
        events += [(end, True, i) for i, (_, end, _) in enumerate(self.spans, 1)]
        events.append((len(self.plain), True, 0))
        events.sort(key=lambda event: (event[0], event[1]))
        active: list[int] = []
        for (offset, leaving, index), (next_offset, _, _) in zip(events, events[1:], strict=False):
            if leaving:
                active.remove(index)
            else:
                active.append(index)
            if next_offset > offset:
                style = " ".join(styles[i] for i in sorted(active) if styles[i])
                yield self.plain[offset:next_offset], style


def _crop_end(line: Styled, amount: int) -> None:
    line.set_plain(line.plain[:-amount])


def truncate(line: Styled, width: int, overflow: str, *, pad: bool = False) -> None:
    """Cut `line` to `width` cells (ending in `…` for overflow "ellipsis"); with `pad`, fill a
    shorter line with spaces (which take the base style)."""
    length = cell_len(line.plain)
    if length > width:
        if overflow == "ellipsis":
            line.set_plain(set_cell_size(line.plain, width - 1) + "…")
        else:
            line.set_plain(set_cell_size(line.plain, width))
    if pad and length < width:
        line.plain += " " * (width - length)


def break_offsets(text: str, width: int, *, fold: bool) -> list[int]:
    """Where `text` breaks to fit `width` cells (rich's `divide_line`): before a word that does
    not fit; a word longer than a line is folded across lines with `fold`, else put on a line of
    its own (and cut there)."""
    breaks: list[int] = []
    offset = 0
    measure = len if one_cell(text) else cell_len
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group(0)
        word_length = measure(word.rstrip())
        if width - offset >= word_length:
            offset += measure(word)
        elif word_length > width:
            if fold:
                pieces = chop_cells(word, width)
                for i, piece in enumerate(pieces):
                    if start:
                        breaks.append(start)
                    if i == len(pieces) - 1:
                        offset = measure(piece)
                    else:
                        start += len(piece)
            else:
                if start:
                    breaks.append(start)
                offset = measure(word)
        elif offset and start:
            breaks.append(start)
            offset = measure(word)
    return breaks


def wrap(
    text: Styled, width: int, *, justify: str = "", overflow: str = "fold", no_wrap: bool = False
) -> list[Styled]:
    """`text` as lines of at most `width` cells, as rich's `Text.wrap` makes them.

    justify "left" pads each line to `width`, "right" pads on the left, "" leaves lines as they
    are; overflow "fold" folds long words, "ellipsis" cuts them with `…`; `no_wrap` only cuts.
    """
    out: list[Styled] = []
    for line in text.lines():
        if no_wrap:
            pieces = [line]
        else:
            pieces = line.divide(break_offsets(line.plain, width, fold=overflow == "fold"))
            for piece in pieces:
                excess = len(piece) - width
                trailing = _TRAILING_SPACE.search(piece.plain) if excess > 0 else None
                if trailing is not None:
                    _crop_end(piece, min(len(trailing.group(0)), excess))
        for piece in pieces:
            if justify == "left":
                truncate(piece, width, overflow, pad=True)
            elif justify == "right":
                piece.set_plain(piece.plain.rstrip())
                truncate(piece, width, overflow)
                pad = width - cell_len(piece.plain)
                if pad:
                    piece.plain = " " * pad + piece.plain
                    piece.spans = [(s + pad, e + pad, st) for s, e, st in piece.spans]
            truncate(piece, width, overflow)
        out += pieces
    return out


def line_cells(segments: list[Segment]) -> int:
    """Cells a line of segments takes (the sum of its segments', as rich counts them)."""
    joined = "".join(text for text, _ in segments)
    return len(joined) if one_cell(joined) else sum(cell_len(text) for text, _ in segments)


def crop(segments: list[Segment], width: int) -> list[Segment]:
    """A line of segments cut to `width` cells (rich's `Segment.adjust_line_length`, no pad)."""
    if line_cells(segments) <= width:
        return segments
    out: list[Segment] = []
    used = 0
    for text, style in segments:
        length = cell_len(text)
        if used + length < width:
            out.append((text, style))
            used += length
        else:
            out.append((set_cell_size(text, width - used), style))
            break
    return out


@lru_cache(maxsize=64)
def sgr(style: str) -> str:
    """The ANSI SGR parameters for a combined rich style string: "bold dim red" -> "1;2;31".

    Words later in the string win for colours; "on COLOUR" is a background."""
    attributes: set[int] = set()
    colour = background = None
    words = style.split()
    for i, word in enumerate(words):
        if word == "on":
            continue
        if word in _ATTRIBUTES:
            attributes.add(_ATTRIBUTES[word])
        elif word in _COLOURS:
            code = _COLOURS.index(word)
            if i and words[i - 1] == "on":
                background = 40 + code
            else:
                colour = 30 + code
        else:
            raise ValueError(f"unknown style word {word!r} in {style!r}")
    codes = sorted(attributes) + [c for c in (colour, background) if c is not None]
    return ";".join(map(str, codes))


def render(segments: Iterable[Segment], *, colour: bool) -> str:
    """A line of segments as terminal text: each styled run wrapped in SGR codes with `colour`,
    plain text without."""
    if not colour:
        return "".join(text for text, _ in segments)
    out = []
    for text, style in segments:
        codes = sgr(style) if style and text else ""
        out.append(f"\x1b[{codes}m{text}\x1b[0m" if codes else text)
    return "".join(out)
