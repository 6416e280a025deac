"""The review as a person at an 80x24 terminal sees it: every key answered on one screen.

Both modes run the real `cli.review_screen.Screen` on consoles 80 columns wide: scripted (a
rule between claims, feedback at once) and interactive (a cleared screen per claim, feedback
above the prompt, a y/n question before a flagged candidate is confirmed).
"""

from __future__ import annotations

import io
import re

import pytest
from msgspec.structs import replace
from rich.console import Console

from litcheck.cli.review_screen import Screen
from litcheck.models import ClaimResult, Decision, Verdict
from litcheck.review import loop
from litcheck.review.view import SCREEN_LINES, render_claim, render_more
from tests.review.review_helpers import GUT, KETAMINE, PPI, SEMAGLUTIDE, UPF

ROWS, COLS = 24, 80
CLEAR = "\x1b[2J"
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _console(*, terminal: bool = False) -> Console:
    return Console(
        file=io.StringIO(),
        width=COLS,
        height=ROWS,
        force_terminal=terminal,
        color_system=None,
        highlight=False,
        legacy_windows=False,
    )


def _text(console: Console) -> str:
    return _ANSI.sub("", console.file.getvalue())  # type: ignore[attr-defined]


def _screen_lines(result: ClaimResult, decision: Decision | None = None) -> list[str]:
    console = _console()
    console.print(render_claim(result, decision, 0, 5, width=COLS))
    return _text(console).splitlines()


def _expected_on_screen(result: ClaimResult, decision: Decision | None) -> list[str]:
    """What must be visible: the claim, its decision, the top candidate's title, evidence, flags."""
    want = [result.claim.text[:40], "decision:" if decision else "not reviewed yet"]
    if result.candidates:
        top = result.candidates[0]
        want.append(top.record.title[:40])
        if top.evidence and top.evidence.field != "title":
            want.append(top.evidence.text[:30])
        want += [f"[{flag}]" for flag in top.flags]
    return want


def test_every_claim_screen_fits_80x24(results: list[ClaimResult]) -> None:
    for result in results:
        lines = _screen_lines(result)
        assert len(lines) <= SCREEN_LINES <= ROWS - 3
        assert all(len(line) <= COLS for line in lines), lines
        for text in _expected_on_screen(result, None):
            assert text in "\n".join(lines), (text, lines)


def test_many_candidates_show_three_and_say_more(results: list[ClaimResult]) -> None:
    top = results[0]
    many = replace(top, candidates=top.candidates * 4)
    lines = _screen_lines(many)
    assert len(lines) <= SCREEN_LINES
    assert lines[-1] == "9 more candidate(s): m"
    console = _console()
    console.print(render_more(many, None, width=COLS))
    more = _text(console)
    assert " 4 ████" in more and "12 █" in more
    assert "#3 retracted: PublicationType Retracted Publication" in more


def _drive(
    results: list[ClaimResult],
    keys: list[str],
    *,
    interactive: bool,
    echo: list[str] | None = None,
) -> tuple[Console, list[str], list[Decision]]:
    """Run the loop through a real Screen; return its console, the text after each key, and
    the decisions recorded. Interactive screens read `keys` (commands and y/n answers) from
    stdin through the console's own prompt."""
    console = _console(terminal=interactive)
    if echo is not None:
        # What the person types shows up in the console's stream, as in a terminal.
        file = console.file
        write = file.write

        def written(text: str) -> int:
            while echo:
                write(echo.pop(0))
            return write(text)

        file.write = written  # type: ignore[method-assign]
    screen = Screen(console, console, interactive=interactive)
    script = iter(keys)
    after: list[str] = []
    recorded: list[Decision] = []

    def scripted() -> str | None:
        after.append(_text(console))
        return next(script, None)

    loop.review(
        results,
        read=screen.read if interactive else scripted,
        show=screen.show,
        say=screen.say,
        record=recorded.append,
        ask=screen.ask if interactive else None,
        more=screen.more,
        redraw_every_key=interactive,
        reviewer="ana",
        clock=lambda: "2025-01-01T00:00:00Z",
    )
    return console, after[1:], recorded


def test_scripted_review_keeps_claim_decision_and_top_candidate_in_the_last_24_lines(
    results: list[ClaimResult],
) -> None:
    # key, the claim on screen after it, its decision as seen, the feedback line it leaves
    steps = [
        ("c 1", GUT, "not reviewed yet", "claim 1: confirmed #1 38011560 · review: Publication"),
        ("b", KETAMINE, "decision: confirmed pubmed:38011560 by ana", "back to claim 1"),
        ("r", GUT, "not reviewed yet", "claim 1: rejected every candidate"),
        ("u", PPI, "not reviewed yet", "claim 2: unsure"),
        ("n checked the PDF", PPI, "not reviewed yet", "claim 3: note saved"),
        ("s", SEMAGLUTIDE, "not reviewed yet", "claim 3: skipped"),
        ("s", UPF, "not reviewed yet", "claim 4: skipped"),
        ("c 1", UPF, "claim 5: confirmed #1 37905428", "end of the list: 3 of 5 claims"),
        ("n the last one", UPF, "claim 5: confirmed #1 37905428", "claim 5: note saved"),
    ]
    keys = [key for key, *_ in steps]
    _, after, recorded = _drive(results, keys, interactive=False)
    by_id = {r.claim.id: r for r in results}
    for (key, claim_id, decision, feedback), text in zip(steps, after, strict=True):
        window = "\n".join(text.splitlines()[-ROWS:])
        for want in [decision, *_expected_on_screen(by_id[claim_id], None)[:1]]:
            assert want in window, (key, want, window)
        for want in _expected_on_screen(by_id[claim_id], None)[2:]:
            assert want in window, (key, want, window)
        if feedback:
            assert feedback in window, (key, window)
    assert [d.verdict for d in recorded] == [
        Verdict.CONFIRMED,
        Verdict.REJECTED,
        Verdict.UNSURE,
        Verdict.NOTE,
        Verdict.CONFIRMED,
        Verdict.NOTE,
    ]
    # The note typed after the last claim's decision lands on that claim.
    assert (recorded[-1].claim_id, recorded[-1].note) == (UPF, "the last one")


