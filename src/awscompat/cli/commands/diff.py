"""`awscompat record` and `awscompat diff`: compare what two endpoints answer, call by call."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from awscompat.cli.commands._common import UsageError

EXIT_HARNESS = 3


def register(main: click.Group) -> None:
    main.add_command(record)
    main.add_command(diff)


def _selection_options(fn):
    opts = [
        click.option("--service", "-s", multiple=True, metavar="S", help="Only this service (repeatable), e.g. s3."),
        click.option("--family", "-f", multiple=True, metavar="F",
                     help="Only this case family (repeatable): recognised, scenario, ..."),
        click.option("--feature", multiple=True, metavar="F", help="Only this feature (repeatable), e.g. s3/listing."),
        click.option("--select", "-k", multiple=True, metavar="GLOB",
                     help="Only case IDs matching this glob (repeatable), e.g. 's3/scenario/versioning/*'."),
    ]
    for opt in reversed(opts):
        fn = opt(fn)
    return fn


def _run_options(fn):
    opts = [
        click.option("--region", metavar="R", help="Region (default: AWS_REGION / AWS_DEFAULT_REGION / us-east-1)."),
        click.option("--concurrency", "-c", default=16, show_default=True, type=click.IntRange(1, 256),
                     help="Cases in flight at once."),
        click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(0.1, 3600),
                     help="Total seconds for any one request: connect, send and the whole answer."),
        click.option("--retries", default=2, show_default=True, type=click.IntRange(0, 10),
                     help="Retries for transient faults only."),
        click.option("--addressing", type=click.Choice(["path", "virtual", "auto"]), default=None,
                     help="S3 addressing style [default: path for a custom endpoint, auto for AWS]."),
        click.option("--no-verify-tls", is_flag=True, help="Do not verify the endpoints' TLS certificates."),
        click.option("--ca-bundle", type=click.Path(exists=True, dir_okay=False), help="CA bundle to verify TLS with."),
        click.option("--no-normalise", "no_normalise", multiple=True, metavar="NAME",
                     help="Turn a normaliser off (repeatable): run-names, endpoint, request-id, timestamp, owner-id, "
                          "generated-id, etag, error-message (docs/diff.md)."),
        click.option("--quiet", "-q", is_flag=True, help="No progress bar."),
    ]
    for opt in reversed(opts):
        fn = opt(fn)
    return fn


def _selection(service, family, feature, select):
    from awscompat.catalog import Selection

    return Selection(services=list(service), families=list(family), features=list(feature), globs=list(select))


def _normalisers(names):
    from awscompat.diffing.normalise import resolve

    try:
        return resolve(tuple(names))
    except KeyError as exc:
        raise UsageError(str(exc.args[0])) from exc


def _take_snapshot(where: str, out: Path, selection, common: dict, overrides=(), normalisers=None) -> dict:
    """Run the selection against `where` (a URL, or 'moto' for an embedded moto), keeping every
    case's exchanges, into out/run; write the snapshots to out. Returns the manifest."""
    from awscompat.cli.runcmd import RunRequest, execute
    from awscompat.diffing.snapshot import write_snapshots
    from awscompat.results.runfolder import RunFolderError, iter_results, load_run

    req = RunRequest(endpoint=None if where == "moto" else where, target_name="moto" if where == "moto" else None,
                     endpoint_for=list(overrides),
                     selection=selection, out_dir=out / "run", keep_exchanges=True, **common)
    code = execute(req)
    if code == 2:
        sys.exit(2)  # execute said why
    try:
        meta = load_run(out / "run")
    except RunFolderError:
        click.echo(f"error: no run was made against {where}", err=True)
        sys.exit(EXIT_HARNESS)
    if meta.get("status") == "interrupted":
        click.echo(f"error: the run against {where} was interrupted", err=True)
        sys.exit(EXIT_HARNESS)
    unreachable = [r for r in iter_results(out / "run") if str(r.get("message", "")).startswith("preflight:")]
    if unreachable:
        click.echo(f"error: {where} could not be used ({unreachable[0]['message']}); nothing to compare", err=True)
        sys.exit(EXIT_HARNESS)
    return write_snapshots(out, out / "run", normalisers)


def _common(region, concurrency, timeout, retries, addressing, no_verify_tls, ca_bundle, quiet) -> dict:
    return {"region": region, "concurrency": concurrency, "timeout": timeout, "retries": retries,
            "addressing": addressing, "verify_tls": False if no_verify_tls else (ca_bundle or True), "quiet": quiet}


def _fresh(path: Path, what: str) -> None:
    from awscompat.results.runfolder import has_output

    if (path / "manifest.json").exists() or has_output(path / "run"):
        raise UsageError(f"{path} already holds {what}; give another --out (nothing was changed)")


