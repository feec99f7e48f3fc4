"""The terminal: a rich progress bar while running (naming the case that has run longest), then
a summary that leads: a banner when the run is killed, interrupted or incomplete, a per-service
rollup above the feature table, the most important failures (required first, then by their
feature's weight; the cut says how many more and where), what the result means, and the
commands that come next (reports/leading.py)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from awscompat.engine.events import CaseFinished, Event, Notice, RunFinished, RunStarted
from awscompat.reports.leading import banner, by_service, failure_key, meaning, more_line, next_steps

STYLE = {"pass": "green", "fail": "red", "unsupported": "magenta", "error": "yellow", "skip": "dim"}
Slowest = Callable[[], "tuple[str, float] | None"]


class SlowestColumn(ProgressColumn):
    """The case in flight for the longest time, e.g. `slowest: s3/scenario/x (9.2s)`."""

    def __init__(self, slowest: Slowest | None) -> None:
        super().__init__()
        self.slowest = slowest

    def render(self, task) -> Text:
        found = self.slowest() if self.slowest is not None else None
        if not found:
            return Text("")
        cid, seconds = found
        return Text(f"slowest: {cid} ({seconds:.1f}s)", style="dim")


class TerminalReporter:
    def __init__(self, console: Console | None = None, show_failures: int = 20, progress: bool = True,
                 next_steps: bool = True) -> None:
        self.console = console or Console(stderr=True)
        self.show_failures = show_failures
        self.progress_enabled = progress
        self.next_steps = next_steps
        self.by_feature: dict[str, Counter] = defaultdict(Counter)
        self.failures: list = []  # the most important non-passing results so far (bounded)
        self.failed = 0  # fail + unsupported seen
        self.slowest: Slowest | None = None  # set by watch(runner)
        self.out_dir = "."
        self.total = 0
        self.services: list[str] = []
        self._progress: Progress | None = None
        self._task = None

    def watch(self, runner) -> None:
        """Name the runner's longest-running case on the progress line."""
        self.slowest = runner.slowest

    def handle(self, event: Event) -> None:
        if isinstance(event, RunStarted):
            self.out_dir, self.total = event.out_dir, event.total
            target = event.target.get("endpoint") or (", ".join(f"{k}={v}" for k, v in event.target.get("endpoints", {}).items())
                                                      or f"AWS {event.target.get('region')}")
            self.console.print(f"[bold]awscompat[/] run {event.run_id}: {event.total} cases against {target}")
            self.console.print(f"run folder: {event.out_dir}")
            if self.progress_enabled and self.console.is_terminal:
                self._progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                          TimeElapsedColumn(), SlowestColumn(lambda: self.slowest and self.slowest()),
                                          console=self.console, transient=True)
                self._progress.start()
                self._task = self._progress.add_task("running", total=event.total)
        elif isinstance(event, Notice):
            style = {"error": "bold red", "warning": "yellow"}.get(event.level, "")
            self.console.print(f"[{style}]{event.level}:[/] {event.message}" if style else event.message)
        elif isinstance(event, CaseFinished):
            r = event.result
            self.by_feature[r.feature][r.outcome] += 1
            if r.service not in self.services:
                self.services.append(r.service)
            if r.outcome in ("fail", "unsupported"):
                self.failed += 1
                first = (r.message or "").strip().splitlines()[0] if (r.message or "").strip() else ""
                self.failures.append({"id": r.id, "outcome": r.outcome, "severity": r.severity,
                                      "message": first[:200] + ("…" if len(first) > 200 else "")})
                if len(self.failures) > 4 * self.show_failures:
                    self.failures = sorted(self.failures, key=failure_key)[:self.show_failures]
            if self._progress is not None:
                self._progress.advance(self._task)
        elif isinstance(event, RunFinished):
            if self._progress is not None:
                self._progress.stop()
            self.summary(event)

    def summary(self, event: RunFinished) -> None:
        c = event.counts
        status = "interrupted" if event.interrupted else ("incomplete" if c.get("error") else "complete")
        meta = {"status": status, "finished": True, "counts": c, "cases": self.total}
        warn = banner(meta, c)
        if warn:
            self.console.print(f"[bold yellow]{warn}[/]")
        self.console.print(self.table("results by service", by_service(self.by_feature)))
        self.console.print(self.table("results by feature", self.by_feature))
        shown = sorted(self.failures, key=failure_key)[:self.show_failures]
        if shown:
            self.console.print("[bold]failures[/] (required first, then by the weight of their feature):")
        for r in shown:
            sev = "" if r["severity"] == "required" else " [dim](advisory)[/]"
            self.console.print(f"[{STYLE[r['outcome']]}]{r['outcome'].upper()}[/]{sev} {r['id']}: {r['message']}")
        more = more_line(len(shown), self.failed,
                         f"every one is in {self.out_dir}/results.jsonl; `awscompat report {self.out_dir} --html "
                         f"{self.out_dir}/report.html` shows them with evidence")
        if more:
            self.console.print(more)
        self.console.print(
            f"{sum(c.values())} cases in {event.duration_s:.1f}s ({status}): "
            + ", ".join(f"[{STYLE[k]}]{v} {k}[/]" for k, v in c.items() if v)
        )
        if event.leftovers:  # never reported clean what is not (engine/survey.py)
            self.console.print(f"[red]left on the target ({len(event.leftovers)}, run.json leftovers):[/]")
            for line in event.leftovers:
                self.console.print(f"  {line}", markup=False)
        if self.next_steps:
            self.console.print(meaning(meta, c))
            self.console.print("next:")
            for step in next_steps(self.out_dir, self.services):
                self.console.print(f"  {step}", highlight=False)

    def table(self, title: str = "results by feature", rows: dict[str, Counter] | None = None) -> Table:
        rows = self.by_feature if rows is None else rows
        table = Table(title=title)
        table.add_column(title.rsplit(" ", 1)[-1])
        for outcome in STYLE:
            table.add_column(outcome, justify="right", style=STYLE[outcome])
        table.add_column("pass rate", justify="right")
        for key in sorted(rows):
            c = rows[key]
            judged = c["pass"] + c["fail"] + c["unsupported"]
            rate = f"{100 * c['pass'] / judged:.1f}%" if judged else "-"
            table.add_row(key, *(str(c[o]) for o in STYLE), rate)
        return table
