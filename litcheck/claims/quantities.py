"""Numbers and dates a claim states: years, decades and quantities ("70%", "three hours").

Pure functions over text. Each returns what it found plus the character spans it used, so that
`litcheck.claims.facets` can leave those words out of the claim's concepts. Number words,
scales and units are data (`queries/quantities.toml`, `[maps]`), read from the packaged
vocabulary on first use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache, cached_property, lru_cache

from litcheck.models import Quantity

Span = tuple[int, int]


class _Rules:
    """Number words, scales and units (queries/quantities.toml) and the regexes built on them.

    The three regexes hold every number word and unit, so compiling them is the costliest part
    of a claim's analysis (~10 ms, issue 16): each is compiled the first time a text that may
    hold a number asks for it (`may_hold_number`), and a claim without one never compiles them.
    """

    def __init__(
        self,
        word_numbers: Mapping[str, float],
        scales: Mapping[str, float],
        units: Mapping[str, str],
    ) -> None:
        self.word_numbers = word_numbers
        self.scales = scales
        self.units = units
        self._spelled = tuple(w.lower() for w in word_numbers)
        spelled = _alternatives(word_numbers)
        self._num = r"(?:\d+(?:[.,]\d+)*" + (f"|{spelled}" if spelled else "") + ")"
        self._rng = rf"(?P<a>{self._num})(?:\s*(?:-|–|—|to|or)\s*(?P<b>{self._num}))?"

    def may_hold_number(self, text: str) -> bool:
        """False only when no regex here can match `text`: each starts with a number, which is
        a digit or a number word."""
        if any(c.isdigit() for c in text):
            return True
        low = text.lower()
        return any(w in low for w in self._spelled)

    @cached_property
    def percent(self) -> re.Pattern[str]:
        return re.compile(rf"(?<![\w.]){self._rng}\s*(?P<u>%|percent\b|per cent\b)", re.IGNORECASE)

    @cached_property
    def ratio(self) -> re.Pattern[str]:
        scales = _alternatives(self.scales) or "(?!)"
        return re.compile(
            rf"(?<![\w.])(?P<a>{self._num})\s+(?:in|out of)\s+(?P<b>{self._num})"
            rf"(?:\s+(?P<s>{scales}))?\b",
            re.IGNORECASE,
        )

    @cached_property
    def unit(self) -> re.Pattern[str]:
        units = _alternatives(self.units) or "(?!)"
        return re.compile(rf"(?<![\w.]){self._rng}(?:\s*|-)(?P<u>{units})(?![\w])", re.IGNORECASE)


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    """The packaged vocabulary's `number_words`, `scales` and `units` maps."""
    from litcheck.claims.vocab import default_vocabulary

    vocab = default_vocabulary()
    return _Rules(
        word_numbers={k: float(v) for k, v in vocab.mapping("number_words").items()},
        scales={k: float(v) for k, v in vocab.mapping("scales").items()},
        units={k: str(v) for k, v in vocab.mapping("units").items()},
    )


_FRACTIONS = {"half": 50.0, "third": 100 / 3, "thirds": 200 / 3, "quarter": 25.0, "quarters": 75.0}


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """The fraction, bare-number, year and decade regexes, compiled on first use: a claim with
    no digit and no fraction word never needs them (`_has_digit`, `_may_hold_fraction`)."""
    return {
        "fraction": re.compile(
            r"\b(?:(?:more than|less than|about|nearly|over|almost|around|roughly)\s+)?"
            r"(?P<f>half|a third|one third|two[- ]thirds|a quarter|three[- ]quarters)\b",
            re.IGNORECASE,
        ),
        "bare": re.compile(r"(?<![\w\-.,/])\d+(?:\.\d+)?(?![\w\-%/]|[.,]\d)"),
        "year": re.compile(
            r"(?<![\w\-.,/$£€])(?P<y>(?:19|20)\d\d)(?!\w|['’]s|\s*(?:%|mg|patients|people))"
        ),
        "decade": re.compile(
            r"(?:(?<![\w\-])(?P<full>(?:19|20)\d0)['’]?s\b)|(?:\bthe\s+['’]?(?P<short>[2-9]0)['’]?s\b)",
            re.IGNORECASE,
        ),
    }


