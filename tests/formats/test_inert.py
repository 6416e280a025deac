"""Outside text is inert in every output: CSV, Markdown, HTML, terminal tables, review screens."""

from __future__ import annotations

import csv
import io
import re

import pytest
from msgspec.structs import replace
from rich.console import Console

from litcheck.formats import OutputFormat
from litcheck.formats.inert import (
    csv_cell,
    csv_line,
    md_code,
    md_link,
    md_text,
    record_link,
    safe_url,
    terminal_text,
)
from litcheck.report import report_rows, to_csv, to_html, to_markdown
from litcheck.review.view import render_claim
from tests.formats.samples import HOSTILE, PUBMED, hostile_result

FORMULAS = ['=HYPERLINK("http://x")', "@SUM(1)", "-2+3", "+1", "\t=1", "\r=1"]
_TERMINAL_BAD = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize("value", FORMULAS)
def test_csv_formula_cells_are_neutralised_and_quoted(value: str) -> None:
    line = csv_line(["ok", value])
    assert line == "ok,\"'" + value.replace('"', '""') + '"\n'
    (row,) = csv.reader(io.StringIO(line))
    assert row == ["ok", "'" + value]


def test_csv_numbers_we_write_are_kept() -> None:
    assert csv_cell(0.8812) == 0.8812 and csv_cell(2023) == 2023 and csv_cell(None) == ""
    assert csv_line([3, 0.5, "0.8812", "2023", "plain, with comma"]) == (
        '3,0.5,0.8812,2023,"plain, with comma"\n'
    )


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_csv_outputs_have_no_formula_cells() -> None:
    result = hostile_result()
    rows = report_rows([result], {})
    for text in (OutputFormat.CSV.to_formatter().format([result]), to_csv(rows)):
        cells = _cells(text)
        assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
        assert "'" + result.claim.text in cells  # the claim starts with "-2+3"
    assert "'" + HOSTILE["formula"] in _cells(OutputFormat.CSV.to_formatter().format([result]))
    assert "'" + HOSTILE["plus"] in _cells(to_csv(rows))  # the reviewer's name


def _check_markdown(text: str) -> None:
    assert "<script" not in text and "<img" not in text and "&lt;script&gt;" in text
    assert "](" not in text  # the hostile PMID gets no link, its text no link either
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text
    for line in text.splitlines():
        if line.startswith("|"):
            cells = re.split(r"(?<!\\)\|", line)
            # 6 or 7 columns (--format markdown), 10 (report.md): no cell split by outside text
            assert len(cells) in (8, 9, 12), line


def test_markdown_outputs_are_inert() -> None:
    result = hostile_result()
    _check_markdown(OutputFormat.MARKDOWN.to_formatter().format([result]))
    _check_markdown(to_markdown(report_rows([result], {}), total=1))


def test_markdown_links_need_a_digit_pmid_and_a_safe_url() -> None:
    assert md_link("pubmed:38011560", PUBMED) == (
        "[pubmed:38011560](https://pubmed.ncbi.nlm.nih.gov/38011560/)"
    )
    unsafe = replace(PUBMED, url="https://x.example/a)(b")
    assert record_link(unsafe) == "https://pubmed.ncbi.nlm.nih.gov/38011560/"
    assert record_link(replace(PUBMED, pmid="1)")) is None
    assert record_link(replace(PUBMED, pmid="١٢٣")) is None  # Arabic-Indic digits
    assert safe_url("javascript:alert(1)") is None and safe_url("http://a.b/c d") is None
    assert md_link("x", None) == "x"


def test_markdown_text_and_code() -> None:
    assert md_text('<img onerror="x">') == '&lt;img onerror="x"&gt;'
    assert md_text("a|b [c](d) `e` \\ f\ng") == r"a\|b \[c\]\(d\) \`e\` \\ f g"
    assert md_code("x`y") == "``x`y``" and md_code("`x") == "`` `x ``"
    assert md_code("a|b", cell=True) == r"`a\|b`"


