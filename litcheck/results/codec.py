"""The machine contract: RESULT objects as CONTRACT.md describes them. Add keys, never rename.

One codec: each writer (`*_to_dict`) has its reader (`*_from_json`) beside it, here for results,
claims, facets and queries and in `litcheck.results.records` for candidates, so a key that is
written is also read. `load_line` is the one way a results line becomes a ClaimResult (used by
`check`'s resume and by `review`/`report`). Derived keys that are written but not read back:
`returned` (the number of ids a query returned; the ids themselves are not carried). Facet
`related_substances` are read back onto the first intervention (the JSON does not say which
intervention they belong to). Not carried: facet keywords, a query's ids and error, requests.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from msgspec.structs import replace

from litcheck.models import (
    Claim,
    ClaimResult,
    Facets,
    Origin,
    Quantity,
    Query,
    QueryRun,
    Status,
    Term,
    claim_id,
)
from litcheck.models.context import context_from_json, context_to_json
from litcheck.results.decisions import decision_from_json, decision_to_json
from litcheck.results.records import (
    candidate_from_dict,
    candidate_to_dict,
    int_or_none,
    list_of,
    str_or_none,
    year_of,
)

SCHEMA = "litcheck.results/1"
_FACET_KINDS = {
    "interventions": "intervention",
    "conditions": "condition",
    "organisms": "organism",
    "institutions": "institution",
    "agencies": "agency",
    "designs": "design",
    "concepts": "concept",
}


def facets_to_dict(f: Facets) -> dict[str, Any]:
    """A claim's `facets` object."""
    return {
        "interventions": [t.canonical for t in f.interventions],
        "related_substances": sorted({r for t in f.interventions for r in t.related}),
        "conditions": [t.canonical for t in f.conditions],
        "organisms": [t.canonical for t in f.organisms],
        "institutions": [t.canonical for t in f.institutions],
        "agencies": [t.canonical for t in f.agencies],
        "designs": [t.canonical for t in f.designs],
        "concepts": [t.canonical for t in f.concepts],
        "years": list(f.years),
        "decade": f.decade,
        "recency": f.recency,
        "numbers": [q.text for q in f.numbers],
        "regulatory": f.regulatory,
        "inherited": [t.canonical for t in f.all_terms() if t.inherited],
    }


def facets_from_json(data: Mapping[str, Any]) -> Facets:
    """Inverse of `facets_to_dict` (numbers are parsed again from their text)."""

    inherited = {str(v) for v in list_of(data.get("inherited"))}

    def terms(key: str) -> tuple[Term, ...]:
        kind = _FACET_KINDS[key]
        return tuple(
            Term(canonical=str(v), kind=kind, inherited=str(v) in inherited)
            for v in list_of(data.get(key))
        )

    interventions = terms("interventions")
    related = tuple(str(r) for r in list_of(data.get("related_substances")))
    if interventions and related:
        first = interventions[0]
        interventions = (replace(first, related=related), *interventions[1:])
    years = tuple(y for y in (year_of(v) for v in list_of(data.get("years"))) if y is not None)
    return Facets(
        interventions=interventions,
        conditions=terms("conditions"),
        organisms=terms("organisms"),
        institutions=terms("institutions"),
        agencies=terms("agencies"),
        designs=terms("designs"),
        concepts=terms("concepts"),
        years=years,
        decade=int_or_none(data.get("decade")),
        recency=str(data["recency"]) if data.get("recency") else None,
        numbers=tuple(_quantity(str(n)) for n in list_of(data.get("numbers"))),
        regulatory=bool(data.get("regulatory")),
    )


def _quantity(text: str) -> Quantity:
    from litcheck.claims.quantities import find_quantities

    found, _ = find_quantities(text)
    if len(found) == 1 and found[0].text == text:
        return found[0]
    return Quantity(text=text, value=0.0, unit="")


def _query_to_dict(run: QueryRun) -> dict[str, Any]:
    out = {
        "source": run.query.source,
        "query": run.query.term,
        "rung": run.query.rung,
        "label": run.query.label,
        "count": run.count,
        "translation": run.translation,
        "returned": len(run.ids),
    }
    if "endpoint" in run.query.params:
        out["endpoint"] = run.query.params["endpoint"]
    return out


