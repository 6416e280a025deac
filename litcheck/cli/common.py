"""Shared pieces of the command line: consoles, error reporting, common options.

Every command reports errors through `guarded()`: a `LitcheckError` becomes one red line, an
optional tip and its documented exit code; Ctrl-C becomes exit 130. Never a traceback. A command
that ends early with a code does it with `raise SystemExit(code)` (here and in the commands), so
CliRunner and the console script see the same code. Usage errors are click's: exit 2.

Errors, tips and Ctrl-C are written by `cli.terminal.say`, without rich; the rich consoles here
are for the commands with live displays and tables of their own (check's progress, review,
corpus, eval). Importing this module costs click alone: rich, litcheck.errors and
litcheck.settings are imported inside the functions that need them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from litcheck.cli.base import HelpArgument

if TYPE_CHECKING:
    from rich.console import Console

    from litcheck.errors import LitcheckError
    from litcheck.settings import Settings

_err_console: Console | None = None
_out_console: Console | None = None


def err_console() -> Console:
    """The stderr console (progress, warnings, summary, errors)."""
    global _err_console
    if _err_console is None:
        from rich.console import Console

        # emoji=False: ":pill:" in a claim or a record stays text (markup is escaped, but rich
        # would still turn emoji codes into emoji), and rich's 3,600-name table is not loaded.
        _err_console = Console(stderr=True, highlight=False, emoji=False)
    return _err_console


def out_console() -> Console:
    """The stdout console (results only)."""
    global _out_console
    if _out_console is None:
        from rich.console import Console

        _out_console = Console(highlight=False, emoji=False)
    return _out_console


def reset_consoles() -> None:
    """Forget cached consoles (tests swap sys.stdout/sys.stderr between runs)."""
    global _err_console, _out_console
    _err_console = None
    _out_console = None


def fail(error: LitcheckError) -> NoReturn:
    """Print `error` as one line (+ tip) on stderr and exit with its code."""
    from litcheck.cli.terminal import say
    from litcheck.formats.inert import terminal_text

    say(("error", "bold red"), ": " + terminal_text(error.message))
    if error.tip:
        say(("tip", "dim"), ": " + terminal_text(error.tip))
    raise SystemExit(int(error.exit_code))


@contextmanager
def guarded() -> Iterator[None]:
    """Turn LitcheckError and Ctrl-C into a one-line message and a documented exit code."""
    from litcheck.errors import ExitCode, LitcheckError

    try:
        yield
    except LitcheckError as exc:
        fail(exc)
    except KeyboardInterrupt:
        from litcheck.cli.terminal import say

        say(("interrupted", "yellow"), ": everything finished before Ctrl-C is kept")
        raise SystemExit(int(ExitCode.INTERRUPTED)) from None


def write_output(text: str, output: Path | None) -> None:
    """Write a result to `output` (its folder is created) or stdout (never stderr).

    Raises InputError (exit 2) when `output` is a folder or cannot be written.
    """
    if output is None:
        sys.stdout.write(text)
        if text and not text.endswith("\n"):
            sys.stdout.write("\n")
        sys.stdout.flush()
        return
    from litcheck.errors import InputError

    if output.is_dir():
        raise InputError(f"--output {output} is a folder", tip="name a file, not a folder")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(
            f"cannot write --output {output}: {exc.strerror or exc}",
            tip="choose a writable place for the file",
        ) from exc


def build_settings(
    *,
    cache_dir: Path | None = None,
    no_cache: bool = False,
    offline: bool = False,
    queries: Path | None = None,
    sources: str | None = None,
    **extra: object,
) -> Settings:
    """Settings from the environment, refined by the flags a command was given."""
    from litcheck.errors import ConfigError
    from litcheck.settings import Settings

    settings = Settings.from_env()
    source_specs: tuple[str, ...] | None = None
    if sources is not None:
        from litcheck.sources.registry import parse_specs

        source_specs = parse_specs(sources)
    if queries is not None and not queries.is_dir():
        raise ConfigError(
            f"--queries {queries} is not a folder", tip="point it at a folder of .toml files"
        )
    return settings.with_(
        cache_dir=cache_dir,
        use_cache=False if no_cache else None,
        offline=True if offline else None,
        queries_dir=queries,
        sources=source_specs,
        **extra,
    )


# Options shared by the commands ---------------------------------------------------------------
#
# Each is a click decorator; stacked top to bottom they appear top to bottom in --help. Values
# reach the command as keyword arguments named after the option (`--cache-dir` -> cache_dir).

F = TypeVar("F", bound=Callable[..., Any])

PATH = click.Path(path_type=Path)
"""A path as given (not checked for existence here: the command says what is wrong with it)."""

OUTPUT_FORMATS = ("table", "json", "jsonl", "markdown", "csv")
"""The values of `litcheck.formats.OutputFormat`, kept here so that the CLI does not import
litcheck.formats at start-up (a test checks that the two agree). Commands convert inside."""


def argument(name: str, help: str, **attrs: Any) -> Callable[[F], F]:
    """A positional argument listed with `help` under "Arguments:" in --help."""
    return click.argument(name, cls=HelpArgument, help=help, **attrs)


def format_option(help: str, default: str | None) -> Callable[[F], F]:
    """`--format/-f FORMAT`, one of OUTPUT_FORMATS (case-sensitive), as `output_format`."""
    return click.option(
        "--format",
        "-f",
        "output_format",
        type=click.Choice(OUTPUT_FORMATS),
        default=default,
        metavar="FORMAT",
        help=help,
    )


detail_option = click.option(
    "--detail",
    is_flag=True,
    help="Table: every candidate, reason and query (default: the top 2 reasons, a no_match "
    "claim's best 3 candidates, a count of the queries).",
)
limit_option = click.option(
    "--limit",
    "-n",
    type=click.IntRange(1, 100),
    default=10,
    metavar="N",
    help="Candidates to gather and rank per claim.",
)
sources_option = click.option(
    "--sources",
    metavar="LIST",
    help="Comma-separated: pubmed, openfda, sample (bundled offline index), local:DIR.",
)
cache_dir_option = click.option(
    "--cache-dir",
    type=PATH,
    metavar="DIR",
    help="Cache folder (default: $LITCHECK_CACHE_DIR or ./cache).",
)
queries_option = click.option(
    "--queries",
    type=PATH,
    metavar="DIR",
    help="Your vocabulary folder (TOML), layered over the built-in one.",
)
semantic_option = click.option(
    "--semantic",
    is_flag=True,
    help="Also score by meaning: sentence embeddings (needs the extra [semantic]).",
)


def source_options(f: F) -> F:
    """--cache-dir, --no-cache, --offline, --queries and --semantic, in that order."""
    for option in reversed(
        (
            cache_dir_option,
            click.option("--no-cache", is_flag=True, help="Neither read nor write the cache."),
            click.option(
                "--offline",
                is_flag=True,
                help="Answer from the cache alone; say what is missing.",
            ),
            queries_option,
            semantic_option,
        )
    ):
        f = option(f)
    return f


ProgressHook = Callable[[str], None]
