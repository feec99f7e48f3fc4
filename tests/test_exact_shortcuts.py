"""The lean path's shortcuts through botocore's per-call machinery answer exactly what botocore
answers (engine/aliases.py, engine/endpoints.py): event names for every operation of every
service, and endpoint rules for S3 buckets of every kind, ARNs, regions, FIPS/dual-stack and
addressing styles, against botocore's own unmodified clients."""

from __future__ import annotations

import itertools
import uuid

import botocore.session
from botocore.config import Config

from awscompat.engine.aliases import fast_aliases
from awscompat.engine.endpoints import EndpointMemo, memoise_endpoints

EVENTS = ("provide-client-params", "before-parameter-build", "before-endpoint-resolution", "before-call",
          "request-created", "choose-signer", "before-sign", "before-send", "response-received",
          "before-parse", "needs-retry", "after-call", "after-call-error", "docs.request-example",
          "getattr", "creating-client-class", "service-data-loaded", "choose-service-name")


def _session() -> botocore.session.Session:
    session = botocore.session.Session()
    session.set_credentials("testing", "testing")
    return session


def test_event_names_alias_as_botocore_aliases_them():
    session = _session()
    checked = renamed = 0
    names = set()
    for index, service in enumerate(session.get_available_services()):
        # every service by name (and, for a sample, by service id and every operation)
        names |= {f"{event}.{service}.Operation" for event in EVENTS}
        if index % 10 == 0 or service in ("s3", "sqs", "apigateway", "sagemaker", "emr"):
            model = session.get_service_model(service)
            sid = model.service_id.hyphenize()
            names |= {f"{event}.{part}" for event in EVENTS for op in model.operation_names
                      for part in (f"{sid}.{op}", f"{service}.{op}", sid)}
    # every alias of botocore's table in every position it could sit
    table = session.get_component("event_emitter")._event_aliases
    for old in table:
        names |= {f"before-call.{old}.Op", f"before-call.{old}", f"{old}.x", f"a.{old}.{old}", f"before-send.x{old}"}
    client = session.create_client("s3", region_name="us-east-1")
    fast = session.create_client("s3", region_name="us-east-1")
    fast_aliases(fast)
    plain_events, fast_events = client.meta.events, fast.meta.events
    for name in sorted(names):
        want = plain_events._alias_event_name(name)
        got = fast_events._alias_event_name(name)
        assert got == want, name
        assert fast_events._alias_event_name(name) == want  # and from the cache
        checked += 1
        renamed += got != name
    assert checked > 20_000 and renamed > 100, (checked, renamed)


BUCKETS = ("awscompat-" + uuid.uuid4().hex[:12], "a.b.c", "UPPER", "x--x-s3", "mybucket--use1-az4--x-s3",
           "mybucket--usw2-az1--x-s3", "myaccesspoint--use1-az4--xa-s3", "ab", "a" * 64, "192.168.0.1",
           "bucket--op-s3", "my-alias-abcdefghijkl-s3alias", "bucket_with_underscore", "-bad", "dot.in.middle.",
           "arn:aws:s3:us-west-2:123456789012:accesspoint/myendpoint",
           "arn:aws:s3:us-west-2:123456789012:accesspoint:myendpoint",
           "arn:aws:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap",
           "arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-01234567890123456/accesspoint/reports",
           "arn:aws:s3-object-lambda:us-west-2:123456789012:accesspoint/mybanner",
           "arn:aws:s3:us-west-2:123456789012:bucket_name:mybucket", "arn:aws:sqs:us-west-2:123456789012:q",
           "arn:aws-cn:s3:cn-north-1:123456789012:accesspoint/ap", "arn:", "")


def _resolve(client, operation: str, params: dict) -> tuple:
    model = client.meta.service_model.operation_model(operation)
    context: dict = {"client_region": client.meta.region_name, "client_config": client.meta.config,
                     "auth_type": model.resolved_auth_type}
    try:
        url, headers, props = client._resolve_endpoint_ruleset(model, params, context)
    except Exception as err:  # noqa: BLE001 - the same refusal both ways is agreement
        return ("error", type(err).__name__, str(err))
    return (url, headers, props, context.get("auth_type"), context.get("signing"))


def test_s3_endpoints_resolve_as_botocore_resolves_them():
    """Many buckets through one memoised client per configuration (the shortcut is exercised:
    conditions that read no call parameter come from earlier evaluations), each compared with a
    fresh botocore evaluation."""
    session = _session()
    checked = 0
    configs = [
        ("us-east-1", "http://127.0.0.1:4566", {"addressing_style": "path"}),
        ("us-east-1", "http://127.0.0.1:4566", {"addressing_style": "virtual"}),
        ("eu-west-1", "https://s3.example.test:8443/base", {"addressing_style": "auto"}),
        ("us-west-2", None, {"addressing_style": "auto"}),
        ("us-west-2", None, {"addressing_style": "auto", "use_dualstack_endpoint": True, "use_arn_region": True}),
        ("us-gov-west-1", None, {"addressing_style": "virtual", "us_east_1_regional_endpoint": "regional"}),
        ("cn-north-1", None, {"addressing_style": "auto", "use_accelerate_endpoint": True}),
    ]
    for (region, url, s3cfg), fips in itertools.product(configs, (False, True)):
        config = Config(s3=s3cfg, use_fips_endpoint=fips)
        memo_client = session.create_client("s3", region_name=region, endpoint_url=url, config=config)
        plain = session.create_client("s3", region_name=region, endpoint_url=url, config=config)
        memoise_endpoints(memo_client)
        memo = memo_client._ruleset_resolver._provider.resolve_endpoint
        assert isinstance(memo, EndpointMemo)
        for bucket, (op, extra) in itertools.product(BUCKETS * 2, [
                ("HeadObject", {"Key": "k"}), ("ListObjectsV2", {"Prefix": "p/"}), ("CreateBucket", {}),
                ("CopyObject", {"Key": "k", "CopySource": "src/key"}), ("ListBuckets", {}),
                ("WriteGetObjectResponse", {"RequestRoute": "r", "RequestToken": "t"}), ("CreateSession", {})]):
            params = {"Bucket": bucket, **extra} if op not in ("ListBuckets", "WriteGetObjectResponse") else extra
            assert _resolve(memo_client, op, params) == _resolve(plain, op, params), (region, url, s3cfg, fips, op, bucket)
            checked += 1
        assert memo.known, "conditions that read no call parameter were remembered"
    assert checked > 2000


def test_endpoint_shortcut_for_other_services_with_their_own_parameters():
    """Services whose rules take per-call parameters of their own (DynamoDB's ResourceArn and
    account id, Lambda, SQS), over several operations."""
    session = _session()
    for service, ops in {"dynamodb": [("GetItem", {"TableName": "t", "Key": {}}),
                                      ("DescribeTable", {"TableName": "arn:aws:dynamodb:us-east-1:123456789012:table/t"}),
                                      ("ListTables", {})],
                         "lambda": [("GetFunction", {"FunctionName": "f"}), ("ListFunctions", {})],
                         "sqs": [("GetQueueUrl", {"QueueName": "q"})]}.items():
        for url in (None, "http://127.0.0.1:4566"):
            memo_client = session.create_client(service, region_name="us-east-1", endpoint_url=url)
            plain = session.create_client(service, region_name="us-east-1", endpoint_url=url)
            memoise_endpoints(memo_client)
            for _ in range(3):
                for op, params in ops:
                    assert _resolve(memo_client, op, params) == _resolve(plain, op, params), (service, url, op)
