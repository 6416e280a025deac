"""The one set of PubMed field rules: plain values extracted from a PubmedArticle -> `Record`.

Two parsers read PubMed XML: `litcheck.sources.pubmed.entrez` (Bio.Entrez, for live efetch) and
`litcheck.corpus.fastxml` (a streaming ElementTree reader, for building local indexes). Each only
*extracts* raw values into a `RawArticle` / `RawBook` (element text with inline markup flattened
by `markup_text`, attributes as strings, nothing cleaned or chosen); every decision is taken here,
once, so both give the same Record for the same XML (tests/sources/pubmed/test_parsers_agree.py):

- text: whitespace runs, including Unicode spaces (NBSP, thin space), become one space; edges
  trimmed; empty text counts as absent. MathML is read as its tokens joined ("VO2max").
- dates: Year + (Month or Season) + Day, else the free-text MedlineDate ("1998 Dec-1999 Jan");
  the year is Year, else the first four-digit year in MedlineDate; without a PubDate year, the
  first ArticleDate with one supplies it.
- authors: entries with ValidYN="N" are dropped; a CollectiveName carries no personal names;
  a pre-2013 article-level Affiliation goes to the first author when no author has one.
- notices: only CommentsCorrections kinds in `NOTICE_REF_TYPES` (comments and "Cites" dropped).
- DOI: ArticleIdList's, else the first valid ELocationID of type doi. PMCID: ArticleIdList's,
  else an OtherID Source="NLM" starting "PMC". Pages: MedlinePgn, else StartPage-EndPage.
- keywords: de-duplicated, first spelling kept. MeSH: a heading is major when its descriptor or
  any qualifier is MajorTopicYN="Y".

NLM's element descriptions: https://www.nlm.nih.gov/bsd/licensee/elements_descriptions.html
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator

from litcheck.models import AbstractSection, Author, MeshHeading, Notice, Record
from litcheck.sources.pubmed.raw import RawArticle, RawAuthor, RawBook, RawDate, RawMesh, Text

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
_TAG = re.compile(r"<[^>]+>")
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")


def clean(text: Text) -> str | None:
    """`text` with every whitespace run (Unicode spaces too) made one space, trimmed; None if
    nothing is left."""
    if not text:
        return None
    # Fast path (most values): printable ASCII has no whitespace but " ", so one check suffices.
    if (
        text.isascii()
        and text.isprintable()
        and "  " not in text
        and text[0] != " "
        and text[-1] != " "
    ):
        return text
    return " ".join(text.split()) or None


def _walk(element: ET.Element, in_math: bool) -> Iterator[str]:
    in_math = in_math or element.tag.startswith(MATHML)
    if element.text:
        yield element.text.strip() if in_math else element.text
    for child in element:
        yield from _walk(child, in_math)
        if child.tail:
            yield child.tail.strip() if in_math else child.tail


def markup_text(element: ET.Element | None) -> Text:
    """The character content of `element` with inline markup flattened ("LE<sub>min</sub>" ->
    "LEmin"), not cleaned. Inside MathML each token's pretty-printing whitespace is dropped, so
    `<msub><mi>V</mi><mi>O</mi>...` reads "VO2max". None for a missing element."""
    if element is None:
        return None
    if len(element) == 0:
        return element.text
    return "".join(_walk(element, False))


def flatten_markup(text: str) -> str:
    """Readable text from an XML-escaped string with inline markup, as Bio.Entrez gives it with
    `escape=True`: "LE&lt;sub&gt;min..." arrives as "LE<sub>min</sub>" -> "LEmin". Cleaned like
    `clean`, "" when empty. Markup that does not parse is stripped as plain tags."""
    if "<" not in text:
        return clean(html.unescape(text)) or ""
    try:
        root = ET.fromstring(f"<x>{text}</x>")
    except ET.ParseError:
        return clean(html.unescape(_TAG.sub("", text))) or ""
    return clean(markup_text(root)) or ""


def pub_date(raw: RawDate | None) -> tuple[str | None, int | None]:
    """(printed date, year) of a PubDate-like element: "2013 Jan-Mar", "1998 Dec-1999 Jan"."""
    if raw is None:
        return None, None
    year_text = clean(raw.year)
    parts = (year_text, clean(raw.month) or clean(raw.season), clean(raw.day))
    medline = clean(raw.medline)
    printed = " ".join(p for p in parts if p) or medline
    if year_text and year_text.isdigit():
        return printed, int(year_text)
    # MedlineDate is free text ("2019 Mar-Apr", "Winter 2004"): its first year is the one
    # PubMed indexes for [dp].
    found = _YEAR.search(medline) if medline else None
    return printed, int(found.group(1)) if found else None


def abstract(parts: Iterable[tuple[Text, Text, Text]]) -> tuple[AbstractSection, ...]:
    """AbstractText parts -> sections; parts without text are dropped."""
    sections = []
    for text, label, category in parts:
        cleaned = clean(text)
        if cleaned:
            sections.append(AbstractSection(text=cleaned, label=label, category=category))
    return tuple(sections)


def authors(items: Iterable[RawAuthor], article_affiliation: Text = None) -> tuple[Author, ...]:
    """Authors in order, without ValidYN="N" entries; see the module doc for affiliations."""
    out = []
    for item in items:
        if item.valid == "N":
            continue  # an author entry NLM marks as erroneous
        affiliations = tuple(filter(None, map(clean, item.affiliations)))
        collective = clean(item.collective)
        if collective is None:
            last, fore, initials = (
                clean(item.last_name),
                clean(item.fore_name),
                clean(item.initials),
            )
            out.append(Author(last, fore, initials, None, affiliations))
        else:
            out.append(Author(None, None, None, collective, affiliations))
    shared = clean(article_affiliation)
    if shared and out and not any(a.affiliations for a in out):
        first = out[0]
        out[0] = Author(
            first.last_name, first.fore_name, first.initials, first.collective, (shared,)
        )
    return tuple(out)


def _heading(item: RawMesh) -> MeshHeading | None:
    name = clean(item.descriptor)
    if not name:
        return None
    major = item.major == "Y" or any(yn == "Y" for _, yn in item.qualifiers)
    qualifiers = tuple(q for q in (clean(t) for t, _ in item.qualifiers) if q)
    return MeshHeading(descriptor=name, ui=item.ui, major=major, qualifiers=qualifiers)


_HEADINGS: dict[tuple[Text, Text, Text, tuple[tuple[Text, Text], ...]], MeshHeading | None] = {}
"""Memo of `_heading` (headings repeat across records; MeshHeading is immutable)."""


def mesh(items: Iterable[RawMesh]) -> tuple[MeshHeading, ...]:
    """MeSH headings in order; a heading without descriptor text is dropped."""
    headings = []
    for item in items:
        key = (item.descriptor, item.ui, item.major, item.qualifiers)
        heading = _HEADINGS.get(key)
        if heading is None:
            if len(_HEADINGS) >= 100_000:
                _HEADINGS.clear()  # bounded: a whole baseline holds far more combinations
            heading = _HEADINGS[key] = _heading(item)
        if heading is not None:
            headings.append(heading)
    return tuple(headings)


def strings(items: Iterable[Text]) -> tuple[str, ...]:
    """Cleaned non-empty values, in order (publication types, languages)."""
    return tuple(t for t in map(clean, items) if t)


def keywords(items: Iterable[Text]) -> tuple[str, ...]:
    """Cleaned non-empty keywords, first occurrence of each kept."""
    return tuple(dict.fromkeys(strings(items)))


def notices(items: Iterable[tuple[Text, Text, Text]]) -> tuple[Notice, ...]:
    """The CommentsCorrections entries whose RefType is in `NOTICE_REF_TYPES`."""
    return tuple(
        Notice(ref_type=ref_type, pmid=clean(pmid), source=clean(source))
        for ref_type, pmid, source in items
        if ref_type in NOTICE_REF_TYPES
    )


def ids(items: Iterable[tuple[Text, Text]]) -> dict[str, str]:
    """IdType -> cleaned id; the first of each type wins."""
    found: dict[str, str] = {}
    for kind, text in items:
        value = clean(text)
        if kind and value and kind not in found:
            found[kind] = value
    return found


def doi(article_ids: dict[str, str], elocations: Iterable[tuple[Text, Text, Text]]) -> Text:
    """ArticleIdList's DOI, else the first ELocationID of type doi not marked ValidYN="N"."""
    if "doi" in article_ids:
        return article_ids["doi"]
    for kind, valid, text in elocations:
        value = clean(text)
        if kind == "doi" and valid != "N" and value:
            return value
    return None


