"""Raw values extracted from one PubMed XML article, before any field rule is applied.

Both PubMed parsers fill these (`litcheck.sources.pubmed.entrez` from Bio.Entrez's objects,
`litcheck.corpus.fastxml` from ElementTree elements) and hand them to
`litcheck.sources.pubmed.fields`, which turns them into a `Record`. Contract for extractors:
text values are the element's character content with inline markup flattened
(`fields.markup_text`), *not* whitespace-cleaned; attributes are their string values; a missing
element or attribute is None; lists keep document order. Extractors decide nothing else.
"""

from __future__ import annotations

from msgspec import Struct, field

Text = str | None
"""A raw extracted value: the element's text (markup flattened, not yet cleaned) or None."""


class RawDate(Struct):
    """A PubDate / ArticleDate element's children, as extracted."""

    year: Text = None
    month: Text = None
    day: Text = None
    season: Text = None
    medline: Text = None


class RawAuthor(Struct):
    """One `<Author>`: its name parts, affiliations and ValidYN attribute, as extracted."""

    last_name: Text = None
    fore_name: Text = None
    initials: Text = None
    collective: Text = None
    affiliations: list[Text] = field(default_factory=list)
    valid: Text = None


class RawMesh(Struct):
    """One `<MeshHeading>`: descriptor text, UI and MajorTopicYN; qualifiers as (text, YN)."""

    descriptor: Text
    ui: Text = None
    major: Text = None
    qualifiers: tuple[tuple[Text, Text], ...] = ()


class RawArticle(Struct):
    """Everything litcheck reads from one `<PubmedArticle>`, as extracted (see module doc)."""

    pmid: Text
    title: Text = None
    vernacular_title: Text = None
    abstract: list[tuple[Text, Text, Text]] = field(default_factory=list)
    """(text, Label, NlmCategory) of each AbstractText."""
    journal: Text = None
    iso_abbrev: Text = None
    medline_ta: Text = None
    pub_date: RawDate | None = None
    article_dates: list[RawDate] = field(default_factory=list)
    authors: list[RawAuthor] = field(default_factory=list)
    affiliation: Text = None
    """Article-level `<Affiliation>` (MEDLINE before 2013)."""
    mesh: list[RawMesh] = field(default_factory=list)
    keywords: list[Text] = field(default_factory=list)
    pub_types: list[Text] = field(default_factory=list)
    language: list[Text] = field(default_factory=list)
    article_ids: list[tuple[Text, Text]] = field(default_factory=list)
    """(IdType, text) from PubmedData's ArticleIdList, in order."""
    elocations: list[tuple[Text, Text, Text]] = field(default_factory=list)
    """(EIdType, ValidYN, text) of each ELocationID."""
    other_ids: list[tuple[Text, Text]] = field(default_factory=list)
    """(Source, text) of each OtherID."""
    volume: Text = None
    issue: Text = None
    medline_pgn: Text = None
    start_page: Text = None
    end_page: Text = None
    comments: list[tuple[Text, Text, Text]] = field(default_factory=list)
    """(RefType, PMID, RefSource) of each CommentsCorrections."""


class RawBook(Struct):
    """Everything litcheck reads from one `<PubmedBookArticle>`, as extracted."""

    pmid: Text
    title: Text = None
    """The chapter's ArticleTitle (absent when the record is the whole book)."""
    book_title: Text = None
    publisher: Text = None
    pub_date: RawDate | None = None
    author_lists: list[tuple[Text, list[RawAuthor]]] = field(default_factory=list)
    """(Type attribute, authors) of each AuthorList (Type "editors" lists are not authors)."""
    abstract: list[tuple[Text, Text, Text]] = field(default_factory=list)
    keywords: list[Text] = field(default_factory=list)
    pub_types: list[Text] = field(default_factory=list)
    language: list[Text] = field(default_factory=list)
    article_ids: list[tuple[Text, Text]] = field(default_factory=list)
    """(IdType, text) from BookDocument's and PubmedBookData's ArticleIdLists, in that order."""