def _has_digit(text: str) -> bool:
    """The bare-number, year and decade regexes all need a digit (`\\d`: any Unicode decimal
    digit, which `str.isdigit` also accepts) to match."""
    return any(c.isdigit() for c in text)


def _may_hold_fraction(text: str) -> bool:
    """False only when the fraction regex cannot match: none of its words is in the text (a
    text with non-ASCII letters is always tried, as a case-insensitive match may fold them)."""
    low = text.lower()
    return not text.isascii() or any(w in low for w in ("half", "third", "quarter"))


def _number(text: str) -> float:
    low = text.lower()
    words = _rules().word_numbers
    if low in words:
        return words[low]
    # NOTE: "1,000" is a thousands separator, "1,5" a European decimal; claims use the former.
    return (
        float(low.replace(",", ""))
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+", low)
        else float(low.replace(",", "."))
    )


def _overlaps(span: Span, taken: list[Span]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in taken)


def find_years(text: str) -> tuple[tuple[int, ...], list[Span]]:
    """Calendar years 1900-2039 ("In 2019" -> 2019), in order, without duplicates."""
    years: list[int] = []
    spans: list[Span] = []
    for m in _patterns()["year"].finditer(text) if _has_digit(text) else ():
        year = int(m.group("y"))
        if 1900 <= year <= 2039:
            spans.append(m.span())
            if year not in years:
                years.append(year)
    return tuple(years), spans


def find_decade(text: str) -> tuple[int | None, list[Span]]:
    """The first decade named ("in the 1970s" -> 1970, "the '90s" -> 1990), if any."""
    m = _patterns()["decade"].search(text) if _has_digit(text) else None
    if m is None:
        return None, []
    if m.group("full"):
        return int(m.group("full")), [m.span()]
    return 1900 + int(m.group("short")), [m.span()]


def find_quantities(
    text: str, *, skip: list[Span] | None = None
) -> tuple[tuple[Quantity, ...], list[Span]]:
    """Quantities in text order: percentages, "1 in 5" (as a percentage), amounts with units,
    "more than half", and bare numbers. Spans in `skip` (years) are not read again."""
    taken: list[Span] = list(skip or [])
    found: list[tuple[int, Quantity]] = []

    def add(span: Span, quantity: Quantity) -> None:
        if not _overlaps(span, taken):
            taken.append(span)
            found.append((span[0], quantity))

    rules = _rules()
    # Every quantity starts with a number (a digit or a number word): when the only digits are
    # in the skipped spans (a claim whose one number is its year), no match could be kept.
    unskipped = text
    for start, end in skip or ():
        unskipped = unskipped[:start] + " " * (end - start) + unskipped[end:]
    numbered = rules.may_hold_number(unskipped)
    for m in rules.percent.finditer(text) if numbered else ():
        add(m.span(), Quantity(m.group(0).strip(), _number(m.group("a")), "%"))
    for m in rules.ratio.finditer(text) if numbered else ():
        denominator = _number(m.group("b")) * rules.scales.get((m.group("s") or "").lower(), 1.0)
        if denominator:
            add(m.span(), Quantity(m.group(0), 100.0 * _number(m.group("a")) / denominator, "%"))
    for m in rules.unit.finditer(text) if numbered else ():
        unit = m.group("u")
        if unit.lower() == "h" and not m.group("a")[0].isdigit():
            continue
        key = unit if unit in rules.units else unit.lower()
        add(m.span(), Quantity(m.group(0), _number(m.group("a")), rules.units.get(key, key)))
    for m in _patterns()["fraction"].finditer(text) if _may_hold_fraction(text) else ():
        word = m.group("f").lower().replace("-", " ").split()[-1]
        add(m.span(), Quantity(m.group(0), _FRACTIONS[word], "%"))
    for m in _patterns()["bare"].finditer(text) if _has_digit(unskipped) else ():
        add(m.span(), Quantity(m.group(0), _number(m.group(0)), ""))
    found.sort(key=lambda item: item[0])
    own = [s for s in taken if s not in (skip or [])]
    return tuple(q for _, q in found), own
