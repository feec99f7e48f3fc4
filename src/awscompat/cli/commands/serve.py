"""`awscompat serve`: the compatibility service (web UI and JSON API)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import click

from awscompat.cli.commands._common import UsageError


def register(main: click.Group) -> None:
    main.add_command(serve)


@click.command()
@click.option("--db", "db_url", metavar="URL",
              help="Database URL [default: sqlite:///<data-dir>/awscompat.db; e.g. postgresql+psycopg://user@host/db]."
                   " Also AWSCOMPAT_DB.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--data-dir", type=click.Path(file_okay=False), help="Run folders, keys and the SQLite database"
              " [default: ./awscompat-data].")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False),
              help="TOML config file ([service] table: db, data_dir, secret_key, allow_networks, workers, ...).")
@click.option("--workers", type=click.IntRange(1, 64), help="Runs executed at once [default: 2].")
@click.option("--concurrency", type=click.IntRange(1, 256), help="Cases in flight per run [default: 8].")
@click.option("--allow-network", "allow_networks", multiple=True, metavar="CIDR|ADDR:PORT",
              help="Let targets on this loopback/private network (or address:port) through the SSRF guard (repeatable).")
@click.option("--rerate-interval", type=click.FloatRange(0), metavar="SECONDS",
              help="Re-run every rated target this often; 0 disables [default: 86400].")
@click.option("--stale-after", type=click.FloatRange(0.5), metavar="SECONDS",
              help="A running run without heartbeat for this long is taken as orphaned [default: 60].")
@click.option("--signing-key", type=click.Path(dir_okay=False), help="Ed25519 key for attestations"
              " [default: <data-dir>/signing.key, made on first start].")
@click.option("--demo/--no-demo", default=None,
              help="Start an embedded moto and register it as provider demo-moto [default: on with no --db/--config].")
@click.option("--broker", metavar="URL", help="Run ratings as shards on this Celery broker (redis://...), executed by"
              " `awscompat worker` processes [default: the in-process pool]. Also AWSCOMPAT_BROKER.")
@click.option("--log-level", type=click.Choice(["debug", "info", "warning", "error"]), default="info", show_default=True)
def serve(db_url, host, port, data_dir, config_file, workers, concurrency, allow_networks, rerate_interval, stale_after,
          signing_key, demo, broker, log_level):
    """Run the compatibility service: web UI, JSON API (/docs), worker pool, ratings and badges.

    \b
    With no arguments: SQLite in ./awscompat-data, plus a demo provider on an embedded moto
    server, so the market table at http://127.0.0.1:8080/ fills within a minute. The first
    admin's API token is written to <data-dir>/admin.token.

    Credentials of targets are encrypted with AWSCOMPAT_SECRET_KEY (a Fernet key; several,
    comma-separated, to rotate) or secret_key in the config file; without one, a key is made
    in <data-dir>/secret.key.
    """
    import uvicorn

    from awscompat.service.app import create_app
    from awscompat.service.config import ConfigError, build_config
    from awscompat.service.core import Service

    if demo is None:
        demo = db_url is None and config_file is None and not os.environ.get("AWSCOMPAT_DB")
    options = {"db_url": db_url, "data_dir": Path(data_dir) if data_dir else None, "workers": workers,
               "concurrency": concurrency, "allow_networks": list(allow_networks) or None,
               "rerate_interval": rerate_interval, "stale_after": stale_after,
               "signing_key": Path(signing_key) if signing_key else None, "demo": demo, "broker": broker}
    logging.basicConfig(level=getattr(logging, log_level.upper()), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(max(logging.WARNING, getattr(logging, log_level.upper())))
    os.umask(0o077)  # everything the service writes (database, keys, run folders) is its user's only
    try:
        cfg = build_config(options, Path(config_file) if config_file else None)
        svc = Service(cfg)
    except ConfigError as exc:
        raise UsageError(str(exc)) from exc
    except Exception as exc:  # a database that cannot be reached or migrated
        raise UsageError(f"cannot open the database: {type(exc).__name__}: {str(exc).splitlines()[0][:300]}") from exc
    app = create_app(svc)
    click.echo(f"awscompat service on http://{host}:{port}/ (API docs /docs; database {svc.db.dialect};"
               f" data in {cfg.data_dir})", err=True)
    uvicorn.run(app, host=host, port=port, log_level=log_level, proxy_headers=False, server_header=False)
