"""The command line: a thin click app. Each command lives in its own module and registers itself.

Importing this package imports click only; each command's module is imported when the command is
run or listed (`LitcheckGroup`'s lazy loading). Everything heavy (rich,
httpx, Bio, pydantic, litcheck.models and the scorer) is imported inside the command functions,
so `litcheck --help` stays fast (issue 16; a test checks the list).

Exit status: 0 done; 2 bad usage (click's own errors and InputError); other codes through
`common.guarded()`. Commands end early with `raise SystemExit(code)`, never sys.exit or
click's Exit, so the one way out is the same everywhere.
"""

from __future__ import annotations

from litcheck.cli.base import LitcheckGroup

# Order here is the order in `litcheck --help`: (command, the module that registers it).
COMMANDS = (
    ("claim", "claim"),
    ("check", "check"),
    ("extract", "extract"),
    ("review", "review"),
    ("report", "report"),
    ("eval", "evaluate"),
    ("corpus", "corpus"),
    ("cache", "cache"),
)
COMMAND_MODULES = tuple(module for _name, module in COMMANDS)

app = LitcheckGroup(
    name="litcheck",
    help=(
        "Check health claims against PubMed and openFDA: ranked candidate references with a "
        "confidence, the reasons for it, the matching sentence, and flags for a person to confirm."
    ),
    no_args_is_help=True,
    context_settings={"show_default": True},
    lazy=[(name, f"litcheck.cli.{module}") for name, module in COMMANDS],
)


def main() -> None:
    """Console-script entry point (`litcheck`, and `python -m litcheck`)."""
    app()
