"""`litcheck extract FILE`: the check-worthy claims litcheck finds in an article."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from litcheck.cli.common import QueriesOpt, build_settings, guarded, write_output


class ExtractFormat(StrEnum):
    TEXT = "text"
    JSONL = "jsonl"


def extract(
    file: Annotated[Path, typer.Argument(help="An article: .txt, .md or .html.")],
    output_format: Annotated[ExtractFormat, typer.Option("--format", "-f")] = ExtractFormat.TEXT,
    queries: QueriesOpt = None,
    checked: Annotated[
        bool,
        typer.Option(
            "--checked",
            help="Print each claim as checked: references resolved, inherited words in [brackets].",
        ),
    ] = False,
) -> None:
    """Print the check-worthy claims in FILE (studies, approvals, numbers, mechanisms, safety,
    history, ...); --format jsonl adds each claim's kind, facets and context."""
    with guarded():
        from litcheck.claims.read import read_claims_file
        from litcheck.claims.vocab import Vocabulary
        from litcheck.models.context import context_to_json
        from litcheck.results.codec import facets_to_dict

        settings = build_settings(queries=queries)
        claims = read_claims_file(file, Vocabulary.load(settings.queries_dir), extract=True)
        if output_format is ExtractFormat.JSONL:
            lines = [
                json.dumps(
                    {
                        "id": c.id,
                        "text": c.text,
                        "origin": {"file": c.origin.file, "line": c.origin.line},
                        "facets": facets_to_dict(c.facets),
                        "kind": c.kind,
                        "context": context_to_json(c.context),
                    },
                    ensure_ascii=False,
                )
                for c in claims
            ]
        else:
            lines = [f"{c.origin.line}\t{c.query_text if checked else c.text}" for c in claims]
        write_output("\n".join(lines) + ("\n" if lines else ""), None)


def register(app: typer.Typer) -> None:
    """Add `extract` to `app`."""
    app.command("extract")(extract)
