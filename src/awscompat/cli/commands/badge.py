"""`awscompat badge DIR --profile NAME`: the rating as an SVG badge and shields.io endpoint JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from awscompat.cli.commands._common import UsageError


def register(main: click.Group) -> None:
    main.add_command(badge)


def _write(target: str, text: str) -> None:
    if target == "-":
        click.echo(text, nl=False)
        return
    try:
        Path(target).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from exc
    click.echo(f"wrote {target}", err=True)


@click.command()
@click.argument("run_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--rating", "--profile", "profile_name", required=True, metavar="NAME",
              help="Rating profile the run is rated against (`--profile` is the deprecated 2026 spelling).")
@click.option("--class", "klass", type=click.Choice(["cloud", "emulator"]), default=None,
              help="Provider class to rate as [default: the class the run declares, else cloud].")
@click.option("--svg", "svg_out", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write the SVG badge here ('-' for stdout).")
@click.option("--json", "json_out", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write shields.io endpoint JSON here ('-' for stdout).")
def badge(run_dir: str, profile_name: str, klass: str | None, svg_out: str | None, json_out: str | None) -> None:
    """Make a badge of a run's rating: label = profile, message = grade, score and compliant mark.

    Serve the JSON and point https://img.shields.io/endpoint?url=... at it, or use the SVG as is.
    A run that is `not rated` gets a grey "not rated" badge and exit code 3.
    """
    from awscompat.cli.commands.ratings import EXIT_NOT_RATED, load_checked_profile, score_or_exit
    from awscompat.reports.badge import badge_for

    if not (svg_out or json_out):
        raise UsageError("name at least one output: --svg FILE or --json FILE")
    profile = load_checked_profile(profile_name)
    result = score_or_exit(profile, run_dir, klass)
    made = badge_for(profile.name, result.grade, result.score, result.compliant,
                     klass=result.klass if profile.rules != "2026.11" else None)
    if svg_out:
        _write(svg_out, made.svg())
    if json_out:
        _write(json_out, json.dumps(made.endpoint_json(), indent=2, ensure_ascii=False) + "\n")
    if "-" not in (svg_out, json_out):
        click.echo(f"{made.title} ({made.color})")
    if not result.rated:
        sys.exit(EXIT_NOT_RATED)
