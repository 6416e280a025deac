"""A lean streaming parser for PubMed XML (`PubmedArticleSet`: baseline, updatefiles, efetch).

Why not Bio.Entrez, which the live PubMed source uses? `Entrez.read` builds the whole document
as nested dict/list objects and validates against the DTD: fine for 200 records, too slow and too
memory-hungry for a 30,000-record baseline file (the bulk build must sustain >= 3,000 records/s
in bounded memory). Here `xml.etree.ElementTree.iterparse` (the C accelerator) hands over one
`<PubmedArticle>` at a time, we read the few fields litcheck uses, then clear the element and
detach it from the root, so memory stays flat whatever the file size. An equivalence test
(tests/local/test_fastxml.py) checks PMID, title, year and MeSH against Bio.Entrez.

Update files also carry `<DeleteCitation><PMID>...</PMID></DeleteCitation>`: those are yielded
as `Deleted` items, in document order, after the articles that precede them.

Field rules follow NLM's element descriptions:
https://www.nlm.nih.gov/bsd/licensee/elements_descriptions.html
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from litcheck.models import AbstractSection, Author, MeshHeading, Notice, Record

_YEAR = re.compile(r"(1[89]\d\d|20\d\d)")


@dataclass(frozen=True)
class Deleted:
    """A `DeleteCitation` entry: this PMID must leave the index."""

    pmid: str


Item = Record | Deleted


def _text(elem: ET.Element | None) -> str:
    """All text inside `elem` (inline <i>, <sup>, MathML flattened), whitespace collapsed."""
    if elem is None:
        return ""
    if len(elem) == 0:  # no inline markup: the common case, skip itertext()
        text = elem.text or ""
        return text if "  " not in text and "\n" not in text else " ".join(text.split())
    return " ".join("".join(elem.itertext()).split())


def _year_and_date(pub_date: ET.Element | None) -> tuple[int | None, str | None]:
    if pub_date is None:
        return None, None
    year = pub_date.findtext("Year")
    if year:
        parts = [year, pub_date.findtext("Month") or "", pub_date.findtext("Day") or ""]
        return int(year), " ".join(p for p in parts if p)
    # NOTE: MedlineDate is free text such as "1998 Dec-1999 Jan" or "2000 Spring"; the first
    # four-digit year is the publication year PubMed itself indexes for [dp].
    medline_date = pub_date.findtext("MedlineDate")
    if medline_date:
        found = _YEAR.search(medline_date)
        return (int(found.group(1)) if found else None), medline_date
    return None, None


def _authors(author_list: ET.Element | None) -> tuple[Author, ...]:
    if author_list is None:
        return ()
    out = []
    for a in author_list.findall("Author"):
        affiliations = tuple(
            _text(aff)
            for info in a.findall("AffiliationInfo")
            for aff in info.findall("Affiliation")
            if aff.text
        )
        collective = a.find("CollectiveName")
        out.append(
            Author(
                last_name=a.findtext("LastName"),
                fore_name=a.findtext("ForeName"),
                initials=a.findtext("Initials"),
                collective=_text(collective) or None if collective is not None else None,
                affiliations=affiliations,
            )
        )
    return tuple(out)


def _abstract(abstract: ET.Element | None) -> tuple[AbstractSection, ...]:
    if abstract is None:
        return ()
    sections = []
    for part in abstract.findall("AbstractText"):
        text = _text(part)
        if text:
            sections.append(
                AbstractSection(
                    text=text, label=part.get("Label"), category=part.get("NlmCategory")
                )
            )
    return tuple(sections)


def _mesh(citation: ET.Element) -> tuple[MeshHeading, ...]:
    out = []
    headings = citation.find("MeshHeadingList")
    if headings is None:
        return ()
    for heading in headings:
        descriptor = heading.find("DescriptorName")
        if descriptor is None or not descriptor.text:
            continue
        qualifiers = heading.findall("QualifierName")
        major = descriptor.get("MajorTopicYN") == "Y" or any(
            q.get("MajorTopicYN") == "Y" for q in qualifiers
        )
        out.append(
            MeshHeading(
                descriptor=descriptor.text,
                ui=descriptor.get("UI"),
                major=major,
                qualifiers=tuple(q.text for q in qualifiers if q.text),
            )
        )
    return tuple(out)


def _ids(elem: ET.Element | None) -> dict[str, str]:
    ids: dict[str, str] = {}
    if elem is not None:
        for aid in elem.findall("ArticleId"):
            kind = aid.get("IdType")
            if kind and aid.text and kind not in ids:
                ids[kind] = aid.text.strip()
    return ids


def _notices(citation: ET.Element) -> tuple[Notice, ...]:
    found = citation.find("CommentsCorrectionsList")
    if found is None:
        return ()
    return tuple(
        Notice(
            ref_type=cc.get("RefType", ""),
            pmid=cc.findtext("PMID"),
            source=cc.findtext("RefSource"),
        )
        for cc in found
    )


def parse_article(elem: ET.Element) -> Record | None:
    """One `<PubmedArticle>` element -> Record (None when it has no PMID)."""
    citation = elem.find("MedlineCitation")
    if citation is None:
        return None
    pmid = (citation.findtext("PMID") or "").strip()
    if not pmid:
        return None
    article = citation.find("Article")
    art = article if article is not None else ET.Element("Article")
    journal = art.find("Journal")
    issue = journal.find("JournalIssue") if journal is not None else None
    year, pub_date = _year_and_date(issue.find("PubDate") if issue is not None else None)
    if year is None:
        year, _ = _year_and_date(art.find("ArticleDate"))
    title = _text(art.find("ArticleTitle")) or _text(art.find("VernacularTitle"))
    data = elem.find("PubmedData")
    ids = _ids(data.find("ArticleIdList") if data is not None else None)
    doi = ids.get("doi")
    if doi is None:
        for eloc in art.findall("ELocationID"):
            if eloc.get("EIdType") == "doi" and eloc.text:
                doi = eloc.text.strip()
                break
    types = art.find("PublicationTypeList")
    pub_types = tuple(p.text for p in types if p.text) if types is not None else ()
    keywords = tuple(
        _text(k) for kl in citation.findall("KeywordList") for k in kl.findall("Keyword") if k.text
    )
    return Record(
        source="pubmed",
        id=f"pubmed:{pmid}",
        title=title,
        abstract=_abstract(art.find("Abstract")),
        journal=journal.findtext("Title") if journal is not None else None,
        journal_abbrev=(journal.findtext("ISOAbbreviation") if journal is not None else None)
        or citation.findtext("MedlineJournalInfo/MedlineTA"),
        year=year,
        pub_date=pub_date,
        authors=_authors(art.find("AuthorList")),
        mesh=_mesh(citation),
        keywords=keywords,
        pub_types=pub_types,
        language=tuple(la.text for la in art.findall("Language") if la.text),
        pmid=pmid,
        doi=doi,
        pmcid=ids.get("pmc"),
        volume=issue.findtext("Volume") if issue is not None else None,
        issue=issue.findtext("Issue") if issue is not None else None,
        pages=pagination.findtext("MedlinePgn")
        if (pagination := art.find("Pagination")) is not None
        else None,
        notices=_notices(citation),
        url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
    )


def parse_book(elem: ET.Element) -> Record | None:
    """One `<PubmedBookArticle>` (GeneReviews, StatPearls...) -> Record."""
    doc = elem.find("BookDocument")
    if doc is None:
        return None
    pmid = (doc.findtext("PMID") or "").strip()
    if not pmid:
        return None
    book = doc.find("Book")
    year, pub_date = _year_and_date(book.find("PubDate") if book is not None else None)
    book_title = _text(book.find("BookTitle")) if book is not None else ""
    authors = next(
        (al for al in doc.findall("AuthorList") if al.get("Type", "authors") == "authors"), None
    )
    pub_types = tuple(p.text for p in doc.findall("PublicationType") if p.text)
    return Record(
        source="pubmed",
        id=f"pubmed:{pmid}",
        title=_text(doc.find("ArticleTitle")) or book_title,
        abstract=_abstract(doc.find("Abstract")),
        journal=book_title or None,
        year=year,
        pub_date=pub_date,
        authors=_authors(authors),
        keywords=tuple(_text(k) for k in doc.findall("KeywordList/Keyword") if k.text),
        pub_types=pub_types,
        language=tuple(la.text for la in doc.findall("Language") if la.text),
        pmid=pmid,
        is_book=True,
        url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
    )


def iter_pubmed_xml(stream: IO[bytes]) -> Iterator[Item]:
    """Stream Records and `Deleted` markers from a PubmedArticleSet, in document order.

    Memory stays bounded: each finished item is cleared as soon as it is parsed. (The emptied
    elements stay attached to the root, ~70 bytes each: 2 MB for a 30,000-record baseline file.
    Detaching them would need "start" events too, which cost more time than they save.)
    Raises `xml.etree.ElementTree.ParseError` on malformed XML (the builder reports it).
    """
    for _event, elem in ET.iterparse(stream, events=("end",)):
        tag = elem.tag
        if tag == "PubmedArticle":
            record = parse_article(elem)
            if record is not None:
                yield record
        elif tag == "PubmedBookArticle":
            record = parse_book(elem)
            if record is not None:
                yield record
        elif tag == "DeleteCitation":
            for pmid in elem.findall("PMID"):
                if pmid.text:
                    yield Deleted(pmid.text.strip())
        else:
            continue
        elem.clear()
