"""`iter_pubmed_xml` cuts items out of the byte stream and parses each alone: the same items as
parse events over the whole document (`_pull_items`), on every real PubmedArticleSet fixture,
whatever the read size; malformed documents still fail."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest

from litcheck.corpus import fastxml
from litcheck.corpus.fastxml import Deleted, iter_pubmed_xml
from tests.conftest import FIXTURES

SETS = sorted(p for p in FIXTURES.rglob("*.xml") if b"<PubmedArticleSet" in p.read_bytes()[:4096])
ONE = (FIXTURES / "local" / "efetch_pubmed2.xml").read_bytes()


def _pulled(content: bytes) -> list[object]:
    stream = io.BytesIO(content)
    return list(fastxml._pull_items(stream.read(1 << 20), stream))


def test_there_are_many_real_sets() -> None:
    assert len(SETS) > 50


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.name)
def test_cut_items_are_the_items_of_the_whole_document(path) -> None:
    content = path.read_bytes()
    assert fastxml._can_cut(content[: 1 << 20])
    assert list(iter_pubmed_xml(io.BytesIO(content))) == _pulled(content)


@pytest.mark.parametrize("chunk", [7, 64, 1000])
def test_any_read_size_gives_the_same_items(chunk, monkeypatch) -> None:
    monkeypatch.setattr(fastxml, "_CHUNK", chunk)
    deletions = b"<DeleteCitation><PMID>1</PMID><PMID>2</PMID></DeleteCitation>\n"
    content = ONE.replace(b"</PubmedArticleSet>", deletions + b"</PubmedArticleSet>")
    items = list(iter_pubmed_xml(io.BytesIO(content)))
    assert items[-2:] == [Deleted("1"), Deleted("2")]
    monkeypatch.setattr(fastxml, "_CHUNK", 1 << 20)
    assert items == _pulled(content)


@pytest.mark.parametrize(
    "content",
    [
        ONE[: ONE.rfind(b"</PubmedArticle>")],  # cut inside the last article
        ONE[: ONE.rfind(b"</PubmedArticleSet>")],  # the root never closed
        ONE.replace(b"</PubmedArticle>", b"</PubmedArticle><oops>", 1),  # junk between items
        ONE.replace(b"<ArticleTitle>", b"<ArticleTitle><b>", 1),  # an item not well-formed
    ],
    ids=["cut-in-item", "root-open", "junk-gap", "bad-item"],
)
def test_malformed_documents_fail(content: bytes) -> None:
    with pytest.raises(ET.ParseError):
        list(iter_pubmed_xml(io.BytesIO(content)))


def test_documents_that_cannot_be_cut_are_read_whole() -> None:
    start, end = ONE.index(b"<!DOCTYPE"), ONE.index(b"<PubmedArticleSet>")
    subset = ONE[:start] + b"<!DOCTYPE PubmedArticleSet [<!ENTITY a 'b'>]>\n" + ONE[end:]
    latin = b'<?xml version="1.0" encoding="ISO-8859-1"?>' + ONE.split(b"?>", 1)[1]
    for content in (subset, latin):
        assert not fastxml._can_cut(content)
        assert list(iter_pubmed_xml(io.BytesIO(content))) == list(iter_pubmed_xml(io.BytesIO(ONE)))
