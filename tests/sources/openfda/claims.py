"""Claims for the openFDA tests: the issue's ketamine sentences with hand-built facets."""

from __future__ import annotations

from msgspec.structs import replace

from litcheck.models import Claim, Facets, Term

KETAMINE = Term(
    "ketamine",
    "intervention",
    "ketamine",
    synonyms=("ketamine hydrochloride", "Ketalar"),
    related=("esketamine", "arketamine"),
)
FDA = Term("FDA", "agency", "FDA")


def claim(text: str, **facets: object) -> Claim:
    return replace(Claim.from_text(text), facets=Facets(**facets))  # type: ignore[arg-type]


def condition(name: str, *synonyms: str) -> Term:
    return Term(name, "condition", name, synonyms=synonyms)


def claim_2019() -> Claim:
    return claim(
        "In 2019, ketamine became approved for the treatment of treatment-resistant depression",
        interventions=(KETAMINE,),
        conditions=(condition("treatment-resistant depression"),),
        years=(2019,),
        regulatory=True,
    )


def claim_uses() -> Claim:
    return claim(
        "FDA approved ketamine for depression and chronic pain",
        interventions=(KETAMINE,),
        conditions=(condition("depression"), condition("chronic pain")),
        agencies=(FDA,),
        regulatory=True,
    )


def claim_1970s() -> Claim:
    return claim(
        "Ketamine was formulated in 1962 and became approved in the 1970s",
        interventions=(KETAMINE,),
        years=(1962,),
        decade=1970,
        regulatory=True,
    )
