"""The terminal: a rich progress bar while running, then a table per service and feature."""

from __future__ import annotations

from collections import Counter, defaultdict

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from awscompat.engine.events import CaseFinished, Event, Notice, RunFinished, RunStarted

STYLE = {"pass": "green", "fail": "red", "unsupported": "magenta", "error": "yellow", "skip": "dim"}


class TerminalReporter:
    def __init__(self, console: Console | None = None, show_failures: int = 20, progress: bool = True) -> None:
        self.console = console or Console(stderr=True)
        self.show_failures = show_failures
        self.progress_enabled = progress
        self.by_feature: dict[str, Counter] = defaultdict(Counter)
        self.failures: list = []
        self._progress: Progress | None = None
        self._task = None

    def handle(self, event: Event) -> None:
        if isinstance(event, RunStarted):
            target = event.target.get("endpoint") or f"AWS {event.target.get('region')}"
            self.console.print(f"[bold]awscompat[/] run {event.run_id}: {event.total} cases against {target}")
            self.console.print(f"run folder: {event.out_dir}")
            if self.progress_enabled and self.console.is_terminal:
                self._progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                          TimeElapsedColumn(), console=self.console, transient=True)
                self._progress.start()
                self._task = self._progress.add_task("running", total=event.total)
        elif isinstance(event, Notice):
            style = {"error": "bold red", "warning": "yellow"}.get(event.level, "")
            self.console.print(f"[{style}]{event.level}:[/] {event.message}" if style else event.message)
        elif isinstance(event, CaseFinished):
            r = event.result
            self.by_feature[r.feature][r.outcome] += 1
            if r.outcome in ("fail", "unsupported") and len(self.failures) < self.show_failures:
                self.failures.append(r)
            if self._progress is not None:
                self._progress.advance(self._task)
        elif isinstance(event, RunFinished):
            if self._progress is not None:
                self._progress.stop()
            self.console.print(self.table())
            for r in self.failures:
                self.console.print(f"[{STYLE[r.outcome]}]{r.outcome.upper()}[/] {r.id}: {r.message}")
            c = event.counts
            status = "interrupted" if event.interrupted else ("incomplete" if event.incomplete else "complete")
            self.console.print(
                f"{sum(c.values())} cases in {event.duration_s:.1f}s ({status}): "
                + ", ".join(f"[{STYLE[k]}]{v} {k}[/]" for k, v in c.items() if v)
            )
            if event.leftovers:  # never reported clean what is not (engine/survey.py)
                self.console.print(f"[red]left on the target ({len(event.leftovers)}, run.json leftovers):[/]")
                for line in event.leftovers:
                    self.console.print(f"  {line}", markup=False)

    def table(self) -> Table:
        table = Table(title="results by service and feature")
        table.add_column("feature")
        for outcome in STYLE:
            table.add_column(outcome, justify="right", style=STYLE[outcome])
        table.add_column("pass rate", justify="right")
        for feature in sorted(self.by_feature):
            c = self.by_feature[feature]
            judged = c["pass"] + c["fail"] + c["unsupported"]
            rate = f"{100 * c['pass'] / judged:.1f}%" if judged else "-"
            table.add_row(feature, *(str(c[o]) for o in STYLE), rate)
        return table
