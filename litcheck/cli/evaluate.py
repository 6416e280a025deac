"""`litcheck eval`: measure ranking and confidence on labelled claims through a local index."""

from __future__ import annotations

from pathlib import Path

import click

from litcheck.cli.base import LitcheckCommand
from litcheck.cli.common import (
    PATH,
    argument,
    build_settings,
    err_console,
    guarded,
    queries_option,
    semantic_option,
)


@click.command("eval", cls=LitcheckCommand)
@argument("claims", type=PATH, help="Labelled claims JSONL (SciFact format).")
@click.option(
    "--index",
    type=PATH,
    metavar="DIR",
    help="Local index folder (built from --corpus if missing).",
)
@click.option(
    "--sources",
    metavar="LIST",
    help="The live path instead: e.g. pubmed,litsense (their base URLs).",
)
@click.option(
    "--corpus", type=PATH, metavar="FILE", help="Corpus JSONL/XML to build the index from."
)
@click.option("--qrels", type=PATH, metavar="FILE", help="BEIR qrels TSV.")
@click.option(
    "--out",
    type=PATH,
    metavar="DIR",
    help="Write report.json, candidates.jsonl, reliability.png here.",
)
@click.option(
    "--limit",
    "-n",
    type=click.IntRange(1, 100),
    default=10,
    metavar="N",
    help="Candidates per claim.",
)
@click.option(
    "--max-claims", type=click.IntRange(min=1), metavar="N", help="Only the first N claims."
)
@queries_option
@semantic_option
def evaluate(
    claims: Path,
    index: Path | None,
    sources: str | None,
    corpus: Path | None,
    qrels: Path | None,
    out: Path | None,
    limit: int,
    max_claims: int | None,
    queries: Path | None,
    semantic: bool,
) -> None:
    """Ranking, calibration and status figures on labelled claims, per path.

    The local path (--index) or the path users run (--sources): recall@1/3/10, MRR@10,
    nDCG@10, ECE and AUROC over the top candidates, and how often each status is right.
    """
    with guarded():
        from litcheck.evaluation.command import EvalOptions, summary_line
        from litcheck.evaluation.command import evaluate as run

        opts = EvalOptions(claims, index, sources, corpus, qrels, out, limit, max_claims, semantic)
        report = run(opts, build_settings(queries=queries), err_console())
        err_console().print(summary_line(report), soft_wrap=True)


def register(app: click.Group) -> None:
    """Add `eval` to `app`."""
    app.add_command(evaluate)
