"""Batch runs stream a JSONL checkpoint and resume to the same final file."""

from __future__ import annotations

import json

import pytest

from litcheck.check.batch import read_checkpoint, run_batch
from litcheck.check.checker import Checker
from litcheck.errors import InputError
from litcheck.models import Query
from tests.factories import FakeSource, claim, record

RECS = {
    str(i): record(str(i), f"paper {i} about topic{i}", f"Topic{i} matters.") for i in range(1, 40)
}
CLAIMS = [claim(f"topic{i} matters") for i in range(1, 21)]


def planner(c):
    return [Query("pubmed", c.text)]


def make_checker():
    hits = {f"topic{i} matters": [str(i), str(i + 1)] for i in range(1, 21)}
    return Checker({"fake": FakeSource(hits, RECS, planner=planner)}, current_year=2026)


class Boom(Exception):
    pass


def test_interrupted_then_resumed_gives_same_file(tmp_path):
    full = tmp_path / "full.jsonl"
    run_batch(CLAIMS, make_checker(), output=full, chunk_size=4)

    partial = tmp_path / "partial.jsonl"
    seen = []

    def crash(result, stats):
        seen.append(result.claim.id)
        if len(seen) == 7:
            raise Boom

    with pytest.raises(Boom):
        run_batch(CLAIMS, make_checker(), output=partial, on_result=crash, chunk_size=4)
    assert len(partial.read_text().splitlines()) == 7
    with partial.open("a") as fh:  # a kill in the middle of a write
        fh.write('{"claim": {"id": "c-tor')
    checker = make_checker()
    results, stats = run_batch(CLAIMS, checker, output=partial, chunk_size=4)
    assert stats.resumed == 7
    assert partial.read_bytes() == full.read_bytes()
    ids = [json.loads(line)["claim"]["id"] for line in partial.read_text().splitlines()]
    assert ids == [c.id for c in CLAIMS] and len(set(ids)) == len(ids)
    searched = [c for c in checker.sources["fake"].calls if c[0] == "search"]
    assert len(searched) == 13


def test_duplicate_claims_checked_once(tmp_path):
    out = tmp_path / "r.jsonl"
    results, stats = run_batch(CLAIMS[:3] + CLAIMS[:2], make_checker(), output=out)
    assert stats.duplicates == 2 and len(results) == 3
    assert len(out.read_text().splitlines()) == 3


def test_skipped_claims_are_retried(tmp_path):
    out = tmp_path / "r.jsonl"
    run_batch(
        CLAIMS[:3],
        Checker({"fake": FakeSource({}, {}, planner=lambda c: [])}),
        output=out,
    )
    assert {json.loads(x)["status"] for x in out.read_text().splitlines()} == {"skipped"}
    results, stats = run_batch(CLAIMS[:3], make_checker(), output=out)
    assert stats.resumed == 0
    assert {r.status.value for r in results} == {"matched", "weak", "no_match"} & {
        r.status.value for r in results
    }
    assert all(r.status.value != "skipped" for r in results)


def test_foreign_file_is_refused(tmp_path):
    out = tmp_path / "notes.jsonl"
    out.write_text("hello\n")
    with pytest.raises(InputError):
        read_checkpoint(out)


class Flaky(FakeSource):
    """Fails the searches of every claim whose number is in `down`."""

    def __init__(self, *args, down=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.down = set(down)

    def search(self, query, *, limit=20):
        from litcheck.errors import SourceUnavailable

        if query.term.split()[0].removeprefix("topic") in self.down:
            raise SourceUnavailable("cannot reach example.org", source=self.key)
        return super().search(query, limit=limit)


def test_failed_source_claims_are_retried_by_the_next_run(tmp_path):
    """Skipped and partial lines are unfinished: a healthy rerun gives the never-failed file."""
    hits = {f"topic{i} matters": [str(i), str(i + 1)] for i in range(1, 21)}

    def checker(fake_down=(), other_down=()):
        fake = Flaky(hits, RECS, name="fake", planner=planner, down=fake_down)
        other = Flaky(hits, RECS, name="other", planner=planner, down=other_down)
        return Checker({"fake": fake, "other": other}, current_year=2026)

    healthy = tmp_path / "healthy.jsonl"
    run_batch(CLAIMS, checker(), output=healthy, chunk_size=4)
    out = tmp_path / "out.jsonl"
    _, stats = run_batch(CLAIMS, checker({"3", "7"}, {"3", "5"}), output=out, chunk_size=4)
    assert stats.unfinished == 3
    lines = {json.loads(x)["claim"]["text"]: json.loads(x) for x in out.read_text().splitlines()}
    assert lines["topic3 matters"]["status"] == "skipped"  # every source it needed failed
    for partial in ("topic5 matters", "topic7 matters"):
        assert lines[partial]["source_errors"] and lines[partial]["status"] != "skipped"

    _, stats = run_batch(CLAIMS, checker(), output=out, chunk_size=4)
    assert stats.resumed == 17 and stats.unfinished == 0
    assert out.read_text() == healthy.read_text()
