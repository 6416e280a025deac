"""Terminal tables for people (may change at any time; programs use --format json).

By default each candidate shows its top `REASONS` reasons under its evidence, a `no_match` claim
lists only its best `NO_MATCH_SHOWN` candidates (they are leads, not answers) and the queries are
summed up in one line; `detail=True` (`--detail`) shows every candidate, reason and query.

Outside text goes through `inert.terminal_text` (no escape sequences or control characters) and
into a `Styled`, which never interprets `[bold]`-style markup. The layout is rich's (the tables
were drawn by rich until issue 16; `formats.grid` says how), without importing rich: rich's
import and layout took 30% of a warm `litcheck claim`. Where rich's table would leave the
titles fewer than `TITLE_CELLS` cells (a screen narrower than about 67 columns: at 40 it left
them none), the candidates are stacked instead (`Candidates`).
"""

from __future__ import annotations

from collections.abc import Sequence

from litcheck.formats.bar import styled_bar
from litcheck.formats.checked import checked_suffix
from litcheck.formats.grid import Column, Grid
from litcheck.formats.inert import record_label
from litcheck.formats.inert import terminal_text as _t
from litcheck.formats.styled import Segment, Styled, crop, render, wrap
from litcheck.models import Candidate, ClaimResult, Status

FLAG_STYLE = {
    "retracted": "bold white on red",
    "expression-of-concern": "bold red",
    "animal-only": "bold yellow",
    "in-vitro": "yellow",
    "review": "cyan",
    "preprint": "magenta",
    "year-mismatch": "bold magenta",
    "different-ingredient": "bold red",
    "different-indication": "bold yellow",
}
REASONS = 2
"""Reasons shown per candidate without --detail."""
NO_MATCH_SHOWN = 3
"""Candidates shown for a no_match claim without --detail."""
STATUS_STYLE = {
    Status.MATCHED: "bold green",
    Status.WEAK: "yellow",
    Status.NO_MATCH: "red",
    Status.SKIPPED: "bold red",
}


COLUMNS = [
    Column("#", justify="right", no_wrap=True),
    Column("confidence", no_wrap=True),
    Column("record · flags", no_wrap=True, max_width=21),
    Column("title · evidence", ratio=1, min_width=24),
]
STACKED_COLUMNS = [Column("#", justify="right", no_wrap=True), Column("candidate", ratio=1)]
TITLE_CELLS = 24
"""The fewest cells the title column may have. A screen that would leave it fewer (narrower
than about 67 columns), or too narrow for the table at all, gets the candidates stacked
instead: each one's confidence and record on a line, its flags, title, evidence and reasons
below, in one column as wide as the screen."""


def flags_text(c: Candidate, separator: str = "\n") -> Styled:
    text = Styled()
    for i, flag in enumerate(c.flags):
        if i:
            text.append(separator)
        text.append(_t(flag), style=FLAG_STYLE.get(flag, "bold"))
    return text


def shown_candidates(result: ClaimResult, *, detail: bool = False) -> tuple[Candidate, ...]:
    """The candidates a table lists: all with `detail`, else the best 3 of a no_match claim."""
    if detail or result.status is not Status.NO_MATCH:
        return result.candidates
    return result.candidates[:NO_MATCH_SHOWN]


def _reasons_text(c: Candidate, *, detail: bool) -> str:
    reasons = c.reasons if detail else c.reasons[:REASONS]
    if not reasons:
        return ""
    more = len(c.reasons) - len(reasons)
    return "why: " + _t("; ".join(reasons)) + (f" (+{more})" if more else "")


class Candidates:
    """A claim's candidates as a table (`wide`) or, on a narrow screen, stacked (`stacked`)."""

    def __init__(self, wide: Grid, stacked: Grid) -> None:
        self.wide = wide
        self.stacked = stacked

    def table_widths(self, width: int) -> list[int] | None:
        """The table's column widths for `width` cells; None when it does not fit them with
        `TITLE_CELLS` or more for its titles."""
        most = max(0, width - (len(self.wide.columns) + 1))  # the borders take one cell each
        widths = self.wide.widths(most)
        fits = sum(widths) <= most and widths[-1] - 1 >= TITLE_CELLS  # 1: the title's padding
        return widths if fits else None

    def lines(self, width: int) -> list[list[Segment]]:
        """The table for `width` cells, or the stacked blocks when it does not fit."""
        widths = self.table_widths(width)
        if widths is None:
            return self.stacked.lines(width)
        return self.wide.lines(width, widths)

    def unstyled(self) -> Candidates:
        """The same candidates without styles (drawn with a third of the work)."""
        return Candidates(_unstyled_grid(self.wide), _unstyled_grid(self.stacked))


