"""Words: the one tokenizer, stemmer and stopword lists of litcheck. Pure (lists are data).

Everything that cuts text into words goes through here: claim analysis
(`litcheck.claims.facets`), the PubMed and openFDA scorers, the claim-words query.

- **Tokens.** One tokenizer, `token_spans`, with two rule sets (`SCORING`, `PROSE`):
  `SCORING` lower-cases and keeps ASCII letters and digits, with hyphens and apostrophes inside
  a word ("3'-utr"); `tokens` adds the parts of hyphenated words. The scorer's background
  statistics (`litcheck/data/stem_df.json`, `bench/build_idf.py`) were counted with exactly
  these rules, so they must not change without rebuilding that file and refitting the weights.
  `PROSE` keeps case and offsets, accented Latin letters and straight or curly apostrophes
  ("Crohn’s", "Sjögren"), with single hyphens or apostrophes inside a word: what claim analysis
  needs to find phrases in article text.
- **Stems.** One stemmer, `stem`: a light suffix stripper (one suffix rule per word).
  `normalise` folds a prose token for stemming (lower case, straight apostrophe, no "'s").
  `plural_variants` gives a plural's singular for search terms (which must be real words).
- **Stopwords.** Named lists in `queries/stopwords.toml`, loaded through
  `litcheck.claims.vocab` on first use and cached: the scorer drops `SCORING_STOP`
  ("common" + "boilerplate"), claim analysis `CLAIM_STOP` ("common" + "stop").
- **Sentences.** `sentences` splits an abstract (scorer evidence, semantic similarity).
  Articles are split by `litcheck.claims.document.split_sentences` (line numbers, initials,
  decimals, a longer abbreviation list); the scorer's weights were fitted on this splitter's
  evidence sentences, so the two are not merged. Both abbreviation lists are in
  `queries/sentences.toml`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from litcheck.claims.vocab import Vocabulary

SCORING = re.compile(r"[a-z0-9][a-z0-9\-']*[a-z0-9]|[a-z0-9]")
"""Scoring word rule, applied to lower-cased text (see the module docstring)."""
PROSE = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:['’\-][A-Za-z0-9\u00C0-\u024F]+)*")
"""Prose word rule, applied to the text as written (see the module docstring)."""

SCORING_STOP = ("common", "boilerplate")
"""The stopword lists (queries/stopwords.toml) the scorer drops."""
CLAIM_STOP = ("common", "stop")
"""The stopword lists claim analysis drops (never a keyword or concept)."""


def stopwords(
    vocab: Vocabulary | None = None, lists: tuple[str, ...] = SCORING_STOP
) -> frozenset[str]:
    """The lower-cased union of the named stopword `lists` of `vocab`.

    Without `vocab`, the packaged vocabulary's (loaded once per process).
    """
    if vocab is None:
        return _packaged_stopwords(lists)
    return vocab.words(*lists)


@lru_cache(maxsize=8)
def _packaged_stopwords(lists: tuple[str, ...]) -> frozenset[str]:
    from litcheck.claims.vocab import default_vocabulary

    return default_vocabulary().words(*lists)


def __getattr__(name: str) -> frozenset[str]:
    """`STOPWORDS`: the scorer's stopwords, loaded on first access (kept for old importers)."""
    if name == "STOPWORDS":
        return stopwords()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_SUFFIXES = (
    ("ational", "ate"),
    ("ization", "ize"),
    ("ations", "ate"),
    ("ation", "ate"),
    ("nesses", "ness"),
    ("ities", "ity"),
    ("ically", "ic"),
    ("ies", "y"),
    ("sses", "ss"),
    ("ing", ""),
    ("edly", ""),
    ("ed", ""),
    ("ly", ""),
    ("es", "e"),
    ("s", ""),
)
"""`stem`'s rules, in the order they are tried: the first that matches applies."""

_BY_LAST: dict[str, tuple[tuple[str, str], ...]] = {}
for _suffix, _repl in _SUFFIXES:
    _BY_LAST[_suffix[-1]] = (*_BY_LAST.get(_suffix[-1], ()), (_suffix, _repl))
"""The rules by their suffix's last letter, order kept: a word is only tried against the rules
that can match its last letter (issue 16: stemming was a tenth of a warm claim)."""


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """A light English suffix stripper (plural/-ing/-ed/-ly/-ation); keeps short words as is.

    Expects a lower-cased token. Applies the first matching suffix rule only (`_SUFFIXES`), and
    only when at least three letters remain: "studies" -> "study", "neurons" -> "neuron",
    "stimulated" -> "stimulat", "stimulates" -> "stimulate".
    """
    w = word
    if len(w) <= 3:
        return w
    for suffix, repl in _BY_LAST.get(w[-1], ()):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            if suffix == "s" and (w.endswith(("ss", "us", "is"))):
                return w
            return w[: len(w) - len(suffix)] + repl
    return w


