"""The candidate half of the results codec: Candidate/Record <-> CONTRACT.md candidate objects.

Writer and reader sit side by side, key for key; `tests/results/test_codec.py` writes every
carried field of a rich candidate and reads it back equal. Reading is tolerant: every key has a
default, so older or partial files load. Not carried (the JSON never had them): a record's
abstract, MeSH, keywords, language, notices, journal abbreviation, authors' fore names and
affiliations; openFDA strengths, label set id, schedule, pharmacologic class; the candidate's
first query.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from litcheck.models import (
    Author,
    Candidate,
    Evidence,
    FdaApproval,
    FdaFacts,
    FdaProduct,
    Record,
)

_INITIALS = re.compile(r"^[A-Z][A-Za-z]{0,3}$")


def _fda_to_dict(fda: FdaFacts) -> dict[str, Any]:
    return {
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


def _fda_from_dict(c: Mapping[str, Any], ident: str) -> FdaFacts:
    return FdaFacts(
        application_number=str(c.get("application_number") or ident.split(":", 1)[-1]),
        sponsor=str_or_none(c.get("sponsor")),
        products=tuple(_product(p) for p in list_of(c.get("products"))),
        original_approval=str_or_none(c.get("approval_date")),
        approvals=tuple(_approval(a) for a in list_of(c.get("approvals")) if isinstance(a, dict)),
        indications=tuple(str(i) for i in list_of(c.get("indications"))),
        initial_us_approval=str_or_none(c.get("initial_us_approval")),
        boxed_warning=str_or_none(c.get("boxed_warning")),
    )


def record_to_dict(r: Record) -> dict[str, Any]:
    """A record's keys of a candidate object (openFDA keys only for openFDA records)."""
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
        out.update(_fda_to_dict(r.fda))
    return out


def record_from_dict(c: Mapping[str, Any]) -> Record:
    """Inverse of `record_to_dict`; a missing `pub_date` falls back to `approval_date`."""
    source = str(c.get("source") or "pubmed")
    pmid = str_or_none(c.get("pmid"))
    ident = str_or_none(c.get("id")) or (f"pubmed:{pmid}" if pmid else f"{source}:?")
    fda = None
    if source == "openfda" or c.get("application_number"):
        fda = _fda_from_dict(c, ident)
    pub_date = (
        str_or_none(c.get("pub_date")) if "pub_date" in c else str_or_none(c.get("approval_date"))
    )
    return Record(
        source=source,
        id=ident,
        title=str(c.get("title") or ""),
        journal=str_or_none(c.get("journal")),
        year=year_of(c.get("year")),
        pub_date=pub_date,
        authors=tuple(parse_author(a) for a in list_of(c.get("authors")) if str(a).strip()),
        pub_types=tuple(str(p) for p in list_of(c.get("pub_types"))),
        pmid=pmid,
        doi=str_or_none(c.get("doi")),
        pmcid=str_or_none(c.get("pmcid")),
        volume=str_or_none(c.get("volume")),
        issue=str_or_none(c.get("issue")),
        pages=str_or_none(c.get("pages")),
        url=str_or_none(c.get("url")),
        fda=fda,
    )


def candidate_to_dict(c: Candidate, rank: int) -> dict[str, Any]:
    """One candidate object of CONTRACT.md: rank, the record's keys, then the scoring keys."""
    out = {"rank": rank, **record_to_dict(c.record)}
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
            "found_by": list(c.found_by),
        }
    )
    return out


def candidate_from_dict(c: Mapping[str, Any]) -> Candidate:
    """Inverse of `candidate_to_dict` (the rank is the list order; see `result_from_json`).

    Raises ValueError or TypeError when a key holds a value of the wrong kind.
    """
    evidence = c.get("evidence")
    flag_reasons = c.get("flag_reasons") or {}
    features = c.get("features") or {}
    return Candidate(
        record=record_from_dict(c),
        confidence=float(c.get("confidence") or 0.0),
        reasons=tuple(str(r) for r in list_of(c.get("reasons"))),
        flags=tuple(str(f) for f in list_of(c.get("flags"))),
        flag_reasons={str(k): str(v) for k, v in _mapping(flag_reasons).items()},
        evidence=(
            Evidence(field=str(evidence.get("field") or ""), text=str(evidence.get("text") or ""))
            if isinstance(evidence, dict) and evidence.get("text")
            else None
        ),
        features={str(k): float(v) for k, v in _mapping(features).items()},
        source_rank=int_or_none(c.get("source_rank")),
        found_by=tuple(str(k) for k in list_of(c.get("found_by"))),
    )


def parse_author(name: object) -> Author:
    """ "Krystal JH" -> Author(last_name="Krystal", initials="JH"); other shapes are collective."""
    text = str(name).strip()
    last, _, initials = text.rpartition(" ")
    if last and _INITIALS.match(initials) and initials[0].isupper():
        return Author(last_name=last, initials=initials)
    return Author(collective=text)


def _product(p: object) -> FdaProduct:
    if isinstance(p, dict):
        return FdaProduct(
            brand_name=str(p.get("brand_name") or ""),
            active_ingredients=tuple(str(i) for i in list_of(p.get("active_ingredients"))),
            dosage_form=str_or_none(p.get("dosage_form")),
            route=str_or_none(p.get("route")),
            marketing_status=str_or_none(p.get("marketing_status")),
        )
    return FdaProduct(brand_name=str(p))


def _approval(a: Mapping[str, Any]) -> FdaApproval:
    return FdaApproval(
        date=str(a.get("date") or ""),
        submission_type=str(a.get("type") or ""),
        class_code=str_or_none(a.get("class")),
    )


def _mapping(value: object) -> Mapping[Any, Any]:
    if not isinstance(value, dict):
        raise TypeError(f"expected an object, got {type(value).__name__}")
    return value


def list_of(value: object) -> Iterable[Any]:
    """`value` when it is a list, else an empty one (a missing or mistyped key)."""
    return value if isinstance(value, list) else []


def str_or_none(value: object) -> str | None:
    """`value` as text; None and "" -> None."""
    return str(value) if value not in (None, "") else None


def int_or_none(value: object) -> int | None:
    """12, "12" -> 12; None, "" and non-numbers -> None."""
    try:
        return int(str(value)) if value not in (None, "") else None
    except ValueError:
        return None


def year_of(value: object) -> int | None:
    """2023, "2023" or "2023-12-05" -> 2023."""
    return int_or_none(str(value)[:4]) if value not in (None, "") else None
