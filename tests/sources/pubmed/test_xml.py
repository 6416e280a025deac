"""PubMed efetch XML -> Records, against every real PubmedArticleSet in tests/fixtures/ncbi/."""

from __future__ import annotations

import re

import pytest
from Bio.Entrez import Parser

from litcheck.errors import BadResponse
from litcheck.models import Notice, Record
from litcheck.sources.pubmed.fields import flatten_markup
from litcheck.sources.pubmed.xml import (
    bundled_dtd_for,
    parse_pubmed_xml,
    split_articles,
    validate_pubmed_xml,
)
from tests.conftest import FIXTURES, fixture_bytes

NCBI = FIXTURES / "ncbi"
ARTICLE_SETS = sorted(p for p in NCBI.rglob("*.xml") if b"<PubmedArticleSet" in p.read_bytes())
# Derived independently of the parser: the first PMID inside each MedlineCitation/BookDocument.
_PMID = re.compile(rb"<(?:MedlineCitation|BookDocument)\b[^>]*>\s*<PMID[^>]*>(\d+)</PMID>")


@pytest.fixture(autouse=True)
def _no_user_dtds(monkeypatch, tmp_path):
    """Ignore DTDs Biopython may have downloaded into ~/.config earlier: only bundled ones count."""
    monkeypatch.setattr(Parser.DataHandler, "local_dtd_dir", str(tmp_path))

    def refuse(url, *args, **kwargs):
        raise AssertionError(f"Bio.Entrez tried to download {url}")

    monkeypatch.setattr(Parser, "urlopen", refuse)


def record(path: str, pmid: str | None = None) -> Record:
    records = parse_pubmed_xml(fixture_bytes(f"ncbi/{path}"))
    return records[0] if pmid is None else next(r for r in records if r.pmid == pmid)


def test_fixture_set_is_complete():
    assert len(list((NCBI / "metapub" / "pmid_xml").glob("*.xml"))) == 164
    assert len(ARTICLE_SETS) >= 177


@pytest.mark.parametrize("path", ARTICLE_SETS, ids=lambda p: str(p.relative_to(NCBI)))
def test_every_real_article_set_parses_with_expected_pmids(path):
    content = path.read_bytes()
    expected = [m.decode() for m in _PMID.findall(content)]
    if path.parent.name == "pmid_xml" and expected:
        assert expected == [path.stem]  # metapub names each file after its PMID
    records = parse_pubmed_xml(content)
    assert sorted(r.pmid or "" for r in records) == sorted(expected)
    for r in records:
        assert r.id == f"pubmed:{r.pmid}" and r.source == "pubmed"
        assert r.url == f"https://pubmed.ncbi.nlm.nih.gov/{r.pmid}/"
        assert r.title and r.year and 1900 < r.year < 2100


def test_old_and_unbundled_dtds_parse_without_network():
    # 2011 (plain-http DTD URL Bio refuses) and 2017 (a DTD Biopython does not bundle).
    assert bundled_dtd_for("pubmed_170101.dtd") == "pubmed_180101.dtd"
    assert bundled_dtd_for("pubmed_250101.dtd") == "pubmed_250101.dtd"
    assert record("retraction_neilfws/example.xml").pmid == "993"
    assert record("journal_club_2017/practice.xml").pmid == "28806736"


def test_empty_article_set_is_no_records():
    assert parse_pubmed_xml(fixture_bytes("ncbi/metapub/pmid_xml/37909814.xml")) == []


def test_structured_abstract_keeps_labels_and_categories():
    r = record("journal_club_2017/practice.xml")
    assert [(s.label, s.category) for s in r.abstract][:3] == [
        ("PURPOSE", "OBJECTIVE"),
        ("METHODS", "METHODS"),
        ("RESULTS", "RESULTS"),
    ]
    assert r.abstract[0].text.startswith("To delineate the role of Sphingolipids")


def test_inline_markup_and_mathml_are_flattened():
    r = record("biopython/pubmed6.xml")
    text = r.abstract_text
    assert "(LEmin)" in text and "VMLSS 15.0 ± 1.1 km·h-1" in text
    assert "maximal oxygen uptake ( V.O2max )" in text
    assert not re.search(r"</?(math|mi|mo|msub|sub|sup|i)\b", text)
    assert record("metapub/data/sample_article_20301577.xml").title == "CACNA1C-Related Disorders"


def test_flatten_markup_keeps_escaped_text():
    assert flatten_markup("a &lt; b and <i>c</i> &amp; d") == "a < b and c & d"
    assert flatten_markup("broken <i>tag") == "broken tag"


def test_record_without_abstract():
    r = record("biopython/pubmed1.xml", "12091962")
    assert r.abstract == () and r.pub_date == "1990 Spring" and r.year == 1990


def test_medline_date_gives_year(tmp_path):
    # No captured record uses <MedlineDate>; swap it into a real one (the only change).
    real = fixture_bytes("ncbi/biopython/pubmed2.xml")
    pubdate = re.search(rb"<PubDate>.*?</PubDate>", real, re.DOTALL)
    assert pubdate is not None
    content = real.replace(
        pubdate.group(0), b"<PubDate><MedlineDate>2019 Mar-Apr</MedlineDate></PubDate>", 1
    )
    r = parse_pubmed_xml(content)[0]
    assert (r.pub_date, r.year) == ("2019 Mar-Apr", 2019)