@click.command(epilog="""\b
Examples:
  # record AWS once (your AWS credentials in the environment)
  awscompat record --endpoint https://s3.us-east-1.amazonaws.com -s s3 -f scenario --out snapshots/aws-s3
  # record the embedded moto server
  awscompat record --target moto -s s3 -k 's3/scenario/versioning/*' --out snapshots/moto
  # later: compare a candidate against the snapshots
  awscompat diff --reference-snapshots snapshots/aws-s3 --candidate http://127.0.0.1:9000""")
@click.option("--endpoint", metavar="URL", help="The reference endpoint, e.g. https://s3.us-east-1.amazonaws.com.")
@click.option("--target", "target_name", metavar="NAME", help="'moto': an embedded moto server (the default).")
@click.option("--endpoint-for", multiple=True, metavar="SVC=URL", help="Per-service endpoint override (repeatable).")
@_selection_options
@_run_options
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), metavar="DIR",
              help="The snapshot folder to write (manifest.json, cases/, run/).")
def record(endpoint, target_name, endpoint_for, service, family, feature, select, region, concurrency, timeout,
           retries, addressing, no_verify_tls, ca_bundle, no_normalise, quiet, out_dir):
    """Run a selection against a reference and save its answers as snapshots.

    Each case's calls are saved in DIR/cases/<case>.json: operation, status, error code and the
    answer's members, with volatile values normalised (request ids, dates, account and owner
    ids, generated ids, ETags where AWS documents them as an MD5; see docs/diff.md). DIR/run is
    the run folder itself. `awscompat diff --reference-snapshots DIR` compares a candidate with
    it later, so AWS can be recorded once and providers rated against it.

    Exit codes: 0 recorded; 2 usage error; 3 the reference could not be used (unreachable,
    rejected the credentials, interrupted).
    """
    from awscompat.engine.target import TargetError, check_url

    if endpoint and target_name:
        raise UsageError("give --endpoint or --target, not both")
    if target_name and target_name != "moto":
        raise UsageError(f"unknown target {target_name!r}; known: moto")
    if endpoint:
        try:
            check_url(endpoint)
        except TargetError as exc:
            raise UsageError(str(exc)) from exc
    normalisers = _normalisers(no_normalise)
    out = Path(out_dir)
    _fresh(out, "snapshots")
    selection = _selection(service, family, feature, select)
    common = _common(region, concurrency, timeout, retries, addressing, no_verify_tls, ca_bundle, quiet)
    manifest = _take_snapshot(endpoint or "moto", out, selection, common, endpoint_for, normalisers)
    counts = ", ".join(f"{k} {v}" for k, v in sorted(manifest["counts"].items()))
    click.echo(f"recorded {manifest['cases']} cases ({counts}) from {manifest['target'].get('name')}"
               f" {manifest['target'].get('endpoint') or ''} -> {out}")


@click.command(epilog="""\b
Examples:
  # two live endpoints, the S3 scenarios
  awscompat diff --reference http://127.0.0.1:5000 --candidate http://127.0.0.1:4566 -s s3 -f scenario
  # the embedded moto as reference, a report for people and one for programs
  awscompat diff --reference moto --candidate http://127.0.0.1:9000 -s s3 -k 's3/scenario/multipart/*' \\
      --markdown diff.md --json diff.json
  # against snapshots recorded earlier (e.g. of AWS itself, with `awscompat record`)
  awscompat diff --reference-snapshots snapshots/aws-s3 --candidate http://127.0.0.1:9000""")
@click.option("--reference", metavar="URL|moto", help="The reference endpoint ('moto': an embedded moto server).")
@click.option("--reference-snapshots", type=click.Path(file_okay=False), metavar="DIR",
              help="Compare with snapshots from `awscompat record` instead of a live reference.")
@click.option("--candidate", required=True, metavar="URL|moto", help="The endpoint compared with the reference.")
@click.option("--reference-for", multiple=True, metavar="SVC=URL", help="Per-service override for the reference.")
@click.option("--candidate-for", multiple=True, metavar="SVC=URL", help="Per-service override for the candidate.")
@_selection_options
@_run_options
@click.option("--out", "out_dir", type=click.Path(file_okay=False), metavar="DIR",
              help="Where both sides' snapshots and run folders go [default: ./awscompat-runs/diff-<time>].")
