"""What a claim leans on: the article's subject and what its references point to. Pure values.

A sentence of an article is often not a claim on its own: "Typically, they can help ease
depressive symptoms within hours." means ketamine infusions. `ClaimContext` keeps

- `checked_text`: the sentence with its references resolved, inherited words in brackets
  ("Typically, [ketamine infusions] can help ease depressive symptoms within hours.");
  `Claim.text` and `Claim.id` stay the original sentence;
- `subject`: what the article (or the `--context` text) is mostly about, for people;
- `inherited`: one `Inherited` per thing taken from elsewhere (a referent, a study's facets,
  the article's drug), each saying what, from which line, and why.

`context_to_json` / `context_from_json` give the JSON shape (`claim.context` in a RESULT); the
reader tolerates missing keys. Built by `litcheck.claims.context`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from msgspec import Struct


class Inherited(Struct, frozen=True):
    """One thing a claim takes from its context."""

    what: str
    """The words of the sentence that refer back ("they", "The study"), or "" when nothing in
    the sentence points there (facets of a study the sentence continues, the article's drug)."""
    value: str
    """What they stand for: "ketamine infusions", "Northwestern University", "2019"."""
    kind: str
    """Facet kind of `value`: intervention, condition, organism, institution, agency, design,
    concept, year; or "phrase" for a resolved phrase that is not a facet."""
    from_line: int | None = None
    """The 1-based line `value` was taken from (None: the --context text or the title)."""
    why: str = ""
    """One readable reason ("'they' = the most recent plural treatment, line 25")."""


class ClaimContext(Struct, frozen=True):
    """A claim's context; see the module docstring."""

    checked_text: str
    """The claim as checked: references resolved, inherited words in [brackets]."""
    subject: str = ""
    """What the article is about: "ketamine; depression" (its main interventions, conditions)."""
    title: str | None = None
    heading: str | None = None
    """The heading of the section the sentence is in."""
    inherited: tuple[Inherited, ...] = ()

    def values(self, kind: str) -> tuple[str, ...]:
        """The inherited values of one facet kind, in order."""
        return tuple(i.value for i in self.inherited if i.kind == kind)


def context_to_json(context: ClaimContext | None) -> dict[str, Any] | None:
    """The JSON object for `claim.context` (None stays null)."""
    if context is None:
        return None
    return {
        "checked_text": context.checked_text,
        "subject": context.subject,
        "title": context.title,
        "heading": context.heading,
        "inherited": [
            {
                "what": i.what,
                "value": i.value,
                "kind": i.kind,
                "from_line": i.from_line,
                "why": i.why,
            }
            for i in context.inherited
        ],
    }


def context_from_json(data: object) -> ClaimContext | None:
    """A ClaimContext from `claim.context` JSON; None for null or anything unreadable."""
    if not isinstance(data, Mapping) or not isinstance(data.get("checked_text"), str):
        return None
    items = data.get("inherited")
    inherited = tuple(
        Inherited(
            what=str(i.get("what") or ""),
            value=str(i.get("value") or ""),
            kind=str(i.get("kind") or "phrase"),
            from_line=i["from_line"] if isinstance(i.get("from_line"), int) else None,
            why=str(i.get("why") or ""),
        )
        for i in (items if isinstance(items, list) else [])
        if isinstance(i, Mapping)
    )
    return ClaimContext(
        checked_text=data["checked_text"],
        subject=str(data.get("subject") or ""),
        title=_opt(data.get("title")),
        heading=_opt(data.get("heading")),
        inherited=inherited,
    )


def _opt(value: object) -> str | None:
    return str(value) if isinstance(value, str) and value else None
