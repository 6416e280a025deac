"""CSV: one row per candidate (a claim with none gets one row with empty candidate cells).

Cells go through `litcheck.formats.inert.csv_text`, the one CSV writer of litcheck (it also
writes report.csv): formula-like text is neutralised (OWASP CSV injection), numbers are kept.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from litcheck.formats.inert import csv_text
from litcheck.models import ClaimResult

COLUMNS = (
    "claim_id",
    "claim",
    "file",
    "line",
    "status",
    "rank",
    "source",
    "id",
    "confidence",
    "year",
    "journal",
    "title",
    "flags",
    "evidence",
    "url",
    "decision",
)


def _rows(results: Sequence[ClaimResult]) -> Iterator[list[object]]:
    for r in results:
        base = [r.claim.id, r.claim.text, r.claim.origin.file, r.claim.origin.line]
        decision = r.decision.verdict.value if r.decision else ""
        if not r.candidates:
            yield [*base, r.status.value, *[""] * 10, decision]
        for i, c in enumerate(r.candidates, start=1):
            rec = c.record
            yield [
                *base,
                r.status.value,
                i,
                rec.source,
                rec.id,
                f"{c.confidence:.4f}",
                rec.year,
                rec.journal or (rec.fda.sponsor if rec.fda else None),
                rec.title,
                ";".join(c.flags),
                c.evidence.text if c.evidence else "",
                rec.url,
                decision,
            ]


class CsvFormatter:
    def format(self, results: Sequence[ClaimResult]) -> str:
        """COLUMNS, then one row per candidate of each result, in order."""
        return csv_text(COLUMNS, _rows(results))