def test_interactive_screens_fit_24_rows_and_ask_before_a_flagged_confirm(
    results: list[ClaimResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    typed = iter(["c 1", "n", "c 1", "y", "c 1", "y", "m", "q"])
    echoed: list[str] = []

    def typing(*_: object) -> str:
        # A terminal echoes what is typed and the Enter key: the prompt's line ends there.
        line = next(typed)
        echoed.append(line + "\n")
        return line

    monkeypatch.setattr("builtins.input", typing)
    console, _, recorded = _drive(results, [], interactive=True, echo=echoed)
    raw = console.file.getvalue()  # type: ignore[attr-defined]
    screens = [_ANSI.sub("", screen) for screen in raw.split(CLEAR)[1:]]
    for screen in screens:
        assert len(screen.splitlines()) <= ROWS, screen
        assert all(len(line) <= COLS for line in screen.splitlines())
    # Claim 1's top candidate is flagged: asked, "n" keeps it unconfirmed (a fresh screen
    # says so); the second c 1 is asked again and "y" confirms it.
    assert "#1 is flagged review: confirm it anyway? (y/n)" in screens[0]
    assert screens[1].startswith("Claim 1/5") and "claim 1: not confirmed" in screens[1]
    assert [d.claim_id for d in recorded] == [KETAMINE, GUT]
    assert screens[2].startswith("Claim 2/5") and "claim 1: confirmed #1 38011560" in screens[2]
    assert screens[3].startswith("Claim 3/5")
    assert "claim 2: confirmed #1 38147649 · animal-only:" in screens[3]
    assert "c N confirm · r reject all" in screens[3]
    assert "#3 " not in screens[3] and len(screens) == 4  # m lists below, without a redraw


def test_feedback_names_the_flag_and_the_note() -> None:
    from tests.formats.samples import rich_results

    result = next(r for r in rich_results() if any(c.flags for c in r.candidates))
    flagged = next(c for c in result.candidates if c.flags)
    decision = Decision(result.claim.id, Verdict.CONFIRMED, flagged.record.id, "ok", "t", "ana")
    line = loop.feedback(result, 0, decision)
    assert line.startswith("claim 1: confirmed #")
    assert flagged.flags[0] in line and line.endswith("· note saved")


@pytest.mark.parametrize("key", ["c 1", "r", "x"])
def test_after_the_end_only_note_open_back_and_quit_apply(
    results: list[ClaimResult], key: str
) -> None:
    said: list[str] = []
    recorded: list[Decision] = []
    lines = iter(["s", "s", "s", "s", "u", key, "b", "q"])
    outcome = loop.review(
        results,
        read=lambda: next(lines, None),
        show=lambda *_: None,
        say=said.append,
        record=recorded.append,
    )
    assert [d.verdict for d in recorded] == [Verdict.UNSURE]
    assert outcome.ended == "quit" and outcome.position == 4
    assert said[-1] == "back to claim 5"
    if key != "x":
        assert said[-2] == "end of the list: n TEXT notes claim 5, b goes back, q quits"


def test_interactive_help_errors_and_notes_redraw_within_24_rows(
    results: list[ClaimResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    typed = iter(["?", "zz", "n hello", "q"])
    echoed: list[str] = []

    def typing(*_: object) -> str:
        line = next(typed)
        echoed.append(line + "\n")
        return line

    monkeypatch.setattr("builtins.input", typing)
    console, _, recorded = _drive(results, [], interactive=True, echo=echoed)
    raw = console.file.getvalue()  # type: ignore[attr-defined]
    screens = [_ANSI.sub("", screen) for screen in raw.split(CLEAR)[1:]]
    assert len(screens) == 4
    for screen in screens:
        lines = screen.splitlines()
        assert len(lines) <= ROWS and lines[0].startswith("Claim 1/5"), screen
    assert loop.HELP_LINES[0] in screens[1] and loop.HELP_LINES[1] in screens[1]
    assert "unknown command 'zz'" in screens[2]
    assert "decision: note only by ana · note: hello" in screens[3]
    assert "claim 1: note saved" in screens[3]
    assert [d.note for d in recorded] == ["hello"]
