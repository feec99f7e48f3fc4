"""`awscompat run` and `awscompat cleanup`: wiring the target, the catalog, the engine and the
reporters together. The service calls the same functions as the command line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console

from awscompat.catalog import Selection
from awscompat.catalog.select import DEFAULT_SERVICES
from awscompat.engine.embedded import ServerProcess, start_moto
from awscompat.engine.ledger import read_ledger
from awscompat.engine.runner import RunOptions
from awscompat.engine.target import (
    ConfiguredEndpoints,
    Target,
    TargetError,
    check_url,
    configured_endpoints,
    parse_endpoint_overrides,
    resolve_credentials,
    resolve_region,
    resolve_second_credentials,
)
from awscompat.engine.transport import TransportFault
from awscompat.execution import ExecutionError, check_out_dir, run_planned, sweep_ledger
from awscompat.execution import plan as plan_run
from awscompat.reports.junit import write_junit
from awscompat.reports.terminal import TerminalReporter
from awscompat.results.runfolder import RunFolderError, load_run

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
    budget: float | None = None  # --budget: the run's wall-clock budget in seconds
    retries: int = 2
    addressing: str | None = None
    verify_tls: bool | str = True
    disposable: bool = False
    out_dir: Path = Path("awscompat-runs/run")
    junit: Path | None = None
    quiet: bool = False
    faults: list[str] = field(default_factory=list)  # --fault specs: run through awscompat.faults.proxy
    keep_exchanges: bool = False  # every case's exchanges in results.jsonl (awscompat record/diff)
    aws_profile: str | None = None  # --profile: the AWS credentials profile (boto3's profile_name)
    console: Console | None = None  # where messages go (default: stderr); the Python API captures them
    rerun_failures: int = 0  # --rerun-failures N: re-run non-passing cases; changes mark them flaky
    provider_class: str | None = None  # --class cloud|emulator: recorded in run.json as `class`
    broker: str | None = None  # --broker: shards on Celery/Redis (engine/distributed)
    shards: int = 0
    visibility_timeout: float = 3600.0
    durations: list[str] = field(default_factory=list)
    request_path: str = "lean"  # --request-path: generated requests on the lean path or through the SDK
    client: str = "botocore"  # --client: botocore, js-v3, awscli, all (engine/clients.py)


DEFAULT_FAMILIES = ("recognised", "scenario")


def default_selection(selection: Selection) -> Selection:
    """No selection: the default families of the core services. Services alone (`-s s3 -s sqs`)
    keep the default families too: naming services narrows a run, it never widens it."""
    if not (selection.families or selection.features or selection.globs):
        if not selection.services:
            selection.services = list(DEFAULT_SERVICES)
        selection.families = list(DEFAULT_FAMILIES)
    return selection


def make_target(req: RunRequest, embedded_url: str | None, configured: ConfiguredEndpoints | None = None) -> Target:
    """Endpoints by precedence: --endpoint-url (or the embedded server), then what boto3 would
    configure (AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the config file); --endpoint-for
    overrides its service whatever the source."""
    configured = configured or ConfiguredEndpoints()
    region = resolve_region(req.region, req.aws_profile)
    endpoint = embedded_url or (check_url(req.endpoint) if req.endpoint else None)
    overrides = {} if endpoint else dict(configured.endpoints)
    endpoint = endpoint or configured.endpoint
    overrides.update(parse_endpoint_overrides(req.endpoint_for))
    creds = resolve_credentials(embedded=embedded_url is not None, profile=req.aws_profile)
    if creds is None:
        raise TargetError("no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
                          "(or AWS_PROFILE / ~/.aws/credentials)")
    addressing = req.addressing or ("path" if endpoint or overrides else "auto")
    embedded_only = embedded_url is not None and not overrides
    return Target(
        name=req.target_name or ("moto" if embedded_only else ("custom" if endpoint or overrides else "aws")),
        endpoint=endpoint, endpoints=overrides, region=region, addressing=addressing,
        verify_tls=req.verify_tls, disposable=req.disposable or embedded_only, credentials=creds,
        second_credentials=resolve_second_credentials(embedded=embedded_url is not None),
    )


def execute(req: RunRequest, extra_reporters: list | None = None) -> int:
    console = req.console or Console(stderr=True, soft_wrap=True)
    # --client (begin): one run per client; `all` (or a list) gives one run folder per client
    from awscompat.engine import clients

    try:
        names = clients.parse(req.client)
    except ValueError as exc:
        console.print(f"[red]error:[/] {exc}")
        return 2
    if len(names) > 1:
        return execute_clients(req, names, extra_reporters)
    req.client = names[0]
    if req.client != "botocore" and req.broker:
        console.print(f"[red]error:[/] --client {req.client} runs in this process only, not with --broker")
        return 2
    try:
        described = clients.describe(req.client)
    except clients.ClientUnavailable as exc:
        console.print(f"[red]error:[/] client {req.client}: {exc}")
        return 2
    # --client (end)
    if req.endpoint and req.target_name:
        console.print("[red]error:[/] give --endpoint or --target, not both")
        return 2
    if req.target_name and req.target_name not in EMBEDDED:
        console.print(f"[red]error:[/] unknown target {req.target_name!r}; known: {', '.join(EMBEDDED)}")
        return 2
    selection = default_selection(req.selection)
    try:
        planned = plan_run(selection)
        check_out_dir(req.out_dir)
    except ExecutionError as exc:
        console.print(f"[red]error:[/] {exc}")
        return 2
    # --fault (begin): the plan is checked before anything starts
    from awscompat.faults.proxy import FaultFront, FaultSpecError, parse_faults

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
        configured = ConfiguredEndpoints()
        if not req.endpoint and not req.target_name:
            try:
                configured = configured_endpoints(planned.services, req.aws_profile)
            except TargetError as exc:
                console.print(f"[red]error:[/] {exc}")
                return 2
        if not req.endpoint and not (configured.endpoint or configured.endpoints):
            req.out_dir.mkdir(parents=True, exist_ok=True)
            try:
                server = start_moto(log=req.out_dir / "moto.log")
            except RuntimeError as exc:
                console.print(f"[red]error:[/] could not start the embedded moto server: {exc}")
                return 3
            embedded_url = server.url
        try:
            target = make_target(req, embedded_url, configured)
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
        options = RunOptions(req.concurrency, req.timeout, req.retries, selection.read_only,
                             keep_exchanges=req.keep_exchanges, workers=req.workers,
                             budget=req.budget, rerun_failures=req.rerun_failures, broker=req.broker,
                             shards=req.shards, visibility_timeout=req.visibility_timeout, durations=req.durations,
                             request_path=req.request_path, client=req.client)
        terminal = TerminalReporter(console, progress=not req.quiet)
        summary = run_planned(target, selection, planned, req.out_dir, options, lead=[front] if front else [],
                              reporters=[terminal, *(extra_reporters or [])], on_runner=terminal.watch,
                              extra_meta={**endpoint_sources(req, configured), **(front.extra() if front else {}),
                                          "client": described,
                                          **({"class": req.provider_class} if req.provider_class else {})})
    finally:
        if front is not None:  # --fault
            front.stop()
        if server is not None:
            server.stop()
    if req.junit:
        write_junit(req.out_dir, req.junit)
    return summary.exit_code


def execute_clients(req: RunRequest, names: list[str], extra_reporters: list | None = None) -> int:
    """--client all (or a list): the same selection once per client, each in <out>/<client>/;
    <out>/clients.json names them. Exit code: the worst of the runs (3, then 2, then 1)."""
    import dataclasses
    import json

    console = req.console or Console(stderr=True, soft_wrap=True)
    if (req.out_dir / "clients.json").exists():
        console.print(f"[red]error:[/] {req.out_dir} already holds a run; give another --out (nothing was changed)")
        return 2
    codes: dict[str, int] = {}
    for name in names:
        console.print(f"client {name}: run folder {req.out_dir / name}")
        sub = dataclasses.replace(req, client=name, out_dir=req.out_dir / name,
                                  junit=req.junit.with_name(f"{req.junit.stem}-{name}{req.junit.suffix}") if req.junit else None,
                                  selection=dataclasses.replace(req.selection))
        codes[name] = execute(sub, extra_reporters)
    req.out_dir.mkdir(parents=True, exist_ok=True)
    (req.out_dir / "clients.json").write_text(json.dumps(
        {"clients": [{"client": n, "run": n, "exit_code": c} for n, c in codes.items()]}, indent=2) + "\n",
        encoding="utf-8")
    return next((c for c in (3, 2, 1) if c in codes.values()), 0)


def endpoint_sources(req: RunRequest, configured: ConfiguredEndpoints) -> dict:
    """Where each endpoint came from, for run.json ("*" is every service)."""
    sources: dict[str, str] = {}
    if req.endpoint:
        sources["*"] = "--endpoint-url"
    elif req.target_name or not (configured.endpoint or configured.endpoints):
        sources["*"] = "embedded moto"
    else:
        sources.update(configured.sources)
    for value in req.endpoint_for:
        sources[value.partition("=")[0].strip()] = "--endpoint-for"
    return {"endpoint_source": sources}


def cleanup_run(run_dir: Path, aws_profile: str | None = None) -> int:
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
        creds = resolve_credentials(embedded=False, profile=aws_profile)
    except TargetError as exc:
        console.print(f"[red]error:[/] {exc}")
        return 2
    if creds is None:
        console.print("[red]error:[/] no AWS credentials found (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)")
        return 2
    try:
        region = t.get("region") or resolve_region(None, aws_profile)
    except TargetError as exc:
        console.print(f"[red]error:[/] {exc}")
        return 2
    target = Target(name=t.get("name", "custom"), endpoint=t.get("endpoint"), endpoints=t.get("endpoints") or {},
                    region=region, addressing=t.get("addressing", "path"),
                    verify_tls=t.get("verify_tls", True), credentials=creds)
    try:
        pending, problems = sweep_ledger(run_dir, target, meta.get("run_id"))
    except TransportFault as fault:
        console.print(f"[red]error:[/] {fault}")
        return 3
    removed = pending - len(problems)
    console.print(f"removed {removed} of {pending} ledgered resource(s) of run {header.get('run_id') or meta.get('run_id')}")
    for line in problems:
        console.print(f"[yellow]left:[/] {line}")
    return 1 if problems else 0
