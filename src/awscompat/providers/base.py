"""What every provider shares: the description, the running handle, the errors, binary lookup.

A provider is a real AWS-compatible server that runs on this machine (docs/market). It
starts on loopback only, on ports chosen free, and is stopped by PID: SIGTERM to its process
group, SIGKILL after a grace period (ServerProcess.stop).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from awscompat.engine.embedded import ServerProcess

INSTALL_SCRIPT = "scripts/install-providers.sh"


class ProviderError(Exception):
    """A provider that cannot be rated here (base class)."""


class ProviderMissing(ProviderError):
    """A binary or package the provider needs is not installed; `hint` says how to install it."""

    def __init__(self, provider: str, what: str, hint: str) -> None:
        super().__init__(f"{provider}: {what} is not installed; install it with `{hint}`")
        self.provider = provider
        self.hint = hint


class ProviderStartError(ProviderError):
    """The server was found but did not start (the message ends with the tail of its log)."""


def project_root() -> Path:
    """The source checkout awscompat runs from (an editable install): where .providers/ lives.
    AWSCOMPAT_PROVIDERS_ROOT overrides it."""
    env = os.environ.get("AWSCOMPAT_PROVIDERS_ROOT")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3]


def providers_dir() -> Path:
    return project_root() / ".providers"


def find_binary(name: str, provider: str, hint: str, extra: Sequence[Path] = ()) -> str:
    """An executable from extra folders, the running Python's folder, then PATH."""
    dirs = [*map(str, extra), str(Path(sys.executable).parent), os.environ.get("PATH", "")]
    found = shutil.which(name, path=os.pathsep.join(dirs))
    if found is None:
        raise ProviderMissing(provider, f"`{name}`", hint)
    return found


def port_open(url_or_port: str | int, host: str = "127.0.0.1") -> bool:
    """Is something listening on this loopback port (or on the port of this URL)?"""
    port = url_or_port if isinstance(url_or_port, int) else int(str(url_or_port).rsplit(":", 1)[1].split("/")[0])
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


@dataclass
class Running:
    """A started provider. `credentials` is the environment a client must use to be accepted
    (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY); `any_credentials` says the server accepts any.
    `second_credentials`, when the server can have a second principal, is that principal's
    environment (AWS_SECOND_ACCESS_KEY_ID / AWS_SECOND_SECRET_ACCESS_KEY, engine/target.py).
    `ca_bundle` is the CA file that vouches for an https:// `url` (providers/tls.py), and
    `backend_url` the server's own plain-HTTP address when a TLS front serves it. `tls_url` is the
    server's own https:// address when it serves TLS natively (with the CA in `ca_bundle`)."""

    name: str
    url: str
    processes: list[ServerProcess]
    credentials: dict[str, str]
    version: str
    any_credentials: bool = True
    log: Path | None = None
    ports: list[int] = field(default_factory=list)
    endpoints: dict[str, str] = field(default_factory=dict)
    second_credentials: dict[str, str] | None = field(default=None, repr=False)
    ca_bundle: str | None = None
    backend_url: str = ""
    tls_url: str = ""

    @property
    def process(self) -> ServerProcess:
        return self.processes[-1]

    @property
    def pid(self) -> int | None:
        return self.process.pid

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.processes if p.pid is not None]

    def stop(self) -> None:
        """Stop every process by PID, the last started first, with escalation to SIGKILL."""
        for proc in reversed(self.processes):
            with contextlib.suppress(Exception):
                proc.stop()

    def __enter__(self) -> Running:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def log_tail(path: Path | None, chars: int = 2000) -> str:
    if path is None or not path.exists():
        return ""
    return path.read_text(errors="replace")[-chars:]


def start_process(name: str, proc: ServerProcess, wait: float) -> ServerProcess:
    """Start proc; a failure raises ProviderStartError with the tail of the server's log."""
    try:
        return proc.start(wait=wait)
    except RuntimeError as exc:
        tail = log_tail(proc.log)
        raise ProviderStartError(f"{name} did not start: {exc}" + (f"\n{tail}" if tail else "")) from exc


@dataclass(frozen=True)
class Provider:
    """One AWS-compatible server: what it serves, which profiles rate it, how it starts."""

    name: str
    title: str
    services: tuple[str, ...]
    profiles: tuple[str, ...]
    install: str
    launch: Callable[[Path], Running] = field(repr=False)
    check: Callable[[], None] = field(repr=False)
    opt_in: bool = False
    notes: str = ""
    homepage: str = ""

    def missing(self) -> str | None:
        """None when everything the provider needs is installed, else why not."""
        try:
            self.check()
        except ProviderMissing as exc:
            return str(exc)
        return None

    def start(self, workdir: Path) -> Running:
        """Start the server with its data and log under workdir; raises ProviderError."""
        workdir.mkdir(parents=True, exist_ok=True)
        self.check()
        return self.launch(workdir)

    @contextlib.contextmanager
    def running(self, workdir: Path) -> Iterator[Running]:
        handle = self.start(workdir)
        try:
            yield handle
        finally:
            handle.stop()


def answers(url: str, wait: float = 5.0, ca_bundle: str | None = None) -> bool:
    """Does the server still answer HTTP at all (any status) within wait seconds? An https://
    URL is checked with ca_bundle (the CA that vouches for it)."""
    import ssl
    import urllib.error
    import urllib.request

    handlers: list = [urllib.request.ProxyHandler({})]
    if url.startswith("https://"):
        handlers.append(urllib.request.HTTPSHandler(context=ssl.create_default_context(cafile=ca_bundle)))
    opener = urllib.request.build_opener(*handlers)
    try:
        opener.open(url + "/", timeout=wait).close()
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


def alive(server: Running, wait: float = 10.0) -> bool:
    """Does the server still answer? Asked of the server itself (backend_url, not a TLS front in
    front of it), twice before saying no: a server slowed down by a flood of requests on a loaded
    machine is not a server that stopped."""
    url = server.backend_url or server.url
    return any(answers(url, wait, ca_bundle=server.ca_bundle) for _ in range(2))


class Watchdog:
    """An engine reporter: when a case ends in `error`, check (at most every 5 s) that the server
    still answers; if not, stop it by PID, so the cases left fail fast instead of each waiting
    for its timeout, and the engine's end-of-run sweep does not wait on a hung server."""

    def __init__(self, server: Running, say: Callable[[str], None]) -> None:
        self.server, self.say, self.tripped, self.checked = server, say, False, 0.0

    def handle(self, event: object) -> None:
        result = getattr(event, "result", None)
        if self.tripped or getattr(result, "outcome", None) != "error" or time.monotonic() - self.checked < 5:
            return
        self.checked = time.monotonic()
        if not alive(self.server):
            self.tripped = True
            self.say(f"{self.server.name} stopped answering (after {getattr(result, 'id', '?')}): stopping it")
            self.server.stop()
