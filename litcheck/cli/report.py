"""`litcheck report`: the reviewed set as Markdown, CSV, HTML, BibTeX and RIS."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from litcheck.cli.review import DecisionsOpt, ResultsArg


def report(
    results: ResultsArg = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder to write the report files into.")
    ] = Path("report"),
    decisions: DecisionsOpt = None,
    include_unreviewed: Annotated[
        bool,
        typer.Option(
            "--all",
            help="List claims without a verdict in report.md/csv too (report.html always does).",
        ),
    ] = False,
    html: Annotated[bool, typer.Option("--html/--no-html", help="Also write report.html.")] = True,
) -> None:
    """Write report.html (one page for an editor), report.md, report.csv, references.bib and references.ris to --output."""
    from litcheck.cli.common import guarded

    with guarded():
        from litcheck.cli.common import err_console
        from litcheck.cli.review import resolve_results
        from litcheck.report import write_report
        from litcheck.results.decisions import decisions_path_for, load_latest
        from litcheck.results.reader import read_results

        path = resolve_results(results)
        latest = load_latest(decisions or decisions_path_for(path))
        written = write_report(
            read_results(path),
            latest,
            output,
            include_unreviewed=include_unreviewed,
            html=html,
            source=path.name,
        )
        for file in written:
            err_console().print(f"wrote {file}", soft_wrap=True, markup=False)


def register(app: typer.Typer) -> None:
    """Add this command to `app`."""
    app.command("report")(report)
