"""The reviewed set as Markdown and CSV, with the fields of report.html: where the claim is,
the claim as checked, verdict, reviewer, time, note, the reference (citation and link), its
confidence, the evidence sentence, and each flag with its explanation.

The cell rules live in `litcheck.formats.inert` (shared with `--format csv|markdown`): the CSV
is written by `csv_text`, the Markdown table by `formats.markdown.md_table`.
"""

from __future__ import annotations

from collections.abc import Sequence

from litcheck.formats.inert import csv_text, md_code, md_link, md_text
from litcheck.formats.markdown import md_table
from litcheck.report.rows import ReportRow, citation, confirmed_records

CSV_COLUMNS = (
    "claim_id",
    "claim",
    "origin",
    "verdict",
    "reference_id",
    "reference",
    "doi",
    "pmid",
    "url",
    "flags",
    "note",
    "reviewer",
    "decided_at",
    "claim_as_checked",
    "confidence",
    "evidence",
    "flag_reasons",
)
"""The CSV header; columns after decided_at were added later, so older readers keep working."""


def reference_text(row: ReportRow) -> str:
    """The confirmed reference as a citation, or its bare id when the record is not at hand."""
    if row.reference is not None:
        return citation(row.reference.record)
    return row.reference_id


def summary_line(rows: Sequence[ReportRow], total: int) -> str:
    """ "4 of 5 claims reviewed: 1 confirmed, 2 rejected, 1 unsure." """
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.verdict] = counts.get(row.verdict, 0) + 1
    reviewed = sum(n for v, n in counts.items() if v != "unreviewed")
    parts = [f"{counts[v]} {v}" for v in ("confirmed", "rejected", "unsure") if counts.get(v)]
    return (
        f"{reviewed} of {total} claims reviewed" + (": " + ", ".join(parts) if parts else "") + "."
    )


def _csv_cells(row: ReportRow) -> list[object]:
    record = row.reference.record if row.reference else None
    decision = row.decision
    return [
        row.result.claim.id,
        row.result.claim.text,
        row.origin,
        row.verdict,
        row.reference_id,
        reference_text(row),
        record.doi if record else None,
        record.pmid if record else None,
        record.url if record else None,
        "; ".join(row.flags),
        row.note,
        decision.reviewer if decision else None,
        decision.at if decision else None,
        row.checked,
        round(row.confidence, 4) if row.confidence is not None else None,
        row.evidence,
        " | ".join(f"{flag}: {why}" for flag, why in row.flag_reasons),
    ]


def to_csv(rows: Sequence[ReportRow]) -> str:
    """One CSV row per claim, columns `CSV_COLUMNS`; flags joined with "; " (inert cells)."""
    return csv_text(CSV_COLUMNS, (_csv_cells(row) for row in rows))


def _md_cells(number: int, row: ReportRow) -> list[str]:
    record = row.reference.record if row.reference else None
    reference = md_text(reference_text(row))
    link = md_link("link", record) if record is not None else ""
    flags = "; ".join(f"{md_code(f, cell=True)} {md_text(why)}" for f, why in row.flag_reasons)
    return [
        str(number),
        md_text(row.origin),
        md_text(row.checked),
        md_text(row.verdict),
        md_text(" ".join(p for p in (row.reviewer, row.decided_at) if p)),
        md_text(row.note),
        reference + (f" {link}" if link.startswith("[") else ""),
        f"{row.confidence:.2f}" if row.confidence is not None else "",
        md_text(row.evidence),
        flags,
    ]


MD_COLUMNS = (
    "#",
    "where",
    "claim (as checked)",
    "verdict",
    "reviewed",
    "note",
    "reference",
    "confidence",
    "evidence",
    "flags",
)


def to_markdown(
    rows: Sequence[ReportRow], *, total: int, title: str = "litcheck review", source: str = ""
) -> str:
    """A Markdown report: the source, a summary line, a table of claims (`MD_COLUMNS`), then
    the reference list."""
    lines = [f"# {md_text(title)}", ""]
    if source:
        lines += [f"Source: {md_text(source)}", ""]
    lines += [summary_line(rows, total), ""]
    if rows:
        lines += md_table(MD_COLUMNS, (_md_cells(n, row) for n, row in enumerate(rows, start=1)))
        lines.append("")
    confirmed = confirmed_records(rows)
    if confirmed:
        lines += ["## Confirmed references", ""]
        for number, record in enumerate(confirmed, start=1):
            lines.append(f"{number}. {md_text(citation(record))}")
        lines.append("")
    return "\n".join(lines)
