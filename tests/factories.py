"""Builders for model values used across tests (our own dataclasses, not upstream payloads)."""

from __future__ import annotations

from collections.abc import Sequence

from litcheck.models import (
    AbstractSection,
    Author,
    Claim,
    Facets,
    MeshHeading,
    Notice,
    Query,
    QueryRun,
    Record,
    Term,
)
from litcheck.sources.base import Capabilities, Source


def term(canonical: str, kind: str, *, synonyms=(), related=(), mesh=None) -> Term:
    return Term(
        canonical=canonical,
        kind=kind,
        matched=canonical,
        synonyms=tuple(synonyms),
        related=tuple(related),
        mesh=mesh,
    )


KETAMINE = term("ketamine", "intervention", related=("esketamine", "arketamine"), mesh="Ketamine")
MOUSE = term("mouse", "organism", synonyms=("mice",), mesh="Mice")
NORTHWESTERN = term(
    "Northwestern University", "institution", synonyms=("Northwestern", "Northwestern Medicine")
)
DEPRESSION = term("depression", "condition", synonyms=("depressive",), mesh="Depression")


def claim(text: str, **facets) -> Claim:
    c = Claim.from_text(text)
    return Claim(id=c.id, text=c.text, facets=Facets(**facets))


def record(
    pmid: str,
    title: str,
    abstract: str | Sequence[tuple[str | None, str]] = "",
    *,
    year: int | None = 2020,
    mesh: Sequence[str] = (),
    pub_types: Sequence[str] = ("Journal Article",),
    affiliations: Sequence[str] = (),
    notices: Sequence[Notice] = (),
    journal: str = "J Test",
) -> Record:
    if isinstance(abstract, str):
        sections = (AbstractSection(abstract),) if abstract else ()
    else:
        sections = tuple(AbstractSection(text, label=label) for label, text in abstract)
    return Record(
        source="pubmed",
        id=f"pubmed:{pmid}",
        pmid=pmid,
        title=title,
        abstract=sections,
        journal=journal,
        year=year,
        authors=(Author(last_name="Doe", initials="J", affiliations=tuple(affiliations)),),
        mesh=tuple(MeshHeading(m) for m in mesh),
        pub_types=tuple(pub_types),
        notices=tuple(notices),
        url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
    )


class FakeSource(Source):
    """In-memory `Source`: query terms map to ids; ids map to records; scored like PubMed's.

    `planner` plans the claim's queries (default: the real PubMed ladder).
    """

    def __init__(
        self,
        hits: dict[str, list[str]],
        records: dict[str, Record],
        name="fake",
        *,
        planner=None,
        ladder: bool = True,
    ):
        self.key = name
        self.name = name
        self.hits = hits
        self.records = records
        self.planner = planner
        self.capabilities = Capabilities(ladder=ladder)
        self.calls: list[tuple[str, object]] = []

    def plan(self, claim):
        if self.planner is None:
            from litcheck.sources.pubmed.plan import plan_pubmed

            return plan_pubmed(claim)
        return self.planner(claim)

    def search(self, query: Query, *, limit: int = 20) -> QueryRun:
        self.calls.append(("search", query.term))
        ids = self.hits.get(query.term, [])
        return QueryRun(query=query, ids=tuple(ids[:limit]), count=len(ids), translation=query.term)

    def fetch(self, ids):
        self.calls.append(("fetch", tuple(ids)))
        return [self.records[i] for i in ids if i in self.records]

    def score(self, claim, records, signals):
        from litcheck.sources.pubmed.pool import score_pubmed_pool

        return score_pubmed_pool(claim, records, signals)

    @property
    def requests_sent(self) -> int:
        return len(self.calls)
