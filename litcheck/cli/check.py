"""`litcheck check FILE`: a claims file or an article, checked in batch, streamed and resumable."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from litcheck.cli.base import LitcheckCommand
from litcheck.cli.common import (
    PATH,
    argument,
    build_settings,
    detail_option,
    err_console,
    format_option,
    guarded,
    limit_option,
    source_options,
    sources_option,
    write_output,
)

if TYPE_CHECKING:
    from litcheck.check.batch import BatchStats
    from litcheck.cli.progress import BatchProgress
    from litcheck.formats import OutputFormat
    from litcheck.settings import Settings

output_option = click.option(
    "--output",
    "-o",
    type=PATH,
    metavar="FILE",
    help="Stream results here as JSONL; rerun to resume.",
)
workers_option = click.option(
    "--workers",
    type=click.IntRange(1, 32),
    default=4,
    metavar="N",
    help="Claims checked at once (all share one rate limit).",
)


@click.command("check", cls=LitcheckCommand)
@argument("file", type=PATH, help="Claims (.txt lines, .csv/.tsv, .jsonl) or an article.")
@format_option(
    "Print every result on stdout as table, json, jsonl, markdown or csv (the --output file "
    "is JSONL).",
    default=None,
)
@output_option
@click.option(
    "--extract/--no-extract", default=None, help="Treat FILE as an article (default: detect)."
)
@limit_option
@sources_option
@click.option("--decisions", type=PATH, metavar="FILE", help="Decisions file.")
@workers_option
@click.option("--strict", is_flag=True, help="Exit 3 if any claim was skipped.")
@click.option("--fail-on-unverified", is_flag=True, help="Exit 1 if any claim has no match.")
@source_options
@detail_option
def check(
    file: Path,
    output_format: str | None,
    output: Path | None,
    extract: bool | None,
    limit: int,
    sources: str | None,
    decisions: Path | None,
    workers: int,
    strict: bool,
    fail_on_unverified: bool,
    cache_dir: Path | None,
    no_cache: bool,
    offline: bool,
    queries: Path | None,
    semantic: bool,
    detail: bool,
) -> None:
    """Check every claim in FILE; stream to --output and resume where a stopped run left off."""
    with guarded():
        from litcheck.formats import OutputFormat

        started = time.perf_counter()
        settings = build_settings(
            cache_dir=cache_dir, no_cache=no_cache, offline=offline, queries=queries,
            sources=sources, limit=limit, semantic=semantic or None,
        )  # fmt: skip
        code = _run(
            file, settings, None if output_format is None else OutputFormat(output_format),
            output=output, extract=extract, decisions=decisions, workers=workers, detail=detail,
            strict=strict, fail_on_unverified=fail_on_unverified, started=started,
        )  # fmt: skip
        if code:
            raise SystemExit(code)


def _run(
    file: Path,
    settings: Settings,
    output_format: OutputFormat | None,
    *,
    output: Path | None,
    extract: bool | None,
    decisions: Path | None,
    workers: int,
    detail: bool,
    strict: bool,
    fail_on_unverified: bool,
    started: float,
) -> int:
    """Check the claims in `file`: stream to `output`, print what `output_format` asks, summarise
    on stderr. Returns the exit code (`check.session.exit_code`)."""
    from litcheck.check.batch import run_batch
    from litcheck.check.session import exit_code, load_decisions, make_checker
    from litcheck.claims.read import read_claims_file
    from litcheck.claims.vocab import Vocabulary
    from litcheck.cli.progress import BatchProgress
    from litcheck.formats import OutputFormat
    from litcheck.results.decisions import remember_last_results

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
        import sys

        from litcheck.cli.terminal import colour_for, screen_width

        fmt_name = output_format or OutputFormat.TABLE
        colour = fmt_name is OutputFormat.TABLE and colour_for(sys.stdout)  # as `claim` does
        fmt = fmt_name.to_formatter(width=screen_width(), color=colour, detail=detail)
        write_output(fmt.format(results), None)
    _summarise(progress, stats, checker.requests_sent, time.perf_counter() - started)
    return int(
        exit_code(
            checker, stats.by_status, unfinished=stats.unfinished, strict=strict,
            fail_on_unverified=fail_on_unverified,
        )
    )  # fmt: skip


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
    from litcheck.formats import OutputFormat

    return output_format is not None and output_format is not OutputFormat.JSONL


def register(app: click.Group) -> None:
    """Add `check` to `app`."""
    app.add_command(check)
