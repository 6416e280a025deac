"""CSV: one row per candidate (a claim with none gets one row with empty candidate cells)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

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


class CsvFormatter:
    def format(self, results: Sequence[ClaimResult]) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(COLUMNS)
        for r in results:
            base = [r.claim.id, r.claim.text, r.claim.origin.file or "", r.claim.origin.line or ""]
            decision = r.decision.verdict.value if r.decision else ""
            if not r.candidates:
                writer.writerow(
                    [*base, r.status.value, "", "", "", "", "", "", "", "", "", "", decision]
                )
            for i, c in enumerate(r.candidates, start=1):
                rec = c.record
                writer.writerow(
                    [
                        *base,
                        r.status.value,
                        i,
                        rec.source,
                        rec.id,
                        f"{c.confidence:.4f}",
                        rec.year or "",
                        rec.journal or (rec.fda.sponsor if rec.fda else "") or "",
                        rec.title,
                        ";".join(c.flags),
                        c.evidence.text if c.evidence else "",
                        rec.url or "",
                        decision,
                    ]
                )
        return buf.getvalue()
