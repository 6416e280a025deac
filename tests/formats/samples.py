"""A small, fixed result set for the golden files and the codec round trip, and hostile text.

`rich_results()` fills every field the results JSON carries (see litcheck.results.codec), so a
round trip must give back equal models. `hostile_result()` puts spreadsheet formulas, HTML,
Markdown, terminal escapes and rich markup in every piece of outside text.
"""

from __future__ import annotations

from litcheck.models import (
    Author,
    Candidate,
    Claim,
    ClaimResult,
    Decision,
    Evidence,
    Facets,
    FdaApproval,
    FdaFacts,
    FdaProduct,
    Origin,
    Quantity,
    Query,
    QueryRun,
    Record,
    Status,
    Term,
    Verdict,
)

PUBMED = Record(
    source="pubmed",
    id="pubmed:38011560",
    title="Ketamine and the neurobiology of depression: Toward next-generation treatments.",
    journal="Proceedings of the National Academy of Sciences of the United States of America",
    year=2023,
    pub_date="2023 Dec 05",
    authors=(Author(last_name="Krystal", initials="JH"), Author(collective="Yale Group")),
    pub_types=("Journal Article", "Review"),
    pmid="38011560",
    doi="10.1073/pnas.2305772120",
    pmcid="PMC10710048",
    volume="120",
    issue="49",
    pages="e2305772120",
    url="https://pubmed.ncbi.nlm.nih.gov/38011560/",
)
FDA = Record(
    source="openfda",
    id="openfda:NDA211243",
    title="SPRAVATO (esketamine hydrochloride)",
    year=2019,
    pub_date="2019-03-05",
    url="https://www.accessdata.fda.gov/scripts/cder/daf/index.cfm?event=overview.process&ApplNo=211243",
    fda=FdaFacts(
        application_number="NDA211243",
        sponsor="JANSSEN PHARMS",
        products=(
            FdaProduct(
                brand_name="SPRAVATO",
                active_ingredients=("ESKETAMINE HYDROCHLORIDE",),
                dosage_form="SPRAY",
                route="NASAL",
                marketing_status="Prescription",
            ),
        ),
        original_approval="2019-03-05",
        approvals=(
            FdaApproval("2019-03-05", "ORIG", class_code="TYPE 1"),
            FdaApproval("2020-07-31", "SUPPL", class_code="EFFICACY"),
        ),
        indications=("treatment-resistant depression (TRD) in adults",),
        boxed_warning="SEDATION; DISSOCIATION; SUICIDAL THOUGHTS",
        initial_us_approval="1970",
    ),
)


def _claim(text: str, **facets: object) -> Claim:
    base = Claim.from_text(text, origin=Origin("article.txt", 3), meta={"section": "intro"})
    return Claim(base.id, base.text, base.origin, Facets(**facets), base.meta)  # type: ignore[arg-type]


