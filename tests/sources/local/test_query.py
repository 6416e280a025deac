"""PubMed query parsing: AST, PubMed-style translation, FTS5 expression, and clear errors."""

from __future__ import annotations

import pytest

from litcheck.errors import InputError
from litcheck.sources.local.query import Bool, Term, parse, to_fts, translate


def test_tags_and_long_forms() -> None:
    assert parse("ketamine[tiab]") == Term("ketamine", "tiab")
    assert parse("ketamine[Title/Abstract]") == Term("ketamine", "tiab")
    assert parse('"Depressive Disorder"[MeSH Terms]') == Term("Depressive Disorder", "mh")
    assert parse("Mice[mh:noexp]") == Term("Mice", "mh")
    assert parse("Northwestern[ad]") == Term("Northwestern", "ad")
    assert parse("review[pt]") == Term("review", "pt")
    assert parse("english[la]") == Term("english", "la")
    assert parse("ketamine") == Term("ketamine", "all")


def test_unquoted_words_before_a_tag_are_a_phrase() -> None:
    # PubMed: "kidney allograft[tiab]" searches the phrase.
    assert parse("kidney allograft[tiab]") == Term("kidney allograft", "tiab")


def test_unquoted_words_without_tag_are_anded() -> None:
    assert parse("ketamine depression") == Bool("AND", Term("ketamine"), Term("depression"))


def test_left_to_right_like_pubmed() -> None:
    node = parse("a1 OR b1 AND c1")
    assert node == Bool("AND", Bool("OR", Term("a1"), Term("b1")), Term("c1"))
    assert translate(node) == '("a1"[All Fields] OR "b1"[All Fields]) AND "c1"[All Fields]'


def test_parentheses_group() -> None:
    node = parse("ketamine[tiab] AND (depression[tiab] OR mood[tiab]) NOT mice[mh]")
    # Rendered fully bracketed: unambiguous whatever precedence the reader assumes.
    assert translate(node) == (
        '("ketamine"[Title/Abstract] AND ("depression"[Title/Abstract] OR '
        '"mood"[Title/Abstract])) NOT "mice"[MeSH Terms]'
    )


def test_truncation_and_proximity() -> None:
    assert parse("depress*[tiab]") == Term("depress", "tiab", prefix=True)
    assert parse('"heart attack*"[tiab]') == Term("heart attack", "tiab", prefix=True)
    assert parse('"ketamine depression"[tiab:~3]') == Term(
        "ketamine depression", "tiab", proximity=3
    )


def test_fts_expression() -> None:
    assert to_fts(parse("depress*[tiab]")) == '{title abstract kw} : "depress" *'
    assert to_fts(parse("Mice[mh]")) == 'mesh : "Mice"'
    assert to_fts(parse("Smith J[au]")) == 'au : "Smith J" *'  # initials truncated, as PubMed
    assert to_fts(parse('"a b"[ti:~2]')) == 'title : NEAR("a" "b", 2)'


def test_quotes_inside_terms_are_escaped() -> None:
    expr = to_fts(Term('say "hi"', "ti"))
    assert expr == 'title : "say ""hi"""'


def test_dates_expand_to_years_in_the_index() -> None:
    assert to_fts(parse('"2019:2021"[dp]')) == 'dp : ("2019" OR "2020" OR "2021")'
    assert to_fts(parse("2019/03/01[dp]")) == 'dp : ("2019")'
    # Clipped to the years the index holds; an empty range matches nothing.
    assert to_fts(parse('"1800:2001"[dp]'), years=(2000, 2020)) == 'dp : ("2000" OR "2001")'
    assert to_fts(parse('"1800:1801"[dp]'), years=(2000, 2020)) == 'dp : ("0000")'
    assert translate(parse('"2019:2021"[dp]')) == "2019:2021[Publication Date]"


def test_mesh_qualifier_is_dropped() -> None:
    assert parse('"Neoplasms/therapy"[mh]') == Term("Neoplasms", "mh")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("(ketamine", "never closed"),
        ("ketamine)", r"unexpected '\)'"),
        ('"ketamine', "unterminated quote"),
        ("ketamine[tiab", "unterminated field tag"),
        ("ketamine[xyz]", "unsupported field tag"),
        ("ketamine AND", "needs a term after"),
        ("AND ketamine", "needs a term before"),
        ("ketamine OR NOT x", "needs a term after"),
        ("()", "empty parentheses"),
        ("[tiab]", "does not follow a term"),
        ("ke*[tiab]", "too short"),
        ("ke*ta[tiab]", "only allowed at the end"),
        ("---[tiab]", "nothing searchable"),
        ('"last year"[dp]', "cannot read the date"),
    ],
)
def test_bad_queries_raise_input_error_with_tip(query: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        parse(query)
    assert info.value.tip
