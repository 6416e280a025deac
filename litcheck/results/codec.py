"""The machine contract: RESULT objects as CONTRACT.md describes them. Add keys, never rename."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from litcheck.claim_context import context_to_json
from litcheck.models import Candidate, ClaimResult, Facets, Record
from litcheck.results.decisions import decision_to_json

SCHEMA = "litcheck.results/1"


def facets_to_dict(f: Facets) -> dict[str, Any]:
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


def _record_fields(r: Record) -> dict[str, Any]:
    out: dict[str, Any] = {
        "source": r.source,
        "id": r.id,
        "pmid": r.pmid,
        "doi": r.doi,
        "pmcid": r.pmcid,
        "title": r.title,
        "journal": r.journal,
        "year": r.year,
        "pub_date": r.pub_date,
        "volume": r.volume,
        "issue": r.issue,
        "pages": r.pages,
        "authors": [a.display for a in r.authors],
        "pub_types": list(r.pub_types),
        "url": r.url,
    }
    if r.fda is not None:
        fda = r.fda
        out.update(
            {
                "application_number": fda.application_number,
                "sponsor": fda.sponsor,
                "approval_date": fda.original_approval,
                "products": [
                    {
                        "brand_name": p.brand_name,
                        "active_ingredients": list(p.active_ingredients),
                        "dosage_form": p.dosage_form,
                        "route": p.route,
                        "marketing_status": p.marketing_status,
                    }
                    for p in fda.products
                ],
                "approvals": [
                    {"date": a.date, "type": a.submission_type, "class": a.class_code}
                    for a in fda.approvals
                ],
                "indications": list(fda.indications),
                "initial_us_approval": fda.initial_us_approval,
                "boxed_warning": fda.boxed_warning,
            }
        )
    return out


def candidate_to_dict(c: Candidate, rank: int) -> dict[str, Any]:
    out = {"rank": rank, **_record_fields(c.record)}
    out.update(
        {
            "confidence": round(c.confidence, 4),
            "reasons": list(c.reasons),
            "flags": list(c.flags),
            "flag_reasons": dict(c.flag_reasons),
            "evidence": {"field": c.evidence.field, "text": c.evidence.text}
            if c.evidence
            else None,
            "features": dict(c.features),
            "source_rank": c.source_rank,
        }
    )
    return out


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
        "queries": [
            {
                "source": run.query.source,
                "query": run.query.term,
                "rung": run.query.rung,
                "label": run.query.label,
                "count": run.count,
                "translation": run.translation,
                "returned": len(run.ids),
                **(
                    {"endpoint": run.query.params["endpoint"]}
                    if "endpoint" in run.query.params
                    else {}
                ),
            }
            for run in r.queries
        ],
        "candidates": [candidate_to_dict(c, i) for i, c in enumerate(r.candidates, start=1)],
        "decision": decision_to_json(r.decision) if r.decision else None,
    }


def dumps_line(r: ClaimResult) -> str:
    """One JSONL line (no newline)."""
    return json.dumps(result_to_dict(r), ensure_ascii=False, separators=(",", ":"))


class JsonFormatter:
    def format(self, results: Sequence[ClaimResult]) -> str:
        doc = {"schema": SCHEMA, "results": [result_to_dict(r) for r in results]}
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


class JsonlFormatter:
    def format(self, results: Sequence[ClaimResult]) -> str:
        return "".join(dumps_line(r) + "\n" for r in results)
