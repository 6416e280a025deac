"""`litcheck extract FILE`: the check-worthy claims litcheck finds in an article."""

from __future__ import annotations

from pathlib import Path

import click

from litcheck.cli.base import LitcheckCommand
from litcheck.cli.common import (
    PATH,
    argument,
    build_settings,
    guarded,
    queries_option,
    write_output,
)

EXTRACT_FORMATS = ("text", "jsonl")


@click.command("extract", cls=LitcheckCommand)
@argument("file", type=PATH, help="An article: .txt, .md or .html.")
@click.option(
    "--format",
    "-f",
    "output_format",
    type=click.Choice(EXTRACT_FORMATS),
    default="text",
    help="text: line number and claim; jsonl: also each claim's kind, facets and context.",
)
@queries_option
@click.option(
    "--checked",
    is_flag=True,
    help="Print each claim as checked: references resolved, inherited words in [brackets].",
)
def extract(file: Path, output_format: str, queries: Path | None, checked: bool) -> None:
    """Print the check-worthy claims in FILE (studies, approvals, numbers, mechanisms, safety,
    history, ...); --format jsonl adds each claim's kind, facets and context."""
    with guarded():
        import json

        from litcheck.claims.read import read_claims_file
        from litcheck.claims.vocab import Vocabulary
        from litcheck.models.context import context_to_json
        from litcheck.results.codec import facets_to_dict

        settings = build_settings(queries=queries)
        claims = read_claims_file(file, Vocabulary.load(settings.queries_dir), extract=True)
        if output_format == "jsonl":
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


def register(app: click.Group) -> None:
    """Add `extract` to `app`."""
    app.add_command(extract)
