"""`awscompat profiles` and `awscompat score`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from awscompat.commands._common import UsageError, load_profile_or_exit, load_run_or_exit


def register(main: click.Group) -> None:
    main.add_command(profiles)
    main.add_command(score)


@click.command()
@click.option("--contract", is_flag=True, help="Also list the <service>-contract profiles (one per service).")
def profiles(contract):
    """List the rating profiles shipped with awscompat."""
    from awscompat.ratings import list_profiles

    for name in list_profiles(include_contract=contract):
        click.echo(name)


@click.command()
@click.argument("run_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--rating", "--profile", "profile_name", required=True, metavar="NAME",
              help="Rating profile to score against (--profile: the 2026 spelling).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def score(run_dir, profile_name, as_json):
    """Score a run folder against a profile: compliant or not, score, grade, per capability.

    Exit code: 0 compliant, 1 not compliant, 2 usage error.
    """
    from awscompat.ratings import score_run
    from awscompat.reports.runfolder import RunFolderError

    profile = load_profile_or_exit(profile_name)
    load_run_or_exit(run_dir)
    try:
        result = score_run(profile, Path(run_dir))
    except RunFolderError as exc:
        raise UsageError(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
    else:
        mark = "compliant" if result.compliant else "NOT compliant"
        click.echo(f"{profile.name}: {result.grade} ({result.score:.2f}), {mark}")
        for reason in result.reasons:
            click.echo(f"  - {reason}")
        for cap in result.capabilities:
            shown = f"{cap.score:.1f}%" if cap.score is not None else "-"
            click.echo(f"  {cap.id:<28} {cap.status:<10} {shown:>7}  {cap.counts}")
    sys.exit(0 if result.compliant else 1)
