"""The reviewed set: one row per claim with its verdict and, when confirmed, its reference.

Shared by every export format so Markdown, CSV, HTML, BibTeX and RIS agree on what was decided.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from msgspec import Struct

from litcheck.formats.inert import plain_text
from litcheck.models import Author, Candidate, ClaimResult, Decision, Record, Verdict
from litcheck.results.decisions import is_reviewed

FLAG_MEANING = {
    "retracted": "the article was retracted: do not cite it as support",
    "expression-of-concern": "the journal published an expression of concern about it",
    "animal-only": "a study in animals, while the claim is about people (or not limited to animals)",
    "in-vitro": "cell or tissue work, not a study in living people",
    "review": "a review, not a primary study: find the study it cites",
    "preprint": "a preprint, not peer reviewed",
    "year-mismatch": "published in a different year from the one the claim gives",
    "different-ingredient": "the approval is for a related substance, not the one the claim names",
    "different-indication": "the approval is for another use than the one the claim states",
}
"""What each flag means, for legends and for flags a record gives no reason for."""


class ReportRow(Struct, frozen=True):
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

    @property
    def flag_reasons(self) -> list[tuple[str, str]]:
        """Each flag of the confirmed reference with its one-line explanation."""
        return flag_reasons(self.reference) if self.reference is not None else []

    @property
    def origin(self) -> str:
        """ "article.txt:3", "article.txt", or "" for a claim typed on the command line."""
        origin = self.result.claim.origin
        if not origin.file:
            return f"line {origin.line}" if origin.line else ""
        return origin.file + (f":{origin.line}" if origin.line else "")

    @property
    def checked(self) -> str:
        """The claim as checked (references resolved when the article gave context)."""
        return self.result.claim.query_text

    @property
    def written(self) -> str:
        """The claim as the source wrote it, when that differs from the claim as checked."""
        text = self.result.claim.text
        return text if text.strip() != self.checked.strip() else ""

    @property
    def reviewer(self) -> str:
        return (self.decision.reviewer or "") if self.decision else ""

    @property
    def decided_at(self) -> str:
        return self.decision.at if self.decision else ""

    @property
    def confidence(self) -> float | None:
        return self.reference.confidence if self.reference else None

    @property
    def evidence(self) -> str:
        """The sentence of the confirmed reference that matches the claim."""
        evidence = self.reference.evidence if self.reference else None
        return evidence.text if evidence else ""


def flag_reasons(candidate: Candidate) -> list[tuple[str, str]]:
    """(flag, its one-line explanation) for each flag of `candidate`, in order; the record's own
    reason, else what the flag means in general (`FLAG_MEANING`)."""
    reasons = candidate.flag_reasons
    return [(f, reasons.get(f) or FLAG_MEANING.get(f, "")) for f in candidate.flags]


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


def source_name(results: Iterable[ClaimResult]) -> str:
    """The article(s) or claims file(s) the claims came from, in order ("" when none says)."""
    files = dict.fromkeys(r.claim.origin.file for r in results if r.claim.origin.file)
    return ", ".join(f for f in files if f)


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


def _sentence(text: str) -> str:
    """`text` ending in one full stop: "Is it?" stays, "Title." stays, "Title" gets one."""
    text = text.strip().rstrip(",;:").strip()
    return text if not text or text.endswith((".", "?", "!")) else text + "."


def citation(record: Record) -> str:
    """A one-line Vancouver-style reference for people (reports, tables), e.g.
    "Krystal JH, Kaye AP. Title. Journal. 2023;120(49):e23. doi:10.1/x. PMID: 380." Works
    without authors, journal, year or pages, and never doubles a title's own ? ! or full stop.
    """
    if record.fda is not None:
        fda = record.fda
        parts = [record.title or fda.application_number, f"Drugs@FDA {fda.application_number}"]
        if fda.sponsor:
            parts.append(fda.sponsor)
        if fda.original_approval:
            parts.append(f"Approved {fda.original_approval}")
        return " ".join(_sentence(plain_text(p)) for p in parts)
    names = [plain_text(a.display) for a in record.authors if a.display]
    authors = ", ".join(names[:6]) + (", et al" if len(names) > 6 else "")
    parts = [authors, plain_text(record.title), plain_text(record.journal or "")]
    if record.year:
        where = str(record.year)
        if record.volume:
            where += f";{record.volume}" + (f"({record.issue})" if record.issue else "")
        if record.pages:
            where += f":{record.pages}"
        parts.append(plain_text(where))
    if record.doi:
        parts.append(f"doi:{plain_text(record.doi)}")
    if record.pmid:
        parts.append(f"PMID: {plain_text(record.pmid)}")
    return " ".join(_sentence(p) for p in parts if p.strip())
