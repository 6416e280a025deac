"""PubMed efetch XML (a `PubmedArticleSet`) -> `models.Record`s, offline: ElementTree, else Bio.Entrez.

Three jobs: check that a body really is a complete `PubmedArticleSet` (`validate_pubmed_xml`),
cut it into one standalone document per PMID for the per-record cache (`split_articles`), and
parse it (`parse_pubmed_xml`). Values are read out in `litcheck.sources.pubmed.entrez`; the field
rules (shared with the index builder's parser) live in `litcheck.sources.pubmed.fields`.

# NOTE: Bio.Entrez's parser downloads, with urllib, any DTD it does not bundle (and refuses
# plain-http DTD URLs such as the 2011 ones), bypassing httpx, respx and our rate limiter.
# We rewrite the DOCTYPE to a DTD Biopython bundles before parsing, so parsing never reaches out.
# See: https://github.com/biopython/biopython/blob/master/Bio/Entrez/Parser.py
# (`DataHandler.externalEntityRefHandler`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from xml.parsers import expat

from msgspec import Struct, field

from litcheck.errors import BadResponse
from litcheck.models import Record

ARTICLE_TAGS = ("PubmedArticle", "PubmedBookArticle")
DEFAULT_DTD = "pubmed_250101.dtd"
_DTD_URL = "https://dtd.nlm.nih.gov/ncbi/pubmed/out/"
_DOCTYPE = re.compile(rb"<!DOCTYPE\s+PubmedArticleSet\b[^>\[]*>", re.IGNORECASE)
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*\?>")
_PUBMED_DTD = re.compile(r"pubmed_(\d{6})\.dtd")


def default_doctype(dtd: str = DEFAULT_DTD) -> bytes:
    """The DOCTYPE line of a PubmedArticleSet that uses `dtd` (a Biopython-bundled one)."""
    return (
        b'<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle//EN" "'
        + (_DTD_URL + dtd).encode("ascii")
        + b'">'
    )


@cache
def _bundled_dtds() -> tuple[str, ...]:
    """PubMed DTD file names Biopython ships, oldest first ("pubmed_250101.dtd", ...)."""
    from Bio import Entrez

    folder = Path(Entrez.__path__[0]) / "DTDs"
    # yymmdd, all 20xx: plain string order is date order.
    return tuple(
        sorted(p.name for p in folder.glob("pubmed_*.dtd") if _PUBMED_DTD.fullmatch(p.name))
    )


def bundled_dtd_for(name: str) -> str:
    """A bundled DTD to use for `name`: itself if bundled, else the next newer one, else newest.

    DTD versions mostly add elements, so the next newer DTD describes an older file's content.
    """
    bundled = _bundled_dtds()
    if name in bundled:
        return name
    if not bundled:
        return DEFAULT_DTD
    match = _PUBMED_DTD.fullmatch(name)
    if match:
        for candidate in bundled:
            if candidate[7:13] >= match.group(1):
                return candidate
    return bundled[-1]


def _localise_doctype(content: bytes) -> bytes:
    """`content` with its DOCTYPE pointing at a bundled DTD (added when missing)."""
    match = _DOCTYPE.search(content, 0, 4096)
    if match is None:
        decl = _XML_DECL.match(content)
        at = decl.end() if decl else 0
        return content[:at] + b"\n" + default_doctype() + b"\n" + content[at:]
    found = re.search(rb"([\w.]+\.dtd)", match.group(0))
    dtd = bundled_dtd_for(found.group(1).decode("ascii") if found else DEFAULT_DTD)
    return content[: match.start()] + default_doctype(dtd) + content[match.end() :]


class _Scan(Struct):
    """What one expat pass over a body found (no DTD needed, no network)."""

    root: str | None = None
    articles: list[tuple[str, int, int]] = field(default_factory=list)
    """(pmid, start byte, end byte) of each top-level PubmedArticle/PubmedBookArticle."""
    errors: list[str] = field(default_factory=list)
    doctype: bytes | None = None


def _looks_like_html(content: bytes) -> bool:
    head = content[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


def _refuse_non_xml(content: bytes) -> None:
    """BadResponse for an empty body or an HTML page where XML was expected."""
    if not content.strip():
        raise BadResponse("PubMed sent an empty answer instead of XML", source="pubmed")
    if _looks_like_html(content):
        title = re.search(rb"<title>(.*?)</title>", content, re.IGNORECASE | re.DOTALL)
        shown = f" ({title.group(1).decode('utf-8', 'replace').strip()[:80]})" if title else ""
        raise BadResponse(
            f"PubMed sent an HTML page instead of XML{shown}",
            source="pubmed",
            tip="NCBI may be down or a proxy is answering; try again later",
        )


def _parse_outline(content: bytes) -> _Scan:
    """The root tag, `<ERROR>` texts and each article's (PMID, start, end) byte span (expat)."""
    scan = _Scan()
    stack: list[str] = []
    text: list[str] = []
    pmid: list[str | None] = [None]
    starts: list[int] = [0]
    parser = expat.ParserCreate()

    def start(tag: str, _attrs: dict[str, str]) -> None:
        if not stack:
            scan.root = tag
        if len(stack) == 1 and tag in ARTICLE_TAGS:
            starts[0] = parser.CurrentByteIndex
            pmid[0] = None
        stack.append(tag)
        text.clear()

    def end(tag: str) -> None:
        stack.pop()
        if tag == "ERROR":
            scan.errors.append("".join(text).strip() or "unspecified error")
        elif tag == "PMID" and pmid[0] is None and stack and stack[-1] in _PMID_PARENTS:
            pmid[0] = "".join(text).strip()
        elif len(stack) == 1 and tag in ARTICLE_TAGS:
            close = content.index(b">", parser.CurrentByteIndex) + 1
            scan.articles.append((pmid[0] or "", starts[0], close))
        text.clear()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text.append
    try:
        parser.Parse(content, True)
    except expat.ExpatError as exc:
        raise BadResponse(
            f"PubMed sent truncated or malformed XML ({expat.ErrorString(exc.code)}, "
            f"line {exc.lineno})",
            source="pubmed",
            tip="try again; if it persists, fetch fewer records at a time",
        ) from None
    return scan


