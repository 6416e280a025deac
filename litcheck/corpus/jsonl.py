"""JSONL (one JSON object per line) -> Record, including SciFact's corpus.jsonl as it is.

Accepted keys (others are ignored):

- id: `pmid`, else `id`, else `doc_id` (SciFact: its S2ORC doc ids become the record's PMID);
- `title`; `abstract` as a string, a list of sentences (SciFact), or a list of
  `{"label": ..., "text": ...}` sections;
- optional `year`, `journal`, `doi`, `pmcid`, `language`;
- `authors`: strings ("Smith JA") or objects (`last_name`, `fore_name`, `initials`,
  `affiliations`); `affiliations`: strings, given to the first author;
- `mesh`: strings ("*Depression" or "Depression/*drug therapy" marks a major topic, as in
  MEDLINE text) or objects (`descriptor`, `major`, `qualifiers`); `pubtypes` / `pub_types`;
  `keywords`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from litcheck.corpus.medline import _mesh
from litcheck.errors import InputError
from litcheck.models import AbstractSection, Author, MeshHeading, Record


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    return tuple(str(v) for v in value if str(v).strip())


def _abstract(value: Any) -> tuple[AbstractSection, ...]:
    if not value:
        return ()
    if isinstance(value, str):
        return (AbstractSection(text=value.strip()),)
    if all(isinstance(v, str) for v in value):
        # SciFact: the abstract is a list of sentences; keep them as one unlabelled section.
        return (AbstractSection(text=" ".join(v.strip() for v in value)),)
    return tuple(
        AbstractSection(text=str(v.get("text", "")).strip(), label=v.get("label"))
        for v in value
        if isinstance(v, dict) and str(v.get("text", "")).strip()
    )


def _authors(value: Any, affiliations: tuple[str, ...]) -> tuple[Author, ...]:
    out = []
    for i, a in enumerate(value or ()):
        affs = affiliations if i == 0 else ()
        if isinstance(a, str):
            last, _, initials = a.strip().rpartition(" ")
            if not last:
                last, initials = initials, ""
            out.append(Author(last_name=last, initials=initials or None, affiliations=affs))
        elif isinstance(a, dict):
            out.append(
                Author(
                    last_name=a.get("last_name"),
                    fore_name=a.get("fore_name"),
                    initials=a.get("initials"),
                    collective=a.get("collective"),
                    affiliations=_strings(a.get("affiliations")) or affs,
                )
            )
    if not out and affiliations:
        out.append(Author(affiliations=affiliations))
    return tuple(out)


def _mesh_any(value: Any) -> tuple[MeshHeading, ...]:
    if not value:
        return ()
    if all(isinstance(v, str) for v in value):
        return _mesh(list(value))
    return tuple(
        MeshHeading(
            descriptor=str(v["descriptor"]),
            major=bool(v.get("major", False)),
            qualifiers=_strings(v.get("qualifiers")),
        )
        for v in value
        if isinstance(v, dict) and v.get("descriptor")
    )


def record_from_obj(obj: dict[str, Any]) -> Record:
    """One JSONL object -> Record. Raises InputError when it has no id."""
    raw_id = obj.get("pmid", obj.get("id", obj.get("doc_id")))
    if raw_id is None or str(raw_id).strip() == "":
        raise InputError(
            "a JSONL record has no pmid, id or doc_id",
            tip='every line needs an identifier: {"pmid": "123", "title": ...}',
        )
    pmid = str(raw_id).strip()
    year = obj.get("year")
    return Record(
        source="pubmed",
        id=f"pubmed:{pmid}",
        title=str(obj.get("title") or "").strip(),
        abstract=_abstract(obj.get("abstract")),
        journal=obj.get("journal"),
        year=int(year) if year not in (None, "") else None,
        authors=_authors(obj.get("authors"), _strings(obj.get("affiliations"))),
        mesh=_mesh_any(obj.get("mesh")),
        keywords=_strings(obj.get("keywords")),
        pub_types=_strings(obj.get("pubtypes", obj.get("pub_types"))),
        language=_strings(obj.get("language")),
        pmid=pmid,
        doi=obj.get("doi"),
        pmcid=obj.get("pmcid"),
        # Only a real `pmid` key makes a PubMed link: SciFact doc_ids are S2ORC ids, not PMIDs.
        url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if "pmid" in obj else None,
    )


def iter_jsonl(stream: IO[bytes], *, name: str = "JSONL") -> Iterator[Record]:
    """Stream Records from JSONL. A bad line is an InputError naming the line."""
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            raise InputError(
                f"{name} line {number} is not JSON: {exc}",
                tip="one JSON object per line (JSONL)",
            ) from None
        if not isinstance(obj, dict):
            raise InputError(f"{name} line {number} is not a JSON object")
        try:
            yield record_from_obj(obj)
        except (TypeError, ValueError, KeyError) as exc:
            raise InputError(f"{name} line {number}: unusable record ({exc})") from None
