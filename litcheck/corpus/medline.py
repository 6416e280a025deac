"""MEDLINE text format (PubMed's "Save -> Format: PubMed" / efetch rettype=medline) -> Record.

Parsing of the tagged lines is Bio.Medline's (already a dependency); this module only maps the
tags to a Record. Tag meanings: https://www.nlm.nih.gov/bsd/mms/medlineelements.html
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping
from typing import IO, Any

from litcheck.models import AbstractSection, Author, MeshHeading, Record

_YEAR = re.compile(r"(1[89]\d\d|20\d\d)")
_ID_SUFFIX = re.compile(r"^(.*?)\s*\[(\w+)\]$")


def _list(entry: Mapping[str, Any], tag: str) -> list[str]:
    value = entry.get(tag, [])
    return [value] if isinstance(value, str) else list(value)


def _mesh(lines: list[str]) -> tuple[MeshHeading, ...]:
    out = []
    for line in lines:
        # "Information Storage and Retrieval/*methods": '*' marks a major topic, on the
        # descriptor or on one of its "/"-separated qualifiers.
        descriptor, *qualifiers = line.split("/")
        major = descriptor.startswith("*") or any(q.startswith("*") for q in qualifiers)
        out.append(
            MeshHeading(
                descriptor=descriptor.lstrip("*").strip(),
                major=major,
                qualifiers=tuple(q.lstrip("*").strip() for q in qualifiers),
            )
        )
    return tuple(out)


def _authors(entry: Mapping[str, Any]) -> tuple[Author, ...]:
    full = _list(entry, "FAU")
    short = _list(entry, "AU")
    affiliations = tuple(_list(entry, "AD"))
    out = []
    for i, name in enumerate(full or short):
        last, _, fore = name.partition(", ") if full else name.partition(" ")
        initials = short[i].rpartition(" ")[2] if i < len(short) and " " in short[i] else None
        # NOTE: older MEDLINE records put all affiliations on the record, not per author;
        # they are given to the first author so `Record.affiliations` still sees them.
        out.append(
            Author(
                last_name=last or None,
                fore_name=(fore or None) if full else None,
                initials=initials if full else (fore or None),
                affiliations=affiliations if i == 0 else (),
            )
        )
    out.extend(Author(collective=name) for name in _list(entry, "CN"))
    return tuple(out)


def _record(entry: Mapping[str, Any]) -> Record | None:
    pmid = str(entry.get("PMID", "")).strip()
    if not pmid:
        return None
    ids: dict[str, str] = {}
    for aid in _list(entry, "AID"):
        found = _ID_SUFFIX.match(aid)
        if found:
            ids.setdefault(found.group(2), found.group(1))
    date = str(entry.get("DP", "")) or None
    year_match = _YEAR.search(date or "")
    abstract = str(entry.get("AB", "")).strip()
    return Record(
        source="pubmed",
        id=f"pubmed:{pmid}",
        title=str(entry.get("TI", "")).strip(),
        abstract=(AbstractSection(text=abstract),) if abstract else (),
        journal=entry.get("JT"),
        journal_abbrev=entry.get("TA"),
        year=int(year_match.group(1)) if year_match else None,
        pub_date=date,
        authors=_authors(entry),
        mesh=_mesh(_list(entry, "MH")),
        keywords=tuple(_list(entry, "OT")),
        pub_types=tuple(_list(entry, "PT")),
        language=tuple(_list(entry, "LA")),
        pmid=pmid,
        doi=ids.get("doi"),
        pmcid=entry.get("PMC"),
        volume=entry.get("VI"),
        issue=entry.get("IP"),
        pages=entry.get("PG"),
        url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
    )


def iter_medline(stream: IO[bytes]) -> Iterator[Record]:
    """Stream Records from MEDLINE text (records separated by blank lines)."""
    from Bio import Medline

    text = io.TextIOWrapper(stream, encoding="utf-8", errors="replace")
    try:
        for entry in Medline.parse(text):  # type: ignore[no-untyped-call]
            record = _record(entry)
            if record is not None:
                yield record
    finally:
        text.detach()  # the caller owns (and closes) `stream`
