"""`litcheck eval`'s work, behind the thin command in `litcheck.cli.evaluate`.

Two paths, measured the same way: the local path (`--index DIR`: a local index, built from
`--corpus` when missing) and the path users run (`--sources pubmed,litsense`: whatever
E-utilities and LitSense the environment points at, e.g. the project's stand-ins).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct

from litcheck.errors import ConfigError

if TYPE_CHECKING:
    from rich.console import Console

    from litcheck.evaluation.run import EvalReport, EvalRun
    from litcheck.semantic import Encoder
    from litcheck.settings import Settings
    from litcheck.sources.base import Source


class EvalOptions(Struct, frozen=True):
    claims: Path
    index: Path | None
    sources: str | None
    corpus: Path | None = None
    qrels: Path | None = None
    out: Path | None = None
    limit: int = 10
    max_claims: int | None = None
    semantic: bool = False


def evaluate(opts: EvalOptions, settings: Settings, console: Console) -> EvalReport:
    """Check the labelled claims on the chosen path; print the report JSON and a summary."""
    from litcheck.claims.read import claim_from_text
    from litcheck.claims.vocab import Vocabulary
    from litcheck.evaluation.run import load_claims, run_eval, summarise

    if (opts.index is None) == (opts.sources is None):
        raise ConfigError(
            "eval needs --index DIR (the local path) or --sources (the live path), not both",
            tip="e.g. litcheck eval claims.jsonl --sources pubmed,litsense",
        )
    vocab = Vocabulary.load(settings.queries_dir)
    labelled = load_claims(opts.claims, opts.qrels)[: opts.max_claims]
    encoder = _encoder() if opts.semantic else None
    sources = _sources(opts, settings, encoder, console)
    try:
        with console.status(f"checking {len(labelled)} labelled claims…"):
            run = run_eval(
                labelled,
                list(sources.values()),
                make_claim=lambda lc: claim_from_text(lc.text, vocab, context=lc.context),
                limit=opts.limit,
                semantic=encoder,
            )
    finally:
        for source in sources.values():
            source.close()
    report = summarise(run, labelled)
    _write(report, run, opts, "local" if opts.index is not None else "live")
    return report


def _encoder() -> Encoder:
    from litcheck.semantic import Encoder

    encoder = Encoder()
    encoder.load()
    return encoder


def _sources(
    opts: EvalOptions, settings: Settings, encoder: Encoder | None, console: Console
) -> dict[str, Source]:
    """The live sources named by `--sources`, or the local index (built and embedded if new)."""
    from litcheck.sources.registry import build_sources, parse_specs

    if opts.sources is not None:
        return build_sources(settings, parse_specs(opts.sources))
    from litcheck.corpus.build import build_index, index_file
    from litcheck.sources.local.source import LocalSource

    assert opts.index is not None
    built = False
    if opts.corpus is not None and not index_file(opts.index).exists():
        with console.status(f"building the index from {opts.corpus}…"):
            build_index([opts.corpus], opts.index)
        built = True
    if encoder is not None and built:  # an index made for this run gets its vectors too
        from litcheck.cli.corpus import embed_with_progress

        embed_with_progress(opts.index, encoder)
    source = LocalSource.from_path(opts.index)
    if encoder is not None and source.vector_model != encoder.model_name:
        console.print(
            f"note: {opts.index} has no vectors of {encoder.model_name}, so --semantic only "
            f"re-ranks; to find records by meaning too, run: litcheck corpus embed {opts.index}",
            soft_wrap=True,
        )
    return {source.key: source}


def _write(report: EvalReport, run: EvalRun, opts: EvalOptions, path: str) -> None:
    """The report JSON on stdout; with --out also report.json, candidates.jsonl, the plot."""
    import sys

    from litcheck.evaluation.run import plot_reliability

    doc = {"path": path, **report.to_json()}
    sys.stdout.write(json.dumps(doc, indent=2) + "\n")
    if opts.out is None:
        return
    opts.out.mkdir(parents=True, exist_ok=True)
    (opts.out / "report.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    with (opts.out / "candidates.jsonl").open("w", encoding="utf-8") as fh:
        for row in run.rows:
            fh.write(json.dumps(row) + "\n")
    plot_reliability(report, opts.out / "reliability.png", title=f"litcheck confidence ({path})")


def summary_line(report: EvalReport) -> str:
    """One stderr line: ranking, calibration and what the statuses delivered."""
    by = report.statuses.get("by_status", {})
    matched = by.get("matched", {})
    return (
        f"{report.ranking.claims} claims · nDCG@10 {report.ranking.ndcg10:.3f} · "
        f"recall@3 {report.ranking.recall[3]:.3f} · ECE {report.ece:.3f} · "
        f"AUROC {report.auroc:.3f} · top ECE {report.statuses.get('ece_top', 0):.3f} · "
        f"matched {matched.get('claims', 0)} ({matched.get('top1_right', 0):.0%} right) · "
        f"right-first labelled no_match "
        f"{report.statuses.get('right_first_labelled_no_match', 0):.0%}"
    )
