"""`litcheck review`: confirm, reject or question each claim's candidates; decisions saved at once."""

from __future__ import annotations

from pathlib import Path

import click

from litcheck.cli.base import LitcheckCommand
from litcheck.cli.common import PATH, argument

results_argument = argument(
    "results",
    type=PATH,
    required=False,
    help="Results file from `litcheck check --output` (default: the last one checked here).",
)
decisions_option = click.option(
    "--decisions",
    type=PATH,
    metavar="FILE",
    help="Decisions file (default: decisions.jsonl beside RESULTS).",
)


def resolve_results(results: Path | None) -> Path:
    """RESULTS, or the file the last `check --output` in this folder wrote."""
    from litcheck.errors import InputError
    from litcheck.results.decisions import last_results

    if results is not None:
        return results
    found = last_results()
    if found is None:
        raise InputError(
            "no results file given, and no earlier `litcheck check --output` in this folder",
            tip="litcheck review results.jsonl",
        )
    return found


@click.command("review", cls=LitcheckCommand)
@results_argument
@decisions_option
@click.option("--reviewer", metavar="NAME", help="Name saved with each decision (default: $USER).")
@click.option("--unreviewed", is_flag=True, help="Only claims without a verdict.")
@click.option("--flagged", is_flag=True, help="Only claims with a flagged candidate.")
@click.option(
    "--min-confidence",
    type=float,
    metavar="P",
    help="Only claims whose best candidate is at least this.",
)
@click.option(
    "--max-confidence",
    type=float,
    metavar="P",
    help="Only claims whose best candidate is at most this.",
)
def review(
    results: Path | None,
    decisions: Path | None,
    reviewer: str | None,
    unreviewed: bool,
    flagged: bool,
    min_confidence: float | None,
    max_confidence: float | None,
) -> None:
    """Review one claim per screen: c N confirm, r reject all, u unsure, n TEXT note, o N open, m more, s skip, b back, ? help, q quit.

    Each key answers in one line; confirming a flagged candidate asks y/n first.

    When stdin is not a terminal, one command is read per line and nothing is asked, so a review can be scripted:

    \b
    printf 'c 1\\nr\\nq\\n' | litcheck review results.jsonl
    """
    from litcheck.cli.common import guarded

    with guarded():
        _run(results, decisions, reviewer, unreviewed, flagged, min_confidence, max_confidence)


def _run(
    results: Path | None,
    decisions: Path | None,
    reviewer: str | None,
    unreviewed: bool,
    flagged: bool,
    min_confidence: float | None,
    max_confidence: float | None,
) -> None:
    import sys
    from functools import partial

    from rich.markup import escape

    from litcheck.cli.common import err_console, out_console
    from litcheck.cli.review_screen import Screen
    from litcheck.results.decisions import append_decision, decisions_path_for, load_latest
    from litcheck.results.reader import read_results
    from litcheck.review import loop

    path = resolve_results(results)
    decisions_path = decisions or decisions_path_for(path)
    claims = read_results(path)
    interactive = sys.stdin.isatty()
    screen = Screen(out_console(), err_console(), interactive=interactive)
    outcome = loop.review(
        claims,
        read=screen.read,
        show=screen.show,
        say=screen.say,
        record=partial(append_decision, decisions_path),
        decisions=load_latest(decisions_path),
        open_url=screen.open_url,
        reviewer=reviewer or _user(),
        filters=loop.Filters(
            unreviewed_only=unreviewed,
            flagged_only=flagged,
            min_confidence=min_confidence,
            max_confidence=max_confidence,
        ),
        ask=screen.ask if interactive else None,
        more=screen.more,
        redraw_every_key=interactive,
    )
    if outcome.made:
        screen.flush()
        screen.err.print(f"{len(outcome.made)} decision(s) saved to {escape(str(decisions_path))}")


def _user() -> str | None:
    """$USER, else the login name the system knows, else nobody."""
    import getpass
    import os

    try:
        return os.environ.get("USER") or getpass.getuser() or None
    except (OSError, KeyError):
        return None


def register(app: click.Group) -> None:
    """Add this command to `app`."""
    app.add_command(review)
