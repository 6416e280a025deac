"""Extract raw values from Bio.Entrez's parsed PubMed elements (dicts, lists, StringElements).

Bio.Entrez is run with `escape=True`: character data arrives XML-escaped and inline markup
(`<i>`, `<sup>`, MathML) arrives as literal tags, which `_text` turns back into the element's
character content (`fields.markup_text`'s contract). Attributes (Label, NlmCategory, IdType,
RefType, MajorTopicYN, ValidYN, EIdType) are on each element's `.attributes`. Every field rule
lives in `litcheck.sources.pubmed.fields`; this module only reads values out.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

from litcheck.models import Record
from litcheck.sources.pubmed import fields
from litcheck.sources.pubmed.raw import RawArticle, RawAuthor, RawBook, RawDate, RawMesh, Text


def _text(value: Any) -> Text:
    """The character content of an escaped Entrez string, markup flattened, not cleaned."""
    if value is None:
        return None
    text = str(value)
    if "<" not in text:
        return html.unescape(text)
    try:
        return fields.markup_text(ET.fromstring(f"<x>{text}</x>"))
    except ET.ParseError:
        return fields.flatten_markup(text)


def _attr(value: Any, name: str) -> Text:
    attributes = getattr(value, "attributes", None)
    if isinstance(attributes, Mapping):
        found = attributes.get(name)
        return str(found) if found is not None else None
    return None


def _texts(items: Any) -> list[Text]:
    return [_text(i) for i in items or []]


def _date(node: Mapping[str, Any] | None) -> RawDate | None:
    if not node:
        return None
    return RawDate(
        year=_text(node.get("Year")),
        month=_text(node.get("Month")),
        day=_text(node.get("Day")),
        season=_text(node.get("Season")),
        medline=_text(node.get("MedlineDate")),
    )


def _abstract(node: Mapping[str, Any] | None) -> list[tuple[Text, Text, Text]]:
    if not node:
        return []
    return [
        (_text(part), _attr(part, "Label"), _attr(part, "NlmCategory"))
        for part in node.get("AbstractText", [])
    ]


def _authors(items: Any) -> list[RawAuthor]:
    return [
        RawAuthor(
            last_name=_text(item.get("LastName")),
            fore_name=_text(item.get("ForeName")),
            initials=_text(item.get("Initials")),
            collective=_text(item.get("CollectiveName")),
            affiliations=[
                _text(info.get("Affiliation")) for info in item.get("AffiliationInfo", [])
            ],
            valid=_attr(item, "ValidYN"),
        )
        for item in items or []
    ]


def _mesh(items: Any) -> list[RawMesh]:
    out = []
    for item in items or []:
        descriptor = item.get("DescriptorName")
        qualifiers = tuple(
            (_text(q), _attr(q, "MajorTopicYN")) for q in item.get("QualifierName", [])
        )
        out.append(
            RawMesh(
                descriptor=_text(descriptor),
                ui=_attr(descriptor, "UI"),
                major=_attr(descriptor, "MajorTopicYN"),
                qualifiers=qualifiers,
            )
        )
    return out


def _keywords(lists: Any) -> list[Text]:
    return [_text(keyword) for keyword_list in lists or [] for keyword in keyword_list]


def _pairs(items: Any, attribute: str) -> list[tuple[Text, Text]]:
    return [(_attr(i, attribute), _text(i)) for i in items or []]


def article_record(article: Mapping[str, Any]) -> Record | None:
    """A `PubmedArticle` -> Record via `fields.article_record` (None without a PMID)."""
    citation = article["MedlineCitation"]
    body = citation.get("Article", {})
    journal = body.get("Journal", {})
    issue = journal.get("JournalIssue", {})
    pagination = body.get("Pagination") or {}
    return fields.article_record(
        RawArticle(
            pmid=_text(citation.get("PMID")),
            title=_text(body.get("ArticleTitle")),
            vernacular_title=_text(body.get("VernacularTitle")),
            abstract=_abstract(body.get("Abstract")),
            journal=_text(journal.get("Title")),
            iso_abbrev=_text(journal.get("ISOAbbreviation")),
            medline_ta=_text(citation.get("MedlineJournalInfo", {}).get("MedlineTA")),
            pub_date=_date(issue.get("PubDate")),
            article_dates=[d for d in map(_date, body.get("ArticleDate", [])) if d],
            authors=_authors(body.get("AuthorList")),
            affiliation=_text(body.get("Affiliation")),
            mesh=_mesh(citation.get("MeshHeadingList")),
            keywords=_keywords(citation.get("KeywordList")),
            pub_types=_texts(body.get("PublicationTypeList")),
            language=_texts(body.get("Language")),
            article_ids=_pairs(article.get("PubmedData", {}).get("ArticleIdList"), "IdType"),
            elocations=[
                (_attr(e, "EIdType"), _attr(e, "ValidYN"), _text(e))
                for e in body.get("ELocationID", [])
            ],
            other_ids=_pairs(citation.get("OtherID"), "Source"),
            volume=_text(issue.get("Volume")),
            issue=_text(issue.get("Issue")),
            medline_pgn=_text(pagination.get("MedlinePgn")),
            start_page=_text(pagination.get("StartPage")),
            end_page=_text(pagination.get("EndPage")),
            comments=[
                (_attr(c, "RefType"), _text(c.get("PMID")), _text(c.get("RefSource")))
                for c in citation.get("CommentsCorrectionsList", [])
            ],
        )
    )


def book_record(article: Mapping[str, Any]) -> Record | None:
    """A `PubmedBookArticle` -> Record via `fields.book_record` (None without a PMID)."""
    document = article["BookDocument"]
    book = document.get("Book", {})
    return fields.book_record(
        RawBook(
            pmid=_text(document.get("PMID")),
            title=_text(document.get("ArticleTitle")),
            book_title=_text(book.get("BookTitle")),
            publisher=_text(book.get("Publisher", {}).get("PublisherName")),
            pub_date=_date(book.get("PubDate")),
            author_lists=[
                (_attr(author_list, "Type"), _authors(author_list))
                for author_list in document.get("AuthorList", [])
            ],
            abstract=_abstract(document.get("Abstract")),
            keywords=_keywords(document.get("KeywordList")),
            pub_types=_texts(document.get("PublicationType")),
            language=_texts(document.get("Language")),
            article_ids=_pairs(document.get("ArticleIdList"), "IdType")
            + _pairs(article.get("PubmedBookData", {}).get("ArticleIdList"), "IdType"),
        )
    )
