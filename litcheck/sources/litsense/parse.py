"""LitSense2 `sentences/` answers to frozen values, and per-PMID grouping. Pure, no I/O.

Wire format of `GET {base}sentences/?query=TEXT&rerank=true`, from real captures (see
tests/fixtures/PROVENANCE.md): a JSON array of at most 100 objects
`{"text", "score", "pmid", "pmcid", "section", "annotations"}` (key order varies by capture).

- `pmid` is an int on the wire; a string of digits is accepted too.
- `pmcid`, `section` and `annotations` may be null (`section` is "title", "abstract", or a PMC
  section such as "INTRO", "METHODS", "RESULTS", "DISCUSS", "CONCL").
- `annotations` are strings `offset|length|type|id` (PubTator-style, offsets relative to `text`).
- "No match" is HTTP 404 with `{"detail": "No passages share at least 10% of words with your
  query, ..."}`: that is zero hits, an answer like any other.

The rule here is that the body decides, not the status: `HttpClient` lets 200 and 404 through
to the same validator, so whatever it accepts (and caches) `parse_sentences` accepts too.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

from msgspec import Struct

from litcheck.errors import BadResponse, SourceError

SOURCE = "litsense"
MAX_RESULTS = 100
"""LitSense returns at most 100 items per query (every capture has exactly 100)."""
NO_MATCH_PREFIX = "No passages share at least"
"""Start of the `detail` of LitSense's no-match 404 (captured body, see module docstring)."""
_TIP_URL = "check LITCHECK_LITSENSE_URL (a proxy or captive portal may be in the way)"


class Annotation(Struct, frozen=True):
    """One PubTator-style entity mention in a hit's text. Treat spans as hints.

    # NOTE: LitSense drops some non-ASCII characters (degree signs) from `text` but not from the
    # offsets, so a few spans are shifted by 1-2 characters (seen in the ics_experiment
    # captures, PMIDs 25884736 and 32915807); `span` bounds-checks and never raises.
    """

    offset: int
    length: int
    type: str
    """"disease", "species", "chemical", "gene", "mutation", "cellline", ..."""
    id: str | None
    """"MESH:D006627", "9606", "tmVar:c|SUB|C|-28|C"; None when LitSense sends "None" or "-"."""

    def span(self, text: str) -> str | None:
        """The annotated substring of `text`, or None when the span falls outside it."""
        end = self.offset + self.length
        if self.offset < 0 or self.length <= 0 or end > len(text):
            return None
        return text[self.offset : end]


class LitSenseHit(Struct, frozen=True):
    """One sentence LitSense found, as sent (only the PMID normalised to a string)."""

    pmid: str
    text: str
    score: float
    """LitSense's score, higher is better: 0.5-0.9 in the captures, and exactly 1.0 on the
    out-of-order items at the end of both sentence captures (they may not have been reranked)."""
    section: str | None
    """"title", "abstract", a PMC section ("INTRO", "RESULTS", ...), or None."""
    pmcid: str | None
    annotations: tuple[Annotation, ...] = ()
    position: int = 0
    """0-based place in LitSense's list before re-sorting (the wire order is not by score)."""


class PmidMatch(Struct, frozen=True):
    """One PMID's best sentence, for a `Source`-like ranked list of PMIDs."""

    pmid: str
    rank: int
    """1-based rank among distinct PMIDs, by their best sentence's score."""
    score: float
    sentence: str
    section: str | None
    hits: tuple[LitSenseHit, ...]
    """Every sentence of this PMID in the answer, best first (hits[0] is the best)."""


def _bad(message: str) -> BadResponse:
    return BadResponse(f"LitSense sent {message}", source=SOURCE, tip=_TIP_URL)


def _load(content: bytes) -> Any:
    try:
        return json.loads(content)
    except (UnicodeDecodeError, ValueError):
        head = content[:200].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html")):
            raise _bad("an HTML page instead of JSON") from None
        snippet = content[:80].decode("utf-8", "replace").strip()
        raise _bad(f"something that is not JSON ({snippet!r})") from None


def parse_annotation(raw: str) -> Annotation | None:
    """`"offset|length|type|id"` to an `Annotation`; None when it is not of that shape.

    # NOTE: tmVar mutation ids contain bars themselves ("38|4|mutation|tmVar:p|SUB|E|55|X"),
    # so split on the first three only. Seen in both the biomcp and the ics_experiment captures.
    # See: https://github.com/genomoncology/biomcp (testdata/sources/litsense2/)
    """
    parts = raw.split("|", 3)
    if len(parts) != 4:
        return None
    offset, length, kind, ident = parts
    try:
        start, size = int(offset), int(length)
    except ValueError:
        return None
    ident = ident.strip()
    return Annotation(start, size, kind, None if ident in ("", "None", "-") else ident)


