"""litcheck.semantic: the optional embedding similarity.

Most tests drive `Encoder` through its `embedder` seam with a deterministic bag-of-words fake, so
they run without the extra. Tests of the real packaged model skip unless
`pip install 'litcheck[semantic]'` was done; pytest-socket stays on for them, which proves the
model loads without the network.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from litcheck import semantic
from litcheck.claims.text import tokens
from litcheck.errors import ConfigError
from litcheck.models import AbstractSection, Record
from tests.conftest import fixture_path

DIM = 64


class BagOfWords:
    """Fake embedder: hashed token counts (not normalised, to test that encode normalises)."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for i, text in enumerate(texts):
            for tok in tokens(text):
                out[i, zlib.crc32(tok.encode()) % DIM] += 1.0
        return out


def scifact_records() -> dict[str, Record]:
    """SciFact corpus sample (real abstracts) as Records, keyed by doc id."""
    out: dict[str, Record] = {}
    for line in fixture_path("scifact_corpus_sample.jsonl").read_text().splitlines():
        obj = json.loads(line)
        doc = str(obj["doc_id"])
        out[doc] = Record(
            source="pubmed",
            id=f"pubmed:{doc}",
            title=obj["title"],
            abstract=(AbstractSection(text=" ".join(obj["abstract"])),),
        )
    return out


def scifact_claims() -> list[tuple[str, str]]:
    """(claim text, first cited doc id) for the 25 evidence claims."""
    text = fixture_path("scifact_claims_evidence_sample.jsonl").read_text(encoding="utf-8")
    rows = [json.loads(x) for x in text.splitlines()]
    return [(r["claim"], str(next(iter(r["evidence"])))) for r in rows]


def test_importing_needs_neither_torch_nor_numpy() -> None:
    code = "import sys, litcheck.semantic; print('torch' in sys.modules, 'numpy' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["False", "False"]


def test_missing_model_package_is_a_config_error_with_install_tip(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, semantic.MODEL_PACKAGE, None)  # import -> ImportError
    with pytest.raises(ConfigError) as info:
        semantic.Encoder().encode(["x"])
    assert info.value.tip is not None and "litcheck[semantic]" in info.value.tip


def test_missing_sentence_transformers_is_a_config_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "model.safetensors").write_bytes(b"")
    monkeypatch.setattr(semantic, "model_dir", lambda: tmp_path)
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # restored after the test
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    with pytest.raises(ConfigError, match="sentence-transformers") as info:
        semantic.Encoder().load()
    assert info.value.tip == semantic.INSTALL_TIP


def test_encode_normalises_keeps_order_and_batches_only_new_texts() -> None:
    fake = BagOfWords()
    enc = semantic.Encoder(embedder=fake)
    a, b, a2 = enc.encode(["ketamine for depression", "aspirin", "ketamine for depression"])
    assert np.allclose([np.linalg.norm(a), np.linalg.norm(b)], 1.0, atol=1e-6)
    assert a is a2
    assert fake.calls == [["ketamine for depression", "aspirin"]]
    enc.encode(["aspirin", "statins"])
    assert fake.calls[-1] == ["statins"]
    assert enc.encoded == 3


def test_zero_vector_stays_zero_and_cache_is_bounded() -> None:
    fake = BagOfWords()
    enc = semantic.Encoder(embedder=fake, max_cache=2)
    (empty,) = enc.encode([""])
    assert not empty.any()
    enc.encode(["one", "two"])  # evicts ""
    enc.encode([""])
    assert fake.calls[-1] == [""]


def test_wrong_number_of_vectors_is_reported() -> None:
    enc = semantic.Encoder(embedder=lambda texts: np.ones((len(texts) + 1, 4)))
    with pytest.raises(ConfigError, match="returned 3 vectors for 2"):
        enc.encode(["a", "b"])


def test_record_views_split_title_and_abstract_sentences() -> None:
    rec = scifact_records()["13734012"]
    whole, parts = semantic.record_views(rec)
    assert whole.startswith(rec.title) and whole.endswith(rec.abstract_text.strip())
    assert parts[0] == rec.title
    assert len(parts) > 3 and all(p in whole for p in parts)
    empty = Record(source="pubmed", id="pubmed:1", title="")
    assert semantic.record_views(empty) == ("", ("",))


def test_views_doc_sentence_and_max() -> None:
    rec = scifact_records()["13734012"]
    _, parts = semantic.record_views(rec)
    claim = parts[4]  # an abstract sentence verbatim
    enc = semantic.Encoder(embedder=BagOfWords())
    doc = enc.similarity(claim, rec, "doc")
    sent = enc.similarity(claim, rec, "sentence")
    assert sent == pytest.approx(1.0, abs=1e-5)
    assert 0.0 < doc < sent
    assert enc.similarity(claim, rec) == pytest.approx(max(doc, sent))
    with pytest.raises(ConfigError, match="unknown similarity view"):
        enc.similarity(claim, rec, "title")  # type: ignore[arg-type]


