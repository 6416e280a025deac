"""Claims in: single claims, claims files, articles and extraction (litcheck.claims.read)."""

from __future__ import annotations

from pathlib import Path

import pytest

from litcheck.claims.document import split_sentences
from litcheck.claims.read import (
    MAX_CLAIM_CHARS,
    claim_from_text,
    extract_claims,
    looks_like_article,
    read_claims_file,
)
from litcheck.claims.vocab import Vocabulary
from litcheck.errors import InputError
from litcheck.models import Origin, claim_id

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def fixture_path(name: str) -> Path:
    return FIXTURES / name


ARTICLES = sorted(fixture_path("articles").glob("*.txt"))


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return Vocabulary.load()


# -- one claim ----------------------------------------------------------------------------------


def test_claim_from_text_normalises_and_analyses(vocab: Vocabulary) -> None:
    claim = claim_from_text("  Ketamine   blocks NMDA receptors. ", vocab, origin=Origin("x", 3))
    assert claim.text == "Ketamine blocks NMDA receptors."
    assert claim.id == claim_id("ketamine blocks nmda receptors")
    assert claim.origin == Origin("x", 3)
    assert claim.facets.interventions[0].canonical == "ketamine"


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "x" * (MAX_CLAIM_CHARS + 1)])
def test_bad_claims_raise_input_error_with_a_tip(text: str, vocab: Vocabulary) -> None:
    with pytest.raises(InputError) as info:
        claim_from_text(text, vocab)
    assert info.value.tip


# -- claims files -------------------------------------------------------------------------------


def test_plain_text_file_one_claim_per_line(tmp_path: Path, vocab: Vocabulary) -> None:
    path = tmp_path / "claims.txt"
    path.write_text(
        "# my claims\nKetamine blocks NMDA receptors.\n\n  Lithium prevents suicide.\n",
        encoding="utf-8",
    )
    claims = read_claims_file(path, vocab)
    assert [c.text for c in claims] == [
        "Ketamine blocks NMDA receptors.",
        "Lithium prevents suicide.",
    ]
    assert [c.origin.line for c in claims] == [2, 4]
    assert claims[0].origin.file == str(path)


def test_csv_keeps_other_columns_as_meta(tmp_path: Path, vocab: Vocabulary) -> None:
    path = tmp_path / "claims.csv"
    path.write_text(
        'id,Claim,source\n1,"Ketamine, a drug, blocks NMDA receptors.",blog\n\n'
        '2,"A claim\nover two lines about lithium.",site\n',
        encoding="utf-8",
    )
    claims = read_claims_file(path, vocab)
    assert claims[0].text == "Ketamine, a drug, blocks NMDA receptors."
    assert dict(claims[0].meta) == {"id": "1", "source": "blog"}
    assert [c.origin.line for c in claims] == [2, 4]


def test_tsv(tmp_path: Path, vocab: Vocabulary) -> None:
    path = tmp_path / "claims.tsv"
    path.write_text("claim\tnote\nSSRIs take four weeks to work.\tx\n", encoding="utf-8")
    (claim,) = read_claims_file(path, vocab)
    assert claim.meta == {"note": "x"} and claim.facets.numbers[0].unit == "week"


