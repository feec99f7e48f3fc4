"""The `awscompat` command line: `main` is the click group every sub-command attaches to (the
names and flags are a user-facing contract, docs in README.md)."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections import Counter
from pathlib import Path

import click

from awscompat.version import __version__

EXIT_USAGE = 2


from awscompat.cli.commands._common import UsageError, load_profile_or_exit  # noqa: E402


def _selection(service, family, feature, select, read_only=False):
    from awscompat.catalog import Selection

    return Selection(services=list(service), families=list(family), features=list(feature), globs=list(select),
                     read_only=read_only)


def _cases(selection):
    from awscompat.catalog import build_catalog

    try:
        return list(build_catalog(selection))
    except KeyError as exc:
        raise UsageError(str(exc.args[0])) from exc


class _Main(click.Group):
    """The command group. An AWS profile (AWS_PROFILE / --profile) that the shared config files do not
    hold is bad input wherever botocore first trips on it: one line and exit 2, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except Exception as exc:
            from botocore.exceptions import ProfileNotFound

            if not isinstance(exc, ProfileNotFound):
                raise
            from awscompat.engine.target import unknown_profile_error

            raise UsageError(str(unknown_profile_error(exc.kwargs.get("profile")))) from exc


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="awscompat")
def main() -> None:
    """Does this endpoint behave like AWS for the calls I make?

    Runs a suite generated from AWS's own API models plus hand-written behaviour scenarios
    against any AWS-compatible endpoint, and reports per-case evidence.

    \b
    Quick start:
      awscompat run                                 # against an embedded moto server
      awscompat run --endpoint-url http://127.0.0.1:9000 --service s3
      awscompat list --service s3 --family scenario
      awscompat cleanup awscompat-runs/<run>        # sweep what an interrupted run left

    Credentials, region and endpoint follow boto3: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
    AWS_SESSION_TOKEN, AWS_PROFILE / --profile, AWS_REGION / AWS_DEFAULT_REGION,
    AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE>, ~/.aws/config.
    """


selection_options = [
    click.option("--service", "-s", multiple=True, metavar="S", help="Only this service (repeatable), e.g. s3."),
    click.option("--family", "-f", multiple=True, metavar="F",
                 help="Only this case family (repeatable): recognised, scenario, ..."),
    click.option("--feature", multiple=True, metavar="F", help="Only this feature (repeatable), e.g. s3/listing."),
    click.option("--select", "-k", multiple=True, metavar="GLOB",
                 help="Only case IDs matching this glob (repeatable), e.g. 's3/*/recognised'."),
]


def with_selection(fn):
    for opt in reversed(selection_options):
        fn = opt(fn)
    return fn


@main.command("list")
@with_selection
@click.option("--stats", is_flag=True, help="Counts per family, service, protocol, feature and provenance kind instead of cases.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output: a JSON array of cases, or the --stats object.")
def list_cmd(service, family, feature, select, stats, as_json):
    """List the cases of the catalog (all services when none is named)."""
    from awscompat.spec import get_spec

    cases = _cases(_selection(service, family, feature, select))
    if stats:
        spec = get_spec()
        by_protocol: Counter[str] = Counter()
        for c in cases:
            by_protocol[spec.service(c.service).protocol] += 1
        out = {
            "total": len(cases),
            "by_family": dict(Counter(c.family.split("/")[0] for c in cases).most_common()),
            "by_service": dict(sorted(Counter(c.service for c in cases).items())),
            "by_protocol": dict(by_protocol.most_common()),
            "by_feature": dict(sorted(Counter(c.feature for c in cases).items())),
            "by_provenance": dict(Counter(c.provenance.kind for c in cases).most_common()),
        }
        if as_json:
            click.echo(json.dumps(out, indent=2))
        else:
            click.echo(f"total: {out['total']}")
            for key in ("by_family", "by_protocol"):
                click.echo(f"{key[3:]}: " + ", ".join(f"{k}={v}" for k, v in out[key].items()))
            click.echo(f"services: {len(out['by_service'])}, features: {len(out['by_feature'])}")
        return
    if as_json:
        click.echo(json.dumps([c.to_dict() for c in cases], indent=1))
        return
    for c in cases:
        click.echo(f"{c.id}\t{c.severity}\t{c.feature}")


@main.command()
@click.option("--endpoint-url", "--endpoint", "endpoint", metavar="URL",
              help="Endpoint for every service, e.g. http://127.0.0.1:9000 [default: AWS_ENDPOINT_URL_<SERVICE>, "
                   "AWS_ENDPOINT_URL, the AWS config's endpoint_url, else an embedded moto].")
