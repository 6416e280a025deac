"""The batch progress bar and closing summary table (stderr only)."""

from __future__ import annotations

import time
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from litcheck.check.batch import BatchStats
from litcheck.models import ClaimResult


class BatchProgress:
    """Claims done, matched / weak / no match / skipped, requests sent and request rate."""

    def __init__(self, console: Console, *, total: int) -> None:
        self.console = console
        self.started = time.perf_counter()
        self.progress = Progress(
            TextColumn("[bold]checking"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[detail]}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        )
        self.task = self.progress.add_task("claims", total=total, detail="")

    def __enter__(self) -> BatchProgress:
        self.progress.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.progress.__exit__(exc_type, exc, tb)

    def update(self, result: ClaimResult, stats: BatchStats) -> None:
        s = stats.by_status
        elapsed = max(time.perf_counter() - self.started, 1e-6)
        detail = (
            f"[green]{s.get('matched', 0)} matched[/] [yellow]{s.get('weak', 0)} weak[/] "
            f"[red]{s.get('no_match', 0)} no match {s.get('skipped', 0)} skipped[/] "
            f"· {stats.requests} req ({stats.requests / elapsed:.1f}/s)"
        )
        self.progress.update(self.task, completed=stats.done, detail=detail)

    def print_summary(self, stats: BatchStats) -> None:
        table = Table(title="litcheck summary", show_header=True, header_style="bold")
        for col in ("claims", "matched", "weak", "no match", "skipped", "requests", "per claim"):
            table.add_column(col, justify="right")
        fresh = max(stats.total - stats.resumed, 1)
        s = stats.by_status
        table.add_row(
            str(stats.total),
            str(s.get("matched", 0)),
            str(s.get("weak", 0)),
            str(s.get("no_match", 0)),
            str(s.get("skipped", 0)),
            str(stats.requests),
            f"{stats.requests / fresh:.2f}",
        )
        self.console.print(table)
