"""Rich rendering of one claim and its candidates for the review screen.

Everything stacks vertically (one block per candidate) so it reads in an 80-column terminal and
over ssh; colour is optional (flags also carry their names in brackets). Outside text goes
through `inert.terminal_text` (no escape sequences or control characters) and into rich only as
`Text`, which never interprets `[bold]`-style markup.
"""

from __future__ import annotations

import re

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from litcheck.formats.bar import bar, bar_style
from litcheck.formats.checked import checked_suffix
from litcheck.formats.inert import terminal_text as _t
from litcheck.models import Candidate, ClaimResult, Decision, Verdict

SEVERE_FLAGS = frozenset({"retracted", "expression-of-concern"})
_STOP = frozenset(
    """a about after against all also an and any are as at be been before being between both but
    by can could did do does during each few for from had has have how if in into is it its may
    more most new no not of on or other our over own same shall should so some such than that the
    their them then there these they this those through to too under up very was we were what
    when where which while who why will with within would you your study studies shows show
    showed found finds research researchers people percent""".split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9\-]+")


def claim_terms(result: ClaimResult) -> list[str]:
    """Words worth highlighting: the content words of the claim as checked (references resolved)
    and its facet terms, longest first."""
    words = {w.lower() for w in _WORD.findall(result.claim.query_text) if len(w) > 2}
    words -= _STOP
    for term in result.claim.facets.all_terms():
        words.add(term.canonical.lower())
    return sorted(words, key=lambda w: (-len(w), w))


def _pattern(term: str) -> str:
    # A light stem so "depressed" lights up "depression": long words match on their first six
    # letters followed by any word characters.
    escaped = re.escape(term[:6]) + r"\w*" if len(term) > 6 else re.escape(term) + r"\w{0,3}"
    return rf"\b{escaped}"


def highlight(text: str, terms: list[str], style: str = "bold cyan") -> Text:
    """`text` with every occurrence of `terms` (case-insensitive, stemmed) styled."""
    out = Text(_t(text))
    if terms:
        out.highlight_regex(
            re.compile("|".join(_pattern(t) for t in terms), re.IGNORECASE), style=style
        )
    return out


def flag_text(flags: tuple[str, ...]) -> Text:
    """`[retracted] [animal-only]`: severe flags bold red, others yellow."""
    out = Text()
    for flag in flags:
        if out:
            out.append(" ")
        out.append(f"[{_t(flag)}]", style="bold red" if flag in SEVERE_FLAGS else "yellow")
    return out


def _id_line(c: Candidate) -> Text:
    r = c.record
    line = Text()
    line.append(bar(c.confidence), style=bar_style(c.confidence))
    line.append(f" {c.confidence:.2f}  ")
    line.append(_t(r.id), style="bold")
    if r.year:
        line.append(f" · {r.year}")
    journal = _t(r.journal)
    if journal:
        journal = journal if len(journal) <= 30 else journal[:29] + "…"
        line.append(f" · {journal}", style="dim")
    elif r.fda and r.fda.sponsor:
        line.append(f" · {_t(r.fda.sponsor)}", style="dim")
    return line


def candidate_block(c: Candidate, terms: list[str], chosen: bool = False) -> Group:
    """The lines for one candidate: id line, title, flags, evidence, reasons."""
    lines: list[RenderableType] = [
        _id_line(c),
        Text(_t(c.record.title), style="bold" if chosen else ""),
    ]
    if c.flags:
        lines.append(flag_text(c.flags))
    if c.evidence and c.evidence.text:
        evidence = Text()
        evidence.append(f"{_t(c.evidence.field)}: ", style="dim")
        evidence.append_text(highlight(f"“{c.evidence.text}”", terms))
        lines.append(evidence)
    if c.reasons:
        lines.append(Text("why: " + _t("; ".join(c.reasons)), style="dim"))
    return Group(*lines)


def decision_text(decision: Decision | None) -> Text:
    """One line saying what a person decided so far, or that nobody has."""
    if decision is None:
        return Text("not reviewed yet", style="dim")
    colour = {
        Verdict.CONFIRMED: "green",
        Verdict.REJECTED: "red",
        Verdict.UNSURE: "yellow",
        Verdict.NOTE: "dim",
    }[decision.verdict]
    out = Text("decision: ")
    label = "note only" if decision.verdict is Verdict.NOTE else decision.verdict.value
    out.append(label, style=f"bold {colour}")
    if decision.candidate:
        out.append(f" {_t(decision.candidate)}")
    if decision.reviewer:
        out.append(f" by {_t(decision.reviewer)}", style="dim")
    if decision.note:
        out.append(f" · note: {_t(decision.note)}")
    return out


def render_claim(
    result: ClaimResult, decision: Decision | None, position: int, total: int
) -> RenderableType:
    """The whole review screen for one claim (without the prompt)."""
    claim = result.claim
    header = Text()
    header.append(f"Claim {position + 1}/{total}", style="bold")
    header.append(f"  {_t(claim.id)}  {result.status.value}", style="dim")
    if claim.origin.file:
        where = _t(claim.origin.file) + (f":{claim.origin.line}" if claim.origin.line else "")
        header.append(f"  {where}", style="dim")
    claim_text = Text(_t(claim.text), style="bold") + checked_suffix(claim)
    parts: list[RenderableType] = [header, claim_text, decision_text(decision)]
    if not result.candidates:
        reason = _t(result.skipped_reason) or "no candidate found"
        parts.append(Text(f"no candidates: {reason}", style="yellow"))
        return Group(*parts)
    terms = claim_terms(result)
    table = Table.grid(padding=(0, 1), expand=False)
    table.add_column(justify="right", no_wrap=True, style="bold")
    table.add_column(overflow="fold")
    chosen = decision.candidate if decision else None
    for rank, candidate in enumerate(result.candidates, start=1):
        mark = "✓" if candidate.record.id == chosen else ""
        table.add_row(f"{mark}{rank}", candidate_block(candidate, terms, chosen=bool(mark)))
        if rank < len(result.candidates):
            table.add_row("", "")
    parts.append(table)
    return Group(*parts)
