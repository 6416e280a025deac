"""A lean streaming parser for PubMed XML (`PubmedArticleSet`: baseline, updatefiles, efetch).

Why not Bio.Entrez, which the live PubMed source uses? `Entrez.read` builds the whole document
as nested dict/list objects and validates against the DTD: fine for 200 records, too slow and too
memory-hungry for a 30,000-record baseline file (the bulk build must sustain >= 3,000 records/s
in bounded memory). Here `xml.etree.ElementTree.iterparse` (the C accelerator) hands over one
`<PubmedArticle>` at a time, we read the raw values litcheck uses into a `RawArticle`, then
clear the element, so memory stays flat whatever the file size. Every field rule (dates,
whitespace, authors, notices, ...) is `litcheck.sources.pubmed.fields`, shared with the Bio.Entrez
parser; tests/sources/pubmed/test_parsers_agree.py checks both give the same whole Record on
every real PubmedArticleSet fixture.

Update files also carry `<DeleteCitation><PMID>...</PMID></DeleteCitation>`: those are yielded
as `Deleted` items, in document order, after the articles that precede them.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from typing import IO

from msgspec import Struct

from litcheck.models import Record
from litcheck.sources.pubmed.fields import article_record, book_record, markup_text
from litcheck.sources.pubmed.raw import RawArticle, RawAuthor, RawBook, RawDate, RawMesh, Text


class Deleted(Struct, frozen=True):
    """A `DeleteCitation` entry: this PMID must leave the index."""

    pmid: str


Item = Record | Deleted


_text = markup_text


def _date(pub_date: ET.Element | None) -> RawDate | None:
    if pub_date is None:
        return None
    return RawDate(
        year=pub_date.findtext("Year"),
        month=pub_date.findtext("Month"),
        day=pub_date.findtext("Day"),
        season=pub_date.findtext("Season"),
        medline=pub_date.findtext("MedlineDate"),
    )


def _authors(author_list: ET.Element | None) -> list[RawAuthor]:
    if author_list is None:
        return []
    return [
        RawAuthor(
            last_name=_text(a.find("LastName")),
            fore_name=_text(a.find("ForeName")),
            initials=_text(a.find("Initials")),
            collective=_text(a.find("CollectiveName")),
            affiliations=[
                _text(aff)
                for info in a.findall("AffiliationInfo")
                for aff in info.findall("Affiliation")
            ],
            valid=a.get("ValidYN"),
        )
        for a in author_list.findall("Author")
    ]


def _abstract(abstract: ET.Element | None) -> list[tuple[Text, Text, Text]]:
    if abstract is None:
        return []
    return [
        (_text(part), part.get("Label"), part.get("NlmCategory"))
        for part in abstract.findall("AbstractText")
    ]


def _mesh(citation: ET.Element) -> list[RawMesh]:
    return [
        RawMesh(
            descriptor=_text(descriptor),
            ui=descriptor.get("UI") if descriptor is not None else None,
            major=descriptor.get("MajorTopicYN") if descriptor is not None else None,
            qualifiers=tuple(
                (_text(q), q.get("MajorTopicYN")) for q in heading.findall("QualifierName")
            ),
        )
        for heading in _children(citation, "MeshHeadingList")
        for descriptor in (heading.find("DescriptorName"),)
    ]


def _children(parent: ET.Element | None, tag: str) -> Iterable[ET.Element]:
    """The children of `parent`'s first `tag` child (plain `find`s: ElementPath paths are slow)."""
    found = parent.find(tag) if parent is not None else None
    return found if found is not None else ()


def _grandchildren(parent: ET.Element, tag: str, inner: str) -> list[ET.Element]:
    """Every `inner` child of every `tag` child of `parent`."""
    return [e for child in parent.findall(tag) for e in child.findall(inner)]


def _pairs(elems: Iterable[ET.Element], attribute: str) -> list[tuple[Text, Text]]:
    return [(e.get(attribute), _text(e)) for e in elems]


