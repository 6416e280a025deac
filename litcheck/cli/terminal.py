"""The terminal without rich: its width, whether to colour, and one-line messages on stderr.

`litcheck claim` answers in a fraction of a second from the cache, and importing rich would be
a third of that, so the claim path writes through here; commands with live displays (progress
bars, the review screen) still use rich's consoles (`cli.common`). The answers match rich's:

- width (`screen_width`): `COLUMNS` when it is a number, else the size of the first of stdin,
  stdout and stderr that is a terminal, else 80 (80 on a `TERM=dumb` terminal);
- colour (`colour_for`): only on a terminal (`FORCE_COLOR` set and not empty, or
  `TTY_COMPATIBLE=1`, counts as one; `TTY_COMPATIBLE=0` does not), not for `TERM=dumb` or
  `unknown`, and never with `NO_COLOR` set and not empty (https://no-color.org).
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

from litcheck.formats.styled import Segment, render

_DUMB = ("dumb", "unknown")


def is_terminal(stream: TextIO) -> bool:
    """Whether `stream` is a terminal (or the environment says to treat it as one)."""
    compatible = os.environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    force = os.environ.get("FORCE_COLOR")
    if force is not None:
        return force != ""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


def dumb(stream: TextIO) -> bool:
    """Whether `stream` is a terminal that understands no escape sequences."""
    return is_terminal(stream) and os.environ.get("TERM", "").lower() in _DUMB


def colour_for(stream: TextIO) -> bool:
    """Whether text written to `stream` may carry ANSI colours and styles."""
    if os.environ.get("NO_COLOR", "") != "":
        return False
    return is_terminal(stream) and not dumb(stream)


def screen_width() -> int:
    """The width tables are laid out for: what rich's stderr console reports."""
    columns, lines = os.environ.get("COLUMNS"), os.environ.get("LINES")
    fixed = int(columns) if columns is not None and columns.isdigit() else None
    if fixed is not None and lines is not None and lines.isdigit():
        return fixed
    if dumb(sys.stderr):
        return 80
    if fixed is not None:
        return fixed
    for descriptor in (0, 1, 2):
        try:
            return os.get_terminal_size(descriptor).columns or 80
        except (AttributeError, ValueError, OSError):  # not a terminal
            continue
    return 80


def say(*pieces: str | Segment) -> None:
    """One line on stderr from plain strings and (text, style) pieces, styled on a terminal.

    Styles are `formats.styled` style strings ("bold red"); outside text must already be
    inert (`inert.terminal_text`), as nothing here removes escapes."""
    segments = [(piece, "") if isinstance(piece, str) else piece for piece in pieces]
    sys.stderr.write(render(segments, colour=colour_for(sys.stderr)) + "\n")
    sys.stderr.flush()
