"""The rich-based terminal table renderer as of commit 0fb44eb, frozen as a test oracle.

This is a copy of `litcheck/formats/table.py`, the rich parts of `litcheck/formats/checked.py`
(`checked_line`, `checked_suffix`) and `litcheck/formats/bar.py` (`rich_bar`) at commit 0fb44eb,
the last commit whose `TableFormatter` printed through rich. The renderer litcheck now ships
draws its tables itself (for start-up speed); tests/formats/test_table_vs_rich.py checks its
output against `reference_format` byte for byte, plain and coloured. Do not change this file to
follow the product: it is the yardstick, not the product. It imports only helpers that stayed in
litcheck (`terminal_text`, the bar's `cells`/`bar_style`/`FULL`/`EMPTY`, the models).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from litcheck.formats.bar import EMPTY, FULL, bar_style, cells
from litcheck.formats.inert import terminal_text
from litcheck.formats.inert import terminal_text as _t
from litcheck.models import Candidate, Claim, ClaimResult, Status

__all__ = [
    "FLAG_STYLE",
    "INHERITED_STYLE",
    "NO_MATCH_SHOWN",
    "REASONS",
    "STATUS_STYLE",
    "checked_line",
    "checked_suffix",
    "flags_text",
    "reference_format",
    "render_result",
    "rich_bar",
    "shown_candidates",
]

# --------------------------------------------------------------------------------------------
# litcheck/formats/bar.py at 0fb44eb: rich_bar
# --------------------------------------------------------------------------------------------


def rich_bar(confidence: float, width: int = 5) -> Text:
    """The filled cells in `bar_style`, the empty ones dim, then the number: `████░ 0.78`."""
    filled = cells(confidence, width)
    out = Text(FULL * filled, style=bar_style(confidence))
    out.append(EMPTY * (width - filled), style="dim")
    out.append(f" {confidence:.2f}")
    return out


# --------------------------------------------------------------------------------------------
# litcheck/formats/checked.py at 0fb44eb: checked_line, checked_suffix
# --------------------------------------------------------------------------------------------

INHERITED_STYLE = "dim cyan"
_BRACKETED = re.compile(r"\[[^\[\]]*\]")


def checked_line(claim: Claim) -> Text | None:
    """ "checked as: Typically, [ketamine infusions] can help ..." with the bracketed (inherited)
    words styled, plus what the claim inherits without a word of its own pointing there
    ("+ Northwestern University from line 9"); None when the claim inherits nothing."""
    context = claim.context
    if context is None or not context.inherited:
        return None
    line = Text("checked as: ", style="dim")
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


def checked_suffix(claim: Claim) -> Text:
    """A new line and `checked_line(claim)`, or empty Text when the claim inherits nothing."""
    line = checked_line(claim)
    return Text("\n") + line if line is not None else Text()


# --------------------------------------------------------------------------------------------
# litcheck/formats/table.py at 0fb44eb
# --------------------------------------------------------------------------------------------

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


def _candidates_table(result: ClaimResult, *, detail: bool = False) -> Table:
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, show_lines=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("confidence", no_wrap=True)
    table.add_column("record · flags", no_wrap=True, max_width=21)
    table.add_column("title · evidence", ratio=1, min_width=24)
    decision = result.decision
    rejected = decision is not None and decision.verdict.value == "rejected"
    for rank, c in enumerate(shown_candidates(result, detail=detail), start=1):
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
        if c.found_by:  # which sources' searches returned it (LitSense, the ladder, an index)
            ident.append(f"\nvia {_t('+'.join(c.found_by))[:16]}", style="dim")
        if c.flags:
            ident.append("\n")
            ident.append_text(flags_text(c))
        body = Text(("✔ confirmed: " if confirmed else "") + _t(r.title), style="bold")
        if rejected:
            body.stylize("strike dim")
        if c.evidence is not None and c.evidence.field != "title":
            body.append(f"\n“{_t(c.evidence.text)}”", style="italic")
        why = _reasons_text(c, detail=detail)
        if why:
            body.append(f"\n{why}", style="dim")
        table.add_row(str(rank), rich_bar(c.confidence), ident, body)
    return table


def render_result(result: ClaimResult, *, detail: bool = False) -> Group:
    """One claim: a heading, the candidates table, the flag reasons and the queries that ran
    (every query with `detail`, else how many ran)."""
    claim = result.claim
    parts: list[RenderableType] = []
    head = Text()
    head.append(f"[{result.status.value}] ", style=STATUS_STYLE[result.status])
    head.append(_t(claim.text))
    if claim.origin.file:
        # A file without a line read "file:None": fixed in table.py and here alike (issue 16).
        at = f":{claim.origin.line}" if claim.origin.line else ""
        head.append(f"  ({_t(claim.origin.file)}{at})", style="dim")
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
        parts.append(_candidates_table(result, detail=detail))
        hidden = len(result.candidates) - len(shown_candidates(result, detail=detail))
        if hidden:
            parts.append(Text(f"{hidden} weaker candidate(s) not shown (--detail)", style="dim"))
        for rank, c in enumerate(shown_candidates(result, detail=detail), start=1):
            for flag, why in c.flag_reasons.items():
                note = Text(f"  #{rank} ")
                note.append(_t(flag), style=FLAG_STYLE.get(flag, "bold"))
                note.append(f": {_t(why)}")
                parts.append(note)
    elif not result.skipped_reason:
        parts.append(Text("no candidates found", style="yellow"))
    if result.queries and not detail:
        parts.append(Text(f"{len(result.queries)} queries ran (--detail lists them)", style="dim"))
    elif result.queries:
        parts.append(Text("queries that ran:", style="dim"))
        for run in result.queries:
            q = Text(f"  {_t(run.query.source)} ({run.count} hits): ", style="dim")
            q.append(_t(run.query.term))
            parts.append(q)
    return Group(*parts)


def reference_format(
    results: Sequence[ClaimResult], *, width: int | None, color: bool, detail: bool
) -> str:
    """What `TableFormatter(width=width, color=color, detail=detail).format(results)` printed at
    0fb44eb: every result through rich, a dim rule between results."""
    buf = io.StringIO()
    console = Console(
        file=buf,
        width=width or 120,
        force_terminal=color,
        no_color=not color,
        highlight=False,
        emoji=False,
    )
    for i, result in enumerate(results):
        if i:
            console.rule(style="dim")
        console.print(render_result(result, detail=detail))
    return buf.getvalue()
