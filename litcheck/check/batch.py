"""Batch runs: stream results to a JSONL file as claims finish, resume after a crash or Ctrl-C.

The results file is the checkpoint. Each finished claim is one line, written and flushed at once
(a killed process leaves every finished line on disk). Rerunning the same command reads the file,
keeps every claim already answered, retries claims recorded as `skipped`, checks only the rest,
and at the end rewrites the file once (atomically) with one line per claim in input order, so an
interrupted-and-resumed run ends with the same file as an uninterrupted one.

Damage is repaired, not refused: a line that cannot be read (torn by a crash, corrupt, anywhere
in the file) is named in one warning and its claim checked again; the temp file of a rewrite
killed midway is removed at the next run. `--output` into a missing folder creates it; onto a
folder, or onto a file that is clearly not litcheck results, is an InputError (exit 2).
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from msgspec import Struct, field
from msgspec.structs import replace

from litcheck import log
from litcheck.check.checker import Checker
from litcheck.errors import InputError
from litcheck.models import Claim, ClaimResult, Decision, Status, claim_id
from litcheck.results.codec import dumps_line, load_line
from litcheck.results.decisions import decision_to_json
from litcheck.results.reader import unreadable_warning


class BatchStats(Struct):
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


class _Line(Struct, frozen=True):
    offset: int
    length: int
    status: str
    retry: bool = False
    """Skipped, or answered without a source that failed: the next run checks it again."""


_OURS = b'{"claim"'
"""Every line `dumps_line` writes starts so; a torn line keeps at least part of this start."""


def _check_output(path: Path) -> None:
    if path.is_dir():
        raise InputError(
            f"--output {path} is a folder", tip=f"name a file in it, e.g. {path / 'results.jsonl'}"
        )


def clean_stale_temps(path: Path) -> list[Path]:
    """Remove the temp files a killed `_compact` of `path` left beside it; return them.

    They are named `.NAME.XXXXXXXX` (`tempfile.mkstemp` with prefix `.NAME.`) and are never
    the results themselves: `_compact` renames its temp file over `path` only once complete.
    """
    pattern = re.compile(re.escape(f".{path.name}.") + r"[a-z0-9_]{8}")
    removed: list[Path] = []
    try:
        candidates = list(path.parent.glob(f".{glob.escape(path.name)}.*"))
    except OSError:
        return removed
    for stale in candidates:
        if pattern.fullmatch(stale.name) and stale.is_file():
            with contextlib.suppress(OSError):
                stale.unlink()
                removed.append(stale)
    return removed


def _peek(line: bytes) -> tuple[str, str, bool]:
    """(claim id, status, retry) of a line this run wrote or `scan_checkpoint` already read."""
    obj = json.loads(line)
    claim = obj["claim"]
    status = str(obj.get("status"))
    retry = status == Status.SKIPPED.value or bool(obj.get("source_errors"))
    return str(claim.get("id") or claim_id(str(claim.get("text") or ""))), status, retry


def scan_checkpoint(path: Path, *, warn: bool = True, full: bool = True) -> dict[str, _Line]:
    """claim id -> where its last readable RESULT line is in `path`.

    Holds offsets, not parsed results, so resuming a large batch costs little memory. A line
    that cannot be read (torn by a crash, corrupt, not a RESULT; anywhere in the file) is left
    out, so its claim is checked again; with `warn`, one warning on the `litcheck` logger names
    those lines. A torn last line (no newline) is cut off so the next append starts cleanly;
    stale temp files of an interrupted rewrite are removed (`clean_stale_temps`).

    Raises InputError (exit 2) when `path` is a folder, cannot be read, or is clearly not a
    litcheck results file: no line reads as a RESULT and some line does not even start like one.
    `full=False` only checks each line's JSON, claim id and status (about 5 times faster), for
    files whose older lines a full scan has already passed.
    """
    _check_output(path)
    clean_stale_temps(path)
    if not path.exists():
        return {}
    index: dict[str, _Line] = {}
    bad: list[int] = []
    foreign = False
    offset, tail, line = 0, b"", b""
    try:
        with path.open("rb") as fh:
            for lineno, line in enumerate(fh, start=1):
                body = line.rstrip(b"\r\n")
                if body.strip():
                    try:
                        if full:
                            result = load_line(body)
                            cid, status = result.claim.id, result.status.value
                            retry = result.unfinished or result.status is Status.SKIPPED
                        else:
                            cid, status, retry = _peek(body)
                        index[cid] = _Line(offset, len(body), status, retry)
                    except (ValueError, KeyError, TypeError, AttributeError):
                        bad.append(lineno)
                        start = body.lstrip()
                        foreign = foreign or not start.startswith(_OURS[: len(start)])
                        if not line.endswith(b"\n"):
                            tail = line  # torn by a crash mid-write: cut off below
                offset += len(line)
            ends_open = bool(line) and not line.endswith(b"\n")
    except OSError as exc:
        raise InputError(f"cannot read --output {path}: {exc.strerror or exc}") from exc
    if bad and not index and foreign:
        raise InputError(
            f"{path} is not a litcheck results file (line {bad[0]} is not a result)",
            tip="--output must name a new file or the results of an earlier `litcheck check`",
        )
    if bad and warn:
        log.warning(unreadable_warning(str(path), bad, "will be checked again"))
    _repair_end(path, offset, tail, ends_open)
    return index


def _repair_end(path: Path, size: int, torn: bytes, ends_open: bool) -> None:
    """Cut a torn last line off `path`, or end a readable last line with its newline."""
    if torn:
        with path.open("r+b") as fh:
            fh.truncate(size - len(torn))
    elif ends_open:
        with path.open("ab") as fh:
            fh.write(b"\n")


def read_checkpoint(path: Path, *, warn: bool = True) -> dict[str, dict[str, Any]]:
    """claim id -> its last readable RESULT in `path`, parsed (see `scan_checkpoint`)."""
    index = scan_checkpoint(path, warn=warn)
    out: dict[str, dict[str, Any]] = {}
    if not index:
        return out
    with path.open("rb") as fh:
        for cid, where in index.items():
            fh.seek(where.offset)
            out[cid] = json.loads(fh.read(where.length))
    return out


def _open_sink(path: Path) -> TextIO:
    """`path` opened for appending; its folder is created. InputError when it cannot be."""
    _check_output(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open("a", encoding="utf-8")
    except OSError as exc:
        raise InputError(
            f"cannot write --output {path}: {exc.strerror or exc}",
            tip="choose a writable place for the results file",
        ) from exc


def _compact(path: Path, order: Sequence[str], decisions: dict[str, Decision]) -> None:
    """Rewrite `path` atomically: one line per claim, in `order`, the latest decision attached.

    Lines are copied byte for byte (a resumed run ends with the same file as an uninterrupted
    one); only a line whose decision changed is re-serialised. Unreadable lines are dropped.
    """
    index = scan_checkpoint(path, warn=False, full=False)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise InputError(f"cannot rewrite {path}: {exc.strerror or exc}") from exc
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
    sink = _open_sink(output) if output is not None else None
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