def test_csv_without_claim_column_names_the_columns(tmp_path: Path, vocab: Vocabulary) -> None:
    path = tmp_path / "claims.csv"
    path.write_text("statement,source\nKetamine works.,blog\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"'statement', 'source'"):
        read_claims_file(path, vocab)


def test_jsonl_claim_or_text_field(tmp_path: Path, vocab: Vocabulary) -> None:
    path = tmp_path / "claims.jsonl"
    path.write_text(
        '{"claim": "Ketamine blocks NMDA receptors.", "n": 1}\n\n{"text": "Lithium prevents suicide.", "tags": ["a"]}\n',
        encoding="utf-8",
    )
    claims = read_claims_file(path, vocab)
    assert [c.origin.line for c in claims] == [1, 3]
    assert claims[0].meta == {"n": "1"} and claims[1].meta == {"tags": '["a"]'}


def test_scifact_jsonl_reads_as_claims(vocab: Vocabulary) -> None:
    claims = read_claims_file(fixture_path("scifact_claims_sample.jsonl"), vocab)
    assert len(claims) == 7
    assert claims[1].text == "1 in 5 million in UK have abnormal PrP positivity."
    assert claims[1].meta["id"] == "2"


@pytest.mark.parametrize(
    ("name", "body", "needle"),
    [
        ("bad.jsonl", '{"claim": "ok claim here"}\n{oops\n', "bad.jsonl:2"),
        ("nofield.jsonl", '{"statement": "x"}\n', "no `claim`"),
        ("empty.jsonl", '{"claim": "   "}\n', "empty"),
        ("empty.txt", "# only a comment\n\n", "no claims"),
        ("long.txt", "word " * 2500 + "\n", "characters long"),
    ],
)
def test_bad_files_raise_input_error(
    tmp_path: Path, vocab: Vocabulary, name: str, body: str, needle: str
) -> None:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError, match=needle) as info:
        read_claims_file(path, vocab, extract=False)
    assert info.value.tip


def test_non_utf8_file_is_an_input_error(tmp_path: Path, vocab: Vocabulary) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\u00e9 claims about ketamine.\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8") as info:
        read_claims_file(path, vocab)
    assert "iconv" in (info.value.tip or "")


def test_missing_file_is_an_input_error(tmp_path: Path, vocab: Vocabulary) -> None:
    with pytest.raises(InputError, match="does not exist"):
        read_claims_file(tmp_path / "nope.txt", vocab)


# -- articles -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name[:3])
def test_seed_articles_are_detected_as_articles(path: Path) -> None:
    assert looks_like_article(path.read_text(encoding="utf-8"))


def test_claims_list_is_not_an_article() -> None:
    assert not looks_like_article("Ketamine blocks NMDA receptors.\nLithium prevents suicide.\n")


def _extracted(vocab: Vocabulary) -> dict[str, list[tuple[int, str]]]:
    out = {}
    for path in ARTICLES:
        claims = read_claims_file(path, vocab)
        assert all(c.origin.file == str(path) for c in claims)
        out[path.name[:3]] = [(c.origin.line or 0, c.text) for c in claims]
    return out


@pytest.fixture(scope="module")
def extracted(vocab: Vocabulary) -> dict[str, list[tuple[int, str]]]:
    return _extracted(vocab)


@pytest.mark.parametrize(
    ("article", "line", "start"),
    [
        ("000", 9, "According to a new study published by Northwestern Medicine"),
        ("000", 9, "The study, conducted on mice, demonstrates"),
        ("001", 17, "Instead, ketamine targets the NMDA receptors in the brain."),
        ("001", 30, "Studies on ketamine have shown promising results"),
        (
            "002",
            1,
            "The drug has been used medicinally for many years, but only recently has it been approved by the FDA",
        ),
        (
            "002",
            5,
            "Impressively, ketamine is a fast-acting, effective treatment for 70% of patients",
        ),
        ("002", 9, "Studies have found that, just three hours after visiting a ketamine clinic"),
        ("003", 11, "It was formulated in 1962 and became approved in the 1970s."),
        (
            "003",
            13,
            "In 2019, ketamine became approved for the treatment of treatment-resistant depression.",
        ),
        ("004", 5, "Ketamine is an FDA-approved anesthetic medication"),
        ("004", 9, "In addition, it is said to help about 70% of individuals"),
        ("004", 13, "Ketamine is also an NMDA receptor antagonist"),
        ("004", 29, "Many studies have shown that more than half the people with TRD"),
        ("004", 35, "Usually, the critical phase of Ketamine therapy"),
    ],
)
def test_seed_claims_are_found_with_their_line(
    extracted: dict[str, list[tuple[int, str]]], article: str, line: int, start: str
) -> None:
    matches = [(ln, t) for ln, t in extracted[article] if t.startswith(start)]
    assert matches, f"{start!r} not extracted from {article}"
    assert matches[0][0] == line


