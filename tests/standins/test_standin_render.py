"""Record -> efetch XML: parses offline with Bio.Entrez against the bundled 2025 DTD, and
round-trips real efetch records through litcheck's own parser."""

from __future__ import annotations

import io

import pytest
from Bio import Entrez

from litcheck.models import AbstractSection, Author, MeshHeading, Notice, Record
from litcheck.sources.pubmed.xml import parse_pubmed_xml
from standins.pubmed_render import DOCTYPE, render_article_set
from tests.conftest import fixture_bytes

REAL = [
    "ncbi/retraction_neilfws/example.xml",
    "bench/efetch_mouse_32306807.xml",
    "bench/efetch_structured_23657305.xml",
    "bench/efetch_collective_34843274.xml",
]

# A retracted article as a Record value, fields taken from PMID 993's efetch record (the real
# capture itself round-trips in REAL above).
RETRACTED = Record(
    source="pubmed",
    id="pubmed:993",
    pmid="993",
    title="The stimulation by synaptic transmitters of the incorporation of oleate into the "
    "phospholipid of synaptic membranes.",
    abstract=(AbstractSection("Noradrenaline stimulated the incorporation of oleate."),),
    journal="The Biochemical journal",
    journal_abbrev="Biochem. J.",
    year=1975,
    pub_date="1975 Jun",
    volume="148",
    issue="3",
    pages="557-65",
    authors=(Author(last_name="Gullis", fore_name="R J", initials="RJ"),),
    pub_types=("Journal Article", "Retracted Publication"),
    notices=(Notice("RetractionIn", pmid="195582", source="Biochem J. 1977 Mar 15;162(3):713"),),
    mesh=(MeshHeading("Animals", ui="D000818"), MeshHeading("Guinea Pigs", major=True)),
    language=("eng",),
)
SCIFACT_LIKE = Record(
    source="pubmed",
    id="pubmed:4983",
    pmid="4983",
    title="Microstructural development of human newborn cerebral white matter.",
    abstract=(AbstractSection("First sentence & <more>."), AbstractSection("Second one.")),
)


def _bio(xml: bytes) -> object:
    # validate=True: every element and attribute must be one the 2025 DTD declares.
    return Entrez.read(io.BytesIO(xml), validate=True)  # type: ignore[no-untyped-call]


def test_starts_with_the_doctype_of_a_current_efetch() -> None:
    xml = render_article_set([SCIFACT_LIKE])
    assert xml.startswith(b'<?xml version="1.0" ?>\n' + DOCTYPE.encode())
    assert b"pubmed_250101.dtd" in xml


def test_empty_set_is_byte_identical_to_a_real_no_record_reply() -> None:
    assert render_article_set([]) == fixture_bytes("bench/efetch_empty_37909814.xml")


@pytest.mark.parametrize("name", REAL)
def test_real_records_round_trip_through_litchecks_parser(name: str) -> None:
    (original,) = parse_pubmed_xml(fixture_bytes(name))
    xml = render_article_set([original])
    _bio(xml)
    (again,) = parse_pubmed_xml(xml)
    for attr in (
        "pmid",
        "title",
        "abstract",
        "journal",
        "journal_abbrev",
        "year",
        "volume",
        "issue",
        "doi",
        "pmcid",
        "pub_types",
        "language",
        "keywords",
        "notices",
    ):
        assert getattr(again, attr) == getattr(original, attr), attr
    assert [(m.descriptor, m.ui, m.qualifiers) for m in again.mesh] == [
        (m.descriptor, m.ui, m.qualifiers) for m in original.mesh
    ]
    assert [(a.display, a.affiliations) for a in again.authors] == [
        (a.display, a.affiliations) for a in original.authors
    ]


def test_retraction_and_mesh_survive() -> None:
    (again,) = parse_pubmed_xml(render_article_set([RETRACTED]))
    assert "Retracted Publication" in again.pub_types
    assert again.notices == RETRACTED.notices
    assert again.pub_date == "1975 Jun" and again.year == 1975
    assert [(m.descriptor, m.major) for m in again.mesh] == [
        ("Animals", False),
        ("Guinea Pigs", True),
    ]


def test_record_without_date_pages_or_doi_is_still_valid_and_escaped() -> None:
    xml = render_article_set([SCIFACT_LIKE, RETRACTED])
    parsed = _bio(xml)
    assert isinstance(parsed, dict)
    assert len(parsed["PubmedArticle"]) == 2
    first, _ = parse_pubmed_xml(xml)
    assert first.pmid == "4983" and first.year is None
    assert first.abstract_text == "First sentence & <more>. Second one."
