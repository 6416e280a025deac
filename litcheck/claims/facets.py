"""Claim analysis: the facets a librarian would search on, found in free text.

`analyze(text, vocab)` is pure: the same text and vocabulary always give the same `Facets`.

- Named things come from the vocabulary (`litcheck.claims.vocab`): interventions (with their related
  substances), conditions, organisms, institutions, agencies, designs; `regulatory` is True when
  a regulatory word matches; `recency` is the canonical name of the first recency entry.
- Years, decades and quantities come from `litcheck.claims.quantities`.
- `concepts` are vocabulary concepts plus the remaining noun-like phrases (runs of up to three
  content words that are neither stopwords, weak words nor verb forms): "prediction error",
  "ALDH1". `keywords` are all content tokens, lower-cased and lightly stemmed.
- Words, stems and stopwords are `litcheck.claims.text`'s: `PROSE` tokens, its `stem`, and
  the vocabulary's `CLAIM_STOP` lists (queries/stopwords.toml).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from litcheck.claims.quantities import Span, find_decade, find_quantities, find_years
from litcheck.claims.text import CLAIM_STOP, is_content, normalise, stem, stopwords, token_spans
from litcheck.claims.vocab import VocabEntry, VocabMatch, Vocabulary
from litcheck.models import Facets, Term

_VERBISH = re.compile(r".{3,}(?:ing|ed|izes|ises|ates|ify|ifies)$")
_MAX_PHRASE = 3


def term_from_entry(entry: VocabEntry, matched: str = "") -> Term:
    """The `Term` for a vocabulary entry (what `Facets` carries)."""
    return Term(
        canonical=entry.canonical,
        kind=entry.kind,
        matched=matched,
        synonyms=entry.synonyms,
        related=entry.related,
        mesh=entry.mesh,
        query=entry.query,
        broad=bool(entry.extra.get("broad", False)),
    )


def _terms(matches: Iterable[VocabMatch], kind: str) -> tuple[Term, ...]:
    seen: dict[str, Term] = {}
    for m in matches:
        if m.entry.kind == kind and m.entry.canonical not in seen:
            seen[m.entry.canonical] = term_from_entry(m.entry, m.text)
    return tuple(seen.values())


def _inside(start: int, end: int, spans: Iterable[Span]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _free_concepts(
    text: str, masked: list[Span], stop: frozenset[str], weak: frozenset[str]
) -> list[Term]:
    """Noun-like phrases outside the masked spans (see the module docstring)."""
    phrases: list[list[tuple[str, int, int]]] = [[]]
    last_end = 0
    for token, start, end in token_spans(text):
        gap = text[last_end:start]
        low = token.lower()
        nounish = (
            is_content(token, stop)
            and low not in weak
            and not _VERBISH.match(low)
            and not _inside(start, end, masked)
        )
        # Punctuation between words ends a phrase ("depression, anxiety" are two).
        if not nounish or (phrases[-1] and re.search(r"[^\s]", gap)):
            phrases.append([])
        if nounish:
            phrases[-1].append((token, start, end))
        last_end = end
    out: dict[str, Term] = {}
    for words in phrases:
        if not words:
            continue
        words = words[-_MAX_PHRASE:]
        matched = text[words[0][1] : words[-1][2]]
        canonical = " ".join(w.lower() for w, _, _ in words)
        out.setdefault(canonical, Term(canonical=canonical, kind="concept", matched=matched))
    return list(out.values())


def analyze(text: str, vocab: Vocabulary) -> Facets:
    """The facets of `text` (see the module docstring). Pure; never raises on odd text."""
    matches = vocab.find(text)
    stop = stopwords(vocab, CLAIM_STOP)
    weak = vocab.words("weak")

    years, year_spans = find_years(text)
    decade, decade_spans = find_decade(text)
    numbers, number_spans = find_quantities(text, skip=year_spans + decade_spans)

    recency = next((m.entry.canonical for m in matches if m.entry.kind == "recency"), None)
    regulatory = any(m.entry.kind == "regulatory" for m in matches)

    masked: list[Span] = [(m.start, m.end) for m in matches]
    masked += year_spans + decade_spans + number_spans
    concepts = list(_terms(matches, "concept"))
    known = {t.canonical.lower() for t in concepts}
    concepts += [t for t in _free_concepts(text, masked, stop, weak) if t.canonical not in known]

    keywords: dict[str, None] = {}
    for token, _, _ in token_spans(text):
        if is_content(token, stop):
            keywords.setdefault(stem(normalise(token)), None)

    return Facets(
        interventions=_terms(matches, "intervention"),
        conditions=_terms(matches, "condition"),
        organisms=_terms(matches, "organism"),
        institutions=_terms(matches, "institution"),
        agencies=_terms(matches, "agency"),
        designs=_terms(matches, "design"),
        concepts=tuple(concepts),
        years=years,
        decade=decade,
        recency=recency,
        numbers=numbers,
        regulatory=regulatory,
        keywords=tuple(keywords),
    )
