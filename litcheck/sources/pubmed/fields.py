"""Map Bio.Entrez's parsed PubMed elements (dicts, lists, StringElements) to `models.Record`.

Bio.Entrez is run with `escape=True`: character data arrives XML-escaped and inline markup
(`<i>`, `<sup>`, MathML) arrives as literal tags, so `flatten_markup` can tell the two apart and
turn both into readable text. Attributes (Label, NlmCategory, IdType, RefType, MajorTopicYN,
ValidYN, EIdType) are on each element's `.attributes`.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from typing import Any

from litcheck.models import AbstractSection, Author, MeshHeading, Notice, Record

MATHML = "{http://www.w3.org/1998/Math/MathML}"
NOTICE_REF_TYPES = frozenset(
    {
        "RetractionIn",
        "RetractionOf",
        "PartialRetractionIn",
        "PartialRetractionOf",
        "RetractedandRepublishedIn",
        "RetractedandRepublishedFrom",
        "ExpressionOfConcernIn",
        "ExpressionOfConcernFor",
        "ErratumIn",
        "ErratumFor",
        "CorrectedandRepublishedIn",
        "CorrectedandRepublishedFrom",
        "RepublishedIn",
        "RepublishedFrom",
        "UpdateIn",
        "UpdateOf",
    }
)
"""CommentsCorrections kinds that change how a record should be trusted. Comments and "Cites"
are left out. See https://www.nlm.nih.gov/bsd/licensee/elements_descriptions.html#commentscorrections
"""
_SPACE = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]+>")
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")


def _ws(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _walk(element: ET.Element, in_math: bool = False) -> Iterator[str]:
    in_math = in_math or element.tag.startswith(MATHML)
    if element.text:
        yield element.text.strip() if in_math else element.text
    for child in element:
        yield from _walk(child, in_math)
        if child.tail:
            yield child.tail.strip() if in_math else child.tail


def flatten_markup(text: str) -> str:
    """Readable text from an escaped string with inline markup: "LE<sub>min</sub>" -> "LEmin".

    MathML is read as the concatenation of its tokens (pretty-printing whitespace dropped), so
    `<msub><mi>V</mi><mi>O</mi>...` reads "VO2max".
    """
    if "<" not in text:
        return _ws(html.unescape(text))
    try:
        root = ET.fromstring(f"<x>{text}</x>")
    except ET.ParseError:
        return _ws(html.unescape(_TAG.sub("", text)))
    return _ws("".join(_walk(root)))


def _text(value: Any) -> str | None:
    if value is None:
        return None
    flat = flatten_markup(str(value))
    return flat or None


def _attr(value: Any, name: str) -> str | None:
    attributes = getattr(value, "attributes", None)
    if isinstance(attributes, Mapping):
        found = attributes.get(name)
        return str(found) if found is not None else None
    return None


def _date(node: Mapping[str, Any] | None) -> tuple[str | None, int | None]:
    """(printed date, year) from a PubDate-like element: Year/Month/Day/Season or MedlineDate."""
    if not node:
        return None, None
    medline = _text(node.get("MedlineDate"))
    year_text = _text(node.get("Year"))
    parts = [
        year_text,
        _text(node.get("Month")) or _text(node.get("Season")),
        _text(node.get("Day")),
    ]
    printed = " ".join(p for p in parts if p) or medline
    year: int | None = None
    if year_text and year_text.isdigit():
        year = int(year_text)
    elif medline:
        # MedlineDate is free text: "2019 Mar-Apr", "1998 Dec-1999 Jan", "Winter 2004".
        found = _YEAR.search(medline)
        year = int(found.group(1)) if found else None
    return printed, year


def _abstract(node: Mapping[str, Any] | None) -> tuple[AbstractSection, ...]:
    if not node:
        return ()
    sections = []
    for part in node.get("AbstractText", []):
        text = _text(part)
        if text:
            label = _attr(part, "Label")
            sections.append(
                AbstractSection(text=text, label=label, category=_attr(part, "NlmCategory"))
            )
    return tuple(sections)


def _authors(items: Any, article_affiliation: str | None = None) -> tuple[Author, ...]:
    authors = []
    for item in items or []:
        if _attr(item, "ValidYN") == "N":
            continue  # an author entry NLM marks as erroneous
        affiliations = tuple(
            a
            for a in (_text(info.get("Affiliation")) for info in item.get("AffiliationInfo", []))
            if a
        )
        collective = _text(item.get("CollectiveName"))
        authors.append(
            Author(
                last_name=None if collective else _text(item.get("LastName")),
                fore_name=None if collective else _text(item.get("ForeName")),
                initials=None if collective else _text(item.get("Initials")),
                collective=collective,
                affiliations=affiliations,
            )
        )
    if article_affiliation and authors and not any(a.affiliations for a in authors):
        # Before 2013 MEDLINE kept one <Affiliation> per article (the first author's).
        first = authors[0]
        authors[0] = Author(
            first.last_name,
            first.fore_name,
            first.initials,
            first.collective,
            (article_affiliation,),
        )
    return tuple(authors)


def _mesh(items: Any) -> tuple[MeshHeading, ...]:
    headings = []
    for item in items or []:
        descriptor = item.get("DescriptorName")
        name = _text(descriptor)
        if not name:
            continue
        qualifiers = list(item.get("QualifierName", []))
        major = _attr(descriptor, "MajorTopicYN") == "Y" or any(
            _attr(q, "MajorTopicYN") == "Y" for q in qualifiers
        )
        headings.append(
            MeshHeading(
                descriptor=name,
                ui=_attr(descriptor, "UI"),
                major=major,
                qualifiers=tuple(t for t in (_text(q) for q in qualifiers) if t),
            )
        )
    return tuple(headings)


def _keywords(lists: Any) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for keyword_list in lists or []:
        for keyword in keyword_list:
            text = _text(keyword)
            if text:
                seen.setdefault(text, None)
    return tuple(seen)


def _notices(items: Any) -> tuple[Notice, ...]:
    notices = []
    for item in items or []:
        ref_type = _attr(item, "RefType")
        if ref_type in NOTICE_REF_TYPES:
            notices.append(
                Notice(
                    ref_type=ref_type,
                    pmid=_text(item.get("PMID")),
                    source=_text(item.get("RefSource")),
                )
            )
    return tuple(notices)


def _ids(*id_lists: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for id_list in id_lists:
        for value in id_list or []:
            kind, text = _attr(value, "IdType"), _text(value)
            if kind and text:
                found.setdefault(kind, text)
    return found


def _strings(items: Any) -> tuple[str, ...]:
    return tuple(t for t in (_text(i) for i in items or []) if t)


def _pages(pagination: Any) -> str | None:
    if not pagination:
        return None
    pgn = _text(pagination.get("MedlinePgn"))
    if pgn:
        return pgn
    start, end = _text(pagination.get("StartPage")), _text(pagination.get("EndPage"))
    return "-".join(p for p in (start, end) if p) or None


def _other_pmcid(other_ids: Any) -> str | None:
    # Older records give the PMCID only as <OtherID Source="NLM">PMC1165577</OtherID>.
    for value in other_ids or []:
        text = _text(value)
        if text and _attr(value, "Source") == "NLM" and text.startswith("PMC"):
            return text.split()[0]
    return None


def _url(pmid: str) -> str:
    return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"


def article_record(article: Mapping[str, Any]) -> Record:
    """A `PubmedArticle` -> Record (source "pubmed", id "pubmed:<pmid>")."""
    citation = article["MedlineCitation"]
    body = citation.get("Article", {})
    journal = body.get("Journal", {})
    issue = journal.get("JournalIssue", {})
    pmid = _text(citation.get("PMID")) or ""
    pub_date, year = _date(issue.get("PubDate"))
    if year is None:
        for article_date in body.get("ArticleDate", []):
            printed, found = _date(article_date)
            if found:
                pub_date, year = pub_date or printed, found
                break
    ids = _ids(article.get("PubmedData", {}).get("ArticleIdList"))
    doi = ids.get("doi")
    if doi is None:
        for location in body.get("ELocationID", []):
            if _attr(location, "EIdType") == "doi" and _attr(location, "ValidYN") != "N":
                doi = _text(location)
                break
    info = citation.get("MedlineJournalInfo", {})
    return Record(
        source="pubmed",
        id=f"pubmed:{pmid}",
        title=_text(body.get("ArticleTitle")) or _text(body.get("VernacularTitle")) or "",
        abstract=_abstract(body.get("Abstract")),
        journal=_text(journal.get("Title")),
        journal_abbrev=_text(journal.get("ISOAbbreviation")) or _text(info.get("MedlineTA")),
        year=year,
        pub_date=pub_date,
        authors=_authors(body.get("AuthorList"), _text(body.get("Affiliation"))),
        mesh=_mesh(citation.get("MeshHeadingList")),
        keywords=_keywords(citation.get("KeywordList")),
        pub_types=_strings(body.get("PublicationTypeList")),
        language=_strings(body.get("Language")),
        pmid=pmid or None,
        doi=doi,
        pmcid=ids.get("pmc") or _other_pmcid(citation.get("OtherID")),
        volume=_text(issue.get("Volume")),
        issue=_text(issue.get("Issue")),
        pages=_pages(body.get("Pagination")),
        notices=_notices(citation.get("CommentsCorrectionsList")),
        url=_url(pmid) if pmid else None,
    )


def book_record(article: Mapping[str, Any]) -> Record:
    """A `PubmedBookArticle` (e.g. a GeneReviews chapter) -> Record with `is_book=True`."""
    document = article["BookDocument"]
    book = document.get("Book", {})
    pmid = _text(document.get("PMID")) or ""
    pub_date, year = _date(book.get("PubDate"))
    authors: list[Author] = []
    for author_list in document.get("AuthorList", []):
        if _attr(author_list, "Type") in (None, "authors"):
            authors += _authors(author_list)
    ids = _ids(
        document.get("ArticleIdList"), article.get("PubmedBookData", {}).get("ArticleIdList")
    )
    book_title = _text(book.get("BookTitle"))
    chapter = _text(document.get("ArticleTitle"))
    return Record(
        source="pubmed",
        id=f"pubmed:{pmid}",
        title=chapter or book_title or "",
        abstract=_abstract(document.get("Abstract")),
        journal=book_title if chapter else _text(book.get("Publisher", {}).get("PublisherName")),
        year=year,
        pub_date=pub_date,
        authors=tuple(authors),
        keywords=_keywords(document.get("KeywordList")),
        pub_types=_strings(document.get("PublicationType")),
        language=_strings(document.get("Language")),
        pmid=pmid or None,
        doi=ids.get("doi"),
        pmcid=ids.get("pmc"),
        is_book=True,
        url=_url(pmid) if pmid else None,
    )