_PMID_PARENTS = ("MedlineCitation", "BookDocument")
"""An article's own PMID is the first one directly under these (not a CommentsCorrections')."""


def _scan(content: bytes) -> _Scan:
    """Check `content` is one complete, error-free PubmedArticleSet; find its articles."""
    _refuse_non_xml(content)
    scan = _parse_outline(content)
    if scan.errors:
        # NOTE: efetch can answer HTTP 200 with an <ERROR> body.
        # See: https://github.com/manubot/manubot/issues/374
        raise BadResponse(f"PubMed reported an error: {scan.errors[0][:300]}", source="pubmed")
    if scan.root != "PubmedArticleSet":
        raise BadResponse(
            f"expected a PubmedArticleSet from efetch, got <{scan.root}>", source="pubmed"
        )
    doctype = _DOCTYPE.search(content, 0, 4096)
    scan.doctype = doctype.group(0) if doctype else None
    return scan


def validate_pubmed_xml(content: bytes) -> None:
    """Raise `BadResponse` unless `content` is a complete PubmedArticleSet without `<ERROR>`.

    For `HttpClient(validate=...)`: HTML pages, truncated bodies and error bodies are retried.
    """
    _scan(content)


def wrap_articles(articles: list[bytes], doctype: bytes | None = None) -> bytes:
    """A PubmedArticleSet document holding `articles` (bare `<PubmedArticle>` elements)."""
    parts = [b'<?xml version="1.0" ?>\n', doctype or default_doctype(), b"\n<PubmedArticleSet>\n"]
    for article in articles:
        parts += [article, b"\n"]
    parts.append(b"</PubmedArticleSet>\n")
    return b"".join(parts)


def split_articles(content: bytes) -> dict[str, bytes]:
    """PMID -> a standalone PubmedArticleSet document holding just that article.

    The article's bytes are kept exactly as sent, under the original DOCTYPE, so each can be
    cached per PMID and parsed alone. Raises `BadResponse` like `validate_pubmed_xml`.
    """
    scan = _scan(content)
    return {
        pmid: wrap_articles([content[start:end]], scan.doctype)
        for pmid, start, end in scan.articles
        if pmid
    }