def rich_results() -> list[ClaimResult]:
    """Three results: matched (an openFDA and a PubMed candidate), no match, skipped."""
    ketamine = Term("ketamine", "intervention", related=("arketamine", "esketamine"))
    claim = _claim(
        "In 2019, ketamine was approved for 70% of treatment-resistant depression.",
        interventions=(ketamine, Term("esketamine", "intervention")),
        conditions=(Term("depression", "condition"),),
        organisms=(Term("human", "organism"),),
        institutions=(Term("Yale", "institution"),),
        agencies=(Term("FDA", "agency"),),
        designs=(Term("randomized controlled trial", "design"),),
        concepts=(Term("treatment-resistant", "concept"),),
        years=(2019,),
        decade=2010,
        recency="recent",
        numbers=(Quantity("70%", 70.0, "%"),),
        regulatory=True,
    )
    first = ClaimResult(
        claim=claim,
        status=Status.MATCHED,
        candidates=(
            Candidate(
                record=FDA,
                confidence=0.8812,
                reasons=("esketamine in indications",),
                flags=("different-ingredient",),
                flag_reasons={"different-ingredient": "Spravato is esketamine, not ketamine"},
                evidence=Evidence("indications_and_usage", "treatment-resistant depression"),
                features={"lexical": 0.61, "facets": 1.0},
                source_rank=1,
            ),
            Candidate(
                record=PUBMED,
                confidence=0.4123,
                reasons=("ketamine in title", "depression in title"),
                flags=("review",),
                flag_reasons={"review": "PublicationType Review: not a primary study"},
                evidence=Evidence(
                    "abstract:RESULTS", "Its rapid onset of action distinguishes it."
                ),
                features={"lexical": 0.74, "best_sentence": 0.5},
                source_rank=3,
                found_by=("pubmed", "litsense"),
            ),
        ),
        queries=(
            QueryRun(
                Query(
                    "openfda",
                    'openfda.generic_name:"ketamine"',
                    0,
                    "drug",
                    {"endpoint": "drugsfda"},
                ),
                count=2,
            ),
            QueryRun(
                Query("pubmed", "ketamine[tiab] AND depression[tiab]", 1, "drug + condition"),
                count=812,
                translation='"ketamine"[MeSH Terms] AND "depression"[All Fields]',
            ),
        ),
        source_errors={"openfda": "HTTP 500 from label endpoint"},
        decision=Decision(
            claim.id, Verdict.CONFIRMED, FDA.id, "label checked", "2025-03-01T09:00:00Z", "ana"
        ),
    )
    second = ClaimResult(claim=_claim("Coffee prevents gout."), status=Status.NO_MATCH)
    third = ClaimResult(
        claim=_claim("Vitamin D cures colds."),
        status=Status.SKIPPED,
        skipped_reason="pubmed: timed out after 3 tries",
    )
    return [first, second, third]


HOSTILE = {
    "formula": '=HYPERLINK("http://x")',
    "at": "@SUM(1)",
    "minus": "-2+3",
    "plus": "+1",
    "tab": "\t=1",
    "cr": "\r=1",
    "script": "<script>alert(1)</script>",
    "img": '<img src=x onerror="alert(1)">',
    "link": "[click](http://evil.example/)",
    "pipe": "a | b ` c ( d )",
    "newline": "line one\nline two",
    "ansi": "\x1b[31mred\x1b[0m \x1b[2J\x1b[H cleared",
    "osc8": "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\ bell\x07 c1\x9b31m",
    "markup": "[bold]loud[/bold] [link=http://evil.example/]x[/link]",
}


def hostile_result() -> ClaimResult:
    """A result whose every outside string is hostile (one kind per field)."""
    h = HOSTILE
    record = Record(
        source="pubmed",
        id="pubmed:1)](javascript:alert(1))",
        title=" ".join(h.values()),
        journal=h["osc8"],
        year=2020,
        authors=(Author(collective=h["formula"]),),
        pmid="1)](javascript:alert(1))",
        url="javascript:alert(1)",
    )
    claim = Claim.from_text(h["minus"] + " " + h["script"] + " " + h["ansi"] + " " + h["markup"])
    claim = Claim(claim.id, claim.text, Origin(h["formula"], 1))
    candidate = Candidate(
        record=record,
        confidence=0.5,
        reasons=(h["markup"],),
        flags=(h["pipe"],),
        flag_reasons={h["pipe"]: h["img"]},
        evidence=Evidence("abstract", h["osc8"] + " " + h["link"]),
    )
    return ClaimResult(
        claim=claim,
        status=Status.MATCHED,
        candidates=(candidate,),
        queries=(QueryRun(Query("pubmed", h["newline"] + " `x` " + h["ansi"]), count=1),),
        source_errors={"openfda": h["img"]},
        decision=Decision(
            claim.id, Verdict.CONFIRMED, record.id, h["at"] + " " + h["newline"], "t", h["plus"]
        ),
    )
