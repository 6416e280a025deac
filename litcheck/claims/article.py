"""Articles to claims, each with its context: the pipeline behind `litcheck extract` and `check`.

- `article_sentences(text, vocab, kind)`: every sentence in reading order with its facets;
  headings are sentences marked `heading` (a paragraph that is one short question, such as
  "What Is Ketamine?", is a heading too); page furniture ("top of page") is dropped.
- `extract_article(text, vocab, file=, kind=)`: the check-worthy sentences
  (`litcheck.claims.extract_rules`) as claims, each with `context` (`litcheck.claims.context`),
  its facets merged with the inherited ones, and `kind`; in reading order, without duplicates.
- `context_at(text, vocab, claim, line=, kind=)`: the context a claim has at a line of an
  article: the sentence at that line when the claim is one, else as if the claim followed the
  sentences up to that line.
"""

from __future__ import annotations

from msgspec.structs import replace

from litcheck.claims import document
from litcheck.claims.checkworthy import is_chrome
from litcheck.claims.context import ArticleSentence, Resolved, resolve_sentences
from litcheck.claims.context_merge import Subject
from litcheck.claims.extract_rules import classify
from litcheck.claims.facets import analyze
from litcheck.claims.vocab import Vocabulary
from litcheck.models import Claim, Origin, normalise_claim_text

MAX_HEADING_WORDS = 12
MAX_CLAIM_CHARS = 10_000


def article_sentences(text: str, vocab: Vocabulary, kind: str) -> list[ArticleSentence]:
    """Every sentence of the article (see the module docstring)."""
    out: list[ArticleSentence] = []
    for block in document.blocks(text, kind):
        found = [(line, " ".join(s.split())) for line, s in document.sentences(block)]
        found = [(line, s) for line, s in found if s and not is_chrome(s, vocab)]
        question = (
            len(found) == 1
            and found[0][1].endswith("?")
            and len(found[0][1].split()) <= MAX_HEADING_WORDS
        )
        heading = block.heading or question
        out.extend(ArticleSentence(line, s, analyze(s, vocab), heading) for line, s in found)
    return out


def extract_article(
    text: str, vocab: Vocabulary, *, file: str | None = None, kind: str = "text"
) -> list[Claim]:
    """The check-worthy claims of an article with their contexts (see the module docstring)."""
    sentences = article_sentences(text, vocab, kind)
    claims: dict[str, Claim] = {}
    for sentence, resolved in zip(sentences, resolve_sentences(sentences, vocab), strict=True):
        if sentence.heading or len(sentence.text) > MAX_CLAIM_CHARS:
            continue
        verdict = classify(sentence.text, sentence.facets, resolved.context, vocab)
        if not verdict.keep:
            continue
        claim = Claim.from_text(sentence.text, origin=Origin(file, sentence.line))
        claims.setdefault(
            claim.id,
            replace(claim, facets=resolved.facets, context=resolved.context, kind=verdict.kind),
        )
    return list(claims.values())


def context_at(
    text: str, vocab: Vocabulary, claim: str, *, line: int, kind: str = "text"
) -> Resolved:
    """The context `claim` has at `line` of the article (see the module docstring)."""
    sentences = article_sentences(text, vocab, kind)
    subject = Subject.of(sentences)
    wanted = normalise_claim_text(claim)
    for index, sentence in enumerate(sentences):
        if sentence.line == line and normalise_claim_text(sentence.text) == wanted:
            return resolve_sentences(sentences[: index + 1], vocab, subject)[-1]
    before = [s for s in sentences if s.line <= line]
    added = ArticleSentence(line, " ".join(claim.split()), analyze(claim, vocab))
    return resolve_sentences([*before, added], vocab, subject)[-1]
