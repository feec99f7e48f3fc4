"""Running the engine for the service: awscompat.execution, as `awscompat run` uses it, with the
target built from the database (credentials decrypted in memory only) instead of the
environment, and the service's reporters on the bus."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from awscompat.catalog import Selection
from awscompat.engine.events import Reporter
from awscompat.engine.runner import Runner, RunOptions, RunSummary
from awscompat.engine.target import Credentials, Target
from awscompat.execution import ExecutionError, plan, run_planned, sweep_ledger
from awscompat.ratings import load_profile
from awscompat.ratings.select import profile_selection
from awscompat.results.runfolder import is_run_folder, load_run

__all__ = ["EngineRun", "ExecutionError", "engine_target", "run_engine", "selection_for", "sweep_leftovers"]


def selection_for(profiles: list[str]) -> Selection:
    """The union of the profiles' selections: their services and their case globs."""
    services: list[str] = []
    globs: list[str] = []
    for name in profiles:
        sel = profile_selection(load_profile(name))
        services += [s for s in sel.services if s not in services]
        globs += [g for g in sel.globs if g not in globs]
    return Selection(services=services, globs=globs)


def engine_target(name: str, endpoint: str | None, endpoints: dict[str, str], region: str, addressing: str,
                  verify_tls: bool, disposable: bool, credentials: Credentials) -> Target:
    return Target(name=name, endpoint=endpoint, endpoints=dict(endpoints), region=region, addressing=addressing,
                  verify_tls=verify_tls, disposable=disposable, credentials=credentials)


@dataclass
class EngineRun:
    summary: RunSummary
    total: int
    digest: str


def run_engine(target: Target, selection: Selection, out_dir: Path, options: RunOptions,
               reporters: list[Reporter], on_runner: Callable[[Runner], None] | None = None,
               extra_meta: dict | None = None) -> EngineRun:
    planned = plan(selection)
    if is_run_folder(out_dir):
        raise ExecutionError(f"{out_dir} already holds a run")
    summary = run_planned(target, selection, planned, out_dir, options, reporters=reporters, extra_meta=extra_meta,
                          on_runner=on_runner)
    return EngineRun(summary, planned.total, planned.digest)


def sweep_leftovers(run_dir: Path, target: Target) -> list[str]:
    """Remove what an interrupted attempt left on the target, from its ledger (as `awscompat
    cleanup` does). Returns what could not be removed."""
    if not (run_dir / "ledger.jsonl").is_file():
        return []
    run_id = None
    with contextlib.suppress(Exception):
        run_id = load_run(run_dir).get("run_id")
    return sweep_ledger(run_dir, target, run_id)[1]
