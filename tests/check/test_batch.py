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


def _lines(path):
    return path.read_bytes().splitlines(keepends=True)


def test_damaged_lines_anywhere_are_checked_again(tmp_path, caplog):
    full = tmp_path / "full.jsonl"
    run_batch(CLAIMS[:6], make_checker(), output=full)
    good = _lines(full)
    damaged = tmp_path / "results.jsonl"
    damaged.write_bytes(
        good[0]
        + good[1][:40]
        + b"\n"  # line 2: torn, then a newline (a later append)
        + good[2]
        + b"garbage\n"  # line 4: corrupt
        + good[3]
        + good[4][:25]  # line 6: torn last line, no newline
    )
    checker = make_checker()
    with caplog.at_level("WARNING", logger="litcheck"):
        results, stats = run_batch(CLAIMS[:6], checker, output=damaged)
    assert caplog.messages == [f"{damaged}: 3 unreadable lines (2, 4, 6) will be checked again"]
    assert stats.resumed == 3 and len(results) == 6
    searched = [c[1] for c in checker.sources["fake"].calls if c[0] == "search"]
    assert searched == [CLAIMS[i].text for i in (1, 4, 5)]
    assert damaged.read_bytes() == full.read_bytes()


def test_a_torn_first_line_alone_is_resumed_not_refused(tmp_path):
    out = tmp_path / "r.jsonl"
    out.write_bytes(b'{"claim": {"id": "c-tor')
    results, stats = run_batch(CLAIMS[:2], make_checker(), output=out)
    assert stats.resumed == 0 and len(out.read_text().splitlines()) == 2


def test_a_complete_last_line_without_newline_is_kept(tmp_path):
    out = tmp_path / "r.jsonl"
    run_batch(CLAIMS[:2], make_checker(), output=out)
    out.write_bytes(out.read_bytes().rstrip(b"\n"))
    checker = make_checker()
    results, stats = run_batch(CLAIMS[:3], checker, output=out)
    assert stats.resumed == 2 and len(out.read_text().splitlines()) == 3


def test_json_document_and_foreign_lines_are_refused(tmp_path):
    out = tmp_path / "r.json"
    out.write_text('{\n  "schema": "litcheck.results/1",\n  "results": []\n}\n')
    with pytest.raises(InputError, match="not a litcheck results file"):
        run_batch(CLAIMS[:1], make_checker(), output=out)


def test_stale_temp_files_of_a_killed_rewrite_are_removed(tmp_path):
    out = tmp_path / "r.jsonl"
    stale = tmp_path / ".r.jsonl.k2x_9a0q"
    stale.write_text("half a rewrite")
    other = tmp_path / ".r.jsonl.notes"
    other.write_text("not ours")
    run_batch(CLAIMS[:2], make_checker(), output=out)
    assert not stale.exists() and other.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".r.jsonl.notes", "r.jsonl"]


def test_output_into_a_missing_folder_creates_it(tmp_path):
    out = tmp_path / "new" / "deeper" / "r.jsonl"
    results, _ = run_batch(CLAIMS[:2], make_checker(), output=out)
    assert len(out.read_text().splitlines()) == 2 and len(results) == 2


def test_output_onto_a_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="is a folder"):
        run_batch(CLAIMS[:2], make_checker(), output=tmp_path)
