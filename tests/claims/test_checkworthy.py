"""Check-worthiness rules read their cue lists and patterns from the vocabulary."""

from __future__ import annotations

from pathlib import Path

from litcheck.claims.checkworthy import RULES, assess, pattern
from litcheck.claims.facets import analyze
from litcheck.claims.vocab import Vocabulary


def _assess(text: str, vocab: Vocabulary) -> tuple[bool, tuple[str, ...]]:
    a = assess(text, analyze(text, vocab), vocab)
    return a.worthy, a.reasons


def test_patterns_are_data() -> None:
    vocab = Vocabulary.load()
    imperative = pattern(vocab, "imperative_patterns")
    assert imperative is not None and imperative.match("Please don't wait to call us")
    assert pattern(vocab, "no_such_patterns") is None
    assert len(RULES) == 5


def test_rules_award_points_in_order() -> None:
    worthy, reasons = _assess(
        "According to a 2019 study, ketamine blocks the NMDA receptor in 70% of patients.",
        Vocabulary.load(),
    )
    assert worthy
    assert reasons[0].startswith("+2 cites evidence") and reasons[1] == "+0.5 explicit citation"


def test_a_user_hedge_list_extends_the_built_in_one(tmp_path: Path) -> None:
    text = "Ketamine blocks the NMDA receptor and supposedly restores synapses in the brain."
    assert not any("hedged" in r for r in _assess(text, Vocabulary.load())[1])
    (tmp_path / "mine.toml").write_text('[lists]\nhedge = ["supposedly"]\n', encoding="utf-8")
    assert "-1 hedged, no source" in _assess(text, Vocabulary.load(tmp_path))[1]
