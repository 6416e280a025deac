"""`litcheck cache info` and `litcheck cache clear`: look at or empty the response cache."""

from __future__ import annotations

from pathlib import Path

import click

from litcheck.cli.base import LitcheckCommand, LitcheckGroup
from litcheck.cli.common import build_settings, cache_dir_option, err_console, guarded, write_output

cache_app = LitcheckGroup(
    name="cache",
    help="Look at or empty the on-disk cache of PubMed and openFDA answers.",
    no_args_is_help=True,
)


def _human(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


@cache_app.command("info", cls=LitcheckCommand)
@cache_dir_option
def info(cache_dir: Path | None) -> None:
    """Show where the cache is, how many answers it holds and its size on disk."""
    from litcheck.sources.cache import ResponseCache

    with guarded():
        settings = build_settings(cache_dir=cache_dir)
        with ResponseCache(settings.cache_dir) as cache:
            facts = cache.info()
        write_output(
            f"directory: {facts.directory.resolve()}\n"
            f"entries:   {facts.entries}\n"
            f"size:      {_human(facts.size_bytes)} ({facts.size_bytes} bytes)",
            None,
        )


@cache_app.command("clear", cls=LitcheckCommand)
@cache_dir_option
def clear(cache_dir: Path | None) -> None:
    """Remove every cached answer (searches and records)."""
    from litcheck.sources.cache import ResponseCache

    with guarded():
        settings = build_settings(cache_dir=cache_dir)
        with ResponseCache(settings.cache_dir) as cache:
            removed = cache.clear()
        err_console().print(f"removed {removed} cached answer(s) from {settings.cache_dir}")


def register(app: click.Group) -> None:
    """Add the `cache` command group to `app`."""
    app.add_command(cache_app)
