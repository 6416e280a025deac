"""Facts, not just records: one openFDA application (+ its label) as a `Record` with `FdaFacts`.

From the drugsfda submissions: the original approval (type ORIG, status AP) and the dates
supplements were approved. From the label: indications, boxed warning, "Initial U.S. Approval",
DEA schedule. A missing label leaves the indications empty ("indication not known"), never
guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from litcheck.models import AbstractSection, FdaApproval, FdaFacts, FdaProduct, Record
from litcheck.sources.openfda.names import display_ingredient
from litcheck.sources.openfda.parse import (
    clean_section,
    first,
    initial_us_approval,
    schedule,
    strings,
)

DRUGS_AT_FDA = (
    "https://www.accessdata.fda.gov/scripts/cder/daf/index.cfm?event=overview.process&ApplNo={}"
)
_APPNO = re.compile(r"^(NDA|ANDA|BLA)(\d{6})$")
_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def iso_date(value: object) -> str | None:
    """openFDA's "YYYYMMDD" as ISO "YYYY-MM-DD"; None when absent or malformed."""
    if not isinstance(value, str):
        return None
    match = _DATE.match(value.strip())
    return "-".join(match.groups()) if match else None


def drugs_at_fda_url(application_number: str) -> str:
    """The Drugs@FDA overview page of an application ("NDA211243" -> ApplNo=211243)."""
    match = _APPNO.match(application_number)
    return DRUGS_AT_FDA.format(match.group(2) if match else application_number)


def is_generic(application_number: str) -> bool:
    return application_number.startswith("ANDA")


def approvals(submissions: Iterable[Mapping[str, Any]]) -> tuple[FdaApproval, ...]:
    """Approved submissions (status AP), oldest first; ORIG before SUPPL on the same day."""
    found: list[FdaApproval] = []
    for sub in submissions:
        if sub.get("submission_status") != "AP":
            continue
        date = iso_date(sub.get("submission_status_date"))
        if date is None:
            continue
        kind = str(sub.get("submission_type") or "").strip().upper()
        found.append(
            FdaApproval(
                date=date,
                submission_type=kind,
                number=str(sub["submission_number"]) if sub.get("submission_number") else None,
                class_code=sub.get("submission_class_code") or None,
            )
        )
    return tuple(sorted(found, key=lambda a: (a.date, a.submission_type != "ORIG")))


def original_approval(approved: Sequence[FdaApproval]) -> str | None:
    """ISO date of the earliest approved ORIG submission, or None (old ANDAs may have none)."""
    dates = [a.date for a in approved if a.submission_type == "ORIG"]
    return min(dates) if dates else None


def products(result: Mapping[str, Any]) -> tuple[FdaProduct, ...]:
    """Distinct products (brand, ingredients, form, route); strengths merged."""
    merged: dict[tuple[str, tuple[str, ...], str, str], dict[str, Any]] = {}
    for product in result.get("products") or ():
        if not isinstance(product, Mapping):
            continue
        ingredients = product.get("active_ingredients") or ()
        names = tuple(str(i.get("name", "")).strip() for i in ingredients if i.get("name"))
        strength = ", ".join(str(i["strength"]) for i in ingredients if i.get("strength"))
        brand = str(product.get("brand_name") or "").strip()
        key = (brand, names, product.get("dosage_form") or "", product.get("route") or "")
        entry = merged.setdefault(key, {"strengths": [], "status": product.get("marketing_status")})
        if strength and strength not in entry["strengths"]:
            entry["strengths"].append(strength)
    return tuple(
        FdaProduct(
            brand_name=brand,
            active_ingredients=names,
            strengths=tuple(entry["strengths"]),
            dosage_form=form or None,
            route=route or None,
            marketing_status=entry["status"],
        )
        for (brand, names, form, route), entry in merged.items()
    )


def pick_label(
    labels: Sequence[Mapping[str, Any]], application_number: str
) -> Mapping[str, Any] | None:
    """The label for `application_number`: prefer one that gives indications, then the newest.

    Several SPL documents (repackagers, older versions) often carry the same application number.
    """
    mine = [
        label
        for label in labels
        if application_number in strings((label.get("openfda") or {}).get("application_number"))
    ]
    if not mine:
        return None
    return max(
        mine,
        key=lambda lb: (
            bool(strings(lb.get("indications_and_usage"))),
            str(lb.get("effective_time") or ""),
        ),
    )


def title(items: Sequence[FdaProduct], application_number: str) -> str:
    """ "SPRAVATO (esketamine hydrochloride)": the first product's brand and ingredients."""
    if not items:
        return application_number
    product = items[0]
    ingredients = " / ".join(i.lower() for i in product.active_ingredients)
    brand = product.brand_name or application_number
    return f"{brand} ({ingredients})" if ingredients else brand


def build_record(drugsfda: Mapping[str, Any], label: Mapping[str, Any] | None = None) -> Record:
    """One openFDA `Record` ("openfda:NDA211243") from a drugsfda result and its label, if any."""
    number = str(drugsfda.get("application_number") or "").strip()
    approved = approvals(drugsfda.get("submissions") or ())
    original = original_approval(approved)
    items = products(drugsfda)
    annotation = drugsfda.get("openfda") or {}
    label = label or {}
    label_annotation = label.get("openfda") or {}
    indications = tuple(
        clean_section(t) for t in strings(label.get("indications_and_usage")) if t.strip()
    )
    boxed = first(label.get("boxed_warning"))
    epc = strings(annotation.get("pharm_class_epc")) or strings(
        label_annotation.get("pharm_class_epc")
    )
    facts = FdaFacts(
        application_number=number,
        sponsor=drugsfda.get("sponsor_name") or None,
        products=items,
        original_approval=original,
        approvals=approved,
        indications=indications,
        boxed_warning=" ".join(boxed.split()) if boxed else None,
        initial_us_approval=initial_us_approval(label) if label else None,
        label_set_id=label.get("set_id") or None,
        schedule=schedule(label) if label else None,
        pharm_class_epc=tuple(dict.fromkeys(epc)),
    )
    abstract = tuple(AbstractSection(text=t, label="INDICATIONS AND USAGE") for t in indications)
    if facts.boxed_warning:
        abstract += (AbstractSection(text=facts.boxed_warning, label="BOXED WARNING"),)
    ingredients = {display_ingredient(i) for p in items for i in p.active_ingredients}
    return Record(
        source="openfda",
        id=f"openfda:{number}",
        title=title(items, number),
        abstract=abstract,
        journal="Drugs@FDA",
        year=int(original[:4]) if original else None,
        pub_date=original,
        keywords=tuple(sorted(ingredients)) + facts.pharm_class_epc,
        pub_types=("FDA application",),
        url=drugs_at_fda_url(number),
        fda=facts,
    )
