"""decisions.jsonl: append-only, fsynced, latest verdict wins, notes merged, crash-tolerant."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from litcheck.models import ClaimResult, Decision, Verdict
from litcheck.results import decisions as dec
from tests.review.review_helpers import KETAMINE, PPI, REVIEW_FIXTURES


def _d(
    claim: str,
    verdict: Verdict,
    candidate: str | None = None,
    note: str | None = None,
    at: str = "t",
) -> Decision:
    return Decision(claim, verdict, candidate=candidate, note=note, at=at, reviewer="ana")


def test_decisions_path_beside_results(tmp_path: Path) -> None:
    assert (
        dec.decisions_path_for(tmp_path / "out" / "r.jsonl") == tmp_path / "out" / "decisions.jsonl"
    )
    assert dec.decisions_path_for(None) == Path("decisions.jsonl")


def test_append_creates_file_and_writes_one_line_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    path = tmp_path / "deep" / "decisions.jsonl"
    dec.append_decision(path, _d("c-1", Verdict.CONFIRMED, "pubmed:1", at="2025-01-01T00:00:00Z"))
    dec.append_decision(path, _d("c-2", Verdict.NOTE, note="héllo"))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0]) == {
        "claim_id": "c-1",
        "verdict": "confirmed",
        "candidate": "pubmed:1",
        "note": None,
        "at": "2025-01-01T00:00:00Z",
        "reviewer": "ana",
    }
    assert json.loads(lines[1])["note"] == "héllo"
    assert len(lines) == 2
    assert len(synced) >= 2  # every append is fsynced (plus the new file's directory)


def test_latest_verdict_wins_and_notes_merge(tmp_path: Path) -> None:
    path = tmp_path / "decisions.jsonl"
    for d in (
        _d("c-1", Verdict.UNSURE, at="1"),
        _d("c-1", Verdict.NOTE, note="first note", at="2"),
        _d("c-1", Verdict.CONFIRMED, "pubmed:9", at="3"),
        _d("c-2", Verdict.NOTE, note="only a note", at="4"),
        _d("c-3", Verdict.REJECTED, note="with its own note", at="5"),
    ):
        dec.append_decision(path, d)
    latest = dec.load_latest(path)
    assert latest["c-1"] == _d("c-1", Verdict.CONFIRMED, "pubmed:9", note="first note", at="3")
    assert latest["c-2"].verdict is Verdict.NOTE and not dec.is_reviewed(latest["c-2"])
    assert latest["c-3"].note == "with its own note"
    assert dec.is_reviewed(latest["c-1"]) and dec.is_reviewed(latest["c-3"])


def test_fixture_file_latest(fixed_decisions: dict[str, Decision]) -> None:
    assert fixed_decisions[KETAMINE].candidate == "pubmed:38011560"
    assert fixed_decisions[KETAMINE].note == "review, but by the Yale group"
    assert fixed_decisions[PPI].verdict is Verdict.UNSURE
    assert fixed_decisions[PPI].note == "ask the author which study | which year"


def test_torn_last_line_is_skipped_and_next_append_starts_fresh(tmp_path: Path) -> None:
    path = tmp_path / "decisions.jsonl"
    dec.append_decision(path, _d("c-1", Verdict.REJECTED))
    with path.open("ab") as fh:  # what a crash in the middle of a write leaves
        fh.write(b'{"claim_id": "c-2", "verdict": "conf')
    assert list(dec.load_latest(path)) == ["c-1"]
    dec.append_decision(path, _d("c-3", Verdict.UNSURE))
    assert set(dec.load_latest(path)) == {"c-1", "c-3"}
    assert path.read_bytes().count(b"\n") == 3


def test_missing_file_is_empty(tmp_path: Path) -> None:
    assert dec.load_latest(tmp_path / "nope.jsonl") == {}


def test_decision_to_json_is_contract_shape() -> None:
    d = _d("c-1", Verdict.CONFIRMED, "pubmed:1", note="n", at="2025-01-01T00:00:00Z")
    assert dec.decision_to_json(d) == {
        "verdict": "confirmed",
        "candidate": "pubmed:1",
        "note": "n",
        "at": "2025-01-01T00:00:00Z",
        "reviewer": "ana",
    }
    assert dec.decision_from_json(dec.decision_to_json(d), "c-1") == d


def test_attach_fills_decision(
    results: list[ClaimResult], fixed_decisions: dict[str, Decision]
) -> None:
    attached = dec.attach(results, fixed_decisions)
    assert attached[0].decision == fixed_decisions[KETAMINE]
    assert [r.claim.id for r in attached] == [r.claim.id for r in results]


def test_remember_and_find_last_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert dec.last_results() is None
    results = tmp_path / "out" / "results.jsonl"
    results.parent.mkdir()
    results.write_text("{}\n")
    dec.remember_last_results(Path("out/results.jsonl"))
    assert dec.last_results() == results.resolve()
    results.unlink()
    assert dec.last_results() is None  # a file that is gone is not offered


def test_now_iso_shape() -> None:
    stamp = dec.now_iso()
    assert stamp.endswith("Z") and len(stamp) == 20


def test_fixture_decisions_parse() -> None:
    assert len(list(dec.iter_decisions(REVIEW_FIXTURES / "decisions.jsonl"))) == 7
