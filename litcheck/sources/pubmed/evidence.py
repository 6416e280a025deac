"""What the PubMed scorer reads in a record: stems, word weights, overlaps, the best sentence.

Pure; records are analysed once and cached (`analysis`). Words are `litcheck.claims.text`'s
scoring tokens and stems (`content_stems`).

- `background_idf`: how rare a stem is in biomedical abstracts (`litcheck/data/stem_df.json`,
  built by `bench/build_idf.py` with the same stems).
- `pool_idf`: per-claim stem weights from rarity within the pool of candidates.
- `weighted_overlap`, `phrase_overlap`: shares of the claim's (weighted) stems and word pairs
  found in a record.
- `best_sentence`: the abstract sentence (or the title) that shares most with the claim.
- `term_feature`: how well the claim's named things (drugs, conditions, ...) are found.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from msgspec import Struct

from litcheck import data
from litcheck.claims.text import content_stems, fold, sentences
from litcheck.models import AbstractSection, Evidence, MeshHeading, Record, Term


class _DocFrequencies:
    """Document frequencies of stems (`stem_df.json`), read one stem at a time from the text.

    Only the claim's own stems (a dozen) are ever looked up, and parsing all 18,886 entries cost
    ~10 ms, 3% of a warm claim (issue 16); so each lookup finds its key in the file as
    `bench/build_idf.py` writes it: compact JSON, `{"documents":N,"df":{"stem":n,...}}`, whose
    keys (`SCORING` tokens: a-z, 0-9, hyphen, apostrophe) need no escaping. A file in any other
    layout is parsed whole instead, so the answers never depend on the layout.
    """

    _HEAD = '{"documents":'
    _DF = ',"df":{'

    def __init__(self, raw: str) -> None:
        self.documents = 0
        self._raw = ""
        self._df: dict[str, int] | None = None
        start = raw.find(self._DF)
        if raw.startswith(self._HEAD) and start > 0 and raw[len(self._HEAD) : start].isdigit():
            self.documents, self._raw = (
                int(raw[len(self._HEAD) : start]),
                raw[start + len(self._DF) - 1 :],
            )  # from the df object's "{"
            return
        doc = json.loads(raw)
        df = doc["df"]  # str -> int as bench/build_idf.py writes it; no copy
        if not isinstance(df, dict):
            raise TypeError("df must be an object")
        self.documents, self._df = int(doc["documents"]), df

    @lru_cache(maxsize=4096)  # noqa: B019 - one instance per process (`_background`)
    def get(self, stem_: str) -> int | None:
        """How many documents hold `stem_`, or None when it is not in the table."""
        if self._df is not None:
            return self._df.get(stem_)
        if '"' in stem_ or "\\" in stem_:
            return None  # not a scoring stem; the table holds none
        raw = self._raw
        at = raw.find(f'"{stem_}":')
        while at > 0 and raw[at - 1] not in "{,":
            at = raw.find(f'"{stem_}":', at + 1)  # inside another key ("x-stem")
        if at < 0:
            return None
        begin = at + len(stem_) + 3
        end = begin
        while end < len(raw) and raw[end].isdigit():
            end += 1
        return int(raw[begin:end]) if end > begin else None


@lru_cache(maxsize=1)
def _background() -> _DocFrequencies:
    """Document frequencies of stems in biomedical abstracts (bench/build_idf.py)."""
    try:
        return _DocFrequencies(data.read_text("stem_df.json"))
    except (FileNotFoundError, ModuleNotFoundError, KeyError, ValueError, TypeError):
        return _DocFrequencies('{"documents":0,"df":{}}')


def background_idf(stem_: str) -> float:
    """How rare `stem_` is in biomedical writing, scaled to about [0.1, 1] (1 when unknown)."""
    table = _background()
    n = table.documents
    if not n:
        return 1.0
    top = math.log((n + 1) / 1.5)
    found = table.get(stem_)
    return max(0.1, math.log((n + 1) / ((1 if found is None else found) + 0.5)) / top)


def pool_idf(claim_stems: Sequence[str], docs: Sequence[Record]) -> dict[str, float]:
    """Weight of each claim stem: 1 + log-scaled rarity within the pool of candidate records.

    A stem found in every candidate (usually the query's own terms) still counts 1; a stem found
    in few candidates, which discriminates between them, counts more.
    """
    n = len(docs)
    if n == 0:
        return {s: background_idf(s) for s in claim_stems}
    wanted = set(claim_stems)
    df: Counter[str] = Counter()
    for rec in docs:
        present = wanted.intersection(analysis(rec).stems)
        df.update(present)
    return {s: (1.0 + math.log((n + 1) / (df[s] + 1))) * background_idf(s) for s in wanted}


class Doc(Struct, frozen=True):
    """What the scorer reads of a record, computed once per record (see `analysis`)."""

    title_seq: tuple[str, ...]
    """The title's stems in order."""
    title_stems: frozenset[str]
    stems: frozenset[str]
    sentences: tuple[tuple[str, str, tuple[str, ...]], ...]
    """(field, sentence, its stems in order) for every abstract sentence."""
    mesh: tuple[str, ...]
    """MeSH descriptors, lower-cased."""
    numbers: frozenset[str]


_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?:\s?%)?")


