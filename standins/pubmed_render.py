"""Render `litcheck.models.Record`s as a real efetch PubMed XML reply (PubmedArticleSet).

The layout follows what efetch sends today: the compact one-line-per-article style and element
order of the 2025 files in ../shared/fixtures/ncbi/metapub/pmid_xml/ (e.g. 32306807.xml), under
the `pubmed_250101.dtd` DOCTYPE, which biopython bundles (so `Bio.Entrez.read` never downloads it).

What a `Record` does not carry is left out where the DTD allows (ISSN, History, ChemicalList) and
written empty where the DTD requires an element: SciFact abstracts have no date, pages or DOI, so
they get `<PubDate><MedlineDate/></PubDate>` and `<Pagination><MedlinePgn/></Pagination>`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

from litcheck.models import Record

XML_HEADER = '<?xml version="1.0" ?>\n'
# NOTE: the DOCTYPE line of a current efetch reply, byte for byte (metapub's 2025 captures).
DOCTYPE = (
    '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
    '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
)

# MeSH UIs of publication types, as efetch prints them (the DTD makes UI required). Taken from
# the real fixtures; Retracted Publication's UI is D016441 (MeSH, Publication Type).
PUBLICATION_TYPE_UI = {
    "Journal Article": "D016428",
    "Review": "D016454",
    "Systematic Review": "D000078182",
    "Meta-Analysis": "D017418",
    "Randomized Controlled Trial": "D016449",
    "Clinical Trial, Phase III": "D017428",
    "Multicenter Study": "D016448",
    "Observational Study": "D064888",
    "Comparative Study": "D003160",
    "Case Reports": "D002363",
    "Editorial": "D016421",
    "Letter": "D016422",
    "Comment": "D016420",
    "Published Erratum": "D016425",
    "Retracted Publication": "D016441",
    "Retraction of Publication": "D016440",
    "Historical Article": "D016456",
    "Practice Guideline": "D017065",
    "Research Support, Non-U.S. Gov't": "D013485",
    "Research Support, N.I.H., Extramural": "D052061",
    "Research Support, N.I.H., Intramural": "D052060",
    "Research Support, U.S. Gov't, P.H.S.": "D013487",
    "Research Support, U.S. Gov't, Non-P.H.S.": "D013486",
}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_PRINTED_DATE = re.compile(r"^(\d{4})(?: ([A-Z][a-z]{2})(?: (\d{1,2}))?)?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_NLM_CATEGORIES = {"BACKGROUND", "OBJECTIVE", "METHODS", "RESULTS", "CONCLUSIONS", "UNASSIGNED"}


def _el(name: str, text: str | None, **attrs: str) -> str:
    attr = "".join(f" {k}={quoteattr(v)}" for k, v in attrs.items())
    if not text:
        return f"<{name}{attr}/>"
    return f"<{name}{attr}>{escape(text)}</{name}>"


def _pub_date(record: Record) -> str:
    printed = (record.pub_date or "").strip()
    if m := _PRINTED_DATE.match(printed):
        parts = [_el("Year", m[1])]
        if m[2]:
            parts.append(_el("Month", m[2]))
            if m[3]:
                parts.append(_el("Day", m[3].zfill(2)))
        return "<PubDate>" + "".join(parts) + "</PubDate>"
    if (m := _ISO_DATE.match(printed)) and 1 <= int(m[2]) <= 12:
        parts = [_el("Year", m[1]), _el("Month", _MONTHS[int(m[2]) - 1])]
        if m[3]:
            parts.append(_el("Day", m[3]))
        return "<PubDate>" + "".join(parts) + "</PubDate>"
    if printed:
        return "<PubDate>" + _el("MedlineDate", printed) + "</PubDate>"
    if record.year:
        return "<PubDate>" + _el("Year", str(record.year)) + "</PubDate>"
    return "<PubDate><MedlineDate/></PubDate>"


def _journal(record: Record) -> str:
    issue = "".join(
        [
            _el("Volume", record.volume) if record.volume else "",
            _el("Issue", record.issue) if record.issue else "",
            _pub_date(record),
        ]
    )
    return (
        "<Journal>"
        f'<JournalIssue CitedMedium="Internet">{issue}</JournalIssue>'
        + (_el("Title", record.journal) if record.journal else "")
        + (_el("ISOAbbreviation", record.journal_abbrev) if record.journal_abbrev else "")
        + "</Journal>"
    )


def _abstract(record: Record) -> str:
    if not record.abstract:
        return ""
    texts = []
    for section in record.abstract:
        attrs: dict[str, str] = {}
        if section.label:
            attrs["Label"] = section.label
        if section.category in _NLM_CATEGORIES:
            attrs["NlmCategory"] = section.category or ""
        texts.append(_el("AbstractText", section.text, **attrs))
    return "<Abstract>" + "".join(texts) + "</Abstract>"


def _authors(record: Record) -> str:
    if not record.authors:
        return ""
    out = []
    for a in record.authors:
        if a.collective:
            name = _el("CollectiveName", a.collective)
        else:
            name = (
                _el("LastName", a.last_name or "")
                + (_el("ForeName", a.fore_name) if a.fore_name else "")
                + (_el("Initials", a.initials) if a.initials else "")
            )
        affs = "".join(
            "<AffiliationInfo>" + _el("Affiliation", aff) + "</AffiliationInfo>"
            for aff in a.affiliations
        )
        out.append(f'<Author ValidYN="Y">{name}{affs}</Author>')
    return '<AuthorList CompleteYN="Y">' + "".join(out) + "</AuthorList>"


def _article(record: Record) -> str:
    # NOTE: the DTD wants Pagination or at least one ELocationID after ArticleTitle.
    pagination = ""
    if record.pages or not record.doi:
        pagination = "<Pagination>" + _el("MedlinePgn", record.pages) + "</Pagination>"
    elocation = _el("ELocationID", record.doi, EIdType="doi", ValidYN="Y") if record.doi else ""
    languages = "".join(_el("Language", lang) for lang in (record.language or ("eng",)))
    pub_types = "".join(
        _el("PublicationType", pt, UI=PUBLICATION_TYPE_UI.get(pt, ""))
        for pt in (record.pub_types or ("Journal Article",))
    )
    return (
        '<Article PubModel="Print">'
        + _journal(record)
        + _el("ArticleTitle", record.title)
        + pagination
        + elocation
        + _abstract(record)
        + _authors(record)
        + languages
        + f"<PublicationTypeList>{pub_types}</PublicationTypeList>"
        + "</Article>"
    )


def _mesh(record: Record) -> str:
    if not record.mesh:
        return ""
    headings = []
    for m in record.mesh:
        attrs = {"UI": m.ui} if m.ui else {}
        descriptor = _el(
            "DescriptorName", m.descriptor, **attrs, MajorTopicYN="Y" if m.major else "N"
        )
        qualifiers = "".join(_el("QualifierName", q, MajorTopicYN="N") for q in m.qualifiers)
        headings.append(f"<MeshHeading>{descriptor}{qualifiers}</MeshHeading>")
    return "<MeshHeadingList>" + "".join(headings) + "</MeshHeadingList>"


def _citation(record: Record, pmid: str) -> str:
    notices = "".join(
        f"<CommentsCorrections RefType={quoteattr(n.ref_type)}>"
        + f"<RefSource>{escape(n.source or '')}</RefSource>"
        + (_el("PMID", n.pmid, Version="1") if n.pmid else "")
        + "</CommentsCorrections>"
        for n in record.notices
    )
    keywords = "".join(_el("Keyword", k, MajorTopicYN="N") for k in record.keywords)
    status = "MEDLINE" if record.mesh else "PubMed-not-MEDLINE"
    ta = record.journal_abbrev or record.journal or ""
    return (
        f'<MedlineCitation Status="{status}" Owner="NLM">'
        + _el("PMID", pmid, Version="1")
        + _article(record)
        + f"<MedlineJournalInfo>{_el('MedlineTA', ta)}</MedlineJournalInfo>"
        + (f"<CommentsCorrectionsList>{notices}</CommentsCorrectionsList>" if notices else "")
        + _mesh(record)
        + (f'<KeywordList Owner="NOTNLM">{keywords}</KeywordList>' if keywords else "")
        + "</MedlineCitation>"
    )


def _pubmed_data(record: Record, pmid: str) -> str:
    ids = _el("ArticleId", pmid, IdType="pubmed")
    if record.doi:
        ids += _el("ArticleId", record.doi, IdType="doi")
    if record.pmcid:
        ids += _el("ArticleId", record.pmcid, IdType="pmc")
    return (
        "<PubmedData><PublicationStatus>ppublish</PublicationStatus>"
        f"<ArticleIdList>{ids}</ArticleIdList></PubmedData>"
    )


def render_article(record: Record) -> str:
    """One `<PubmedArticle>` element (one line, as efetch writes them)."""
    pmid = record.pmid or record.native_id
    return f"<PubmedArticle>{_citation(record, pmid)}{_pubmed_data(record, pmid)}</PubmedArticle>"


def render_article_set(records: Iterable[Record]) -> bytes:
    """A whole efetch reply: XML declaration, DOCTYPE, PubmedArticleSet; UTF-8 bytes.

    No records gives the empty set efetch returns for unknown PMIDs (metapub's 37909814.xml).
    """
    body = "".join(render_article(r) + "\n" for r in records)
    return (XML_HEADER + DOCTYPE + "<PubmedArticleSet>\n" + body + "</PubmedArticleSet>").encode()
