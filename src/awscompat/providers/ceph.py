"""Ceph radosgw (opt-in): one monitor, one memstore OSD and one radosgw, all on 127.0.0.1, from
the recipe of docs/market with every port chosen free and every path under workdir."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import uuid
from pathlib import Path

from awscompat.engine.embedded import ServerProcess, free_ports
from awscompat.providers.base import (
    INSTALL_SCRIPT,
    ProviderMissing,
    ProviderStartError,
    Running,
    start_process,
)
from awscompat.providers.python import s3_usable
from awscompat.providers.tls import TlsFiles, make_ca

HINT = f"bash {INSTALL_SCRIPT} --radosgw"
BINARIES = ("radosgw", "radosgw-admin", "ceph", "ceph-mon", "ceph-osd", "ceph-authtool", "monmaptool")
KEY = "awscompat-rgw"
SECRET = "awscompat-rgw-secret-0123456789"  # a throwaway test server's key, not a secret
SECOND_KEY = "awscompat-rgw-second"
SECOND_SECRET = "awscompat-rgw-second-secret-0123"  # a throwaway test server's key, not a secret


class _TcpProcess(ServerProcess):
    """A daemon that does not speak HTTP: ready when its port accepts a connection."""

    def _answers(self) -> bool:
        host, port = self.url.rsplit("/", 1)[-1].rsplit(":", 1)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.settimeout(1)
            return s.connect_ex((host, int(port))) == 0


class _Daemon(ServerProcess):
    """A daemon with no port of its own (the OSD picks one): ready when its `ready` check says so."""

    def _answers(self) -> bool:
        return True


def check() -> None:
    for name in BINARIES:
        if shutil.which(name) is None:
            raise ProviderMissing("radosgw", f"`{name}` (Ceph)", HINT)


def version() -> str:
    try:
        out = subprocess.run(["radosgw", "--version"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    parts = out.split()
    return parts[2] if len(parts) > 2 and parts[0] == "ceph" else "?"


def _conf(c: Path, fsid: str, mon_port: int, rgw_port: int, tls: tuple[int, TlsFiles] | None = None) -> str:
    ssl = f" ssl_endpoint=127.0.0.1:{tls[0]} ssl_certificate={tls[1].cert} ssl_private_key={tls[1].key}" if tls else ""
    return f"""[global]
