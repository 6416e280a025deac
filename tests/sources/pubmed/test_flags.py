"""Study-type words come from queries/studytypes.toml (litcheck.sources.pubmed.flags)."""

from __future__ import annotations

from litcheck.sources.pubmed.flags import study_words


def test_study_words_load_from_the_packaged_vocabulary() -> None:
    words = study_words()
    assert {"mice", "animals"} <= words.animal_mesh
    assert "cells, cultured" in words.in_vitro_mesh
    assert words.review_types == {"review", "systematic review", "scoping review"}
    assert "mouse" in words.non_human_organisms
    assert words.animal.findall("Rats and C. elegans") == ["Rats", "C. elegans"]
    assert words.human.search("ten outpatients") and not words.human.search("mentor")
    assert words.in_vitro.search("cultured neurons")
