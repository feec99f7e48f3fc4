"""`awscompat market`: rate the real AWS-compatible servers that run on this machine.

For each provider (awscompat.providers): start it on loopback, run the union of its applicable
profiles through the engine (one run), score each profile, sign an attestation per profile with
the market key, make its badges, and stop the server by PID with escalation, whatever happens
(try/finally, Ctrl-C and SIGTERM included). The run folders are kept small under
<out>/runs/<provider>/ (run.json, results.jsonl.gz, attestations, badges); the market pages
(README.md, index.html, market.json) are written by awscompat.market.report.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from awscompat.catalog import Selection
from awscompat.market.model import Market, ProviderResult, Rating, provider_class
from awscompat.market.report import compact, write_market
from awscompat.providers import INSTALL_SCRIPT, Provider, ProviderError, Running, get_provider, port_open
from awscompat.providers.base import Watchdog, alive, project_root
from awscompat.ratings import load_profile, score_run
from awscompat.ratings.profiles import RULES_2026, Profile
from awscompat.ratings.select import profile_selection
from awscompat.results.runfolder import (
    RUN_JSON,
    compress_results,
    iter_results,
    load_run,
    read_meta,
    write_meta,
    write_results,
)

KEY_NAME = ".market-key"  # the private key, never published (see .gitignore)
PUB_NAME = "market-key.pub"
AWS_VARS = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_REGION",
            "AWS_REGION", "AWS_SECOND_ACCESS_KEY_ID", "AWS_SECOND_SECRET_ACCESS_KEY", "AWS_SECOND_SESSION_TOKEN",
            "AWS_SECOND_PRINCIPAL_ARN", "AWS_CA_BUNDLE")


def newest_version(name: str) -> str:
    """A provider's profile at the newest version of its family shipped here (s3-core-2026.11 -> 2027.01)."""
    from awscompat.ratings.profiles import _NAME, family_versions

    m = _NAME.match(name)
    if not m or m["family"].endswith("-contract"):
        return name
    versions = family_versions(m["family"])
    return f"{m['family']}-{versions[0]}" if versions else name


class MarketError(Exception):
    """A usage error: unknown provider or profile, a requested provider that is not installed."""


@dataclass
class MarketOptions:
    out: Path
    providers: list[str] = field(default_factory=list)  # empty: every default provider
    with_opt_in: list[str] = field(default_factory=list)
    profiles: list[str] = field(default_factory=list)  # empty: each provider's applicable profiles
    key: Path | None = None
    install: bool = False
    concurrency: int = 16
    timeout: float = 30.0
    quiet: bool = True
    command: str = "awscompat market"
    expires_days: int = 90
    client: str = "botocore"  # --client: who sends the requests (engine/clients.py, docs/clients.md)
    tls: bool = True  # serve each provider over HTTPS on loopback (providers/tls.py), as AWS is served


# -- choosing providers and profiles -------------------------------------------------------
def choose(opts: MarketOptions) -> tuple[list[Provider], dict[str, Profile]]:
    from awscompat.providers import PROVIDERS

    try:
        names = opts.providers or [p.name for p in PROVIDERS.values() if not p.opt_in or p.name in opts.with_opt_in]
        names += [n for n in opts.with_opt_in if n not in names]
        chosen = [get_provider(n) for n in names]
    except ProviderError as exc:
        raise MarketError(str(exc)) from exc
    wanted = opts.profiles or sorted({newest_version(p) for prov in chosen for p in prov.profiles})
    profiles: dict[str, Profile] = {}
    for name in wanted:
        try:
            profiles[name] = load_profile(name)
        except Exception as exc:  # ProfileError
            raise MarketError(str(exc)) from exc
    if not opts.profiles:
        # By default the market rates under the current rules only: a family with no version under
        # them yet (the <service>-contract template) is left out rather than graded by 2026 rules.
        current = {n: p for n, p in profiles.items() if p.rules != RULES_2026}
        profiles = current or profiles
    return chosen, profiles


def ensure_installed(chosen: list[Provider], explicit: bool, install: bool, say: Callable[[str], None]) -> None:
    missing = [p for p in chosen if p.missing()]
    if missing and install:
        args = [a for p in missing for a in (("--radosgw",) if p.name == "radosgw" else ("--only", p.name))]
        script = project_root() / INSTALL_SCRIPT
        if not script.is_file():
            raise MarketError(f"cannot install {', '.join(p.name for p in missing)}: {script} not found "
                              "(install awscompat from its source checkout)")
        say(f"installing {', '.join(p.name for p in missing)}: bash {INSTALL_SCRIPT} {' '.join(args)}")
        subprocess.run(["bash", str(script), *args], check=False)
        missing = [p for p in chosen if p.missing()]
    if missing and explicit:
        raise MarketError("; ".join(str(p.missing()) for p in missing)
                          + f" (or run `awscompat market --install`, which runs {INSTALL_SCRIPT})")


