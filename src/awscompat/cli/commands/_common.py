"""What the command modules share."""

from __future__ import annotations

import click

EXIT_USAGE = 2


class UsageError(click.ClickException):
    """A usage or configuration error: one line on stderr, exit code 2."""

    exit_code = EXIT_USAGE


def load_profile_or_exit(name: str):
    from awscompat.ratings import ProfileError, load_profile

    try:
        return load_profile(name)
    except ProfileError as exc:
        raise UsageError(str(exc)) from exc


def load_run_or_exit(path):
    from pathlib import Path

    from awscompat.results.runfolder import RunFolderError, load_run

    try:
        return load_run(Path(path))
    except RunFolderError as exc:
        raise UsageError(str(exc)) from exc
