"""`litcheck review` and `litcheck report` end to end: CliRunner and a real, killed subprocess."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from litcheck.cli import app
from litcheck.results.decisions import remember_last_results
from tests.review.review_helpers import GUT, KETAMINE, PPI, SEMAGLUTIDE

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
LITCHECK = Path(sys.executable).with_name("litcheck")


def _lines(path: Path) -> list[dict[str, object]]:
    """Decision lines with `at` checked for shape and then dropped (it is the wall clock)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        assert ISO.match(str(data.pop("at"))), line
        out.append(data)
    return out


DONE_WHEN = [
    {
        "claim_id": KETAMINE,
        "verdict": "confirmed",
        "candidate": "pubmed:38011560",
        "note": None,
        "reviewer": "tester",
    },
    {"claim_id": GUT, "verdict": "rejected", "candidate": None, "note": None, "reviewer": "tester"},
    {"claim_id": PPI, "verdict": "unsure", "candidate": None, "note": None, "reviewer": "tester"},
    {
        "claim_id": SEMAGLUTIDE,
        "verdict": "note",
        "candidate": None,
        "note": "checked the PDF",
        "reviewer": "tester",
    },
]


def test_scripted_review_leaves_exactly_those_decisions(results_file: Path) -> None:
    result = CliRunner().invoke(
        app, ["review", str(results_file)], input="c 1\nr\nu\nn checked the PDF\nq\n"
    )
    assert result.exit_code == 0, result.output
    decisions = results_file.parent / "decisions.jsonl"
    assert _lines(decisions) == DONE_WHEN
    assert "4 decision(s) saved" in result.output


def test_resume_reviewer_and_decisions_option(results_file: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "mine.jsonl"
    runner = CliRunner()
    first = runner.invoke(
        app,
        ["review", str(results_file), "--decisions", str(elsewhere), "--reviewer", "ana"],
        input="c 2\n",
    )
    assert first.exit_code == 0, first.output
    second = runner.invoke(
        app, ["review", str(results_file), "--decisions", str(elsewhere)], input="r\nq\n"
    )
    assert second.exit_code == 0, second.output
    assert "resuming at claim 2 of 5 (1 reviewed)" in second.output
    assert [(d["claim_id"], d["verdict"], d["reviewer"]) for d in _lines(elsewhere)] == [
        (KETAMINE, "confirmed", "ana"),
        (GUT, "rejected", "tester"),
    ]
    assert not (results_file.parent / "decisions.jsonl").exists()


def test_review_without_argument_uses_last_check(
    results_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(results_file.parent)
    runner = CliRunner()
    missing = runner.invoke(app, ["review"], input="q\n")
    assert missing.exit_code == 2
    assert "no earlier `litcheck check --output`" in missing.output
    remember_last_results(results_file)
    found = runner.invoke(app, ["review"], input="u\n")
    assert found.exit_code == 0, found.output
    assert _lines(results_file.parent / "decisions.jsonl")[0]["verdict"] == "unsure"


def test_missing_results_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["review", str(tmp_path / "nope.jsonl")], input="q\n")
    assert result.exit_code == 2
    assert "error: no results file at" in result.output and "Traceback" not in result.output


def test_filters_on_the_command_line(results_file: Path) -> None:
    result = CliRunner().invoke(
        app, ["review", str(results_file), "--max-confidence", "0.6"], input="r\n"
    )
    assert result.exit_code == 0, result.output
    assert [d["claim_id"] for d in _lines(results_file.parent / "decisions.jsonl")] == [PPI]


def test_report_command_writes_every_file(results_file: Path) -> None:
    runner = CliRunner()
    runner.invoke(
        app, ["review", str(results_file)], input="c 1\nr\nu\nn checked the PDF\nc 1\nq\n"
    )
    out = results_file.parent / "report"
    result = runner.invoke(app, ["report", str(results_file), "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "references.bib",
        "references.ris",
        "report.csv",
        "report.html",
        "report.md",
    ]
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "4 of 5 claims reviewed: 2 confirmed, 1 rejected, 1 unsure." in md
    assert "checked the PDF" in md  # the note merges into claim 4's later verdict
    assert "@misc{fdaNDA209637," in (out / "references.bib").read_text(encoding="utf-8")


def _wait_for_lines(path: Path, count: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_text(encoding="utf-8").count("\n") >= count:
            return
        time.sleep(0.02)
    raise AssertionError(f"{path} never reached {count} lines")


@pytest.mark.skipif(
    not LITCHECK.exists(), reason="litcheck console script not installed in this venv"
)
def test_kill_between_key_presses_loses_nothing(results_file: Path) -> None:
    decisions = results_file.parent / "decisions.jsonl"
    env = {**os.environ, "USER": "tester", "COLUMNS": "80"}
    proc = subprocess.Popen(
        [str(LITCHECK), "review", str(results_file)],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    assert proc.stdin is not None
    try:
        for count, command in enumerate(["c 1\n", "r\n", "u\n"], start=1):
            proc.stdin.write(command.encode())
            proc.stdin.flush()
            _wait_for_lines(decisions, count)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        proc.stdin.close()
    assert proc.returncode == -signal.SIGKILL
    assert _lines(decisions) == DONE_WHEN[:3]

    reopened = subprocess.run(
        [str(LITCHECK), "review", str(results_file)],
        input=b"n checked the PDF\nq\n",
        capture_output=True,
        env=env,
        timeout=30,
        check=False,
    )
    assert reopened.returncode == 0, reopened.stderr
    assert b"resuming at claim 4 of 5 (3 reviewed)" in reopened.stderr
    assert b"Claim 4/5" in reopened.stdout and b"Claim 3/5" not in reopened.stdout
    assert _lines(decisions) == DONE_WHEN
