"""Article-aware claims: each sentence's context, its references resolved. Pure and deterministic.

`resolve_sentences(sentences, vocab)` reads an article's sentences in order (headings
included) and gives each a `Resolved`: a `ClaimContext` (checked text, subject, heading,
inherited items) and its facets merged with the inherited ones (marked `Term.inherited`).

How a reference is resolved (`litcheck.claims.mentions` finds them):

- "it"/"its": the first drug or condition of the most recent sentence that names one
  ("It was formulated in 1962" -> ketamine); "they"/bare "these": the first drug or group of
  people or animals ("adults", "mice"), else the first plural concept ("these take a minimum
  of four weeks" -> SSRIs); "the drug", "this treatment":
  the most recent specific drug, also earlier in the same sentence; "this disease": the most
  recent condition; "these receptors": the most recent mention with that head word and more
  words ("NMDA receptors"); "This allows ...": the drugs of the sentence before (inherited,
  the text is left as written).
- Where to look: earlier in the sentence (definite references only), then back through the
  section up to `LOOKBACK` sentences, then the section's heading, then the article's subject.
- "The study", "the findings", "the researchers" (and "This is because ..." right after a study)
  continue the most recent study of the section: its institution, organism, year and design
  are inherited, and what the continuing sentence adds (an organism) joins that study.
- A sentence that names no drug but speaks of treatment ("patients", "sessions", "side
  effects"; `context_elliptic_cues`) inherits the drug of the passage or of the article.

The checked text replaces each resolved reference by its value in brackets ("Typically,
[ketamine infusions] can help ..."), or appends the study after a study reference ("The study
[Northwestern University; mouse], conducted on mice, ...").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from msgspec import Struct, field
from msgspec.structs import replace

from litcheck.claims.context_merge import Subject, merge_facets, render_checked, study_terms
from litcheck.claims.document import split_sentences
from litcheck.claims.facets import analyze
from litcheck.claims.mentions import Mention, Reference, mentions, references
from litcheck.claims.quantities import Span
from litcheck.claims.vocab import Vocabulary
from litcheck.models import Facets, Term
from litcheck.models.context import ClaimContext, Inherited

LOOKBACK = 8
"""How many earlier sentences of a section a reference may reach back to."""


class ArticleSentence(Struct, frozen=True):
    """One sentence of an article, in reading order (headings are sentences too)."""

    line: int
    text: str
    facets: Facets
    heading: bool = False


class Resolved(Struct, frozen=True):
    """A sentence's context and its facets merged with the inherited ones."""

    context: ClaimContext
    facets: Facets


class _Study(Struct):
    line: int
    section: int
    terms: list[Term]
    years: list[int]


class _Seen(Struct):
    line: int
    section: int
    heading: bool
    mentions: list[Mention]


class _Found(Struct):
    """What one sentence inherits while it is being resolved."""

    items: list[Inherited] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    edits: list[tuple[Span, str, bool]] = field(default_factory=list)
    """((start, end), text, append): replace the span by text, or append text after it."""
    resolved: list[Mention] = field(default_factory=list)
    continues: int | None = None
    """The line of the study this sentence continues."""


_COMPATIBLE = {
    "it": ("intervention", "condition"),
    "they": ("intervention", "organism", "concept"),
    "treatment": ("intervention",),
    "condition": ("condition",),
    "statement": ("intervention",),
}


