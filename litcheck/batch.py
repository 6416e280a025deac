"""Batch runs: stream results to a JSONL file as claims finish, resume after a crash or Ctrl-C.

The results file is the checkpoint. Each finished claim is one line, written and flushed at once
(a killed process leaves every finished line on disk; a torn last line is cut off on resume).
Rerunning the same command reads the file, keeps every claim already answered, retries claims
recorded as `skipped`, checks only the rest, and at the end rewrites the file once (atomically)
with one line per claim in input order, so an interrupted-and-resumed run ends with the same file
as an uninterrupted one.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from litcheck.decisions import decision_to_json
from litcheck.errors import InputError
from litcheck.formats.jsonout import dumps_line
from litcheck.models import Claim, ClaimResult, Decision, Status
from litcheck.pipeline import Checker


@dataclass
class BatchStats:
    """Counts for the progress bar and the closing summary."""

    total: int = 0
    resumed: int = 0
    duplicates: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    requests: int = 0

    @property
    def done(self) -> int:
        return sum(self.by_status.values())

    def add(self, result: ClaimResult) -> None:
        key = result.status.value
        self.by_status[key] = self.by_status.get(key, 0) + 1


def unique_claims(claims: Iterable[Claim]) -> tuple[list[Claim], int]:
    """Claims with duplicates (same id) removed, first occurrence kept; and how many were dropped."""
    seen: set[str] = set()
    out: list[Claim] = []
    dropped = 0
    for claim in claims:
        if claim.id in seen:
            dropped += 1
            continue
        seen.add(claim.id)
        out.append(claim)
    return out, dropped


def read_checkpoint(path: Path) -> dict[str, dict[str, Any]]:
    """claim id -> its last complete RESULT line in `path`; cuts off a torn last line.

    Raises InputError when `path` exists but is not a litcheck results file.
    """
    if not path.exists():
        return {}
    raw = path.read_bytes()
    end = raw.rfind(b"\n") + 1
    if end < len(raw):
        with path.open("r+b") as fh:  # a crash mid-write: drop the partial line
            fh.truncate(end)
        raw = raw[:end]
    done: dict[str, dict[str, Any]] = {}
    for lineno, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            cid = obj["claim"]["id"]
        except (ValueError, KeyError, TypeError):
            raise InputError(
                f"{path}:{lineno} is not a litcheck result line",
                tip="--output must name a new file or the results of an earlier `litcheck check`",
            ) from None
        done[cid] = obj
    return done


def _atomic_write_lines(path: Path, lines: Sequence[str]) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or Path("."))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for line in lines:
                fh.write(line + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run_batch(
    claims: Sequence[Claim],
    checker: Checker,
    *,
    output: Path | None,
    decisions: dict[str, Decision] | None = None,
    on_result: Callable[[ClaimResult, BatchStats], None] | None = None,
    chunk_size: int = 32,
) -> tuple[list[ClaimResult], BatchStats]:
    """Check `claims`, streaming to `output` (JSONL) and resuming from it. Returns all results.

    Results come back in input order, including the ones an earlier run had already answered.
    """
    from litcheck.results_reader import result_from_json

    unique, dropped = unique_claims(claims)
    stats = BatchStats(total=len(unique), duplicates=dropped)
    decisions = decisions or {}
    previous = read_checkpoint(output) if output is not None else {}
    kept: dict[str, ClaimResult] = {}
    kept_lines: dict[str, str] = {}
    for claim in unique:
        obj = previous.get(claim.id)
        if obj is not None and obj.get("status") != Status.SKIPPED.value:
            if claim.id in decisions:
                obj["decision"] = decision_to_json(decisions[claim.id])
            # Kept as they were read (same key order, same separators): a resumed run ends with
            # the same bytes as an uninterrupted one.
            kept_lines[claim.id] = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
            kept[claim.id] = result_from_json(obj)
            stats.add(kept[claim.id])
            stats.resumed += 1
    todo = [c for c in unique if c.id not in kept]
    fresh: dict[str, ClaimResult] = {}
    sink = output.open("a", encoding="utf-8") if output is not None else None
    try:
        for result in checker.check(todo, chunk_size=chunk_size):
            if result.claim.id in decisions:
                result = replace(result, decision=decisions[result.claim.id])
            fresh[result.claim.id] = result
            stats.add(result)
            stats.requests = checker.requests_sent
            if sink is not None:
                sink.write(dumps_line(result) + "\n")
                sink.flush()  # the checkpoint: a killed process keeps every finished line
            if on_result is not None:
                on_result(result, stats)
    finally:
        if sink is not None:
            sink.close()
    ordered = [kept.get(c.id) or fresh[c.id] for c in unique]
    if output is not None:
        _atomic_write_lines(output, [kept_lines.get(r.claim.id) or dumps_line(r) for r in ordered])
    return ordered, stats
