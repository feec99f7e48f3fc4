"""Fault proxy latency: 2,000 S3 `recognised` probes through awscompat.faults.proxy with 50 ms
added latency at concurrency 32 must finish within 1.2 x (2,000 x 50 ms / 32) = 3.75 s.

The probes run through the engine as `awscompat run -c 32 --workers N` runs them: one Runner,
the S3 recognised family repeated to 2,000 cases, its worker processes started (imports, models,
clients) before the clock. The wall time runs from Runner.run() to the last case result; the
final sweep is not counted.

Two choices keep the measure about the proxy and the engine:
- The upstream is a minimal S3 stand-in (its own process, asyncio) that answers every request
  with S3's 404 NoSuchBucket document, which the recognised probe accepts. moto spends ~4 ms of
  CPU per request (bench/recognised_throughput.py): 2,000 requests would take it 8 s of CPU on
  its own, more than the whole budget.
- The engine costs ~1.2-2.5 ms of client CPU per probe (botocore: endpoint rules, signing,
  HTTP), so one Python process (one GIL) cannot issue 2,000 probes in 3.75 s with the proxy and
  the stand-in sharing the machine: --processes sets the engine's --workers (default 2). The
  proxy runs in the parent process, on its own thread, as `awscompat run --fault` runs it.
- A bare asyncio client (32 keep-alive connections, no engine) through the same proxy times the
  proxy alone; `direct` (no proxy, no latency) times the engine alone.

    .venv/bin/python bench/proxy_latency.py [--rounds 3] [--processes 2] [--probes 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import loadavg, median, print_table, write_result

from awscompat.engine.embedded import free_port
from awscompat.faults.proxy import FaultProxy, parse_faults

CONCURRENCY = 32
LATENCY_MS = 50.0
BUDGET = 1.2
NO_SUCH_BUCKET = (b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchBucket</Code><Message>The specified '
                  b"bucket does not exist</Message><RequestId>0</RequestId><HostId>0</HostId></Error>")


def serve_stub(port: int) -> None:
    """Answer every request with S3's NoSuchBucket (keep-alive, request bodies read and dropped)."""

    async def client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                               if line.lower().startswith(b"content-length:")), 0)
                if length:
                    await reader.readexactly(length)
                if b"100-continue" in head.lower():
                    writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
                body = b"" if head.startswith(b"HEAD ") else NO_SUCH_BUCKET
                writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Type: application/xml\r\nx-amz-request-id: 0\r\n"
                             b"Content-Length: %d\r\n\r\n%s" % (len(NO_SUCH_BUCKET), body))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(client, "127.0.0.1", port, backlog=512)
        await server.serve_forever()

    asyncio.run(main())


