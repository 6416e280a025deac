"""Both PubMed XML parsers give the same whole Record for every real PubmedArticleSet fixture.

`litcheck.sources.pubmed.xml` (Bio.Entrez, live efetch) and `litcheck.corpus.fastxml` (streaming,
index builds) only extract raw values; `litcheck.sources.pubmed.fields` holds the one set of
rules. This compares every field (`msgspec.to_builtins`), not a sample of them.
"""

from __future__ import annotations

import io
from pathlib import Path

import msgspec
import pytest
from Bio.Entrez import Parser

from litcheck.corpus.fastxml import iter_pubmed_xml
from litcheck.models import Record
from litcheck.sources.pubmed.xml import parse_pubmed_xml
from tests.conftest import FIXTURES

ARTICLE_SETS = sorted(
    p
    for folder in ("ncbi", "local", "bench")
    for p in (FIXTURES / folder).rglob("*")
    if p.is_file() and b"<PubmedArticleSet" in p.read_bytes()[:4096]
)


@pytest.fixture(autouse=True)
def _no_user_dtds(monkeypatch, tmp_path):
    """Only Biopython's bundled DTDs count; any download attempt fails the test."""
    monkeypatch.setattr(Parser.DataHandler, "local_dtd_dir", str(tmp_path))

    def refuse(url, *args, **kwargs):
        raise AssertionError(f"Bio.Entrez tried to download {url}")

    monkeypatch.setattr(Parser, "urlopen", refuse)


def test_the_fixture_set_is_the_real_one():
    metapub = [p for p in ARTICLE_SETS if p.parent == FIXTURES / "ncbi/metapub/pmid_xml"]
    assert len(metapub) == 164 and len(ARTICLE_SETS) >= 250


@pytest.mark.parametrize("path", ARTICLE_SETS, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_entrez_and_streaming_parsers_give_the_same_records(path: Path):
    content = path.read_bytes()
    entrez = [msgspec.to_builtins(r) for r in parse_pubmed_xml(content)]
    streamed = [
        msgspec.to_builtins(r)
        for r in iter_pubmed_xml(io.BytesIO(content))
        if isinstance(r, Record)
    ]
    assert [r["pmid"] for r in streamed] == [r["pmid"] for r in entrez]
    for ours, theirs in zip(streamed, entrez, strict=True):
        for name in theirs:
            assert ours[name] == theirs[name], f"{ours['pmid']}: field {name!r} differs"
