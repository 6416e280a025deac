"""The terminal side of `litcheck review`: what the loop's show, say, read, ask and more do.

In a terminal each claim gets a cleared screen: the claim screen (`review.view.render_claim`,
at most `SCREEN_LINES` lines), the short help, the feedback of the last key (one line each), and
the prompt, so a claim and its top candidates fit 80x24. Feedback waits until the screen is
drawn (a new claim clears the screen) and is printed just above the prompt.

Scripted (stdin not a terminal): one command per line from stdin, screens to stdout separated by
a rule, feedback to stderr at once; nothing is asked.

Outside text reaches rich only as `Text` passed through `inert.terminal_text`.
"""

from __future__ import annotations

import sys
import webbrowser

from rich.console import Console
from rich.text import Text

from litcheck.formats.inert import terminal_text
from litcheck.models import ClaimResult, Decision
from litcheck.review.loop import SHORT_HELP
from litcheck.review.view import render_claim, render_more


class Screen:
    """Show claims, say feedback, read commands and ask y/n on `out` and `err`."""

    def __init__(self, out: Console, err: Console, *, interactive: bool) -> None:
        self.out = out
        self.err = err
        self.interactive = interactive
        self.pending: list[str] = []

    def show(self, result: ClaimResult, decision: Decision | None, pos: int, total: int) -> None:
        """Draw one claim: a cleared screen in a terminal, after a rule in a script."""
        if self.interactive:
            self.out.clear()
        else:
            self.out.rule(style="dim")
        self.out.print(render_claim(result, decision, pos, total, width=self.out.width))
        if self.interactive:
            self.out.print(Text(SHORT_HELP, style="dim"), no_wrap=True, overflow="ellipsis")

    def more(self, result: ClaimResult, decision: Decision | None) -> None:
        """The candidates after the top three (`m`), below the current screen."""
        self.flush()
        self.out.print(render_more(result, decision, width=self.out.width))

    def say(self, text: str) -> None:
        """One line of feedback: held until the prompt in a terminal, printed at once otherwise."""
        if self.interactive:
            self.pending.append(text)
        else:
            self.err.print(Text(terminal_text(text)), soft_wrap=True)

    def flush(self) -> None:
        """Print the feedback held back, one line each (clipped to the width)."""
        for text in self.pending:
            line = Text(terminal_text(text), style="bold")
            self.err.print(line, no_wrap=True, overflow="ellipsis", crop=True)
        self.pending.clear()

    def read(self) -> str | None:
        """The next command line, or None at end of input."""
        if not self.interactive:
            line = sys.stdin.readline()
            return line if line else None
        self.flush()
        try:
            return self.out.input(Text("> ", style="bold"))
        except EOFError:
            return None

    def ask(self, question: str) -> bool:
        """Ask `question` once; True only for an answer starting with y."""
        self.flush()
        try:
            answer = self.out.input(Text(terminal_text(question) + " ", style="bold yellow"))
        except EOFError:
            return False
        return answer.strip().lower().startswith("y")

    def open_url(self, url: str) -> None:
        """Open `url` in a browser; print it when there is none (over ssh) or in a script."""
        if not self.interactive or not webbrowser.open(url):
            self.say(f"open: {url}")
        else:
            self.say(f"opened {url} in the browser")
