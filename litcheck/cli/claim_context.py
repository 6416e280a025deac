"""`litcheck claim --context TEXT` and `--article FILE --line N`: one claim with its context."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from litcheck.cli.common import PATH, F

if TYPE_CHECKING:
    from litcheck.models import Claim


def context_options(f: F) -> F:
    """--context TEXT, --article FILE and --line N (at least 1), in that order."""
    f = click.option(
        "--line", type=click.IntRange(min=1), metavar="N", help="The claim's line in --article."
    )(f)
    f = click.option(
        "--article",
        type=PATH,
        metavar="FILE",
        help="Take the context from this article (with --line).",
    )(f)
    return click.option(
        "--context",
        metavar="TEXT",
        help='What the claim leans on, in words ("ketamine infusions for depression"): '
        "its pronouns resolve to it and it lends its drug and condition.",
    )(f)


def claim_with_context(
    text: str,
    queries_dir: Path | None,
    context: str | None = None,
    article: Path | None = None,
    line: int | None = None,
) -> Claim:
    """The analysed claim, with `context` (words) and/or its context at `line` of `article`.

    InputError (exit 2) for a bad claim, when only one of `article` and `line` is given, or
    when the article cannot be read. Imports lazily (the CLI's --help stays fast)."""
    from litcheck.claims.read import claim_from_text, with_article_context
    from litcheck.claims.vocab import Vocabulary
    from litcheck.errors import InputError

    vocab = Vocabulary.load(queries_dir)
    claim = claim_from_text(text, vocab, context=context)
    if article is None and line is None:
        return claim
    if article is None or line is None:
        raise InputError(
            "--article and --line go together",
            tip='e.g. litcheck claim "It was formulated in 1962." --article post.txt --line 11',
        )
    return with_article_context(claim, article, line, vocab)
