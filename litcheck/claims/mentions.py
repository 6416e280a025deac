"""What a sentence names (mentions) and where it refers back (references). Pure.

- `mentions(text, facets)`: the things a later sentence may point back to, in text order: the
  interventions (extended by a following treatment noun: "Ketamine infusions"), the conditions,
  the organisms ("adults", "mice") and the vocabulary concepts ("NMDA receptors"). Each knows its head word and whether it is
  plural ("they" and "these" look for plural or drug mentions, "it" for singular ones).
- `references(text, vocab)`: the referring expressions of a sentence, in text order: pronouns
  at the start of its main clause ("It was formulated", "Typically, they can"), "it"/"its"
  later in a sentence that names nothing before them, definite references to a treatment,
  a condition or a study ("the drug", "this disease", "The study"), demonstratives with a noun
  ("these receptors"), and a statement "This"/"That" followed by a verb. The word lists are
  data (`queries/context.toml`, `context_*`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from msgspec import Struct

from litcheck.claims.text import stem
from litcheck.claims.vocab import Vocabulary
from litcheck.models import Facets, Term

_TREATMENT_NOUNS = re.compile(
    r"\s+(infusions?|therapy|therapies|treatments?|injections?|sprays?|tablets?|sessions?)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z][\w'’\-]*")


class Mention(Struct, frozen=True):
    """A thing a sentence names that a later sentence may point back to."""

    phrase: str
    """As written, extended by a treatment noun: "Ketamine infusions", "NMDA receptors"."""
    kind: str
    """intervention, condition, organism ("adults", "mice") or concept."""
    term: Term
    start: int
    plural: bool
    line: int = 0

    @property
    def head(self) -> str:
        """The stem of the phrase's last word ("receptor" for "NMDA receptors")."""
        words = self.phrase.split()
        return stem(words[-1]) if words else ""

    @property
    def value(self) -> str:
        """What a reference to it is resolved to: the phrase, lower-cased unless an acronym."""
        return " ".join(w if w.isupper() else w.lower() for w in self.phrase.split())


class Reference(Struct, frozen=True):
    """A referring expression of a sentence."""

    start: int
    end: int
    text: str
    role: str
    """it (singular pronoun), they (plural pronoun), statement ("This allows"), treatment,
    condition, study, or noun (a demonstrative with a noun: "these receptors")."""
    head: str = ""
    """For role "noun": the stem of the noun ("receptor")."""
    initial: bool = False
    """True for the pronoun that starts the main clause ("Typically, they ...")."""

    @property
    def possessive(self) -> bool:
        return self.text.lower() in ("its", "their")


def _plural(word: str) -> bool:
    low = word.lower()
    return low.endswith("s") and not low.endswith(("ss", "us", "is", "sis")) or low in ("data",)


def mentions(text: str, facets: Facets, line: int = 0) -> list[Mention]:
    """The mentions of `text` (see the module docstring), in text order."""
    out: list[Mention] = []
    groups = (
        ("intervention", facets.interventions),
        ("condition", facets.conditions),
        ("organism", facets.organisms),
        ("concept", tuple(t for t in facets.concepts if t.mesh or t.synonyms)),
    )
    for kind, terms in groups:
        for term in terms:
            if not term.matched:
                continue
            start = text.find(term.matched)
            if start < 0:
                continue
            phrase = term.matched
            if kind == "intervention":
                noun = _TREATMENT_NOUNS.match(text, start + len(phrase))
                if noun:
                    phrase = text[start : noun.end()]
            last = phrase.split()[-1]
            out.append(Mention(phrase, kind, term, start, _plural(last), line))
    return sorted(out, key=lambda m: m.start)


