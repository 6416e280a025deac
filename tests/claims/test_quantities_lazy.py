"""The quantity regexes are compiled only for a text that may hold a number (issue 16)."""

from __future__ import annotations

from litcheck.claims import quantities


def _fresh() -> quantities._Rules:
    quantities._rules.cache_clear()
    return quantities._rules()


def test_a_text_without_numbers_compiles_no_quantity_regex():
    rules = _fresh()
    found, spans = quantities.find_quantities("Noradrenaline stimulates oleate incorporation")
    assert found == () and spans == []
    assert not {"percent", "ratio", "unit"} & set(vars(rules))


def test_a_number_word_or_digit_still_finds_quantities():
    _fresh()
    found, _ = quantities.find_quantities("Seventy percent of patients improved")
    assert [(q.value, q.unit) for q in found] == [(70.0, "%")]
    found, _ = quantities.find_quantities("About one in five adults took 3 mg")
    assert [(q.value, q.unit) for q in found][:1] == [(20.0, "%")]
    assert quantities._rules().may_hold_number(
        "ten-fold"
    ) and not quantities._rules().may_hold_number("no figures here")
