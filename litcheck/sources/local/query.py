"""PubMed query syntax -> AST -> SQLite FTS5 MATCH expression, plus a PubMed-style translation.

Supported (what litcheck's planner writes, and what people type):

- `AND`, `OR`, `NOT` (upper case, as PubMed requires), parentheses. Like PubMed, operators
  are applied **left to right** with no precedence: `a OR b AND c` is `(a OR b) AND c`.
  Adjacent terms without an operator are ANDed.
- Quoted phrases `"heart attack"`; unquoted words before a tag form a phrase too, as in PubMed
  (`kidney allograft[tiab]`); `*` truncation at the end of a word (`depress*`, at least 3
  letters before it) or of a phrase's last word (`"heart attack*"[tiab]`).
- Field tags: [tiab] [ti] [ab] [tw] [all] [mh] [mh:noexp] [majr] [ad] [au] [dp] [pt] [la] [ot],
  their long forms ([Title/Abstract], [MeSH Terms], ...), and proximity [tiab:~N]/[ti:~N]/[ab:~N].

Local approximations (a local index has no MeSH tree and no automatic term mapping):

- [mh] matches headings *containing* the words as a phrase, case-insensitively: "Mice"[mh]
  finds "Mice" and "Mice, Inbred C57BL", a rough stand-in for PubMed's explosion, which is not
  available locally (descendants with other names, e.g. Neoplasms -> Carcinoma, are missed).
  Entry terms ("mouse" for Mice) are not mapped. A "/qualifier" suffix is ignored.
- [dp] has year precision: "2019/03"[dp] is 2019; "2019:2021"[dp] is the years 2019-2021.
- Words are stemmed (Porter), so "mice" does not match "mouse" but "studies" matches "study".

Anything else (unknown tags, unbalanced parentheses or quotes, a dangling operator) raises
InputError with a tip; the parser never crashes on user text.
"""

from __future__ import annotations

import re

from msgspec import Struct

from litcheck.errors import InputError

# tag (lower case, as typed) -> canonical field
_TAGS = {
    "tiab": "tiab", "title/abstract": "tiab",
    "ti": "ti", "title": "ti",
    "ab": "ab", "abstract": "ab",
    "tw": "tw", "text word": "tw", "textword": "tw",
    "all": "all", "all fields": "all",
    "mh": "mh", "mesh": "mh", "mesh terms": "mh", "mh:noexp": "mh", "mesh:noexp": "mh",
    "mesh terms:noexp": "mh",
    "majr": "majr", "mesh major topic": "majr", "majr:noexp": "majr",
    "ad": "ad", "affiliation": "ad",
    "au": "au", "author": "au", "fau": "au", "full author name": "au",
    "dp": "dp", "pdat": "dp", "publication date": "dp", "date - publication": "dp",
    "pt": "pt", "publication type": "pt",
    "la": "la", "language": "la",
    "ot": "ot", "other term": "ot", "kw": "ot", "keyword": "ot",
}  # fmt: skip

COLUMNS_FOR = {
    "tiab": ("title", "abstract", "kw"),
    "ti": ("title",),
    "ab": ("abstract",),
    "tw": ("title", "abstract", "kw", "mesh"),
    "all": ("title", "abstract", "kw", "mesh", "ad", "au", "pt"),
    "mh": ("mesh",),
    "majr": ("majr",),
    "ad": ("ad",),
    "au": ("au",),
    "pt": ("pt",),
    "la": ("la",),
    "ot": ("kw",),
    "dp": ("dp",),
}
"""Which FTS5 columns (see `store.COLUMNS`) each field searches."""

LONG_NAMES = {
    "tiab": "Title/Abstract", "ti": "Title", "ab": "Abstract", "tw": "Text Word",
    "all": "All Fields", "mh": "MeSH Terms", "majr": "MeSH Major Topic", "ad": "Affiliation",
    "au": "Author", "dp": "Publication Date", "pt": "Publication Type", "la": "Language",
    "ot": "Other Term",
}  # fmt: skip

