"""`litcheck claim --article FILE --line N`: the context a claim has in an article."""

from __future__ import annotations

from pathlib import Path

from litcheck.claims.read import with_article_context
from litcheck.claims.vocab import Vocabulary
from litcheck.errors import InputError
from litcheck.models import Claim


def article_context(
    claim: Claim, article: Path | None, line: int | None, vocab: Vocabulary
) -> Claim:
    """`claim` with its context at `line` of `article`. InputError (exit 2) unless both are
    given, or when the article cannot be read."""
    if article is None or line is None:
        raise InputError(
            "--article and --line go together",
            tip='e.g. litcheck claim "It was formulated in 1962." --article post.txt --line 11',
        )
    return with_article_context(claim, article, line, vocab)
