"""Data for the openFDA stand-in: Drugs@FDA tables -> `/drug/drugsfda.json` results, plus labels.

The drugsfda results are built from FDA's own Drugs@FDA download (the raw source openFDA's
pipeline turns into the endpoint), so approval dates, sponsors and products are real:
`../shared/fixtures/openfda/fda_openfda_testdata/drugsatfda.zip` (FDA/openfda test data, CC0,
tables as of 2019-07-02). The result shape follows the recorded api.fda.gov answers in
tests/fixtures/openfda/ (application_number "NDA016812", submissions with "YYYYMMDD" dates and
submission_class_code(_description), products with active_ingredients[{name, strength}]).

Labels come from `standins/data/openfda/labels.json` (attributed wording, see PROVENANCE.md there);
an application with a label also gets the label's `openfda` annotation block, as on api.fda.gov.

    python -m standins.openfda_data --zip PATH --ingredient ketamine --ingredient esketamine \
        --out standins/data/openfda/drugsfda.json
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data" / "openfda"
DRUGSFDA_FILE = DATA_DIR / "drugsfda.json"
LABELS_FILE = DATA_DIR / "labels.json"
DEFAULT_ZIP = (
    Path(__file__).resolve().parents[2]
    / "shared/fixtures/openfda/fda_openfda_testdata/drugsatfda.zip"
)
DEFAULT_INGREDIENTS = ("ketamine", "esketamine", "arketamine")
_WORD = re.compile(r"[a-z0-9]+")


def _table(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    text = archive.read(name).decode("latin-1")
    reader = csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def _date(value: str) -> str:
    """ "1970-02-19 00:00:00" -> "19700219" (openFDA's date format)."""
    return value[:10].replace("-", "") if value else ""


def _yes_no(value: str) -> str:
    return {"1": "Yes", "0": "No"}.get(value, value)


@dataclass
class _Tables:
    """The Drugs@FDA tables `build_drugsfda` joins (rows, or lookups keyed by their ids)."""

    applications: list[dict[str, str]]
    products: list[dict[str, str]]
    submissions: list[dict[str, str]]
    docs: list[dict[str, str]]
    classes: dict[str, dict[str, str]]
    statuses: dict[str, str]
    marketing: dict[tuple[str, str], str]
    te_codes: dict[tuple[str, str], str]
    doc_types: dict[str, str]

    @classmethod
    def read(cls, zip_path: Path) -> _Tables:
        with zipfile.ZipFile(zip_path) as archive:
            return cls(
                applications=_table(archive, "Applications.txt"),
                products=_table(archive, "Products.txt"),
                submissions=_table(archive, "Submissions.txt"),
                docs=_table(archive, "ApplicationDocs.txt"),
                classes={
                    r["SubmissionClassCodeID"]: r
                    for r in _table(archive, "SubmissionClass_Lookup.txt")
                },
                statuses={
                    r["MarketingStatusID"]: r["MarketingStatusDescription"]
                    for r in _table(archive, "MarketingStatus_Lookup.txt")
                },
                marketing={
                    (r["ApplNo"], r["ProductNo"]): r["MarketingStatusID"]
                    for r in _table(archive, "MarketingStatus.txt")
                },
                te_codes={
                    (r["ApplNo"], r["ProductNo"]): r["TECode"] for r in _table(archive, "TE.txt")
                },
                doc_types={
                    r["ApplicationDocsType_Lookup_ID"]: r["ApplicationDocsType_Lookup_Description"]
                    for r in _table(archive, "ApplicationsDocsType_Lookup.txt")
                },
            )


def build_drugsfda(
    zip_path: Path, ingredients: Iterable[str] | None = None
) -> list[dict[str, Any]]:
    """openFDA-shaped drugsfda results for applications with one of `ingredients` (all if None).

    Ingredients match word-wise, as openFDA's analysed field does: "ketamine" matches
    "KETAMINE HYDROCHLORIDE" but not "ESKETAMINE HYDROCHLORIDE".
    """
    wanted = {w.lower() for w in ingredients} if ingredients is not None else None
    t = _Tables.read(zip_path)

    by_appl: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in t.products:
        by_appl[row["ApplNo"]].append(row)
    keep = {
        appl
        for appl, rows in by_appl.items()
        if wanted is None
        or any(wanted & set(_WORD.findall(r["ActiveIngredient"].lower())) for r in rows)
    }
    subs: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in t.submissions:
        if row["ApplNo"] in keep:
            subs[row["ApplNo"]].append(row)
    docs: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for row in t.docs:
        if row["ApplNo"] in keep:
            docs[(row["ApplNo"], row["SubmissionType"], row["SubmissionNo"])].append(row)

    results: list[dict[str, Any]] = []
    for app in t.applications:
        appl = app["ApplNo"]
        if appl not in keep:
            continue
        result: dict[str, Any] = {
            "submissions": [
                _submission(s, t.classes, docs, t.doc_types) for s in subs.get(appl, [])
            ],
            "application_number": f"{app['ApplType']}{appl}",
            "sponsor_name": app["SponsorName"],
            "openfda": {},
            "products": [_product(p, t.statuses, t.marketing, t.te_codes) for p in by_appl[appl]],
        }
        if not result["submissions"]:
            del result["submissions"]
        results.append(result)
    return results


def _submission(
    row: dict[str, str],
    classes: dict[str, dict[str, str]],
    docs: dict[tuple[str, str, str], list[dict[str, str]]],
    doc_types: dict[str, str],
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "submission_type": row["SubmissionType"],
        "submission_number": row["SubmissionNo"],
        "submission_status": row["SubmissionStatus"],
        "submission_status_date": _date(row["SubmissionStatusDate"]),
    }
    if row.get("ReviewPriority"):
        out["review_priority"] = row["ReviewPriority"]
    klass = classes.get(row["SubmissionClassCodeID"])
    if klass:
        out["submission_class_code"] = klass["SubmissionClassCode"]
        if klass["SubmissionClassCodeDescription"]:
            out["submission_class_code_description"] = klass["SubmissionClassCodeDescription"]
    if row.get("SubmissionsPublicNotes"):
        out["submission_public_notes"] = row["SubmissionsPublicNotes"]
    attached = docs.get((row["ApplNo"], row["SubmissionType"], row["SubmissionNo"]), [])
    if attached:
        out["application_docs"] = [
            {
                "id": d["ApplicationDocsID"],
                "url": d["ApplicationDocsURL"],
                "date": _date(d["ApplicationDocsDate"]),
                "type": doc_types.get(d["ApplicationDocsTypeID"], "Other"),
            }
            for d in attached
        ]
    return out


def _product(
    row: dict[str, str],
    statuses: dict[str, str],
    marketing: dict[tuple[str, str], str],
    te_codes: dict[tuple[str, str], str],
) -> dict[str, Any]:
    names = [n.strip() for n in row["ActiveIngredient"].split(";")]
    strengths = [s.strip() for s in row["Strength"].split(";")]
    if len(strengths) != len(names):
        strengths = [row["Strength"]] * len(names)
    form, _, route = row["Form"].partition(";")
    out: dict[str, Any] = {
        "product_number": row["ProductNo"],
        "reference_drug": _yes_no(row["ReferenceDrug"]),
        "brand_name": row["DrugName"],
        "active_ingredients": [
            {"name": n, "strength": s} for n, s in zip(names, strengths, strict=True)
        ],
        "reference_standard": _yes_no(row.get("ReferenceStandard", "")),
        "dosage_form": form.strip().upper(),
        "route": route.strip().upper(),
        "marketing_status": statuses.get(marketing.get((row["ApplNo"], row["ProductNo"]), ""), ""),
    }
    te = te_codes.get((row["ApplNo"], row["ProductNo"]))
    if te:
        out["te_code"] = te
    return {k: v for k, v in out.items() if v != ""}


def load_labels(path: Path = LABELS_FILE) -> list[dict[str, Any]]:
    """Label results (openFDA /drug/label.json shape) from the attributed data file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return list(data["results"])


def load_drugsfda(
    path: Path = DRUGSFDA_FILE, labels: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """drugsfda results; applications with a label get its `openfda` block, as api.fda.gov does."""
    results: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["results"]
    annotate(results, labels if labels is not None else load_labels())
    return results


def annotate(results: list[dict[str, Any]], labels: list[dict[str, Any]]) -> None:
    by_number = {
        number: label.get("openfda", {})
        for label in labels
        for number in label.get("openfda", {}).get("application_number", [])
    }
    for result in results:
        block = by_number.get(result.get("application_number", ""))
        if block:
            result["openfda"] = dict(block)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zip", type=Path, default=DEFAULT_ZIP, help="drugsatfda.zip")
    parser.add_argument("--ingredient", action="append", help="keep applications with it (repeat)")
    parser.add_argument("--out", type=Path, default=DRUGSFDA_FILE)
    args = parser.parse_args(argv)
    ingredients = args.ingredient or list(DEFAULT_INGREDIENTS)
    results = build_drugsfda(args.zip, ingredients)
    payload = {
        "source": f"built by standins/openfda_data.py from {args.zip.name} (Drugs@FDA, 2019-07-02)",
        "ingredients": ingredients,
        "results": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print(f"{len(results)} applications -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