@lru_cache(maxsize=6000)
def _analyse(
    title: str, abstract: tuple[AbstractSection, ...], mesh: tuple[MeshHeading, ...]
) -> Doc:
    # Kept compact (no copy of the text, no pair sets): a batch holds thousands of these.
    sents = tuple(
        (
            f"abstract:{sec.label}" if sec.label else "abstract",
            sent,
            tuple(content_stems(sent)),
        )
        for sec in abstract
        for sent in sentences(sec.text)
    )
    title_seq = tuple(content_stems(title))
    body = " ".join(s.text for s in abstract)
    return Doc(
        title_seq=title_seq,
        title_stems=frozenset(title_seq),
        stems=frozenset(title_seq).union(*(s[2] for s in sents)),
        sentences=sents,
        mesh=tuple(m.descriptor.lower() for m in mesh),
        numbers=frozenset(m.group(0).replace(" ", "") for m in _NUMBER.finditer(f"{title} {body}")),
    )


_PRIMED: dict[tuple[str, tuple[AbstractSection, ...], tuple[MeshHeading, ...]], Doc] = {}
"""Docs handed in by `prime` (read back from the response cache), by what they were made of."""
_PRIMED_LIMIT = 6000


def analysis(record: Record) -> Doc:
    """The record's `Doc` (cached by title, abstract and MeSH; or as `prime` gave it)."""
    key = (record.title, record.abstract, record.mesh)
    primed = _PRIMED.get(key)
    return primed if primed is not None else _analyse(*key)


def prime(record: Record, doc: Doc) -> None:
    """Use `doc` as `record`'s analysis from now on (one made earlier by `analysis` for a record
    with the same title, abstract and MeSH: `litcheck.sources.pubmed.analysed` checks that)."""
    if len(_PRIMED) >= _PRIMED_LIMIT:
        _PRIMED.clear()
    _PRIMED[(record.title, record.abstract, record.mesh)] = doc


def is_primed(record: Record) -> bool:
    """True when `record`'s analysis was handed in by `prime`."""
    return (record.title, record.abstract, record.mesh) in _PRIMED


@lru_cache(maxsize=4096)
def claim_numbers(text: str) -> tuple[str, ...]:
    """Figures the claim states ("61%", "2.5"), normalised without spaces; years excluded."""
    out = []
    for m in _NUMBER.finditer(text):
        n = m.group(0).replace(" ", "")
        if re.fullmatch(r"(19|20)\d\d", n) or n in {"0", "1"}:
            continue
        out.append(n)
    return tuple(dict.fromkeys(out))


def rarest(stems: Sequence[str], k: int = 3) -> tuple[str, ...]:
    """The `k` claim stems that are rarest in biomedical writing."""
    return tuple(sorted(stems, key=lambda s: -background_idf(s))[:k])


@lru_cache(maxsize=4096)
def claim_analysis(text: str) -> tuple[tuple[str, ...], frozenset[int]]:
    """The claim's stems in order, and the hashes of its consecutive stem pairs."""
    stems = tuple(content_stems(text))
    return stems, frozenset(hash(b) for b in _bigrams(stems))


def phrase_overlap(claim_bigrams: frozenset[int], doc: Doc) -> float:
    """Share of the claim's consecutive word pairs found, in order, within one title/sentence."""
    if not claim_bigrams:
        return 0.0
    found: set[int] = set()
    for seq in (doc.title_seq, *(s[2] for s in doc.sentences)):
        for pair in zip(seq, seq[1:], strict=False):
            h = hash(pair)
            if h in claim_bigrams:
                found.add(h)
    return len(found) / len(claim_bigrams)


def weighted_overlap(
    wanted: Sequence[str], have: frozenset[str] | tuple[str, ...], idf: Mapping[str, float]
) -> float:
    """Share of the `idf` weight of `wanted` stems found in `have` (stems missing from `idf`
    weigh 1); 0 when nothing is wanted."""
    if not wanted:
        return 0.0
    total = sum(idf.get(s, 1.0) for s in wanted)
    hit = sum(idf.get(s, 1.0) for s in wanted if s in have)
    return hit / total if total else 0.0


