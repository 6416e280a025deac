"""Read a results file (`check --output`, JSONL or the `--format json` document) back into models.

The shape is CONTRACT.md's RESULT, decoded by `litcheck.results.codec` (the one codec). A line
that cannot be read (torn by a crash, corrupt, not a RESULT) is skipped wherever it is, and one
warning names those lines on stderr, the same as `check` says when it resumes from the file. When
a claim id appears on several lines (a resumed batch), the last line wins but keeps the first
line's place.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from litcheck import log
from litcheck.errors import InputError
from litcheck.models import ClaimResult
from litcheck.results.codec import load_line, load_object, result_from_json
from litcheck.results.records import candidate_from_dict, parse_author

__all__ = [
    "candidate_from_dict",
    "parse_author",
    "parse_results",
    "read_results",
    "result_from_json",
    "unreadable_warning",
]

_SHOWN = 10


def unreadable_warning(
    name: str, numbers: Sequence[int], consequence: str, *, unit: str = "line"
) -> str:
    """ "results.jsonl: 2 unreadable lines (4, 9) will be checked again" (at most 10 numbers)."""
    shown = ", ".join(str(n) for n in numbers[:_SHOWN]) + (", …" if len(numbers) > _SHOWN else "")
    plural = unit if len(numbers) == 1 else unit[:-1] + "ies" if unit.endswith("y") else unit + "s"
    return f"{name}: {len(numbers)} unreadable {plural} ({shown}) {consequence}"


def read_results(path: Path) -> list[ClaimResult]:
    """Parse `path`; raise InputError (exit 2) when it is missing, unreadable or holds no result.

    Unreadable lines are skipped with one warning (see `parse_results`).
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(
            f"no results file at {path}", tip="run `litcheck check FILE --output results.jsonl`"
        ) from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder, not a results file") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    results = parse_results(data, name=str(path))
    if not results:
        raise InputError(f"{path} holds no results", tip="is it the output of `litcheck check`?")
    return results


def _document(data: bytes) -> list[Any] | None:
    """The `results` list of a `--format json` document, or None when `data` is not one."""
    stripped = data.lstrip()
    if not (stripped.startswith(b"{") and b'"results"' in stripped[:200]):
        return None
    try:
        doc = json.loads(data)
    except ValueError:
        return None
    if isinstance(doc, dict) and isinstance(doc.get("results"), list):
        return list(doc["results"])
    return None


def parse_results(text: str | bytes, *, name: str = "<results>") -> list[ClaimResult]:
    """Results from JSONL or a `{"schema": …, "results": […]}` document; last line wins.

    Lines (or document entries) that are not RESULT objects, including lines that are not
    UTF-8, are skipped and named in one warning on the `litcheck` logger
    ("NAME: 2 unreadable lines (4, 9) skipped").
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    document = _document(data)
    parsed: list[ClaimResult] = []
    bad: list[int] = []
    if document is not None:
        for number, obj in enumerate(document, start=1):
            try:
                parsed.append(load_object(obj))
            except ValueError:
                bad.append(number)
    else:
        for number, line in enumerate(data.split(b"\n"), start=1):
            try:
                if line.strip():
                    parsed.append(load_line(line))
            except ValueError:
                bad.append(number)
    if bad and parsed:
        unit = "entry" if document is not None else "line"
        log.warning(unreadable_warning(name, bad, "skipped", unit=unit))
    by_id: dict[str, ClaimResult] = {}
    for result in parsed:
        by_id[result.claim.id] = result
    return list(by_id.values())
