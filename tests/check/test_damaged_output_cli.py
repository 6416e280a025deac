"""Damaged or misplaced results files on the command line: repaired or one-line errors (exit 2)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.review.review_helpers import REVIEW_FIXTURES
from tests.test_cli import fake, invoke  # noqa: F401  (fake is a fixture)

CLAIMS = "Ketamine relieves depression within hours.\nKetamine activates neurons in mice.\n"


def _claims(tmp_path: Path) -> Path:
    path = tmp_path / "claims.txt"
    path.write_text(CLAIMS)
    return path


def _one_line_error(result, needle: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    first, *rest = result.stderr.strip().splitlines()
    assert first.startswith("error: ") and needle in first
    assert all(line.startswith("tip: ") for line in rest)


def test_check_output_onto_a_folder_exits_2(fake, tmp_path: Path):  # noqa: F811
    _one_line_error(invoke("check", str(_claims(tmp_path)), "--output", str(tmp_path)), "folder")


def test_claim_output_onto_a_folder_exits_2(fake, tmp_path: Path):  # noqa: F811
    result = invoke("claim", "Ketamine relieves depression.", "--output", str(tmp_path))
    _one_line_error(result, "folder")


def test_check_output_into_a_missing_folder_creates_it(fake, tmp_path: Path, monkeypatch):  # noqa: F811
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "new" / "results.jsonl"
    result = invoke("check", str(_claims(tmp_path)), "--output", str(out))
    assert result.exit_code == 0, result.output
    assert len(out.read_text().splitlines()) == 2


def test_check_resumes_a_damaged_file(fake, tmp_path: Path, monkeypatch):  # noqa: F811
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "results.jsonl"
    assert invoke("check", str(_claims(tmp_path)), "--output", str(out)).exit_code == 0
    first, second = out.read_bytes().splitlines(keepends=True)
    out.write_bytes(first[:30] + b"\n" + second)  # a torn line that ends in a newline
    (tmp_path / ".results.jsonl.abcd1234").write_text("a killed rewrite")
    calls = len(fake.calls)
    again = invoke("check", str(_claims(tmp_path)), "--output", str(out))
    assert again.exit_code == 0, again.output
    assert "1 kept from the earlier run" in again.stderr
    assert len(fake.calls) > calls and len(out.read_text().splitlines()) == 2
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".results")) == []


def test_check_refuses_a_file_that_is_not_results(fake, tmp_path: Path, monkeypatch):  # noqa: F811
    monkeypatch.chdir(tmp_path)
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\nmore notes\n")
    result = invoke("check", str(_claims(tmp_path)), "--output", str(notes))
    _one_line_error(result, "not a litcheck results file")
    assert notes.read_text() == "my notes\nmore notes\n"


def _run(*args: str, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "litcheck", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "", "NO_COLOR": "1", "COLUMNS": "100", "USER": "tester"},
        check=False,
    )


def test_review_and_report_read_what_check_accepts(tmp_path: Path):
    results = tmp_path / "results.jsonl"
    shutil.copyfile(REVIEW_FIXTURES / "results.jsonl", results)
    with results.open("ab") as fh:
        fh.write(b'{"claim": {"id": "c-tor')  # a kill during check's write
    repo = Path(__file__).resolve().parents[2]
    review = _run("review", str(results), cwd=repo, stdin="q\n")
    assert review.returncode == 0, review.stderr
    assert f"{results}: 1 unreadable line (7) skipped" in review.stderr
    report = _run("report", str(results), "--output", str(tmp_path / "rep"), "--all", cwd=repo)
    assert report.returncode == 0, report.stderr
    assert f"{results}: 1 unreadable line (7) skipped" in report.stderr
    assert (tmp_path / "rep" / "report.md").exists()
