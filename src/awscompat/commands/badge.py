"""`awscompat badge DIR --profile NAME`: the rating as an SVG badge and shields.io endpoint JSON."""

from __future__ import annotations

import json
from pathlib import Path

import click

from awscompat.commands._common import UsageError, load_profile_or_exit, load_run_or_exit


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
              help="Rating profile the run is rated against (--profile: the 2026 spelling).")
@click.option("--svg", "svg_out", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write the SVG badge here ('-' for stdout).")
@click.option("--json", "json_out", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write shields.io endpoint JSON here ('-' for stdout).")
def badge(run_dir: str, profile_name: str, svg_out: str | None, json_out: str | None) -> None:
    """Make a badge of a run's rating: label = profile, message = grade, score and compliant mark.

    Serve the JSON and point https://img.shields.io/endpoint?url=... at it, or use the SVG as is.
    """
    from awscompat.ratings import score_run
    from awscompat.reports.badge import badge_for
    from awscompat.reports.runfolder import RunFolderError

    if not (svg_out or json_out):
        raise UsageError("name at least one output: --svg FILE or --json FILE")
    profile = load_profile_or_exit(profile_name)
    load_run_or_exit(run_dir)
    try:
        result = score_run(profile, Path(run_dir))
    except RunFolderError as exc:
        raise UsageError(str(exc)) from exc
    made = badge_for(profile.name, result.grade, result.score, result.compliant)
    if svg_out:
        _write(svg_out, made.svg())
    if json_out:
        _write(json_out, json.dumps(made.endpoint_json(), indent=2, ensure_ascii=False) + "\n")
    if "-" not in (svg_out, json_out):
        click.echo(f"{made.title} ({made.color})")
