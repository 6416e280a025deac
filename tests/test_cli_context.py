"""`litcheck claim --context / --article --line`, `extract --checked`, and `context` in claims
files (fake sources at the Settings seam, as in test_cli.py)."""

from __future__ import annotations

import json
from pathlib import Path

from litcheck.claims.read import read_claims_file
from litcheck.claims.vocab import Vocabulary
from tests.test_cli import fake, invoke  # noqa: F401  (the fixture is used by name)

ARTICLE = Path(__file__).parent / "fixtures" / "articles" / "003_aa82a13eae508915.txt"
THEY = "Typically, they can help ease depressive symptoms within hours."


def _claim_json(*args: str) -> dict[str, object]:
    result = invoke("claim", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    (res,) = json.loads(result.stdout)["results"]
    claim: dict[str, object] = res["claim"]
    return claim


def test_claim_with_context_resolves_its_pronoun(fake) -> None:  # noqa: F811
    claim = _claim_json(THEY, "--context", "ketamine infusions for treatment-resistant depression")
    context = claim["context"]
    assert isinstance(context, dict)
    assert context["checked_text"] == (
        "Typically, [ketamine infusions] can help ease depressive symptoms within hours."
    )
    assert context["subject"] == "ketamine infusions for treatment-resistant depression"
    assert claim["text"] == THEY
    facets = claim["facets"]
    assert isinstance(facets, dict)
    assert facets["interventions"] == ["ketamine"] and facets["inherited"] == ["ketamine"]


def test_context_lends_its_drug_to_a_claim_that_names_none(fake) -> None:  # noqa: F811
    claim = _claim_json("Symptoms improve within hours.", "--context", "ketamine")
    facets = claim["facets"]
    assert isinstance(facets, dict) and facets["interventions"] == ["ketamine"]


def test_claim_takes_its_context_from_an_article_line(fake) -> None:  # noqa: F811
    claim = _claim_json(
        "It was formulated in 1962 and became approved in the 1970s.",
        "--article",
        str(ARTICLE),
        "--line",
        "11",
    )
    context = claim["context"]
    assert isinstance(context, dict)
    assert context["checked_text"].startswith("[Ketamine] was formulated in 1962")
    assert context["heading"] == "What Is Ketamine?"


def test_article_without_line_is_a_usage_error(fake) -> None:  # noqa: F811
    result = invoke("claim", THEY, "--article", str(ARTICLE))
    assert result.exit_code == 2
    assert "--line" in result.stderr


def test_table_shows_the_claim_as_checked(fake) -> None:  # noqa: F811
    result = invoke("claim", THEY, "--context", "ketamine infusions")
    assert result.exit_code == 0, result.output
    assert "checked as: Typically, [ketamine infusions] can help" in " ".join(result.stdout.split())


def test_extract_checked_prints_resolved_claims(fake) -> None:  # noqa: F811
    result = invoke("extract", str(ARTICLE), "--checked")
    assert result.exit_code == 0, result.output
    assert "11\t[Ketamine] was formulated in 1962" in result.stdout
    jsonl = invoke("extract", str(ARTICLE), "--format", "jsonl")
    first = json.loads(jsonl.stdout.splitlines()[0])
    assert first["kind"] and first["context"]["subject"] == "ketamine; depression"


def test_claims_files_take_an_optional_context(tmp_path: Path) -> None:
    vocab = Vocabulary.load()
    csv = tmp_path / "claims.csv"
    csv.write_text(f'claim,context,source\n"{THEY}",ketamine infusions,blog\n', encoding="utf-8")
    jsonl = tmp_path / "claims.jsonl"
    jsonl.write_text(json.dumps({"claim": THEY, "context": "ketamine infusions"}) + "\n")
    for path in (csv, jsonl):
        (claim,) = read_claims_file(path, vocab)
        assert claim.context is not None, path
        assert claim.query_text.startswith("Typically, [ketamine infusions]")
        assert "context" not in claim.meta
    (plain,) = read_claims_file(csv, vocab)
    assert plain.meta == {"source": "blog"}


def test_review_screen_shows_the_claim_as_checked(tmp_path: Path) -> None:
    from rich.console import Console

    from litcheck.models import ClaimResult, Status
    from litcheck.review.view import claim_terms, render_claim

    vocab = Vocabulary.load()
    (claim,) = read_claims_file(_context_csv(tmp_path), vocab)
    result = ClaimResult(claim=claim, status=Status.NO_MATCH)
    console = Console(width=100, record=True, no_color=True)
    console.print(render_claim(result, None, 0, 1, width=100))
    lines = console.export_text().splitlines()
    # The claim as checked comes first (inherited words in brackets), as written below it.
    assert lines[1].startswith("Typically, [ketamine infusions] can help")
    assert lines[2].startswith("as written: Typically, they can help")
    assert "ketamine" in claim_terms(result)


def _context_csv(tmp_path: Path) -> Path:
    path = tmp_path / "one.csv"
    path.write_text(f'claim,context\n"{THEY}",ketamine infusions\n', encoding="utf-8")
    return path


def test_check_article_results_carry_kind_and_context(fake, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "results.jsonl"
    result = invoke("check", str(ARTICLE), "--output", str(out))
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    formulated = next(r for r in lines if r["claim"]["text"].startswith("It was formulated"))
    assert formulated["claim"]["kind"] == "approval"  # approval ranks above history
    assert formulated["claim"]["context"]["checked_text"].startswith("[Ketamine] was formulated")
    assert all(r["claim"]["kind"] for r in lines)