def pmcid(article_ids: dict[str, str], other_ids: Iterable[tuple[Text, Text]]) -> Text:
    """ArticleIdList's PMCID, else (older records) `<OtherID Source="NLM">PMC1165577 ...`."""
    if "pmc" in article_ids:
        return article_ids["pmc"]
    for source, text in other_ids:
        value = clean(text)
        if source == "NLM" and value and value.startswith("PMC"):
            return value.split()[0]
    return None


def pages(medline_pgn: Text, start: Text, end: Text) -> str | None:
    """MedlinePgn, else "StartPage-EndPage" (either alone when the other is missing)."""
    pgn = clean(medline_pgn)
    if pgn:
        return pgn
    return "-".join(p for p in (clean(start), clean(end)) if p) or None


def pubmed_url(pmid: str) -> str:
    """The PubMed page of `pmid`."""
    return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"


def article_record(raw: RawArticle) -> Record | None:
    """A `<PubmedArticle>`'s raw values -> Record (source "pubmed", id "pubmed:<pmid>").

    None when the article has no PMID (nothing could cite or look it up).
    """
    pmid = clean(raw.pmid)
    if not pmid:
        return None
    printed, year = pub_date(raw.pub_date)
    if year is None:
        for article_date in raw.article_dates:
            shown, found = pub_date(article_date)
            if found:
                printed, year = printed or shown, found
                break
    article_ids = ids(raw.article_ids)
    return Record(
        source="pubmed",
        id=f"pubmed:{pmid}",
        title=clean(raw.title) or clean(raw.vernacular_title) or "",
        abstract=abstract(raw.abstract),
        journal=clean(raw.journal),
        journal_abbrev=clean(raw.iso_abbrev) or clean(raw.medline_ta),
        year=year,
        pub_date=printed,
        authors=authors(raw.authors, raw.affiliation),
        mesh=mesh(raw.mesh),
        keywords=keywords(raw.keywords),
        pub_types=strings(raw.pub_types),
        language=strings(raw.language),
        pmid=pmid,
        doi=doi(article_ids, raw.elocations),
        pmcid=pmcid(article_ids, raw.other_ids),
        volume=clean(raw.volume),
        issue=clean(raw.issue),
        pages=pages(raw.medline_pgn, raw.start_page, raw.end_page),
        notices=notices(raw.comments),
        url=pubmed_url(pmid),
    )


def book_record(raw: RawBook) -> Record | None:
    """A `<PubmedBookArticle>`'s raw values (e.g. a GeneReviews chapter) -> Record with
    `is_book=True`. A chapter's journal is its book; a whole book's is its publisher. Authors
    come from every AuthorList whose Type is "authors" or unset (not the editors). None
    without a PMID."""
    pmid = clean(raw.pmid)
    if not pmid:
        return None
    printed, year = pub_date(raw.pub_date)
    book_title = clean(raw.book_title)
    chapter = clean(raw.title)
    article_ids = ids(raw.article_ids)
    listed = [a for kind, items in raw.author_lists if kind in (None, "authors") for a in items]
    return Record(
        source="pubmed",
        id=f"pubmed:{pmid}",
        title=chapter or book_title or "",
        abstract=abstract(raw.abstract),
        journal=book_title if chapter else clean(raw.publisher),
        year=year,
        pub_date=printed,
        authors=authors(listed),
        keywords=keywords(raw.keywords),
        pub_types=strings(raw.pub_types),
        language=strings(raw.language),
        pmid=pmid,
        doi=article_ids.get("doi"),
        pmcid=article_ids.get("pmc"),
        is_book=True,
        url=pubmed_url(pmid),
    )