def _query_from_json(q: Mapping[str, Any]) -> QueryRun:
    endpoint = q.get("endpoint")
    query = Query(
        source=str(q.get("source") or "pubmed"),
        term=str(q.get("query") or ""),
        rung=int_or_none(q.get("rung")) or 0,
        label=str(q.get("label") or ""),
        params={"endpoint": str(endpoint)} if endpoint else {},
    )
    translation = q.get("translation")
    return QueryRun(
        query=query,
        count=int_or_none(q.get("count")) or 0,
        translation=str(translation) if translation is not None else None,
    )


def result_to_dict(r: ClaimResult) -> dict[str, Any]:
    """One RESULT (CONTRACT.md)."""
    claim = r.claim
    return {
        "claim": {
            "id": claim.id,
            "text": claim.text,
            "origin": {"file": claim.origin.file, "line": claim.origin.line},
            "facets": facets_to_dict(claim.facets),
            "meta": dict(claim.meta),
            "kind": claim.kind,
            "context": context_to_json(claim.context),
        },
        "status": r.status.value,
        "skipped_reason": r.skipped_reason,
        "source_errors": dict(r.source_errors),
        "queries": [_query_to_dict(run) for run in r.queries],
        "candidates": [candidate_to_dict(c, i) for i, c in enumerate(r.candidates, start=1)],
        "decision": decision_to_json(r.decision) if r.decision else None,
    }


def _claim_from_json(data: Mapping[str, Any]) -> Claim:
    text = str(data.get("text") or "")
    origin = data.get("origin") or {}
    return Claim(
        id=str(data.get("id") or claim_id(text)),
        text=text,
        origin=Origin(file=str_or_none(origin.get("file")), line=int_or_none(origin.get("line"))),
        facets=facets_from_json(data.get("facets") or {}),
        meta={str(k): str(v) for k, v in (data.get("meta") or {}).items()},
        context=context_from_json(data.get("context")),
        kind=str_or_none(data.get("kind")),
    )


def result_from_json(data: Mapping[str, Any]) -> ClaimResult:
    """Inverse of `result_to_dict`, tolerant of missing keys (older or partial files).

    Raises ValueError, TypeError or AttributeError when a key holds the wrong kind of value.
    """
    claim = _claim_from_json(data.get("claim") or {})
    raw = [c for c in list_of(data.get("candidates")) if isinstance(c, dict)]
    raw.sort(key=lambda c: int_or_none(c.get("rank")) or 10**6)
    try:
        status = Status(str(data.get("status")))
    except ValueError:
        status = Status.MATCHED if raw else Status.NO_MATCH
    decision = None
    if isinstance(data.get("decision"), dict):
        try:
            decision = decision_from_json(data["decision"], claim.id)
        except ValueError:
            decision = None
    return ClaimResult(
        claim=claim,
        status=status,
        candidates=tuple(candidate_from_dict(c) for c in raw),
        queries=tuple(
            _query_from_json(q) for q in list_of(data.get("queries")) if isinstance(q, dict)
        ),
        skipped_reason=str_or_none(data.get("skipped_reason")),
        source_errors={str(k): str(v) for k, v in (data.get("source_errors") or {}).items()},
        decision=decision,
    )


def dumps_line(r: ClaimResult) -> str:
    """One JSONL line (no newline)."""
    return json.dumps(result_to_dict(r), ensure_ascii=False, separators=(",", ":"))


def load_object(obj: object) -> ClaimResult:
    """One decoded RESULT object as a ClaimResult.

    Raises ValueError for anything that is not one: not an object with a `claim` object, or
    keys holding the wrong kind of value.
    """
    if not isinstance(obj, dict) or not isinstance(obj.get("claim"), dict):
        raise ValueError("not a litcheck result")
    try:
        return result_from_json(obj)
    except (TypeError, AttributeError, KeyError) as exc:
        raise ValueError(f"not a litcheck result ({exc})") from exc


def load_line(line: str | bytes) -> ClaimResult:
    """One results line (as `dumps_line` writes it) back as a ClaimResult.

    Raises ValueError when the line is not UTF-8, not JSON (a torn line) or not a RESULT.
    """
    try:
        obj = json.loads(line)
    except RecursionError as exc:
        raise ValueError("nested too deeply") from exc
    return load_object(obj)


class JsonFormatter:
    def format(self, results: Sequence[ClaimResult]) -> str:
        """`{"schema": SCHEMA, "results": [RESULT, ...]}`, indented."""
        doc = {"schema": SCHEMA, "results": [result_to_dict(r) for r in results]}
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


class JsonlFormatter:
    def format(self, results: Sequence[ClaimResult]) -> str:
        """One `dumps_line` per result."""
        return "".join(dumps_line(r) + "\n" for r in results)
