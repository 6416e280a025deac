"""The stem document frequencies, read one stem at a time from the packaged JSON text."""

from __future__ import annotations

import json

from litcheck import data
from litcheck.sources.pubmed.evidence import _DocFrequencies, background_idf


def test_every_packaged_stem_reads_as_json_parses_it() -> None:
    raw = data.read_text("stem_df.json")
    table, parsed = _DocFrequencies(raw), json.loads(raw)
    assert table.documents == parsed["documents"] > 0
    assert {stem: table.get(stem) for stem in parsed["df"]} == parsed["df"]


def test_a_stem_inside_another_key_or_absent_is_not_found() -> None:
    table = _DocFrequencies('{"documents":9,"df":{"anti-cell":4,"cell-x":5,"x":7}}')
    assert table.get("cell") is None  # only inside "anti-cell" and "cell-x"
    assert table.get("x") == 7
    assert table.get('x"') is None
    assert table.get("zzz") is None


def test_another_layout_is_parsed_whole_with_the_same_answers() -> None:
    pretty = json.dumps({"documents": 9, "df": {"cell": 4, "x": 7}}, indent=2)
    table = _DocFrequencies(pretty)
    assert (table.documents, table.get("cell"), table.get("x"), table.get("y")) == (9, 4, 7, None)


def test_rarer_stems_weigh_more_and_unknown_ones_most() -> None:
    assert background_idf("cell") < background_idf("oleate") <= background_idf("zzzqqq") == 1.0
