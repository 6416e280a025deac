"""Vocabulary loading, layering and matching (litcheck.claims.vocab)."""

from __future__ import annotations

from pathlib import Path

import pytest

from litcheck.claims.vocab import KINDS, Vocabulary, default_vocabulary, name_regex
from litcheck.errors import ConfigError


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return Vocabulary.load()


def test_packaged_vocabulary_covers_every_kind_and_the_seed_domain(vocab: Vocabulary) -> None:
    assert len(vocab) > 300
    assert {e.kind for e in vocab} == set(KINDS)
    ketamine = vocab.get("ketamine")
    assert ketamine is not None and ketamine.mesh == "Ketamine"
    assert {"esketamine", "arketamine", "norketamine"} <= set(ketamine.related)
    assert "Ketalar" in ketamine.synonyms
    spravato = vocab.lookup("Spravato")
    assert spravato is not None and spravato.canonical == "esketamine"
    northwestern = vocab.lookup("Northwestern Medicine")
    assert northwestern is not None and northwestern.query == "Northwestern[ad]"
    mouse = vocab.get("mouse")
    assert mouse is not None and mouse.query == "Mice[mh]" and mouse.extra["animal"] is True
    assert "the" in vocab.words("common", "stop") and "study" in vocab.words("weak")
    assert "contact us" in vocab.phrases("call_to_action")


def test_every_pubmed_fragment_is_balanced(vocab: Vocabulary) -> None:
    for entry in vocab:
        if entry.query:
            assert entry.query.count("(") == entry.query.count(")"), entry
            assert entry.query.count('"') % 2 == 0, entry
            assert "[" in entry.query, entry


def test_find_prefers_the_longest_match_within_a_layer(vocab: Vocabulary) -> None:
    text = "In 2019, ketamine became approved for treatment-resistant depression."
    found = {(m.entry.kind, m.entry.canonical) for m in vocab.find(text)}
    assert ("condition", "treatment-resistant depression") in found
    assert ("condition", "depression") not in found
    assert ("regulatory", "approval") in found
    assert ("intervention", "ketamine") in found


def test_overlapping_layers_both_match(vocab: Vocabulary) -> None:
    found = {(m.entry.kind, m.entry.canonical) for m in vocab.find("an FDA-approved new study")}
    assert ("agency", "FDA") in found
    assert ("regulatory", "approval") in found
    assert ("recency", "new") in found
    assert ("design", "study") in found


def test_acronyms_match_case_sensitively(vocab: Vocabulary) -> None:
    assert [m.entry.canonical for m in vocab.find("ART reduces infectiveness")] == [
        "antiretroviral therapy"
    ]
    assert vocab.find("modern art") == []
    assert [m.text for m in vocab.find("SSRIs and TMS")] == ["SSRIs", "TMS"]


def test_name_regex_allows_plurals_hyphen_space_and_possessives() -> None:
    import re

    regex = re.compile(name_regex("newborn neuron"), re.IGNORECASE)
    assert regex.search("Newborn-neurons fire")
    assert regex.search("ketamine's newborn neuron's reach")
    assert not regex.search("newbornneuron")


def test_user_folder_overrides_and_extends(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text(
        'kind = "intervention"\n'
        "[entries]\n"
        'ketamine = { mesh = "Ketamine", synonyms = ["K-hole"] }\n'
        'zuranolone2 = { synonyms = ["ZRN-2"] }\n'
        "[lists]\n"
        'stop = ["frobnicate"]\n',
        encoding="utf-8",
    )
    vocab = Vocabulary.load(tmp_path)
    ketamine = vocab.get("Ketamine")
    assert ketamine is not None and ketamine.synonyms == ("K-hole",)
    assert vocab.get("zuranolone2") is not None
    assert {"frobnicate", "the"} <= vocab.words("common", "stop")
    assert str(tmp_path / "mine.toml") in vocab.sources


def test_malformed_toml_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('kind = "condition"\n[entries]\nfoo = { mesh = \n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        Vocabulary.load(tmp_path)
    assert "bad.toml" in info.value.message and "line 3" in info.value.message
    assert info.value.tip


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ('kind = "gizmo"\n[entries]\nfoo = {}\n', "kind"),
        ('kind = "condition"\n[entries]\nfoo = { patterns = ["("] }\n', "bad pattern"),
        ('kind = "condition"\n[entries]\nfoo = { synonyms = [1] }\n', "list of strings"),
        ('[lists]\nstop = "the"\n', "array of strings"),
    ],
)
def test_invalid_entries_raise_config_error(tmp_path: Path, body: str, needle: str) -> None:
    (tmp_path / "x.toml").write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=needle):
        Vocabulary.load(tmp_path)


def test_missing_user_folder_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        Vocabulary.load(tmp_path / "nope")


def test_default_vocabulary_is_loaded_once() -> None:
    assert default_vocabulary() is default_vocabulary()


def test_maps_layer_and_validate(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text(
        '[maps.units]\nmL = "millilitre"\nsachets = "sachets"\n', encoding="utf-8"
    )
    vocab = Vocabulary.load(tmp_path)
    assert vocab.mapping("units")["mL"] == "millilitre"
    assert vocab.mapping("units")["sachets"] == "sachets" and vocab.mapping("units")["%"] == "%"
    assert vocab.mapping("number_words")["twelve"] == 12 and vocab.mapping("nothing") == {}
    (tmp_path / "mine.toml").write_text("[maps.units]\nmL = true\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="must be a table of strings or numbers"):
        Vocabulary.load(tmp_path)


def test_loads_share_the_parsed_packaged_layer_but_not_state(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text('[lists]\nweak = ["frobnicate"]\n', encoding="utf-8")
    layered = Vocabulary.load(tmp_path)
    plain = Vocabulary.load()
    assert "frobnicate" in layered.words("weak") and "frobnicate" not in plain.words("weak")
    assert "frobnicate" not in default_vocabulary().words("weak")
    assert plain is not Vocabulary.load() and len(plain) == len(default_vocabulary())