def parse_cached_articles(bodies: Mapping[str, bytes]) -> tuple[list[Record], list[str]]:
    """Parse many cached one-article documents at once: (records, PMIDs whose body is damaged).

    Bio.Entrez loads the DTD for every document it parses, which costs far more than the
    article itself, so documents that share a DOCTYPE are joined into one PubmedArticleSet and
    parsed together. A group that fails is parsed one by one to find the damaged entries.
    """
    groups: dict[bytes | None, list[tuple[str, bytes]]] = {}
    damaged: list[str] = []
    for pmid, body in bodies.items():
        try:
            scan = _scan(body)
        except BadResponse:
            damaged.append(pmid)
            continue
        for _, start, end in scan.articles:
            groups.setdefault(scan.doctype, []).append((pmid, body[start:end]))
    records: list[Record] = []
    for doctype, group in groups.items():
        for start in range(0, len(group), 200):  # bounded: parse trees are large
            members = group[start : start + 200]
            try:
                records += parse_pubmed_xml(wrap_articles([a for _, a in members], doctype))
                continue
            except BadResponse:
                pass
            for pmid, article in members:
                try:
                    records += parse_pubmed_xml(wrap_articles([article], doctype))
                except BadResponse:
                    damaged.append(pmid)
    return records, damaged


def parse_pubmed_xml(content: bytes) -> list[Record]:
    """Parse a PubmedArticleSet (PubmedArticle and PubmedBookArticle) into Records, in order.

    Articles without a PMID are skipped. Never touches the network (see the module note). Raises
    `BadResponse` on `<ERROR>`, HTML and truncated or malformed XML.

    ElementTree first (`litcheck.corpus.fastxml`, the index builder's streaming parser; the two
    give the same Record for every real fixture, tests/sources/pubmed/test_parsers_agree.py):
    Bio.Entrez loads the PubMed DTD, ~25 files, on every parse, a tenth of a second of a cold
    claim (issue 16). A document ElementTree cannot read (a named entity only the DTD defines)
    goes to Bio.Entrez, which resolves it, or rejects the document.
    """
    scan = _scan(content)
    if not scan.articles:
        return []
    fast = _parse_with_elementtree(content)
    if fast is not None:
        return fast
    return _parse_with_entrez(content, scan)


def _parse_with_elementtree(content: bytes) -> list[Record] | None:
    """Records by ElementTree, or None when it cannot parse `content`."""
    import xml.etree.ElementTree as ET

    from litcheck.corpus.fastxml import iter_pubmed_xml

    try:
        return [r for r in iter_pubmed_xml(io.BytesIO(content)) if isinstance(r, Record)]
    except ET.ParseError:
        return None


def _parse_with_entrez(content: bytes, scan: _Scan) -> list[Record]:
    """Records by Bio.Entrez (DTD-aware); BadResponse when it cannot parse `content` either."""
    from Bio import Entrez
    from Bio.Entrez.Parser import CorruptedXMLError, NotXMLError, ValidationError

    from litcheck.sources.pubmed.entrez import article_record, book_record

    try:
        # validate=False: an old file read with a newer DTD keeps what the DTD knows and skips
        # elements it does not (e.g. the 2011 DateCreated), instead of failing.
        parsed = Entrez.read(  # type: ignore[no-untyped-call]
            io.BytesIO(_localise_doctype(content)), validate=False, escape=True
        )
    except (CorruptedXMLError, NotXMLError, ValidationError, RuntimeError, ValueError) as exc:
        raise BadResponse(f"could not parse PubMed XML: {exc}", source="pubmed") from None
    if isinstance(parsed, Mapping):  # DTDs since 2012: {"PubmedArticle": [...], ...}
        items = [*parsed.get("PubmedArticle", []), *parsed.get("PubmedBookArticle", [])]
    else:  # older DTDs: a plain list of articles
        items = list(parsed)
    parsed_records = (book_record(i) if "BookDocument" in i else article_record(i) for i in items)
    records = [r for r in parsed_records if r is not None]
    order = {pmid: i for i, (pmid, _s, _e) in enumerate(scan.articles)}
    records.sort(key=lambda r: order.get(r.pmid or "", len(order)))
    return records
