"""Running the engine for the service: the same catalog, Runner, run folder and JUnit writer as
`awscompat run` (runcmd.execute), with the target built from the database (credentials
decrypted in memory only) instead of the environment, and the service's reporters on the bus."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from awscompat.catalog import Selection, build_catalog
from awscompat.catalog.select import digest_of_lines
from awscompat.engine.events import Bus, Reporter
from awscompat.engine.ledger import Ledger, read_ledger
from awscompat.engine.namespace import Namespace
from awscompat.engine.runner import Runner, RunOptions, RunSummary
from awscompat.engine.sweep import Sweeper
from awscompat.engine.target import Credentials, Target
from awscompat.engine.transport import Transport
from awscompat.ratings import load_profile
from awscompat.ratings.select import profile_selection
from awscompat.reports.junit import write_junit
from awscompat.reports.runfolder import RunFolderWriter, load_run


class ExecutionError(Exception):
    """The run could not start (a selection that matches nothing, a target refused...)."""


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
    lines: list[str] = []
    services: set[str] = set()
    try:
        for case in build_catalog(selection):
            lines.append(case.digest_line)
            services.add(case.service)
    except KeyError as exc:
        raise ExecutionError(str(exc.args[0])) from exc
    if not lines:
        raise ExecutionError("the selection matches no case")
    if (out_dir / "run.json").exists():
        raise ExecutionError(f"{out_dir} already holds a run")
    digest, total = digest_of_lines(lines), len(lines)
    del lines
    out_dir.mkdir(parents=True, exist_ok=True)
    writer = RunFolderWriter(out_dir, selection.to_dict(), extra_meta)
    bus = Bus([writer, *reporters])
    runner = Runner(target, lambda: build_catalog(selection), out_dir, options, bus, total=total,
                    services=sorted(services))
    if on_runner is not None:
        on_runner(runner)
    summary = runner.run(digest)
    with contextlib.suppress(OSError):
        write_junit(out_dir, out_dir / "junit.xml")
    return EngineRun(summary, total, digest)


def sweep_leftovers(run_dir: Path, target: Target) -> list[str]:
    """Remove what an interrupted attempt left on the target, from its ledger (as `awscompat
    cleanup` does). Returns what could not be removed."""
    ledger_path = run_dir / "ledger.jsonl"
    if not ledger_path.is_file():
        return []
    header, entries = read_ledger(ledger_path)
    if not entries:
        return []
    meta = {}
    with contextlib.suppress(Exception):
        meta = load_run(run_dir)
    ns = Namespace(header.get("run_id") or meta.get("run_id"))
    ledger = Ledger(ledger_path, ns, resume=True)
    try:
        return Sweeper(Transport(target, timeout=30.0), ns, ledger).sweep(entries)
    finally:
        with contextlib.suppress(Exception):
            ledger.close()
