"""Claim terms are found in records by lower-case regexes over folded text: the same places as
the case-insensitive regexes over the text as written, for every vocabulary term on real
abstracts (`litcheck.claims.text.fold`)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from litcheck.claims.text import FOLD_TO_ASCII, fold
from litcheck.claims.vocab import default_vocabulary
from litcheck.models import Record, Term
from litcheck.sources.pubmed.evidence import analysis, where
from tests.factories import record

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "scifact_corpus_sample.jsonl"


def _reference_where(term: Term, rec: Record) -> list[str]:
    """`where` as it was: one re.IGNORECASE regex over the text as written."""
    names = {term.canonical, *term.synonyms}
    alts = sorted((re.escape(n) for n in names if n), key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(alts) + r")(?:s|es)?\b", re.IGNORECASE)
    places = []
    if pattern.search(rec.title):
        places.append("title")
    if pattern.search(rec.abstract_text):
        places.append("abstract")
    mesh = analysis(rec).mesh
    if (term.mesh and term.mesh.lower() in mesh) or any(pattern.search(m) for m in mesh):
        places.append("MeSH")
    if term.kind == "institution" and any(pattern.search(a) for a in rec.affiliations):
        places.append("affiliation")
    return places


def _records() -> list[Record]:
    found = []
    for i, line in enumerate(CORPUS.read_text(encoding="utf-8").splitlines()[::4]):
        doc = json.loads(line)
        found.append(record(str(i), doc["title"], " ".join(doc["abstract"])))
    found.append(
        record(
            "x1",
            "KETAMİNE and ESKETAMINE in DEPRESSİON",  # dotted capital I folds to "i"
            "Sjögren’s syndrome; Northwestern University; mice and ſerotonin",
            mesh=("Ketamine", "Mice"),
            affiliations=("NORTHWESTERN UNIVERSITY, Chicago",),
        )
    )
    return found


def test_every_vocabulary_term_is_found_where_the_ignorecase_regex_finds_it() -> None:
    kinds = {"intervention", "condition", "organism", "institution"}
    terms = [
        Term(e.canonical, e.kind, synonyms=e.synonyms, related=e.related, mesh=e.mesh)
        for e in default_vocabulary()
        if e.kind in kinds
    ]
    records = _records()
    assert len(terms) > 200
    for term in terms:
        for rec in records:
            assert where(term, rec) == _reference_where(term, rec), (term.canonical, rec.id)


def test_folding_keeps_offsets_and_covers_every_ascii_look_alike() -> None:
    text = "İNSULİN, ſerotonin, \u212aetamine, ıbuprofen"
    assert len(fold(text)) == len(text)
    assert fold(text) == "insulin, serotonin, ketamine, ibuprofen"
    letters = re.compile("(?i)[a-z]")
    for code in list(range(0x80, 0x3000)) + [0x212A]:
        if letters.fullmatch(chr(code)):
            assert code in FOLD_TO_ASCII, hex(code)


def test_fold_translates_only_texts_that_need_it() -> None:
    """The shortcut (no translate without one of the four characters) gives the same text."""
    for text in ["Ketamine in MICE", "β-arrestin – µg ≥ 3", "İNSULİN ſerotonin 5 K", "ı", ""]:
        assert fold(text) == text.translate(FOLD_TO_ASCII).lower()


def test_a_text_without_any_name_is_not_searched_and_nothing_is_lost() -> None:
    """`_Names.search` skips the regex when no name is in the (folded) text: same answers."""
    from litcheck.sources.pubmed.evidence import _related_pattern, _term_pattern
    from tests.factories import DEPRESSION, KETAMINE, MOUSE, NORTHWESTERN

    texts = [
        "esketamine nasal spray in adults",
        "ketamines and mice",
        "no drug here",
        "northwestern medicine depressive episodes",
        "mouse-model",
        "",
    ]
    for term in (KETAMINE, MOUSE, NORTHWESTERN, DEPRESSION):
        for names in (_term_pattern(term), _related_pattern(term)):
            if names is None:
                continue
            for text in texts:
                folded = fold(text) if names.folded else text
                expected = names.pattern.search(folded)
                found = names.search(folded)
                assert (found and found.span()) == (expected and expected.span()), (term, text)
