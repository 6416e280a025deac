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

from litcheck.check.checker import Checker
from litcheck.errors import InputError
from litcheck.models import Claim, ClaimResult, Decision, Status
from litcheck.results.codec import dumps_line
from litcheck.results.decisions import decision_to_json


@dataclass
class BatchStats:
    """Counts for the progress bar and the closing summary."""

    total: int = 0
    resumed: int = 0
    duplicates: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    requests: int = 0
    unfinished: int = 0
    """Claims skipped or partial because a source failed (a rerun retries them)."""

    @property
    def done(self) -> int:
        return sum(self.by_status.values())

    def add(self, result: ClaimResult) -> None:
        key = result.status.value
        self.by_status[key] = self.by_status.get(key, 0) + 1
        if result.unfinished:
            self.unfinished += 1


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


@dataclass(frozen=True)
class _Line:
    offset: int
    length: int
    status: str
    retry: bool = False
    """Skipped, or answered without a source that failed: the next run checks it again."""


def scan_checkpoint(path: Path) -> dict[str, _Line]:
    """claim id -> where its last complete RESULT line is in `path`; cuts off a torn last line.

    Holds offsets, not parsed results, so resuming a large batch costs little memory.
    Raises InputError when `path` exists but is not a litcheck results file.
    """
    if not path.exists():
        return {}
    index: dict[str, _Line] = {}
    good_end = 0
    with path.open("rb") as fh:
        offset = 0
        for lineno, line in enumerate(fh, start=1):
            length = len(line)
            if not line.endswith(b"\n"):
                break  # a crash mid-write
            if line.strip():
                try:
                    obj = json.loads(line)
                    cid, status = obj["claim"]["id"], str(obj.get("status", ""))
                    retry = status == Status.SKIPPED.value or bool(obj.get("source_errors"))
                except (ValueError, KeyError, TypeError):
                    raise InputError(
                        f"{path}:{lineno} is not a litcheck result line",
                        tip="--output must name a new file or the results of an earlier "
                        "`litcheck check`",
                    ) from None
                index[cid] = _Line(offset, length - 1, status, retry)
            offset += length
            good_end = offset
    if good_end < path.stat().st_size:
        with path.open("r+b") as fh:
            fh.truncate(good_end)
    return index


def read_checkpoint(path: Path) -> dict[str, dict[str, Any]]:
    """claim id -> its last complete RESULT in `path`, parsed (see `scan_checkpoint`)."""
    index = scan_checkpoint(path)
    out: dict[str, dict[str, Any]] = {}
    if not index:
        return out
    with path.open("rb") as fh:
        for cid, where in index.items():
            fh.seek(where.offset)
            out[cid] = json.loads(fh.read(where.length))
    return out


def _compact(path: Path, order: Sequence[str], decisions: dict[str, Decision]) -> None:
    """Rewrite `path` atomically: one line per claim, in `order`, the latest decision attached.

    Lines are copied byte for byte (a resumed run ends with the same file as an uninterrupted
    one); only a line whose decision changed is re-serialised.
    """
    index = scan_checkpoint(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or Path("."))
    try:
        with path.open("rb") as src, os.fdopen(fd, "wb") as dst:
            for cid in order:
                where = index.get(cid)
                if where is None:
                    continue
                src.seek(where.offset)
                line = src.read(where.length)
                if cid in decisions:
                    obj = json.loads(line)
                    wanted = decision_to_json(decisions[cid])
                    if obj.get("decision") != wanted:
                        obj["decision"] = wanted
                        line = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()
                dst.write(line + b"\n")
            dst.flush()
            os.fsync(dst.fileno())
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
    collect: bool = True,
) -> tuple[list[ClaimResult], BatchStats]:
    """Check `claims`, streaming to `output` (JSONL) and resuming from it.

    Returns the results in input order (including those an earlier run had answered) when
    `collect`; with `collect=False` nothing is kept in memory (the file is the result), so a
    batch of any size runs in flat memory.
    """
    from litcheck.results.reader import result_from_json

    unique, dropped = unique_claims(claims)
    stats = BatchStats(total=len(unique), duplicates=dropped)
    decisions = decisions or {}
    previous = scan_checkpoint(output) if output is not None else {}
    done = {c.id for c in unique if c.id in previous and not previous[c.id].retry}
    for cid in done:
        stats.by_status[previous[cid].status] = stats.by_status.get(previous[cid].status, 0) + 1
    stats.resumed = len(done)
    todo = [c for c in unique if c.id not in done]
    fresh: dict[str, ClaimResult] = {}
    sink = output.open("a", encoding="utf-8") if output is not None else None
    try:
        for result in checker.check(todo, chunk_size=chunk_size):
            if result.claim.id in decisions:
                result = replace(result, decision=decisions[result.claim.id])
            if collect:
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
    if output is not None:
        _compact(output, [c.id for c in unique], decisions)
    if not collect:
        return [], stats
    kept: dict[str, ClaimResult] = {}
    if done and output is not None:
        for cid, obj in read_checkpoint(output).items():
            if cid in done:
                kept[cid] = result_from_json(obj)
    return [kept.get(c.id) or fresh[c.id] for c in unique], stats
