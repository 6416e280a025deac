"""The README's walkthrough, run as written: extract -> check -> review -> report, offline."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from litcheck.cli import app

ROOT = Path(__file__).parent.parent
ARTICLE = Path("docs/example/article.md")
SCRIPT = "c 1\nc 1 rats, not people: cite as animal work\nc 1\nu\nr\nn no source found; asked the author\nq\n"


def test_readme_walkthrough(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ARTICLE).parent.mkdir(parents=True)
    shutil.copyfile(ROOT / ARTICLE, tmp_path / ARTICLE)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "80")
    runner = CliRunner()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")

    extracted = runner.invoke(app, ["extract", str(ARTICLE)])
    assert extracted.exit_code == 0, extracted.output
    assert extracted.stdout in readme  # the README pastes this output

    checked = runner.invoke(
        app, ["check", str(ARTICLE), "--sources", "sample", "--output", "results.jsonl"]
    )
    assert checked.exit_code == 0, checked.output
    assert "5 claims: 4 matched, 1 no match" in checked.output

    reviewed = runner.invoke(app, ["review", "results.jsonl", "--reviewer", "ana"], input=SCRIPT)
    assert reviewed.exit_code == 0, reviewed.output
    feedback = [line for line in reviewed.stderr.splitlines() if line.startswith("claim ")]
    assert feedback and all(line in readme for line in feedback)
    assert "6 decision(s) saved to decisions.jsonl" in reviewed.stderr

    reported = runner.invoke(app, ["report", "results.jsonl", "--output", "report"])
    assert reported.exit_code == 0, reported.output
    page = (tmp_path / "report" / "report.html").read_text(encoding="utf-8")
    assert "Source: <strong>docs/example/article.md</strong>" in page
    assert "rats, not people: cite as animal work" in page
    assert "no source found; asked the author" in page
    md = (tmp_path / "report" / "report.md").read_text(encoding="utf-8")
    assert "5 of 5 claims reviewed: 3 confirmed, 1 rejected, 1 unsure." in md
