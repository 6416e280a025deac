"""`Vocabulary.find` tries only the names whose literal pieces are all in the text
(`_plausible_names`): the same matches as the regex of all names, on real prose."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from litcheck.claims import vocab as vocab_module
from litcheck.claims.document import split_sentences
from litcheck.claims.vocab import _plausible_names, default_vocabulary

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _texts() -> list[str]:
    texts = [
        "İNSULİN and ſerotonin in the KETAMINE arm",  # characters that fold to ASCII letters
        "Sjögren’s syndrome and Crohn's disease; N-methyl-D-aspartate receptors",
        "Meta analysis and metaanalysis of treatment-resistant depression (TRD) in art therapy",
    ]
    claims = (FIXTURES / "scifact_claims_sample.jsonl").read_text(encoding="utf-8").splitlines()
    texts += [json.loads(line)["claim"] for line in claims]
    for article in sorted((FIXTURES / "articles").glob("*.txt")):
        texts += [text for _line, text in split_sentences(article.read_text(encoding="utf-8"))]
    return texts


def test_prefilter_keeps_every_match(monkeypatch: pytest.MonkeyPatch) -> None:
    vocab = default_vocabulary()
    texts = _texts()
    assert len(texts) > 150
    fast = [vocab.find(t) for t in texts]
    every = lambda entry, folded: tuple(n for n in entry.names if n.strip())  # noqa: E731
    monkeypatch.setattr(vocab_module, "_plausible_names", every)
    assert [vocab.find(t) for t in texts] == fast


def test_prefilter_skips_a_name_missing_a_piece() -> None:
    entry = next(e for e in default_vocabulary() if e.canonical == "NMDA receptor")
    assert "N-methyl-D-aspartate receptor" in entry.names  # its anchor "n" passes any n-word
    assert _plausible_names(entry, "noradrenaline stimulates oleate") == ()
    assert _plausible_names(entry, "n methyl d aspartate receptors") == (
        "N-methyl-D-aspartate receptor",
    )
    assert _plausible_names(entry, "nmda receptors") == ("NMDA receptor", "NMDA receptors", "NMDA")
