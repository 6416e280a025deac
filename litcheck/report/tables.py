"""The reviewed set as Markdown and CSV: claim, verdict, reference, flags, note.

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
)


def _origin(row: ReportRow) -> str:
    origin = row.result.claim.origin
    if not origin.file:
        return ""
    return origin.file + (f":{origin.line}" if origin.line else "")


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
        _origin(row),
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
    ]


def to_csv(rows: Sequence[ReportRow]) -> str:
    """One CSV row per claim, columns `CSV_COLUMNS`; flags joined with "; " (inert cells)."""
    return csv_text(CSV_COLUMNS, (_csv_cells(row) for row in rows))


def _md_cells(number: int, row: ReportRow) -> list[str]:
    record = row.reference.record if row.reference else None
    return [
        str(number),
        md_text(row.result.claim.text),
        md_text(row.verdict),
        md_link(row.reference_id, record),
        ", ".join(md_code(f, cell=True) for f in row.flags),
        md_text(row.note),
    ]


def to_markdown(rows: Sequence[ReportRow], *, total: int, title: str = "litcheck review") -> str:
    """A Markdown report: a summary line, then a table of claims, then the reference list."""
    lines = [f"# {md_text(title)}", "", summary_line(rows, total), ""]
    if rows:
        header = ("#", "claim", "verdict", "reference", "flags", "note")
        lines += md_table(header, (_md_cells(n, row) for n, row in enumerate(rows, start=1)))
        lines.append("")
    confirmed = confirmed_records(rows)
    if confirmed:
        lines += ["## Confirmed references", ""]
        for number, record in enumerate(confirmed, start=1):
            lines.append(f"{number}. {md_text(citation(record))}")
        lines.append("")
    return "\n".join(lines)
