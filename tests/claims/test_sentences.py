"""`sentences` searches only a piece's tail for an abbreviation: the same splits as a search of
the whole piece, on real abstracts."""

from __future__ import annotations

import json
from pathlib import Path

from litcheck.claims.text import _SENTENCE_END, _abbreviation, sentences

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "scifact_corpus_sample.jsonl"


def _whole_piece_search(text: str) -> list[str]:
    abbreviation, _reach = _abbreviation()
    out: list[str] = []
    for part in _SENTENCE_END.split(text.strip()):
        if out and abbreviation.search(out[-1]):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return [s.strip() for s in out if s.strip()]


def test_tail_search_splits_as_a_whole_piece_search_does() -> None:
    texts = [
        "Smith et al. Showed this. Then e.g. This one. Fig. 2 shows it. Etc. Done.",
        "A vs. B were compared. I.e. Nothing. Xet al. Is no abbreviation.",
    ]
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    texts += [" ".join(json.loads(line)["abstract"]) for line in lines]
    for text in texts:
        assert sentences(text) == _whole_piece_search(text), text
    assert len(sentences(texts[0])) < len(_SENTENCE_END.split(texts[0]))
