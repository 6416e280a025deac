"""Exports of a review: report.md, report.csv, report.html, references.bib, references.ris."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from litcheck.errors import InputError
from litcheck.models import ClaimResult, Decision
from litcheck.report.bibtex import to_bibtex
from litcheck.report.html import to_html
from litcheck.report.ris import to_ris
from litcheck.report.rows import ReportRow, confirmed_records, report_rows, source_name
from litcheck.report.tables import to_csv, to_markdown

__all__ = [
    "ReportRow",
    "confirmed_records",
    "report_rows",
    "source_name",
    "to_bibtex",
    "to_csv",
    "to_html",
    "to_markdown",
    "to_ris",
    "write_report",
]


def write_report(
    results: Sequence[ClaimResult],
    latest: Mapping[str, Decision],
    out_dir: Path,
    *,
    include_unreviewed: bool = False,
    html: bool = True,
    source: str = "",
) -> list[Path]:
    """Write every export into `out_dir` (created); return the paths written, in order.

    `source` names the article or claims file (default: the files the claims came from).
    report.html always lists the unreviewed claims apart; the other files only with
    `include_unreviewed`.
    """
    rows = report_rows(results, latest, include_unreviewed=include_unreviewed)
    records = confirmed_records(rows)
    source = source_name(results) or source
    files = {
        "report.md": to_markdown(rows, total=len(results), source=source),
        "report.csv": to_csv(rows),
        "references.bib": to_bibtex(records),
        "references.ris": to_ris(records),
    }
    if html:
        every = report_rows(results, latest, include_unreviewed=True)
        files["report.html"] = to_html(every, total=len(results), source=source)
    written: list[Path] = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            path = out_dir / name
            path.write_text(text, encoding="utf-8", newline="")
            written.append(path)
    except OSError as exc:
        raise InputError(
            f"cannot write the report to {out_dir}: {exc.strerror or exc}",
            tip="choose another --output folder",
        ) from exc
    return written
