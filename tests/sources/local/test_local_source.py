"""LocalSource: the Source interface over a local index, and the bundled PubMedQA sample."""

from __future__ import annotations

from pathlib import Path

import pytest

from litcheck.corpus.build import build_index
from litcheck.errors import ConfigError
from litcheck.models import Query
from litcheck.sources.base import Source
from litcheck.sources.local.source import LocalSource
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> LocalSource:
    out = tmp_path_factory.mktemp("ix")
    build_index([FIXTURES / "local" / "efetch_pubmed2.xml"], out)
    return LocalSource.from_path(out)


def test_implements_source(source: LocalSource) -> None:
    assert isinstance(source, Source)
    assert source.key.startswith("local:") and source.requests_sent == 0
    assert not source.capabilities.ladder and source.capabilities.nearest


def test_search_and_fetch(source: LocalSource) -> None:
    query = Query(source="pubmed", term="cryopreservation[tiab] OR proton[ti]")
    run = source.search(query, limit=1)
    assert run.query is query and run.count == 2 and len(run.ids) == 1
    assert run.translation == '"cryopreservation"[Title/Abstract] OR "proton"[Title]'
    records = source.fetch(["11748933", "pubmed:11700088", "999"])
    assert sorted(r.id for r in records) == ["pubmed:11700088", "pubmed:11748933"]
    assert source.requests_sent == 0


def test_no_hits_and_bad_query_are_values(source: LocalSource) -> None:
    empty = source.search(Query(source="pubmed", term="zebrafish[tiab]"))
    assert (empty.count, empty.ids, empty.error) == (0, (), None)
    bad = source.search(Query(source="pubmed", term="ketamine[zz]"))
    assert bad.ids == () and bad.error and "unsupported field tag" in bad.error


def test_missing_index(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        LocalSource.from_path(tmp_path / "nothing")


def test_bundled_sample_answers_offline() -> None:
    sample = LocalSource.sample()
    assert len(sample.index) == 1000
    run = sample.search(Query(source="pubmed", term="mitochondria[tiab] AND Apoptosis[mh]"))
    assert "21645374" in run.ids  # PubMedQA's lace plant PCD item
    (record,) = sample.fetch(["21645374"])
    assert record.id == "pubmed:21645374" and record.year == 2011
    assert record.abstract[-1].label == "CONCLUSIONS"
    assert "Mitochondria" in [m.descriptor for m in record.mesh]
