"""LitSense2 wire format: the three real captures, the no-match 404 body, and broken bodies."""

from __future__ import annotations

import json

import pytest

from litcheck.errors import BadResponse, SourceError
from litcheck.sources.litsense.parse import (
    Annotation,
    LitSenseHit,
    by_pmid,
    parse_annotation,
    parse_sentences,
    ranking,
)
from tests.conftest import fixture_bytes

HIRSCHSPRUNG = fixture_bytes("litsense/sentence_hirschsprung.json")
SENTENCES = fixture_bytes("litsense/litsense_sentences.json")
PASSAGES = fixture_bytes("litsense/litsense_passages.json")
NO_MATCH = fixture_bytes("litsense/litsense_passages_no_match_404.json")


@pytest.mark.parametrize("body", [HIRSCHSPRUNG, SENTENCES, PASSAGES])
def test_every_capture_parses_to_100_hits_sorted_by_score(body: bytes) -> None:
    hits = parse_sentences(body)
    assert len(hits) == 100
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert sorted(h.position for h in hits) == list(range(100))
    assert all(h.pmid.isdigit() and h.text for h in hits)


def test_resort_moves_the_unsorted_tail_up_and_is_stable() -> None:
    wire = json.loads(HIRSCHSPRUNG)
    assert [item["score"] for item in wire[-3:]] == [1.0, 1.0, 1.0]  # the capture's quirk
    hits = parse_sentences(HIRSCHSPRUNG)
    # The three 1.0 items come first, in their wire order (stable sort).
    assert [h.position for h in hits[:3]] == [97, 98, 99]
    assert [h.pmid for h in hits[:3]] == ["11819726", "25702510", "14246296"]
    assert hits[3].position == 0 and hits[3].pmid == "12939702"


def test_hirschsprung_fields() -> None:
    hits = parse_sentences(HIRSCHSPRUNG)
    first = next(h for h in hits if h.position == 0)
    assert first == LitSenseHit(
        pmid="12939702",
        text=first.text,
        score=0.7919288653135299,
        section="abstract",
        pmcid=None,
        annotations=(Annotation(114, 22, "disease", "MESH:D006627"),),
        position=0,
    )
    assert first.annotations[0].span(first.text) == "Hirschsprung's disease"
    assert {h.section for h in hits} == {"abstract", "title"}
    assert all(h.pmcid is None for h in hits)


def test_null_section_annotations_and_pmcid_in_the_sentences_capture() -> None:
    hits = parse_sentences(SENTENCES)
    wire = json.loads(SENTENCES)
    by_position = {h.position: h for h in hits}
    for i, item in enumerate(wire):
        hit = by_position[i]
        assert hit.section == item["section"] and hit.pmcid == item["pmcid"]
        assert hit.pmid == str(item["pmid"])
        if item["annotations"] is None:
            assert hit.annotations == ()
    assert sum(h.section is None for h in hits) == 13
    assert sum(h.pmcid is None for h in hits) == 5
    assert {"RESULTS", "INTRO", "abstract"} <= {h.section for h in hits}


def test_bars_inside_annotation_ids_are_kept() -> None:
    assert parse_annotation("38|4|mutation|tmVar:p|SUB|E|55|X") == Annotation(
        38, 4, "mutation", "tmVar:p|SUB|E|55|X"
    )
    mutations = [
        a
        for h in parse_sentences(SENTENCES)
        for a in h.annotations
        if a.type == "mutation" and a.id and "|" in a.id
    ]
    assert any(a.id == "tmVar:c|SUB|C|-28|C" for a in mutations)


def test_annotation_ids_none_and_dash_become_none_and_bad_strings_are_dropped() -> None:
    assert parse_annotation("0|5|gene|None") == Annotation(0, 5, "gene", None)
    assert parse_annotation("0|5|gene|-") == Annotation(0, 5, "gene", None)
    assert parse_annotation("0|5|gene") is None
    assert parse_annotation("x|5|gene|1") is None
    body = json.dumps(
        [{"text": "abc", "score": 0.5, "pmid": 1, "annotations": ["bad", "0|3|gene|7"]}]
    )
    (hit,) = parse_sentences(body.encode())
    assert hit.annotations == (Annotation(0, 3, "gene", "7"),)


def test_spans_are_bounds_checked() -> None:
    assert Annotation(2, 10, "disease", None).span("short") is None
    assert Annotation(-1, 2, "disease", None).span("short") is None
    assert Annotation(0, 5, "disease", None).span("short") == "short"


