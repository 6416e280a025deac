"""The command line: a thin typer app. Each command lives in its own module and registers itself.

Command modules import only typer at import time; everything heavy (httpx, Bio, the scorer) is
imported inside the command function so that `litcheck --help` stays fast.
"""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="litcheck",
    help=(
        "Check health claims against PubMed and openFDA: ranked candidate references with a "
        "confidence, the reasons for it, the matching sentence, and flags for a person to confirm."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

# Order here is the order in `litcheck --help`.
COMMAND_MODULES = ("claim", "check", "extract", "review", "report", "corpus", "evaluate", "cache")

for _name in COMMAND_MODULES:
    importlib.import_module(f"litcheck.cli.{_name}").register(app)


def main() -> None:
    """Console-script entry point."""
    app()