def _bigrams(stems: Sequence[str]) -> set[tuple[str, str]]:
    return set(zip(stems, stems[1:], strict=False))


def best_sentence(
    claim_stems: Sequence[str], record: Record, idf: Mapping[str, float]
) -> tuple[Evidence | None, float]:
    """The abstract sentence (or the title) that best matches the claim, and its overlap.

    The title's overlap counts 0.9 of its value; the first sentence wins a tie.
    """
    best: tuple[float, Evidence | None] = (0.0, None)
    wanted = list(dict.fromkeys(claim_stems))
    doc = analysis(record)
    title_score = weighted_overlap(wanted, doc.title_stems, idf)
    if title_score > 0:
        best = (title_score * 0.9, Evidence("title", record.title))
    for field_name, sent, stems in doc.sentences:
        score = weighted_overlap(wanted, stems, idf)
        if score > best[0]:
            best = (score, Evidence(field_name, sent))
    return best[1], best[0]


class _Names(Struct, frozen=True):
    """A term's names as one regex, and how to search with it."""

    pattern: re.Pattern[str]
    folded: bool
    """ASCII names: a lower-case regex for `fold`ed text (`litcheck.claims.text.fold`), the
    same matches 2.5x sooner; else `re.IGNORECASE` on the text as written."""
    literals: tuple[str, ...]
    """With `folded`, the lower-cased names: every match holds one of them, so a text holding
    none cannot match, and is not searched (`search`); most records hold none of a term's."""

    def search(self, text: str) -> re.Match[str] | None:
        """`pattern.search(text)`, skipped when the text holds none of `literals`."""
        if self.folded and not any(literal in text for literal in self.literals):
            return None
        return self.pattern.search(text)


def _names(names: Iterable[str], suffix: str) -> _Names:
    names = [n for n in names if n]
    folded = all(n.isascii() for n in names)
    literals = tuple({n.lower() if folded else n for n in names})
    alternatives = sorted(map(re.escape, literals), key=len, reverse=True)
    source = r"\b(?:" + "|".join(alternatives) + ")" + suffix + r"\b"
    pattern = re.compile(source) if folded else re.compile(source, re.IGNORECASE)
    return _Names(pattern, folded, literals)


@lru_cache(maxsize=4096)
def _term_pattern(term: Term) -> _Names:
    """The regex of `term`'s names (a plural allowed)."""
    names = {term.canonical, *term.synonyms}
    if term.matched:
        names.add(term.matched)
    return _names(names, "(?:s|es)?")


@lru_cache(maxsize=4096)
def _related_pattern(term: Term) -> _Names | None:
    """The regex of `term`'s related names, as `_term_pattern`."""
    return _names(term.related, "") if term.related else None


@lru_cache(maxsize=256)
def _folded(title: str, abstract: tuple[AbstractSection, ...]) -> tuple[str, str]:
    """The title and the abstract's text, `fold`ed (shared by every term of one record)."""
    return fold(title), fold(" ".join(s.text for s in abstract))


def where(term: Term, record: Record) -> list[str]:
    """Fields of `record` in which `term` is found: title, abstract, MeSH, affiliation."""
    names = _term_pattern(term)
    folded = names.folded
    if folded:
        title, abstract = _folded(record.title, record.abstract)
    else:
        title, abstract = record.title, record.abstract_text
    places = []
    if names.search(title):
        places.append("title")
    if names.search(abstract):
        places.append("abstract")
    mesh = analysis(record).mesh  # lower-cased descriptors
    if (term.mesh and term.mesh.lower() in mesh) or any(
        names.search(fold(m) if folded else m) for m in mesh
    ):
        places.append("MeSH")
    if term.kind == "institution" and any(
        names.search(fold(a) if folded else a) for a in record.affiliations
    ):
        places.append("affiliation")
    return places


def term_feature(terms: Sequence[Term], record: Record, reasons: list[str]) -> float | None:
    """1 when every term is found, partial otherwise; None when the claim names none.

    A term found counts 1, one found only through a related name 0.4; each adds a reason.
    """
    if not terms:
        return None
    got = 0.0
    for term in terms:
        places = where(term, record)
        if places:
            got += 1.0
            reasons.append(f"{term.canonical} in {', '.join(places)}")
            continue
        related = _related_pattern(term)
        if related is None:
            continue
        text = f"{record.title} {record.abstract_text} {' '.join(analysis(record).mesh)}"
        if m := related.search(fold(text) if related.folded else text):
            got += 0.4
            reasons.append(
                f"{m.group(0).lower()} (related to {term.canonical}), not {term.canonical}"
            )
    return got / len(terms)
