"""Articles as text: HTML, Markdown or plain text -> blocks -> sentences, with line numbers.

`blocks(text, kind)` turns a document into paragraphs and headings, remembering the 1-based
source line of every piece of text; `sentences(block)` splits a paragraph into sentences and
gives each the line its first character came from. HTML is read with the standard library's
`html.parser` (scripts, styles, navigation and forms are dropped).
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from msgspec import Struct, field

_BOUNDARY = re.compile(r"([.!?]+)([\"'”’)\]]*)(\s+)(?=[\"'“‘(\[]?[A-Z0-9])")
_LAST_WORD = re.compile(r"(\S+)$")


class Block(Struct):
    """A paragraph or heading: its text and where each part of it came from."""

    heading: bool = False
    parts: list[tuple[str, int]] = field(default_factory=list)
    """(text, 1-based source line) in reading order."""

    @property
    def text(self) -> str:
        return " ".join(p for p, _ in self.parts)

    def line_at(self, offset: int) -> int:
        """The source line of character `offset` of `text`."""
        starts, pos = [], 0
        for piece, _ in self.parts:
            starts.append(pos)
            pos += len(piece) + 1
        index = max(0, bisect.bisect_right(starts, offset) - 1)
        return self.parts[index][1] if self.parts else 1


_MD_FENCE = re.compile(r"^\s*(```|~~~)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_MD_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
_TAG = re.compile(r"<[^>]+>")


def looks_like_heading(line: str) -> bool:
    """A short line without closing punctuation: a title, a section name or page chrome."""
    stripped = line.strip()
    return bool(stripped) and len(stripped.split()) <= 12 and stripped[-1] not in ".!?\"'”’:;,"


def text_blocks(text: str, *, markdown: bool = False) -> list[Block]:
    """Blocks of plain text (or Markdown): blank lines separate paragraphs; short unpunctuated
    lines and Markdown headings stand alone as headings."""
    blocks: list[Block] = []
    current = Block()
    in_fence = False

    def flush() -> None:
        nonlocal current
        if current.parts:
            blocks.append(current)
        current = Block()

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw
        if markdown:
            if _MD_FENCE.match(line):
                in_fence = not in_fence
                flush()
                continue
            if in_fence or _MD_RULE.match(line):
                flush()
                continue
            if _MD_HEADING.match(line):
                flush()
                blocks.append(
                    Block(heading=True, parts=[(_MD_HEADING.sub("", line).strip(), number)])
                )
                continue
            if _MD_BULLET.match(line):
                flush()
                line = _MD_BULLET.sub("", line)
            line = _MD_IMAGE.sub("", line)
            line = _MD_LINK.sub(r"\1", line)
            line = _MD_EMPHASIS.sub(r"\2", line)
            line = _TAG.sub("", line).lstrip("> ")
        line = " ".join(line.split())
        if not line:
            flush()
        elif looks_like_heading(line) and not current.parts:
            blocks.append(Block(heading=True, parts=[(line, number)]))
        else:
            current.parts.append((line, number))
    flush()
    return blocks


def blocks(text: str, kind: str) -> list[Block]:
    """Blocks of a document; `kind` is "html", "markdown" or "text"."""
    if kind == "html":
        from litcheck.claims.html_blocks import html_blocks  # html.parser only for HTML

        return html_blocks(text)
    return text_blocks(text, markdown=kind == "markdown")


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """Words after which a period does not end a sentence: `abbreviations` of
    queries/sentences.toml (packaged vocabulary, lower-cased)."""
    from litcheck.claims.vocab import default_vocabulary

    return default_vocabulary().words("abbreviations")


def split_sentences(text: str) -> list[tuple[int, str]]:
    """(start offset, sentence) pairs. Abbreviations ("e.g.", "Dr.", "U.S."; `abbreviations`),
    initials and decimals do not end a sentence."""
    out: list[tuple[int, str]] = []
    known = abbreviations()
    start = 0
    for m in _BOUNDARY.finditer(text):
        before = text[start : m.start()]
        last = _LAST_WORD.search(before)
        word = last.group(1).lower().strip("(\"'“‘") if last else ""
        if m.group(1) == ".":
            if word in known or re.fullmatch(r"(?:[a-z]\.)+[a-z]", word):
                continue
            if re.fullmatch(r"[a-z]", word) and last and last.group(1)[-1:].isupper():
                continue  # an initial: "J. Smith"
        end = m.end(2)
        sentence = text[start:end].strip()
        if sentence:
            out.append((start + (len(text[start:end]) - len(text[start:end].lstrip())), sentence))
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append((start + (len(text[start:]) - len(text[start:].lstrip())), tail))
    return out


def sentences(block: Block) -> list[tuple[int, str]]:
    """(source line, sentence) for each sentence of `block`."""
    return [(block.line_at(offset), s) for offset, s in split_sentences(block.text)]
