"""The click classes every litcheck command is built from.

Plain click help, no rich: `litcheck --help` imports click and nothing heavier. Two things click
does not do on its own, and litcheck's help did before (typer):

- `--help` lists the positional arguments with a description, under "Arguments:" (click 8.5
  does too, as "Positional arguments"; earlier ones do not: this is the same on all).
- a group lists its commands in the order they were added (not sorted), each with the whole
  first paragraph of its help (click would cut it at about 45-70 characters with "...").
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from typing import Any

import click


def first_paragraph(text: str | None) -> str:
    """The first paragraph of a help text, on one line (click's formatter wraps it)."""
    if not text:
        return ""
    import inspect  # ~10-30 ms: only when a group's help is shown

    return " ".join(inspect.cleandoc(text).split("\n\n", 1)[0].split())


class HelpArgument(click.Argument):
    """A positional argument with a `help` text, shown under "Arguments:" by `LitcheckCommand`."""

    def __init__(
        self,
        param_decls: Sequence[str],
        required: bool | None = None,
        *,
        help: str = "",
        **attrs: Any,
    ) -> None:
        super().__init__(param_decls, required=required, **attrs)
        self.help = help

    def help_record(self) -> tuple[str, str]:
        """(metavar, help) as listed in --help: `TEXT`, `SOURCES...`, `[RESULTS]`."""
        name = self.metavar or (self.name or "").upper()
        if self.nargs == -1:
            name += "..."
        return (name if self.required else f"[{name}]", self.help or "")


class LitcheckCommand(click.Command):
    """A command whose --help lists its arguments, and whose summary is its first paragraph."""

    def get_short_help_str(self, limit: int = 45) -> str:
        return first_paragraph(self.short_help or self.help)

    def format_arguments(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Nothing: `format_options` lists the arguments (click 8.5 would list them again)."""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """An "Arguments:" section (name and help of each), then click's "Options:"."""
        rows = [p.help_record() for p in self.get_params(ctx) if isinstance(p, HelpArgument)]
        if rows:
            with formatter.section("Arguments"):
                formatter.write_dl(rows)
        super().format_options(ctx, formatter)


WITHOUT_GC = frozenset({"claim"})
"""Commands that run to the end with the cyclic garbage collector off (see `litcheck.entry`)."""


class LitcheckGroup(click.Group):
    """A group that lists its commands in the order they were added, with whole summaries."""

    command_class = LitcheckCommand

    def get_short_help_str(self, limit: int = 45) -> str:
        return first_paragraph(self.short_help or self.help)

    def __init__(self, *args: Any, lazy: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        """`lazy`: (command name, module) pairs, imported when the command is first asked for;
        the module's `register(group)` adds it. Listed after the eager commands, in order."""
        super().__init__(*args, **kwargs)
        self._lazy = dict(lazy)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """The commands in their declared order, whichever were loaded first (then any added
        without a lazy entry)."""
        return [*self._lazy, *(name for name in self.commands if name not in self._lazy)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command `cmd_name`, importing its module on first use (click's lazy-loading
        pattern: https://click.palletsprojects.com/en/stable/complex/#lazily-loading-subcommands).
        `litcheck claim` then imports one command module, not eight (issue 16)."""
        if cmd_name not in self.commands and cmd_name in self._lazy:
            import importlib

            importlib.import_module(self._lazy[cmd_name]).register(self)
        if cmd_name not in WITHOUT_GC:
            gc.enable()  # the console script starts without it (`litcheck.entry.main`)
        return self.commands.get(cmd_name)
