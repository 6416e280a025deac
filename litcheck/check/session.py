"""Glue the CLI commands share: build the checker, read claim text, attach decisions, summarise.

Kept out of `litcheck.cli` so the commands stay thin and this logic is testable directly.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from litcheck import log
from litcheck.check.checker import Checker
from litcheck.errors import ExitCode, InputError, OfflineMiss, SourceError
from litcheck.models import ClaimResult, Decision, Status
from litcheck.settings import Settings


def make_checker(settings: Settings, *, workers: int = 4) -> Checker:
    """A Checker over the sources `settings` names (with the semantic encoder if asked)."""
    encoder = None
    if settings.semantic:
        from litcheck.semantic import Encoder

        encoder = Encoder()
        encoder.load()  # ConfigError with an install tip when the extra is missing
    sources = settings.create_sources()
    if encoder is not None:
        for key, source in sources.items():
            if source.capabilities.nearest and source.vector_model != encoder.model_name:
                log.warning(
                    "note: %s has no vectors of %s, so --semantic only re-ranks its "
                    "records; `litcheck corpus embed DIR` lets it find records by meaning too",
                    key,
                    encoder.model_name,
                )
    return Checker(sources, limit=settings.limit, workers=workers, semantic=encoder)


def claim_text_from_arg(text: str) -> str:
    """The claim given on the command line, or read from stdin when it is "-".

    Raises InputError for text that is not valid UTF-8 (argv bytes Python could not decode
    arrive as lone surrogates; see PEP 383).
    """
    if text == "-":
        data = sys.stdin.buffer.read()
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"the claim on stdin is not UTF-8 text (byte {exc.start})",
                tip="convert it first, e.g. `iconv -f latin1 -t utf-8`",
            ) from None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(
            "the claim is not valid UTF-8 text",
            tip="check the terminal's encoding, or pass the text on stdin with `-`",
        ) from None
    return text


def status_counts(results: Sequence[ClaimResult]) -> dict[str, int]:
    return dict(Counter(r.status.value for r in results))


def exit_code(
    checker: Checker,
    counts: Mapping[str, int],
    *,
    unfinished: int,
    strict: bool = False,
    fail_on_unverified: bool = False,
) -> ExitCode:
    """The one exit-code policy of `claim` and `check` (README, "Exit codes").

    SOURCE (3) when any claim was skipped or is partial because a source failed (OFFLINE, 4,
    when every failure was a cache miss under --offline); with `strict`, any skipped claim is 3;
    with `fail_on_unverified`, a claim without a good candidate is UNVERIFIED (1).
    """
    if unfinished:
        if checker.failures and all(isinstance(f, OfflineMiss) for f in checker.failures):
            return ExitCode.OFFLINE
        return ExitCode.SOURCE
    if strict and counts.get(Status.SKIPPED.value):
        return ExitCode.SOURCE
    if fail_on_unverified and (counts.get(Status.NO_MATCH.value) or counts.get(Status.WEAK.value)):
        return ExitCode.UNVERIFIED
    return ExitCode.OK


def unfinished_line(unfinished: int) -> str:
    """The stderr line that says how many claims a failed source left open, and what to do."""
    noun = "claim is" if unfinished == 1 else "claims are"
    return (
        f"{unfinished} {noun} skipped or partial because a source failed; "
        "run the same command again to retry them (everything else is kept)"
    )


def first_failure(checker: Checker) -> SourceError | None:
    return checker.failures[0] if checker.failures else None


def summary_line(counts: Mapping[str, int], *, requests: int, seconds: float) -> str:
    """'12 claims: 9 matched, 2 weak, 1 skipped · 15 requests · 4.1 s' for stderr."""
    total = sum(counts.values())
    parts = [
        f"{counts[s.value]} {s.value.replace('_', ' ')}" for s in Status if counts.get(s.value)
    ]
    noun = "claim" if total == 1 else "claims"
    return (
        f"{total} {noun}: {', '.join(parts) or 'nothing checked'} · "
        f"{requests} request{'s' if requests != 1 else ''} · {seconds:.1f} s"
    )


def load_decisions(results_path: Path | None, decisions_file: Path | None) -> dict[str, Decision]:
    """Latest decisions for the claims (empty when there is no decisions file)."""
    from litcheck.results.decisions import decisions_path_for, load_latest

    path = decisions_file or decisions_path_for(results_path)
    return dict(load_latest(path)) if path.exists() else {}
