"""Study-type words come from queries/studytypes.toml (litcheck.sources.pubmed.flags)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from litcheck.claims.vocab import default_vocabulary
from litcheck.sources.pubmed.flags import study_words

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "scifact_corpus_sample.jsonl"


def test_study_words_load_from_the_packaged_vocabulary() -> None:
    words = study_words()
    assert {"mice", "animals"} <= words.animal_mesh
    assert "cells, cultured" in words.in_vitro_mesh
    assert words.review_types == {"review", "systematic review", "scoping review"}
    assert "mouse" in words.non_human_organisms
    assert words.animal.findall("rats and c. elegans") == ["rats", "c. elegans"]
    assert words.human.search("ten outpatients") and not words.human.search("mentor")
    assert words.in_vitro.search("cultured neurons")


@pytest.mark.parametrize(
    ("kind", "attribute"),
    [("animal_patterns", "animal"), ("human_patterns", "human"), ("in_vitro_patterns", "in_vitro")],
)
def test_lower_cased_search_answers_as_ignorecase_does(kind: str, attribute: str) -> None:
    """Searching the lower-cased text is a faster way to the case-insensitive regex's answers:
    the same first match (lower-cased) on 322 real abstracts and on mixed-case samples."""
    patterns = default_vocabulary().phrases(kind)
    ignorecase = re.compile(r"\b(" + "|".join(patterns) + r")\b", re.IGNORECASE)
    lowered = getattr(study_words(), attribute)
    texts = ["MICE and Rats", "a Mouse-like RAT", "Rodents' cages", "In-Vitro", "IN VITRO"]
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        texts.append(f"{doc['title']} {' '.join(doc['abstract'])}")
    for text in texts:
        slow, fast = ignorecase.search(text), lowered.search(text.lower())
        assert (slow and slow.group(0).lower()) == (fast and fast.group(0)), text
