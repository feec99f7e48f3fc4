"""`awscompat worker`: executes the shards of distributed runs (`awscompat run --broker`) and of
the service's runs when it has a broker (docs/scaling.md)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from awscompat.cli.commands._common import UsageError


def register(main: click.Group) -> None:
    main.add_command(worker)


@click.command()
@click.option("--broker", metavar="URL", help="The Celery broker, redis://host:port/db. Also AWSCOMPAT_BROKER.")
@click.option("--threads", "-t", default=8, show_default=True, type=click.IntRange(1, 256),
              help="Cases in flight in this process (the target's own limit, the run's --concurrency, holds across "
                   "all workers).")
@click.option("--visibility-timeout", default=3600.0, show_default=True, type=click.FloatRange(5, 86400), metavar="S",
              help="A shard whose worker died is delivered again after this long; keep it above the longest shard.")
@click.option("--lease", default=30.0, show_default=True, type=click.FloatRange(1, 3600), metavar="S",
              help="Heartbeat lease: a case held by a worker silent this long is taken over.")
@click.option("--dir", "scratch", type=click.Path(file_okay=False), default="awscompat-worker", show_default=True,
              help="Where this worker keeps its own copy of each run's ledger.")
@click.option("--name", metavar="NAME", help="Celery node name [default: awscompat@<host>-<pid>-<random>].")
@click.option("--log-level", type=click.Choice(["debug", "info", "warning", "error"]), default="info", show_default=True)
def worker(broker, threads, visibility_timeout, lease, scratch, name, log_level):
    """Run shards from the broker until stopped (SIGTERM: finish the shard in hand, then exit).

    One process runs one shard at a time; start one per core, on as many machines as you like.
    AWSCOMPAT_SECRET_KEY must be the Fernet key the runs were started with (credentials travel
    sealed with it).
    """
    from awscompat.engine.distributed.app import WorkerSettings, start_worker
    from awscompat.engine.distributed.store import BrokerError, redacted

    broker = broker or os.environ.get("AWSCOMPAT_BROKER")
    if not broker:
        raise UsageError("give --broker redis://host:port/db (or set AWSCOMPAT_BROKER)")
    settings = WorkerSettings(threads=threads, lease=lease, scratch=Path(scratch))
    click.echo(f"awscompat worker {settings.token} on {redacted(broker)} ({threads} threads)", err=True)
    try:
        start_worker(broker, settings, visibility_timeout, loglevel=log_level.upper(), name=name)
    except BrokerError as exc:
        raise UsageError(str(exc)) from exc
