"""`litcheck report`: the reviewed set as Markdown, CSV, HTML, BibTeX and RIS."""

from __future__ import annotations

from pathlib import Path

import click

from litcheck.cli.base import LitcheckCommand
from litcheck.cli.common import PATH
from litcheck.cli.review import decisions_option, results_argument


@click.command("report", cls=LitcheckCommand)
@results_argument
@click.option(
    "--output",
    "-o",
    type=PATH,
    default=Path("report"),
    metavar="DIR",
    help="Folder to write the report files into.",
)
@decisions_option
@click.option(
    "--all",
    "include_unreviewed",
    is_flag=True,
    help="List claims without a verdict in report.md/csv too (report.html always does).",
)
@click.option("--html/--no-html", default=True, help="Also write report.html.")
def report(
    results: Path | None,
    output: Path,
    decisions: Path | None,
    include_unreviewed: bool,
    html: bool,
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


def register(app: click.Group) -> None:
    """Add this command to `app`."""
    app.add_command(report)
