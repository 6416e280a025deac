"""`litcheck claim "TEXT"`: one claim, answered in a table (or --format)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from litcheck.cli.claim_context import ArticleOpt, ContextOpt, LineOpt, claim_with_context
from litcheck.cli.common import (
    CacheDirOpt,
    DetailOpt,
    LimitOpt,
    NoCacheOpt,
    OfflineOpt,
    QueriesOpt,
    SemanticOpt,
    SourcesOpt,
    build_settings,
    err_console,
    guarded,
    write_output,
)
from litcheck.formats import OutputFormat
from litcheck.models import Status

if TYPE_CHECKING:
    from litcheck.check.checker import Checker
    from litcheck.models import ClaimResult

TextArg = Annotated[str, typer.Argument(help='The claim, in quotes; "-" reads it from stdin.')]
FormatOpt = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", metavar="FORMAT", help="table, json, jsonl, markdown or csv."),
]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")]
DecisionsOpt = Annotated[
    Path | None, typer.Option("--decisions", help="Decisions file to show (review).")
]


def claim(
    text: TextArg,
    output_format: FormatOpt = OutputFormat.TABLE,
    limit: LimitOpt = 10,
    sources: SourcesOpt = None,
    output: OutputOpt = None,
    decisions: DecisionsOpt = None,
    cache_dir: CacheDirOpt = None,
    no_cache: NoCacheOpt = False,
    offline: OfflineOpt = False,
    queries: QueriesOpt = None,
    semantic: SemanticOpt = False,
    context: ContextOpt = None,
    article: ArticleOpt = None,
    line: LineOpt = None,
    detail: DetailOpt = False,
) -> None:
    """Check one claim: ranked candidate references with confidence, reasons, evidence, flags."""
    with guarded():
        from litcheck.check.session import (
            claim_text_from_arg,
            first_failure,
            load_decisions,
            make_checker,
        )
        from litcheck.results.decisions import attach

        started = time.perf_counter()
        settings = build_settings(
            cache_dir=cache_dir, no_cache=no_cache, offline=offline, queries=queries,
            sources=sources, limit=limit, semantic=semantic or None,
        )  # fmt: skip
        the_claim = claim_with_context(
            claim_text_from_arg(text), settings.queries_dir, context, article, line
        )
        with make_checker(settings) as checker, err_console().status("searching…"):
            result = checker.check_one(the_claim)
        results = attach([result], load_decisions(output, decisions))
        if result.status is Status.SKIPPED and result.unfinished:
            failure = first_failure(checker)
            if failure is not None:
                raise failure  # one line naming the host, the variable and a tip; exit 3 or 4
        console = err_console()
        width = console.width if output is None else 120
        color = output is None and output_format is OutputFormat.TABLE and _stdout_is_tty()
        formatter = output_format.to_formatter(width=width, color=color, detail=detail)
        write_output(formatter.format(results), output)
        _finish(result, checker.requests_sent, time.perf_counter() - started, checker)


def _finish(result: ClaimResult, requests: int, seconds: float, checker: Checker) -> None:
    """The one-line summary, a warning per failed source, and the exit code (3/4 when a source
    the claim needed failed)."""
    from rich.markup import escape

    from litcheck.check.session import exit_code, status_counts, summary_line, unfinished_line
    from litcheck.formats.inert import terminal_text

    console = err_console()
    counts = status_counts([result])
    console.print(summary_line(counts, requests=requests, seconds=seconds))
    for source, err in result.source_errors.items():  # outside text: no markup, no escapes
        warning = f"{terminal_text(source)} failed, answer is partial: {terminal_text(err)}"
        console.print("[yellow]warning[/]: " + escape(warning))
    code = exit_code(checker, counts, unfinished=int(result.unfinished))
    if code:
        console.print(unfinished_line(1))
        raise typer.Exit(int(code))


def _stdout_is_tty() -> bool:
    import sys

    return sys.stdout.isatty()


def register(app: typer.Typer) -> None:
    """Add `claim` to `app`."""
    app.command("claim")(claim)