def _texts(elems: Iterable[ET.Element]) -> list[Text]:
    return [_text(e) for e in elems]


def raw_article(elem: ET.Element, citation: ET.Element) -> RawArticle:
    """The raw values of one `<PubmedArticle>` (see `litcheck.sources.pubmed.raw`)."""
    art = citation.find("Article")
    if art is None:
        art = ET.Element("Article")
    journal = art.find("Journal")
    if journal is None:
        journal = ET.Element("Journal")
    issue = journal.find("JournalIssue")
    info = citation.find("MedlineJournalInfo")
    pagination = art.find("Pagination")
    return RawArticle(
        pmid=_text(citation.find("PMID")),
        title=_text(art.find("ArticleTitle")),
        vernacular_title=_text(art.find("VernacularTitle")),
        abstract=_abstract(art.find("Abstract")),
        journal=_text(journal.find("Title")),
        iso_abbrev=_text(journal.find("ISOAbbreviation")),
        medline_ta=_text(info.find("MedlineTA")) if info is not None else None,
        pub_date=_date(issue.find("PubDate") if issue is not None else None),
        article_dates=[d for d in map(_date, art.findall("ArticleDate")) if d],
        authors=_authors(art.find("AuthorList")),
        affiliation=_text(art.find("Affiliation")),
        mesh=_mesh(citation),
        keywords=_texts(_grandchildren(citation, "KeywordList", "Keyword")),
        pub_types=_texts(_children(art, "PublicationTypeList")),
        language=_texts(art.findall("Language")),
        article_ids=_pairs(_children(elem.find("PubmedData"), "ArticleIdList"), "IdType"),
        elocations=[
            (e.get("EIdType"), e.get("ValidYN"), _text(e)) for e in art.findall("ELocationID")
        ],
        other_ids=_pairs(citation.findall("OtherID"), "Source"),
        volume=_text(issue.find("Volume")) if issue is not None else None,
        issue=_text(issue.find("Issue")) if issue is not None else None,
        medline_pgn=_text(pagination.find("MedlinePgn")) if pagination is not None else None,
        start_page=_text(pagination.find("StartPage")) if pagination is not None else None,
        end_page=_text(pagination.find("EndPage")) if pagination is not None else None,
        comments=[
            (cc.get("RefType"), _text(cc.find("PMID")), _text(cc.find("RefSource")))
            for cc in _children(citation, "CommentsCorrectionsList")
        ],
    )


def parse_article(elem: ET.Element) -> Record | None:
    """One `<PubmedArticle>` element -> Record (None when it has no PMID)."""
    citation = elem.find("MedlineCitation")
    if citation is None:
        return None
    return article_record(raw_article(elem, citation))


def parse_book(elem: ET.Element) -> Record | None:
    """One `<PubmedBookArticle>` (GeneReviews, StatPearls...) -> Record (None without a PMID)."""
    doc = elem.find("BookDocument")
    if doc is None:
        return None
    book = doc.find("Book")
    if book is None:
        book = ET.Element("Book")
    raw = RawBook(
        pmid=_text(doc.find("PMID")),
        title=_text(doc.find("ArticleTitle")),
        book_title=_text(book.find("BookTitle")),
        publisher=_text(book.find("Publisher/PublisherName")),
        pub_date=_date(book.find("PubDate")),
        author_lists=[(al.get("Type"), _authors(al)) for al in doc.findall("AuthorList")],
        abstract=_abstract(doc.find("Abstract")),
        keywords=_texts(_grandchildren(doc, "KeywordList", "Keyword")),
        pub_types=_texts(doc.findall("PublicationType")),
        language=_texts(doc.findall("Language")),
        article_ids=_pairs(_children(doc, "ArticleIdList"), "IdType")
        + _pairs(_children(elem.find("PubmedBookData"), "ArticleIdList"), "IdType"),
    )
    return book_record(raw)


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
