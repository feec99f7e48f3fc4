"""`awscompat compare BASE_DIR NEW_DIR`: what changed between two runs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from awscompat.cli.commands._common import UsageError, load_run_or_exit


def register(main: click.Group) -> None:
    main.add_command(compare)


@click.command()
@click.argument("base_dir", type=click.Path(exists=True, file_okay=False))
@click.argument("new_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--markdown", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write a Markdown report sized for a PR comment here ('-' for stdout).")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10000),
              help="Cases listed per category in the Markdown report.")
def compare(base_dir: str, new_dir: str, markdown: str | None, limit: int) -> None:
    """Compare two run folders: regressions (pass -> fail/unsupported/error), fixes, added and
    removed cases, other changes.

    Exit code: 1 when a case that passed in BASE_DIR does not in NEW_DIR, 0 otherwise, 2 usage error.
    """
    from awscompat.reports.compare import compare_runs
    from awscompat.reports.compare import markdown as render_markdown
    from awscompat.results.runfolder import RunFolderError, results_path

    base_meta = load_run_or_exit(base_dir)
    new_meta = load_run_or_exit(new_dir)
    for path in (base_dir, new_dir):
        if not results_path(Path(path)).is_file():
            raise UsageError(f"{path} has no results.jsonl")
    try:
        comp = compare_runs(Path(base_dir), Path(new_dir), base_meta, new_meta, keep=max(limit, 1000))
    except (RunFolderError, KeyError, TypeError) as exc:
        reason = f"a result without {exc}" if isinstance(exc, KeyError) else str(exc)
        raise UsageError(f"cannot compare: {reason}") from exc
    to_stdout = markdown == "-"
    say = (lambda text: click.echo(text, err=True)) if to_stdout else click.echo
    say(comp.summary())
    for c in comp.regressions.items:
        say(f"REGRESSION {c.id}: {c.old} -> {c.new}" + (f": {c.message}" if c.message else ""))
    if comp.regressions.more:
        say(f"... and {comp.regressions.more} more regressions")
    if markdown:
        text = render_markdown(comp, limit=limit)
        if to_stdout:
            click.echo(text, nl=False)
        else:
            try:
                Path(markdown).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise UsageError(f"cannot write {markdown}: {exc.strerror or exc}") from exc
            click.echo(f"wrote {markdown}", err=True)
    sys.exit(1 if comp.regressions.count else 0)
