"""`litcheck eval`: measure ranking and confidence on labelled claims through a local index."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from litcheck.cli.common import (
    QueriesOpt,
    SemanticOpt,
    build_settings,
    err_console,
    guarded,
    write_output,
)


def evaluate(
    claims: Annotated[Path, typer.Argument(help="Labelled claims JSONL (SciFact format).")],
    index: Annotated[
        Path, typer.Option("--index", help="Local index folder (built from --corpus if missing).")
    ],
    corpus: Annotated[
        Path | None, typer.Option("--corpus", help="Corpus JSONL/XML to build the index from.")
    ] = None,
    qrels: Annotated[Path | None, typer.Option("--qrels", help="BEIR qrels TSV.")] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Write report.json, candidates.jsonl, reliability.png here."),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=100)] = 10,
    max_claims: Annotated[int | None, typer.Option("--max-claims", min=1)] = None,
    queries: QueriesOpt = None,
    semantic: SemanticOpt = False,
) -> None:
    """Recall@1/3/10, MRR@10, nDCG@10, ECE (10 bins) and AUROC over the top candidates."""
    with guarded():
        from litcheck.claims.read import claim_from_text
        from litcheck.claims.vocab import Vocabulary
        from litcheck.corpus.build import build_index, index_file
        from litcheck.evaluation.run import load_claims, plot_reliability, run_eval, summarise
        from litcheck.sources.local.source import LocalSource

        settings = build_settings(queries=queries)
        vocab = Vocabulary.load(settings.queries_dir)
        labelled = load_claims(claims, qrels)[:max_claims]
        built = False
        if corpus is not None and not index_file(index).exists():
            with err_console().status(f"building the index from {corpus}…"):
                build_index([corpus], index)
            built = True
        source = LocalSource.from_path(index)
        encoder = None
        if semantic:
            from litcheck.semantic import Encoder

            encoder = Encoder()
            encoder.load()
            if built:  # an index made for this run gets its vectors too (recall by meaning)
                from litcheck.cli.corpus import embed_with_progress

                source.index.close()
                embed_with_progress(index, encoder)
                source = LocalSource.from_path(index)
            if source.vector_model != encoder.model_name:
                err_console().print(
                    f"note: {index} has no vectors of {encoder.model_name}, so --semantic only "
                    f"re-ranks; to find records by meaning too, run: litcheck corpus embed {index}",
                    soft_wrap=True,
                )
        console = err_console()
        with console.status(f"checking {len(labelled)} labelled claims…"):
            run = run_eval(
                labelled,
                source,
                make_claim=lambda t: claim_from_text(t, vocab),
                limit=limit,
                semantic=encoder,
            )
        report = summarise(run, labelled)
        doc = report.to_json()
        write_output(json.dumps(doc, indent=2) + "\n", None)
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            (out / "report.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
            with (out / "candidates.jsonl").open("w", encoding="utf-8") as fh:
                for row in run.rows:
                    fh.write(json.dumps(row) + "\n")
            plot_reliability(report, out / "reliability.png")
        console.print(
            f"{report.ranking.claims} claims · nDCG@10 {report.ranking.ndcg10:.3f} · "
            f"recall@3 {report.ranking.recall[3]:.3f} · ECE {report.ece:.3f} · "
            f"AUROC {report.auroc:.3f}"
        )


def register(app: typer.Typer) -> None:
    """Add `eval` to `app`."""
    app.command("eval")(evaluate)
