"""Parsed PubMed records in the response cache, beside the XML they came from.

The cache's truth for a record is its efetch XML (one article per PMID, `record_key`); parsing
it with Bio.Entrez loads the PubMed DTD each time, which was the largest part of a warm
`litcheck claim` (issue 16: ~0.1 s for 30 cached records). So the parsed `Record` is stored too,
as the local index's compact JSON (`litcheck.corpus.codec`, never a pickle), under a key that
names the parser: the digest of the modules that turn XML into a Record. Change any of them and
every parsed entry is simply missed and rebuilt from the XML; the XML entries stay valid.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from functools import lru_cache

from litcheck.corpus import codec
from litcheck.digest import code_digest
from litcheck.models import Record
from litcheck.sources.cache import RECORD_TTL, ResponseCache

_PARSER_MODULES = (
    "litcheck/sources/pubmed/fields.py",
    "litcheck/sources/pubmed/entrez.py",
    "litcheck/sources/pubmed/xml.py",
    "litcheck/sources/pubmed/raw.py",
    "litcheck/models/records.py",
    "litcheck/corpus/codec.py",
)


@lru_cache(maxsize=1)
def parser_digest() -> str:
    """12 hex digits naming the XML -> Record code in use (read once per process)."""
    return code_digest(_PARSER_MODULES)


def parsed_key(pmid: str) -> str:
    """The cache key of PMID `pmid`'s parsed record for this parser."""
    return f"pubmed:parsed:{parser_digest()}:{pmid}"


def load_parsed(cache: ResponseCache, pmids: Iterable[str]) -> dict[str, Record]:
    """Parsed records for those of `pmids` that have one; a damaged entry counts as missing."""
    found: dict[str, Record] = {}
    for pmid in pmids:
        blob = cache.get(parsed_key(pmid))
        if blob is None:
            continue
        try:
            record = codec.load(blob)
        except (ValueError, KeyError, TypeError, zlib.error):
            continue
        if record.pmid == pmid:
            found[pmid] = record
    return found


def store_parsed(cache: ResponseCache, records: Sequence[Record]) -> None:
    """Keep `records` parsed, for as long as their XML is kept."""
    for record in records:
        if record.pmid:
            cache.set(parsed_key(record.pmid), codec.dump(record), expire=RECORD_TTL)
