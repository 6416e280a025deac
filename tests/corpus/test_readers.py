"""Source formats: MEDLINE text, JSONL (incl. SciFact's corpus as is), sniffing, bad input."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from litcheck.corpus.readers import expand_sources, iter_items
from litcheck.errors import InputError
from litcheck.models import Record
from tests.conftest import FIXTURES

LOCAL = FIXTURES / "local"


def records(path: Path) -> list[Record]:
    return [r for r in iter_items(path) if isinstance(r, Record)]


def test_medline_text() -> None:
    found = records(LOCAL / "medline_result2.txt")
    assert [r.pmid for r in found] == ["16403221", "16377612", "14871861", "14630660"]
    first = found[0]
    assert first.title == "A high level interface to SCOP and ASTRAL implemented in python."
    assert first.year == 2006 and first.journal == "BMC bioinformatics"
    assert first.authors[0].last_name == "Casbon" and first.authors[0].initials == "JA"
    assert first.authors[0].affiliations[0].startswith("Bioinformatics, Institute of Cell")
    software = next(m for m in first.mesh if m.descriptor == "Software")
    assert software.major
    retrieval = next(m for m in first.mesh if m.descriptor == "Information Storage and Retrieval")
    assert retrieval.major and retrieval.qualifiers == ("methods",)
    assert "Journal Article" in first.pub_types
    assert first.abstract_text.startswith("BACKGROUND: Benchmarking algorithms")


def test_scifact_corpus_as_is() -> None:
    found = records(LOCAL / "scifact_corpus_head5.jsonl")
    assert len(found) == 5
    first = found[0]
    assert first.pmid == "4983" and first.id == "pubmed:4983"
    assert first.title.startswith("Microstructural development of human newborn")
    # the list of sentences becomes one abstract section
    assert len(first.abstract) == 1
    assert first.abstract_text.startswith("Alterations of the architecture of cerebral white")
    assert first.url is None  # doc_ids are S2ORC ids, not PMIDs: no PubMed link


def test_jsonl_full_shape(tmp_path: Path) -> None:
    src = tmp_path / "x.jsonl.gz"
    line = (
        '{"pmid": 42, "title": "T", "abstract": [{"label": "METHODS", "text": "m"}], '
        '"year": "2019", "journal": "J", "authors": ["Smith JA", "Doe"], '
        '"affiliations": ["Northwestern University"], "mesh": ["*Ketamine", "Mice/drug effects"], '
        '"pubtypes": ["Review"], "doi": "10.1/x"}\n\n'
    )
    src.write_bytes(gzip.compress(line.encode()))
    (record,) = records(src)
    assert record.pmid == "42" and record.year == 2019 and record.doi == "10.1/x"
    assert record.abstract[0].label == "METHODS"
    assert record.authors[0].last_name == "Smith" and record.authors[0].initials == "JA"
    assert record.authors[1].last_name == "Doe"
    assert record.affiliations == ("Northwestern University",)
    assert [(m.descriptor, m.major) for m in record.mesh] == [("Ketamine", True), ("Mice", False)]
    assert record.url == "https://pubmed.ncbi.nlm.nih.gov/42/"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"title": "no id"}\n', "no pmid, id or doc_id"),
        (b"{not json\n", "line 1 is not JSON"),
        (b'{"pmid": 1, "year": "soon"}\n', "unusable record"),
        (b"hello world\n", "is not PubMed XML, MEDLINE text or JSONL"),
        (b"<PubmedArticleSet><PubmedArticle>", "not well-formed XML"),
    ],
)
def test_bad_input(tmp_path: Path, content: bytes, message: str) -> None:
    src = tmp_path / "bad.jsonl"
    src.write_bytes(content)
    with pytest.raises(InputError, match=message):
        list(iter_items(src))


def test_truncated_gzip(tmp_path: Path) -> None:
    src = tmp_path / "cut.xml.gz"
    src.write_bytes(gzip.compress((LOCAL / "efetch_pubmed2.xml").read_bytes())[:-200])
    with pytest.raises(InputError):
        list(iter_items(src))


def test_expand_sources(tmp_path: Path) -> None:
    (tmp_path / "b.xml").write_text("<x/>")
    (tmp_path / "a.xml.gz").write_text("")
    (tmp_path / "notes.md").write_text("")
    assert [p.name for p in expand_sources([tmp_path])] == ["a.xml.gz", "b.xml"]
    with pytest.raises(InputError, match="does not exist"):
        expand_sources([tmp_path / "nope"])
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="holds no"):
        expand_sources([empty])
