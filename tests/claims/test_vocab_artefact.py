"""The parsed vocabulary artefact: current, equal to the TOML it was made from, never stale."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from litcheck.claims import vocab_artefact
from litcheck.claims.vocab import Vocabulary, parse_files
from litcheck.claims.vocab_artefact import ARTEFACT, digest, load_artefact, packaged_files


def _same(a: Vocabulary, b: Vocabulary) -> None:
    assert list(a) == list(b)
    assert a.list_names() == b.list_names()
    for name in a.list_names():
        assert a.phrases(name) == b.phrases(name)
    assert a.map_names() == b.map_names()
    for name in a.map_names():
        assert dict(a.mapping(name)) == dict(b.mapping(name))
    assert a.sources == b.sources
    assert a.matchers() == b.matchers()


def test_committed_artefact_is_current() -> None:
    files = packaged_files()
    data = json.loads(ARTEFACT.read_text(encoding="utf-8"))
    assert data["digest"] == digest(files), (
        "queries/*.toml changed: run python -m litcheck.claims.vocab_artefact"
    )


def test_artefact_gives_the_vocabulary_the_toml_gives() -> None:
    files = packaged_files()
    loaded = load_artefact(files)
    assert loaded is not None
    _same(loaded, parse_files(files))
    sample = "Ketamine was approved by the FDA in 2019 for treatment-resistant depression in mice"
    assert [(m.entry.canonical, m.start, m.end) for m in loaded.find(sample)] == [
        (m.entry.canonical, m.start, m.end) for m in parse_files(files).find(sample)
    ]


def test_edited_toml_is_never_served_from_a_stale_artefact() -> None:
    files = packaged_files()
    edited = [(name, text + "\n# edited\n") if i == 0 else (name, text) for i, (name, text) in
              enumerate(files)]  # fmt: skip
    assert load_artefact(edited) is None


def test_missing_or_damaged_artefact_falls_back(tmp_path: Path) -> None:
    files = packaged_files()
    assert load_artefact(files, tmp_path / "absent.json") is None
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert load_artefact(files, bad) is None
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"format": 999, "digest": digest(files)}), encoding="utf-8")
    assert load_artefact(files, other) is None


def test_main_writes_a_loadable_artefact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "vocabulary.json"
    monkeypatch.setattr(vocab_artefact, "ARTEFACT", target)
    vocab_artefact.main()
    loaded = load_artefact(packaged_files(), target)
    assert loaded is not None
    assert len(loaded) == len(parse_files(packaged_files()))
