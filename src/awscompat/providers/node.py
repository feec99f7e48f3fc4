"""Providers shipped on npm, installed by scripts/install-providers.sh into .providers/node:
s3rver (S3 subset), dynalite (DynamoDB) and kinesalite (Kinesis)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from awscompat.engine.embedded import ServerProcess, free_port
from awscompat.providers.base import (
    INSTALL_SCRIPT,
    ProviderMissing,
    Running,
    providers_dir,
    start_process,
)
from awscompat.providers.python import TEST_CREDENTIALS

KINESALITE_SHARD_LIMIT = 500  # AWS's default shard quota per account in us-east-1
S3RVER_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "S3RVER", "AWS_SECRET_ACCESS_KEY": "S3RVER"}  # s3rver's fixed keys


def node_modules() -> Path:
    return providers_dir() / "node" / "node_modules"


def npm_version(package: str) -> str:
    try:
        return str(json.loads((node_modules() / package / "package.json").read_text())["version"])
    except (OSError, ValueError, KeyError):
        return "?"


def node_binary(provider: str) -> str:
    node = shutil.which("node")
    if node is None:
        raise ProviderMissing(provider, "node (Node.js)", "apt-get install nodejs npm")
    return node


def _check(package: str) -> None:
    node_binary(package)
    if npm_version(package) == "?":
        raise ProviderMissing(package, f"the npm package {package} (in {node_modules()})",
                              f"bash {INSTALL_SCRIPT} --only {package}")


def s3rver_check() -> None:
    _check("s3rver")


def dynalite_check() -> None:
    _check("dynalite")


def kinesalite_check() -> None:
    _check("kinesalite")


def _start(name: str, argv: list[str], port: int, workdir: Path, credentials: dict[str, str],
           any_credentials: bool = True, ready_path: str = "/") -> Running:
    log = workdir / f"{name}.log"
    proc = ServerProcess(argv, f"http://127.0.0.1:{port}", log=log, cwd=workdir, ready_path=ready_path, grace=5.0,
                         env={"NODE_PATH": str(node_modules())})
    start_process(name, proc, wait=30)
    return Running(name, proc.url, [proc], credentials, npm_version(name), any_credentials=any_credentials, log=log,
                   ports=[port])


def s3rver_start(workdir: Path) -> Running:
    """`s3rver -d DIR -a 127.0.0.1 -p PORT -s`: checks signatures against its fixed keys."""
    port = free_port()
    data = workdir / "s3rver-data"
    data.mkdir(parents=True, exist_ok=True)
    argv = [node_binary("s3rver"), str(node_modules() / "s3rver" / "bin" / "s3rver.js"), "-d", str(data),
            "-a", "127.0.0.1", "-p", str(port), "-s"]
    return _start("s3rver", argv, port, workdir, dict(S3RVER_CREDENTIALS), any_credentials=False)


def dynalite_start(workdir: Path) -> Running:
    """`dynalite --host 127.0.0.1 --port PORT` (it binds every interface without --host), in memory."""
    port = free_port()
    argv = [node_binary("dynalite"), str(node_modules() / "dynalite" / "cli.js"), "--host", "127.0.0.1",
            "--port", str(port)]
    return _start("dynalite", argv, port, workdir, dict(TEST_CREDENTIALS))


def kinesalite_start(workdir: Path) -> Running:
    """kinesalite has no host option on its CLI: started from node on 127.0.0.1, in memory, streams
    ACTIVE after 500 ms (its defaults), with the account's shard limit at AWS's default quota in
    us-east-1 (500 shards) instead of kinesalite's 10, which the scenarios, running side by side,
    would exhaust (every later CreateStream then answers LimitExceededException)."""
    port = free_port()
    module = json.dumps(str(node_modules() / "kinesalite"))
    script = f"require({module})({{shardLimit: {KINESALITE_SHARD_LIMIT}}}).listen({port}, '127.0.0.1')"
    return _start("kinesalite", [node_binary("kinesalite"), "-e", script], port, workdir, dict(TEST_CREDENTIALS))
