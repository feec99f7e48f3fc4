"""`awscompat report DIR`: reports from a stored run folder."""

from __future__ import annotations

from pathlib import Path

import click

from awscompat.cli.commands._common import UsageError, load_run_or_exit


def register(main: click.Group) -> None:
    main.add_command(report)


@click.command()
@click.argument("run_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--junit", type=click.Path(dir_okay=False), help="Write JUnit XML here.")
@click.option("--markdown", type=click.Path(dir_okay=False), help="Write a Markdown summary here ('-' for stdout).")
@click.option("--html", "html_out", type=click.Path(dir_okay=False),
              help="Write a self-contained HTML report here (one file, works offline).")
def report(run_dir, junit, markdown, html_out):
    """Write reports from a stored run folder."""
    from awscompat.reports.html import write_html
    from awscompat.reports.junit import write_junit
    from awscompat.reports.markdown import markdown_summary
    from awscompat.results.runfolder import RunFolderError, iter_results

    if not (junit or markdown or html_out):
        raise UsageError("name at least one output: --junit FILE, --markdown FILE or --html FILE")
    from awscompat.reports import clients

    if clients.is_clients_folder(Path(run_dir)):  # `run --client all`: one column per client
        return _clients_report(Path(run_dir), junit, markdown, html_out)
    meta = load_run_or_exit(run_dir)
    try:
        if junit:
            write_junit(Path(run_dir), Path(junit))
            click.echo(f"wrote {junit}", err=True)
        if markdown:
            text = markdown_summary(meta, iter_results(Path(run_dir)), run_dir=str(run_dir).rstrip("/"))
            if markdown == "-":
                click.echo(text)
            else:
                Path(markdown).write_text(text + "\n", encoding="utf-8")
                click.echo(f"wrote {markdown}", err=True)
        if html_out:
            write_html(meta, iter_results(Path(run_dir)), Path(html_out))
            click.echo(f"wrote {html_out}", err=True)
    except RunFolderError as exc:
        raise UsageError(str(exc)) from exc
    except OSError as exc:
        raise UsageError(f"cannot write the report: {exc.strerror or exc}") from exc


def _clients_report(folder: Path, junit, markdown, html_out) -> None:
    """The runs of `awscompat run --client all` side by side (reports/clients.py)."""
    from awscompat.reports import clients
    from awscompat.results.runfolder import RunFolderError

    if junit:
        raise UsageError(f"{folder} holds one run per client: give --junit for one of them ({folder}/<client>)")
    try:
        runs = clients.load_clients(folder)
        if markdown:
            text = clients.markdown(runs, f"Results per client: {folder}")
            if markdown == "-":
                click.echo(text)
            else:
                Path(markdown).write_text(text, encoding="utf-8")
                click.echo(f"wrote {markdown}", err=True)
        if html_out:
            clients.write_html(runs, Path(html_out))
            click.echo(f"wrote {html_out}", err=True)
    except RunFolderError as exc:
        raise UsageError(str(exc)) from exc
    except OSError as exc:
        raise UsageError(f"cannot write the report: {exc.strerror or exc}") from exc
