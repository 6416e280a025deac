"""The review screen: one claim and its top candidates in at most `SCREEN_LINES` lines.

At 80x24 the screen leaves three lines for the help line, the feedback line and the prompt. Every
line is clipped to the width (with `…`), so nothing wraps and the line count is exact:

    header (position, status, origin, decision) · the claim as checked (up to 2 lines) · the
    claim as written when it differs (1 line) · per candidate (top 3): id line, title, flags with
    their first explanation, the top reasons, the evidence sentence · "N more: m".

`render_more` lists the other candidates for the `m` key. Colour is optional (flags also carry
their names in brackets). Outside text goes through `inert.terminal_text` and into rich only as
`Text`, which never interprets `[bold]`-style markup.
"""

from __future__ import annotations

import re
import textwrap

from rich.console import Group
from rich.text import Text

from litcheck.formats.bar import bar, bar_style
from litcheck.formats.checked import INHERITED_STYLE
from litcheck.formats.inert import record_label
from litcheck.formats.inert import terminal_text as _t
from litcheck.models import Candidate, ClaimResult, Decision, Verdict

SEVERE_FLAGS = frozenset({"retracted", "expression-of-concern"})
TOP = 3
"""Candidates on the first screen of a claim; `m` shows the rest."""
SCREEN_LINES = 20
"""The most lines `render_claim` returns: 24 rows minus the short help, two lines of feedback
and the prompt."""
_STOP = frozenset(
    """a about after against all also an and any are as at be been before being between both but
    by can could did do does during each few for from had has have how if in into is it its may
    more most new no not of on or other our over own same shall should so some such than that the
    their them then there these they this those through to too under up very was we were what
    when where which while who why will with within would you your study studies shows show
    showed found finds research researchers people percent""".split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9\-]+")
_INDENT = "   "
_BRACKETED = re.compile(r"\[[^\[\]]*\]")


def claim_terms(result: ClaimResult) -> list[str]:
    """Words worth highlighting: the content words of the claim as checked and its facet terms,
    longest first."""
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


def terms_pattern(terms: list[str]) -> re.Pattern[str] | None:
    """One case-insensitive regex matching any of `terms` (stemmed), or None without terms."""
    if not terms:
        return None
    return re.compile("|".join(_pattern(t) for t in terms), re.IGNORECASE)


def highlight(text: str, terms: list[str], style: str = "bold cyan") -> Text:
    """`text` with every occurrence of `terms` (case-insensitive, stemmed) styled."""
    out = Text(_t(text))
    pattern = terms_pattern(terms)
    if pattern is not None:
        out.highlight_regex(pattern, style=style)
    return out


def flag_text(flags: tuple[str, ...]) -> Text:
    """`[retracted] [animal-only]`: severe flags bold red, others yellow."""
    out = Text()
    for flag in flags:
        if out:
            out.append(" ")
        out.append(f"[{_t(flag)}]", style="bold red" if flag in SEVERE_FLAGS else "yellow")
    return out


def clip(text: str, width: int) -> str:
    """`text` on one line of at most `width` characters, ending in `…` when cut."""
    text = _t(text)
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _wrapped(text: str, width: int, lines: int) -> list[str]:
    """`text` wrapped to `width`, at most `lines` lines, the last ending in `…` when cut."""
    out = textwrap.wrap(_t(text), max(8, width)) or [""]
    if len(out) > lines:
        out = out[:lines]
        last = out[-1].rstrip()
        out[-1] = (last if len(last) < width else last[: width - 1]) + "…"
    return out


def _line(*parts: Text | str) -> Text:
    line = Text(no_wrap=True, overflow="ellipsis", end="\n")
    for part in parts:
        if isinstance(part, str):
            line.append(part)
        else:
            line.append_text(part)
    return line


def _id_line(rank: int, c: Candidate, chosen: bool, width: int) -> Text:
    r = c.record
    head = Text(f"{'✓' if chosen else ' '}{rank} ", style="bold")
    head.append(bar(c.confidence), style=bar_style(c.confidence))
    head.append(f" {c.confidence:.2f}  ")
    head.append(record_label(c.record), style="bold")
    rest = f" · {r.year}" if r.year else ""
    source = r.journal_abbrev or r.journal or (r.fda.sponsor if r.fda else None)
    if source:
        rest += f" · {_t(source)}"
    head.append(clip(rest, max(0, width - len(head.plain))), style="dim")
    return _line(head)


