"""`awscompat footprint` and `awscompat advise`: the portability advisor."""

from __future__ import annotations

import json
import shlex
import sys
import time
from pathlib import Path

import click

from awscompat.cli.commands._common import UsageError

EXIT_CANNOT_MOVE = 1


def register(main: click.Group) -> None:
    main.add_command(footprint)
    main.add_command(advise)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Footprint JSON to write ('-' for stdout).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="Worker processes for Python files [default: CPUs, up to 8; 1 for small trees].")
@click.option("--parse-all", is_flag=True,
              help="Also parse Python files that name no AWS SDK (they cannot add to the footprint), to "
                   "report their syntax errors too.")
@click.option("--quiet", "-q", is_flag=True, help="No summary on stderr.")
def footprint(paths: tuple[Path, ...], out: Path, jobs: int | None, parse_all: bool, quiet: bool) -> None:
    """Which AWS operations a workload uses: read Python source (never executed), CloudTrail logs
    (.json / .json.gz), IAM policies (JSON) and CloudFormation templates (JSON / YAML).

    Directories are walked. A file that cannot be read is reported with its reason and skipped;
    the footprint of everything else is still written. Python files that name no AWS SDK are
    not parsed unless --parse-all. Exit code 0, or 2 on a usage error.
    """
    from awscompat.advisor.collect import build_footprint

    start = time.monotonic()
    fp = build_footprint(list(paths), jobs=jobs, parse_all=parse_all)
    data = fp.to_dict()
    if str(out) == "-":
        click.echo(json.dumps(data, indent=1))
    else:
        try:
            fp.write(out)
        except OSError as exc:
            raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from exc
    if not quiet:
        s = data["summary"]
        files = ", ".join(f"{n} {k}" for k, n in data["files"].items()) or "no input"
        click.echo(f"footprint: {s['operations']} operations in {s['services']} services ({s['used']} used, "
                   f"{s['permitted']} permitted only) from {files}; {s['unresolved']} unresolved, "
                   f"{s['problems']} problems; {time.monotonic() - start:.1f}s", err=True)
        for p in data["problems"][:20]:
            click.echo(f"  skipped {p['file']}: {p['reason']}", err=True)
        if len(data["problems"]) > 20:
            click.echo(f"  ... and {len(data['problems']) - 20} more (see the footprint's problems)", err=True)
        if str(out) != "-":
            click.echo(f"wrote {out}", err=True)


@click.command()
@click.argument("footprint_file", metavar="FOOTPRINT", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--results", "results", multiple=True, metavar="[NAME=]DIR",
              help="A run folder (repeatable). NAME defaults to the run's target name (host:port for an "
                   "unnamed endpoint).")
@click.option("--service-url", metavar="URL", help="Read the providers' latest runs from the compatibility service.")
@click.option("--provider", "gate", metavar="NAME",
              help="The provider whose verdict sets the exit code [default: the only one, if one].")
@click.option("--fail-on", type=click.Choice(["cannot", "caveats"]), default="cannot", show_default=True,
              help="Exit 1 when the gating provider 'cannot move', or also when it moves 'with caveats'.")
@click.option("--min-confidence", type=click.Choice(["high", "medium", "low"]), default="medium", show_default=True,
              help="Judge only operations seen with at least this confidence.")
@click.option("--include-permitted", is_flag=True, help="Also judge operations only IAM policies permit.")
@click.option("--markdown", "md_out", metavar="FILE", help="Write Markdown here ('-' for stdout; the default).")
@click.option("--json", "json_out", metavar="FILE", help="Write JSON here ('-' for stdout).")
@click.option("--max-cases", type=click.IntRange(1, 1000), default=5, show_default=True,
              help="Failing cases shown per operation in Markdown (JSON has all).")
def advise(footprint_file: Path, results: tuple[str, ...], service_url: str | None, gate: str | None, fail_on: str,
           min_confidence: str, include_permitted: bool, md_out: str | None, json_out: str | None,
           max_cases: int) -> None:
    """Which providers can run this workload, and what would break: the footprint's operations
    against providers' results.

    \b
    Verdict per provider:
      can move               every used operation has cases and all of them pass
      can move with caveats  only advisory failures, or operations never tested
      cannot move            a required case fails or is unsupported for a used operation
    Exit codes: 0 the gating provider can move (or none gates); 1 it cannot move (with
    --fail-on caveats: also when it moves with caveats); 2 usage error.
    """
    from awscompat.advisor.advise import CANNOT_MOVE, CAVEATS, Criteria, to_json
    from awscompat.advisor.advise import advise as run_advise
    from awscompat.advisor.footprint import Footprint, FootprintError
    from awscompat.advisor.markdown import render_markdown
    from awscompat.advisor.providers import ProviderError, from_run_folder, from_service, unique_names

    if not results and not service_url:
        raise UsageError("name the providers' results: --results [NAME=]DIR (repeatable) or --service-url URL")
    try:
        fp = Footprint.load(footprint_file)
    except FootprintError as exc:
        raise UsageError(str(exc)) from exc
    wanted = set(fp.operations(include_permitted=True))
    try:
        providers = [from_run_folder(spec, wanted) for spec in results]
        if service_url:
            providers += from_service(service_url, wanted)
    except ProviderError as exc:
        raise UsageError(str(exc)) from exc
    if not providers:
        raise UsageError(f"{service_url} lists no provider with a run")
    unique_names(providers)
    advice = run_advise(fp, str(footprint_file), providers, Criteria(min_confidence, include_permitted))
    gating = gate or (providers[0].name if len(providers) == 1 else None)
    gate_info = None
    code = 0
    if gating:
        chosen = advice.provider(gating)
        if chosen is None:
            raise UsageError(f"--provider {gating!r} is none of: {', '.join(p.name for p in providers)}")
        failing = (CANNOT_MOVE,) if fail_on == "cannot" else (CANNOT_MOVE, CAVEATS)
        code = EXIT_CANNOT_MOVE if chosen.verdict in failing else 0
        gate_info = {"provider": gating, "verdict": chosen.verdict, "fail_on": fail_on, "exit_code": code}
    command = "awscompat " + " ".join(shlex.quote(a) for a in sys.argv[1:]) if sys.argv[1:] else None
    if json_out:
        _emit(json.dumps(to_json(advice, gate_info), indent=1, default=str), json_out)
    if md_out or not json_out:
        _emit(render_markdown(advice, command=command, max_cases=max_cases), md_out or "-")
    if gate_info:
        click.echo(f"{gating}: {gate_info['verdict']} (exit {code})", err=True)
    sys.exit(code)


def _emit(text: str, dest: str) -> None:
    if dest == "-":
        click.echo(text.rstrip("\n"))
        return
    try:
        Path(dest).write_text(text.rstrip("\n") + "\n", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {dest}: {exc.strerror or exc}") from exc
    click.echo(f"wrote {dest}", err=True)
