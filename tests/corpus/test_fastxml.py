"""The streaming PubMed XML parser, checked against Bio.Entrez on real efetch files."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest

from litcheck.corpus.fastxml import Deleted, iter_pubmed_xml
from litcheck.models import Record
from tests.conftest import FIXTURES

LOCAL = FIXTURES / "local"
XML_FILES = sorted((LOCAL / "pmid_xml").glob("*.xml")) + [LOCAL / "efetch_pubmed2.xml"]


def _parse(path: Path) -> list[Record]:
    with path.open("rb") as fh:
        return [r for r in iter_pubmed_xml(fh) if isinstance(r, Record)]


def _entrez(path: Path) -> list[dict[str, Any]]:
    from Bio import Entrez

    with path.open("rb") as fh:
        data = Entrez.read(fh)  # type: ignore[no-untyped-call]
    out = []
    for article in data["PubmedArticle"]:
        citation = article["MedlineCitation"]
        art = citation["Article"]
        pub_date = art["Journal"]["JournalIssue"]["PubDate"]
        year = pub_date.get("Year") or pub_date.get("MedlineDate", "")[:4] or None
        out.append(
            {
                "pmid": str(citation["PMID"]),
                # Bio.Entrez keeps inline markup (<i>, <sub>) as literal tags; we keep its text.
                "title": " ".join(re.sub(r"</?\w+[^>]*>", "", str(art["ArticleTitle"])).split()),
                "year": int(year) if year else None,
                "mesh": [str(h["DescriptorName"]) for h in citation.get("MeshHeadingList", [])],
                "major": [
                    str(h["DescriptorName"])
                    for h in citation.get("MeshHeadingList", [])
                    if h["DescriptorName"].attributes.get("MajorTopicYN") == "Y"
                    or any(q.attributes.get("MajorTopicYN") == "Y" for q in h["QualifierName"])
                ],
            }
        )
    return out


@pytest.mark.parametrize("path", XML_FILES, ids=lambda p: p.name)
def test_same_pmid_title_year_mesh_as_bio_entrez(path: Path) -> None:
    ours = _parse(path)
    theirs = _entrez(path)
    assert [r.pmid for r in ours] == [t["pmid"] for t in theirs]
    for record, ref in zip(ours, theirs, strict=True):
        assert record.id == f"pubmed:{ref['pmid']}"
        assert record.source == "pubmed"
        assert record.title == ref["title"]
        assert record.year == ref["year"]
        assert [m.descriptor for m in record.mesh] == ref["mesh"]
        assert [m.descriptor for m in record.mesh if m.major] == ref["major"]


def test_fields_of_a_known_article() -> None:
    first, second = _parse(LOCAL / "efetch_pubmed2.xml")
    assert first.pmid == "11748933"
    assert first.journal == "Cryobiology"
    assert first.pub_date == "2001 Jun"
    assert first.doi == "10.1006/cryo.2001.2328"
    assert first.volume == "42" and first.issue == "4" and first.pages == "244-55"
    assert first.language == ("eng",)
    assert first.pub_types == ("Journal Article", "Research Support, Non-U.S. Gov't")
    assert first.authors[0].last_name == "Taddei"
    assert first.authors[0].affiliations[0].startswith("Dipartimento di Scienze Ambientali")
    assert first.affiliations == first.authors[0].affiliations
    cryo = next(m for m in first.mesh if m.descriptor == "Cryopreservation")
    assert cryo.major and cryo.qualifiers == ("methods",) and cryo.ui == "D015925"
    assert "(P < 0.001)" in first.abstract_text  # entities decoded
    assert second.pmid == "11700088"


def test_structured_abstract_keeps_labels() -> None:
    (record,) = _parse(LOCAL / "pmid_xml" / "23657305.xml")
    assert record.abstract[0].label == "CONTEXT"
    assert record.abstract[0].category == "BACKGROUND"


def test_book_article() -> None:
    (record,) = _parse(LOCAL / "book_20301577.xml")
    assert record.is_book
    assert record.pmid == "20301577"
    assert record.title == "CACNA1C-Related Disorders"  # inline <i> flattened
    assert record.journal == "GeneReviews®"
    assert record.authors[0].last_name == "Napolitano"  # authors, not the editors
    assert record.pub_types == ("Review",)


def test_retraction_notice_in_2011_dtd() -> None:
    (record,) = _parse(LOCAL / "retracted_993.xml")
    assert record.pmid == "993"
    assert "Retracted Publication" in record.pub_types
    retraction = [n for n in record.notices if n.ref_type == "RetractionIn"]
    assert retraction and retraction[0].pmid == "195582"


def test_empty_set_yields_nothing() -> None:
    assert _parse(LOCAL / "pmid_xml" / "37909814.xml") == []


def test_delete_citation_is_yielded_in_order() -> None:
    # An update file's shape (NLM's DTD: DeleteCitation holds PMIDs), around a real article.
    article = (LOCAL / "efetch_pubmed2.xml").read_bytes()
    start = article.index(b"<PubmedArticle>")
    end = article.index(b"</PubmedArticle>") + len(b"</PubmedArticle>")
    doc = (
        b"<PubmedArticleSet>" + article[start:end]
        + b'<DeleteCitation><PMID Version="1">111</PMID><PMID Version="1">222</PMID>'
        b"</DeleteCitation></PubmedArticleSet>"
    )  # fmt: skip
    items = list(iter_pubmed_xml(io.BytesIO(doc)))
    assert isinstance(items[0], Record)
    assert items[1:] == [Deleted("111"), Deleted("222")]
