"""Record <-> JSON: what a local index stores for each record, enough to rebuild it exactly.

The stored form is plain JSON (zlib-compressed in the index), never a pickle: an index file can
come from anywhere, and reading it must not execute anything. Keys are short because there are
millions of rows; empty fields are left out. `record_from_json(record_to_json(r)) == r` for every
PubMed record (FDA facts are not stored: local indexes hold literature only).
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from litcheck.models import AbstractSection, Author, MeshHeading, Notice, Record

_SCALARS = (
    ("title", "t"),
    ("journal", "j"),
    ("journal_abbrev", "ja"),
    ("year", "y"),
    ("pub_date", "pd"),
    ("pmid", "p"),
    ("doi", "doi"),
    ("pmcid", "pmc"),
    ("volume", "v"),
    ("issue", "i"),
    ("pages", "pg"),
    ("url", "u"),
)


def record_to_json(record: Record) -> dict[str, Any]:
    """A compact JSON-able dict for `record` (see `record_from_json`). Hot path of bulk builds."""
    r = record
    out: dict[str, Any] = {
        "id": r.id,
        "t": r.title,
        "j": r.journal,
        "ja": r.journal_abbrev,
        "y": r.year,
        "pd": r.pub_date,
        "p": r.pmid,
        "doi": r.doi,
        "pmc": r.pmcid,
        "v": r.volume,
        "i": r.issue,
        "pg": r.pages,
        "u": r.url,
    }
    out = {k: v for k, v in out.items() if v is not None and v != ""}
    out["id"] = r.id
    if r.abstract:
        out["ab"] = [(s.text, s.label, s.category) for s in r.abstract]
    if r.authors:
        out["au"] = [
            (a.last_name, a.fore_name, a.initials, a.collective, a.affiliations) for a in r.authors
        ]
    if r.mesh:
        out["mh"] = [(m.descriptor, m.ui, m.major, m.qualifiers) for m in r.mesh]
    if r.keywords:
        out["kw"] = r.keywords
    if r.pub_types:
        out["pt"] = r.pub_types
    if r.language:
        out["la"] = r.language
    if r.notices:
        out["cc"] = [(n.ref_type, n.pmid, n.source) for n in r.notices]
    if r.is_book:
        out["book"] = True
    return out


def record_from_json(data: dict[str, Any]) -> Record:
    """Rebuild the Record `record_to_json` stored. Records are source "pubmed"."""
    scalars: dict[str, Any] = {attr: data.get(key) for attr, key in _SCALARS}
    scalars["title"] = scalars["title"] or ""  # an untitled record is stored without "t"
    return Record(
        source="pubmed",
        id=data["id"],
        abstract=tuple(
            AbstractSection(text=t, label=lab, category=cat) for t, lab, cat in data.get("ab", ())
        ),
        authors=tuple(
            Author(
                last_name=ln, fore_name=fn, initials=ini, collective=col, affiliations=tuple(aff)
            )
            for ln, fn, ini, col, aff in data.get("au", ())
        ),
        mesh=tuple(
            MeshHeading(descriptor=d, ui=ui, major=bool(maj), qualifiers=tuple(q))
            for d, ui, maj, q in data.get("mh", ())
        ),
        keywords=tuple(data.get("kw", ())),
        pub_types=tuple(data.get("pt", ())),
        language=tuple(data.get("la", ())),
        notices=tuple(Notice(ref_type=r, pmid=p, source=s) for r, p, s in data.get("cc", ())),
        is_book=bool(data.get("book", False)),
        **scalars,
    )


def to_bytes(record: Record) -> bytes:
    """Uncompressed JSON bytes (tuples become lists)."""
    text = json.dumps(record_to_json(record), ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


def compress(data: bytes) -> bytes:
    """What the index stores: zlib level 1 (3x smaller, fast to inflate)."""
    return zlib.compress(data, 1)


def dump(record: Record) -> bytes:
    """Compressed JSON bytes for the index's `data` column."""
    return compress(to_bytes(record))


def load(blob: bytes) -> Record:
    """Inverse of `dump`."""
    data: dict[str, Any] = json.loads(zlib.decompress(blob))
    return record_from_json(data)