def bare_client(url: str, probes: int, results: Any) -> None:
    """No engine: 32 keep-alive connections sending plain S3-shaped GETs, to time the proxy alone."""
    host, port = url.split("//", 1)[1].split(":")

    async def one_connection(count: int) -> None:
        reader, writer = await asyncio.open_connection(host, int(port))
        for n in range(count):
            writer.write(b"GET /awscompat-bench-%d/key HTTP/1.1\r\nHost: %s\r\n\r\n" % (n, url.encode()))
            head = await reader.readuntil(b"\r\n\r\n")
            length = next(int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length:"))
            await reader.readexactly(length)
        writer.close()

    async def main() -> float:
        start = time.monotonic()
        shares = [probes // CONCURRENCY + (i < probes % CONCURRENCY) for i in range(CONCURRENCY)]
        await asyncio.gather(*(one_connection(n) for n in shares))
        return time.monotonic() - start

    results.put(asyncio.run(main()))


def bare_round(url: str, probes: int) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    results = ctx.Queue()
    proc = ctx.Process(target=bare_client, args=(url, probes, results))
    cpu = time.process_time()
    proc.start()
    wall = results.get(timeout=300)
    proc.join(30)
    return {"wall_s": wall, "cases": probes, "outcomes": {}, "engine_cpu_ms_per_probe": 0.0,
            "parent_cpu_ms_per_probe": 1000 * (time.process_time() - cpu) / probes}


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (/proc/PID/stat); 0 for one that has exited."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def one_round(url: str, processes: int, probes: int) -> dict[str, Any]:
    """The engine as `awscompat run --workers N -c 32` runs it: a Runner whose worker processes
    are started (imports, models, clients) before the clock; the clock runs from run() to the
    last case result."""
    from awscompat.catalog import Selection, build_catalog
    from awscompat.engine.events import Bus, CaseFinished
    from awscompat.engine.runner import Runner, RunOptions
    from awscompat.engine.target import Credentials, Target

    recognised = list(build_catalog(Selection(services=["s3"], families=["recognised"])))
    cases = (recognised * (probes // len(recognised) + 1))[:probes]
    state: dict[str, Any] = {"last": 0.0, "outcomes": {}, "seen": 0, "pids": [], "workers_cpu": 0.0}

    class Stamp:
        def handle(self, event: object) -> None:
            if isinstance(event, CaseFinished):
                state["last"] = time.monotonic()
                state["outcomes"][event.result.outcome] = state["outcomes"].get(event.result.outcome, 0) + 1
                state["seen"] += 1
                if state["seen"] == len(cases):  # the workers are still up: charge them their CPU
                    state["workers_cpu"] = sum(cpu_seconds(pid) for pid in state["pids"]) - state["workers_cpu"]

    out = Path(tempfile.mkdtemp(prefix="awscompat-bench-"))
    target = Target(name="stub", endpoint=url, disposable=True, credentials=Credentials("testing", "testing"))
    runner = Runner(target, cases, out, RunOptions(CONCURRENCY, 30.0, 2, workers=processes), Bus([Stamp()]),
                    services=[])
    runner.start_workers()
    state["pids"] = runner._pool.pids if runner._pool else []
    state["workers_cpu"] = sum(cpu_seconds(pid) for pid in state["pids"])
    runner.transport.client("s3")  # in-process (--processes 1): built before the clock too
    start, cpu = time.monotonic(), time.process_time()
    runner.run("bench")
    parent_cpu = time.process_time() - cpu  # the proxy's thread and the runner's dispatch loop (+ the sweep)
    shutil.rmtree(out, ignore_errors=True)
    return {"wall_s": state["last"] - start, "cases": len(cases), "outcomes": state["outcomes"],
            "engine_cpu_ms_per_probe": 1000 * state["workers_cpu"] / len(cases) if state["pids"] else 0.0,
            "parent_cpu_ms_per_probe": 1000 * parent_cpu / len(cases)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--probes", type=int, default=2000)
    args = parser.parse_args()
    ideal = args.probes * LATENCY_MS / 1000 / CONCURRENCY
    budget = BUDGET * ideal
    port = free_port()
    stub = mp.get_context("spawn").Process(target=serve_stub, args=(port,), daemon=True)
    stub.start()
    upstream = f"http://127.0.0.1:{port}"
    time.sleep(1.0)
    load_before, started = loadavg(), time.monotonic()
    runs: list[dict[str, Any]] = []
    try:
        for n in range(1, args.rounds + 1):
            runs.append({"mode": "direct", "round": n, **one_round(upstream, args.processes, args.probes)})
            with FaultProxy(upstream, parse_faults([f"latency={LATENCY_MS:g}ms"])) as proxy:
                run = one_round(proxy.url, args.processes, args.probes)
                runs.append({"mode": "proxy+50ms", "round": n, **run, "proxy_requests": proxy.stats["requests"]})
            with FaultProxy(upstream, parse_faults([f"latency={LATENCY_MS:g}ms"])) as proxy:
                runs.append({"mode": "bare client, proxy+50ms", "round": n, **bare_round(proxy.url, args.probes)})
    finally:
        stub.terminate()
        stub.join(10)
    proxied = [r["wall_s"] for r in runs if r["mode"] == "proxy+50ms"]
    direct = [r["wall_s"] for r in runs if r["mode"] == "direct"]
    bare = [r["wall_s"] for r in runs if r["mode"].startswith("bare")]
    print_table(["mode", "round", "cases", "wall s", "cases/s", "engine CPU ms/probe (workers)", "parent CPU ms/probe (proxy + dispatch)",
                 "outcomes"],
                [[r["mode"], r["round"], r["cases"], r["wall_s"], r["cases"] / r["wall_s"],
                  r["engine_cpu_ms_per_probe"] or "-", r["parent_cpu_ms_per_probe"] if r["mode"] != "direct" else "-",
                  r["outcomes"] or "-"] for r in runs])
    verdict = "within" if median(proxied) <= budget else "OVER"
    print(f"\nproxy+50ms median {median(proxied):.3f}s (best {min(proxied):.3f}s); ideal {ideal:.3f}s, budget "
          f"{budget:.3f}s: {verdict}. direct (no proxy, no latency) median {median(direct):.3f}s; bare client through"
          f" the proxy (no engine) median {median(bare):.3f}s")
    path = write_result("proxy_latency", {
        "probes": args.probes, "concurrency": CONCURRENCY, "processes": args.processes, "latency_ms": LATENCY_MS,
        "ideal_s": ideal, "budget_s": budget, "median_s": median(proxied), "best_s": min(proxied),
        "direct_median_s": median(direct), "bare_client_median_s": median(bare),
        "within_budget": median(proxied) <= budget, "runs": runs,
        "load_average_before": load_before, "load_average_after": loadavg(),
        "elapsed_s": time.monotonic() - started,
    })
    print(f"written to {path}")


if __name__ == "__main__":
    main()
