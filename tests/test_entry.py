"""The console script: `litcheck --help` printed from the kept rendering without importing
click, and only when it is exactly what click would print."""

from __future__ import annotations

import os
import subprocess
import sys

from litcheck.entry import HELP_FILE, render_help

_AS_SCRIPT = (
    "import sys; sys.argv[0] = 'litcheck'; from litcheck.entry import main; main(); "
    "print('click' in sys.modules, file=sys.stderr)"
)


def _kept() -> str:
    with open(HELP_FILE, encoding="utf-8") as kept:
        return kept.read()


def _run(*args: str, columns: int | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    if columns is not None:
        env["COLUMNS"] = str(columns)
    return subprocess.run(
        [sys.executable, "-c", _AS_SCRIPT, *args], capture_output=True, text=True, env=env
    )


def test_kept_help_is_what_click_renders() -> None:
    assert _kept() == render_help(), (
        "the CLI's help changed: run python -m litcheck.entry --write-help"
    )


def test_help_comes_from_the_kept_text_without_click() -> None:
    done = _run("--help", columns=120)
    assert done.returncode == 0
    assert done.stdout == _kept()
    assert done.stderr.strip() == "False"  # click never imported


def test_a_narrow_terminal_and_other_arguments_go_through_click() -> None:
    narrow = _run("--help", columns=60)
    assert narrow.stdout.startswith("Usage: litcheck") and narrow.stdout != render_help()
    command = _run("claim", "--help", columns=120)
    assert command.returncode == 0 and "Usage: litcheck claim" in command.stdout
