"""`--help` reads well at 80 columns: nothing cut, brackets shown, every option described."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

LITCHECK = Path(sys.executable).with_name("litcheck")


def _help(*command: str) -> str:
    env = {**os.environ, "COLUMNS": "80", "TERM": "dumb", "NO_COLOR": "1"}
    done = subprocess.run(
        [str(LITCHECK), *command, "--help"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(not LITCHECK.exists(), reason="litcheck console script not installed")
@pytest.mark.parametrize("command", [("claim",), ("check",), ("review",), ("report",)])
def test_help_fits_80_columns_and_describes_every_option(command: tuple[str, ...]) -> None:
    text = _help(*command)
    lines = text.splitlines()
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    assert "…" not in text  # no option name or word cut
    for line in lines:
        cells = [c.strip() for c in line.strip("│ ").split("  ") if c.strip()]
        if cells and cells[0].startswith("--"):
            assert len(cells) >= 3 or cells[-1].endswith("."), line  # a description follows


@pytest.mark.skipif(not LITCHECK.exists(), reason="litcheck console script not installed")
def test_extras_in_brackets_are_shown() -> None:
    assert "[semantic]" in _help("claim")
    assert "'litcheck[semantic]'" in _help("corpus", "embed")
    text = _help("check")
    assert "Candidates to" in text
    assert "Claims checked at" in text
