"""report.html read as a browser reads it: parsed with html.parser, and rendered by headless
Chromium when /usr/bin/chromium exists. Citations are well formed for every kind of record."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from msgspec.structs import replace

from litcheck.models import Author, ClaimResult, Decision, Record, Verdict
from litcheck.report import report_rows, to_html, write_report
from litcheck.report.rows import FLAG_MEANING, citation
from tests.formats.samples import HOSTILE, hostile_result
from tests.review.review_helpers import GUT, KETAMINE, PPI, SEMAGLUTIDE, UPF

CHROMIUM = Path("/usr/bin/chromium")


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    def find_all(self, tag: str, cls: str | None = None) -> list[Node]:
        found: list[Node] = []
        for child in self.children:
            if isinstance(child, Node):
                if child.tag == tag and (
                    cls is None or cls in child.attrs.get("class", "").split()
                ):
                    found.append(child)
                found += child.find_all(tag, cls)
        return found


_VOID = {"meta", "br", "img", "input", "link", "hr"}


class TreeBuilder(HTMLParser):
    """A small DOM from the stdlib parser; fails on a closing tag that closes nothing open."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, (tag, [n.tag for n in self.stack])
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(page: str) -> Node:
    builder = TreeBuilder()
    builder.feed(page)
    builder.close()
    assert builder.stack == [builder.root], "unclosed elements"
    return builder.root


def _page(results: list[ClaimResult], decisions: dict[str, Decision]) -> str:
    rows = report_rows(results, decisions, include_unreviewed=True)
    return to_html(rows, total=len(results), source="article.txt")


def test_every_field_of_a_reviewed_claim(
    results: list[ClaimResult], fixed_decisions: dict[str, Decision]
) -> None:
    del fixed_decisions[UPF]
    dom = parse(_page(results, fixed_decisions))
    assert "Source: article.txt" in dom.find_all("p", "source")[0].text
    articles = dom.find_all("article", "claim")
    assert [a.attrs["data-verdict"] for a in articles] == [
        "confirmed",
        "rejected",
        "unsure",
        "confirmed",
    ]
    ketamine = articles[0]
    text = " ".join(ketamine.text.split())
    for want in [
        "article.txt:3",
        "Ketamine relieves depression within hours, researchers at Yale found.",
        "confirmed",
        "ana, 2025-03-01 09:01:00 UTC",
        "review, but by the Yale group",
        "Krystal JH, Kaye AP, Jefferson S, Girgenti MJ, Wilkinson ST, Sanacora G, et al. "
        "Ketamine and the neurobiology of depression",
        "Proceedings of the National Academy of Sciences of the United States of America. "
        "2023;120(49):e2305772120.",
        "Its rapid onset of action",
        "0.82",
        "review PublicationType Review: not a primary study",
    ]:
        assert want in text, want
    links = {a.text: a.attrs["href"] for a in ketamine.find_all("a")}
    assert links == {
        "PubMed": "https://pubmed.ncbi.nlm.nih.gov/38011560/",
        "DOI": "https://doi.org/10.1073/pnas.2305772120",
    }
    # The claim's words are marked in the evidence ("approved" for the FDA claim).
    marks = [m.text.lower() for m in articles[3].find_all("mark")]
    assert marks == ["approved"]
    assert ketamine.attrs["data-flags"] == "review"
    # An unsure claim shows what was considered: its best candidate, marked as not confirmed.
    unsure = " ".join(articles[2].text.split())
    assert "Best candidate (not confirmed)" in unsure and "0.58" in unsure
    assert "Best candidate" not in articles[1].text  # rejected: nothing to show
    # Unreviewed claims are listed apart, not among the reviewed ones.
    unreviewed = [s for s in dom.find_all("section") if s.attrs.get("id") == "unreviewed"]
    assert len(unreviewed) == 1 and "Ultra-processed food" in unreviewed[0].text
    assert all("Ultra-processed" not in a.text for a in articles)
    references = [s for s in dom.find_all("section") if s.attrs.get("id") == "references"][0]
    assert len(references.find_all("li")) == 2
    legend = [s for s in dom.find_all("section") if s.attrs.get("id") == "flags"][0]
    assert FLAG_MEANING["review"] in legend.text


def test_filters_hidden_without_scripts_and_printable(
    results: list[ClaimResult], fixed_decisions: dict[str, Decision]
) -> None:
    page = _page(results, fixed_decisions)
    dom = parse(page)
    nav = dom.find_all("nav")[0]
    assert "hidden" in nav.attrs  # shown by the script only, so no script = no dead controls
    options = [o.attrs["value"] for o in nav.find_all("option")]
    assert {"confirmed", "rejected", "unsure", "review"} <= set(options)
    assert "@media print" in dom.find_all("style")[0].text
    scripts = dom.find_all("script")
    assert len(scripts) == 1 and not scripts[0].attrs  # inline, no src


