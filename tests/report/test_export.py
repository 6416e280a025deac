"""Exports: golden Markdown/CSV/HTML/BibTeX/RIS, and real parsers read the references back."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import rispy
from bibtexparser.entrypoint import parse_string

from litcheck.models import ClaimResult, Decision
from litcheck.report import (
    confirmed_records,
    report_rows,
    to_bibtex,
    to_csv,
    to_html,
    to_markdown,
    to_ris,
    write_report,
)
from litcheck.report.bibtex import latex_escape
from litcheck.report.rows import page_range
from tests.review.review_helpers import KETAMINE, assert_golden


def _rows(results: list[ClaimResult], decisions: dict[str, Decision], **kw: bool):  # type: ignore[no-untyped-def]
    return report_rows(results, decisions, **kw)


def test_reviewed_set(results: list[ClaimResult], fixed_decisions: dict[str, Decision]) -> None:
    rows = _rows(results, fixed_decisions)
    assert [r.verdict for r in rows] == [
        "confirmed",
        "rejected",
        "unsure",
        "confirmed",
        "confirmed",
    ]
    assert rows[0].reference is not None and rows[0].reference.record.id == "pubmed:38011560"
    assert rows[0].flags == ("review",)
    assert [r.id for r in confirmed_records(rows)] == [
        "pubmed:38011560",
        "openfda:NDA209637",
        "pubmed:37905428",
    ]
    everything = _rows(results, {KETAMINE: fixed_decisions[KETAMINE]}, include_unreviewed=True)
    assert [r.verdict for r in everything] == ["confirmed"] + ["unreviewed"] * 4


def test_golden_markdown_csv_html(
    results: list[ClaimResult], fixed_decisions: dict[str, Decision]
) -> None:
    rows = _rows(results, fixed_decisions)
    assert_golden("report.md", to_markdown(rows, total=len(results)))
    assert_golden("report.csv", to_csv(rows))
    assert_golden("report.html", to_html(rows, total=len(results)))


def test_csv_reads_back(results: list[ClaimResult], fixed_decisions: dict[str, Decision]) -> None:
    table = list(csv.DictReader(io.StringIO(to_csv(_rows(results, fixed_decisions)))))
    assert len(table) == 5
    assert table[2]["note"] == "ask the author which study | which year"
    assert table[0]["doi"] == "10.1073/pnas.2305772120" and table[0]["flags"] == "review"


def test_html_is_self_contained(
    results: list[ClaimResult], fixed_decisions: dict[str, Decision]
) -> None:
    from litcheck.report.html_parts import SCRIPT

    html = to_html(_rows(results, fixed_decisions), total=5)
    assert html.count("<script") == 1 and f"<script>{SCRIPT}</script>" in html
    assert "<link" not in html and "@import" not in html and " src=" not in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "&lt;" not in html.split("<body>")[0]  # head is plain
    assert "ask the author which study | which year" in html


def test_bibtex_golden_and_parses(
    results: list[ClaimResult], fixed_decisions: dict[str, Decision]
) -> None:
    text = to_bibtex(confirmed_records(_rows(results, fixed_decisions)))
    assert_golden("references.bib", text)
    library = parse_string(text)
    assert not library.failed_blocks
    entries = {e.key: e for e in library.entries}
    assert list(entries) == ["krystal2023ketamine", "fdaNDA209637", "dicken2024who"]
    krystal = entries["krystal2023ketamine"]
    assert krystal.entry_type == "article"
    fields = {f.key: f.value for f in krystal.fields}
    assert fields["author"].startswith("Krystal, J. H. and Kaye, A. P.")
    assert fields["author"].count(" and ") == 6
    assert fields["doi"] == "10.1073/pnas.2305772120" and fields["pmid"] == "38011560"
    assert (
        fields["journal"],
        fields["year"],
        fields["volume"],
        fields["number"],
        fields["pages"],
    ) == (
        "Proceedings of the National Academy of Sciences of the United States of America",
        "2023",
        "120",
        "49",
        "e2305772120",
    )
    assert entries["fdaNDA209637"].entry_type == "misc"


def test_ris_golden_and_parses(
    results: list[ClaimResult], fixed_decisions: dict[str, Decision]
) -> None:
    text = to_ris(confirmed_records(_rows(results, fixed_decisions)))
    assert_golden("references.ris", text)
    entries = rispy.loads(text)
    assert [e["type_of_reference"] for e in entries] == ["JOUR", "GOVDOC", "JOUR"]
    krystal = entries[0]
    assert (
        krystal["authors"][:2] == ["Krystal, J. H.", "Kaye, A. P."] and len(krystal["authors"]) == 7
    )
    assert krystal["doi"] == "10.1073/pnas.2305772120"
    assert krystal["accession_number"] == "38011560"
    assert (krystal["volume"], krystal["number"], krystal["start_page"]) == (
        "120",
        "49",
        "e2305772120",
    )
    assert krystal["year"] == "2023"
    dicken = entries[2]
    assert (dicken["start_page"], dicken["end_page"]) == ("416", "456")
    assert entries[1]["accession_number"] == "NDA209637"


def test_retracted_record_exports(results: list[ClaimResult]) -> None:
    (record,) = [c.record for c in results[0].candidates if c.record.id == "pubmed:993"]
    bib = to_bibtex([record])
    assert "pages = {557--565}" in bib  # MEDLINE's abbreviated "557-65"
    assert not parse_string(bib).failed_blocks
    assert rispy.loads(to_ris([record]))[0]["end_page"] == "565"


def test_duplicate_keys_get_suffixes(results: list[ClaimResult]) -> None:
    record = results[0].candidates[0].record
    library = parse_string(to_bibtex([record, record, record]))
    assert [e.key for e in library.entries] == [
        "krystal2023ketamine",
        "krystal2023ketamineb",
        "krystal2023ketaminec",
    ]


def test_helpers() -> None:
    assert latex_escape("5% of <i>E. coli</i> & {x}_1") == r"5\% of E. coli \& \{x\}\_1"
    assert page_range("1046-65") == ("1046", "1065")
    assert page_range("e2305772120") == ("e2305772120", None)
    assert page_range("S1-S9") == ("S1", "S9")
    assert page_range(None) == (None, None)


def test_write_report(
    tmp_path: Path, results: list[ClaimResult], fixed_decisions: dict[str, Decision]
) -> None:
    written = write_report(results, fixed_decisions, tmp_path / "out")
    assert [p.name for p in written] == [
        "report.md",
        "report.csv",
        "references.bib",
        "references.ris",
        "report.html",
    ]
    assert all(p.read_text(encoding="utf-8") for p in written)
