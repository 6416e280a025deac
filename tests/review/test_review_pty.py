"""`litcheck review` in a real terminal (a pseudo-terminal of 80x24), keys typed as a person would."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

LITCHECK = Path(sys.executable).with_name("litcheck")
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r")


class Terminal:
    """A litcheck process on the slave side of a pty; what it printed, and a keyboard."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        env = {**os.environ, "TERM": "xterm", "COLUMNS": "80", "LINES": "24", "USER": "tester"}
        env.pop("NO_COLOR", None)
        self.proc = subprocess.Popen(
            [str(LITCHECK), *args], stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env
        )
        os.close(slave)
        self.raw = b""

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        """Read until `text` shows in the output since the last clear; return that screen."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if ready:
                try:
                    self.raw += os.read(self.master, 65536)
                except OSError:
                    break
        raise AssertionError(f"never saw {text!r}; screen:\n{self.screen()}")

    def screen(self) -> str:
        text = self.raw.decode("utf-8", "replace").split("\x1b[2J")[-1]
        return _ANSI.sub("", text)

    def type(self, line: str) -> None:
        os.write(self.master, (line + "\n").encode())

    def close(self) -> int:
        try:
            return self.proc.wait(timeout=20)
        finally:
            os.close(self.master)


@pytest.mark.skipif(not LITCHECK.exists(), reason="litcheck console script not installed")
def test_review_in_a_terminal(results_file: Path) -> None:
    term = Terminal(["review", str(results_file)], results_file.parent)
    try:
        first = term.wait_for("> ")
        assert first.lstrip().startswith("Claim 1/5")
        assert "c N confirm · r reject all" in first
        term.type("c 1")
        asked = term.wait_for("(y/n)")
        assert "#1 is flagged review: confirm it anyway? (y/n)" in asked
        term.type("y")
        second = term.wait_for("claim 1: confirmed #1 38011560")
        assert second.lstrip().startswith("Claim 2/5")
        term.wait_for("> ")
        term.type("q")
        assert term.close() == 0
    finally:
        if term.proc.poll() is None:
            term.proc.kill()
    for screen in term.raw.decode("utf-8", "replace").split("\x1b[2J")[1:]:
        lines = _ANSI.sub("", screen).rstrip("\n").split("\n")
        assert len(lines) <= 24 and all(len(line) <= 80 for line in lines), lines
    decisions = [
        json.loads(line)
        for line in (results_file.parent / "decisions.jsonl").read_text().splitlines()
    ]
    assert [(d["verdict"], d["candidate"]) for d in decisions] == [("confirmed", "pubmed:38011560")]
