"""What a case sees while it runs: calls, fixtures, the ledger, and the checks' vocabulary."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from awscompat.engine import outcomes
from awscompat.engine.evidence import Exchange
from awscompat.engine.ledger import Entry, Ledger
from awscompat.engine.namespace import Namespace
from awscompat.engine.outcomes import CheckFailed, HarnessError, Skipped, screen, undecided
from awscompat.engine.transport import Reply, Transport, TransportFault

if TYPE_CHECKING:
    from awscompat.results.case import Case


class CaseContext:
    def __init__(self, case: Case, transport: Transport, ledger: Ledger, namespace: Namespace, *,
                 timeout: float, disposable: bool = False) -> None:
        self.case = case
        self.transport = transport
        self.ledger = ledger
        self.ns = namespace
        self.region = transport.target.region
        self.disposable = disposable
        self.deadline = time.monotonic() + timeout
        self.exchanges: list[Exchange] = []
        self._cleanups: list[tuple[str, Callable[[], Any]]] = []
        self.entries: list[tuple[Entry, Callable[[], Any] | None]] = []

    # -- calls ----------------------------------------------------------------------------
    def client(self, service: str, **config: Any):
        return self.transport.client(service, **config)

    def call(self, service: str, operation: str, **params: Any) -> Reply:
        """Call an operation; any HTTP answer comes back as a Reply (AWS errors included)."""
        return self.call_with(service, operation, params)

    def call_with(self, service: str, operation: str, params: dict, *, client=None, retry: bool = True,
                  lean: bool = False) -> Reply:
        """lean: the request may go on the lean path (engine/prepared.py): for generated requests."""
        return self._decided(lambda: self.transport.call(service, operation, params, client=client, retry=retry,
                                                         lean=lean))

    def raw(self, method: str, url: str, **options: Any) -> Reply:
        """An HTTP request outside botocore (presigned URLs, POST forms, hand-signed requests),
        under the same fault discipline as call (engine/rawhttp.py; options as rawhttp.request),
        recorded in the case's evidence."""
        from awscompat.engine.rawhttp import request

        if getattr(self.transport, "client_name", "botocore") != "botocore":
            raise outcomes.raw_not_expressible(self.transport.client_name)
        return self._decided(lambda: request(self.transport, method, url, record=self.exchanges, **options))

    def _decided(self, send: Callable[[], Reply]) -> Reply:
        """Within the case's deadline; a TransportFault or an answer that decides nothing
        (damaged, throttling, 503 after retries) ends the case as `error`, never `fail`."""
        if time.monotonic() > self.deadline:
            raise outcomes.case_timeout(self.case.timeout)
        try:
            reply = send()
        except TransportFault as fault:
            raise outcomes.transport_fault(fault) from fault
        undecided(reply)
        return reply

    @property
    def last(self) -> Exchange | None:
        return self.exchanges[-1] if self.exchanges else None

    # -- names and resources --------------------------------------------------------------
    def name(self, hint: str = "", max_len: int = 63) -> str:
        return self.ns.name(hint, max_len)

    def track(self, service: str, kind: str, name: str, create: dict, delete: list[dict],
              remove: Callable[[], Any] | None = None) -> Entry:
        """Ledger a resource before it is created; it is removed at teardown."""
        entry = self.ledger.record(self.case.id, service, kind, name, create, delete)
        self.entries.append((entry, remove))
        return entry

    def fixture(self, service: str, operation: str, **params: Any) -> Reply:
        """A setup call that must succeed; if it does not, the case is an error, not a fail."""
        try:
            reply = self.call_with(service, operation, params)
        except HarnessError as err:
            raise outcomes.fixture(operation, error=err) from err  # type: ignore[misc]
        signal = outcomes.fixture(operation, reply)
        if signal is not None:
            raise signal
        return reply

    def poll(self, fetch: Callable[[], Any], done: Callable[[Any], bool], *, within: float = 30.0,
             margin: float = 2.0, **kw: Any) -> Any:
        """Bounded poll (engine/poll.py), also bounded by this case's deadline less a margin left
        for its checks and teardown; returns the last result."""
        from awscompat.engine.poll import poll

        return poll(fetch, done, within=within, deadline=self.deadline - margin, **kw)

    def defer(self, what: str, fn: Callable[[], Any]) -> None:
        """Run fn at teardown (in reverse order of registration)."""
        self._cleanups.append((what, fn))

    # -- checks ---------------------------------------------------------------------------
    def fail(self, message: str, *, expected: Any = None, observed: Any = None, reply: Reply | None = None):
        raise CheckFailed(message, expected=expected, observed=observed,
                          exchange=reply.exchange if reply else self.last)

    def check(self, condition: Any, message: str, *, expected: Any = None, observed: Any = None,
              reply: Reply | None = None) -> None:
        if not condition:
            self.fail(message, expected=expected, observed=observed, reply=reply)

    def equal(self, observed: Any, expected: Any, what: str, reply: Reply | None = None) -> None:
        if observed != expected:
            self.fail(f"{what}: expected {expected!r}, observed {observed!r}", expected=expected,
                      observed=observed, reply=reply)

    def expect_ok(self, reply: Reply, what: str = "") -> Reply:
        screen(reply)
        if not reply.ok:
            err = reply.error
            self.fail(f"{what or reply.exchange.operation}: expected success, got {reply.describe()}"
                      + (f": {err.get('Message')}" if err.get("Message") else ""),
                      expected="2xx", observed=reply.describe(), reply=reply)
        return reply

    def expect_error(self, reply: Reply, code: str | tuple[str, ...] | None = None,
                     status: int | tuple[int, ...] | None = None, what: str = "") -> Reply:
        codes = (code,) if isinstance(code, str) else code
        statuses = (status,) if isinstance(status, int) else status
        screen(reply, judge_not_implemented=outcomes.expects_not_implemented(codes, statuses))
        expected = " or ".join(filter(None, [
            "/".join(codes) if codes else "", "HTTP " + "/".join(map(str, statuses)) if statuses else ""]))
        label = what or reply.exchange.operation
        if reply.ok:
            self.fail(f"{label}: expected {expected or 'an error'}, got HTTP {reply.status} success",
                      expected=expected, observed=f"HTTP {reply.status}", reply=reply)
        if codes and reply.code not in codes:
            self.fail(f"{label}: expected error code {'/'.join(codes)}, got {reply.describe()}",
                      expected=expected, observed=reply.describe(), reply=reply)
        if statuses and reply.status not in statuses:
            self.fail(f"{label}: expected HTTP {'/'.join(map(str, statuses))}, got {reply.describe()}",
                      expected=expected, observed=reply.describe(), reply=reply)
        return reply

    def skip(self, reason: str) -> None:
        raise Skipped(reason)

    # -- teardown -------------------------------------------------------------------------
    def teardown(self) -> list[str]:
        """Undo in reverse order. Failures are reported, never raised: they cannot touch
        another case, and the run's final sweep retries what is left in the ledger."""
        problems: list[str] = []
        from awscompat.engine.sweep import Sweeper

        sweeper = Sweeper(self.transport, self.ns)
        items: list[tuple[str, Callable[[], Any] | None, Entry | None]] = [
            (f"{e.kind} {e.name}", f, e) for e, f in self.entries]
        items += [(w, f, None) for w, f in self._cleanups]
        # Deferred calls first (newest first), then resources (newest first).
        for what, fn, entry in reversed(items):
            try:
                if fn is not None:
                    result = fn()
                else:
                    result = sweeper.remove(entry) if entry is not None else True
                if entry is not None:
                    if result is None or result is False:
                        problems.append(f"teardown of {what} did not succeed")
                    else:
                        self.ledger.done(entry, result if isinstance(result, str) else "deleted")
            except Exception as exc:  # noqa: BLE001 - teardown never raises
                problems.append(f"teardown of {what}: {type(exc).__name__}: {exc}")
        return problems