def _annotations(value: Any, index: int) -> tuple[Annotation, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(a, str) for a in value):
        raise _bad(f"item {index} with annotations that are not a list of strings")
    # A malformed annotation string is a lost hint, not a broken answer: it is skipped.
    return tuple(a for a in map(parse_annotation, value) if a is not None)


def _optional_str(item: dict[str, Any], key: str, index: int) -> str | None:
    """A string field that may be null or missing; "" counts as null."""
    value = item.get(key)
    if value is None or isinstance(value, str):
        return value or None
    raise _bad(f"item {index} whose {key!r} is {type(value).__name__}, not a string or null")


def _pmid(value: Any, index: int) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return str(value)
    if isinstance(value, str) and value.strip().isdigit():
        return value.strip()
    raise _bad(f"item {index} without a usable pmid ({value!r})")


def _hit(item: Any, index: int) -> LitSenseHit:
    if not isinstance(item, dict):
        raise _bad(f"item {index} that is {type(item).__name__}, not an object")
    text, score = item.get("text"), item.get("score")
    if not isinstance(text, str):
        raise _bad(f"item {index} without a text")
    if isinstance(score, bool) or not isinstance(score, int | float) or not math.isfinite(score):
        raise _bad(f"item {index} without a numeric score ({score!r})")
    return LitSenseHit(
        pmid=_pmid(item.get("pmid"), index),
        text=text,
        score=float(score),
        section=_optional_str(item, "section", index),
        pmcid=_optional_str(item, "pmcid", index),
        annotations=_annotations(item.get("annotations"), index),
        position=index,
    )


def _no_match(data: dict[str, Any]) -> None:
    """Return for LitSense's no-match body; raise for any other `{"detail": ...}` body."""
    detail = data.get("detail")
    if isinstance(detail, str) and detail.startswith(NO_MATCH_PREFIX):
        return
    shown = json.dumps(detail)[:200]
    # A FastAPI error (unknown path: {"detail": "Not Found"}; bad parameters: 422) will not
    # succeed if repeated, so it is a plain SourceError: HttpClient neither retries nor caches it.
    raise SourceError(
        f"LitSense refused the request: {shown}",
        source=SOURCE,
        tip="check LITCHECK_LITSENSE_URL (it should end in /litsense2-api/api/) and the query",
    )


def parse_sentences(content: bytes) -> list[LitSenseHit]:
    """The hits of one `sentences/` answer, best score first (stable for equal scores).

    The no-match body gives []. Raises `BadResponse` for HTML, non-JSON, or JSON that is not a
    list of hit objects (HttpClient retries those and never caches them), and `SourceError` for
    any other `{"detail": ...}` body (not retried).

    # NOTE: LitSense's list is not strictly sorted by score: in every capture the last one to
    # three items score higher than the one before (1.0 at the end of both sentence captures).
    # Re-sorting moves those to the top; `LitSenseHit.position` keeps the wire order.
    """
    data = _load(content)
    if isinstance(data, dict) and "detail" in data:
        _no_match(data)
        return []
    if not isinstance(data, list):
        raise _bad(f"JSON {type(data).__name__} where a list of sentences was expected")
    hits = [_hit(item, i) for i, item in enumerate(data)]
    return sorted(hits, key=lambda h: -h.score)


def validate_sentences(content: bytes) -> None:
    """`HttpClient` validator: accept exactly what `parse_sentences` accepts."""
    parse_sentences(content)


def by_pmid(hits: Sequence[LitSenseHit]) -> list[PmidMatch]:
    """Group `hits` per PMID: each PMID once, best sentence first, ranked by that score.

    Ties keep the order of `hits` (pass them as `parse_sentences` returns them).
    """
    groups: dict[str, list[LitSenseHit]] = {}
    for hit in hits:
        groups.setdefault(hit.pmid, []).append(hit)
    ordered = sorted(
        (sorted(group, key=lambda h: -h.score) for group in groups.values()),
        key=lambda group: -group[0].score,
    )
    return [
        PmidMatch(
            pmid=group[0].pmid,
            rank=rank,
            score=group[0].score,
            sentence=group[0].text,
            section=group[0].section,
            hits=tuple(group),
        )
        for rank, group in enumerate(ordered, start=1)
    ]


def ranking(hits: Sequence[LitSenseHit]) -> tuple[tuple[str, ...], dict[str, PmidMatch]]:
    """What a pipeline needs from `hits`: the PMIDs best first, and each PMID's `PmidMatch`
    (best sentence, its section and score, the PMID's rank, all its sentences)."""
    matches = by_pmid(hits)
    return tuple(m.pmid for m in matches), {m.pmid: m for m in matches}
