"""The one tokenizer, stemmer and stopword lists (litcheck.claims.text)."""

from __future__ import annotations

import pytest

from litcheck.claims import text
from litcheck.claims.text import (
    CLAIM_STOP,
    PROSE,
    SCORING,
    SCORING_STOP,
    content_stems,
    is_content,
    normalise,
    stem,
    stopwords,
    token_spans,
    tokens,
)
from litcheck.claims.vocab import Vocabulary


def test_stem_is_light() -> None:
    assert stem("studies") == stem("study") == "study"
    assert stem("neurons") == stem("neuron") == "neuron"
    assert stem("stimulated") == stem("stimulating") == "stimulat"
    assert stem("mutations") == "mutate"
    assert stem("virus") == "virus" and stem("analysis") == "analysis"
    assert stem("rat") == "rat"  # three letters or fewer: as is


def test_normalise_folds_case_apostrophes_and_possessives() -> None:
    assert normalise("Ketamine's") == normalise("Ketamine’s") == "ketamine"


def test_scoring_tokens_split_hyphenated_words() -> None:
    assert tokens("Treatment-resistant depression, 3'-UTR") == [
        "treatment-resistant",
        "treatment",
        "resistant",
        "depression",
        "3'-utr",
        "3'",
        "utr",
    ]


def test_prose_spans_keep_case_accents_and_offsets() -> None:
    sentence = "Sjögren’s syndrome and 4-PBA"
    spans = token_spans(sentence)
    assert [t for t, _, _ in spans] == ["Sjögren’s", "syndrome", "and", "4-PBA"]
    assert all(sentence[s:e] == t for t, s, e in spans)
    assert [t for t, _, _ in token_spans(sentence, SCORING)][:2] == ["sj", "gren"]
    assert PROSE is not SCORING


def test_stopwords_come_from_the_vocabulary() -> None:
    vocab = Vocabulary.load()
    scoring = stopwords()
    assert scoring == vocab.words(*SCORING_STOP)
    assert {"the", "study", "patients"} <= scoring and "ketamine" not in scoring
    claim = stopwords(vocab, CLAIM_STOP)
    assert {"the", "significant"} <= claim and "study" not in claim
    assert text.STOPWORDS == scoring  # the lazily loaded name old importers use


def test_content_stems_drop_stopwords_and_numbers() -> None:
    assert content_stems("The study of 12 mice showed reduced tumours") == ["mice", "tumour"]


@pytest.mark.parametrize(
    ("token", "keep"),
    [
        ("the", False),
        ("Ketamine", True),
        ("12", False),
        ("5-HT", True),
        ("of", False),
        ("UK", False),
    ],
)
def test_is_content(token: str, keep: bool) -> None:
    assert is_content(token, stopwords(Vocabulary.load(), CLAIM_STOP)) is keep


def test_unknown_module_attribute_raises() -> None:
    with pytest.raises(AttributeError):
        text.NOT_A_NAME  # noqa: B018


def test_plural_variants_stay_real_words() -> None:
    from litcheck.claims.text import plural_variants

    assert plural_variants("neurons") == ["neurons", "neuron"]
    assert plural_variants("studies") == ["studies", "study"]
    assert plural_variants("approaches") == ["approaches", "approach"]
    assert plural_variants("mutations") == ["mutations", "mutation"]  # stem() gives "mutate"
    assert plural_variants("NSAIDS") == ["NSAIDS"] and plural_variants("virus") == ["virus"]


def test_stem_by_last_letter_equals_the_rules_tried_in_order():
    """`stem` tries only the rules that can match the word's last letter: the same answer as
    trying every rule in `_SUFFIXES` order, on words built from every suffix."""
    from litcheck.claims import text

    def linear(w: str) -> str:
        if len(w) <= 3:
            return w
        for suffix, repl in text._SUFFIXES:
            if w.endswith(suffix) and len(w) - len(suffix) >= 3:
                if suffix == "s" and w.endswith(("ss", "us", "is")):
                    return w
                return w[: len(w) - len(suffix)] + repl
        return w

    stems = ["", "a", "ab", "abc", "neur", "stud", "organiz", "relat", "class", "stat"]
    words = {s + suffix for s in stems for suffix, _ in text._SUFFIXES}
    words |= {s + "us" for s in stems} | {s + "is" for s in stems} | set(stems)
    assert all(text.stem(w) == linear(w) for w in words)
