"""`litcheck eval`: measure ranking and confidence on labelled claims through a local index."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from litcheck.cli.common import (
    QueriesOpt,
    SemanticOpt,
    build_settings,
    err_console,
    guarded,
)


def evaluate(
    claims: Annotated[Path, typer.Argument(help="Labelled claims JSONL (SciFact format).")],
    index: Annotated[
        Path | None,
        typer.Option("--index", help="Local index folder (built from --corpus if missing)."),
    ] = None,
    sources: Annotated[
        str | None,
        typer.Option(
            "--sources", help="The live path instead: e.g. pubmed,litsense (their base URLs)."
        ),
    ] = None,
    corpus: Annotated[
        Path | None, typer.Option("--corpus", help="Corpus JSONL/XML to build the index from.")
    ] = None,
    qrels: Annotated[Path | None, typer.Option("--qrels", help="BEIR qrels TSV.")] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Write report.json, candidates.jsonl, reliability.png here."),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, max=100, help="Candidates per claim.")
    ] = 10,
    max_claims: Annotated[
        int | None, typer.Option("--max-claims", min=1, help="Only the first N claims.")
    ] = None,
    queries: QueriesOpt = None,
    semantic: SemanticOpt = False,
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


def register(app: typer.Typer) -> None:
    """Add `eval` to `app`."""
    app.command("eval")(evaluate)