class _Resolver:
    """Reads sentences in order, remembering what each named (`history`), the section it is
    in and the most recent study; `resolve` gives one sentence its context."""

    def __init__(self, vocab: Vocabulary, subject: Subject) -> None:
        self.vocab = vocab
        self.subject = subject
        self.history: list[_Seen] = []
        self.study: _Study | None = None
        self.section = 0
        self.heading: str | None = None

    def resolve(self, sentence: ArticleSentence) -> Resolved:
        if sentence.heading:
            self.section += 1
            self.heading = sentence.text
        own = mentions(sentence.text, sentence.facets, sentence.line)
        found = _Found()
        if not sentence.heading:
            named = min((m.start for m in own), default=None)
            for ref in references(sentence.text, self.vocab, named_before=named):
                self._reference(sentence, ref, own, found)
            self._continuation(sentence, found)
            self._elliptic(sentence, found)
            self._note_study(sentence, found)
        seen = sorted(own + found.resolved, key=lambda m: m.start)
        self.history.append(_Seen(sentence.line, self.section, sentence.heading, seen))
        context = ClaimContext(
            checked_text=render_checked(sentence.text, found.edits),
            subject=self.subject.describe(),
            title=self.subject.title,
            heading=None if sentence.heading else self.heading,
            inherited=tuple(found.items),
        )
        return Resolved(context, merge_facets(sentence.facets, found.terms, found.years))

    # -- references --------------------------------------------------------------------------

    def _reference(
        self, sentence: ArticleSentence, ref: Reference, own: list[Mention], found: _Found
    ) -> None:
        if ref.role == "study":
            self._inherit_study(sentence, ref.text, found, edit=(ref.start, ref.end))
            return
        before = [m for m in own + found.resolved if m.start < ref.start]
        if _cataphoric(ref, own, before):
            return
        hit = self._search(ref, before if ref.role in ("treatment", "condition", "noun") else [])
        if hit is None:
            return
        mention, where = hit
        value = _value(ref, mention)
        found.items.append(Inherited(ref.text, value, mention.kind, mention.line or None, where))
        found.terms.append(replace(mention.term, inherited=True, matched=value))
        if ref.role != "statement":
            text = f"{value}'s" if ref.possessive else value
            if ref.start == 0:
                text = text[:1].upper() + text[1:]
            found.edits.append(((ref.start, ref.end), f"[{text}]", False))
            found.resolved.append(replace(mention, start=ref.start))

    def _search(self, ref: Reference, before: list[Mention]) -> tuple[Mention, str] | None:
        """The antecedent of `ref` and where it was found (see the module docstring)."""
        what = _WHAT[ref.role]
        if (m := _pick(ref, before[::-1])) is not None:
            return m, f"the {what} named earlier in the sentence ({m.phrase})"
        steps = 0
        for seen in reversed(self.history):
            if seen.section != self.section and not seen.heading:
                break
            if (m := _pick(ref, seen.mentions)) is not None:
                place = "in the section heading" if seen.heading else "most recently"
                return m, f"the {what} named {place} ({m.phrase}, line {m.line})"
            steps += 1
            if seen.heading or steps >= LOOKBACK or ref.role == "statement":
                break
        if (m := _pick(ref, self.subject.mentions())) is not None and ref.role != "statement":
            return m, f"the article's subject ({m.term.canonical})"
        return None

    # -- studies, continuations, elliptic sentences --------------------------------------------

    def _inherit_study(
        self, sentence: ArticleSentence, what: str, found: _Found, edit: Span | None
    ) -> None:
        study = self.study
        if study is None or study.section != self.section:
            return
        own = {t.canonical for t in sentence.facets.institutions}
        if own and not own & {t.canonical for t in study.terms if t.kind == "institution"}:
            return  # "The study from Yale ..." names another study: it starts its own
        stated = {t.canonical for t in sentence.facets.all_terms()}
        why = f"continues the study named on line {study.line}"
        for term in study.terms:
            if term.canonical not in stated:
                found.items.append(Inherited(what, term.canonical, term.kind, study.line, why))
                found.terms.append(replace(term, inherited=True))
        for year in study.years:
            if year not in sentence.facets.years:
                found.items.append(Inherited(what, str(year), "year", study.line, why))
                found.years.append(year)
        if edit is not None and (study.terms or study.years):
            label = "; ".join(
                [t.matched or t.canonical for t in study.terms] + [str(y) for y in study.years]
            )
            found.edits.append((edit, f" [{label}]", True))
        known = {t.canonical for t in study.terms}
        study.terms += [t for t in study_terms(sentence.facets) if t.canonical not in known]
        study.years += [y for y in sentence.facets.years if y not in study.years]
        found.continues = study.line

    def _continuation(self, sentence: ArticleSentence, found: _Found) -> None:
        low = sentence.text.lower()
        if not any(low.startswith(p) for p in self.vocab.words("context_continuations")):
            return
        study = self.study
        if study is not None and found.continues is None and self.history:
            if self.history[-1].line == study.line:
                self._inherit_study(sentence, sentence.text.split()[0], found, edit=None)

    def _elliptic(self, sentence: ArticleSentence, found: _Found) -> None:
        if sentence.facets.interventions or any(t.kind == "intervention" for t in found.terms):
            return
        own_words = self.vocab.words("context_own_treatment_words")
        if any(_has_word(sentence.text, w) for w in own_words):
            return  # "traditional treatments ... side effects": the sentence names its own
        cues = self.vocab.words("context_elliptic_cues")
        cue = next((c for c in sorted(cues) if _has_word(sentence.text, c)), None)
        if cue is None:
            return
        hit = self._search(Reference(0, 0, cue, "treatment"), [])
        if hit is None:
            return
        mention, where = hit
        why = f"speaks of treatment ('{cue}') without naming one; {where}"
        value = mention.term.canonical
        found.items.append(Inherited("", value, "intervention", mention.line or None, why))
        found.terms.append(replace(mention.term, inherited=True, matched=value))

    def _note_study(self, sentence: ArticleSentence, found: _Found) -> None:
        if found.continues is not None:
            return
        facets = sentence.facets
        if facets.designs or facets.institutions:
            self.study = _Study(
                sentence.line, self.section, study_terms(facets), list(facets.years)
            )