def test_every_annotation_span_of_the_biomcp_capture_lines_up() -> None:
    for hit in parse_sentences(HIRSCHSPRUNG):
        for a in hit.annotations:
            assert a.span(hit.text) is not None


def test_pmid_as_string_and_missing_optional_keys() -> None:
    body = b'[{"text": "t", "score": 1, "pmid": " 123 "}]'
    (hit,) = parse_sentences(body)
    assert (hit.pmid, hit.score, hit.section, hit.pmcid, hit.annotations) == (
        "123",
        1.0,
        None,
        None,
        (),
    )


def test_no_match_404_body_is_zero_hits() -> None:
    assert parse_sentences(NO_MATCH) == []
    assert parse_sentences(b"[]") == []


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"<!DOCTYPE html><html><body>Service Unavailable</body></html>", "HTML page"),
        (b"upstream connect error", "not JSON"),
        (b'[{"text": "t", "score": 0.5, "pmid": 1}', "not JSON"),  # truncated
        (b'{"results": []}', "JSON dict"),
        (b'"hello"', "JSON str"),
        (b"[1, 2]", "item 0 that is int"),
        (b'[{"score": 0.5, "pmid": 1}]', "without a text"),
        (b'[{"text": "t", "score": "high", "pmid": 1}]', "numeric score"),
        (b'[{"text": "t", "score": true, "pmid": 1}]', "numeric score"),
        (b'[{"text": "t", "score": 0.5, "pmid": "PMC1"}]', "usable pmid"),
        (b'[{"text": "t", "score": 0.5, "pmid": null}]', "usable pmid"),
        (b'[{"text": "t", "score": 0.5, "pmid": 1, "section": 3}]', "'section' is int"),
        (b'[{"text": "t", "score": 0.5, "pmid": 1, "annotations": "0|1|a|b"}]', "annotations"),
        (b'[{"text": "t", "score": 0.5, "pmid": 1, "annotations": [1]}]', "annotations"),
    ],
)
def test_broken_bodies_are_bad_responses(body: bytes, words: str) -> None:
    with pytest.raises(BadResponse, match="LitSense sent") as info:
        parse_sentences(body)
    assert words in info.value.message
    assert info.value.source == "litsense"


@pytest.mark.parametrize(
    "body", [b'{"detail": "Not Found"}', b'{"detail": [{"type": "missing", "loc": ["query"]}]}']
)
def test_other_detail_bodies_are_refusals_not_retried(body: bytes) -> None:
    with pytest.raises(SourceError, match="LitSense refused the request") as info:
        parse_sentences(body)
    assert not isinstance(info.value, BadResponse)


def test_by_pmid_keeps_each_pmids_best_sentence_and_rank() -> None:
    hits = parse_sentences(SENTENCES)
    matches = by_pmid(hits)
    assert len(matches) == len({h.pmid for h in hits}) == 97
    assert [m.rank for m in matches] == list(range(1, 98))
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    assert sum(len(m.hits) for m in matches) == 100
    for m in matches:
        assert m.hits[0].text == m.sentence and m.hits[0].section == m.section
        assert m.score == max(h.score for h in m.hits)
        assert all(h.pmid == m.pmid for h in m.hits)
    twice = next(m for m in matches if len(m.hits) > 1)
    assert twice.hits[0].score >= twice.hits[1].score


def test_by_pmid_ties_keep_input_order() -> None:
    def hit(pmid: str, score: float) -> LitSenseHit:
        return LitSenseHit(pmid, f"s{pmid}", score, None, None)

    matches = by_pmid([hit("2", 0.9), hit("1", 0.9), hit("2", 0.1), hit("3", 0.5)])
    assert [(m.pmid, m.rank, len(m.hits)) for m in matches] == [
        ("2", 1, 2),
        ("1", 2, 1),
        ("3", 3, 1),
    ]


def test_ranking_gives_ordered_pmids_and_their_matches() -> None:
    pmids, matches = ranking(parse_sentences(HIRSCHSPRUNG))
    assert len(pmids) == len(matches) == 94 and pmids[:2] == ("11819726", "25702510")
    best = matches["12939702"]
    assert (best.rank, best.section, best.score) == (4, "abstract", 0.7919288653135299)
    assert best.sentence.startswith("The hazards and morbidities")
    assert ranking([]) == ((), {})