@lru_cache(maxsize=32)
def _phrase_regex(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    alternatives = sorted((re.escape(p) for p in phrases), key=len, reverse=True)
    return re.compile(r"(?<![\w'’])(?:" + "|".join(alternatives) + r")(?![\w])", re.IGNORECASE)


def _find(vocab: Vocabulary, list_name: str, text: str) -> list[re.Match[str]]:
    regex = _phrase_regex(vocab.phrases(list_name))
    return list(regex.finditer(text)) if regex else []


def _clause_start(text: str, vocab: Vocabulary) -> int:
    """Where the main clause starts: after openers ("Typically,", "In addition,")."""
    pos = 0
    openers = _phrase_regex(vocab.phrases("context_openers"))
    while openers is not None:
        match = openers.match(text, pos)
        if not match:
            break
        after = re.match(r"\s*,?\s*", text[match.end() :])
        pos = match.end() + (after.end() if after else 0)
    return pos


def _is_dummy_it(text: str, end: int, vocab: Vocabulary) -> bool:
    rest = text[end:].lstrip().lower().replace("’", "'")
    if text[end : end + 1] in ("'", "’"):
        rest = text[end:].lower().replace("’", "'")
    return any(
        rest.startswith(p.lower().replace("’", "'")) for p in vocab.phrases("context_dummy_it")
    )


def _verb_follows(text: str, end: int, vocab: Vocabulary, *, singular: bool = True) -> bool:
    """True when the word after `end` reads as a verb ("these take", "This allows"): a word of
    `context_verbs_after`, or (after a singular word) a third-person "-s" form."""
    nxt = _WORD.match(text, end + 1) if text[end : end + 1] == " " else None
    if nxt is None:
        return text[end : end + 1] != " "
    word = nxt.group(0).lower()
    if word in vocab.words("context_verbs_after"):
        return True
    # "allows", "means", "helps" after "this"; not "receptors", "process" (nouns).
    plural_noun = word.endswith(("ss", "us", "is", "ors", "ers", "ists", "ics", "als", "ons"))
    return singular and len(word) > 3 and word.endswith("s") and not plural_noun


def _pronoun_at(text: str, pos: int, vocab: Vocabulary) -> Reference | None:
    """A pronoun (or statement demonstrative) starting the clause at `pos`, if any."""
    match = _WORD.match(text, pos)
    if not match:
        return None
    word, end = match.group(0).lower(), match.end()
    ref = None
    if word in vocab.words("context_singular") and not _is_dummy_it(text, end, vocab):
        ref = "it"
    elif word in ("they", "their", "them"):
        ref = "they"
    elif word in vocab.words("context_plural") and _verb_follows(text, end, vocab, singular=False):
        ref = "they"
    elif word in vocab.words("context_statement") and _verb_follows(text, end, vocab):
        ref = "statement"
    return Reference(match.start(), end, match.group(0), ref, initial=True) if ref else None


def references(text: str, vocab: Vocabulary, named_before: int | None = None) -> list[Reference]:
    """The referring expressions of `text` (see the module docstring), in text order.

    `named_before`: offset of the first thing the sentence names itself (a drug, a condition);
    "it"/"its" after the clause start count only before it.
    """
    found: dict[int, Reference] = {}
    start = _clause_start(text, vocab)
    first = _pronoun_at(text, start, vocab)
    if first is not None:
        found[first.start] = first
    for role in ("treatment", "condition", "study"):
        for m in _find(vocab, f"context_{role}_refs", text):
            found.setdefault(m.start(), Reference(m.start(), m.end(), m.group(0), role))
    for m in _DEMONSTRATIVE_NOUN.finditer(text):
        singular = m.group(1).lower() == "this"
        verb = _verb_follows(text, m.start() + len(m.group(1)), vocab, singular=singular)
        if m.start() not in found and not verb:
            found[m.start()] = Reference(m.start(), m.end(), m.group(0), "noun", stem(m.group(2)))
    limit = named_before if named_before is not None else len(text)
    for m in re.finditer(r"\b(?:it|its)\b", text, re.IGNORECASE):
        if start < m.start() < limit and m.start() not in found:
            if not _is_dummy_it(text, m.end(), vocab):
                found[m.start()] = Reference(m.start(), m.end(), m.group(0), "it")
    return [found[k] for k in sorted(found) if not _inside_other(found[k], found)]


_DEMONSTRATIVE_NOUN = re.compile(r"\b(these|those|this)\s+([A-Za-z][\w\-]*)", re.IGNORECASE)


def _inside_other(ref: Reference, found: dict[int, Reference]) -> bool:
    return any(o is not ref and o.start <= ref.start and ref.end <= o.end for o in found.values())
