"""`awscompat profiles` and `awscompat score`, and the rating summary printed at the end of a run."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from awscompat.cli.commands._common import UsageError, load_profile_or_exit, load_run_or_exit

EXIT_NOT_RATED = 3
CLASS_OPTION = click.option("--class", "klass", type=click.Choice(["cloud", "emulator"]), default=None,
                            help="Provider class to rate as [default: the class the run declares, else cloud].")


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


def load_checked_profile(name: str):
    """A profile whose selectors all name known services; a usage error (exit 2) otherwise."""
    from awscompat.ratings.profiles import ProfileError, check_services

    profile = load_profile_or_exit(name)
    try:
        check_services(profile)
    except ProfileError as exc:
        raise UsageError(str(exc)) from exc
    return profile


def score_or_exit(profile, run_dir: str, klass: str | None):
    from awscompat.ratings import ProfileError, score_run
    from awscompat.results.runfolder import RunFolderError

    load_run_or_exit(run_dir)
    try:
        return score_run(profile, Path(run_dir), klass=klass)
    except (RunFolderError, ProfileError) as exc:
        raise UsageError(str(exc)) from exc


def axes_text(axes: dict) -> str:
    return ", ".join(f"{k} {'—' if v is None else f'{v:.0f}'}" for k, v in axes.items())


def print_rating(result, console=None, detail: bool = True) -> None:
    """A readable table of a Score: headline (grade, score, class, mark), axes, capabilities."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console(soft_wrap=True)
    head = (f"[bold]{result.profile}[/] ({result.klass}): [bold]{result.grade}[/]"
            + (f" {result.score:.2f}" if result.rated else "") + f", {result.mark or 'not compliant'}")
    if result.completeness is not None:
        head += f"; {100 * result.completeness:.1f}% of the weight judged"
    console.print(head)
    if result.axes:
        console.print("axes: " + axes_text(result.axes))
    for reason in result.reasons:
        console.print(f"  - {reason}")
    if not detail:
        return
    table = Table(show_edge=False, pad_edge=False)
    v2 = result.rules != "2026.11"
    for col in ("capability", "status", *(("axis", "weight", "units") if v2 else ()), "score", "outcomes"):
        table.add_column(col, justify="right" if col in ("weight", "units", "score") else "left")
    for cap in result.capabilities:
        shown = f"{cap.score:.1f}%" if cap.score is not None else "—"
        counts = ", ".join(f"{n} {o}" for o, n in sorted(cap.counts.items()))
        extra = (cap.axis + ("" if cap.graded or cap.status == "deprecated" else " (not graded)"),
                 f"{cap.weight:g}", f"{cap.judged_units}/{cap.units}") if v2 else ()
        table.add_row(cap.id, cap.status, *extra, shown, counts)
    console.print(table)


@click.command()
@click.argument("run_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--rating", "--profile", "profile_name", required=True, metavar="NAME",
              help="Rating profile to score against (`--profile` is the deprecated 2026 spelling).")
@CLASS_OPTION
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def score(run_dir, profile_name, klass, as_json):
    """Score a run folder against a rating profile: grade, score, axes, compliant or not, per capability.

    Exit code: 0 compliant, 1 not compliant, 2 usage error, 3 not rated (too little of the
    profile was judged: harness errors, skipped or not run).
    """
    profile = load_checked_profile(profile_name)
    result = score_or_exit(profile, run_dir, klass)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
    else:
        print_rating(result)
    sys.exit(EXIT_NOT_RATED if not result.rated else 0 if result.compliant else 1)


def summarise_run(profile_name: str, run_dir: Path, klass: str | None) -> None:
    """After `awscompat run --profile P`: the grade and axes, on stderr (never changes the exit code)."""
    from rich.console import Console

    from awscompat.ratings import ProfileError, load_profile, score_run
    from awscompat.results.runfolder import RunFolderError

    try:
        result = score_run(load_profile(profile_name), run_dir, klass=klass)
    except (ProfileError, RunFolderError, OSError) as exc:
        click.echo(f"no rating: {exc}", err=True)
        return
    print_rating(result, Console(stderr=True, soft_wrap=True), detail=False)
