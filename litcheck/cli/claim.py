"""`litcheck claim "TEXT"`: one claim, answered in a table (or --format)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from litcheck.cli.base import LitcheckCommand
from litcheck.cli.claim_context import claim_with_context, context_options
from litcheck.cli.common import (
    PATH,
    argument,
    build_settings,
    detail_option,
    format_option,
    guarded,
    limit_option,
    source_options,
    sources_option,
    write_output,
)

if TYPE_CHECKING:
    from litcheck.check.checker import Checker
    from litcheck.models import ClaimResult


@click.command("claim", cls=LitcheckCommand)
@argument("text", help='The claim, in quotes; "-" reads it from stdin.')
@format_option("table, json, jsonl, markdown or csv.", default="table")
@limit_option
@sources_option
@click.option("--output", "-o", type=PATH, metavar="FILE", help="Write here.")
@click.option("--decisions", type=PATH, metavar="FILE", help="Decisions file to show (review).")
@source_options
@context_options
@detail_option
def claim(
    text: str,
    output_format: str,
    limit: int,
    sources: str | None,
    output: Path | None,
    decisions: Path | None,
    cache_dir: Path | None,
    no_cache: bool,
    offline: bool,
    queries: Path | None,
    semantic: bool,
    context: str | None,
    article: Path | None,
    line: int | None,
    detail: bool,
) -> None:
    """Check one claim: ranked candidate references with confidence, reasons, evidence, flags."""
    with guarded():
        from litcheck.check.session import claim_text_from_arg, make_checker
        from litcheck.cli.spinner import Spinner

        started = time.perf_counter()
        settings = build_settings(
            cache_dir=cache_dir, no_cache=no_cache, offline=offline, queries=queries,
            sources=sources, limit=limit, semantic=semantic or None,
        )  # fmt: skip
        the_claim = claim_with_context(
            claim_text_from_arg(text), settings.queries_dir, context, article, line
        )
        with make_checker(settings) as checker, Spinner("searching…"):
            result = checker.check_one(the_claim)
        _show(result, checker, output_format, output, decisions, detail)
        _finish(result, checker.requests_sent, time.perf_counter() - started, checker)


def _show(
    result: ClaimResult,
    checker: Checker,
    output_format: str,
    output: Path | None,
    decisions: Path | None,
    detail: bool,
) -> None:
    """Write `result` (with its latest decision) to `output` or stdout in `output_format`.

    A claim skipped because a source failed raises that failure instead (one line naming the
    host, the variable and a tip; exit 3 or 4)."""
    from litcheck.check.session import first_failure, load_decisions
    from litcheck.cli.terminal import colour_for, screen_width
    from litcheck.formats import OutputFormat
    from litcheck.models import Status
    from litcheck.results.decisions import attach

    results = attach([result], load_decisions(output, decisions))
    if result.status is Status.SKIPPED and result.unfinished:
        failure = first_failure(checker)
        if failure is not None:
            raise failure
    fmt = OutputFormat(output_format)
    width = screen_width() if output is None else 120
    color = output is None and fmt is OutputFormat.TABLE and colour_for(sys.stdout)
    formatter = fmt.to_formatter(width=width, color=color, detail=detail)
    write_output(formatter.format(results), output)


def _finish(result: ClaimResult, requests: int, seconds: float, checker: Checker) -> None:
    """The one-line summary, a warning per failed source, and the exit code (3/4 when a source
    the claim needed failed)."""
    from litcheck.check.session import exit_code, status_counts, summary_line, unfinished_line
    from litcheck.cli.terminal import say
    from litcheck.formats.inert import terminal_text

    counts = status_counts([result])
    say(summary_line(counts, requests=requests, seconds=seconds))
    for source, err in result.source_errors.items():  # outside text: no escapes
        warning = f"{terminal_text(source)} failed, answer is partial: {terminal_text(err)}"
        say(("warning", "yellow"), ": " + warning)
    code = exit_code(checker, counts, unfinished=int(result.unfinished))
    if code:
        say(unfinished_line(1))
        raise SystemExit(int(code))


def register(app: click.Group) -> None:
    """Add `claim` to `app`."""
    app.add_command(claim)