def market_key(opts: MarketOptions, say: Callable[[str], None]) -> tuple[Path, str]:
    """The signing key: --key, else <out>/.market-key (made on first use, kept across runs).
    Its public half is copied to <out>/market-key.pub."""
    from awscompat.ratings.attest import keyid, load_private_key, write_keypair

    path = opts.key or opts.out / KEY_NAME
    if not path.exists():
        if opts.key:
            raise MarketError(f"--key {path}: no such file")
        write_keypair(path)
        path.with_name(path.name + ".pub").unlink()
        say(f"made a market signing key {path} (private: keep it out of the repository)")
    from cryptography.hazmat.primitives import serialization

    key = load_private_key(path)
    pub = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    (opts.out / PUB_NAME).write_bytes(pub)
    return path, keyid(key.public_key())


def serve_https(handle: Running, workdir: Path) -> Running:
    """The provider over HTTPS on loopback: its own TLS listener where it has one (tls_url), else a
    TLS-terminating front (providers/tls.py). The run trusts the throwaway CA (handle.ca_bundle)."""
    from awscompat.providers.tls import tls_front

    if handle.url.startswith("https://"):
        return handle
    if handle.tls_url:
        handle.backend_url, handle.url = handle.url, handle.tls_url
        return handle
    return tls_front(handle, workdir)


def start_served(prov: Provider, workdir: Path, opts: MarketOptions) -> Running:
    handle = prov.start(workdir)
    return serve_https(handle, workdir) if opts.tls else handle


def handle_env(handle: Running) -> dict[str, str]:
    """The environment a run against the provider uses: its credentials, its second principal."""
    return {**handle.credentials, **(handle.second_credentials or {})}


@contextlib.contextmanager
def aws_env(credentials: dict[str, str]) -> Iterator[None]:
    """The provider's credentials (and second principal, AWS_SECOND_*) in this process's environment
    (where the engine's credential chain reads them), restored afterwards."""
    saved = {k: os.environ.get(k) for k in AWS_VARS}
    for k in AWS_VARS:
        os.environ.pop(k, None)
    os.environ.update(credentials)
    os.environ["AWS_DEFAULT_REGION"] = "us-east-1"
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@contextlib.contextmanager
def engine_output(log: Path, quiet: bool) -> Iterator[None]:
    """Quiet: the engine's terminal summary (every failing case) goes to a log, not the terminal."""
    if not quiet:
        yield
        return
    with open(log, "w", encoding="utf-8") as fh, contextlib.redirect_stderr(fh):
        yield


def union_selection(profiles: list[Profile]) -> Selection:
    services: list[str] = []
    globs: list[str] = []
    for profile in profiles:
        sel = profile_selection(profile)
        services += [s for s in sel.services if s not in services]
        globs += [g for g in sel.globs if g not in globs]
    return Selection(services=services, globs=globs)


