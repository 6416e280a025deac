"""The shared PubMed field rules (`litcheck.sources.pubmed.fields`), on plain values."""

from __future__ import annotations

from litcheck.sources.pubmed import fields
from litcheck.sources.pubmed.raw import RawArticle, RawAuthor, RawDate, RawMesh


def test_clean_collapses_unicode_spaces_and_empties_to_none():
    assert fields.clean(" 12\xa0months,\u2009p\u202f=\n 0.02 ") == "12 months, p = 0.02"
    assert fields.clean("plain text") == "plain text"
    assert fields.clean(" \n ") is None and fields.clean(None) is None


def test_dates_print_season_and_medline_date_like_pubmed():
    assert fields.pub_date(RawDate(year="2013", season="Jan-Mar")) == ("2013 Jan-Mar", 2013)
    assert fields.pub_date(RawDate(year="2019", month="Mar", day="05")) == ("2019 Mar 05", 2019)
    assert fields.pub_date(RawDate(medline="1998 Dec-1999 Jan")) == ("1998 Dec-1999 Jan", 1998)
    assert fields.pub_date(RawDate(medline="Winter 2004")) == ("Winter 2004", 2004)
    assert fields.pub_date(None) == (None, None)


def test_article_date_supplies_a_missing_year_and_date():
    raw = RawArticle(pmid="1", article_dates=[RawDate(year="2024", month="07", day="02")])
    record = fields.article_record(raw)
    assert record is not None and (record.year, record.pub_date) == (2024, "2024 07 02")


def test_authors_rules():
    authors = fields.authors(
        [
            RawAuthor(last_name="Smith", fore_name="Jo\xa0Ann", initials="JA"),
            RawAuthor(last_name="Wrong", valid="N"),
            RawAuthor(collective="COVID  Study Group", last_name="ignored"),
            RawAuthor(last_name="Li", affiliations=["", " "]),
        ],
        article_affiliation="Dept. X,\nUniversity Y.",
    )
    assert [a.last_name for a in authors] == ["Smith", None, "Li"]
    assert authors[0].fore_name == "Jo Ann" and authors[0].affiliations == (
        "Dept. X, University Y.",
    )
    assert authors[1].collective == "COVID Study Group" and authors[1].fore_name is None
    assert authors[2].affiliations == ()


def test_only_trust_changing_notices_are_kept():
    notices = fields.notices(
        [
            ("CommentIn", "2", "Gut. 2017"),
            ("Cites", "3", "x"),
            ("RetractionIn", "4", "Nature.  2020"),
            (None, "5", None),
        ]
    )
    assert [(n.ref_type, n.pmid, n.source) for n in notices] == [
        ("RetractionIn", "4", "Nature. 2020")
    ]


def test_identifiers_pages_keywords_and_mesh():
    ids = fields.ids([("pubmed", "1"), ("doi", " 10.1/a "), ("doi", "10.1/b")])
    assert ids == {"pubmed": "1", "doi": "10.1/a"}
    assert (
        fields.doi({}, [("doi", "N", "10.1/bad"), ("pii", None, "S1"), ("doi", "Y", "10.1/ok")])
        == "10.1/ok"
    )
    assert fields.pmcid({}, [("NLM", "PMC1165577 ]"), ("NLM", "x")]) == "PMC1165577"
    assert fields.pages(None, "35", "41") == "35-41" and fields.pages("35-41", "1", "2") == "35-41"
    assert fields.keywords(["a", "b ", "a", None, ""]) == ("a", "b")
    (heading,) = fields.mesh(
        [RawMesh(descriptor=None), RawMesh("Iron", "D1", "N", (("genetics", "N"), ("blood", "Y")))]
    )
    assert heading.major and heading.qualifiers == ("genetics", "blood")


def test_no_pmid_no_record():
    assert fields.article_record(RawArticle(pmid=" ")) is None
