"""The batch benchmark's pieces: claim sets, result files, the child runner, one mode end to end."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from bench import claimsets, runner
from bench.batch import Bench, mode_kill
from litcheck.models import AbstractSection, Record
from standins.backend import MemoryBackend
from standins.eutils import StandIn
from tests.conftest import FIXTURES

FAKE = (sys.executable, str(Path(__file__).with_name("fake_litcheck.py")))


SCIFACT_SAMPLE = FIXTURES / "scifact_claims_sample.jsonl"
"""Seven lines of SciFact's claims_train.jsonl, verbatim (tests/fixtures/PROVENANCE.md)."""


def test_scifact_claims_load_with_their_cited_papers() -> None:
    claims = claimsets.load_scifact(SCIFACT_SAMPLE)
    assert len(claims) == 7
    assert claims[1].text == "1 in 5 million in UK have abnormal PrP positivity."
    assert claims[1].cited == ("13734012",)


def test_every_frame_makes_one_distinct_claim_per_base_claim() -> None:
    # With SciFact's 807 distinct training texts the 13 frames give 10,491 claims (>= 10,000).
    base = claimsets.load_scifact(SCIFACT_SAMPLE)
    most = len(base) * len(claimsets.FRAMES)
    claims = claimsets.claim_set(most, base)
    assert len({c.id for c in claims}) == most
    assert [c.frame for c in claims[: len(base)]] == [0] * len(base)
    assert claims[len(base)].text.startswith("Researchers found that ")
    with pytest.raises(ValueError):
        claimsets.claim_set(most + 1, base)


def test_framing_keeps_acronyms_and_lowercases_plain_words() -> None:
    base = [
        claimsets.BenchClaim("Aspirin lowers risk.", 1, ()),
        claimsets.BenchClaim("TNF-alpha drives it.", 2, ()),
    ]
    texts = [c.text for c in claimsets.claim_set(4, base)]
    assert texts[2:] == [
        "Researchers found that aspirin lowers risk.",
        "Researchers found that TNF-alpha drives it.",
    ]


def _line(cid: str, *cands: str) -> str:
    return json.dumps({"claim": {"id": cid}, "candidates": [{"id": c} for c in cands]})


def test_compare_finds_duplicates_losses_corruption_and_changed_tops(tmp_path: Path) -> None:
    ref = tmp_path / "ref.jsonl"
    ref.write_text("\n".join([_line("a", "pubmed:1"), _line("b", "pubmed:2"), _line("c")]) + "\n")
    other = tmp_path / "other.jsonl"
    other.write_text(
        "\n".join(
            [
                _line("a", "pubmed:1"),
                _line("a", "pubmed:1"),
                _line("b", "pubmed:9"),
                '{"claim": {"id": "c"',
            ]
        )
        + "\n"
    )
    diff = runner.compare(runner.ResultsFile.read(ref), runner.ResultsFile.read(other))
    assert diff["duplicates"] == ["a"] and diff["missing"] == ["c"]
    assert diff["top3_differ"] == ["b"] and diff["corrupt_lines"] == 1 and not diff["same"]
    assert runner.compare(runner.ResultsFile.read(ref), runner.ResultsFile.read(ref))["same"]


def test_top_k_hits_counts_cited_papers_among_the_first_three(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(_line("a", "pubmed:5", "pubmed:7") + "\n" + _line("b", "pubmed:1") + "\n")
    hits = runner.top_k_hits(runner.ResultsFile.read(path), {"a": ("7",), "b": ("2",), "z": ("1",)})
    assert hits == {"judged": 2, "top3_hits": 1, "top3_rate": 0.5}


def test_child_env_has_the_stand_in_a_fresh_cache_an_email_and_no_key(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("NCBI_API_KEY", "real-key")
    env = runner.child_env("http://127.0.0.1:1/entrez/eutils/", tmp_path)
    assert env["LITCHECK_EUTILS_URL"] == "http://127.0.0.1:1/entrez/eutils/"
    assert env["LITCHECK_CACHE_DIR"] == str(tmp_path) and env["NCBI_EMAIL"]
    assert "NCBI_API_KEY" not in env
    assert runner.child_env("u", tmp_path, api_key="k")["NCBI_API_KEY"] == "k"


def test_run_measures_a_child_and_can_sigkill_it(tmp_path: Path) -> None:
    done = runner.run(
        # VmHWM is polled every 20 ms while the child runs: keep the 50 MB alive a moment.
        [sys.executable, "-c", "x = bytearray(50_000_000); import time; time.sleep(0.3)"],
        {},
        log=tmp_path / "a.log",
    )
    assert done.returncode == 0 and not done.killed and done.peak_rss_mb > 45
    slow = runner.run(
        [sys.executable, "-c", "import time; time.sleep(30)"],
        {},
        log=tmp_path / "b.log",
        kill_after=0.3,
    )
    assert slow.killed and slow.returncode == -9 and slow.wall < 5


@pytest.mark.loopback
def test_kill_mode_end_to_end_with_a_resuming_fake_client(tmp_path: Path) -> None:
    records = [
        Record(
            source="pubmed",
            id=f"pubmed:{i}",
            pmid=str(i),
            title=f"paper {i} aspirin",
            abstract=(AbstractSection("aspirin lowers risk"),),
        )
        for i in range(1, 6)
    ]
    claims = [claimsets.BenchClaim(f"aspirin claim {i}", i, (str(i),)) for i in range(6)]
    with StandIn(MemoryBackend(records), latency=0.05) as standin:
        report = mode_kill(
            Bench(standin, tmp_path, litcheck=FAKE, base_claims=claims), len(claims), seed=1
        )
    reference, killed, resumed = report["runs"]
    assert reference["requests"] == 6 and reference["rate_limited_429"] == 0
    assert reference["all_requests_had_tool_and_email"]
    assert killed["killed"] and report["results_when_killed"] < 6
    assert resumed["requests"] == 6 - report["results_when_killed"]
    assert report["comparison"]["same"], report["comparison"]
    assert report["targets"]["same_results_after_kill"]