# -- one provider ----------------------------------------------------------------------------
def rate_provider(prov: Provider, profiles: list[Profile], opts: MarketOptions, key_path: Path,
                  workdir: Path, say: Callable[[str], None]) -> tuple[ProviderResult, dict[str, dict]]:
    from awscompat.cli.runcmd import RunRequest, execute

    res = ProviderResult(prov.name, prov.title, homepage=prov.homepage, profiles=[p.name for p in profiles])
    why = prov.missing()
    if why:
        res.status, res.message = "not installed", why
        return res, {}
    run_dir = workdir / "run"
    t0 = time.monotonic()
    handle: Running | None = None
    try:
        handle = start_served(prov, workdir, opts)
        res.started_s = round(time.monotonic() - t0, 1)
        res.version, res.url, res.pids, res.ports = handle.version, handle.url, handle.pids, handle.ports
        say(f"{prov.name} {handle.version}: up on {handle.url} (pid {', '.join(map(str, handle.pids))}) in"
            f" {res.started_s}s; running {', '.join(p.name for p in profiles)}")
        t1 = time.monotonic()
        with aws_env(handle_env(handle)), engine_output(workdir / "engine.log", opts.quiet):
            dog = Watchdog(handle, say)
            code = execute(RunRequest(endpoint=handle.url, region="us-east-1", selection=union_selection(profiles),
                                      concurrency=opts.concurrency, timeout=opts.timeout, disposable=True,
                                      verify_tls=handle.ca_bundle or True, out_dir=run_dir, quiet=opts.quiet,
                                      client=opts.client), [dog])
        res.run_s = round(time.monotonic() - t1, 1)
        if dog.tripped or (code in (1, 3) and not alive(handle)):
            handle = recover(prov, handle, run_dir, workdir, opts, res, say)
    except ProviderError as exc:
        res.status, res.message = "did not start", str(exc).splitlines()[0]
        return res, {}
    finally:
        if handle is not None:
            t2 = time.monotonic()
            handle.stop()
            res.stop_s = round(time.monotonic() - t2, 1)
            res.ports = sorted(set(res.ports) | set(handle.ports))
            res.stopped = not any(port_open(p) for p in res.ports)
    meta = read_meta(run_dir)
    if code == 2 or not meta:
        log = workdir / "engine.log"
        tail = log.read_text(errors="replace").strip().splitlines()[-1:] if log.is_file() else []
        res.status, res.message = "did not run", f"the engine refused the run (exit {code}) {' '.join(tail)}"
        return res, {}
    if meta.get("status") == "interrupted":
        raise KeyboardInterrupt
    res.status = "rated" if meta.get("status") == "complete" else meta.get("status", "incomplete")
    if meta.get("counts", {}).get("error"):
        res.message = (res.message + "; " if res.message else "") + (
            f"{meta['counts']['error']} case(s) ended in a harness error (not judged; see results.jsonl.gz)")
    res.cases, res.counts = meta.get("cases", 0), meta.get("counts", {})
    client = meta.get("client") if isinstance(meta.get("client"), dict) else {}
    res.client = f"{client.get('name', '')} {client.get('version', '')}".strip()
    # The engine names a custom endpoint "custom": the market knows which provider it is.
    meta["target"]["name"] = prov.name
    meta["provider"] = {"name": prov.name, "title": prov.title, "version": res.version}
    write_meta(run_dir, meta)
    dest = opts.out / "runs" / prov.name
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    meta["class"] = provider_class(prov.name)
    write_meta(run_dir, meta)
    res.ratings = [rate_profile(p, run_dir, meta, dest, key_path, opts.expires_days) for p in profiles]
    shutil.copy(run_dir / RUN_JSON, dest / RUN_JSON)
    compress_results(run_dir, dest)
    res.size = sum(f.stat().st_size for f in dest.iterdir())
    return res, compact_results(run_dir)


def recover(prov: Provider, handle: Running, run_dir: Path, workdir: Path, opts: MarketOptions,
            res: ProviderResult, say: Callable[[str], None], rounds: int = 10) -> Running:
    """The server stopped answering: restart it and run the `error` cases again, leaving out (in
    `error`) each case that stopped it, one per round; merge the results into the run folder."""
    from awscompat.cli.runcmd import RunRequest, execute

    hung: list[str] = []
    last = [r for r in iter_results(run_dir) if r["outcome"] == "error"]  # the latest run's errors, in order
    timeout, quick = opts.timeout, min(opts.timeout, 10.0)  # one case at a time, so only one is in flight
    for n in range(1, rounds + 1):
        # The first run had many cases in flight: run them all again, one at a time; after that, the
        # one that waited for the whole timeout (hung the server) or failed to connect (crashed it).
        waited = [r["id"] for r in last if r.get("duration_ms", 0) >= 900 * timeout]
        faults = [r["id"] for r in last if "timeout" in r.get("message", "") or "connection-" in r.get("message", "")]
        hung += [] if n == 1 else (waited or faults)[:1]
        timeout = quick
        again = [r["id"] for r in last if r["id"] not in hung]
        res.ports = sorted(set(res.ports) | set(handle.ports))
        handle.stop()
        if not again:
            break
        say(f"{prov.name} stopped answering; restart {n}: {len(again)} case(s) again, without the ones in flight")
        handle = start_served(prov, workdir / f"restart-{n}", opts)
        res.pids += handle.pids
        rerun = workdir / f"rerun-{n}"
        with aws_env(handle_env(handle)), engine_output(workdir / f"engine-{n}.log", opts.quiet):
            code = execute(RunRequest(endpoint=handle.url, region="us-east-1", disposable=True, out_dir=rerun,
                                      verify_tls=handle.ca_bundle or True,
                                      selection=Selection(sorted({i.split("/")[0] for i in again}), globs=again),
                                      concurrency=1, timeout=quick, quiet=opts.quiet, client=opts.client),
                           [dog := Watchdog(handle, say)])
        fresh = {r["id"]: r for r in iter_results(rerun)}
        merged = [fresh.get(r["id"], r) for r in iter_results(run_dir)]
        write_results(run_dir, merged)
        meta = load_run(run_dir)
        meta["counts"] = {o: sum(1 for r in merged if r["outcome"] == o) for o in meta["counts"]}
        meta["status"] = "incomplete" if meta["counts"].get("error") else "complete"
        meta["restarts"] = [*meta.get("restarts", []), {"rerun": len(again), "left_in_error": hung}]
        write_meta(run_dir, meta)
        last = [r for r in fresh.values() if r["outcome"] == "error"]
        if not dog.tripped and (code not in (1, 3) or alive(handle)):
            break
    res.message = (f"stopped answering during the run; restarted {n} time(s); the {len(hung)} case(s) in flight"
                   f" when it stopped are left as errors (one of them stopped it: {', '.join(hung[:2])}, ...)")
    return handle