_WHAT = {
    "it": "drug or condition",
    "they": "drug or plural noun",
    "treatment": "drug",
    "condition": "condition",
    "noun": "phrase with that noun",
    "statement": "drug of the sentence before",
}


def _cataphoric(ref: Reference, own: list[Mention], before: list[Mention]) -> bool:
    """True when the drug a pronoun stands for is named later in the same sentence ("Despite its
    benefits, ketamine therapy ..."), or, for a statement "This", when the sentence names its
    own drug. Definite references ("the medicine") always point back."""
    drugs = [m for m in own if m.kind == "intervention"]
    if ref.role == "statement":
        return bool(drugs)
    if ref.role == "it" and not ref.initial and not before:
        return any(m.start > ref.start for m in drugs)
    return False


def _value(ref: Reference, mention: Mention) -> str:
    """What `ref` is rewritten to: the phrase for plural and noun references and "this
    treatment", the canonical name for "it" and "the drug"."""
    if ref.role in ("they", "noun") or ref.text.lower().startswith(("this ", "these ")):
        value = mention.value
        if ref.role == "they" and not mention.plural and mention.phrase.isupper():
            value += "s"
        return value
    return mention.term.canonical if mention.kind != "concept" else mention.value


def _pick(ref: Reference, candidates: Sequence[Mention]) -> Mention | None:
    """The first candidate `ref` can stand for (see the module docstring)."""
    if ref.role == "noun":
        return next(
            (m for m in candidates if m.head == ref.head and len(m.phrase.split()) > 1), None
        )
    usable = [m for m in candidates if m.kind in _COMPATIBLE[ref.role]]
    if ref.role == "they":
        # A drug, or people and animals ("adults", "mice"), before other plural nouns.
        agents = [
            m for m in usable if m.kind == "intervention" or (m.kind == "organism" and m.plural)
        ]
        usable = agents or [m for m in usable if m.plural and m.kind == "concept"]
    elif ref.role in ("treatment", "statement"):
        usable = [m for m in usable if not m.term.broad] or usable
    return usable[0] if usable else None


def _has_word(text: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, re.IGNORECASE) is not None


def resolve_sentences(
    sentences: Sequence[ArticleSentence], vocab: Vocabulary, subject: Subject | None = None
) -> list[Resolved]:
    """Every sentence's context, in order (see the module docstring); `subject` defaults to the
    one counted over `sentences`."""
    resolver = _Resolver(vocab, subject or Subject.of(sentences))
    return [resolver.resolve(s) for s in sentences]


def resolve_with_context(text: str, facets: Facets, context: str, vocab: Vocabulary) -> Resolved:
    """One claim read after a context given in words ("ketamine infusions for treatment-
    resistant depression"): its references resolve to the context, and a claim that names no
    drug (or no condition) inherits the context's. `context` is the ClaimContext's subject."""
    before = [
        ArticleSentence(0, " ".join(s.split()), analyze(s, vocab))
        for _, s in split_sentences(" ".join(context.split()))
    ]
    subject = Subject.of(before, text=" ".join(context.split()))
    resolver = _Resolver(vocab, subject)
    for sentence in before:
        resolver.resolve(sentence)
    resolved = resolver.resolve(ArticleSentence(0, " ".join(text.split()), facets))
    lent: list[Inherited] = []
    terms: list[Term] = []
    for facet, named in (
        ("interventions", subject.interventions),
        ("conditions", subject.conditions),
    ):
        if getattr(resolved.facets, facet) or not named:
            continue
        term = named[0][0]
        lent.append(Inherited("", term.canonical, term.kind, None, "from the given context"))
        terms.append(term)
    if not lent:
        return resolved
    context_out = replace(resolved.context, inherited=resolved.context.inherited + tuple(lent))
    return Resolved(context_out, merge_facets(resolved.facets, terms, []))