_PROXIMITY = re.compile(r"^(tiab|ti|ab|title/abstract|title|abstract)\s*:\s*~\s*(\d+)$")
_TOKEN = re.compile(
    r'\s*(?:(?P<lp>\()|(?P<rp>\))|(?P<tag>\[[^\]]*\]?)|(?P<q>"[^"]*"?)|(?P<w>[^\s()"\[]+))'
)
_WORD_CHARS = re.compile(r"\w", re.UNICODE)
_DATE = re.compile(r"^\s*(\d{4})(?:[/-]\d{1,2}(?:[/-]\d{1,2})?)?\s*$")
MIN_PREFIX = 3

TIP = (
    'PubMed syntax: AND/OR/NOT, (parentheses), "quoted phrases", word*, and tags '
    "[tiab] [ti] [ab] [mh] [majr] [ad] [au] [dp] [pt] [la]"
)


class Term(Struct, frozen=True):
    """One searched text in one field."""

    text: str
    field: str = "all"
    prefix: bool = False
    """Trailing `*`: the last word is truncated."""
    proximity: int | None = None
    """[tiab:~N]: the words within N positions of each other, any order."""


class Bool(Struct, frozen=True):
    """`left OP right`; OP is AND, OR or NOT (binary, as in PubMed)."""

    op: str
    left: Node
    right: Node


Node = Term | Bool


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:  # pragma: no cover - the pattern matches any non-space
            raise InputError(f"cannot read the query at {text[pos : pos + 20]!r}", tip=TIP)
        pos = m.end()
        kind = m.lastgroup or ""
        value = m.group(kind)
        if kind == "q" and (len(value) < 2 or not value.endswith('"')):
            raise InputError(f"unterminated quote in {text!r}", tip='close every " you open')
        if kind == "tag" and not value.endswith("]"):
            raise InputError(f"unterminated field tag in {text!r}", tip="close every [ you open")
        if kind == "w" and value in ("AND", "OR", "NOT"):
            kind = "op"
        out.append((kind, value))
    return out


def _field(tag: str) -> tuple[str, int | None]:
    name = " ".join(tag[1:-1].strip().lower().split())
    prox = _PROXIMITY.match(name)
    if prox:
        return _TAGS[prox.group(1)], int(prox.group(2))
    if name not in _TAGS:
        raise InputError(f"unsupported field tag [{tag[1:-1]}] in a local search", tip=TIP)
    return _TAGS[name], None


def _make_term(text: str, tag: str | None) -> Term:
    field, proximity = _field(tag) if tag else ("all", None)
    text = " ".join(text.split())
    prefix = text.endswith("*")
    text = text.rstrip("*").rstrip()
    if "*" in text:
        raise InputError(f"'*' is only allowed at the end of a term: {text}*", tip=TIP)
    if field == "mh" or field == "majr":
        text = text.split("/")[0].strip()  # "Neoplasms/therapy": qualifiers are not indexed
    if field == "dp":
        _years(text)  # validate now
    elif not _WORD_CHARS.search(text):
        raise InputError(f"nothing searchable in the term {text!r}", tip=TIP)
    if prefix and len(text.split()[-1]) < MIN_PREFIX:
        raise InputError(
            f"truncated term {text}* is too short",
            tip=f"put at least {MIN_PREFIX} letters before '*'",
        )
    return Term(text=text, field=field, prefix=prefix, proximity=proximity)


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def query(self) -> Node:
        node = self.operand()
        while (tok := self.peek()) is not None and tok[0] != "rp":
            op = "AND"
            if tok[0] == "op":
                op = self.take()[1]
                if self.peek() is None or self.peek()[0] in ("rp", "op"):  # type: ignore[index]
                    raise InputError(f"{op} needs a term after it", tip=TIP)
            node = Bool(op, node, self.operand())
        return node

    def operand(self) -> Node:
        tok = self.peek()
        if tok is None:
            raise InputError("the query ends where a term was expected", tip=TIP)
        kind, value = tok
        if kind == "lp":
            self.take()
            if self.peek() is not None and self.peek()[0] == "rp":  # type: ignore[index]
                raise InputError("empty parentheses in the query", tip=TIP)
            node = self.query()
            if self.peek() is None:
                raise InputError("unbalanced parentheses: a '(' is never closed", tip=TIP)
            self.take()
            return node
        if kind == "rp":
            raise InputError("unbalanced parentheses: unexpected ')'", tip=TIP)
        if kind == "op":
            raise InputError(f"{value} needs a term before it", tip=TIP)
        if kind == "tag":
            raise InputError(f"field tag {value} does not follow a term", tip=TIP)
        if kind == "q":
            self.take()
            tag = self.take()[1] if (nxt := self.peek()) and nxt[0] == "tag" else None
            return _make_term(value[1:-1], tag)
        words = []
        while (nxt := self.peek()) is not None and nxt[0] == "w":
            words.append(self.take()[1])
        if (nxt := self.peek()) is not None and nxt[0] == "tag":
            return _make_term(" ".join(words), self.take()[1])
        result: Node = _make_term(words[0], None)
        for word in words[1:]:
            result = Bool("AND", result, _make_term(word, None))
        return result


