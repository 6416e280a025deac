"""The reviewed set as Markdown and CSV: claim, verdict, reference, flags, note."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from litcheck.report.rows import ReportRow, citation

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


def to_csv(rows: Sequence[ReportRow]) -> str:
    """One CSV row per claim, columns `CSV_COLUMNS`; flags joined with "; "."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        record = row.reference.record if row.reference else None
        decision = row.decision
        writer.writerow(
            [
                row.result.claim.id,
                row.result.claim.text,
                _origin(row),
                row.verdict,
                row.reference_id,
                reference_text(row),
                (record.doi or "") if record else "",
                (record.pmid or "") if record else "",
                (record.url or "") if record else "",
                "; ".join(row.flags),
                row.note,
                (decision.reviewer or "") if decision else "",
                decision.at if decision else "",
            ]
        )
    return buffer.getvalue()


def _md(text: str) -> str:
    # Markdown table cells: no pipes, no line breaks.
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").strip()


def to_markdown(rows: Sequence[ReportRow], *, total: int, title: str = "litcheck review") -> str:
    """A Markdown report: a summary line, then a table of claims, then the reference list."""
    lines = [f"# {title}", "", summary_line(rows, total), ""]
    if rows:
        lines += ["| # | claim | verdict | reference | flags | note |", "|---|---|---|---|---|---|"]
        for number, row in enumerate(rows, start=1):
            reference = row.reference_id
            record = row.reference.record if row.reference else None
            if record is not None and record.url:
                reference = f"[{record.id}]({record.url})"
            flags = ", ".join(f"`{f}`" for f in row.flags)
            cells = [str(number), _md(row.result.claim.text), row.verdict, _md(reference), flags]
            lines.append("| " + " | ".join(cells + [_md(row.note)]) + " |")
        lines.append("")
    confirmed = [row for row in rows if row.reference is not None]
    if confirmed:
        lines += ["## Confirmed references", ""]
        seen: set[str] = set()
        for row in confirmed:
            assert row.reference is not None
            if row.reference.record.id in seen:
                continue
            seen.add(row.reference.record.id)
            lines.append(f"{len(seen)}. {citation(row.reference.record)}")
        lines.append("")
    return "\n".join(lines)
