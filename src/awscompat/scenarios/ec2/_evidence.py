"""Where the EC2 scenarios' expectations come from: the recorded AWS answers in
the aws-recorded reference data, ec2/ (catalog.case.RECORDED_SOURCE) (few: route tables, a new VPC's security groups, CreateVolume
without a size) and otherwise AWS's own pages: the EC2 API reference, its error-code list, and the
VPC, EC2 and EBS user guides."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from awscompat.catalog import docs, recorded, scenario
from awscompat.catalog.case import Provenance

REF = "ec2/test_ec2.snapshot.json"
_T = "tests/aws/services/ec2/test_ec2.py::"
_IT = _T + "TestEc2Integrations::"

# The recorded tests (keys inside REF).
SECURITY_GROUPS_FOR_VPC = _IT + "test_get_security_groups_for_vpc"
VOLUME_WITHOUT_SIZE = _T + "test_raise_create_volume_without_size"
DESCRIBE_AZ_FILTERS = _T + "test_describe_availability_zones_filters"


def cases(feature: str, **defaults: Any) -> Callable[..., Callable]:
    """The scenario decorator of one EC2 feature: declares ec2/scenario/<feature>/<name>, with
    per-feature defaults (a timeout) that a scenario may override."""
    def declare(name: str, operations: list[str], provenance: Provenance, severity: str = "required",
                **kw: Any) -> Callable:
        return scenario(id=f"ec2/scenario/{feature}/{name}", feature=f"ec2/{feature}", operations=operations,
                        provenance=provenance, severity=severity, **{**defaults, **kw})

    return declare


def rec(key: str, step: str) -> Provenance:
    """A step of a recorded EC2 test."""
    return recorded(REF, key, step)


def api(operation: str) -> Provenance:
    """The EC2 API reference page of an operation (or of a data type)."""
    return docs(f"https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_{operation}.html")


ERRORS = docs("https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html")
PAGINATION = docs("https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-pagination.html")
IDEMPOTENCY = docs("https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html")


def vpc_guide(page: str) -> Provenance:
    return docs(f"https://docs.aws.amazon.com/vpc/latest/userguide/{page}.html")


def ec2_guide(page: str) -> Provenance:
    return docs(f"https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/{page}.html")


def ebs_guide(page: str) -> Provenance:
    return docs(f"https://docs.aws.amazon.com/ebs/latest/userguide/{page}.html")


DEFAULT_VPC = vpc_guide("default-vpc")
DEFAULT_SG = vpc_guide("default-security-group")
SG_RULES = vpc_guide("security-group-rules")
CREATE_SG = vpc_guide("creating-security-groups")
ROUTE_TABLES = vpc_guide("VPC_Route_Tables")
KEY_FINGERPRINTS = ec2_guide("verify-keys")
INSTANCE_LIFECYCLE = ec2_guide("ec2-instance-lifecycle")
INSTANCE_METADATA = ec2_guide("configuring-instance-metadata-options")
TERMINATING = ec2_guide("terminating-instances")
DEVICE_NAMES = ec2_guide("device_naming")
ENI = ec2_guide("using-eni")
EIP = ec2_guide("elastic-ip-addresses-eip")
TAGGING = ec2_guide("Using_Tags")
DEREGISTER = ec2_guide("deregister-ami")
EBS_TYPES = ebs_guide("ebs-volume-types")
EBS_GP = ebs_guide("general-purpose")
EBS_ATTACH = ebs_guide("ebs-attaching-volume")
EBS_DETACH = ebs_guide("ebs-detaching-volume")
EBS_DELETE = ebs_guide("ebs-deleting-volume")
EBS_MODIFY = ebs_guide("modify-volume-requirements")
EBS_ENCRYPTION = ebs_guide("encryption-by-default")
EBS_SNAPSHOTS = ebs_guide("ebs-creating-snapshot")