@click.option("--target", "target_name", metavar="NAME", help="A named target: 'moto' (embedded, the default).")
@click.option("--endpoint-for", multiple=True, metavar="SVC=URL",
              help="Per-service endpoint override (repeatable), for clones serving services on different ports.")
@click.option("--region", metavar="R", help="Region (default: AWS_REGION / AWS_DEFAULT_REGION / config / us-east-1).")
@with_selection
@click.option("--profile", "aws_profile", metavar="AWS_PROFILE",
              help="AWS credentials profile of the shared config files, as boto3's profile_name [default: AWS_PROFILE].")
@click.option("--rating", "profile_name", metavar="NAME",
              help="Run the cases of a rating profile, e.g. s3-core-2026.11 (see `awscompat profiles`).")
@click.option("--class", "provider_class", type=click.Choice(["cloud", "emulator"]), default=None,
              help="Provider class the target is rated as (recorded in run.json; docs/methodology.md).")
@click.option("--client", "client", default="botocore", show_default=True, metavar="botocore|js-v3|awscli|all",
              help="Who sends the requests: botocore, the AWS SDK for JavaScript v3, the AWS CLI's S3 commands, "
                   "or all (one run folder per client). See docs/clients.md.")
@click.option("--concurrency", "-c", default=16, show_default=True, type=click.IntRange(1, 256),
              help="Cases in flight at once.")
@click.option("--workers", "-w", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Processes the cases are spread over (the concurrency is split between them). One process "
                   "drives about one core's worth of requests: use 2-4 against a fast endpoint or a "
                   "high-latency one with high --concurrency.")
@click.option("--read-only", is_flag=True, help="Run only cases that create or change nothing (for production accounts).")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(0.1, 3600),
              help="Total seconds for any one request: connect, send and the whole answer.")
@click.option("--budget", default=None, type=click.FloatRange(1, 7 * 86400), metavar="SECONDS",
              help="Wall-clock budget of the run: when spent, the cases not yet started become `error` "
                   "(the run is incomplete, exit 3); the final sweep still runs.")
@click.option("--retries", default=2, show_default=True, type=click.IntRange(0, 10),
              help="Retries for transient faults only (connection reset, 5xx, throttling).")
@click.option("--rerun-failures", default=0, show_default=True, type=click.IntRange(0, 10), metavar="N",
              help="Re-run a fail/unsupported/error case up to N times; one whose outcome changes is marked "
                   "flaky in results.jsonl and keeps its first outcome (flaky never counts as pass).")
@click.option("--request-path", type=click.Choice(["lean", "sdk"]), default="lean", show_default=True,
              help="Generated cases' requests: lean (built once by botocore, signed and sent without the SDK's "
                   "per-call machinery; same bytes) or sdk (every request through a botocore client method).")
@click.option("--addressing", type=click.Choice(["path", "virtual", "auto"]), default=None,
              help="S3 addressing style [default: path for a custom endpoint, auto for AWS].")
@click.option("--no-verify-tls", is_flag=True, help="Do not verify the endpoint's TLS certificate.")
@click.option("--ca-bundle", type=click.Path(exists=True, dir_okay=False), help="CA bundle to verify TLS with.")
@click.option("--disposable-target", is_flag=True,
              help="The target is a throwaway server: allow probes that change account-wide settings.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Run folder [default: ./awscompat-runs/<time>].")
@click.option("--junit", type=click.Path(dir_okay=False), help="Also write JUnit XML here.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar; only the summary.")
@click.option("--fault", "faults", multiple=True, metavar="SPEC",
              help="Run through a fault-injecting proxy (repeatable): latency=50ms[:jitter=10ms], reset=0.05, "
                   "500=0.1[:burst=2], 503=..., truncate=..., garbage=..., hang=..., seed=N. See README.")
@click.option("--broker", metavar="URL",
              help="Split the run into shards queued on this Celery broker (redis://host:port/db), executed by "
                   "`awscompat worker` processes; needs AWSCOMPAT_SECRET_KEY, the same on every worker. Also "
                   "AWSCOMPAT_BROKER. See docs/scaling.md.")
@click.option("--shards", default=0, type=click.IntRange(0, 4096), metavar="N",
              help="With --broker: this many shards [default: sized from recorded case durations].")