def test_collective_author_and_affiliations():
    r = record("metapub/pmid_xml/39382274.xml")
    group = [a for a in r.authors if a.collective]
    assert group and (group[0].collective or "").startswith("GEMARA-SEIMC/CIBERINFEC Study Group")
    assert group[0].last_name is None and group[0].display == group[0].collective
    assert r.authors[0].last_name == "Blanco-Martín"
    assert any("A Coruña, Spain" in a for a in r.affiliations)


def test_book_article():
    r = record("metapub/data/sample_article_20301577.xml")
    assert r.is_book and r.pmid == "20301577" and r.journal == "GeneReviews®"
    assert r.pub_types == ("Review",)
    assert [s.label for s in r.abstract][:2] == ["CLINICAL CHARACTERISTICS", "DIAGNOSIS/TESTING"]


def test_mesh_check_tags_and_major_topics():
    mice = record("metapub/pmid_xml/37552767.xml")
    assert {"Mice", "Animals"} <= {m.descriptor for m in mice.mesh}
    rats = record("metapub/pmid_xml/38329942.xml")
    assert {"Humans", "Rats", "Animals"} <= {m.descriptor for m in rats.mesh}
    aids = record("biopython/pubmed1.xml", "12091962")
    heading = next(m for m in aids.mesh if m.descriptor == "Acquired Immunodeficiency Syndrome")
    assert heading.major and heading.ui == "D000163"
    chromatium = record("biopython/pubmed1.xml", "9997")
    chrom = next(m for m in chromatium.mesh if m.descriptor == "Chromatium")
    assert chrom.qualifiers == ("enzymology",)


def test_ids_journal_and_pagination():
    r = record("biopython/pubmed6.xml")
    assert (r.doi, r.pmcid) == ("10.3389/fphys.2018.01034", "PMC6079548")
    assert r.journal == "Frontiers in physiology" and r.journal_abbrev == "Front Physiol"
    assert (r.volume, r.pages, r.language) == ("9", "1034", ("eng",))
    assert "aerobic threshold" in r.keywords


def test_retraction_notice_and_pub_type():
    r = record("retraction_neilfws/example.xml")
    assert "Retracted Publication" in r.pub_types
    assert (
        Notice("RetractionIn", "195582", "Rowe CE. Biochem J. 1977 Apr 15;164(1):287-8")
        in r.notices
    )
    assert r.pmcid == "PMC1165577"  # only in <OtherID Source="NLM"> in this 2011 record


def test_erratum_notice_and_comments_left_out():
    r = record("metapub/pmid_xml/38147649.xml")
    assert [n.ref_type for n in r.notices] == ["ErratumIn"] and r.notices[0].pmid == "39705317"
    assert all(n.ref_type not in ("Cites", "CommentIn", "CommentOn") for n in r.notices)


def test_error_body_with_200_is_bad_response():
    with pytest.raises(BadResponse, match="Neither query_key nor id specified"):
        parse_pubmed_xml(fixture_bytes("ncbi/biopython/esummary8.xml"))


def test_html_page_is_bad_response():
    with pytest.raises(BadResponse, match="HTML page"):
        validate_pubmed_xml(fixture_bytes("ncbi/biopython/pubmed3.html"))


def test_truncated_body_is_bad_response():
    content = fixture_bytes("ncbi/biopython/pubmed4.xml")
    with pytest.raises(BadResponse, match="truncated"):
        parse_pubmed_xml(content[: len(content) // 2])
    with pytest.raises(BadResponse, match="empty"):
        validate_pubmed_xml(b"")


def test_wrong_document_is_bad_response():
    content = b'<?xml version="1.0"?><eSearchResult><Count>0</Count></eSearchResult>'
    with pytest.raises(BadResponse, match="expected a PubmedArticleSet"):
        validate_pubmed_xml(content)


def test_split_articles_gives_standalone_documents():
    content = fixture_bytes("ncbi/biopython/pubmed1.xml")
    parts = split_articles(content)
    assert sorted(parts) == ["12091962", "9997"]
    whole = {r.pmid: r for r in parse_pubmed_xml(content)}
    for pmid, doc in parts.items():
        assert doc.startswith(b"<?xml") and b"<!DOCTYPE PubmedArticleSet" in doc
        assert parse_pubmed_xml(doc) == [whole[pmid]]
    # the article bytes are kept exactly as sent
    start = content.index(b"<PubmedArticle>")
    end = content.index(b"</PubmedArticle>") + len(b"</PubmedArticle>")
    assert content[start:end] in parts["12091962"]


def test_elementtree_parses_and_entrez_is_not_needed(monkeypatch):
    from litcheck.sources.pubmed import xml as xml_module

    def no_entrez(*_a: object) -> object:
        raise AssertionError("Bio.Entrez was used for a plain document")

    monkeypatch.setattr(xml_module, "_parse_with_entrez", no_entrez)
    records = xml_module.parse_pubmed_xml(fixture_bytes("ncbi/biopython/pubmed1.xml"))
    assert [r.pmid for r in records] == ["12091962", "9997"]


def test_a_named_entity_only_the_dtd_defines_goes_to_entrez():
    from litcheck.sources.pubmed import xml as xml_module

    data = fixture_bytes("ncbi/biopython/pubmed1.xml").replace(
        b"</ArticleTitle>", b" caf&eacute;</ArticleTitle>", 1
    )
    assert xml_module._parse_with_elementtree(data) is None  # ElementTree cannot resolve it
    records = xml_module.parse_pubmed_xml(data)
    assert records[0].title.endswith("café")