@click.option("--json", "json_out", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write every difference as JSON here ('-' for stdout).")
@click.option("--markdown", "md_out", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write a Markdown report here ('-' for stdout).")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 100000),
              help="Difference lines printed (and per case in the Markdown report).")
def diff(reference, reference_snapshots, candidate, reference_for, candidate_for, service, family, feature, select,
         region, concurrency, timeout, retries, addressing, no_verify_tls, ca_bundle, no_normalise, quiet, out_dir,
         json_out, md_out, limit):
    """Run the same selection on a reference and a candidate and report each difference.

    For every case: the outcome; then the calls, paired in order per operation, and for each
    pair the HTTP status, the error code and the answer's members, compared after volatile
    values are normalised (request ids, dates, account and owner ids, generated ids, ETags where
    AWS documents them as an MD5; see docs/diff.md). Both sides use the same credentials (boto3's
    environment); for a reference that needs others, `awscompat record` it first.

    Exit codes: 0 no differences; 1 differences; 2 usage error (bad options, unreadable
    snapshots); 3 an endpoint could not be used (unreachable, rejected the credentials).
    """
    from awscompat.diffing.compare import compare_snapshots, markdown
    from awscompat.diffing.snapshot import SnapshotError, read_manifest, read_snapshots

    if bool(reference) == bool(reference_snapshots):
        raise UsageError("give --reference URL|moto or --reference-snapshots DIR (one of them)")
    if json_out == "-" and md_out == "-":
        raise UsageError("--json and --markdown cannot both go to stdout")
    selection = _selection(service, family, feature, select)
    manifest = None
    if reference_snapshots:
        try:
            manifest = read_manifest(Path(reference_snapshots))
        except SnapshotError as exc:
            raise UsageError(str(exc)) from exc
        unknown = [n for n in manifest["normalisers"] if not isinstance(n, str) or n not in _known()]
        if unknown:
            raise UsageError(f"{reference_snapshots}: recorded with normalisers this version does not know: {unknown}")
        if no_normalise:
            raise UsageError("--no-normalise cannot be used with --reference-snapshots: the snapshots were normalised"
                             " when they were recorded (record again with --no-normalise)")
        normalisers = _normalisers([n for n in _known() if n not in manifest["normalisers"]])
        if not (service or family or feature or select):
            sel = manifest.get("selection") or {}
            selection = _selection(sel.get("services") or (), sel.get("families") or (), sel.get("features") or (),
                                   sel.get("select") or ())
    else:
        normalisers = _normalisers(no_normalise)
    out = Path(out_dir) if out_dir else Path("awscompat-runs") / f"diff-{dt.datetime.now():%Y%m%d-%H%M%S}"
    common = _common(region, concurrency, timeout, retries, addressing, no_verify_tls, ca_bundle, quiet)
    if reference_snapshots:
        try:
            ref_manifest, ref_cases = read_snapshots(Path(reference_snapshots))
        except SnapshotError as exc:
            raise UsageError(str(exc)) from exc
        ref_info = {"target": ref_manifest["target"], "snapshots": str(reference_snapshots),
                    "recorded": ref_manifest.get("recorded")}
    else:
        _fresh(out / "reference", "a diff")
        ref_manifest = _take_snapshot(reference, out / "reference", selection, common, reference_for, normalisers)
        _, ref_cases = read_snapshots(out / "reference")
        ref_info = {"target": ref_manifest["target"], "snapshots": str(out / "reference")}
    _fresh(out / "candidate", "a diff")
    selection = _selection(selection.services, selection.families, selection.features, selection.globs)
    cand_manifest = _take_snapshot(candidate, out / "candidate", selection, common, candidate_for, normalisers)
    _, cand_cases = read_snapshots(out / "candidate")
    if ref_manifest.get("suite_digest") != cand_manifest.get("suite_digest"):
        click.echo("note: the two sides ran different suites (cases or revisions differ); cases only one side ran"
                   " are listed", err=True)
    result = compare_snapshots(ref_cases, cand_cases, reference_info=ref_info,
                               candidate_info={"target": cand_manifest["target"], "snapshots": str(out / "candidate")})
    to_stdout = "-" in (json_out, md_out)
    say = (lambda text: click.echo(text, err=True)) if to_stdout else click.echo
    say(result.summary())
    for d in result.differences[:limit]:
        say(d.line())
    if len(result.differences) > limit:
        say(f"... and {len(result.differences) - limit} more (see --json / --markdown)")
    if json_out:
        _write(json_out, json.dumps(result.to_dict(), indent=1, default=str) + "\n")
    if md_out:
        _write(md_out, markdown(result, limit=limit))
    sys.exit(1 if result.differences else 0)


def _known() -> list[str]:
    from awscompat.diffing.normalise import NORMALISERS

    return list(NORMALISERS)


def _write(dest: str, text: str) -> None:
    if dest == "-":
        click.echo(text, nl=False)
        return
    try:
        Path(dest).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {dest}: {exc.strerror or exc}") from exc
    click.echo(f"wrote {dest}", err=True)
