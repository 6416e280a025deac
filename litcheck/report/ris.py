"""RIS for the confirmed references, as Zotero, EndNote and Mendeley import it.

Tags follow the RIS specification (https://en.wikipedia.org/wiki/RIS_(file_format)): one
`TAG  - value` per line, `TY` first and `ER` last. PubMed records are JOUR with the PMID in `AN`
and `DB  - PubMed`; FDA approvals are GOVDOC.
"""

from __future__ import annotations

from collections.abc import Iterable

from litcheck.formats.inert import plain_text, safe_url
from litcheck.models import Record
from litcheck.report.rows import author_name, page_range


def _clean(text: str) -> str:
    # One line per tag: RIS has no continuation lines, so newlines become spaces (and a value
    # cannot start a line of its own, such as a forged `ER  -`).
    return plain_text(text)


def entry(record: Record) -> str:
    """One RIS record (TY … ER) for `record`."""
    lines: list[tuple[str, str]] = []
    if record.fda is not None:
        fda = record.fda
        lines.append(("TY", "GOVDOC"))
        lines.append(("AU", "U.S. Food and Drug Administration"))
        lines.append(("TI", record.title or fda.application_number))
        lines.append(("T2", "Drugs@FDA"))
        if record.year:
            lines.append(("PY", str(record.year)))
        if fda.original_approval:
            lines.append(("DA", fda.original_approval.replace("-", "/")))
        lines.append(("AN", fda.application_number))
        if fda.sponsor:
            lines.append(("PB", fda.sponsor))
    else:
        lines.append(("TY", "JOUR"))
        lines.extend(("AU", author_name(a)) for a in record.authors)
        lines.append(("TI", record.title))
        if record.journal:
            lines.append(("T2", record.journal))
        if record.year:
            lines.append(("PY", str(record.year)))
        if record.volume:
            lines.append(("VL", record.volume))
        if record.issue:
            lines.append(("IS", record.issue))
        first, last = page_range(record.pages)
        if first:
            lines.append(("SP", first))
        if last:
            lines.append(("EP", last))
        if record.doi:
            lines.append(("DO", record.doi))
        if record.pmid:
            lines.append(("AN", record.pmid))
            lines.append(("DB", "PubMed"))
        if record.pmcid:
            lines.append(("C2", record.pmcid))
    url = safe_url(record.url)
    if url:
        lines.append(("UR", url))
    body = "\n".join(f"{tag}  - {_clean(value)}" for tag, value in lines if _clean(value))
    return body + "\nER  - "


def to_ris(records: Iterable[Record]) -> str:
    """A .ris file for `records` (blank line between records)."""
    entries = [entry(r) for r in records]
    return "\n\n".join(entries) + ("\n" if entries else "")
