"""Markdown report: one section per claim, a candidates table, the queries that ran.

Every piece of outside text goes through `litcheck.formats.inert` (`md_text`, `md_code`,
`md_link`); `md_table` is the one Markdown table writer (report.md uses it too).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from litcheck.formats.inert import md_code, md_link, md_text
from litcheck.models import ClaimResult


def md_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A GFM table's lines. Cells must already be inert (`md_text`, `md_link`, `md_code`)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _candidates(r: ClaimResult) -> list[str]:
    rows = [
        [
            str(i),
            f"{c.confidence:.2f}",
            md_link(c.record.id, c.record),
            str(c.record.year or ""),
            md_text(c.record.title),
            md_text(", ".join(c.flags)),
            md_text(c.evidence.text if c.evidence else ""),
        ]
        for i, c in enumerate(r.candidates, start=1)
    ]
    lines = md_table(("#", "confidence", "id", "year", "title", "flags", "evidence"), rows)
    lines.append("")
    for i, c in enumerate(r.candidates, start=1):
        for flag, why in c.flag_reasons.items():
            lines.append(f"- #{i} **{md_text(flag)}**: {md_text(why)}")
    if any(c.flag_reasons for c in r.candidates):
        lines.append("")
    return lines


def _section(r: ClaimResult) -> list[str]:
    lines = [f"## {md_text(r.claim.text)}", ""]
    lines.append(f"- claim id: {md_code(r.claim.id)}; status: **{r.status.value}**")
    if r.skipped_reason:
        lines.append(f"- skipped: {md_text(r.skipped_reason)}")
    for source, err in r.source_errors.items():
        lines.append(f"- {md_text(source)} failed: {md_text(err)}")
    lines.append("")
    if r.candidates:
        lines += _candidates(r)
    if r.queries:
        lines += ["Queries that ran:", ""]
        for run in r.queries:
            lines.append(
                f"- {md_text(run.query.source)} ({run.count} hits): {md_code(run.query.term)}"
            )
        lines.append("")
    return lines


class MarkdownFormatter:
    def format(self, results: Sequence[ClaimResult]) -> str:
        """A title, then one section per result."""
        lines: list[str] = ["# litcheck results", ""]
        for r in results:
            lines += _section(r)
        return "\n".join(lines)
