"""The claim as checked, for people: inherited words marked (used by the terminal table)."""

from __future__ import annotations

import re

from litcheck.formats.inert import terminal_text
from litcheck.formats.styled import Styled
from litcheck.models import Claim

INHERITED_STYLE = "dim cyan"
_BRACKETED = re.compile(r"\[[^\[\]]*\]")


def checked_line(claim: Claim) -> Styled | None:
    """ "checked as: Typically, [ketamine infusions] can help ..." with the bracketed (inherited)
    words styled, plus what the claim inherits without a word of its own pointing there
    ("+ Northwestern University from line 9"); None when the claim inherits nothing."""
    context = claim.context
    if context is None or not context.inherited:
        return None
    line = Styled("checked as: ", style="dim")
    checked = terminal_text(context.checked_text)  # outside text: no escapes reach the terminal
    pos = 0
    for match in _BRACKETED.finditer(checked):
        line.append(checked[pos : match.start()])
        line.append(match.group(0), style=INHERITED_STYLE)
        pos = match.end()
    line.append(checked[pos:])
    shown = " ".join(m.group(0).lower() for m in _BRACKETED.finditer(checked))
    silent = [i for i in context.inherited if i.value.lower() not in shown]
    seen: dict[str, None] = {}
    for item in silent:
        where = f" from line {item.from_line}" if item.from_line else " from the context"
        seen.setdefault(f"{terminal_text(item.value)}{where}", None)
    if seen:
        line.append("  + " + "; ".join(seen), style=INHERITED_STYLE)
    return line


def checked_suffix(claim: Claim) -> Styled:
    """A new line and `checked_line(claim)`, or empty Styled when the claim inherits nothing."""
    line = checked_line(claim)
    return Styled("\n") + line if line is not None else Styled()