def _candidates(result: ClaimResult, *, detail: bool = False) -> Candidates:
    wide: list[list[Styled]] = []
    stacked: list[list[Styled]] = []
    decision = result.decision
    rejected = decision is not None and decision.verdict.value == "rejected"
    for rank, c in enumerate(shown_candidates(result, detail=detail), start=1):
        r = c.record
        src = _t(r.fda.sponsor if r.fda else r.journal_abbrev or r.journal)
        via = f"via {_t('+'.join(c.found_by))}" if c.found_by else ""  # the searches that found it
        confirmed = (
            decision is not None
            and decision.verdict.value == "confirmed"
            and decision.candidate == r.id
        )
        ident = Styled(record_label(c.record), style="bold")
        ident.append(f"\n{r.year or '—'}")
        ident.append(f"\n{src[:20]}" if src else "", style="dim")
        ident.append(f"\n{via[:20]}" if via else "", style="dim")
        if c.flags:
            ident.append("\n")
            ident.append_styled(flags_text(c))
        body = Styled(("✔ confirmed: " if confirmed else "") + _t(r.title), style="bold")
        if rejected:
            body.stylize("strike dim")
        if c.evidence is not None and c.evidence.field != "title":
            body.append(f"\n“{_t(c.evidence.text)}”", style="italic")
        why = _reasons_text(c, detail=detail)
        if why:
            body.append(f"\n{why}", style="dim")
        wide.append([Styled(str(rank)), styled_bar(c.confidence), ident, body])
        block = Styled().append_styled(styled_bar(c.confidence)).append("  ")
        block.append(record_label(c.record), style="bold").append(f" · {r.year or '—'}")
        for extra in (src, via):
            block.append(f" · {extra}" if extra else "", style="dim")
        if c.flags:
            block.append("\n").append_styled(flags_text(c, separator=" · "))
        stacked.append([Styled(str(rank)), block.append("\n").append_styled(body)])
    return Candidates(Grid(COLUMNS, wide), Grid(STACKED_COLUMNS, stacked))


def render_result(result: ClaimResult, *, detail: bool = False) -> list[Styled | Candidates]:
    """One claim: a heading, the candidates table, the flag reasons and the queries that ran
    (every query with `detail`, else how many ran)."""
    claim = result.claim
    parts: list[Styled | Candidates] = []
    head = Styled()
    head.append(f"[{result.status.value}] ", style=STATUS_STYLE[result.status])
    head.append(_t(claim.text))
    if claim.origin.file:
        at = f":{claim.origin.line}" if claim.origin.line else ""
        head.append(f"  ({_t(claim.origin.file)}{at})", style="dim")
    parts.append(head + checked_suffix(claim))
    if result.skipped_reason:
        parts.append(Styled(f"skipped: {_t(result.skipped_reason)}", style="red"))
    for source, err in result.source_errors.items():
        parts.append(Styled(f"{_t(source)} failed: {_t(err)}", style="red"))
    if result.decision is not None:
        d = result.decision
        line = f"decision: {d.verdict.value}" + (f" {_t(d.candidate)}" if d.candidate else "")
        parts.append(Styled(line + (f" — {_t(d.note)}" if d.note else ""), style="bold cyan"))
    if result.candidates:
        parts.append(_candidates(result, detail=detail))
        hidden = len(result.candidates) - len(shown_candidates(result, detail=detail))
        if hidden:
            parts.append(Styled(f"{hidden} weaker candidate(s) not shown (--detail)", style="dim"))
        for rank, c in enumerate(shown_candidates(result, detail=detail), start=1):
            for flag, why in c.flag_reasons.items():
                note = Styled(f"  #{rank} ")
                note.append(_t(flag), style=FLAG_STYLE.get(flag, "bold"))
                note.append(f": {_t(why)}")
                parts.append(note)
    elif not result.skipped_reason:
        parts.append(Styled("no candidates found", style="yellow"))
    if result.queries and not detail:
        parts.append(
            Styled(f"{len(result.queries)} queries ran (--detail lists them)", style="dim")
        )
    elif result.queries:
        parts.append(Styled("queries that ran:", style="dim"))
        for run in result.queries:
            q = Styled(f"  {_t(run.query.source)} ({run.count} hits): ", style="dim")
            q.append(_t(run.query.term))
            parts.append(q)
    return parts


def draw(parts: Sequence[Styled | Candidates], width: int) -> list[list[Segment]]:
    """`parts` drawn one below the other on a screen `width` cells wide: text wrapped at word
    boundaries (a longer word folded), tables laid out; no line longer than `width` (only a
    table that cannot be made narrow enough is cut)."""
    lines: list[list[Segment]] = []
    for part in parts:
        if isinstance(part, Candidates):
            lines += [crop(line, width) for line in part.lines(width)]
        else:
            lines += [list(line.segments()) for line in wrap(part, width)]
    return lines


def _unstyled_grid(grid: Grid) -> Grid:
    return Grid(grid.columns, [[Styled(cell.plain) for cell in row] for row in grid.rows])


def _unstyled(part: Styled | Candidates) -> Styled | Candidates:
    """`part` without styles: the same text and layout, drawn with a third of the work."""
    return part.unstyled() if isinstance(part, Candidates) else Styled(part.plain)


class TableFormatter:
    """Results as terminal tables, `width` columns wide; `detail` shows everything."""

    def __init__(
        self, *, width: int | None = None, color: bool = False, detail: bool = False
    ) -> None:
        self.width = width
        self.color = color
        self.detail = detail

    def format(self, results: Sequence[ClaimResult]) -> str:
        """The results one after the other, a dim rule between two; ANSI colours with `color`."""
        width = self.width or 120
        lines: list[list[Segment]] = []
        for i, result in enumerate(results):
            if i:
                lines.append([("─" * width, "dim")])
            parts = render_result(result, detail=self.detail)
            lines += draw(parts if self.color else [_unstyled(p) for p in parts], width)
        return "".join(render(line, colour=self.color) + "\n" for line in lines)
