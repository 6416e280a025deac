"""Index vectors (`litcheck corpus embed`) and recall by meaning in the checker (`--semantic`).

The embedder is the deterministic bag-of-words fake from tests/test_semantic.py, so these run
without the optional extra; the records are real SciFact abstracts (tests/fixtures).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from litcheck import semantic
from litcheck.check.checker import Checker
from litcheck.cli import app
from litcheck.corpus import INDEX_FILENAME
from litcheck.corpus.build import build_index
from litcheck.corpus.vectors import embed_index, record_text
from litcheck.models import Claim, Query
from litcheck.sources.local.index import LocalIndex
from litcheck.sources.local.plan import claim_words_query
from litcheck.sources.local.source import LocalSource
from tests.conftest import fixture_path
from tests.factories import claim
from tests.test_semantic import BagOfWords

CORPUS = fixture_path("scifact_corpus_sample.jsonl")


def _encoder() -> semantic.Encoder:
    return semantic.Encoder(embedder=BagOfWords(), model_name="fake-bow")


def _embed(folder: Path, encoder: semantic.Encoder, model: str = "fake-bow") -> tuple[int, int]:
    conn = sqlite3.connect(folder / INDEX_FILENAME, isolation_level=None)
    try:
        return embed_index(conn, encoder.encode_uncached, model, batch=16)
    finally:
        conn.close()


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "ix"
    build_index([CORPUS], out)
    return out


def test_embed_every_record_once_then_only_what_changed(folder: Path, tmp_path: Path) -> None:
    encoder = _encoder()
    total = len(LocalIndex.open(folder))
    assert _embed(folder, encoder) == (total, 0)
    assert _embed(folder, encoder) == (0, 0)  # nothing new
    first = json.loads(CORPUS.read_text(encoding="utf-8").splitlines()[0])
    first["title"] = "An entirely rewritten title"
    changed = tmp_path / "changed.jsonl"
    changed.write_text(json.dumps(first) + "\n", encoding="utf-8")
    build_index([changed], folder)
    assert _embed(folder, encoder) == (1, 0)  # the replaced record only
    with sqlite3.connect(folder / INDEX_FILENAME) as conn:
        conn.execute("DELETE FROM docs WHERE pmid = ?", (str(first["doc_id"]),))
    assert _embed(folder, encoder) == (0, 1)  # its vector goes with it
    info = LocalIndex.open(folder).info()
    assert (info["vectors"], info["vectors_model"]) == (total - 1, "fake-bow")


def test_another_model_starts_over(folder: Path) -> None:
    encoder = _encoder()
    total, _ = _embed(folder, encoder)
    assert _embed(folder, encoder, model="other-model") == (total, 0)
    assert LocalIndex.open(folder).info()["vectors_model"] == "other-model"


def test_nearest_finds_a_record_by_its_own_text(folder: Path) -> None:
    encoder = _encoder()
    _embed(folder, encoder)
    index = LocalIndex.open(folder)
    records = index.records([str(json.loads(x)["doc_id"]) for x in CORPUS.read_text().splitlines()])
    for rec in records[:10]:
        vector = encoder.encode([record_text(rec)])[0]
        (best, sim), *rest = index.vectors.nearest(vector, 5)
        assert best == rec.pmid and sim == pytest.approx(1.0, abs=2e-3)  # float16 storage
        assert len(rest) == 4 and all(s <= sim for _, s in rest)


def test_index_without_vectors_has_none(folder: Path) -> None:
    index = LocalIndex.open(folder)
    assert len(index.vectors) == 0 and index.vectors.nearest([0.0] * 8, 5) == []
    assert LocalSource(index).vector_model is None


class _WordsOnly(LocalSource):
    """A local source whose only lexical query is the ranked all-claim-words one."""

    def plan(self, claim: Claim) -> list[Query]:
        words = claim_words_query(claim)
        return [words] if words else []


def test_checker_adds_nearest_records_only_with_semantic_and_matching_vectors(
    folder: Path,
) -> None:
    encoder = _encoder()
    _embed(folder, encoder)
    source = _WordsOnly(LocalIndex.open(folder))
    rec = source.index.records([str(json.loads(CORPUS.read_text().splitlines()[0])["doc_id"])])[0]
    # A claim made of the record's own words in another order: the embedding's nearest record.
    text = " ".join(reversed(record_text(rec).split()[:40]))
    plain = Checker({"mine": source}, keep=100).check_one(claim(text))
    assert all(run.query.label != "nearest by meaning" for run in plain.queries)
    with_sem = Checker({"mine": source}, keep=100, semantic=encoder).check_one(claim(text))
    near = [run for run in with_sem.queries if run.query.label == "nearest by meaning"]
    assert len(near) == 1 and near[0].ids[0] == rec.pmid
    assert near[0].query.source == "mine" and near[0].query.params["method"] == "embedding"
    assert rec.pmid in {c.record.pmid for c in with_sem.candidates}
    other = semantic.Encoder(embedder=BagOfWords(), model_name="another-model")
    mismatched = Checker({"local": source}, semantic=other).check_one(claim(text))
    assert all(run.query.label != "nearest by meaning" for run in mismatched.queries)


def test_semantic_pool_features(folder: Path) -> None:
    encoder = _encoder()
    source = LocalSource(LocalIndex.open(folder))
    rec = source.index.records([str(json.loads(CORPUS.read_text().splitlines()[0])["doc_id"])])[0]
    result = Checker({"local": source}, keep=100, semantic=encoder).check_one(claim(rec.title))
    feats = [c.features for c in result.candidates]
    assert max(f["semantic_gap"] for f in feats) == 0.0
    assert all(-1.0 <= f["semantic_gap"] <= 0.0 and -4.0 <= f["semantic_z"] <= 4.0 for f in feats)
    best = max(result.candidates, key=lambda c: c.features["semantic"])
    assert best.features["semantic_gap"] == 0.0 and best.features["semantic_z"] > 0


def test_embed_without_the_extra_is_one_line_with_a_tip(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, semantic.MODEL_PACKAGE, None)  # as if not installed
    before = (folder / INDEX_FILENAME).read_bytes()
    result = CliRunner().invoke(app, ["corpus", "embed", str(folder)])
    assert result.exit_code == 2, result.output
    assert "litcheck[semantic]" in result.output and "Traceback" not in result.output
    assert (folder / INDEX_FILENAME).read_bytes() == before  # nothing written


def test_bundled_sample_carries_vectors_of_the_packaged_model() -> None:
    sample = LocalSource.sample()
    assert sample.vector_model == semantic.MODEL_NAME
    assert len(sample.index.vectors) == len(sample.index) == 1000


def test_semantic_run_notes_a_local_index_without_vectors(
    folder: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    from litcheck.check.session import make_checker
    from litcheck.settings import Settings

    monkeypatch.setattr(semantic.Encoder, "load", lambda self: None)  # no model needed here
    with caplog.at_level(logging.WARNING, "litcheck"):
        make_checker(Settings(sources=(f"local:{folder}",), semantic=True)).close()
    assert f"local:{folder} has no vectors" in caplog.text
    assert "litcheck corpus embed" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING, "litcheck"):
        make_checker(Settings(sources=("sample",), semantic=True)).close()  # has vectors
    assert "no vectors" not in caplog.text


def test_an_interrupted_embed_keeps_its_batches_and_resumes(folder: Path) -> None:
    encoder = _encoder()
    calls = 0

    def flaky(texts: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise KeyboardInterrupt  # Ctrl-C during the second batch
        return encoder.encode_uncached(texts)  # type: ignore[arg-type]

    conn = sqlite3.connect(folder / INDEX_FILENAME, isolation_level=None)
    with pytest.raises(KeyboardInterrupt):
        embed_index(conn, flaky, "fake-bow", batch=16)
    conn.close()
    total = len(LocalIndex.open(folder))
    assert LocalIndex.open(folder).info()["vectors"] == 16  # the first batch is kept
    assert _embed(folder, encoder) == (total - 16, 0)  # the rerun does only the rest