def rate_profile(profile: Profile, run_dir: Path, meta: dict, dest: Path, key_path: Path,
                 expires_days: int) -> Rating:
    from awscompat.ratings.attest import build_statement, load_private_key, sign_envelope
    from awscompat.reports.badge import badge_for
    klass = meta.get("class") or "cloud"
    score = score_run(profile, run_dir, klass=klass)
    att = dest / f"{profile.name}.intoto.json"
    if score.rated:  # a `not rated` result is never attested
        statement = build_statement(run_dir, meta, profile, expires_days, klass=klass)
        att.write_text(json.dumps(sign_envelope(statement, load_private_key(key_path)), indent=2) + "\n")
    v2 = profile.rules != "2026.11"
    made = badge_for(profile.name, score.grade, score.score, score.compliant, klass=klass if v2 else None)
    (dest / f"{profile.name}.svg").write_text(made.svg())
    (dest / f"{profile.name}.json").write_text(json.dumps(made.endpoint_json(), indent=2, ensure_ascii=False) + "\n")
    failing: Counter[str] = Counter()
    for r in iter_results(run_dir):
        cap = profile.capability_for(r["id"])
        if cap is not None and r["outcome"] in ("fail", "unsupported"):
            failing[cap.id] += 1
    return Rating(profile.name, profile.title, score.score, score.grade, score.compliant, score.counts, score.reasons,
                  len(score.failed), failing.most_common(3), att.name if score.rated else "", f"{profile.name}.svg",
                  klass=klass, rated=score.rated, axes=score.axes, completeness=score.completeness,
                  pinned_digest=score.pinned_digest, mark=score.mark)


def compact_results(run_dir: Path) -> dict[str, dict]:
    return compact(iter_results(run_dir))


# -- the market --------------------------------------------------------------------------------
def source_revision() -> str:
    root = project_root()
    try:
        head = subprocess.run(["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"], capture_output=True,
                              text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--", "src"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return (head + (" + uncommitted changes in src/" if dirty else "")) if head else "unknown"


def run_market(opts: MarketOptions, say: Callable[[str], None] = print) -> Market:
    from awscompat.version import __version__

    chosen, profiles = choose(opts)
    opts.out.mkdir(parents=True, exist_ok=True)
    ensure_installed(chosen, bool(opts.providers), opts.install, say)
    key_path, kid = market_key(opts, say)
    market = Market(dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"), opts.command, __version__,
                    source_revision(), kid, [], {}, {n: p.title for n, p in profiles.items()})
    with tempfile.TemporaryDirectory(prefix="awscompat-market-") as tmp:
        for prov in chosen:
            applicable = [profiles[n] for n in dict.fromkeys([*prov.profiles, *map(newest_version, prov.profiles)])
                          if n in profiles]
            if not applicable:
                continue
            res, compact = rate_provider(prov, applicable, opts, key_path, Path(tmp) / prov.name, say)
            market.providers.append(res)
            market.results[prov.name] = compact
            grades = ", ".join(f"{r.profile} {r.grade} {r.score}" for r in res.ratings)
            say(f"{prov.name}: {res.status}" + (f" ({res.message})" if res.message else "")
                + (f" — {grades}; {res.run_s}s, stopped in {res.stop_s}s" if res.ratings else ""))
    write_market(market, opts.out)
    return market
