"""`awscompat market`: start each AWS-compatible server this machine can run, rate it, publish."""

from __future__ import annotations

import shlex
import signal
import sys
from pathlib import Path

import click

from awscompat.cli.commands._common import UsageError


def register(main: click.Group) -> None:
    main.add_command(market)


def _names(values: tuple[str, ...]) -> list[str]:
    return [n.strip() for v in values for n in v.split(",") if n.strip()]


@click.command()
@click.option("--out", "out", default="docs/market", show_default=True, type=click.Path(file_okay=False),
              help="Where the market pages, run folders, attestations and badges go.")
@click.option("--providers", multiple=True, metavar="A,B",
              help="Only these providers (comma-separated or repeated) [default: every non-opt-in provider].")
@click.option("--with", "with_opt_in", multiple=True, metavar="NAME",
              help="Also rate an opt-in provider (repeatable): radosgw.")
@click.option("--all", "all_providers", is_flag=True, help="Every provider, the opt-in ones (radosgw) included.")
@click.option("--profiles", multiple=True, metavar="A,B",
              help="Only these profiles (comma-separated or repeated) [default: each provider's applicable ones].")
@click.option("--key", "key", type=click.Path(dir_okay=False), metavar="KEYFILE",
              help="Ed25519 private key to sign the attestations [default: OUT/.market-key, made on first use].")
@click.option("--install", is_flag=True, help="Install missing providers first (runs scripts/install-providers.sh).")
@click.option("--concurrency", "-c", default=16, show_default=True, type=click.IntRange(1, 256),
              help="Cases in flight at once, per provider.")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(0.1, 3600),
              help="Total seconds for any one request: connect, send and the whole answer.")
@click.option("--client", "client", default="botocore", show_default=True, type=click.Choice(["botocore", "js-v3"]),
              help="Who sends the requests: botocore or the AWS SDK for JavaScript v3 (docs/clients.md); the "
                   "tables show it in a column.")
@click.option("--plain-http", is_flag=True,
              help="Serve each provider over plain HTTP (by default over HTTPS on loopback, with a throwaway CA: "
                   "SSE-C cases need HTTPS).")
@click.option("--progress", is_flag=True, help="Show each run's progress bar.")
@click.option("--list", "list_only", is_flag=True, help="List the providers, their profiles and whether installed.")
@click.option("--render-only", is_flag=True,
              help="Start nothing: write the pages again from OUT/market.json and OUT/runs/ (after editing "
                   "OUT/findings.yaml).")
def market(out: str, providers: tuple[str, ...], with_opt_in: tuple[str, ...], all_providers: bool,
           profiles: tuple[str, ...], key: str | None, install: bool, concurrency: int, timeout: float,
           client: str, plain_http: bool, progress: bool, list_only: bool, render_only: bool) -> None:
    """Rate the real AWS-compatible servers that run here and write the market report.

    Each provider (moto, ministack, LocalStack, SeaweedFS, s3rver, dynalite, kinesalite; radosgw
    with --with radosgw) is started on 127.0.0.1 on free ports, run through the applicable
    profiles, scored, attested and stopped by PID (SIGTERM, then SIGKILL). Each is served over HTTPS
    (its own TLS listener, or a TLS front with a throwaway CA the run trusts) and given a second
    principal where it can have one (the s3 cross-account cases). Writes OUT/README.md,
    OUT/index.html, OUT/market.json, OUT/findings-draft.md and OUT/runs/<provider>/.

    Providers are installed by `bash scripts/install-providers.sh` (or `--install`); a provider
    that is not installed is listed as not rated, or is an error when named in --providers.

    Exit code: 0 every chosen provider was rated (some cases may have ended in harness errors:
    see each provider's counts); 2 usage error; 3 a provider was not installed, did not start
    or could not be run.
    """
    from awscompat.market.runner import MarketError, MarketOptions, run_market
    from awscompat.providers import PROVIDERS

    if list_only:
        for p in PROVIDERS.values():
            state = p.missing() or "installed"
            click.echo(f"{p.name:<11} {'opt-in ' if p.opt_in else ''}{', '.join(p.profiles)}\n    {state}")
        return
    if render_only:
        from awscompat.market.report import render_market

        if not (Path(out) / "market.json").is_file():
            raise UsageError(f"{out} holds no market.json: run `awscompat market --out {out}` first")
        render_market(Path(out))
        click.echo(f"wrote {Path(out) / 'README.md'} and {Path(out) / 'index.html'}")
        return
    opt_in = [n for n in PROVIDERS if PROVIDERS[n].opt_in] if all_providers else _names(with_opt_in)
    argv = ["awscompat", "market", *sys.argv[2:]] if len(sys.argv) > 1 and sys.argv[1] == "market" else [
        "awscompat", "market", "--out", out]
    opts = MarketOptions(out=Path(out), providers=_names(providers), with_opt_in=opt_in, profiles=_names(profiles),
                         key=Path(key) if key else None, install=install, concurrency=concurrency, timeout=timeout,
                         quiet=not progress, command=shlex.join(argv), client=client, tls=not plain_http)
    previous = signal.getsignal(signal.SIGTERM)

    def on_term(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)  # the servers are stopped on the way out (try/finally)
    try:
        result = run_market(opts, say=lambda msg: click.echo(msg, err=True))
    except MarketError as exc:
        raise UsageError(str(exc)) from exc
    except KeyboardInterrupt:
        click.echo("interrupted: every server started was stopped", err=True)
        sys.exit(130)
    finally:
        signal.signal(signal.SIGTERM, previous)
    click.echo(f"wrote {Path(out) / 'README.md'} and {Path(out) / 'index.html'}")
    sys.exit(0 if all(p.ratings for p in result.providers) else 3)