@pytest.mark.parametrize(
    "fragment",
    [
        "contact us",
        "Contact VIP Ketamine",
        "our team would love",
        "Read on to learn more",
        "In this article",
        "right choice for you",
        "top of page",
        "37 views",
        "Updated: Oct 19",
        "Exit mobile version",
        "Site icon",
        "Ready to learn more",
        "game-changer",
        "lifesaver",
        "What Is Ketamine?",
        "Below are some of the benefits",
    ],
)
def test_calls_to_action_and_chrome_are_left_out(
    extracted: dict[str, list[tuple[int, str]]], fragment: str
) -> None:
    for claims in extracted.values():
        assert not any(fragment.lower() in t.lower() for _, t in claims), fragment


def test_anaphoric_claims_borrow_the_articles_drug(vocab: Vocabulary) -> None:
    claims = read_claims_file(fixture_path("articles/004_5b59ec9cd5906e42.txt"), vocab)
    blocks = next(c for c in claims if c.text.startswith("It blocks the glutamate"))
    assert blocks.context is not None
    assert (
        blocks.context.checked_text
        == "[Ketamine] blocks the glutamate from binding on these cells."
    )
    assert blocks.facets.interventions[0].canonical == "ketamine"
    assert blocks.facets.interventions[0].inherited


def test_html_article_strips_markup_and_keeps_lines(vocab: Vocabulary) -> None:
    html = (
        "<html><head><title>Ketamine news</title><style>p {color: red}</style></head>\n"
        "<body><nav>Home | Contact us for a consultation</nav>\n"
        "<h1>How ketamine works</h1>\n"
        "<p>According to a 2019 study in mice, ketamine blocks NMDA receptors\n"
        "in the hippocampus &amp; increases BDNF.</p>\n"
        "<p>Call us today to book your free consultation!</p>\n"
        "<script>var x = 'Studies show 70% of patients respond.';</script>\n"
        "</body></html>\n"
    )
    claims = extract_claims(html, vocab, file="page.html")
    assert [c.text for c in claims] == [
        "According to a 2019 study in mice, ketamine blocks NMDA receptors in the hippocampus & increases BDNF."
    ]
    assert claims[0].origin == Origin("page.html", 4)


def test_markdown_article(tmp_path: Path, vocab: Vocabulary) -> None:
    path = tmp_path / "post.md"
    path.write_text(
        "# Ketamine\n\n**Studies show** that [ketamine](https://x.org) reduces depression "
        "symptoms within hours in 70% of patients.\n\n- Book your consultation today!\n",
        encoding="utf-8",
    )
    (claim,) = read_claims_file(path, vocab)
    assert claim.text.startswith("Studies show that ketamine reduces depression")
    assert claim.origin.line == 3


def test_article_without_claims_is_an_input_error(tmp_path: Path, vocab: Vocabulary) -> None:
    path = tmp_path / "ad.md"
    path.write_text("Contact us today for a free consultation with our team!\n", encoding="utf-8")
    with pytest.raises(InputError, match="no check-worthy claims"):
        read_claims_file(path, vocab)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr. Smith found it works. It was approved in the U.S. in 2019.", 2),
        ("Doses of 0.5 mg/kg, e.g. in trials, work. The effect lasts 1.5 weeks.", 2),
        ("J. Smith et al. showed this. Results were strong!", 2),
        ("Is it real? Yes. Studies say so.", 3),
    ],
)
def test_sentence_splitting_respects_abbreviations_and_decimals(text: str, expected: int) -> None:
    assert len(split_sentences(text)) == expected, split_sentences(text)
