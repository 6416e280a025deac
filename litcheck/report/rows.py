"""The reviewed set: one row per claim with its verdict and, when confirmed, its reference.

Shared by every export format so Markdown, CSV, HTML, BibTeX and RIS agree on what was decided.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from litcheck.models import Author, Candidate, ClaimResult, Decision, Record, Verdict
from litcheck.results.decisions import is_reviewed


@dataclass(frozen=True)
class ReportRow:
    """One claim in a report."""

    result: ClaimResult
    decision: Decision | None
    reference: Candidate | None
    """The confirmed candidate, when the verdict is confirmed and it is in the results."""

    @property
    def verdict(self) -> str:
        if not is_reviewed(self.decision):
            return "unreviewed"
        assert self.decision is not None
        return self.decision.verdict.value

    @property
    def note(self) -> str:
        return (self.decision.note or "") if self.decision else ""

    @property
    def reference_id(self) -> str:
        """The confirmed record id, even if the results no longer hold that candidate."""
        if self.decision and self.decision.verdict is Verdict.CONFIRMED:
            return self.decision.candidate or ""
        return ""

    @property
    def flags(self) -> tuple[str, ...]:
        return self.reference.flags if self.reference else ()


def report_rows(
    results: Iterable[ClaimResult],
    latest: Mapping[str, Decision],
    *,
    include_unreviewed: bool = False,
) -> list[ReportRow]:
    """Rows in results order. Claims without a verdict are left out unless asked for."""
    rows: list[ReportRow] = []
    for result in results:
        decision = latest.get(result.claim.id, result.decision)
        if not include_unreviewed and not is_reviewed(decision):
            continue
        reference = None
        if decision is not None and decision.verdict is Verdict.CONFIRMED:
            reference = next(
                (c for c in result.candidates if c.record.id == decision.candidate), None
            )
        rows.append(ReportRow(result, decision, reference))
    return rows


def confirmed_records(rows: Iterable[ReportRow]) -> list[Record]:
    """The confirmed records, once each, in the order first confirmed."""
    seen: dict[str, Record] = {}
    for row in rows:
        if row.reference is not None:
            seen.setdefault(row.reference.record.id, row.reference.record)
    return list(seen.values())


def author_name(author: Author) -> str:
    """ "Krystal, J. H." (family, given initials) or the group name."""
    if author.collective or not author.last_name:
        return author.collective or ""
    initials = author.initials or (author.fore_name or "")[:1]
    given = " ".join(f"{ch}." for ch in initials if ch.isalpha())
    return f"{author.last_name}, {given}" if given else author.last_name


def page_range(pages: str | None) -> tuple[str | None, str | None]:
    """MEDLINE pages "1046-65" -> ("1046", "1065"); a single page -> (page, None)."""
    if not pages:
        return None, None
    first, sep, last = pages.partition("-")
    first, last = first.strip(), last.strip()
    if not sep or not last:
        return first, None
    # NOTE: MEDLINE abbreviates end pages ("1046-65" means 1046-1065).
    # See: https://www.nlm.nih.gov/bsd/mms/medlineelements.html#pg
    if last.isdigit() and first.isdigit() and len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return first, last


def citation(record: Record) -> str:
    """A one-line Vancouver-style reference for people (reports, tables)."""
    if record.fda is not None:
        fda = record.fda
        parts = [record.title or fda.application_number, f"Drugs@FDA {fda.application_number}"]
        if fda.sponsor:
            parts.append(fda.sponsor)
        if fda.original_approval:
            parts.append(f"Approved {fda.original_approval}")
        return ". ".join(parts) + "."
    names = [a.display for a in record.authors]
    authors = ", ".join(names[:6]) + (", et al" if len(names) > 6 else "")
    title = record.title.rstrip(".")
    out = f"{authors}. {title}." if authors else f"{title}."
    if record.journal:
        out += f" {record.journal}."
    if record.year:
        out += f" {record.year}"
        if record.volume:
            out += f";{record.volume}"
            if record.issue:
                out += f"({record.issue})"
        if record.pages:
            out += f":{record.pages}"
        out += "."
    if record.doi:
        out += f" doi:{record.doi}."
    if record.pmid:
        out += f" PMID: {record.pmid}."
    return out
