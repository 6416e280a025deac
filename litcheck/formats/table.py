"""Terminal tables for people (may change at any time; programs use --format json).

Outside text goes through `inert.terminal_text` (no escape sequences or control characters) and
into rich only as `Text`, which never interprets `[bold]`-style markup.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from litcheck.formats.bar import rich_bar
from litcheck.formats.checked import checked_suffix
from litcheck.formats.inert import terminal_text as _t
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
STATUS_STYLE = {
    Status.MATCHED: "bold green",
    Status.WEAK: "yellow",
    Status.NO_MATCH: "red",
    Status.SKIPPED: "bold red",
}


def flags_text(c: Candidate) -> Text:
    text = Text()
    for i, flag in enumerate(c.flags):
        if i:
            text.append("\n")
        text.append(_t(flag), style=FLAG_STYLE.get(flag, "bold"))
    return text


def _ident(c: Candidate) -> str:
    r = c.record
    if r.fda is not None:
        return _t(r.fda.application_number)
    return _t(r.pmid or r.native_id)


def _candidates_table(result: ClaimResult) -> Table:
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, show_lines=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("confidence", no_wrap=True)
    table.add_column("record · flags", no_wrap=True, max_width=21)
    table.add_column("title · evidence", ratio=1, min_width=24)
    decision = result.decision
    rejected = decision is not None and decision.verdict.value == "rejected"
    for rank, c in enumerate(result.candidates, start=1):
        r = c.record
        src = _t(r.fda.sponsor if r.fda else r.journal_abbrev or r.journal)
        confirmed = (
            decision is not None
            and decision.verdict.value == "confirmed"
            and decision.candidate == r.id
        )
        ident = Text(_ident(c), style="bold")
        ident.append(f"\n{r.year or '—'}")
        if src:
            ident.append(f"\n{src[:20]}", style="dim")
        if c.flags:
            ident.append("\n")
            ident.append_text(flags_text(c))
        body = Text(("✔ confirmed: " if confirmed else "") + _t(r.title), style="bold")
        if rejected:
            body.stylize("strike dim")
        if c.evidence is not None and c.evidence.field != "title":
            body.append(f"\n“{_t(c.evidence.text)}”", style="italic")
        table.add_row(str(rank), rich_bar(c.confidence), ident, body)
    return table


def render_result(result: ClaimResult) -> Group:
    """One claim: a heading, the candidates table, the flag reasons and the queries that ran."""
    claim = result.claim
    parts: list[object] = []
    head = Text()
    head.append(f"[{result.status.value}] ", style=STATUS_STYLE[result.status])
    head.append(_t(claim.text))
    if claim.origin.file:
        head.append(f"  ({_t(claim.origin.file)}:{claim.origin.line})", style="dim")
    parts.append(head + checked_suffix(claim))
    if result.skipped_reason:
        parts.append(Text(f"skipped: {_t(result.skipped_reason)}", style="red"))
    for source, err in result.source_errors.items():
        parts.append(Text(f"{_t(source)} failed: {_t(err)}", style="red"))
    if result.decision is not None:
        d = result.decision
        line = f"decision: {d.verdict.value}" + (f" {_t(d.candidate)}" if d.candidate else "")
        parts.append(Text(line + (f" — {_t(d.note)}" if d.note else ""), style="bold cyan"))
    if result.candidates:
        parts.append(_candidates_table(result))
        for rank, c in enumerate(result.candidates, start=1):
            for flag, why in c.flag_reasons.items():
                note = Text(f"  #{rank} ")
                note.append(_t(flag), style=FLAG_STYLE.get(flag, "bold"))
                note.append(f": {_t(why)}")
                parts.append(note)
    elif not result.skipped_reason:
        parts.append(Text("no candidates found", style="yellow"))
    if result.queries:
        parts.append(Text("queries that ran:", style="dim"))
        for run in result.queries:
            q = Text(f"  {_t(run.query.source)} ({run.count} hits): ", style="dim")
            q.append(_t(run.query.term))
            parts.append(q)
    return Group(*parts)  # type: ignore[arg-type]


class TableFormatter:
    def __init__(self, *, width: int | None = None, color: bool = False) -> None:
        self.width = width
        self.color = color

    def format(self, results: Sequence[ClaimResult]) -> str:
        buf = io.StringIO()
        console = Console(
            file=buf,
            width=self.width or 120,
            force_terminal=self.color,
            no_color=not self.color,
            highlight=False,
            emoji=False,
        )
        for i, result in enumerate(results):
            if i:
                console.rule(style="dim")
            console.print(render_result(result))
        return buf.getvalue()
