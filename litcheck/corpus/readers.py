"""Open a source file (plain or gzip) and stream its records, whatever the format.

The format is sniffed from the first bytes, not trusted from the name: `<` is PubMed XML,
`{` is JSONL, `PMID-` is MEDLINE text. Folders expand to the files inside them, sorted by name,
which is the order baseline and update files must be applied in (pubmed25n0001 ... n1274,
then the updatefiles).
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, cast

from litcheck.corpus.fastxml import Item
from litcheck.errors import InputError

SUFFIXES = (
    ".xml",
    ".xml.gz",
    ".jsonl",
    ".jsonl.gz",
    ".json",
    ".txt",
    ".txt.gz",
    ".medline",
    ".nbib",
)


def expand_sources(sources: Sequence[Path]) -> list[Path]:
    """Files to read, in order: each file as given; each folder's matching files by name."""
    files: list[Path] = []
    for src in sources:
        if src.is_dir():
            found = sorted(p for p in src.iterdir() if p.is_file() and p.name.endswith(SUFFIXES))
            if not found:
                raise InputError(
                    f"{src} holds no .xml, .xml.gz, .jsonl or MEDLINE .txt files",
                    tip="point at PubMed baseline files, efetch XML, MEDLINE text or JSONL",
                )
            files.extend(found)
        elif src.is_file():
            files.append(src)
        else:
            raise InputError(f"{src} does not exist", tip="check the path")
    return files


@contextmanager
def open_binary(path: Path) -> Iterator[IO[bytes]]:
    """`path` as a binary stream, gunzipped when it starts with the gzip magic."""
    with path.open("rb") as raw:
        magic = raw.read(2)
        raw.seek(0)
        if magic == b"\x1f\x8b":
            with gzip.open(raw, "rb") as unzipped:
                yield cast(IO[bytes], unzipped)
        else:
            yield raw


def sniff(stream: IO[bytes]) -> str:
    """ "xml", "jsonl" or "medline", from the first non-blank bytes (stream must be peekable)."""
    head = stream.peek(512)[:512] if hasattr(stream, "peek") else b""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<"):
        return "xml"
    if text.startswith(b"{"):
        return "jsonl"
    if text.startswith((b"PMID-", b"PMID ")):
        return "medline"
    return "unknown"


def iter_items(path: Path) -> Iterator[Item]:
    """Records (and `Deleted` markers) from one file. Bad content -> InputError."""
    import xml.etree.ElementTree as ET

    with open_binary(path) as buffered:  # both BufferedReader and GzipFile can peek()
        kind = sniff(buffered)
        try:
            if kind == "xml":
                from litcheck.corpus.fastxml import iter_pubmed_xml

                yield from iter_pubmed_xml(buffered)
            elif kind == "jsonl":
                from litcheck.corpus.jsonl import iter_jsonl

                yield from iter_jsonl(buffered, name=path.name)
            elif kind == "medline":
                from litcheck.corpus.medline import iter_medline

                yield from iter_medline(buffered)
            else:
                raise InputError(
                    f"{path} is not PubMed XML, MEDLINE text or JSONL",
                    tip="litcheck corpus build reads .xml/.xml.gz, MEDLINE .txt and .jsonl",
                )
        except ET.ParseError as exc:
            raise InputError(f"{path} is not well-formed XML: {exc}") from None
        except (OSError, EOFError) as exc:  # truncated gzip, unreadable file
            raise InputError(f"could not read {path}: {exc}") from None
