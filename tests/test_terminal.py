"""The terminal without rich (litcheck.cli.terminal, litcheck.cli.spinner): the width and colour
rich would pick, messages on stderr, and a spinner only when a claim is slow (issue 16)."""

from __future__ import annotations

import io
import os
import sys
import threading
import time

import pytest
from rich.console import Console

from litcheck.cli import terminal
from litcheck.cli.spinner import CLEAR_LINE, FRAMES, Spinner

_ENV = ("COLUMNS", "LINES", "TERM", "NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "COLORTERM")


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def _plain_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"COLUMNS": "97"},
        {"COLUMNS": "0"},
        {"COLUMNS": "wide"},
        {"COLUMNS": "97", "TERM": "dumb", "FORCE_COLOR": "1"},
        {"COLUMNS": "97", "LINES": "30", "TERM": "dumb", "FORCE_COLOR": "1"},
        {"TERM": "unknown", "TTY_COMPATIBLE": "1"},
    ],
)
def test_width_is_what_riches_stderr_console_reports(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str]
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert terminal.screen_width() == Console(stderr=True).width


def test_width_follows_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "get_terminal_size", lambda fd: os.terminal_size((133, 40)))
    assert terminal.screen_width() == 133
    monkeypatch.setenv("COLUMNS", "61")
    assert terminal.screen_width() == 61


@pytest.mark.parametrize(
    ("env", "tty", "colour"),
    [
        ({}, False, False),
        ({}, True, True),
        ({"NO_COLOR": "1"}, True, False),
        ({"NO_COLOR": ""}, True, True),
        ({"TERM": "dumb"}, True, False),
        ({"FORCE_COLOR": "1"}, False, True),
        ({"TTY_COMPATIBLE": "0"}, True, False),
    ],
)
def test_colour_only_on_a_terminal_that_wants_it(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], tty: bool, colour: bool
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    stream = _Tty() if tty else io.StringIO()
    assert terminal.colour_for(stream) is colour


def test_say_writes_one_line_to_stderr_styled_only_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plain, tty = io.StringIO(), _Tty()
    monkeypatch.setattr("sys.stderr", plain)
    terminal.say(("warning", "yellow"), ": pubmed failed")
    monkeypatch.setattr("sys.stderr", tty)
    terminal.say(("warning", "yellow"), ": pubmed failed")
    assert plain.getvalue() == "warning: pubmed failed\n"
    assert tty.getvalue() == "\x1b[33mwarning\x1b[0m: pubmed failed\n"


def test_a_fast_block_shows_no_spinner() -> None:
    stream = _Tty()
    with Spinner("searching…", delay=30, stream=stream) as spinner:
        pass
    assert stream.getvalue() == "" and not spinner.drawn


def test_a_slow_block_shows_a_spinner_and_clears_it() -> None:
    stream = _Tty()
    with Spinner("searching…", delay=0, interval=0.01, stream=stream) as spinner:
        deadline = time.monotonic() + 10
        while FRAMES[1] not in stream.getvalue() and time.monotonic() < deadline:
            time.sleep(0.01)
    out = stream.getvalue()
    green = "\r\x1b[32m{}\x1b[0m searching…".format
    assert spinner.drawn and out.startswith(green(FRAMES[0]) + green(FRAMES[1]))
    assert out.endswith(CLEAR_LINE)
    assert not any(t.name == "litcheck-spinner" for t in threading.enumerate())


def test_no_spinner_off_a_terminal() -> None:
    stream = io.StringIO()
    with Spinner("searching…", delay=0, interval=0.01, stream=stream):
        time.sleep(0.05)
    assert stream.getvalue() == ""


def test_a_line_written_to_stderr_while_the_spinner_turns_gets_a_line_of_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A warning logged during a slow claim clears the spinner first (as rich's live display
    did), and stderr is itself again afterwards."""
    stream = _Tty()
    monkeypatch.setattr("sys.stderr", stream)
    monkeypatch.setenv("NO_COLOR", "1")
    with Spinner("searching…", delay=0, interval=0.01) as spinner:
        deadline = time.monotonic() + 10
        while not spinner.drawn and time.monotonic() < deadline:
            time.sleep(0.01)
        print("warning: the cache is read-only", file=sys.stderr)
        assert sys.stderr is not stream
    assert sys.stderr is stream
    out = stream.getvalue()
    assert f"{CLEAR_LINE}warning: the cache is read-only\n" in out
    after = out.split("read-only\n", 1)[1]  # frames drawn since, if any, are cleared at the end
    assert after == "" or after.endswith(CLEAR_LINE)