def candidate_lines(
    rank: int,
    c: Candidate,
    terms: list[str],
    *,
    chosen: bool,
    width: int,
    reasons: int = 2,
    most: int = 5,
) -> list[Text]:
    """At most `most` (4 or 5) lines for one candidate: id, title, flags (with the first
    flag's reason), the top `reasons` reasons, and the evidence sentence in the lines left (at
    least one)."""
    inner = width - len(_INDENT)
    lines = [
        _id_line(rank, c, chosen, width),
        _line(_INDENT, Text(clip(c.record.title, inner), style="bold" if chosen else "")),
    ]
    if c.flags:
        flags = flag_text(c.flags)
        why = c.flag_reasons.get(c.flags[0], "")
        if why:
            flags.append(" " + clip(why, max(0, inner - len(flags.plain) - 1)), style="dim")
        lines.append(_line(_INDENT, flags))
    if c.reasons:
        shown = "; ".join(c.reasons[:reasons]) if reasons else "; ".join(c.reasons)
        lines.append(_line(_INDENT, Text(clip("why: " + shown, inner), style="dim")))
    if c.evidence and c.evidence.text:
        room = most - len(lines)
        parts = _wrapped(f"“{c.evidence.text}”", inner, max(1, room))
        lines.extend(_line(_INDENT, highlight(part, terms)) for part in parts)
    return lines


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


def _header(result: ClaimResult, position: int, total: int, width: int) -> list[Text]:
    claim = result.claim
    head = Text(f"Claim {position + 1}/{total}", style="bold")
    head.append(f" · {result.status.value}", style="dim")
    if claim.origin.file:
        where = _t(claim.origin.file) + (f":{claim.origin.line}" if claim.origin.line else "")
        head.append(f" · {clip(where, 30)}", style="dim")
    head.append(f" · {_t(claim.id)}", style="dim")
    lines = [_line(head)]
    checked = claim.query_text
    for part in _wrapped(checked, width, 2):
        text = Text(part, style="bold")
        text.highlight_regex(_BRACKETED, style=INHERITED_STYLE)  # words the context supplied
        lines.append(_line(text))
    if _t(checked).strip() != _t(claim.text).strip():
        lines.append(_line(Text(clip("as written: " + claim.text, width), style="dim")))
    return lines


def render_claim(
    result: ClaimResult,
    decision: Decision | None,
    position: int,
    total: int,
    *,
    width: int = 80,
) -> Group:
    """The review screen for one claim (without help or prompt): at most `SCREEN_LINES` lines
    of at most `width` characters."""
    lines = _header(result, position, total, width)
    lines.append(_line(_fit(decision_text(decision), width)))
    if not result.candidates:
        reason = _t(result.skipped_reason) or "no candidate found"
        lines.append(_line(Text(clip(f"no candidates: {reason}", width), style="yellow")))
        return Group(*lines)
    terms = claim_terms(result)
    chosen = decision.candidate if decision else None
    for most in (5, 4):
        blocks = [
            candidate_lines(rank, c, terms, chosen=c.record.id == chosen, width=width, most=most)
            for rank, c in enumerate(result.candidates[:TOP], start=1)
        ]
        if len(lines) + sum(map(len, blocks)) + 1 <= SCREEN_LINES:
            break
    lines += [line for block in blocks for line in block]
    rest = len(result.candidates) - TOP
    if rest > 0:
        lines.append(_line(Text(f"{rest} more candidate(s): m", style="dim")))
    return Group(*lines[:SCREEN_LINES])


def _fit(text: Text, width: int) -> Text:
    if len(text.plain) > width:
        text = text.copy()
        text.truncate(width - 1)
        text.append("…")
    return text


def render_more(result: ClaimResult, decision: Decision | None, *, width: int = 80) -> Group:
    """Every candidate after the top three, with all their reasons and flag explanations."""
    terms = claim_terms(result)
    chosen = decision.candidate if decision else None
    lines: list[Text] = []
    for rank, c in enumerate(result.candidates, start=1):
        if rank <= TOP and not c.flag_reasons:
            continue
        if rank <= TOP:
            lines += [
                _line(Text(clip(f"#{rank} {flag}: {why}", width), style="yellow"))
                for flag, why in c.flag_reasons.items()
            ]
            continue
        lines += candidate_lines(rank, c, terms, chosen=c.record.id == chosen, width=width)
        lines += [
            _line(_INDENT, Text(clip(f"{flag}: {why}", width - 3), style="dim"))
            for flag, why in list(c.flag_reasons.items())[1:]
        ]
    if not lines:
        lines.append(Text("no more candidates", style="dim"))
    return Group(*lines)
