"""Human decisions: an append-only `decisions.jsonl` that no quit, Ctrl-C or crash can lose.

File format: one JSON object per line, in the order the decisions were made::

    {"claim_id": "c-…", "verdict": "confirmed", "candidate": "pubmed:38011560",
     "note": null, "at": "2025-01-02T03:04:05Z", "reviewer": "ana"}

- Every `append_decision` is one `write()` on an `O_APPEND` descriptor followed by `fsync`, so a
  decision is on disk before the reviewer sees the next claim.
- The file is never rewritten. The latest *verdict* line for a claim wins.
- A note (`n TEXT` in the review) is its own line with verdict "note". It does not change the
  claim's verdict: `load_latest` merges it into the claim's latest verdict (the most recent
  non-empty note, from any line, is the note shown). A claim that has only notes is reported with
  verdict "note" and still counts as unreviewed.
- A crash in the middle of a write can leave a torn last line; readers skip lines that are not
  complete JSON objects, and the next append starts on a fresh line.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path

from msgspec.structs import replace

from litcheck.errors import InputError
from litcheck.models import ClaimResult, Decision, Verdict

DECISIONS_FILE = "decisions.jsonl"
STATE_DIR = ".litcheck"
LAST_RESULTS_FILE = "last-results"

REVIEWED_VERDICTS = frozenset({Verdict.CONFIRMED, Verdict.REJECTED, Verdict.UNSURE})
"""Verdicts that make a claim "reviewed" (a note alone does not)."""


def now_iso() -> str:
    """The current UTC time as ISO-8601 with second precision and a Z suffix."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def decisions_path_for(results: Path | None) -> Path:
    """`decisions.jsonl` beside `results`; `./decisions.jsonl` when there is no results file."""
    if results is None:
        return Path(DECISIONS_FILE)
    return results.parent / DECISIONS_FILE


def decision_to_json(d: Decision) -> dict[str, object]:
    """CONTRACT.md's `decision` shape plus the reviewer: verdict, candidate, note, at, reviewer."""
    return {
        "verdict": d.verdict.value,
        "candidate": d.candidate,
        "note": d.note,
        "at": d.at,
        "reviewer": d.reviewer,
    }


def decision_line(d: Decision) -> str:
    """The exact line `append_decision` writes for `d` (without the newline)."""
    return json.dumps({"claim_id": d.claim_id, **decision_to_json(d)}, ensure_ascii=False)


def decision_from_json(data: Mapping[str, object], claim_id: str | None = None) -> Decision:
    """Inverse of `decision_line` / `decision_to_json` (pass `claim_id` for the latter).

    Raises ValueError when the object is not a decision.
    """
    cid = claim_id if claim_id is not None else data.get("claim_id")
    if not isinstance(cid, str) or not cid:
        raise ValueError("decision without claim_id")
    verdict = Verdict(str(data.get("verdict")))

    def _opt(key: str) -> str | None:
        value = data.get(key)
        return value if isinstance(value, str) and value else None

    return Decision(
        claim_id=cid,
        verdict=verdict,
        candidate=_opt("candidate"),
        note=_opt("note"),
        at=_opt("at") or "",
        reviewer=_opt("reviewer"),
    )


def append_decision(path: Path, decision: Decision) -> None:
    """Append `decision` as one JSON line and fsync it before returning. Creates the file.

    If the file ends with a torn line (a crash mid-write), a newline is written first so the
    new decision is not glued onto the broken one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = (decision_line(decision) + "\n").encode("utf-8")
    created = not path.exists()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    except OSError as exc:
        raise InputError(
            f"cannot write decisions to {path}: {exc.strerror}",
            tip="pass --decisions PATH to a writable place",
        ) from exc
    try:
        if not created and _ends_torn(path):
            payload = b"\n" + payload
        os.write(fd, payload)
        os.fsync(fd)
    finally:
        os.close(fd)
    if created:
        _fsync_dir(path.parent)


def _ends_torn(path: Path) -> bool:
    with path.open("rb") as fh:
        fh.seek(0, os.SEEK_END)
        if fh.tell() == 0:
            return False
        fh.seek(-1, os.SEEK_END)
        return fh.read(1) != b"\n"


def _fsync_dir(directory: Path) -> None:
    # NOTE: a new file's directory entry is durable only once the directory is synced.
    # See: https://man7.org/linux/man-pages/man2/fsync.2.html (NOTES)
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def iter_decisions(path: Path) -> Iterator[Decision]:
    """Every decision in `path`, in file order. A missing file is empty; broken lines are skipped."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
    for line in raw.split(b"\n"):
        if not line.strip():
            continue
        try:
            data = json.loads(line.decode("utf-8"))
            if isinstance(data, dict):
                yield decision_from_json(data)
        except (ValueError, UnicodeDecodeError):
            continue


def merge_latest(decisions: Iterable[Decision]) -> dict[str, Decision]:
    """claim_id -> latest verdict, carrying the most recent note (see the module docstring)."""
    verdicts: dict[str, Decision] = {}
    notes: dict[str, Decision] = {}
    for d in decisions:
        if d.verdict is not Verdict.NOTE:
            verdicts[d.claim_id] = d
        if d.note:
            notes[d.claim_id] = d
    merged: dict[str, Decision] = {}
    for cid in dict.fromkeys([*verdicts, *notes]):
        verdict = verdicts.get(cid)
        note = notes.get(cid)
        if verdict is None:
            assert note is not None
            merged[cid] = note
        elif note is None or note.note == verdict.note:
            merged[cid] = verdict
        else:
            merged[cid] = replace(verdict, note=note.note)
    return merged


def load_latest(path: Path) -> dict[str, Decision]:
    """claim_id -> latest decision in `path` (verdict lines win; notes merged). Missing file: {}."""
    return merge_latest(iter_decisions(path))


def is_reviewed(decision: Decision | None) -> bool:
    """True when a person gave the claim a verdict (confirmed, rejected or unsure)."""
    return decision is not None and decision.verdict in REVIEWED_VERDICTS


def attach(results: Iterable[ClaimResult], latest: Mapping[str, Decision]) -> list[ClaimResult]:
    """`results` with `decision` filled from `latest` (by claim id); others keep their own."""
    return [replace(r, decision=latest[r.claim.id]) if r.claim.id in latest else r for r in results]


def _state_file(base: Path | None) -> Path:
    return (base or Path.cwd()) / STATE_DIR / LAST_RESULTS_FILE


def remember_last_results(path: Path, *, base: Path | None = None) -> None:
    """Record `path` (made absolute) as the latest `check --output`, in ./.litcheck/last-results.

    Best effort: a read-only folder only means `litcheck review` needs its argument.
    """
    state = _state_file(base)
    try:
        state.parent.mkdir(parents=True, exist_ok=True)
        state.write_text(str(path.resolve()) + "\n", encoding="utf-8")
    except OSError:
        return


def last_results(*, base: Path | None = None) -> Path | None:
    """The results file `remember_last_results` recorded here, if it still exists."""
    try:
        text = _state_file(base).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not text:
        return None
    path = Path(text)
    return path if path.is_file() else None
