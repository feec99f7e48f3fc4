"""The lean request path (issue 19): client CPU per generated case and throughput, lean versus
the SDK path versus a bare botocore loop making the same requests.

The generated `recognised` cases of S3, SQS and DynamoDB (one request per case, parameters from
the same ValueMaker as the engine's) run three ways against one server on loopback, in rotating
order within each round (the server is reset before each pass):
- `lean`:  the engine, generated requests on the lean path (`--request-path lean`, the default);
- `sdk`:   the engine, every request through a botocore client method (`--request-path sdk`);
- `bare`:  no engine: a thread pool calling the botocore client methods (a boto3 client is a
           botocore client), with the engine's own Config.
Client CPU is this process's CPU time (user + system) up to the last case; ratios are taken pass
by pass within a round (the machine is shared: medians of paired ratios, not absolute times).
"server max req/s" is the server alone answering the same requests from a bare loop at the same
concurrency, i.e. an upper bound the client cannot beat.

    .venv/bin/python bench/lean_path.py [--servers moto ministack] [--concurrency 8] [--rounds 3]
    .venv/bin/python bench/lean_path.py --servers moto --cprofile 30    # where the lean path's CPU goes
    .venv/bin/python bench/lean_path.py --servers moto --floor 2000      # what one request costs below botocore

`--floor N`: N HeadObject requests on one thread, each for a bucket of its own, four ways, in
rotating order: a bare botocore client; the engine's Transport on the lean path; urllib3 alone
(a pool, a request whose bytes are fixed, the answer read whole); urllib3 plus botocore's SigV4Auth
per request. The last two are what any botocore-compatible path must pay at least, so their ratio
to the bare client bounds what a lean path can reach.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from _common import loadavg, median, print_table, reset, start_server, write_result
from recognised_throughput import make_calls, run_bare, run_engine, target_for

import awscompat.engine.runner as runner_mod
from awscompat.catalog import Selection, build_catalog, suite_digest

SERVICES = ("s3", "sqs", "dynamodb")
MODES = ("lean", "sdk", "bare")
WORKERS = "lean-w2"  # --workers-mode: the lean path spread over 2 worker processes (`run --workers 2`)


def engine_pass(mode: str, target: Any, cases: list, digest: str, conc: int, pid: int) -> dict[str, Any]:
    """run_engine with the request path chosen (RunOptions.request_path)."""
    original = runner_mod.RunOptions

    def options(*args: Any, **kwargs: Any) -> Any:
        return original(*args, request_path=mode, **kwargs)

    runner_mod.RunOptions = options  # type: ignore[assignment,misc]
    import recognised_throughput as rt

    rt.RunOptions = options  # type: ignore[assignment]
    try:
        return run_engine(target, cases, digest, conc, 0, pid)
    finally:
        runner_mod.RunOptions = original  # type: ignore[misc]
        rt.RunOptions = original  # type: ignore[assignment]


def bench_server(kind: str, cases: list, digest: str, conc: int, rounds: int,
                 modes: tuple[str, ...] = MODES) -> list[dict[str, Any]]:
    server = start_server(kind)
    runs: list[dict[str, Any]] = []
    try:
        assert server.proc is not None
        pid, url = server.proc.pid, server.url
        target = target_for(kind, url)
        for mode in modes:  # warm-up, not counted
            reset(kind, url)
            one_pass(mode, target, cases, digest, conc, pid)
        for rnd in range(rounds):
            order = modes[rnd % len(modes):] + modes[:rnd % len(modes)]
            for mode in order:
                reset(kind, url)
                res = one_pass(mode, target, cases, digest, conc, pid)
                res.update(server=kind, concurrency=conc, round=rnd, mode=mode)
                runs.append(res)
                print(f"  {kind:9} c={conc:<3} round {rnd} {mode:7} {res['cases_per_s']:7.1f} cases/s, client cpu "
                      f"{res['client_cpu_s'] * 1000 / res['cases']:.2f} ms/case, server cpu "
                      f"{res['server_cpu_s'] * 1000 / res['cases']:.2f} ms/case, other load "
                      f"{res['other_cpu_share']:.0%}", flush=True)
    finally:
        server.stop()
    return runs


def workers_pass(target: Any, cases: list, digest: str, conc: int, pid: int) -> dict[str, Any]:
    """The engine as `awscompat run -c CONC --workers 2` runs it (lean path), worker processes
    started before the clock; client CPU is the parent's plus the workers' up to the last case."""
    import shutil
    import tempfile
    from pathlib import Path

    from _common import proc_cpu, system_busy
    from recognised_throughput import _other_share

    from awscompat.engine.events import Bus, CaseFinished

    stamp: dict[str, Any] = {"seen": 0, "outcomes": {}}
    out = Path(tempfile.mkdtemp(prefix="awscompat-bench-"))
    runner = runner_mod.Runner(target, cases, out, runner_mod.RunOptions(conc, 30.0, 0, workers=2), Bus([]))
    runner.start_workers()
    pids = runner._pool.pids if runner._pool else []

    class Stamp:
        def handle(self, event: object) -> None:
            if isinstance(event, CaseFinished):
                stamp["seen"] += 1
                stamp["outcomes"][event.result.outcome] = stamp["outcomes"].get(event.result.outcome, 0) + 1
                if stamp["seen"] == len(cases):
                    stamp["at"] = (time.perf_counter(), time.process_time() + sum(proc_cpu(p) for p in pids),
                                   proc_cpu(pid), system_busy())

    runner.bus = Bus([Stamp()])
    busy0, cpu0, srv0, t0 = system_busy(), time.process_time() + sum(proc_cpu(p) for p in pids), proc_cpu(pid), \
        time.perf_counter()
    try:
        runner.run(digest)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    wall, cpu, srv, busy = stamp["at"]
    return {"mode": WORKERS, "cases": len(cases), "exec_s": wall - t0, "cases_per_s": len(cases) / (wall - t0),
            "client_cpu_s": cpu - cpu0, "server_cpu_s": srv - srv0, "requests_exec": len(cases),
            "other_cpu_share": _other_share(busy - busy0, cpu - cpu0, srv - srv0, wall - t0),
            "outcomes": stamp["outcomes"]}


def one_pass(mode: str, target: Any, cases: list, digest: str, conc: int, pid: int) -> dict[str, Any]:
    if mode == WORKERS:
        return workers_pass(target, cases, digest, conc, pid)
    if mode == "bare":
        return run_bare(target, make_calls(cases, target), conc, pid)
    return engine_pass(mode, target, cases, digest, conc, pid)


def summarise(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for kind in dict.fromkeys(r["server"] for r in runs):
        by = {m: [r for r in runs if r["server"] == kind and r["mode"] == m] for m in (*MODES, WORKERS)}
        n = by["lean"][0]["cases"]
        rounds = sorted({r["round"] for r in runs if r["server"] == kind})

        def paired(metric: str, a: str, b: str, by: dict = by, rounds: list = rounds) -> float:
            vals = []
            for rnd in rounds:
                x = [r for r in by[a] if r["round"] == rnd]
                y = [r for r in by[b] if r["round"] == rnd]
                if x and y:
                    vals.append(x[0][metric] / y[0][metric])
            return median(vals)

        # the server's own ceiling: requests it served per CPU second of its own, times the cores it may use
        server_ms = median([r["server_cpu_s"] * 1000 / r["requests_exec"] for r in by["bare"]])
        rows.append({
            "server": kind, "cases": n, "concurrency": by["lean"][0]["concurrency"],
            "lean_cpu_ms_per_case": median([r["client_cpu_s"] for r in by["lean"]]) * 1000 / n,
            "sdk_cpu_ms_per_case": median([r["client_cpu_s"] for r in by["sdk"]]) * 1000 / n,
            "bare_cpu_ms_per_case": median([r["client_cpu_s"] for r in by["bare"]]) * 1000 / n,
            "cpu_lean_over_bare": paired("client_cpu_s", "lean", "bare"),
            "cpu_sdk_over_bare": paired("client_cpu_s", "sdk", "bare"),
            "throughput_lean_over_bare": paired("cases_per_s", "lean", "bare"),
            "throughput_sdk_over_bare": paired("cases_per_s", "sdk", "bare"),
            "lean_cases_per_s": median([r["cases_per_s"] for r in by["lean"]]),
            "bare_cases_per_s": median([r["cases_per_s"] for r in by["bare"]]),
            "server_cpu_ms_per_request": server_ms,
            "lean_outcomes": by["lean"][0]["outcomes"], "sdk_outcomes": by["sdk"][0]["outcomes"],
            "other_cpu_share_median": median([r["other_cpu_share"] for r in runs if r["server"] == kind]),
        })
        if by[WORKERS]:
            rows[-1].update({
                "cpu_lean_w2_over_bare": paired("client_cpu_s", WORKERS, "bare"),
                "throughput_lean_w2_over_bare": paired("cases_per_s", WORKERS, "bare"),
                "lean_w2_cases_per_s": median([r["cases_per_s"] for r in by[WORKERS]]),
                "lean_w2_outcomes": by[WORKERS][0]["outcomes"]})
    return rows


def profile(kind: str, cases: list, top: int) -> dict[str, float]:
    """One thread, every case's request on the lean path under cProfile (thread CPU): the share of
    the client's CPU in each of botocore's parts."""
    import cProfile
    import pstats

    from awscompat.engine.transport import Transport

    server = start_server(kind)
    try:
        target = target_for(kind, server.url)
        transport = Transport(target, timeout=30.0, retries=0)
        calls = [(c.service, c.operations[0], call[2]) for c, call in zip(cases, make_calls(cases, target), strict=True)]
        for service, op, params in calls:  # warm: clients made, memo filled as a run fills it
            transport.call(service, op, params, lean=True, retry=False)
        reset(kind, server.url)
        # new names, as every run has (S3's rules read the bucket: a warm memo must not flatter them)
        calls = [(c.service, c.operations[0], call[2]) for c, call in zip(cases, make_calls(cases, target), strict=True)]
        prof = cProfile.Profile(time.thread_time)
        prof.enable()
        for service, op, params in calls:
            transport.call(service, op, params, lean=True, retry=False)
        prof.disable()
    finally:
        server.stop()
    stats = pstats.Stats(prof)
    total = stats.total_tt  # type: ignore[attr-defined]
    parts = {"endpoint rules": "_resolve_endpoint_ruleset", "signing": "signers.py:110(sign)",
             "send (botocore httpsession, urllib3, http.client)": "httpsession.py:485(send)",
             "parse": "prepared.py", "whole call": "transport.py"}
    shares: dict[str, float] = {}
    for label, needle in parts.items():
        cum = [v[3] for k, v in stats.stats.items()  # type: ignore[attr-defined]
               if needle in f"{k[0]}:{k[1]}({k[2]})" and (label != "parse" or k[2] == "parse")
               and (label != "whole call" or k[2] == "call")]
        shares[label] = max(cum, default=0.0) / total
    stats.sort_stats("cumulative").print_stats(top)
    return shares


def floor(kind: str, n: int, rounds: int) -> list[dict[str, Any]]:
    """Thread CPU per HeadObject request, four ways (see the module docstring)."""
    import contextlib
    import uuid

    import botocore.session
    import urllib3
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials as BotoCredentials

    from awscompat.engine.transport import Transport

    server = start_server(kind)
    rows: list[dict[str, Any]] = []
    try:
        target = target_for(kind, server.url)
        creds = target.credentials
        assert creds is not None
        host, port = server.url.split("//", 1)[1].rsplit(":", 1)
        frozen = BotoCredentials(creds.access_key, creds.secret_key, creds.token)

        def bare(names: list[str]) -> None:
            session = botocore.session.Session()
            session.set_credentials(creds.access_key, creds.secret_key, creds.token)
            client = session.create_client("s3", region_name=target.region, endpoint_url=server.url,
                                           config=Transport(target, retries=0).config())
            with contextlib.suppress(Exception):  # the client's first call (connection, caches): a 404
                client.head_bucket(Bucket="warm-" + names[0])
            for name in names:
                try:
                    client.head_object(Bucket=name, Key="k")
                except Exception:  # noqa: BLE001 - a 404 answer is the expected one
                    pass

        def lean(names: list[str]) -> None:
            transport = Transport(target, retries=0)
            transport.call("s3", "HeadBucket", {"Bucket": "warm-" + names[0]}, lean=True)
            for name in names:
                transport.call("s3", "HeadObject", {"Bucket": name, "Key": "k"}, lean=True, retry=False)

        def raw(names: list[str], sign: bool) -> None:
            pool = urllib3.HTTPConnectionPool(host, int(port), maxsize=1)
            for name in names:
                headers = {"Host": f"{host}:{port}"}
                if sign:
                    request = AWSRequest(method="HEAD", url=f"{server.url}/{name}/k", headers={})
                    SigV4Auth(frozen, "s3", target.region).add_auth(request)
                    headers.update(request.headers.items())
                pool.urlopen("HEAD", f"/{name}/k", headers=headers, retries=False, preload_content=True)

        ways = {"bare botocore": bare, "engine, lean path": lean, "urllib3 alone": lambda ns: raw(ns, False),
                "urllib3 + SigV4Auth": lambda ns: raw(ns, True)}
        times: dict[str, list[float]] = {k: [] for k in ways}
        for rnd in range(rounds + 1):  # round 0 warms up
            order = list(ways)[rnd % 4:] + list(ways)[:rnd % 4]
            for way in order:
                names = [f"floor-{uuid.uuid4().hex[:16]}" for _ in range(n)]
                t0 = time.thread_time()
                ways[way](names)
                if rnd:
                    times[way].append((time.thread_time() - t0) * 1000 / n)
        for way, values in times.items():
            ratios = [v / b for v, b in zip(values, times["bare botocore"], strict=True)]
            rows.append({"way": way, "ms_cpu_per_request": median(values), "over_bare": median(ratios)})
    finally:
        server.stop()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--servers", nargs="+", default=["moto", "ministack"])
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cprofile", type=int, default=0, metavar="TOP",
                        help="instead: profile the lean path in one thread on the first server, print TOP rows")
    parser.add_argument("--workers-mode", action="store_true",
                        help="also run the lean path over 2 worker processes (as `run --workers 2`)")
    parser.add_argument("--floor", type=int, default=0, metavar="N",
                        help="instead: N HeadObject requests four ways, down to urllib3 alone (see above)")
    args = parser.parse_args()
    if args.floor:
        load0 = loadavg()
        rows = floor(args.servers[0], args.floor, args.rounds)
        print_table(["way", "ms CPU/request", "over bare botocore"],
                    [[r["way"], r["ms_cpu_per_request"], r["over_bare"]] for r in rows])
        write_result("lean_path_floor", {"command": f".venv/bin/python bench/lean_path.py --servers {args.servers[0]} "
                                         f"--floor {args.floor} --rounds {args.rounds}", "server": args.servers[0],
                                         "loadavg_before": load0, "loadavg_after": loadavg(), "rows": rows})
        return
    catalog = build_catalog(Selection(services=SERVICES, families=("recognised",)))
    cases = list(catalog)
    digest = suite_digest(cases)
    if args.cprofile:
        shares = profile(args.servers[0], cases, args.cprofile)
        print_table(["part", "share of client CPU"], [[k, f"{v:.0%}"] for k, v in shares.items()])
        write_result("lean_path_profile", {"server": args.servers[0], "cases": len(cases), "shares": shares})
        return
    load0 = loadavg()
    t0 = time.perf_counter()
    modes = (*MODES, WORKERS) if args.workers_mode else MODES
    runs = [r for kind in args.servers for r in bench_server(kind, cases, digest, args.concurrency, args.rounds, modes)]
    rows = summarise(runs)
    print_table(["server", "cases", "lean ms/case", "sdk ms/case", "bare ms/case", "lean/bare cpu", "sdk/bare cpu",
                 "lean/bare thru", "server ms/req"],
                [[r["server"], r["cases"], r["lean_cpu_ms_per_case"], r["sdk_cpu_ms_per_case"], r["bare_cpu_ms_per_case"],
                  r["cpu_lean_over_bare"], r["cpu_sdk_over_bare"], r["throughput_lean_over_bare"],
                  r["server_cpu_ms_per_request"]] for r in rows])
    if args.workers_mode:
        print_table(["server", "lean, 2 workers: cases/s", "cpu over bare", "throughput over bare"],
                    [[r["server"], r["lean_w2_cases_per_s"], r["cpu_lean_w2_over_bare"], r["throughput_lean_w2_over_bare"]]
                     for r in rows])
    cmd = "bench/lean_path.py " + " ".join(f"--{k.replace('_', '-')} {' '.join(map(str, v)) if isinstance(v, list) else v}"
                                          for k, v in vars(args).items() if v not in (False, 0))
    write_result("lean_path", {"command": ".venv/bin/python " + cmd, "loadavg_before": load0, "loadavg_after": loadavg(),
                               "seconds": time.perf_counter() - t0, "summary": rows, "runs": runs})


if __name__ == "__main__":
    main()