def test_hostile_strings_stay_text() -> None:
    result = hostile_result()
    assert result.decision is not None
    page = to_html(report_rows([result], {result.claim.id: result.decision}), total=1)
    dom = parse(page)
    # Only the page's own elements exist: no script, img or link came from the data.
    assert len(dom.find_all("script")) == 1 and not dom.find_all("img")
    for node in dom.find_all("a"):
        assert node.attrs["href"].startswith("https://")
    article = dom.find_all("article")[0]
    text = article.text
    assert HOSTILE["script"] in text and HOSTILE["img"] in text  # shown as text
    assert all(not n.attrs.get("onerror") for n in _walk(dom))
    assert "\x1b" not in page and "\x07" not in page


def test_attribute_breakout_is_escaped(results: list[ClaimResult]) -> None:
    evil = '"><img src=x onerror=alert(1)>'
    top = results[0].candidates[0]
    bad = replace(top, flags=(evil,), flag_reasons={evil: evil})
    result = replace(results[0], candidates=(bad,))
    decision = Decision(result.claim.id, Verdict.CONFIRMED, bad.record.id, evil, "t", evil)
    page = to_html(report_rows([result], {result.claim.id: decision}), total=1, source=evil)
    dom = parse(page)
    assert not dom.find_all("img")
    article = dom.find_all("article")[0]
    assert article.attrs["data-flags"] == evil  # the attribute holds the text, whole
    assert evil in dom.find_all("p", "source")[0].text


def _walk(node: Node) -> list[Node]:
    out = [node]
    for child in node.children:
        if isinstance(child, Node):
            out += _walk(child)
    return out


AUTHORS = (Author(last_name="Doe", initials="J"), Author(collective="The Group"))


@pytest.mark.parametrize(
    ("title", "authors", "journal", "expected"),
    [
        ("Does fasting work?", AUTHORS, "J Test", "Doe J, The Group. Does fasting work? J Test. "),
        ("Fasting works.", (), "J Test", "Fasting works. J Test. "),
        ("Fasting works!", AUTHORS, None, "Doe J, The Group. Fasting works! "),
        ("Fasting works", (), None, "Fasting works. "),
    ],
)
def test_citations_are_well_formed(
    title: str, authors: tuple[Author, ...], journal: str | None, expected: str
) -> None:
    record = Record(
        "pubmed", "pubmed:1", title, journal=journal, year=2011, authors=authors, pmid="1"
    )
    text = citation(record)
    assert text.startswith(expected), text
    assert text.endswith("2011. PMID: 1.")
    for doubled in ("?.", "!.", "..", ". .", ",."):
        assert doubled not in text, text
    bare = citation(replace(record, year=None, pmid=None))
    assert bare == expected.strip()


def test_write_report_names_the_source_and_lists_unreviewed(results_file: Path) -> None:
    from litcheck.results.reader import read_results

    results = read_results(results_file)
    decisions = {
        KETAMINE: Decision(KETAMINE, Verdict.CONFIRMED, "pubmed:38011560", None, "t", "ana")
    }
    out = results_file.parent / "report"
    write_report(results, decisions, out, source=results_file.name)
    dom = parse((out / "report.html").read_text(encoding="utf-8"))
    assert "Source: article.txt" in dom.find_all("p", "source")[0].text
    section = [s for s in dom.find_all("section") if s.attrs.get("id") == "unreviewed"][0]
    assert len(section.find_all("li")) == len([GUT, PPI, SEMAGLUTIDE, UPF])


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
def test_chromium_renders_the_report(
    results: list[ClaimResult], fixed_decisions: dict[str, Decision], tmp_path: Path
) -> None:
    page = tmp_path / "report.html"
    page.write_text(_page(results, fixed_decisions), encoding="utf-8")
    profile = tmp_path / "profile"
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--no-default-browser-check",
        f"--user-data-dir={profile}",
        "--dump-dom",
        page.as_uri(),
    ]
    env = {**os.environ, "HOME": str(tmp_path)}
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, env=env, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    rendered = done.stdout
    # The script ran: the filters are visible and count the claims.
    assert '<nav id="filters" class="filters" aria-label="Filters">' in rendered
    assert "5 of 5 shown" in rendered
    assert "Krystal JH, Kaye AP" in rendered and "<mark>" in rendered
