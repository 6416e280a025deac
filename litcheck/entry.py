"""The console script `litcheck`: `litcheck --help` from its rendered text, everything else
through the click app (`litcheck.cli`; `python -m litcheck` goes there directly).

`--help` is what people run first and most, and click alone costs about four times the bare
interpreter to import (issue 16: the target is 0.1 s). click renders help at most 78 columns
wide, the same on every terminal of 80 columns or more and when the output is not a terminal,
so that rendering is kept in `litcheck/data/help.txt` and printed without importing click. A
narrower terminal, any other arguments, or a missing file go through click as usual.
`tests/test_entry.py` fails while the kept text differs from what click renders; regenerate it
with `python -m litcheck.entry --write-help`.
"""

from __future__ import annotations

import gc
import os
import sys

HELP_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "help.txt")
MIN_COLUMNS = 80
"""click's help is `min(columns, 80) - 2` wide: from 80 columns on it does not change."""


def main() -> None:
    """Print the kept `--help` text when it is what click would print; else run the app.

    The cyclic garbage collector is off while litcheck starts: the modules, classes and
    vocabulary loaded then live until the process ends, and the collector's passes over them
    were 4% of a warm `litcheck claim` (issue 16). `LitcheckGroup.get_command` turns it back
    on for every command but `claim`, one bounded check that exits (its peak memory is the
    same either way); batches, reviews and index builds run with it as usual.
    """
    gc.disable()
    if (
        sys.argv[1:] == ["--help"]
        and os.path.basename(sys.argv[0]) == "litcheck"  # click names the program in "Usage:"
        and _columns() >= MIN_COLUMNS
    ):
        try:
            with open(HELP_FILE, encoding="utf-8") as kept:
                text = kept.read()
        except OSError:
            text = ""
        if text:
            sys.stdout.write(text)
            sys.stdout.flush()
            return
    from litcheck.cli import main as run

    run()


def _columns() -> int:
    """The terminal's width as `shutil.get_terminal_size` (which click uses) finds it: COLUMNS,
    else the width of stdout's terminal, else 80; without importing shutil (and its
    compression modules) on the way to printing a text file."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def render_help() -> str:
    """What click prints for `litcheck --help` on a terminal 80 columns wide or wider."""
    from click.testing import CliRunner

    from litcheck.cli import app

    # click formats help `min(columns, 80) - 2` wide; given a width, it uses it as is.
    result = CliRunner().invoke(app, ["--help"], prog_name="litcheck", terminal_width=78)
    return result.stdout


if __name__ == "__main__":
    if sys.argv[1:] == ["--write-help"]:
        with open(HELP_FILE, "w", encoding="utf-8") as out:
            out.write(render_help())
        print(f"wrote {HELP_FILE}")
    else:
        main()
