"""Output formats: one `--format` option, one formatter per format."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Protocol

from litcheck.models import ClaimResult


class Formatter(Protocol):
    def format(self, results: Sequence[ClaimResult]) -> str:
        """Render results; the CLI decides where the string goes."""
        ...


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    MARKDOWN = "markdown"
    CSV = "csv"

    def to_formatter(
        self, *, width: int | None = None, color: bool = False, detail: bool = False
    ) -> Formatter:
        """The formatter for this format (imported lazily); `detail` applies to the table."""
        if self is OutputFormat.TABLE:
            from litcheck.formats.table import TableFormatter

            return TableFormatter(width=width, color=color, detail=detail)
        if self is OutputFormat.JSON:
            from litcheck.results.codec import JsonFormatter

            return JsonFormatter()
        if self is OutputFormat.JSONL:
            from litcheck.results.codec import JsonlFormatter

            return JsonlFormatter()
        if self is OutputFormat.MARKDOWN:
            from litcheck.formats.markdown import MarkdownFormatter

            return MarkdownFormatter()
        from litcheck.formats.csvout import CsvFormatter

        return CsvFormatter()
