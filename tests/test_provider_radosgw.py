"""Ceph radosgw, the opt-in market provider: it starts on loopback (one monitor, one memstore OSD,
one radosgw), enforces its credentials, serves S3, and every process stops by PID.

Skipped only when Ceph is not installed (`bash scripts/install-providers.sh --radosgw`); a start
that fails once Ceph is installed fails the test. About 15-25 s on a loaded machine.
"""

from __future__ import annotations

import os
from pathlib import Path

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from awscompat.providers import PROVIDERS, port_open
from servers import provider

# radosgw is heavy (64 Debian packages, a monitor, an OSD and a gateway): a deep run, not every CI run
# (../shared/clones.md), so opt-in like the full market.
pytestmark = [
    pytest.mark.skipif(os.environ.get("AWSCOMPAT_SLOW") != "1", reason="radosgw is opt-in: AWSCOMPAT_SLOW=1"),
    pytest.mark.skipif(PROVIDERS["radosgw"].missing() is not None,
                       reason="Ceph radosgw is not installed (bash scripts/install-providers.sh --radosgw)"),
]


def _client(url: str, key: str, secret: str):
    return boto3.client("s3", endpoint_url=url, region_name="us-east-1", aws_access_key_id=key,
                        aws_secret_access_key=secret, config=Config(retries={"max_attempts": 1},
                                                                    s3={"addressing_style": "path"}))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "State:\tZ" not in status.read_text()


def test_radosgw_starts_serves_s3_checks_credentials_and_stops(tmp_path: Path) -> None:
    with provider("radosgw", tmp_path) as srv:
        assert srv.url.startswith("http://127.0.0.1:") and not srv.any_credentials
        assert len(srv.pids) == 3 and srv.version.startswith("16.")  # mon, osd, radosgw
        s3 = _client(srv.url, srv.credentials["AWS_ACCESS_KEY_ID"], srv.credentials["AWS_SECRET_ACCESS_KEY"])
        s3.create_bucket(Bucket="awscompat-rgw-test")
        s3.put_object(Bucket="awscompat-rgw-test", Key="a/b.txt", Body=b"hello radosgw")
        got = s3.get_object(Bucket="awscompat-rgw-test", Key="a/b.txt")
        assert got["Body"].read() == b"hello radosgw"
        with pytest.raises(ClientError) as refused:
            _client(srv.url, srv.credentials["AWS_ACCESS_KEY_ID"], "not-the-secret").list_objects_v2(
                Bucket="awscompat-rgw-test")
        assert refused.value.response["Error"]["Code"] == "SignatureDoesNotMatch"
        pids, ports = srv.pids, srv.ports
    assert not any(_alive(pid) for pid in pids), pids
    assert not any(port_open(port) for port in ports), ports