fsid = {fsid}
mon_host = [v1:127.0.0.1:{mon_port}]
mon_initial_members = a
public_addr = 127.0.0.1
cluster_addr = 127.0.0.1
public_network = 127.0.0.0/8
ms_bind_msgr2 = false
ms_bind_msgr1 = true
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
osd_pool_default_size = 1
osd_pool_default_min_size = 1
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_pool_default_pg_autoscale_mode = off
osd_crush_chooseleaf_type = 0
mon_allow_pool_size_one = true
osd_objectstore = memstore
osd_crush_update_on_start = false
memstore_device_bytes = 1073741824
run_dir = {c}/run
admin_socket = {c}/run/$name.asok
log_file = {c}/log/$name.log
keyring = {c}/keyring
mon_data = {c}/mon/$cluster-$id
osd_data = {c}/osd/$cluster-$id
[client.rgw.a]
rgw_frontends = beast endpoint=127.0.0.1:{rgw_port}{ssl}
rgw_data = {c}/rgw
"""


# The `ceph` CLI fetches the monitor's command descriptions before it sends a command; on a busy
# machine it can ask before its session carries the cluster's fsid, and the monitor refuses that
# ("handle_command on fsid 0000... != <fsid>" in its log). The command itself was never sent, so it
# is safe to send again.
NOT_SENT = "problem getting command descriptions"
RETRIES = 8


def _run(argv: list[str], log: Path, timeout: float = 60) -> str:
    for attempt in range(RETRIES):
        with open(log, "a") as fh:
            fh.write("$ " + " ".join(argv) + "\n")
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as exc:
            raise ProviderStartError(f"radosgw: `{' '.join(argv[:3])}` timed out after {timeout:.0f}s") from exc
        with open(log, "a") as fh:
            fh.write(done.stdout + done.stderr)
        if done.returncode == 0 or NOT_SENT not in done.stderr or attempt == RETRIES - 1:
            break
        time.sleep(0.5 * (attempt + 1))
    if done.returncode != 0:
        raise ProviderStartError(f"radosgw: `{' '.join(argv)}` exited {done.returncode}: {done.stderr[-800:]}")
    return done.stdout


def start(workdir: Path) -> Running:
    c = workdir / "ceph"
    for sub in ("run", "log", "mon", "osd", "rgw"):
        (c / sub).mkdir(parents=True, exist_ok=True)
    fsid = str(uuid.uuid4())
    mon_port, rgw_port, tls_port = free_ports(3)
    # radosgw serves HTTPS itself (beast's ssl_endpoint) with a throwaway CA's certificate: it decides
    # from its own transport whether a request came over TLS (SSE-C is refused otherwise).
    files = make_ca(c / "tls")
    conf = c / "ceph.conf"
    conf.write_text(_conf(c, fsid, mon_port, rgw_port, (tls_port, files)))
    log = workdir / "radosgw.log"
    cf = ["-c", str(conf)]
    _run(["ceph-authtool", "--create-keyring", f"{c}/keyring", "--gen-key", "-n", "mon.", "--cap", "mon", "allow *"],
         log)
    _run(["ceph-authtool", f"{c}/keyring", "--gen-key", "-n", "client.admin", "--cap", "mon", "allow *", "--cap",
          "osd", "allow *", "--cap", "mgr", "allow *"], log)
    _run(["monmaptool", "--create", "--fsid", fsid, "--addv", "a", f"[v1:127.0.0.1:{mon_port}]", f"{c}/monmap"], log)
    _run(["ceph-mon", *cf, "--mkfs", "-i", "a", "--monmap", f"{c}/monmap", "--keyring", f"{c}/keyring"], log)
    procs: list[ServerProcess] = []
    handle = Running("radosgw", f"http://127.0.0.1:{rgw_port}", procs,
                     {"AWS_ACCESS_KEY_ID": KEY, "AWS_SECRET_ACCESS_KEY": SECRET}, version(), any_credentials=False,
                     log=log, ports=[mon_port, rgw_port, tls_port], tls_url=f"https://127.0.0.1:{tls_port}",
                     ca_bundle=str(files.ca),
                     second_credentials={"AWS_SECOND_ACCESS_KEY_ID": SECOND_KEY,
                                         "AWS_SECOND_SECRET_ACCESS_KEY": SECOND_SECRET,
                                         # radosgw has no STS GetCallerIdentity: a bucket policy names a
                                         # user of the default tenant as arn:aws:iam:::user/<uid>
                                         "AWS_SECOND_PRINCIPAL_ARN": "arn:aws:iam:::user/awscompat-second"})
    try:
        mon = _TcpProcess(["ceph-mon", *cf, "-i", "a", "-f"], f"tcp://127.0.0.1:{mon_port}", log=log, cwd=c,
                          grace=10.0)
        procs.append(start_process("ceph-mon", mon, wait=60))
        osd_uuid = str(uuid.uuid4())
        osd_id = _run(["ceph", *cf, "osd", "new", osd_uuid], log).strip()
        (c / "osd" / f"ceph-{osd_id}").mkdir(parents=True, exist_ok=True)
        _run(["ceph-osd", *cf, "-i", osd_id, "--mkfs", "--osd-uuid", osd_uuid], log, timeout=120)
        _run(["ceph", *cf, "osd", "crush", "add-bucket", "localhost", "host"], log)
        _run(["ceph", *cf, "osd", "crush", "move", "localhost", "root=default"], log)
        _run(["ceph", *cf, "osd", "crush", "add", f"osd.{osd_id}", "1.0", "host=localhost"], log)
        osd = _Daemon(["ceph-osd", *cf, "-i", osd_id, "-f"], "tcp://127.0.0.1:0", log=log, cwd=c, grace=10.0,
                      ready=lambda: _osd_up(cf))
        procs.append(_start_again(["ceph-osd", *cf], osd, log, wait=45))
        rgw = ServerProcess(["radosgw", *cf, "-n", "client.rgw.a", "-f"], handle.url, log=log, cwd=c, grace=10.0)
        procs.append(_start_again(["radosgw", *cf], rgw, log, wait=90, attempts=2))
        _run(["radosgw-admin", *cf, "user", "create", "--uid=awscompat", "--display-name=awscompat",
              f"--access-key={KEY}", f"--secret-key={SECRET}"], log)
        # A second user (its own buckets and keys, no grant on the first one's): the second principal.
        _run(["radosgw-admin", *cf, "user", "create", "--uid=awscompat-second", "--display-name=awscompat-second",
              f"--access-key={SECOND_KEY}", f"--secret-key={SECOND_SECRET}"], log)
        if not _wait(lambda: s3_usable(handle.url, KEY, SECRET), 60):
            raise ProviderStartError("radosgw answered but a signed ListBuckets did not succeed within 60s")
    except BaseException:
        handle.stop()
        raise
    return handle


def _osd_up(cf: list[str]) -> bool:
    """Has the monitor marked the OSD up (its boot went through)?"""
    done = subprocess.run(["ceph", *cf, "osd", "stat", "-f", "json"], capture_output=True, text=True, timeout=15,
                          stdin=subprocess.DEVNULL)
    return done.returncode == 0 and json.loads(done.stdout).get("num_up_osds", 0) >= 1


def _start_again(argv: list[str], proc: ServerProcess, log: Path, wait: float, attempts: int = 5) -> ServerProcess:
    """Start a daemon; when it exits or is not ready in time, stop it and start it again, a little
    later each time. A daemon's own monitor commands meet the same fsid race as the CLI (NOT_SENT):
    the monitor refuses them and the daemon exits ('wrong fsid') or waits for an answer forever
    (an OSD that never boots, a radosgw that never listens)."""
    for attempt in range(1, attempts + 1):
        try:
            return start_process(argv[0], proc, wait=wait)
        except ProviderStartError as exc:
            if attempt == attempts:
                raise
            with open(log, "a") as fh:
                fh.write(f"# {argv[0]}: {str(exc).splitlines()[0]}; starting it again ({attempt + 1}/{attempts})\n")
            time.sleep(2.0 * attempt)
    raise AssertionError("unreachable")


def _wait(ok, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if ok():
                return True
        except Exception:  # noqa: BLE001 - not ready yet
            pass
        time.sleep(0.5)
    return False
