"""The command line through click's CliRunner, with fake sources at the Settings seam."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from litcheck.cli import app
from litcheck.cli.common import reset_consoles
from litcheck.models import Decision, Verdict
from litcheck.settings import Settings
from tests.factories import FakeSource, record

RECORDS = {
    "1": record(
        "1",
        "Ketamine relieves depression within hours in patients with treatment-resistant depression",
        "Patients with depression received ketamine. Symptoms improved within hours.",
        mesh=("Humans", "Ketamine", "Depression"),
    ),
    "2": record(
        "2",
        "Ketamine activates newborn neurons in mice",
        "In mice, ketamine activated newborn neurons.",
        mesh=("Animals", "Mice", "Ketamine"),
    ),
}


class AnySearch(FakeSource):
    """Answers every query with the same ids."""

    def search(self, query, *, limit=20):
        self.hits[query.term] = ["1", "2"]
        return super().search(query, limit=limit)


@pytest.fixture
def fake(monkeypatch):
    src = AnySearch({}, RECORDS, name="pubmed")
    monkeypatch.setattr(Settings, "create_sources", lambda self: {"pubmed": src})
    reset_consoles()
    return src


def invoke(*args: str, input: str | bytes | None = None):
    reset_consoles()
    return CliRunner().invoke(app, list(args), input=input)


def test_claim_json_on_stdout_summary_on_stderr(fake):
    result = invoke("claim", "Ketamine relieves depression within hours.", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["schema"] == "litcheck.results/1"
    (res,) = doc["results"]
    assert res["claim"]["facets"]["interventions"] == ["ketamine"]
    assert [c["pmid"] for c in res["candidates"]] == ["1", "2"]
    assert "animal-only" in res["candidates"][1]["flags"]
    assert "1 claim:" in result.stderr and "1 claim:" not in result.stdout


@pytest.mark.parametrize("fmt", ["table", "jsonl", "markdown", "csv"])
def test_every_format_renders(fake, fmt):
    result = invoke("claim", "Ketamine relieves depression.", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert "Ketamine relieves depression within hours" in result.stdout


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "empty"), ("   \n\t ", "empty"), ("x" * 10_001, "10,000")],
)
def test_bad_claims_exit_2_with_one_line(fake, text, message):
    result = invoke("claim", text)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_non_utf8_claim_on_stdin_exits_2(fake):
    result = invoke("claim", "-", input=b"caf\xe9 ketamine study\n")
    assert result.exit_code == 2
    assert "UTF-8" in result.stderr


def test_unknown_source_is_usage_error(fake):
    result = invoke("claim", "Ketamine relieves depression.", "--sources", "scholar")
    assert result.exit_code == 2 and "unknown source" in result.stderr


def test_check_streams_resumes_and_shows_decisions(fake, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    claims = tmp_path / "claims.txt"
    claims.write_text(
        "# a comment\nKetamine relieves depression within hours.\nKetamine activates neurons in mice.\n"
    )
    out = tmp_path / "results.jsonl"
    first = invoke("check", str(claims), "--output", str(out))
    assert first.exit_code == 0, first.output
    lines = out.read_text().splitlines()
    assert len(lines) == 2 and first.stdout == ""
    cid = json.loads(lines[0])["claim"]["id"]
    assert json.loads(lines[0])["claim"]["origin"] == {"file": str(claims), "line": 2}
    from litcheck.results.decisions import append_decision

    decisions = tmp_path / "decisions.jsonl"
    append_decision(
        decisions, Decision(cid, Verdict.CONFIRMED, "pubmed:1", at="2026-01-01T00:00:00Z")
    )
    before = decisions.read_bytes()
    calls = len(fake.calls)
    again = invoke("check", str(claims), "--output", str(out), "--format", "json")
    assert again.exit_code == 0, again.output
    assert len(fake.calls) == calls  # everything was already answered
    doc = json.loads(again.stdout)
    assert doc["results"][0]["decision"]["verdict"] == "confirmed"
    assert doc["results"][0]["decision"]["candidate"] == "pubmed:1"
    assert decisions.read_bytes() == before
    assert "2 kept from the earlier run" in again.stderr


def test_check_unreadable_file_exits_2(fake, tmp_path: Path):
    bad = tmp_path / "claims.txt"
    bad.write_bytes(b"\xff\xfe\x00bad")
    result = invoke("check", str(bad))
    assert result.exit_code == 2 and "UTF-8" in result.stderr
    missing = invoke("check", str(tmp_path / "nope.txt"))
    assert missing.exit_code == 2


def test_extract_prints_checkworthy_sentences(fake):
    article = Path(__file__).parent / "fixtures" / "articles" / "003_aa82a13eae508915.txt"
    result = invoke("extract", str(article))
    assert result.exit_code == 0, result.output
    assert "In 2019, ketamine became approved" in result.stdout
    assert "Contact" not in result.stdout


def test_help_lists_commands():
    result = invoke("--help")
    assert result.exit_code == 0
    for command in ("claim", "check", "extract", "review", "report", "cache"):
        assert command in result.stdout


def test_two_local_indexes_are_both_queried_and_ranked_together(tmp_path):
    """`--sources sample,local:DIR`: each index keyed by its own spec (they used to collide)."""
    from litcheck.corpus.build import build_index
    from tests.conftest import FIXTURES

    folder = tmp_path / "ix"
    build_index([FIXTURES / "local" / "efetch_pubmed2.xml"], folder)
    text = "Cryopreservation damages the ultrastructure and motility of Diplodus puntazzo sperm."
    alone = invoke("claim", text, "--sources", f"local:{folder}", "--format", "json")
    both = invoke("claim", text, "--sources", f"sample,local:{folder}", "--format", "json")
    assert alone.exit_code == 0 and both.exit_code == 0, both.output
    top_alone = json.loads(alone.stdout)["results"][0]
    top_both = json.loads(both.stdout)["results"][0]
    assert top_alone["candidates"][0]["pmid"] == top_both["candidates"][0]["pmid"]
    asked = {q["source"] for q in top_both["queries"]}
    assert asked == {"sample", f"local:{folder}"}


class Unreachable(FakeSource):
    def search(self, query, *, limit=20):
        from litcheck.errors import SourceUnavailable

        raise SourceUnavailable("cannot reach eutils.example.org", source=self.key)


def test_unreachable_pubmed_is_skipped_exit_3_and_retried(monkeypatch, tmp_path):
    """A failed source is never an answer: not no_match, exit 3, and the rerun asks again."""
    down = Unreachable({}, RECORDS, name="pubmed")
    monkeypatch.setattr(Settings, "create_sources", lambda self: {"pubmed": down})
    result = invoke("claim", "Ketamine is an NMDA receptor antagonist.")
    assert result.exit_code == 3 and "cannot reach" in result.stderr
    claims = tmp_path / "claims.txt"
    claims.write_text("Ketamine relieves depression within hours.\nKetamine works in mice.\n")
    out = tmp_path / "results.jsonl"
    result = invoke("check", str(claims), "--output", str(out))
    assert result.exit_code == 3 and "2 claims are skipped or partial" in result.stderr
    assert {json.loads(x)["status"] for x in out.read_text().splitlines()} == {"skipped"}

    healthy = AnySearch({}, RECORDS, name="pubmed")
    monkeypatch.setattr(Settings, "create_sources", lambda self: {"pubmed": healthy})
    result = invoke("check", str(claims), "--output", str(out))
    assert result.exit_code == 0, result.stderr
    assert "skipped" not in {json.loads(x)["status"] for x in out.read_text().splitlines()}


def test_offline_with_an_empty_cache_exits_4(tmp_path):
    claims = tmp_path / "claims.txt"
    claims.write_text("Ketamine relieves depression within hours.\n")
    result = invoke("check", str(claims), "--offline", "--sources", "pubmed")
    assert result.exit_code == 4, result.stderr


def test_drug_alone_is_not_a_match_on_the_sample():
    """Issue 14's example: "Ketamine treats depression" is not answered by "Is atropine needed
    with ketamine sedation?" (the record has the drug, not the condition)."""
    result = invoke(
        "claim", "Ketamine treats depression", "--sources", "sample", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    res = json.loads(result.stdout)["results"][0]
    assert res["status"] != "matched"
    top = res["candidates"][0]
    assert top["features"]["core_missing"] == 1.0


@pytest.mark.parametrize("command", ["claim", "check"])
def test_tables_are_coloured_only_when_the_terminal_wants_it(fake, monkeypatch, tmp_path, command):
    """`claim` and `check` colour their tables alike: on a terminal (here FORCE_COLOR stands in
    for one), never with NO_COLOR, never into a pipe."""
    claims = tmp_path / "claims.txt"
    claims.write_text("Ketamine relieves depression within hours.\n", encoding="utf-8")
    args = [command, str(claims) if command == "check" else claims.read_text().strip()]
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    assert "\x1b[" not in invoke(*args).stdout
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = invoke(*args)
    assert coloured.exit_code == 0, coloured.output
    assert "\x1b[1m" in coloured.stdout and "title · evidence" in coloured.stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in invoke(*args).stdout