def plural_variants(word: str) -> list[str]:
    """The word and, for a regular plural, its singular ("neurons" -> "neuron", "studies" ->
    "study", "boxes" -> "box"), case kept; acronyms and words of four letters or fewer as is.

    For search terms, which must stay real words; `stem` is for matching and may not be.
    """
    low = word.lower()
    if len(low) <= 4 or not low.endswith("s") or low.endswith(("ss", "us", "is")) or word.isupper():
        return [word]
    if low.endswith("ies"):
        return [word, word[:-3] + "y"]
    if low.endswith(("sses", "xes", "ches", "shes")):
        return [word, word[:-2]]
    return [word, word[:-1]]


def normalise(token: str) -> str:
    """A prose token folded for stemming: lower case, straight apostrophe, no possessive "'s"."""
    return token.lower().replace("’", "'").removesuffix("'s")


FOLD_TO_ASCII = {0x130: "i", 0x131: "i", 0x17F: "s", 0x212A: "k"}
"""The only non-ASCII characters a case-insensitive regex matches to ASCII letters (İ, ı, ſ, the
Kelvin sign), as the ASCII letter (checked over all of Unicode: `tests/claims/test_text.py`)."""
_FOLDED = "".join(map(chr, FOLD_TO_ASCII))


def fold(text: str) -> str:
    """`text` for case-insensitive matching by ASCII patterns written in lower case: a
    `re.IGNORECASE` regex of ASCII text finds a match in `text` exactly where the same regex,
    lower-cased and without the flag, finds one in `fold(text)` (at the same offsets, as
    `FOLD_TO_ASCII` removes the one character whose lower case is two). Searching that way is
    ~2.5x faster: a long case-insensitive alternation is tried at every position (issue 16).

    `str.translate` with a mapping looks up every character of a non-ASCII text in it, so it
    runs only for a text that holds one of the four."""
    if text.isascii() or not any(char in text for char in _FOLDED):
        return text.lower()
    return text.translate(FOLD_TO_ASCII).lower()


def token_spans(text: str, rule: re.Pattern[str] = PROSE) -> list[tuple[str, int, int]]:
    """(token, start, end) for each word of `text` under `rule` (`PROSE` or `SCORING`).

    `PROSE` tokens keep case. `SCORING` tokens are lower-cased and their offsets index
    `text.lower()`, which is `text`'s length unless it holds letters such as "İ".
    """
    source = text.lower() if rule is SCORING else text
    return [(m.group(0), m.start(), m.end()) for m in rule.finditer(source)]


def tokens(text: str) -> list[str]:
    """Lower-cased `SCORING` tokens, each hyphenated word followed by its parts."""
    out: list[str] = []
    for tok in SCORING.findall(text.lower()):
        out.append(tok)
        if "-" in tok:
            out.extend(p for p in tok.split("-") if p)
    return out


def content_stems(text: str) -> list[str]:
    """Stems of the content words of `text`, in order, stopwords removed, duplicates kept.

    The scorer's view of a text: `tokens`, minus `SCORING_STOP` and bare numbers, `stem`med.
    """
    stop = stopwords()
    return [stem(t) for t in tokens(text) if t not in stop and not t.isdigit()]


def is_content(token: str, stop: frozenset[str]) -> bool:
    """True for a prose token worth keeping as a keyword: not a stopword, not a bare number,
    and at least three characters unless it has a digit or is all capitals ("5-HT", "US")."""
    low = token.lower().replace("’", "'")
    if low in stop or low.removesuffix("'s") in stop:
        return False
    if low.replace(".", "").isdigit():
        return False
    return len(low) >= 3 or any(c.isdigit() for c in token) or token.isupper()


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'])")


@lru_cache(maxsize=1)
def _abbreviation() -> tuple[re.Pattern[str], int]:
    """ "et al." and the like at the end of a piece: `abstract_abbreviations` of
    queries/sentences.toml (packaged vocabulary), case-insensitive; and how many characters
    from the end a match can start (the longest word, its dot, one more for the word boundary).
    """
    from litcheck.claims.vocab import default_vocabulary

    words = default_vocabulary().phrases("abstract_abbreviations")
    if not words:
        return re.compile(r"(?!)"), 0  # matches nothing
    alternatives = "|".join(re.escape(w) for w in words)
    return re.compile(rf"\b(?:{alternatives})\.$", re.IGNORECASE), max(map(len, words)) + 2


def sentences(text: str) -> list[str]:
    """Split an abstract into sentences; keeps abbreviations ("et al.", "e.g.") intact.

    A break is whitespace after ".", "!" or "?" before a capital, digit, bracket or quote,
    unless the piece before it ends in an `abstract_abbreviations` word.
    """
    parts = _SENTENCE_END.split(text.strip())
    abbreviation, reach = _abbreviation()
    out: list[str] = []
    for part in parts:
        # Only a piece's last `reach` characters can hold a match, so the search starts there
        # rather than trying the alternation at every position (3x faster on abstracts, issue
        # 16). `\b` still sees the character before `pos`, unlike `^`:
        # https://docs.python.org/3/library/re.html#re.Pattern.search
        if out and abbreviation.search(out[-1], max(0, len(out[-1]) - reach)):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return [s.strip() for s in out if s.strip()]
