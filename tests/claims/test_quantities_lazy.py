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


_EDGE = [
    "In 2019, ketamine was approved",
    "in the '90s and the 1970s",
    "٣ patients in ٢٠١٩",  # Arabic-Indic digits: \d matches them
    "more than HALF of the rats",
    "two-thirds took 12 mg; a quarter did not",
    "Noradrenaline stimulates oleate incorporation",
    "thırd of them",  # a dotless i: a case-insensitive regex may fold it
    "In 2019 ten patients, 61% of 2,000 adults, one in five",
    "the 1990s, and in 2019",  # every digit in a year or decade: nothing more to find
]


def test_the_guards_never_skip_a_match(monkeypatch) -> None:
    """Skipping the year, decade, fraction and bare-number regexes when a text has no digit or
    fraction word gives what running them gives."""

    def found(text: str) -> tuple[object, ...]:
        years, spans = quantities.find_years(text)
        decade, more = quantities.find_decade(text)
        return years, decade, quantities.find_quantities(text, skip=spans + more)

    guarded = [found(t) for t in _EDGE]
    monkeypatch.setattr(quantities, "_has_digit", lambda text: True)
    monkeypatch.setattr(quantities, "_may_hold_fraction", lambda text: True)
    monkeypatch.setattr(quantities._Rules, "may_hold_number", lambda self, text: True)
    assert [found(t) for t in _EDGE] == guarded


def test_a_claim_without_digits_or_fraction_words_compiles_none_of_them() -> None:
    quantities._patterns.cache_clear()
    text = "Noradrenaline stimulates oleate incorporation"
    quantities.find_years(text), quantities.find_decade(text), quantities.find_quantities(text)
    assert quantities._patterns.cache_info().currsize == 0
