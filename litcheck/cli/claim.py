"""`litcheck claim "TEXT"`: one claim, answered in a table (or --format)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

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


def claim(
    text: Annotated[str, typer.Argument(help='The claim, in quotes; "-" reads it from stdin.')],
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="table, json, jsonl, markdown or csv.",
        ),
    ] = OutputFormat.TABLE,
    limit: LimitOpt = 10,
    sources: SourcesOpt = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
    decisions: Annotated[
        Path | None, typer.Option("--decisions", help="Decisions file to show (review).")
    ] = None,
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
            exit_code,
            first_failure,
            load_decisions,
            make_checker,
            status_counts,
            summary_line,
            unfinished_line,
        )
        from litcheck.results.decisions import attach

        started = time.perf_counter()
        settings = build_settings(
            cache_dir=cache_dir,
            no_cache=no_cache,
            offline=offline,
            queries=queries,
            sources=sources,
            limit=limit,
            semantic=semantic or None,
        )
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
        elapsed = time.perf_counter() - started
        console.print(
            summary_line(status_counts(results), requests=checker.requests_sent, seconds=elapsed)
        )
        for source, err in result.source_errors.items():
            console.print(f"[yellow]warning[/]: {source} failed, answer is partial: {err}")
        code = exit_code(checker, status_counts(results), unfinished=int(result.unfinished))
        if code:
            console.print(unfinished_line(1))
            raise typer.Exit(int(code))


def _stdout_is_tty() -> bool:
    import sys

    return sys.stdout.isatty()


def register(app: typer.Typer) -> None:
    """Add `claim` to `app`."""
    app.command("claim")(claim)
