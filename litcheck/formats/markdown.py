"""Markdown report: one section per claim, a candidates table, the queries that ran."""

from __future__ import annotations

from collections.abc import Sequence

from litcheck.models import ClaimResult


def _cell(text: object) -> str:
    return str(text or "").replace("|", "\\|").replace("\n", " ")


class MarkdownFormatter:
    def format(self, results: Sequence[ClaimResult]) -> str:
        lines: list[str] = ["# litcheck results", ""]
        for r in results:
            lines += [f"## {_cell(r.claim.text)}", ""]
            lines.append(f"- claim id: `{r.claim.id}`; status: **{r.status.value}**")
            if r.skipped_reason:
                lines.append(f"- skipped: {_cell(r.skipped_reason)}")
            for source, err in r.source_errors.items():
                lines.append(f"- {source} failed: {_cell(err)}")
            lines.append("")
            if r.candidates:
                lines.append("| # | confidence | id | year | title | flags | evidence |")
                lines.append("|---|---|---|---|---|---|---|")
                for i, c in enumerate(r.candidates, start=1):
                    rec = c.record
                    link = f"[{rec.id}]({rec.url})" if rec.url else rec.id
                    lines.append(
                        f"| {i} | {c.confidence:.2f} | {link} | {rec.year or ''} | "
                        f"{_cell(rec.title)} | {_cell(', '.join(c.flags))} | "
                        f"{_cell(c.evidence.text if c.evidence else '')} |"
                    )
                lines.append("")
                for i, c in enumerate(r.candidates, start=1):
                    for flag, why in c.flag_reasons.items():
                        lines.append(f"- #{i} **{flag}**: {_cell(why)}")
                if any(c.flag_reasons for c in r.candidates):
                    lines.append("")
            if r.queries:
                lines.append("Queries that ran:")
                lines.append("")
                for run in r.queries:
                    lines.append(
                        f"- {run.query.source} ({run.count} hits): `{_cell(run.query.term)}`"
                    )
                lines.append("")
        return "\n".join(lines)