@click.option("--visibility-timeout", default=3600.0, show_default=True, type=click.FloatRange(5, 86400),
              metavar="S", help="With --broker: the workers' redelivery delay; each shard is sized under a quarter of it.")
@click.option("--durations", multiple=True, type=click.Path(exists=True, file_okay=False), metavar="DIR",
              help="With --broker: size shards from this earlier run folder's case durations (repeatable).")
def run(endpoint, target_name, endpoint_for, region, service, family, feature, select, aws_profile, profile_name,
        provider_class, client,
        concurrency, workers, read_only, timeout, budget, retries, rerun_failures, request_path, addressing,
        no_verify_tls, ca_bundle, disposable_target, out_dir, junit, quiet,
        faults, broker, shards, visibility_timeout, durations):
    """Run the selected cases against an endpoint and write a run folder.

    With no --endpoint/--target, starts moto on a free loopback port, runs against it and
    stops it. With no selection, runs the `recognised` family and the scenarios of the core
    services (s3, sqs, sns, dynamodb, iam, sts, kms, kinesis, secretsmanager).

    Exit codes: 0 all selected cases passed or were skipped; 1 a case failed or was
    unsupported; 2 usage or configuration error; 3 the run is incomplete (harness errors).
    """
    from awscompat.cli.runcmd import RunRequest, execute

    selection = _selection(service, family, feature, select, read_only)
    aws_profile, profile_name = _split_profile(aws_profile, profile_name)
    if profile_name:
        from awscompat.ratings.select import profile_selection

        selection = profile_selection(load_profile_or_exit(profile_name), selection)
    request = RunRequest(
        endpoint=endpoint, target_name=target_name, endpoint_for=list(endpoint_for), region=region,
        selection=selection, concurrency=concurrency, workers=workers,
        timeout=timeout, budget=budget, retries=retries, rerun_failures=rerun_failures, addressing=addressing,
        verify_tls=False if no_verify_tls else (ca_bundle or True), disposable=disposable_target,
        out_dir=Path(out_dir) if out_dir else Path("awscompat-runs") / dt.datetime.now().strftime("%Y%m%d-%H%M%S"),
        junit=Path(junit) if junit else None, quiet=quiet, faults=list(faults), aws_profile=aws_profile,
        provider_class=provider_class,
        broker=broker or os.environ.get("AWSCOMPAT_BROKER") or None, shards=shards,
        visibility_timeout=visibility_timeout, durations=list(durations), request_path=request_path, client=client,
    )
    code = execute(request)
    if profile_name and code in (0, 1, 3):  # the grade and axes of the rating profile, at the end
        from awscompat.cli.commands.ratings import summarise_run
        from awscompat.engine.clients import parse

        names = parse(client)  # --client all: a grade per client's run folder
        for folder in [request.out_dir / n for n in names] if len(names) > 1 else [request.out_dir]:
            summarise_run(profile_name, folder, provider_class)
    sys.exit(code)


def _split_profile(aws_profile: str | None, rating: str | None) -> tuple[str | None, str | None]:
    """`--profile NAME` is the AWS credentials profile. For one release, a NAME that is a shipped
    rating profile and no AWS profile still means the rating (the 2026 spelling), with a
    deprecation message on stderr."""
    if not aws_profile:
        return None, rating
    from awscompat.ratings import list_profiles

    if aws_profile in list_profiles(include_contract=True):
        import botocore.session

        if aws_profile not in botocore.session.Session().available_profiles:
            if rating:
                raise UsageError(f"--profile {aws_profile} names a rating profile and --rating gives another; "
                                 f"use --rating only")
            click.echo(f"warning: --profile {aws_profile} is deprecated for a rating profile: use --rating "
                       f"{aws_profile} (--profile is the AWS credentials profile, as in every AWS tool; the old "
                       "spelling goes in the next release)", err=True)
            return None, aws_profile
    return aws_profile, rating


@main.command()
@click.argument("run_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--profile", "aws_profile", metavar="AWS_PROFILE",
              help="AWS credentials profile, as boto3's profile_name [default: AWS_PROFILE].")
def cleanup(run_dir, aws_profile):
    """Remove what an interrupted run left behind, from its ledger, and nothing else."""
    from awscompat.cli.runcmd import cleanup_run

    sys.exit(cleanup_run(Path(run_dir), aws_profile))


from awscompat.cli.commands import register_all  # noqa: E402 - commands attach themselves to main

register_all(main)


if __name__ == "__main__":  # pragma: no cover
    main()
