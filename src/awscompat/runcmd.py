"""`awscompat run` and `awscompat cleanup`: wiring the target, the catalog, the engine and the
reporters together. The service calls the same functions as the command line."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console

from awscompat.catalog import Selection, build_catalog
from awscompat.catalog.select import DEFAULT_SERVICES, digest_of_lines
from awscompat.engine.embedded import ServerProcess, start_moto
from awscompat.engine.events import Bus
from awscompat.engine.ledger import Ledger, read_ledger
from awscompat.engine.namespace import Namespace
from awscompat.engine.runner import Runner, RunOptions
from awscompat.engine.sweep import Sweeper
from awscompat.engine.target import (
    Target,
    TargetError,
    check_url,
    parse_endpoint_overrides,
    resolve_credentials,
    resolve_region,
)
from awscompat.engine.transport import Transport, TransportFault
from awscompat.reports.junit import write_junit
from awscompat.reports.runfolder import RunFolderError, RunFolderWriter, load_run
from awscompat.reports.terminal import TerminalReporter

EMBEDDED = ("moto",)


@dataclass
class RunRequest:
    endpoint: str | None = None
    target_name: str | None = None
    endpoint_for: list[str] = field(default_factory=list)
    region: str | None = None
    selection: Selection = field(default_factory=Selection)
    concurrency: int = 16
    workers: int = 1  # processes (engine/workers.py)
    timeout: float = 30.0
    retries: int = 2
    addressing: str | None = None
    verify_tls: bool | str = True
    disposable: bool = False
    out_dir: Path = Path("awscompat-runs/run")
    junit: Path | None = None
    quiet: bool = False
    faults: list[str] = field(default_factory=list)  # --fault specs: run through awscompat.faultproxy
    keep_exchanges: bool = False  # every case's exchanges in results.jsonl (awscompat record/diff)


def default_selection(selection: Selection) -> Selection:
    if not (selection.services or selection.families or selection.features or selection.globs):
        selection.services = list(DEFAULT_SERVICES)
        selection.families = ["recognised", "scenario"]
    return selection


def make_target(req: RunRequest, embedded_url: str | None) -> Target:
    region = resolve_region(req.region)
    endpoint = embedded_url or (check_url(req.endpoint) if req.endpoint else None)
    overrides = parse_endpoint_overrides(req.endpoint_for)
    creds = resolve_credentials(embedded=embedded_url is not None)
    if creds is None:
        raise TargetError("no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
                          "(or AWS_PROFILE / ~/.aws/credentials)")
    addressing = req.addressing or ("path" if endpoint or overrides else "auto")
    embedded_only = embedded_url is not None and not overrides
    return Target(
        name=req.target_name or ("moto" if embedded_only else ("custom" if endpoint or overrides else "aws")),
        endpoint=endpoint, endpoints=overrides, region=region, addressing=addressing,
        verify_tls=req.verify_tls, disposable=req.disposable or embedded_only, credentials=creds,
    )


def execute(req: RunRequest, extra_reporters: list | None = None) -> int:
    console = Console(stderr=True, soft_wrap=True)
    if req.endpoint and req.target_name:
        console.print("[red]error:[/] give --endpoint or --target, not both")
        return 2
    if req.target_name and req.target_name not in EMBEDDED:
        console.print(f"[red]error:[/] unknown target {req.target_name!r}; known: {', '.join(EMBEDDED)}")
        return 2
    selection = default_selection(req.selection)
    try:
        # First pass: count, digest and services, keeping only the digest lines; the run streams
        # a second pass, so memory does not grow with the number of cases.
        lines, services = [], set()
        for case in build_catalog(selection):
            lines.append(case.digest_line)
            services.add(case.service)
    except KeyError as exc:
        console.print(f"[red]error:[/] {exc.args[0]}")
        return 2
    if not lines:
        console.print("[red]error:[/] the selection matches no case (see `awscompat list`)")
        return 2
    if (req.out_dir / "run.json").exists() or (req.out_dir / "results.jsonl").exists():
        console.print(f"[red]error:[/] {req.out_dir} already holds a run; give another --out (nothing was changed)")
        return 2
    # --fault (begin): the plan is checked before anything starts
    from awscompat.faultproxy import FaultFront, FaultSpecError, parse_faults

    try:
        plan = parse_faults(req.faults) if req.faults else None
    except FaultSpecError as exc:
        console.print(f"[red]error:[/] {exc}")
        return 2
    front: FaultFront | None = None
    # --fault (end)
    server: ServerProcess | None = None
    try:
        embedded_url = None
        if not req.endpoint:
            req.out_dir.mkdir(parents=True, exist_ok=True)
            try:
                server = start_moto(log=req.out_dir / "moto.log")
            except RuntimeError as exc:
                console.print(f"[red]error:[/] could not start the embedded moto server: {exc}")
                return 3
            embedded_url = server.url
        try:
            target = make_target(req, embedded_url)
        except TargetError as exc:
            console.print(f"[red]error:[/] {exc}")
            return 2
        # --fault (begin): a proxy in front of each distinct endpoint, for this run only
        if plan is not None:
            front = FaultFront(target, plan)
            try:
                target = front.start()
            except (FaultSpecError, RuntimeError) as exc:
                console.print(f"[red]error:[/] {exc}")
                return 2 if isinstance(exc, FaultSpecError) else 3
            console.print(front.describe())
        # --fault (end)
        digest = digest_of_lines(lines)
        total = len(lines)
        del lines
        writer = RunFolderWriter(req.out_dir, selection.to_dict(), front.extra() if front else None)
        bus = Bus([*([front] if front else []), writer, TerminalReporter(console, progress=not req.quiet),
                   *(extra_reporters or [])])
        runner = Runner(target, lambda: build_catalog(selection), req.out_dir,
                        RunOptions(req.concurrency, req.timeout, req.retries, selection.read_only,
                                   keep_exchanges=req.keep_exchanges, workers=req.workers), bus,
                        total=total, services=sorted(services))
        summary = runner.run(digest)
    finally:
        if front is not None:  # --fault
            front.stop()
        if server is not None:
            server.stop()
    junit_path = req.out_dir / "junit.xml"
    write_junit(req.out_dir, junit_path)
    if req.junit:
        write_junit(req.out_dir, req.junit)
    return summary.exit_code


def cleanup_run(run_dir: Path) -> int:
    console = Console(stderr=True, soft_wrap=True)
    try:
        meta = load_run(run_dir)
    except RunFolderError as exc:
        console.print(f"[red]error:[/] {exc}")
        return 2
    ledger_path = run_dir / "ledger.jsonl"
    if not ledger_path.is_file():
        console.print(f"[red]error:[/] {run_dir} has no ledger.jsonl")
        return 2
    header, entries = read_ledger(ledger_path)
    if not entries:
        console.print("nothing to clean: every resource in the ledger is already removed")
        return 0
    t = meta.get("target", {})
    if t.get("name") in EMBEDDED and not t.get("endpoints"):
        console.print(f"the run's target was an embedded {t['name']} server, gone with the run: nothing to clean")
        return 0
    try:
        creds = resolve_credentials(embedded=False)
    except TargetError as exc:
        console.print(f"[red]error:[/] {exc}")
        return 2
    if creds is None:
        console.print("[red]error:[/] no AWS credentials found (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)")
        return 2
    try:
        region = t.get("region") or resolve_region(None)
    except TargetError as exc:
        console.print(f"[red]error:[/] {exc}")
        return 2
    target = Target(name=t.get("name", "custom"), endpoint=t.get("endpoint"), endpoints=t.get("endpoints") or {},
                    region=region, addressing=t.get("addressing", "path"),
                    verify_tls=t.get("verify_tls", True), credentials=creds)
    ns = Namespace(header.get("run_id") or meta.get("run_id"))
    ledger = Ledger(ledger_path, ns, resume=True)
    try:
        problems = Sweeper(Transport(target, timeout=30.0), ns, ledger).sweep(entries)
    except TransportFault as fault:
        console.print(f"[red]error:[/] {fault}")
        return 3
    finally:
        with contextlib.suppress(Exception):
            ledger.close()
    removed = len(entries) - len(problems)
    console.print(f"removed {removed} of {len(entries)} ledgered resource(s) of run {ns.run_id}")
    for line in problems:
        console.print(f"[yellow]left:[/] {line}")
    return 1 if problems else 0
