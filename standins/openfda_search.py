"""The subset of openFDA's search syntax the stand-in understands, evaluated over JSON results.

Supported (https://open.fda.gov/apis/query-syntax/): `field:"a phrase"`, `field:word`,
`field:[A TO B]` (string range, e.g. dates "20190101"), `AND`, `OR`, `NOT`, parentheses, and
whitespace / `+` between terms meaning OR. Dotted fields descend into nested objects and lists
(`products.active_ingredients.name`). A field ending in `.exact` matches the whole value exactly;
otherwise matching is word-wise and case-insensitive, like openFDA's analysed fields, so
`products.active_ingredients.name:"ketamine"` matches "KETAMINE HYDROCHLORIDE" and not
"ESKETAMINE HYDROCHLORIDE". Anything else raises `SearchSyntaxError` (the stand-in's 400).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

Predicate = Callable[[dict[str, Any]], bool]

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<lpar>\() | (?P<rpar>\)) |
        (?P<op>AND|OR|NOT)(?=[\s()]|$) |
        (?P<field>[A-Za-z_][\w.]*):(?:
            "(?P<phrase>[^"]*)" |
            \[(?P<lo>[^\s\]]+)\s+TO\s+(?P<hi>[^\s\]]+)\] |
            (?P<word>[^\s()"\[\]]+)
        )
    )""",
    re.VERBOSE,
)
_WORD = re.compile(r"[a-z0-9]+")


class SearchSyntaxError(ValueError):
    """The search expression is outside the supported subset or malformed."""


def values(record: Any, path: list[str]) -> Iterator[str]:
    """Every scalar at dotted `path` in `record`, descending into lists."""
    if isinstance(record, list):
        for item in record:
            yield from values(item, path)
        return
    if not path:
        if isinstance(record, str | int | float | bool):
            yield str(record)
        return
    if isinstance(record, dict):
        yield from values(record.get(path[0]), path[1:])


def _contains(words: list[str], phrase: list[str]) -> bool:
    n = len(phrase)
    return n > 0 and any(words[i : i + n] == phrase for i in range(len(words) - n + 1))


def _term(field: str, phrase: str | None, lo: str | None, hi: str | None) -> Predicate:
    exact = field.endswith(".exact")
    path = (field[: -len(".exact")] if exact else field).split(".")
    if lo is not None and hi is not None:
        return lambda r: any(lo <= v <= hi for v in values(r, path))
    assert phrase is not None
    if exact:
        return lambda r: any(v == phrase for v in values(r, path))
    wanted = _WORD.findall(phrase.lower())
    if not wanted:
        raise SearchSyntaxError(f"empty search term for {field}")
    return lambda r: any(_contains(_WORD.findall(v.lower()), wanted) for v in values(r, path))


def _tokenize(expression: str) -> list[tuple[str, Any]]:
    text = expression.replace("+", " ").strip()
    tokens: list[tuple[str, Any]] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            if text[pos:].strip() == "":
                break
            raise SearchSyntaxError(f"cannot parse search at: {text[pos : pos + 30]!r}")
        pos = match.end()
        if match.group("lpar"):
            tokens.append(("(", None))
        elif match.group("rpar"):
            tokens.append((")", None))
        elif match.group("op"):
            tokens.append((match.group("op"), None))
        else:
            phrase = match.group("phrase")
            if phrase is None:
                phrase = match.group("word")
            tokens.append(
                ("term", _term(match.group("field"), phrase, match.group("lo"), match.group("hi")))
            )
    if not tokens:
        raise SearchSyntaxError("empty search")
    return tokens


def compile_search(expression: str) -> Predicate:
    """A predicate over one result for `expression`; AND binds tighter than OR."""
    tokens = _tokenize(expression)
    pos = 0

    def peek() -> str | None:
        return tokens[pos][0] if pos < len(tokens) else None

    def unary() -> Predicate:
        nonlocal pos
        kind = peek()
        if kind == "NOT":
            pos += 1
            inner = unary()
            return lambda r: not inner(r)
        if kind == "(":
            pos += 1
            inner = either()
            if peek() != ")":
                raise SearchSyntaxError("missing )")
            pos += 1
            return inner
        if kind == "term":
            pred: Predicate = tokens[pos][1]
            pos += 1
            return pred
        raise SearchSyntaxError(f"unexpected {kind or 'end of search'}")

    def both() -> Predicate:
        nonlocal pos
        parts = [unary()]
        while peek() == "AND":
            pos += 1
            parts.append(unary())
        return parts[0] if len(parts) == 1 else (lambda r: all(p(r) for p in parts))

    def either() -> Predicate:
        nonlocal pos
        parts = [both()]
        while peek() in ("OR", "term", "(", "NOT"):
            if peek() == "OR":
                pos += 1
            parts.append(both())
        return parts[0] if len(parts) == 1 else (lambda r: any(p(r) for p in parts))

    predicate = either()
    if pos != len(tokens):
        raise SearchSyntaxError(f"unexpected {tokens[pos][0]}")
    return predicate
