"""What a call costs through each client of `awscompat run --client` (docs/clients.md): the same
S3 calls on embedded moto through the engine's Transport with botocore and with the AWS SDK for
JavaScript v3 (the Node driver; botocore still builds and parses), one thread, sequential.

Measured per client: the median wall time of a HeadObject and of a 64 KiB PutObject, over --calls
calls each after a warm-up, plus the CPU per call of the Python process and of the Node driver. The JS SDK's extra cost is the
Node round trip (JSON lines over a pipe) and the request botocore builds and discards.

    .venv/bin/python bench/client_overhead.py [--calls 200]
"""

from __future__ import annotations

import argparse
import os
import time

from _common import loadavg, median, print_table, proc_cpu, start_server, write_result

from awscompat.engine.jsdriver import driver
from awscompat.engine.target import Credentials, Target
from awscompat.engine.transport import Transport, set_sink

BODY = os.urandom(64 * 1024)


def measure(url: str, client: str, calls: int) -> dict:
    transport = Transport(Target(name="moto", endpoint=url, credentials=Credentials("testing", "testing")),
                          client=client)
    sink: list = []
    set_sink(sink)
    bucket = f"bench-{client.replace('.', '')}"
    transport.call("s3", "CreateBucket", {"Bucket": bucket})
    transport.call("s3", "PutObject", {"Bucket": bucket, "Key": "k", "Body": BODY})
    out = {}
    for name, op, params in (("head", "HeadObject", {"Bucket": bucket, "Key": "k"}),
                             ("put_64k", "PutObject", {"Bucket": bucket, "Key": "k", "Body": BODY})):
        for _ in range(10):  # warm-up: clients, the Node process, connections
            transport.call("s3", op, params)
        times = []
        node = driver().proc.pid if client == "js-v3" else None
        cpu0, node0 = proc_cpu(os.getpid()), proc_cpu(node) if node else 0.0
        for _ in range(calls):
            start = time.perf_counter()
            reply = transport.call("s3", op, params)
            times.append(time.perf_counter() - start)
            assert reply.ok, reply.describe()
            sink.clear()
        out[name] = {"median_ms": 1000 * median(times),
                     "cpu_ms_per_call": 1000 * (proc_cpu(os.getpid()) - cpu0) / calls,
                     "node_cpu_ms_per_call": 1000 * (proc_cpu(node) - node0) / calls if node else 0.0}
    set_sink(None)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    server = start_server("moto")
    try:
        results = {client: measure(server.url, client, args.calls) for client in ("botocore", "js-v3")}
    finally:
        server.stop()
    rows = [[c, op, r["median_ms"], r["cpu_ms_per_call"], r["node_cpu_ms_per_call"]]
            for c, ops in results.items() for op, r in ops.items()]
    print_table(["client", "call", "median ms", "python cpu ms/call", "node cpu ms/call"], rows)
    path = write_result("client_overhead", {"calls": args.calls, "loadavg": loadavg(), "results": results})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