def parse(text: str) -> Node:
    """Parse a PubMed query. Raises InputError (with a tip) on anything unsupported."""
    tokens = _tokens(text)
    if not tokens:
        raise InputError("the query is empty", tip=TIP)
    parser = _Parser(tokens)
    node = parser.query()
    if parser.peek() is not None:
        raise InputError("unbalanced parentheses: unexpected ')'", tip=TIP)
    return node


def _years(text: str) -> tuple[int, int]:
    start, sep, end = text.partition(":")
    first = _DATE.match(start)
    last = _DATE.match(end) if sep else first
    if first is None or last is None:
        raise InputError(
            f"cannot read the date {text!r}",
            tip='use a year or a range: 2019[dp], "2019:2021"[dp], "2019/01/01:2021/12/31"[dp]',
        )
    return int(first.group(1)), int(last.group(1))


# ----------------------------------------------------------------------------------------------
# Rendering
# ----------------------------------------------------------------------------------------------


def translate(node: Node) -> str:
    """A normalised rendering, like PubMed's QueryTranslation: what actually ran."""
    if isinstance(node, Term):
        tag = LONG_NAMES[node.field]
        if node.proximity is not None:
            tag = f"{tag}:~{node.proximity}"
        text = node.text.replace('"', "")
        if node.field == "dp":
            return f"{text}[{tag}]"
        return f'"{text}{"*" if node.prefix else ""}"[{tag}]'
    left = translate(node.left)
    if isinstance(node.left, Bool) and node.left.op != node.op:
        left = f"({left})"
    right = translate(node.right)
    if isinstance(node.right, Bool):
        right = f"({right})"
    return f"{left} {node.op} {right}"


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def to_fts(node: Node, *, years: tuple[int, int] | None = None) -> str:
    """The FTS5 MATCH expression for `node`. `years` is the index's (min, max) year, to expand
    [dp] ranges into the years that exist."""
    if isinstance(node, Bool):
        return f"({to_fts(node.left, years=years)} {node.op} {to_fts(node.right, years=years)})"
    columns = COLUMNS_FOR[node.field]
    target = columns[0] if len(columns) == 1 else "{" + " ".join(columns) + "}"
    if node.field == "dp":
        first, last = _years(node.text)
        if years is not None:
            first, last = max(first, years[0]), min(last, years[1])
        listed = [_quote(str(y)) for y in range(first, last + 1)] or ['"0000"']
        return f"{target} : ({' OR '.join(listed)})"
    if node.proximity is not None:
        words = " ".join(_quote(w) for w in node.text.split())
        return f"{target} : NEAR({words}, {node.proximity})"
    # [au]: PubMed matches initials as a prefix ("smith j" finds Smith JA).
    prefix = node.prefix or (node.field == "au" and len(node.text.split()) > 1)
    return f"{target} : {_quote(node.text)}{' *' if prefix else ''}"


def fields_used(node: Node) -> set[str]:
    """The canonical fields a query searches (for reports)."""
    if isinstance(node, Term):
        return {node.field}
    return fields_used(node.left) | fields_used(node.right)
