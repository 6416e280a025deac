"""Numbers and dates a claim states: years, decades and quantities ("70%", "three hours").

Pure functions over text. Each returns what it found plus the character spans it used, so that
`litcheck.claims.facets` can leave those words out of the claim's concepts.
"""

from __future__ import annotations

import re

from litcheck.models import Quantity

Span = tuple[int, int]

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "a dozen": 12, "a couple of": 2, "a single": 1, "single": 1,
}  # fmt: skip
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}

_NUM = (
    r"(?:\d+(?:[.,]\d+)*|"
    + "|".join(sorted((re.escape(w) for w in _WORD_NUMBERS), key=len, reverse=True))
    + r")"
)
_RANGE = rf"(?P<a>{_NUM})(?:\s*(?:-|–|—|to|or)\s*(?P<b>{_NUM}))?"

# Unit spellings -> the unit reported in Quantity.unit.
_UNITS = {
    "%": "%", "percent": "%", "per cent": "%", "percentage points": "%",
    "hours": "hour", "hour": "hour", "hrs": "hour", "hr": "hour", "h": "hour",
    "minutes": "minute", "minute": "minute", "mins": "minute", "min": "minute",
    "seconds": "second", "second": "second", "days": "day", "day": "day",
    "weeks": "week", "week": "week", "months": "month", "month": "month",
    "years": "year", "year": "year", "decades": "decade", "decade": "decade",
    "mg/kg": "mg/kg", "mg/day": "mg/day", "mg": "mg", "g": "g", "kg": "kg", "µg": "µg",
    "mcg": "µg", "ml": "ml", "mL": "ml", "mmol/l": "mmol/l", "mmHg": "mmHg", "IU": "IU",
    "patients": "patients", "patient": "patients", "participants": "participants",
    "people": "people", "persons": "people", "individuals": "people", "adults": "adults",
    "children": "children", "women": "women", "men": "men", "subjects": "subjects",
    "mice": "mice", "rats": "rats", "infusions": "infusions", "infusion": "infusions",
    "sessions": "sessions", "session": "sessions", "doses": "doses", "dose": "doses",
    "treatments": "treatments", "studies": "studies", "trials": "trials", "times": "times",
    "fold": "fold", "-fold": "fold",
}  # fmt: skip
_UNIT_RE = "|".join(sorted((re.escape(u) for u in _UNITS), key=len, reverse=True))

_PERCENT = re.compile(rf"(?<![\w.]){_RANGE}\s*(?P<u>%|percent\b|per cent\b)", re.IGNORECASE)
_RATIO = re.compile(
    rf"(?<![\w.])(?P<a>{_NUM})\s+(?:in|out of)\s+(?P<b>{_NUM})(?:\s+(?P<s>thousand|million|billion))?\b",
    re.IGNORECASE,
)
_UNIT = re.compile(rf"(?<![\w.]){_RANGE}(?:\s*|-)(?P<u>{_UNIT_RE})(?![\w])", re.IGNORECASE)
_FRACTION = re.compile(
    r"\b(?:(?:more than|less than|about|nearly|over|almost|around|roughly)\s+)?"
    r"(?P<f>half|a third|one third|two[- ]thirds|a quarter|three[- ]quarters)\b",
    re.IGNORECASE,
)
_FRACTIONS = {"half": 50.0, "third": 100 / 3, "thirds": 200 / 3, "quarter": 25.0, "quarters": 75.0}
_BARE = re.compile(r"(?<![\w\-.,/])\d+(?:\.\d+)?(?![\w\-%/]|[.,]\d)")

_YEAR = re.compile(r"(?<![\w\-.,/$£€])(?P<y>(?:19|20)\d\d)(?!\w|['’]s|\s*(?:%|mg|patients|people))")
_DECADE = re.compile(
    r"(?:(?<![\w\-])(?P<full>(?:19|20)\d0)['’]?s\b)|(?:\bthe\s+['’]?(?P<short>[2-9]0)['’]?s\b)",
    re.IGNORECASE,
)


def _number(text: str) -> float:
    low = text.lower()
    if low in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[low])
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
    for m in _YEAR.finditer(text):
        year = int(m.group("y"))
        if 1900 <= year <= 2039:
            spans.append(m.span())
            if year not in years:
                years.append(year)
    return tuple(years), spans


def find_decade(text: str) -> tuple[int | None, list[Span]]:
    """The first decade named ("in the 1970s" -> 1970, "the '90s" -> 1990), if any."""
    m = _DECADE.search(text)
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

    for m in _PERCENT.finditer(text):
        add(m.span(), Quantity(m.group(0).strip(), _number(m.group("a")), "%"))
    for m in _RATIO.finditer(text):
        denominator = _number(m.group("b")) * _SCALES.get((m.group("s") or "").lower(), 1.0)
        if denominator:
            add(m.span(), Quantity(m.group(0), 100.0 * _number(m.group("a")) / denominator, "%"))
    for m in _UNIT.finditer(text):
        unit = m.group("u")
        if unit.lower() == "h" and not m.group("a")[0].isdigit():
            continue
        key = unit if unit in _UNITS else unit.lower()
        add(m.span(), Quantity(m.group(0), _number(m.group("a")), _UNITS.get(key, key)))
    for m in _FRACTION.finditer(text):
        word = m.group("f").lower().replace("-", " ").split()[-1]
        add(m.span(), Quantity(m.group(0), _FRACTIONS[word], "%"))
    for m in _BARE.finditer(text):
        add(m.span(), Quantity(m.group(0), _number(m.group(0)), ""))
    found.sort(key=lambda item: item[0])
    own = [s for s in taken if s not in (skip or [])]
    return tuple(q for _, q in found), own