def test_terminal_text_strips_escapes_and_controls() -> None:
    assert terminal_text(HOSTILE["ansi"]) == "red  cleared"
    assert terminal_text(HOSTILE["osc8"]) == "click bell c1"
    assert terminal_text("a\u202eb\x00c\x7fd\te\r\nf") == "abcd e f"
    assert terminal_text("unterminated \x1b]8;;http://x") == "unterminated "
    assert terminal_text("reset \x1bc done") == "reset  done"
    assert terminal_text("mojibake \u00e2\u20ac\x9d kept") == "mojibake \u00e2\u20ac kept"
    assert terminal_text(HOSTILE["markup"]) == HOSTILE["markup"]  # rich renders it as text


def _check_terminal(text: str) -> None:
    assert not _TERMINAL_BAD.search(text.replace("\n", "")), repr(text)
    assert "[bold]loud[/bold]" in text and "[link=http://evil.example/]x[/link]" in text


def test_table_output_is_inert() -> None:
    text = OutputFormat.TABLE.to_formatter(width=100).format([hostile_result()])
    assert "\x1b" not in text
    _check_terminal(text)
    coloured = OutputFormat.TABLE.to_formatter(width=100, color=True).format([hostile_result()])
    assert "\x1b]" not in coloured and "\x1b[2J" not in coloured and "\x07" not in coloured


def test_review_screen_is_inert() -> None:
    result = hostile_result()
    console = Console(width=100, record=True, color_system=None, file=io.StringIO())
    console.print(render_claim(result, result.decision, 0, 1))
    _check_terminal(console.export_text())
    colour = Console(width=100, force_terminal=True, color_system="standard", file=io.StringIO())
    colour.print(render_claim(result, result.decision, 0, 1))
    raw = colour.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b]" not in raw and "\x1b[2J" not in raw and "\x07" not in raw


def test_html_is_escaped_and_links_only_safe_urls() -> None:
    result = hostile_result()
    decision = result.decision
    assert decision is not None
    page = to_html(report_rows([result], {result.claim.id: decision}), total=1)
    assert page.count("<script") == 1  # the page's own filter script, nothing from outside
    assert "<script>alert" not in page and "<img" not in page and "&lt;script&gt;" in page
    assert "href=" not in page  # the record's URL is javascript:, its PMID not digits
    assert 'onerror="' not in page and "onerror=&quot;" in page


def test_ris_and_bibtex_carry_no_controls_or_forged_lines() -> None:
    from litcheck.report import to_bibtex, to_ris

    title = "A\nER  - \nTY  - JOUR\x1b[2J \\input{/etc/passwd}"
    record = replace(hostile_result().candidates[0].record, title=title)
    ris = to_ris([record])
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in ris.splitlines())
    assert ris.count("ER  - ") == 1 and ris.count("TY  - ") == 1
    bib = to_bibtex([record])
    assert not _TERMINAL_BAD.search(bib.replace("\n", "")) and "\x1b" not in ris
    assert r"\textbackslash{}input\{/etc/passwd\}" in bib
    assert "UR  - " not in ris and "url = " not in bib  # a javascript: URL is left out
    assert "pmid = {1)](javascript:alert(1))}" in bib  # text only; braces would be escaped


def test_printable_text_skips_the_patterns_and_loses_nothing() -> None:
    """terminal_text returns printable text as it is (issue 16): for every character of the
    Basic Multilingual Plane, the answer is what the three patterns would make of it."""
    from litcheck.formats import inert

    def slow(text: str) -> str:
        text = re.sub(inert._ESCAPE_SEQUENCE, "", text)
        return re.sub(inert._CONTROL, "", re.sub(inert._BREAKS, " ", text))

    for code in range(0x10000):
        if 0xD800 <= code < 0xE000:
            continue
        text = f"a{chr(code)}b"
        assert terminal_text(text) == slow(text), hex(code)
