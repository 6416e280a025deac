"""Helpers of `litcheck.claims.context`: the article's subject, merged facets, checked text.

- `Subject.of(sentences)`: the title (a first heading) and the interventions and conditions the
  article is mostly about, counted over the facets of all its sentences: a drug or condition
  named in at least `MIN_COUNT` sentences and in at least `SHARE` of the top one's count
  (general drug classes such as "antidepressants" are not counted; general conditions are).
- `merge_facets(facets, terms, years)`: stated facets first, then the inherited terms (each
  `inherited=True`) that the sentence does not state itself; years likewise.
- `render_checked(text, edits)`: the sentence with references replaced or annotated.
- `study_terms(facets)`: what identifies a study: institutions, organisms, designs other than
  the bare "study".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from msgspec import Struct
from msgspec.structs import replace

from litcheck.claims.mentions import Mention
from litcheck.claims.quantities import Span
from litcheck.models import Facets, Term

MIN_COUNT = 2
SHARE = 0.3
_FIELDS = {
    "intervention": "interventions",
    "condition": "conditions",
    "organism": "organisms",
    "institution": "institutions",
    "agency": "agencies",
    "design": "designs",
    "concept": "concepts",
}


class _Sentence(Protocol):
    @property
    def line(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def facets(self) -> Facets: ...
    @property
    def heading(self) -> bool: ...


class Subject(Struct, frozen=True):
    """What an article (or a --context text) is mostly about."""

    title: str | None = None
    interventions: tuple[tuple[Term, int], ...] = ()
    """(term, line of its first mention), most frequent first."""
    conditions: tuple[tuple[Term, int], ...] = ()
    text: str | None = None
    """The --context text, when the subject was given rather than counted."""

    @classmethod
    def of(cls, sentences: Sequence[_Sentence], *, text: str | None = None) -> Subject:
        """The subject of `sentences` (see the module docstring); `text` for a given context."""
        title = sentences[0].text if sentences and sentences[0].heading else None
        return cls(
            title=title,
            interventions=_main(sentences, "interventions", limit=2, given=text is not None),
            conditions=_main(sentences, "conditions", limit=3, given=text is not None, broad=True),
            text=text,
        )

    def describe(self) -> str:
        """For people: "ketamine; depression, PTSD" (or the --context text)."""
        if self.text:
            return self.text
        drugs = ", ".join(t.canonical for t, _ in self.interventions)
        conditions = ", ".join(t.canonical for t, _ in self.conditions)
        return "; ".join(p for p in (drugs, conditions) if p)

    def mentions(self) -> list[Mention]:
        """The subject's drugs and conditions as mentions (the last place a reference looks)."""
        return [
            Mention(t.canonical, t.kind, t, 0, False, line)
            for t, line in self.interventions + self.conditions
        ]


def _main(
    sentences: Sequence[_Sentence], field: str, *, limit: int, given: bool, broad: bool = False
) -> tuple[tuple[Term, int], ...]:
    counts: Counter[str] = Counter()
    first: dict[str, tuple[Term, int]] = {}
    for sentence in sentences:
        terms: tuple[Term, ...] = getattr(sentence.facets, field)
        for term in {t.canonical: t for t in terms if broad or not t.broad}.values():
            counts[term.canonical] += 1
            first.setdefault(term.canonical, (term, sentence.line))
    if not counts:
        return ()
    top = counts.most_common(1)[0][1]
    floor = 1 if given else max(MIN_COUNT, SHARE * top)
    return tuple(first[name] for name, n in counts.most_common() if n >= floor)[:limit]


def merge_facets(facets: Facets, terms: Sequence[Term], years: Sequence[int]) -> Facets:
    """`facets` plus the inherited `terms` and `years` it does not state (see module docstring)."""
    if not terms and not years:
        return facets
    changes: dict[str, tuple[Term, ...]] = {}
    for term in terms:
        field = _FIELDS.get(term.kind)
        if field is None:
            continue
        current = changes.get(field, getattr(facets, field))
        if term.canonical.lower() not in {t.canonical.lower() for t in current}:
            changes[field] = (*current, replace(term, inherited=True))
    new_years = tuple(y for y in dict.fromkeys(years) if y not in facets.years)
    return replace(facets, **changes, years=facets.years + new_years)


def render_checked(text: str, edits: Sequence[tuple[Span, str, bool]]) -> str:
    """`text` with each edit applied: ((start, end), words, append) replaces the span by
    `words`, or with `append` keeps the span and adds `words` after it."""
    out = text
    for (start, end), words, append in sorted(edits, key=lambda e: e[0][0], reverse=True):
        if append:
            out = out[:end] + words + out[end:]
        else:
            out = out[:start] + words + out[end:]
    return out


def study_terms(facets: Facets) -> list[Term]:
    """The facets that identify a study: institutions, organisms, designs but "study"."""
    designs = [d for d in facets.designs if d.canonical != "study"]
    return [*facets.institutions, *facets.organisms, *designs]
