"""Claim analysis: the facets a librarian would search on, found in free text.

`analyze(text, vocab)` is pure: the same text and vocabulary always give the same `Facets`.

- Named things come from the vocabulary (`litcheck.claims.vocab`): interventions (with their related
  substances), conditions, organisms, institutions, agencies, designs; `regulatory` is True when
  a regulatory word matches; `recency` is the canonical name of the first recency entry.
- Years, decades and quantities come from `litcheck.claims.quantities`.
- `concepts` are vocabulary concepts plus the remaining noun-like phrases (runs of up to three
  content words that are neither stopwords, weak words nor verb forms): "prediction error",
  "ALDH1". `keywords` are all content tokens, lower-cased and lightly stemmed (`stem`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from litcheck.claims.quantities import Span, find_decade, find_quantities, find_years
from litcheck.claims.vocab import VocabEntry, VocabMatch, Vocabulary
from litcheck.models import Facets, Term

_TOKEN = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:['’\-][A-Za-z0-9\u00C0-\u024F]+)*")
_VERBISH = re.compile(r".{3,}(?:ing|ed|izes|ises|ates|ify|ifies)$")
_MAX_PHRASE = 3


def stem(word: str) -> str:
    """Light, deterministic stemming for matching: plural, -ing, -ed and final -e removed.

    "studies" -> "study", "neurons" -> "neuron", "stimulated"/"stimulates" -> "stimulat".
    """
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 4 and w.endswith("ed"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("e"):
        w = w[:-1]
    return w


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(token, start, end) for each word-like token ("treatment-resistant", "4-PBA", "ALDH1")."""
    return [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def is_content(token: str, stop: frozenset[str]) -> bool:
    """True for a token worth keeping as a keyword: not a stopword, not a bare number."""
    low = token.lower().replace("’", "'")
    if low in stop or low.removesuffix("'s") in stop:
        return False
    if low.replace(".", "").isdigit():
        return False
    return len(low) >= 3 or any(c.isdigit() for c in token) or token.isupper()


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
    for token, start, end in tokens(text):
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
    stop = vocab.words("stop")
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
    for token, _, _ in tokens(text):
        if is_content(token, stop):
            keywords.setdefault(stem(token), None)

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
