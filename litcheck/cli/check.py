"""`litcheck check FILE`: a claims file or an article, checked in batch, streamed and resumable."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

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

if TYPE_CHECKING:
    from litcheck.check.batch import BatchStats
    from litcheck.cli.progress import BatchProgress


FileArg = Annotated[
    Path, typer.Argument(help="Claims (.txt lines, .csv/.tsv, .jsonl) or an article.")
]
FormatOpt = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="Print every result on stdout as table, json, jsonl, markdown or csv (the "
        "--output file is JSONL).",
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Stream results here as JSONL; rerun to resume."),
]
ExtractOpt = Annotated[
    bool | None,
    typer.Option("--extract/--no-extract", help="Treat FILE as an article (default: detect)."),
]
DecisionsOpt = Annotated[Path | None, typer.Option("--decisions", help="Decisions file.")]
WorkersOpt = Annotated[
    int,
    typer.Option(
        "--workers",
        min=1,
        max=32,
        metavar="N",
        help="Claims checked at once (all share one rate limit).",
    ),
]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Exit 3 if any claim was skipped.")]
FailOpt = Annotated[
    bool, typer.Option("--fail-on-unverified", help="Exit 1 if any claim has no match.")
]


def check(
    file: FileArg,
    output_format: FormatOpt = None,
    output: OutputOpt = None,
    extract: ExtractOpt = None,
    limit: LimitOpt = 10,
    sources: SourcesOpt = None,
    decisions: DecisionsOpt = None,
    workers: WorkersOpt = 4,
    strict: StrictOpt = False,
    fail_on_unverified: FailOpt = False,
    cache_dir: CacheDirOpt = None,
    no_cache: NoCacheOpt = False,
    offline: OfflineOpt = False,
    queries: QueriesOpt = None,
    semantic: SemanticOpt = False,
    detail: DetailOpt = False,
) -> None:
    """Check every claim in FILE; stream to --output and resume where a stopped run left off."""
    with guarded():
        from litcheck.check.batch import run_batch
        from litcheck.check.session import exit_code, load_decisions, make_checker
        from litcheck.claims.read import read_claims_file
        from litcheck.claims.vocab import Vocabulary
        from litcheck.cli.progress import BatchProgress
        from litcheck.results.decisions import remember_last_results

        started = time.perf_counter()
        settings = build_settings(
            cache_dir=cache_dir, no_cache=no_cache, offline=offline, queries=queries,
            sources=sources, limit=limit, semantic=semantic or None,
        )  # fmt: skip
        claims = read_claims_file(file, Vocabulary.load(settings.queries_dir), extract=extract)
        if output is not None:
            remember_last_results(output)
        with (
            make_checker(settings, workers=workers) as checker,
            BatchProgress(err_console(), total=len(claims)) as progress,
        ):
            results, stats = run_batch(
                claims,
                checker,
                output=output,
                decisions=load_decisions(output, decisions),
                on_result=progress.update,
                collect=_prints(output_format, output),
            )
        if _prints(output_format, output):
            fmt = (output_format or OutputFormat.TABLE).to_formatter(
                width=err_console().width, detail=detail
            )
            write_output(fmt.format(results), None)
        _summarise(progress, stats, checker.requests_sent, time.perf_counter() - started)
        code = exit_code(
            checker, stats.by_status, unfinished=stats.unfinished, strict=strict,
            fail_on_unverified=fail_on_unverified,
        )  # fmt: skip
        if code:
            raise typer.Exit(int(code))


def _summarise(progress: BatchProgress, stats: BatchStats, requests: int, seconds: float) -> None:
    """The summary table and the one-line summary (with resumed, duplicate, unfinished) on
    stderr."""
    from litcheck.check.session import summary_line, unfinished_line

    console = err_console()
    progress.print_summary(stats)
    line = summary_line(stats.by_status, requests=requests, seconds=seconds)
    if stats.resumed:
        line += f" · {stats.resumed} kept from the earlier run"
    if stats.duplicates:
        line += f" · {stats.duplicates} duplicate claims checked once"
    console.print(line)
    if stats.unfinished:
        console.print(f"[yellow]warning[/]: {unfinished_line(stats.unfinished)}")


def _prints(output_format: OutputFormat | None, output: Path | None) -> bool:
    """Whether results also go to stdout (and so are kept in memory until the end).

    With --output the file is the JSONL result, streamed in flat memory; `--format jsonl` then
    adds nothing, and other formats render the whole set once it is done.
    """
    if output is None:
        return True
    return output_format is not None and output_format is not OutputFormat.JSONL


def register(app: typer.Typer) -> None:
    """Add `check` to `app`."""
    app.command("check")(check)
