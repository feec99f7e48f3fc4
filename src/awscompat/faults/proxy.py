"""A fault-injecting HTTP reverse proxy on loopback (`awscompat run --fault SPEC`).

It listens on 127.0.0.1 only, forwards every request to one upstream endpoint (keep-alive on
both sides, Content-Length / chunked / read-until-close bodies streamed in 64 KiB pieces, never
buffered whole) and injects faults, so that one can check that a provider that misbehaves is
still rated right: a fault may turn a case into `error`, never into `fail`.

Grammar (one fault per `--fault`, repeatable):

    SPEC     := NAME "=" VALUE (":" KEY "=" VALUE)*
    latency=DURATION[:jitter=DURATION]   every request waits DURATION (+ uniform 0..jitter)
    reset=RATE[:burst=N]     the connection is closed with a TCP reset, nothing answered
    500=RATE[:burst=N]       the proxy answers 500 InternalError itself (S3 <Error> XML, query
                             <Errors> XML or JSON __type, as the request's protocol suggests)
    503=RATE[:burst=N]       the same with 503 SlowDown (S3) / ServiceUnavailable (others)
    truncate=RATE[:burst=N]  the answer's head (real Content-Length) and part of its body are
                             sent, then the connection is closed
    garbage=RATE[:burst=N]   the body is replaced by random bytes of the same length (same
                             status and headers)
    hang=RATE[:burst=N]      the request is swallowed: nothing is ever answered on that
                             connection (the client's --timeout ends it)
    seed=INT                 the RNG's seed (default 0)
    DURATION := NUMBER["ms"|"s"] (milliseconds when bare)   RATE := 0..1, or a percentage "5%"

Examples: `latency=50ms:jitter=10ms`, `reset=0.05`, `503=0.1:burst=2`, `garbage=5%`, `seed=7`.

`burst=N`: once the fault fires it also hits the next N-1 requests the proxy receives (on any
connection). Each request draws from one RNG seeded with `seed`, in the order the proxy receives
requests: at most one of hang, reset, 503, 500, truncate, garbage applies (in that order of
precedence), latency applies on top. reset, 500, 503 and hang never reach the upstream, so the
provider never acts on them; truncate and garbage need the real answer, so the upstream did act.
Answers without a body (HEAD, 204, 304, Content-Length 0) pass through truncate and garbage.
The Host header is forwarded as the client sent it (SigV4 signs it): the upstream must route by
path, as local clones do. Run it alone: `python -m awscompat.faults.proxy URL --fault reset=0.1`.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import random
import socket
import ssl
import struct
import threading
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

from awscompat.engine.events import RunFinished
from awscompat.faults.httpframe import PIECE, Head, canned, copy_body, read_head
from awscompat.faults.spec import FAULTS, FaultPlan, FaultSpecError, parse_faults

__all__ = ["FAULTS", "FaultFront", "FaultPlan", "FaultProxy", "FaultSpecError", "parse_faults"]
HEAD_LIMIT = 1 << 20


def _abort(writer: asyncio.StreamWriter, reset: bool = False) -> None:
    if reset:
        sock = writer.get_extra_info("socket")
        with contextlib.suppress(OSError, AttributeError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


# -- the proxy -------------------------------------------------------------------------------
class FaultProxy:
    """One upstream, one loopback port, served by an asyncio loop on a thread of its own."""

    def __init__(self, upstream: str, plan: FaultPlan, *, verify: bool | str = True, port: int = 0) -> None:
        parts = urlsplit(upstream)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"upstream must be an http(s) URL, got {upstream!r}")
        self.upstream = upstream
        self.plan = plan
        self._host, self._path = parts.hostname, parts.path.rstrip("/")
        self._uport = parts.port or (443 if parts.scheme == "https" else 80)
        self._ssl: ssl.SSLContext | None = None
        if parts.scheme == "https":
            self._ssl = ssl.create_default_context(cafile=verify if isinstance(verify, str) else None)
            if verify is False:
                self._ssl.check_hostname, self._ssl.verify_mode = False, ssl.CERT_NONE
        self.port = port
        self.stats: Counter[str] = Counter()
        self._rng = random.Random(plan.seed)
        self._bursts: Counter[str] = Counter()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self._path}"

    def start(self) -> str:
        self._thread = threading.Thread(target=self._serve, name="faultproxy", daemon=True)
        self._thread.start()
        self._ready.wait(10)
        if self._error is not None or not self._ready.is_set():
            raise RuntimeError(f"the fault proxy did not start: {self._error}")
        return self.url

    def stop(self) -> None:
        loop, stopping = self._loop, self._stopping
        if loop is not None and stopping is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(stopping.set)
        if self._thread is not None:
            self._thread.join(10)
            self._thread = None

    def __enter__(self) -> FaultProxy:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _serve(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as exc:  # noqa: BLE001 - reported by start()
            self._error = exc
            self._ready.set()

    async def _main(self) -> None:
        self._loop, self._stopping = asyncio.get_running_loop(), asyncio.Event()
        tasks: set[asyncio.Task] = set()

        async def on_client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            task = asyncio.current_task()
            assert task is not None
            tasks.add(task)
            try:
                await self._client(reader, writer)
            except asyncio.CancelledError:
                pass  # stopping; ending normally keeps asyncio (3.11) from logging the cancellation
            finally:
                tasks.discard(task)

        server = await asyncio.start_server(on_client, "127.0.0.1", self.port, limit=HEAD_LIMIT, backlog=512)
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        async with server:
            await self._stopping.wait()
            server.close()
            for task in list(tasks):
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    def _decide(self) -> tuple[str | None, float, int]:
        """This request's fault (or None), its delay in seconds, and the seed of an RNG of its own."""
        rng, plan = self._rng, self.plan
        delay = (plan.latency_ms + (rng.uniform(0, plan.jitter_ms) if plan.jitter_ms else 0.0)) / 1000
        chosen = next((f.name for f in plan.faults if self._bursts[f.name] > 0), None)
        if chosen is not None:
            self._bursts[chosen] -= 1
        else:
            for fault in plan.faults:
                if rng.random() < fault.rate:
                    chosen = fault.name
                    self._bursts[chosen] = fault.burst - 1
                    break
        return chosen, delay, rng.getrandbits(64)

    async def _connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        return await asyncio.open_connection(self._host, self._uport, ssl=self._ssl, limit=HEAD_LIMIT,
                                             server_hostname=self._host if self._ssl else None)

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        try:
            while (request := await read_head(reader)) is not None:
                fault, delay, seed = self._decide()
                self.stats["requests"] += 1
                if delay:
                    await asyncio.sleep(delay)
                if fault == "hang":
                    self.stats["hang"] += 1
                    while await reader.read(PIECE):  # hold the connection until the client gives up
                        pass
                    return
                if fault == "reset":
                    self.stats["reset"] += 1
                    _abort(writer, reset=True)
                    return
                if b"100-continue" in request.get(b"expect").lower():
                    writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
                if fault in ("500", "503"):
                    self.stats[fault] += 1
                    await copy_body(reader, None, request.framing())
                    writer.write(canned(int(fault), request))
                    await writer.drain()
                    if not request.keep_alive():
                        return
                    continue
                if up is None or up[0].at_eof() or up[1].is_closing():
                    if up is not None:
                        up[1].close()
                    up = await self._connect()
                keep_up, keep_client = await self._forward(request, reader, writer, up, fault, seed)
                if not keep_up:
                    up[1].close()
                    up = None
                if not keep_client:
                    return
        except (OSError, EOFError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            _abort(writer)  # a client or upstream that broke the protocol or went away
        finally:
            if up is not None:
                up[1].close()
            writer.close()

    async def _forward(self, request: Head, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                       up: tuple[asyncio.StreamReader, asyncio.StreamWriter], fault: str | None,
                       seed: int) -> tuple[bool, bool]:
        """Relay one exchange; returns (upstream reusable, client connection reusable)."""
        ureader, uwriter = up
        head = b"\r\n".join([request.first] + [k + b": " + v for k, v in request.headers if k.lower() != b"expect"])
        uwriter.write(head + b"\r\n\r\n")
        body = request.framing()
        sending = asyncio.ensure_future(copy_body(reader, uwriter, body)) if body[0] != "none" else None
        try:
            while True:
                answer = await read_head(ureader)
                if answer is None:
                    raise ConnectionResetError("the upstream closed the connection without answering")
                status = int(answer.first.split(b" ", 2)[1])
                if status >= 200:
                    break  # 1xx: the client already had its own 100 Continue
            bodyless = request.first.startswith(b"HEAD ") or status in (204, 304)
            framing = answer.framing(bodyless, response=True)
            cut = garble = None
            if fault in ("truncate", "garbage"):
                # A body that ends with the connection cannot be seen to be cut short: no truncate.
                applies = framing[0] not in ("none", "close") or (fault == "garbage" and framing[0] == "close")
                self.stats[fault if applies else fault + "-not-applicable"] += 1
                rng = random.Random(seed)
                if applies and fault == "truncate":
                    cut = rng.randrange(framing[1]) if framing[0] == "length" else rng.randrange(256)
                elif applies:
                    garble = rng
            writer.write(answer.raw)
            complete = await copy_body(ureader, writer, framing, garble=garble, cut=cut)
            if not complete:
                _abort(writer)
                return False, False
            sent_all = True
            if sending is not None:
                if not sending.done():  # the upstream answered before it read the whole request body
                    await asyncio.wait({sending}, timeout=1.0)
                sent_all = sending.done() and not sending.cancelled() and sending.exception() is None
            reusable = sent_all and framing[0] != "close" and answer.keep_alive()
            return reusable, reusable and request.keep_alive()
        finally:
            if sending is not None and not sending.done():
                sending.cancel()
            elif sending is not None and not sending.cancelled():
                sending.exception()  # retrieved: a client body that broke off ends the connection


class FaultFront:
    """`awscompat run --fault`: one proxy in front of each distinct endpoint of a target, for
    one run. start() gives the target to run against; extra() is what run.json records (the
    real target, the plan and, once the run ends, what each proxy did). Put it on the run's Bus
    before the run folder writer: it fills in the proxies' counts when the run finishes."""

    def __init__(self, target: Any, plan: FaultPlan) -> None:
        self.target = target
        self.plan = plan
        self.proxies: dict[str, FaultProxy] = {}
        self.record: dict[str, Any] = {**plan.to_dict(), "proxies": []}

    def start(self) -> Any:
        urls = [u for u in [self.target.endpoint, *self.target.endpoints.values()] if u]
        if not self.target.endpoint:
            raise FaultSpecError("--fault needs an endpoint to stand in front of (--endpoint, or the embedded"
                                 " target); it cannot proxy AWS itself")
        for n, url in enumerate(dict.fromkeys(urls)):
            plan = dataclasses.replace(self.plan, seed=self.plan.seed + n)
            proxy = FaultProxy(url, plan, verify=self.target.verify_tls)
            self.proxies[url] = proxy
            proxy.start()
            self.record["proxies"].append({"upstream": url, "proxy": proxy.url, "seed": plan.seed})
        return dataclasses.replace(self.target, endpoint=self.proxies[self.target.endpoint].url,
                                   endpoints={s: self.proxies[u].url for s, u in self.target.endpoints.items()})

    def extra(self) -> dict[str, Any]:
        return {"target": self.target.descriptor(), "faults": self.record}

    def describe(self) -> str:
        return "fault injection (" + ", ".join(self.plan.specs) + "): " + ", ".join(
            f"{p.url} -> {u}" for u, p in self.proxies.items())

    def handle(self, event: object) -> None:
        if isinstance(event, RunFinished):
            self._count()

    def _count(self) -> None:
        for entry in self.record["proxies"]:
            stats = self.proxies[entry["upstream"]].stats
            for _ in range(5):  # the proxy's thread may add a counter meanwhile (a late request)
                try:
                    entry["stats"] = dict(sorted(stats.items()))
                    break
                except RuntimeError:
                    continue

    def stop(self) -> None:
        for proxy in self.proxies.values():
            proxy.stop()
        self._count()


def main(argv: list[str] | None = None) -> int:
    import argparse
    import signal

    parser = argparse.ArgumentParser(prog="python -m awscompat.faults.proxy", description=__doc__.splitlines()[0])
    parser.add_argument("upstream", help="the endpoint to forward to, e.g. http://127.0.0.1:5000")
    parser.add_argument("--fault", action="append", default=[], metavar="SPEC", help="a fault (repeatable)")
    parser.add_argument("--port", type=int, default=0, help="loopback port to listen on (default: any free one)")
    args = parser.parse_args(argv)
    try:
        proxy = FaultProxy(args.upstream, parse_faults(args.fault), port=args.port)
    except ValueError as exc:
        parser.error(str(exc))
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    with proxy:
        print(proxy.url, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            done.wait()
    print(json.dumps(dict(proxy.stats)), flush=True)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
