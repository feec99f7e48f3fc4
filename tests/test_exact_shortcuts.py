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


HEADER_BLOCKS = [
    b"Content-Type: application/xml\r\nx-amz-request-id: 1\r\nContent-Length: 0\r\n\r\n",
    b"Server: Werkzeug/3.0\r\nDate: Sun, 06 Dec 2026 07:00:00 GMT\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\n",
    b"X-Empty:\r\nX-Spaces:   \t v  \r\nX-Tab:\tv\r\n\r\n",
    b"x: caf\xe9 \xff\r\nConnection: close\n\n",
    b"Continued: a\r\n  b\r\n\r\n",                       # a folded line
    b": no name\r\nA: b\r\n\r\n",                            # an empty name
    b"No colon here\r\nA: b\r\n\r\n",                        # a line that is no header
    b"From someone\r\nA: b\r\n\r\n",                         # a unix-from line
    b"A: b\rc\r\n\r\n",                                      # a bare CR inside a line
    b"A: b\x85c\r\n\r\n", b"A: b\x0bc\r\n\r\n", b"A: b\x1cc\r\n\r\n",  # what str.splitlines splits on
    b"Content-Type: multipart/mixed; boundary=x\r\n\r\n",
    b"Content-Type: message/rfc822\r\n\r\n",
    b"A: b\r\n",                                            # no blank line: the answer ended
    b"\r\n",                                                # no header at all
    b"Bad Name: v\r\n\r\n", b"A\x7f: v\r\n\r\n", b"A : v\r\n\r\n",
]


def _parsed(block: bytes, fast: bool) -> tuple:
    import io

    from awscompat.engine import headers

    fp = io.BytesIO(block + b"BODY")
    if fast:
        with headers.fast_headers():
            message = headers.parse_headers(fp)
    else:
        message = headers._ORIGINAL(fp)
    state = {k: v for k, v in vars(message).items() if k != "defects"}
    if isinstance(state["_payload"], list):  # a nested message (message/*): compared by content
        state["_payload"] = [(vars(p)["_headers"], p.get_payload()) for p in state["_payload"]]
    return state, message.items(), [(type(d).__name__, str(d)) for d in message.defects], fp.read()


def test_header_blocks_parse_as_http_client_parses_them(moto_server):
    """Every malformed block above, and the header blocks of real answers from moto (errors,
    objects, listings, JSON and query protocols), give the same message both ways."""
    import urllib.error
    import urllib.request

    blocks = list(HEADER_BLOCKS)
    for path, method in (("/", "GET"), ("/no-such-bucket", "HEAD"), ("/no-such-bucket/key", "GET"),
                         ("/?Action=ListQueues", "POST")):
        request = urllib.request.Request(moto_server.url + path, method=method)
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                raw = answer.headers.as_bytes()
        except urllib.error.HTTPError as err:
            raw = err.headers.as_bytes()
        blocks.append(raw.replace(b"\n", b"\r\n") if b"\r\n" not in raw else raw)
    fast_paths = 0
    for block in blocks:
        want, got = _parsed(block, False), _parsed(block, True)
        assert got == want, block
        from awscompat.engine.headers import _ordinary

        fast_paths += _ordinary(block.splitlines(True) or [b""], __import__("http.client").client.HTTPMessage) is not None
    assert fast_paths >= 6, "ordinary blocks take the direct path"
