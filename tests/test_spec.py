"""The spec layer: every botocore service, loaded lazily."""

from awscompat.spec import Spec, is_mutating


def test_lists_every_service_without_loading_them():
    spec = Spec()
    assert len(spec.service_names) >= 400
    assert {"s3", "ec2", "sqs", "dynamodb", "iam", "sts"} <= set(spec.service_names)
    assert spec._models == {}  # listing loads nothing


def test_service_view_exposes_protocol_operations_errors_and_paginators():
    spec = Spec()
    s3 = spec.service("s3")
    assert s3.protocol == "rest-xml"
    assert "PutObject" in s3.operation_names
    assert "NoSuchKey" in s3.declared_errors("GetObject")
    assert "ListObjectsV2" in s3.paginators
    assert spec.service("ec2").protocol == "ec2"
    assert spec.service("sqs").protocol in ("json", "query")
    assert list(spec._models) == ["s3", "ec2", "sqs"]  # only what was asked for


def test_unknown_service_is_a_clear_error():
    spec = Spec()
    try:
        spec.service("no-such-service")
    except KeyError as exc:
        assert "unknown service" in str(exc)
    else:
        raise AssertionError("expected KeyError")


def test_mutating_follows_the_operation_verb():
    assert not is_mutating("ListBuckets")
    assert not is_mutating("DescribeInstances")
    assert not is_mutating("GetObject")
    assert is_mutating("PutObject")
    assert is_mutating("DeleteBucket")
    assert is_mutating("RunInstances")
