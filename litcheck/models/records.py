"""Records: PubMed articles and openFDA applications, as one Record."""

from __future__ import annotations

from msgspec import Struct

# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------


class Author(Struct, frozen=True):
    last_name: str | None = None
    fore_name: str | None = None
    initials: str | None = None
    collective: str | None = None
    """A group author ("COVID-19 Study Group"); then the name fields are None."""
    affiliations: tuple[str, ...] = ()

    @property
    def display(self) -> str:
        if self.collective:
            return self.collective
        return " ".join(p for p in (self.last_name, self.initials) if p)


class MeshHeading(Struct, frozen=True):
    descriptor: str
    ui: str | None = None
    major: bool = False
    """True when the descriptor or any of its qualifiers is a major topic."""
    qualifiers: tuple[str, ...] = ()


class AbstractSection(Struct, frozen=True):
    text: str
    label: str | None = None
    """Structured-abstract label ("METHODS"), or None for unstructured text."""
    category: str | None = None
    """NLM category (BACKGROUND, OBJECTIVE, METHODS, RESULTS, CONCLUSIONS, UNASSIGNED)."""


class Notice(Struct, frozen=True):
    """A CommentsCorrections link: RetractionIn, ExpressionOfConcernIn, ErratumIn, ..."""

    ref_type: str
    pmid: str | None = None
    source: str | None = None
    """The cited text ("Nature. 2020;1:2")."""


class FdaProduct(Struct, frozen=True):
    brand_name: str
    active_ingredients: tuple[str, ...] = ()
    """As printed by Drugs@FDA, e.g. "ESKETAMINE HYDROCHLORIDE"."""
    strengths: tuple[str, ...] = ()
    dosage_form: str | None = None
    route: str | None = None
    marketing_status: str | None = None


class FdaApproval(Struct, frozen=True):
    """One approved submission: the original (ORIG/AP) or a supplement."""

    date: str
    """ISO date."""
    submission_type: str
    """ORIG or SUPPL."""
    number: str | None = None
    class_code: str | None = None
    """Submission class, e.g. "TYPE 1", "EFFICACY", "LABELING"."""


class FdaFacts(Struct, frozen=True):
    """What openFDA says about one application, computed from drugsfda + label."""

    application_number: str
    sponsor: str | None = None
    products: tuple[FdaProduct, ...] = ()
    original_approval: str | None = None
    """ISO date of the ORIG submission with status AP."""
    approvals: tuple[FdaApproval, ...] = ()
    indications: tuple[str, ...] = ()
    """From the label's indications_and_usage."""
    boxed_warning: str | None = None
    initial_us_approval: str | None = None
    """The label's "Initial U.S. Approval: 1970" year, as text."""
    label_set_id: str | None = None
    schedule: str | None = None
    """DEA schedule when the label gives one (CIII)."""
    pharm_class_epc: tuple[str, ...] = ()
    """openFDA's Established Pharmacologic Class ("General Anesthetic [EPC]"): a weak hint at
    the use when no label gives the indications."""


class Record(Struct, frozen=True):
    """One bibliographic or regulatory record, parsed. Source-independent."""

    source: str
    """"pubmed" or "openfda" (records from a local PubMed index are "pubmed" too)."""
    id: str
    """Stable key: "pubmed:12345678", "openfda:NDA211243"."""
    title: str
    abstract: tuple[AbstractSection, ...] = ()
    journal: str | None = None
    journal_abbrev: str | None = None
    year: int | None = None
    pub_date: str | None = None
    """The date as printed, e.g. "2019 Mar-Apr" (MedlineDate) or "2019-03-05"."""
    authors: tuple[Author, ...] = ()
    mesh: tuple[MeshHeading, ...] = ()
    keywords: tuple[str, ...] = ()
    pub_types: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    pmid: str | None = None
    doi: str | None = None
    pmcid: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    notices: tuple[Notice, ...] = ()
    is_book: bool = False
    url: str | None = None
    fda: FdaFacts | None = None

    @property
    def abstract_text(self) -> str:
        return " ".join(s.text for s in self.abstract)

    @property
    def affiliations(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for a in self.authors:
            for aff in a.affiliations:
                seen.setdefault(aff, None)
        return tuple(seen)

    @property
    def native_id(self) -> str:
        return self.id.split(":", 1)[1] if ":" in self.id else self.id
