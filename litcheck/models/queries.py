"""Queries sent to sources and what came back: Query, Hit, QueryRun."""

from __future__ import annotations

from collections.abc import Mapping

from msgspec import Struct, field

# --------------------------------------------------------------------------------------------
# Queries
# --------------------------------------------------------------------------------------------


class Query(Struct, frozen=True):
    """One search to send to one source."""

    source: str
    """"pubmed" (also served by local indexes) or "openfda"."""
    term: str
    """The exact query string (PubMed syntax for pubmed; openFDA `search=` for openfda)."""
    rung: int = 0
    """Position on the ladder: 0 is the most specific."""
    label: str = ""
    """What this rung keeps, for people: "drug + concept + organism + affiliation"."""
    params: Mapping[str, str] = field(default_factory=dict)
    """Source-specific extras (openFDA: endpoint)."""
    depth: int | None = None
    """How many ids to ask for; None: the checker's default (a local index's ranked
    all-claim-words query asks for more, since it costs no request)."""


class Hit(Struct, frozen=True):
    """A source's own evidence for one id it returned (LitSense: its best sentence)."""

    rank: int
    """1-based position in that source's answer (after re-sorting by score)."""
    score: float
    text: str = ""
    """The sentence that matched."""
    section: str | None = None
    """Where the sentence is: "title", "abstract", a PMC section name."""


class QueryRun(Struct, frozen=True):
    """A query that ran: what came back, so a person can rerun it on the source's website."""

    query: Query
    ids: tuple[str, ...] = ()
    """Native ids (PMIDs, openFDA application numbers), best first."""
    count: int = 0
    """Total hits the source reports (may exceed len(ids))."""
    translation: str | None = None
    """PubMed's QueryTranslation, when the source gives one."""
    error: str | None = None
    hits: Mapping[str, Hit] = field(default_factory=dict)
    """Per id, the source's own evidence (rank, score, sentence), when it gives one."""
