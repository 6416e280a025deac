"""Read a results file (`check --output`, JSONL or the `--format json` document) back into models.

The shape is CONTRACT.md's RESULT. Every key is read with a default: older or partial files
(no authors, no flags, an openFDA candidate without a journal) still load. When a claim id
appears on several lines (a resumed batch), the last line wins but keeps the first line's place.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from litcheck.claim_context import context_from_json
from litcheck.errors import InputError
from litcheck.models import (
    Author,
    Candidate,
    Claim,
    ClaimResult,
    Evidence,
    Facets,
    FdaFacts,
    FdaProduct,
    Origin,
    Record,
    Status,
    Term,
    claim_id,
)
from litcheck.results.decisions import decision_from_json

_FACET_KINDS = {
    "interventions": "intervention",
    "conditions": "condition",
    "organisms": "organism",
    "institutions": "institution",
    "agencies": "agency",
    "designs": "design",
    "concepts": "concept",
}
_INITIALS = re.compile(r"^[A-Z][A-Za-z]{0,3}$")


def read_results(path: Path) -> list[ClaimResult]:
    """Parse `path`; raise InputError (exit 2) when it is missing or holds no result."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(
            f"no results file at {path}", tip="run `litcheck check FILE --output results.jsonl`"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    results = parse_results(text, name=str(path))
    if not results:
        raise InputError(f"{path} holds no results", tip="is it the output of `litcheck check`?")
    return results


def parse_results(text: str, *, name: str = "<results>") -> list[ClaimResult]:
    """Results from JSONL text or a `{"schema": …, "results": […]}` document; last line wins."""
    objects: list[Any] = []
    stripped = text.lstrip()
    if stripped.startswith("{") and '"results"' in stripped[:200]:
        try:
            doc = json.loads(text)
            if isinstance(doc, dict) and isinstance(doc.get("results"), list):
                objects = list(doc["results"])
        except json.JSONDecodeError:
            objects = []
    if not objects:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                objects.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError(
                    f"{name}:{number}: not JSON ({exc.msg})",
                    tip="a results file has one JSON object per line",
                ) from None
    by_id: dict[str, ClaimResult] = {}
    for obj in objects:
        if isinstance(obj, dict) and isinstance(obj.get("claim"), dict):
            result = result_from_json(obj)
            by_id[result.claim.id] = result
    return list(by_id.values())


def result_from_json(data: Mapping[str, Any]) -> ClaimResult:
    """One RESULT object as a ClaimResult (tolerant of missing keys)."""
    claim_data: Mapping[str, Any] = data.get("claim") or {}
    text = str(claim_data.get("text") or "")
    origin = claim_data.get("origin") or {}
    claim = Claim(
        id=str(claim_data.get("id") or claim_id(text)),
        text=text,
        origin=Origin(file=origin.get("file"), line=origin.get("line")),
        facets=_facets(claim_data.get("facets") or {}),
        context=context_from_json(claim_data.get("context")),
        kind=_str(claim_data.get("kind")),
    )
    raw = [c for c in data.get("candidates") or [] if isinstance(c, dict)]
    raw.sort(key=lambda c: _int(c.get("rank")) or 10**6)
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
        candidates=tuple(candidate_from_json(c) for c in raw),
        skipped_reason=data.get("skipped_reason"),
        decision=decision,
    )


def candidate_from_json(c: Mapping[str, Any]) -> Candidate:
    """One candidate object as a Candidate wrapping its Record."""
    source = str(c.get("source") or "pubmed")
    pmid = _str(c.get("pmid"))
    ident = _str(c.get("id")) or (f"pubmed:{pmid}" if pmid else f"{source}:?")
    fda = None
    if source == "openfda" or c.get("application_number"):
        fda = FdaFacts(
            application_number=str(c.get("application_number") or ident.split(":", 1)[-1]),
            sponsor=_str(c.get("sponsor")),
            products=tuple(_product(p) for p in c.get("products") or []),
            original_approval=_str(c.get("approval_date")),
            indications=tuple(str(i) for i in c.get("indications") or []),
        )
    record = Record(
        source=source,
        id=ident,
        title=str(c.get("title") or ""),
        journal=_str(c.get("journal")),
        year=_year(c.get("year")),
        pub_date=_str(c.get("pub_date")) or _str(c.get("approval_date")),
        authors=tuple(parse_author(a) for a in c.get("authors") or [] if str(a).strip()),
        pmid=pmid,
        doi=_str(c.get("doi")),
        pmcid=_str(c.get("pmcid")),
        volume=_str(c.get("volume")),
        issue=_str(c.get("issue")),
        pages=_str(c.get("pages")),
        url=_str(c.get("url")),
        fda=fda,
    )
    evidence = c.get("evidence")
    return Candidate(
        record=record,
        confidence=float(c.get("confidence") or 0.0),
        reasons=tuple(str(r) for r in c.get("reasons") or []),
        flags=tuple(str(f) for f in c.get("flags") or []),
        flag_reasons={str(k): str(v) for k, v in (c.get("flag_reasons") or {}).items()},
        evidence=(
            Evidence(field=str(evidence.get("field") or ""), text=str(evidence.get("text") or ""))
            if isinstance(evidence, dict) and evidence.get("text")
            else None
        ),
        features={str(k): float(v) for k, v in (c.get("features") or {}).items()},
    )


def parse_author(name: object) -> Author:
    """ "Krystal JH" -> Author(last_name="Krystal", initials="JH"); other shapes are collective."""
    text = str(name).strip()
    last, _, initials = text.rpartition(" ")
    if last and _INITIALS.match(initials) and initials[0].isupper():
        return Author(last_name=last, initials=initials)
    return Author(collective=text)


def _facets(data: Mapping[str, Any]) -> Facets:
    inherited = {str(v) for v in _list(data.get("inherited"))}

    def terms(key: str) -> tuple[Term, ...]:
        kind = _FACET_KINDS[key]
        values = [str(v) for v in _list(data.get(key))]
        return tuple(Term(canonical=v, kind=kind, inherited=v in inherited) for v in values)

    years = tuple(y for y in (_year(v) for v in _list(data.get("years"))) if y is not None)
    return Facets(
        interventions=terms("interventions"),
        conditions=terms("conditions"),
        organisms=terms("organisms"),
        institutions=terms("institutions"),
        agencies=terms("agencies"),
        designs=terms("designs"),
        concepts=terms("concepts"),
        years=years,
    )


def _product(p: object) -> FdaProduct:
    if isinstance(p, dict):
        return FdaProduct(
            brand_name=str(p.get("brand_name") or ""),
            active_ingredients=tuple(str(i) for i in _list(p.get("active_ingredients"))),
        )
    return FdaProduct(brand_name=str(p))


def _list(value: object) -> Iterable[object]:
    return value if isinstance(value, list) else []


def _str(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def _int(value: object) -> int | None:
    try:
        return int(str(value)) if value not in (None, "") else None
    except ValueError:
        return None


def _year(value: object) -> int | None:
    """2023, "2023" or "2023-12-05" -> 2023."""
    return _int(str(value)[:4]) if value not in (None, "") else None
