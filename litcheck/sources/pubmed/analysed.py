"""The scorer's analysis of PubMed records (`evidence.Doc`) in the response cache, beside the
parsed records.

Reading a record for scoring (sentences, stems, numbers) was a third of scoring a warm claim's
36 cached candidates (issue 16), and it gives the same answer every time for the same text. So a
record's `Doc` is stored once computed, and read back instead of recomputed. It is only an
accelerator, never a source of truth:

- the key names the analyser: a digest of the modules that compute a Doc and of the word lists
  they read (the scorer's stopwords, the abbreviations the sentence splitter keeps), so a change
  to any of them simply misses every stored Doc;
- each stored Doc carries a CRC-32 of the title, abstract and MeSH it was made from, and is used
  only for a record with that same text (PubMed may correct a record);
- the stored form is JSON read by a typed decoder (`msgspec`), never a pickle; a damaged entry is
  ignored and recomputed.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from functools import lru_cache

import msgspec

from litcheck.digest import code_digest
from litcheck.models import Record
from litcheck.sources.cache import RECORD_TTL, ResponseCache
from litcheck.sources.pubmed import evidence

_ANALYSER_MODULES = ("litcheck/claims/text.py", "litcheck/sources/pubmed/evidence.py")

_DECODER = msgspec.json.Decoder(tuple[int, evidence.Doc])


@lru_cache(maxsize=1)
def analyser_digest() -> str:
    """12 hex digits naming the code and word lists that make a Doc (once per process)."""
    from litcheck.claims.text import stopwords
    from litcheck.claims.vocab import default_vocabulary

    return code_digest(
        _ANALYSER_MODULES,
        "\n".join(sorted(stopwords())),
        "\n".join(default_vocabulary().phrases("abstract_abbreviations")),
    )


def _key(record: Record) -> str:
    return f"pubmed:doc:{analyser_digest()}:{record.id}"


def _fingerprint(record: Record) -> int:
    """CRC-32 of what a Doc is made of: the title, the abstract sections and the MeSH."""
    return zlib.crc32(msgspec.json.encode((record.title, record.abstract, record.mesh)))


def load_docs(cache: ResponseCache, records: Sequence[Record]) -> list[Record]:
    """Hand the stored Doc of each of `records` to the scorer (`evidence.prime`); return the
    records that have none (to `store_docs` once scored)."""
    missing = []
    for record in records:
        if evidence.is_primed(record):
            continue
        blob = cache.get(_key(record))
        found = None
        if blob is not None:
            try:
                found = _DECODER.decode(blob)
            except (msgspec.DecodeError, msgspec.ValidationError):
                found = None
        if found is not None and found[0] == _fingerprint(record):
            evidence.prime(record, found[1])
        else:
            missing.append(record)
    return missing


def store_docs(cache: ResponseCache, records: Sequence[Record]) -> None:
    """Keep the Doc of each of `records` (computed by now, or computed here) for as long as its
    record is kept."""
    for record in records:
        body = msgspec.json.encode((_fingerprint(record), evidence.analysis(record)))
        cache.set(_key(record), body, expire=RECORD_TTL)
