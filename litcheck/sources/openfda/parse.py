"""openFDA JSON to plain values: result pages, error bodies, and the label's text fields.

Shapes follow https://open.fda.gov/apis/drug/drugsfda/ and /drug/label/: a page is
`{"meta": {"results": {"skip", "limit", "total"}}, "results": [...]}`; an error is
`{"error": {"code": "NOT_FOUND", "message": "No matches found!"}}`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from msgspec import Struct

from litcheck.errors import BadResponse

SOURCE = "openfda"


class Page(Struct, frozen=True):
    """One answer from an openFDA endpoint."""

    total: int
    """Hits openFDA reports (may exceed len(results))."""
    results: tuple[Mapping[str, Any], ...] = ()


def _load(content: bytes) -> dict[str, Any]:
    try:
        data = json.loads(content)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        snippet = content[:80].decode("utf-8", "replace").strip()
        raise BadResponse(
            f"openFDA sent something that is not JSON ({exc.__class__.__name__}: {snippet!r})",
            source=SOURCE,
            tip="a proxy or captive portal may be in the way; check LITCHECK_OPENFDA_URL",
        ) from None
    if not isinstance(data, dict):
        raise BadResponse("openFDA sent JSON that is not an object", source=SOURCE)
    return data


def validate_json(content: bytes) -> None:
    """`HttpClient` validator: a body that is not a JSON object is retried, never cached."""
    _load(content)


def error_code(content: bytes) -> str | None:
    """The `error.code` of an openFDA error body ("NOT_FOUND", "BAD_REQUEST"), else None."""
    try:
        data = json.loads(content)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    error = data.get("error") if isinstance(data, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    return code if isinstance(code, str) else None


def parse_page(status: int, content: bytes) -> Page:
    """A result page; HTTP 404 `NOT_FOUND` is an empty page.

    # NOTE: openFDA answers a search with no hits with HTTP 404 and
    # {"error": {"code": "NOT_FOUND", "message": "No matches found!"}}; the maintainers keep it
    # that way because clients depend on it. See: https://github.com/FDA/openfda/issues/58
    """
    data = _load(content)
    error = data.get("error")
    if status == 404 or error is not None:
        code = error.get("code") if isinstance(error, dict) else None
        if code == "NOT_FOUND":
            return Page(total=0)
        message = error.get("message") if isinstance(error, dict) else None
        raise BadResponse(
            f"openFDA answered HTTP {status} with error {code or '?'}: {message or 'no message'}",
            source=SOURCE,
        )
    results = data.get("results")
    if not isinstance(results, list):
        raise BadResponse("openFDA answer has no results list", source=SOURCE)
    total = len(results)
    meta = data.get("meta")
    if isinstance(meta, dict) and isinstance(meta.get("results"), dict):
        reported = meta["results"].get("total")
        if isinstance(reported, int):
            total = reported
    return Page(total=total, results=tuple(r for r in results if isinstance(r, dict)))


# Label text -------------------------------------------------------------------------------------

_SECTION_NUMBER = re.compile(r"^\s*1\s+INDICATIONS\s*(?:AND|&)\s*USAGE\s*", re.IGNORECASE)
_INITIAL_APPROVAL = re.compile(r"Initial\s+U\.?\s?S\.?\s+Approval\s*:?\s*(\d{4})", re.IGNORECASE)
_SCHEDULE_WORD = re.compile(r"\bSchedule\s+(V|IV|III|II|I)\b")
_SCHEDULE_MARK = re.compile(r",\s*C(V|IV|III|II|I)\b")
_SCHEDULE_FIELDS = ("controlled_substance", "drug_abuse_and_dependence", "dea_schedule")


def strings(value: Any) -> list[str]:
    """Every string in a label field (openFDA gives most fields as lists of strings)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, Sequence):
        return [v for v in value if isinstance(v, str)]
    return []


def first(value: Any) -> str | None:
    found = strings(value)
    return found[0] if found else None


def clean_section(text: str) -> str:
    """Section text without its heading ("1 INDICATIONS AND USAGE ...") and extra spaces."""
    return " ".join(_SECTION_NUMBER.sub("", text).split())


def initial_us_approval(label: Mapping[str, Any]) -> str | None:
    """The year of the label's "Initial U.S. Approval: 1970" line, wherever openFDA put it.

    openFDA has no field for the highlights; the line turns up in `spl_unclassified_section`,
    `description` or elsewhere, so every text field is searched.
    """
    for key in sorted(label):
        for text in strings(label[key]):
            match = _INITIAL_APPROVAL.search(text)
            if match:
                return match.group(1)
    return None


def schedule(label: Mapping[str, Any]) -> str | None:
    """DEA schedule ("CIII") from the controlled-substance section or a ", CIII" title mark."""
    for key in _SCHEDULE_FIELDS:
        for text in strings(label.get(key)):
            match = _SCHEDULE_WORD.search(text) or _SCHEDULE_MARK.search(text)
            if match:
                return "C" + match.group(1)
    for key in ("spl_unclassified_section", "description", "package_label_principal_display_panel"):
        for text in strings(label.get(key)):
            match = _SCHEDULE_MARK.search(text)
            if match:
                return "C" + match.group(1)
    return None
