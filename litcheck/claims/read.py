"""Claims in: one claim from text, claims files, and check-worthy claims found in articles.

- `claim_from_text` validates one claim (InputError for empty, whitespace-only or longer than
  `MAX_CLAIM_CHARS`) and analyses its facets.
- `read_claims_file` reads plain text (one claim per line, `#` comments), CSV/TSV with a `claim`
  column (other columns kept as `Claim.meta`), JSONL with a `claim` or `text` field, or an
  article (`.html`, `.md`, or a `.txt` of prose paragraphs), from which claims are extracted.
- `extract_claims` finds an article's check-worthy sentences (`litcheck.claims.checkworthy`).

Every claim keeps its origin: the file and the 1-based line it starts on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

from msgspec.structs import replace

from litcheck.claims.facets import analyze
from litcheck.claims.vocab import Vocabulary
from litcheck.errors import InputError
from litcheck.models import Claim, Origin

MAX_CLAIM_CHARS = 10_000

_ARTICLE_EXTENSIONS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown"}


def _where(origin: Origin | None) -> str:
    if origin is None or origin.file is None:
        return "the claim"
    return f"{origin.file}:{origin.line}" if origin.line else origin.file


def claim_from_text(
    text: str,
    vocab: Vocabulary,
    *,
    origin: Origin | None = None,
    meta: Mapping[str, str] | None = None,
    context: str | None = None,
) -> Claim:
    """A validated, analysed claim. InputError for empty, whitespace-only or oversized text.

    `context` (words: "ketamine infusions for depression") resolves the claim's references
    and lends it the context's drug and condition (`litcheck.claims.context`)."""
    if not text or not text.strip():
        raise InputError(
            f"{_where(origin)} is empty",
            tip='give the claim as a sentence, e.g. litcheck claim "Ketamine blocks NMDA receptors"',
        )
    if len(text) > MAX_CLAIM_CHARS:
        raise InputError(
            f"{_where(origin)} is {len(text):,} characters long (the limit is {MAX_CLAIM_CHARS:,})",
            tip="pass one claim, not a whole document; for an article use `litcheck extract FILE`",
        )
    claim = Claim.from_text(" ".join(text.split()), origin=origin, meta=meta)
    claim = replace(claim, facets=analyze(claim.text, vocab))
    if context and context.strip():
        from litcheck.claims.context import resolve_with_context  # only with --context

        resolved = resolve_with_context(claim.text, claim.facets, context, vocab)
        claim = replace(claim, facets=resolved.facets, context=resolved.context)
    return claim


def with_article_context(claim: Claim, path: Path, line: int, vocab: Vocabulary) -> Claim:
    """`claim` with the context it has at `line` of the article `path` (`--article --line`):
    the sentence there when the claim is one, else as if it followed the lines up to `line`."""
    text = _decode(path)
    kind = _kind(path, text)
    kind = kind if kind in ("html", "markdown") else "text"
    from litcheck.claims.article import context_at

    resolved = context_at(text, vocab, claim.text, line=line, kind=kind)
    return replace(claim, facets=resolved.facets, context=resolved.context)


def _decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path} does not exist", tip="check the path") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}", tip="check the path") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{path} is not UTF-8 text (byte {exc.start}, line {line})",
            tip=f"convert it first, e.g. iconv -f latin1 -t utf-8 {path} > claims-utf8.txt",
        ) from None


