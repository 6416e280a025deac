"""Scorer analyses (`evidence.Doc`) kept in the response cache: read back only for the same
text and the same analyser, never trusted when damaged, and scoring is unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from msgspec.structs import replace

from litcheck.models import AbstractSection
from litcheck.sources.cache import ResponseCache
from litcheck.sources.pubmed import analysed, evidence
from tests.factories import record

REC = record(
    "101",
    "Ketamine for treatment-resistant depression in adults",
    [("BACKGROUND", "Depression is common. Ketamine et al. reported 61% response."),
     ("RESULTS", "In 2019 esketamine was approved. Mice were not studied.")],
    mesh=("Ketamine", "Depressive Disorder, Treatment-Resistant"),
)  # fmt: skip


@pytest.fixture(autouse=True)
def _fresh_memo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(evidence, "_PRIMED", {})
    evidence._analyse.cache_clear()
    yield
    evidence._analyse.cache_clear()


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[ResponseCache]:
    with ResponseCache(tmp_path / "cache") as opened:
        yield opened


def test_a_stored_doc_is_read_back_equal_to_a_computed_one(cache: ResponseCache) -> None:
    assert analysed.load_docs(cache, [REC]) == [REC]  # nothing stored yet
    analysed.store_docs(cache, [REC])
    computed = evidence.analysis(REC)
    evidence._analyse.cache_clear()
    assert analysed.load_docs(cache, [REC]) == []
    assert evidence.is_primed(REC)
    assert evidence.analysis(REC) == computed


def test_a_record_whose_text_changed_is_analysed_again(cache: ResponseCache) -> None:
    analysed.store_docs(cache, [REC])
    corrected = replace(REC, abstract=(AbstractSection("A corrected abstract about rats."),))
    assert analysed.load_docs(cache, [corrected]) == [corrected]
    assert not evidence.is_primed(corrected)


def test_a_damaged_entry_is_ignored(cache: ResponseCache) -> None:
    cache.set(analysed._key(REC), b'[1, {"title_seq": 3}]', expire=None)
    assert analysed.load_docs(cache, [REC]) == [REC]
    cache.set(analysed._key(REC), b"\x00not json", expire=None)
    assert analysed.load_docs(cache, [REC]) == [REC]


def test_another_analyser_misses_every_stored_doc(
    cache: ResponseCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    analysed.store_docs(cache, [REC])
    analysed.analyser_digest.cache_clear()
    monkeypatch.setattr(analysed, "_ANALYSER_MODULES", ("litcheck/sources/pubmed/score.py",))
    try:
        assert analysed.load_docs(cache, [REC]) == [REC]
    finally:
        analysed.analyser_digest.cache_clear()
