"""`--help` reads well at 80 columns: nothing cut, brackets shown, every option described."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from litcheck.cli import app

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


def _commands(group: click.Group = app, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and group below `group`, as argv prefixes."""
    found: list[tuple[str, ...]] = [prefix]
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            found += _commands(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


def _undescribed_rows(text: str) -> list[str]:
    """Rows of the Arguments/Options lists with no description beside or below them."""
    lines = text.splitlines()
    bad = []
    section = None
    for i, line in enumerate(lines):
        if re.match(r"^[A-Z][A-Za-z ]*:$", line):
            section = line
            continue
        if section not in ("Arguments:", "Options:") or not re.match(r"^  \S", line):
            continue
        beside = re.search(r"\S\s{2,}\S", line[2:])
        below = i + 1 < len(lines) and re.match(r"^ {4,}\S", lines[i + 1])
        if not beside and not below:
            bad.append(line)
    return bad


@pytest.mark.skipif(not LITCHECK.exists(), reason="litcheck console script not installed")
@pytest.mark.parametrize("command", _commands(), ids=lambda c: " ".join(c) or "litcheck")
def test_help_fits_80_columns_and_describes_every_option(command: tuple[str, ...]) -> None:
    text = _help(*command)
    lines = text.splitlines()
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    assert "…" not in text and "[bold" not in text and "[/" not in text
    cut = [line for line in lines if re.search(r"[a-z,.;:]\.\.\.$", line)]  # click's "..."
    assert cut == []
    assert _undescribed_rows(text) == []


def test_every_parameter_has_a_help_text() -> None:
    for command in _commands():
        cmd = app
        for name in command:
            assert isinstance(cmd, click.Group)
            found = cmd.get_command(click.Context(cmd), name)
            assert found is not None, command
            cmd = found
        assert cmd.help, command
        for param in cmd.params:
            assert getattr(param, "help", None), (command, param.name)


def test_the_row_parser_sees_a_missing_description() -> None:
    text = "Options:\n  --flag\n  --other X  Described.\n  --help  Show this message and exit.\n"
    assert _undescribed_rows(text) == ["  --flag"]


@pytest.mark.skipif(not LITCHECK.exists(), reason="litcheck console script not installed")
def test_extras_in_brackets_are_shown() -> None:
    assert "[semantic]" in _help("claim")
    assert "'litcheck[semantic]'" in _help("corpus", "embed")
    assert "inherited words in [brackets]" in " ".join(_help("extract").split())
    text = _help("check")
    assert "Candidates to" in text
    assert "Claims checked at" in text


@pytest.mark.skipif(not LITCHECK.exists(), reason="litcheck console script not installed")
def test_top_level_help_lists_commands_in_order_with_whole_summaries() -> None:
    text = _help()
    order = ["claim", "check", "extract", "review", "report", "eval", "corpus", "cache"]
    starts = [re.search(rf"^  {name}\s", text, re.MULTILINE) for name in order]
    assert all(starts), text
    assert [m.start() for m in starts if m] == sorted(m.start() for m in starts if m)
    flat = " ".join(text.split())
    assert "b back, ? help, q quit." in flat  # review's whole first paragraph, not cut at ~70
    assert "references.bib and references.ris to --output." in flat