def _kind(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in _ARTICLE_EXTENSIONS:
        return _ARTICLE_EXTENSIONS[suffix]
    if suffix in (".csv", ".tsv"):
        return suffix[1:]
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    head = text.lstrip()[:500].lower()
    if head.startswith("{"):
        return "jsonl"
    if head.startswith(("<!doctype html", "<html")) or re.search(r"<(?:p|div|body)[\s>]", head):
        return "html"
    return "text"


def looks_like_article(text: str) -> bool:
    """True when a text file holds prose paragraphs rather than one claim per line."""
    lines = [
        ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")
    ]
    if not lines:
        return False
    from litcheck.claims.document import split_sentences

    multi = sum(1 for ln in lines if len(split_sentences(ln)) >= 2)
    return any(len(ln) > 600 for ln in lines) or multi >= max(1, 0.3 * len(lines))


def _text_lines(text: str, vocab: Vocabulary, file: str) -> list[Claim]:
    claims = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            claims.append(claim_from_text(stripped, vocab, origin=Origin(file, number)))
    return claims


def _table(text: str, vocab: Vocabulary, file: str, delimiter: str) -> list[Claim]:
    import csv
    import io

    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(f"{file} is empty", tip="add a header row with a `claim` column") from None
    names = [h.strip() for h in header]
    lowered = [n.lower() for n in names]
    if "claim" not in lowered:
        found = ", ".join(repr(n) for n in names if n) or "none"
        raise InputError(
            f"{file} has no `claim` column (columns found: {found})",
            tip="name the column holding the claims `claim`; other columns are kept as metadata",
        )
    index = lowered.index("claim")
    claims = []
    start = reader.line_num + 1
    for row in reader:
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        cell = row[index] if index < len(row) else ""
        meta = {n: v for i, (n, v) in enumerate(zip(names, row, strict=False)) if i != index and n}
        context = meta.pop("context", None)
        claims.append(
            claim_from_text(cell, vocab, origin=Origin(file, line), meta=meta, context=context)
        )
    return claims


def _jsonl(text: str, vocab: Vocabulary, file: str) -> list[Claim]:
    claims = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{file}:{number} is not valid JSON ({exc.msg})",
                tip='JSONL holds one JSON object per line, e.g. {"claim": "..."}',
            ) from None
        if isinstance(item, str):
            item = {"claim": item}
        if not isinstance(item, dict):
            raise InputError(f"{file}:{number} is not a JSON object", tip='use {"claim": "..."}')
        key = "claim" if "claim" in item else "text" if "text" in item else None
        if key is None or not isinstance(item[key], str):
            raise InputError(
                f"{file}:{number} has no `claim` (or `text`) string (keys: {', '.join(item) or 'none'})",
                tip='give each line a "claim" field; other fields are kept as metadata',
            )
        meta = {
            k: v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
            for k, v in item.items()
            if k != key
        }
        context = meta.pop("context", None) if isinstance(item.get("context"), str) else None
        claims.append(
            claim_from_text(
                item[key], vocab, origin=Origin(file, number), meta=meta, context=context
            )
        )
    return claims


def read_claims_file(path: Path, vocab: Vocabulary, *, extract: bool | None = None) -> list[Claim]:
    """Claims from a file (see the module docstring). `extract`: True treats the file as an
    article, False as one claim per line, None decides from the extension and content.

    InputError for unreadable or non-UTF-8 files, a CSV without a `claim` column, bad JSONL
    lines, empty or oversized claims, and files with no claims at all.
    """
    text = _decode(path)
    file = str(path)
    kind = _kind(path, text)
    if kind in ("csv", "tsv") and not extract:
        claims = _table(text, vocab, file, "," if kind == "csv" else "\t")
    elif kind == "jsonl" and not extract:
        claims = _jsonl(text, vocab, file)
    elif kind in ("html", "markdown") and extract is not False:
        return _require(extract_claims(text, vocab, file=file, kind=kind), file, article=True)
    elif extract or (extract is None and looks_like_article(text)):
        return _require(extract_claims(text, vocab, file=file, kind=kind), file, article=True)
    else:
        claims = _text_lines(text, vocab, file)
    return _require(claims, file, article=False)


def _require(claims: list[Claim], file: str, *, article: bool) -> list[Claim]:
    if claims:
        return claims
    if article:
        raise InputError(
            f"no check-worthy claims found in {file}",
            tip="litcheck looks for statements a study, agency or number could back; "
            "or list your claims one per line in a .txt, .csv or .jsonl file",
        )
    raise InputError(
        f"no claims found in {file}", tip="write one claim per line (# starts a comment)"
    )


def extract_claims(
    text: str, vocab: Vocabulary, *, file: str | None = None, kind: str | None = None
) -> list[Claim]:
    """The check-worthy claims of an article, in reading order, without duplicates.

    `kind` is "html", "markdown" or "text" (guessed from the content when None). Each claim
    carries its `context` (the article's subject, its references resolved: "It was formulated
    in 1962" is checked as "[Ketamine] was formulated in 1962"), its facets merged with the
    inherited ones, and its `kind` (study, approval, mechanism, ...); see
    `litcheck.claims.article`.
    """
    if kind is None:
        kind = (
            "html"
            if re.search(r"<(?:p|div|body|html|h[1-6])[\s>]", text, re.IGNORECASE)
            else "text"
        )
    from litcheck.claims.article import extract_article

    return extract_article(text, vocab, file=file, kind=kind)
