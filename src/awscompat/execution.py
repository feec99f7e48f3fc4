"""One run, from a selection and a ready target to a run folder: what `awscompat run`
(runcmd.execute) and the service's worker (service/execution.py) share. The callers differ in
where the target comes from (environment and flags, or the database) and in their reporters."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from awscompat.catalog import Selection, build_catalog
from awscompat.engine.events import Bus, Reporter
from awscompat.engine.ledger import Ledger, read_ledger
from awscompat.engine.namespace import Namespace
from awscompat.engine.runner import Runner, RunOptions, RunSummary
from awscompat.engine.sweep import Sweeper
from awscompat.engine.target import Target
from awscompat.engine.transport import Transport
from awscompat.reports.junit import write_junit
from awscompat.reports.runfolder import RunFolderWriter
from awscompat.results.digest import digest_of_lines
from awscompat.results.runfolder import has_output


class ExecutionError(Exception):
    """The run could not start (a selection that matches nothing, a run folder in use...)."""


@dataclass
class Plan:
    digest: str
    total: int
    services: list[str]


def plan(selection: Selection) -> Plan:
    """A first pass over the catalog: count, digest and services, keeping only the digest
    lines; the run streams a second pass, so memory does not grow with the number of cases."""
    lines: list[str] = []
    services: set[str] = set()
    try:
        for case in build_catalog(selection):
            lines.append(case.digest_line)
            services.add(case.service)
    except KeyError as exc:
        raise ExecutionError(str(exc.args[0])) from exc
    if not lines:
        raise ExecutionError("the selection matches no case (see `awscompat list`)")
    return Plan(digest_of_lines(lines), len(lines), sorted(services))


def check_out_dir(out_dir: Path) -> None:
    if has_output(out_dir):
        raise ExecutionError(f"{out_dir} already holds a run; give another --out (nothing was changed)")


def run_planned(target: Target, selection: Selection, planned: Plan, out_dir: Path, options: RunOptions, *,
                reporters: Sequence[Reporter] = (), lead: Sequence[Reporter] = (), extra_meta: dict | None = None,
                on_runner: Callable[[Runner], None] | None = None) -> RunSummary:
    """Run the plan: events go to the lead reporters, the run folder, then the reporters; the
    folder gets its junit.xml at the end."""
    out_dir.mkdir(parents=True, exist_ok=True)
    writer = RunFolderWriter(out_dir, selection.to_dict(), extra_meta)
    runner = Runner(target, lambda: build_catalog(selection), out_dir, options, Bus([*lead, writer, *reporters]),
                    total=planned.total, services=planned.services)
    if on_runner is not None:
        on_runner(runner)
    summary = runner.run(planned.digest)
    with contextlib.suppress(OSError):
        write_junit(out_dir, out_dir / "junit.xml")
    return summary


def sweep_ledger(run_dir: Path, target: Target, run_id: str | None = None) -> tuple[int, list[str]]:
    """Remove what a run left on the target, from its ledger, and nothing else (`awscompat
    cleanup`, the service's recovery). Returns (entries pending, what could not be removed)."""
    ledger_path = run_dir / "ledger.jsonl"
    header, entries = read_ledger(ledger_path)
    if not entries:
        return 0, []
    ns = Namespace(header.get("run_id") or run_id)
    ledger = Ledger(ledger_path, ns, resume=True)
    try:
        return len(entries), Sweeper(Transport(target, timeout=30.0), ns, ledger).sweep(entries)
    finally:
        with contextlib.suppress(Exception):
            ledger.close()
