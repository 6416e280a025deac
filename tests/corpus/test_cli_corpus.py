"""`litcheck corpus build / info / search` through the real CLI app."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from litcheck.cli import app
from tests.conftest import FIXTURES

runner = CliRunner()


def test_build_info_search(tmp_path: Path) -> None:
    out = tmp_path / "ix"
    built = runner.invoke(
        app, ["corpus", "build", str(FIXTURES / "local" / "efetch_pubmed2.xml"), "--out", str(out)]
    )
    assert built.exit_code == 0, built.output
    assert "2 added" in built.output

    info = runner.invoke(app, ["corpus", "info", str(out), "--format", "json"])
    assert info.exit_code == 0
    data = json.loads(info.stdout)
    assert data["records"] == 2 and data["years"] == [2001, 2001]

    found = runner.invoke(app, ["corpus", "search", str(out), "cryopreservation[ti]"])
    assert found.exit_code == 0
    assert '1 hits for "cryopreservation"[Title]' in found.stdout
    assert "11748933\t2001\tIs cryopreservation" in found.stdout


def test_errors_are_one_line_with_exit_2(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["corpus", "info", str(tmp_path / "none")])
    assert missing.exit_code == 2
    assert "no local index" in missing.output and "Traceback" not in missing.output
    bad_src = runner.invoke(
        app, ["corpus", "build", str(tmp_path / "nope.xml"), "--out", str(tmp_path)]
    )
    assert bad_src.exit_code == 2 and "does not exist" in bad_src.output