def test_similarities_batch_matches_one_by_one() -> None:
    records = list(scifact_records().values())[:5]
    claim = scifact_claims()[0][0]
    fake = BagOfWords()
    enc = semantic.Encoder(embedder=fake)
    batch = enc.similarities(claim, records)
    assert len(fake.calls) == 1
    assert batch == [enc.similarity(claim, r) for r in records]
    assert len(fake.calls) == 1  # everything cached


def test_cosine() -> None:
    assert semantic.cosine([1.0, 0.0], [2.0, 0.0]) == pytest.approx(1.0)
    assert semantic.cosine([1.0, 0.0], [0.0, 3.0]) == 0.0
    assert semantic.cosine([0.0, 0.0], [1.0, 1.0]) == 0.0


# -------------------------------------------------------------------------------------------
# The real packaged model (only with the extra installed)
# -------------------------------------------------------------------------------------------

needs_extra = pytest.mark.skipif(
    not semantic.available(), reason="needs pip install 'litcheck[semantic]'"
)


@pytest.fixture(scope="module")
def real_encoder() -> semantic.Encoder:
    keep = {k: os.environ.get(k) for k in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
    enc = semantic.Encoder()
    enc.load()
    for k, v in keep.items():  # leave the process environment as we found it
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    return enc


@needs_extra
def test_packaged_model_loads_offline_and_gives_unit_384d_vectors(
    real_encoder: semantic.Encoder,
) -> None:
    assert (semantic.model_dir() / "model.safetensors").stat().st_size > 80_000_000
    (vec,) = real_encoder.encode(["Ketamine relieves depression within hours."])
    assert vec.shape == (384,)
    assert float(np.linalg.norm(vec)) == pytest.approx(1.0, abs=1e-5)


@needs_extra
def test_paraphrase_scores_above_unrelated(real_encoder: semantic.Encoder) -> None:
    a, b, c = real_encoder.encode(
        [
            "Aspirin lowers the risk of heart attack.",
            "Acetylsalicylic acid reduces myocardial infarction.",
            "Zebrafish fins regenerate after amputation.",
        ]
    )
    assert float(a @ b) > float(a @ c) + 0.3


@needs_extra
def test_cited_scifact_abstract_ranks_first(real_encoder: semantic.Encoder) -> None:
    records = scifact_records()
    claims = scifact_claims()
    cited = {doc for _, doc in claims}
    pool = [records[d] for d in cited] + [r for d, r in records.items() if d not in cited][:100]
    first = 0
    for claim, doc in claims:
        sims = real_encoder.similarities(claim, pool)
        ranked = [r.native_id for _, r in sorted(zip(sims, pool, strict=True), key=lambda t: -t[0])]
        first += ranked[0] == doc
    assert first >= 0.9 * len(claims)  # measured: 25 of 25 ranked first among 121


def test_checker_adds_semantic_feature_only_when_asked():
    from litcheck.check.checker import Checker
    from litcheck.models import Query
    from tests.factories import FakeSource, claim, record

    recs = {
        "1": record(
            "1", "Statins reduce atrial fibrillation after bypass surgery", "Statins help."
        ),
        "2": record("2", "Vitamin D and regulatory T cells", "Vitamin D raises Tregs."),
    }

    def planner(c):
        return [Query("pubmed", "q")]

    source = FakeSource({"q": ["1", "2"]}, recs, planner=planner)
    plain = Checker({"f": source}).check_one(claim("statins"))
    assert all("semantic" not in c.features for c in plain.candidates)
    encoder = semantic.Encoder(embedder=BagOfWords())
    result = Checker({"f": source}, semantic=encoder).check_one(
        claim("Statins reduce atrial fibrillation after bypass surgery")
    )
    by_id = {c.record.pmid: c.features["semantic"] for c in result.candidates}
    assert by_id["1"] > by_id["2"]
    assert result.candidates[0].record.pmid == "1"


@needs_extra
def test_sample_finds_a_record_by_meaning(real_encoder: semantic.Encoder) -> None:
    from litcheck.models import Query
    from litcheck.sources.local.source import LocalSource

    sample = LocalSource.sample()
    rec = sample.fetch(["21881325"])[0]
    run = sample.nearest(real_encoder.encode([rec.title])[0], Query("pubmed", "-"), limit=3)
    assert run.ids[0] == "21881325"
