"""The Python source analysis of `awscompat footprint`: which boto3 / aiobotocore calls it
recognises, how clients are followed through a module, and what it leaves unresolved."""

from __future__ import annotations

import textwrap

import pytest
from botocore import xform_name

from awscompat.advisor.names import get_names
from awscompat.advisor.pysource import PythonResult, analyze_python
from awscompat.spec import get_spec


def run(src: str) -> PythonResult:
    return analyze_python(textwrap.dedent(src), "m.py")


def ops(src: str) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for s in run(src).sightings:
        out.setdefault(f"{s['service']}.{s['operation']}", []).append(s["where"]["line"])
    return out


def conf(src: str) -> dict[str, str]:
    return {f"{s['service']}.{s['operation']}": s["confidence"] for s in run(src).sightings}


def reasons(src: str) -> list[tuple[int, str]]:
    return [(u["line"], u["reason"]) for u in run(src).unresolved]


@pytest.mark.parametrize("service", ["s3", "dynamodb", "sqs", "sns", "ec2", "lambda", "cloudfront"])
def test_method_names_are_botocores_own(service: str) -> None:
    operations = get_spec().service(service).operation_names
    mapping = get_names().method_map(service)
    assert len(mapping) == len(operations)
    assert all(mapping[xform_name(op)] == op for op in operations)


def test_client_factories_and_import_forms() -> None:
    assert ops("""
        import boto3
        import boto3 as b3
        import botocore.session
        from boto3 import client as make
        from boto3.session import Session
        from aiobotocore.session import AioSession
        boto3.client("s3").list_buckets()
        b3.client(service_name="sqs").list_queues()
        make("sns").list_topics()
        Session(region_name="eu-west-1").client("kms").list_keys()
        botocore.session.get_session().create_client("sts").get_caller_identity()
        boto3.session.Session().resource("s3").Bucket("b").delete()
        async def f():
            async with AioSession().create_client("dynamodb") as ddb:
                await ddb.list_tables()
        """) == {"s3.ListBuckets": [8], "sqs.ListQueues": [9], "sns.ListTopics": [10], "kms.ListKeys": [11],
                 "sts.GetCallerIdentity": [12], "s3.DeleteBucket": [13], "dynamodb.ListTables": [16]}


def test_aioboto3_and_exit_stacks() -> None:
    assert ops("""
        import contextlib
        import aioboto3
        async def main():
            session = aioboto3.Session()
            async with contextlib.AsyncExitStack() as stack:
                s3 = await stack.enter_async_context(session.client("s3"))
                await s3.head_bucket(Bucket="b")
            async with session.resource("dynamodb") as ddb:
                table = await ddb.Table("t")
                await table.put_item(Item={})
        """) == {"s3.HeadBucket": [8], "dynamodb.PutItem": [11]}


def test_clients_through_variables_attributes_arguments_returns() -> None:
    src = """
        import boto3

        def make_queue_client():
            return boto3.client("sqs")

        class Base:
            def __init__(self, client):
                self.client = client

        class Store(Base):
            table_client = boto3.client("dynamodb")

            def save(self, key):
                self.client.put_object(Bucket="b", Key=key)
                self.table_client.put_item(TableName="t", Item={})

        def send(q, body, *, sns=None):
            q.send_message(QueueUrl="u", MessageBody=body)
            sns.publish(TopicArn="a", Message=body)

        app = object()
        app.kms = boto3.client("kms")
        s3 = boto3.client("s3")
        store = Store(s3)
        alias = s3

        def main():
            send(make_queue_client(), "x", sns=boto3.client("sns"))
            alias.delete_object(Bucket="b", Key="k")
            app.kms.decrypt(CiphertextBlob=b"")
            def inner():
                return alias.head_object(Bucket="b", Key="k")
            return inner
        """
    assert ops(src) == {"s3.PutObject": [15], "dynamodb.PutItem": [16], "sqs.SendMessage": [19],
                        "sns.Publish": [20], "s3.DeleteObject": [30], "kms.Decrypt": [31], "s3.HeadObject": [33]}
    # through a parameter or a return value: "medium"; variables, attributes, closures: "high"
    assert conf(src) == {"s3.PutObject": "medium", "dynamodb.PutItem": "high", "sqs.SendMessage": "medium",
                         "sns.Publish": "medium", "s3.DeleteObject": "high", "kms.Decrypt": "high",
                         "s3.HeadObject": "high"}


def test_one_parameter_two_services() -> None:
    src = """
        import boto3
        def tag(client, arn):
            client.tag_resource(ResourceArn=arn, Tags=[])
            client.list_tags_for_resource(ResourceArn=arn)
            client.frobnicate()
        tag(boto3.client("sns"), "a")
        tag(boto3.client("kms"), "b")
        """
    # each client where the method exists; unresolved only when none has it
    assert ops(src) == {"kms.TagResource": [4], "sns.TagResource": [4], "sns.ListTagsForResource": [5]}
    assert reasons(src) == [(6, "kms client has no operation for method 'frobnicate'"),
                            (6, "sns client has no operation for method 'frobnicate'")]


def test_resource_api() -> None:
    assert ops("""
        import boto3
        s3 = boto3.resource("s3")
        bucket = s3.create_bucket(Bucket="b")
        bucket.wait_until_exists()
        obj = s3.Bucket("b").Object("k")
        obj.put(Body=b"x")
        print(obj.content_length)
        for summary in bucket.objects.filter(Prefix="p/"):
            summary.get()
        bucket.objects.all().delete()
        for b in s3.buckets.all():
            b.upload_file("f", "k")
        s3.meta.client.get_bucket_acl(Bucket="b")
        sqs = boto3.resource("sqs")
        queue = sqs.get_queue_by_name(QueueName="q")
        for message in queue.receive_messages():
            message.delete()
        """) == {
        "s3.CreateBucket": [4], "s3.HeadBucket": [5], "s3.PutObject": [7, 13], "s3.HeadObject": [8],
        "s3.ListObjects": [9, 11], "s3.GetObject": [10], "s3.DeleteObjects": [11], "s3.ListBuckets": [12],
        "s3.CreateMultipartUpload": [13], "s3.UploadPart": [13], "s3.CompleteMultipartUpload": [13],
        "s3.AbortMultipartUpload": [13], "s3.GetBucketAcl": [14], "sqs.GetQueueUrl": [16],
        "sqs.ReceiveMessage": [17], "sqs.DeleteMessage": [18]}


def test_paginators_and_waiters() -> None:
    src = """
        import boto3
        ddb = boto3.client("dynamodb")
        for page in ddb.get_paginator("scan").paginate(TableName="t"):
            pass
        ddb.get_waiter("table_exists").wait(TableName="t")
        ddb.get_paginator("no_such_thing")
        ddb.get_waiter("no_such_waiter")
        """
    assert ops(src) == {"dynamodb.Scan": [4], "dynamodb.DescribeTable": [6]}
    assert reasons(src) == [(7, "dynamodb has no paginated operation 'no_such_thing'"),
                            (8, "dynamodb has no waiter 'no_such_waiter'")]


def test_dynamic_names_are_unresolved_not_guessed() -> None:
    src = """
        import os
        import boto3
        SERVICE = "s3"
        def client_for(name):
            return boto3.client(name)
        fixed = boto3.client(SERVICE)
        fixed.list_buckets()
        boto3.client(os.environ["SVC"])
        boto3.client(f"s{3}")
        boto3.client("nosuchservice")
        op = os.environ["OP"]
        getattr(fixed, op)(Bucket="b")
        getattr(fixed, "list_objects_v2")(Bucket="b")
        fixed.put_objects(Bucket="b")
        """
    assert ops(src) == {"s3.ListBuckets": [8], "s3.ListObjectsV2": [14]}
    assert reasons(src) == [
        (6, "client service name is not a literal: name"),
        (9, "client service name is not a literal: os.environ['SVC']"),
        (10, "client service name is not a literal: f's{3}'"),
        (11, "unknown service 'nosuchservice' for a client"),
        (13, "s3 operation chosen at run time: getattr(fixed, op)"),
        (15, "s3 client has no operation for method 'put_objects'"),
    ]


def test_service_names_from_call_sites_in_the_module() -> None:
    assert ops("""
        import boto3
        def client_for(name):
            return boto3.client(name)
        client_for("sqs").list_queues()
        """) == {"sqs.ListQueues": [5]}


def test_unknown_receiver_is_reported_with_candidates() -> None:
    result = run("""
        import boto3
        s3 = boto3.client("s3")
        def handler(client, event):
            client.put_object(Bucket="b", Key=event["k"])
            event.get("x")
        """)
    assert result.sightings == []
    assert [(u["line"], u["candidates"]) for u in result.unresolved] == [(5, ["s3"])]


def test_boto3_stubs_annotations() -> None:
    assert conf("""
        from mypy_boto3_s3 import S3Client
        from mypy_boto3_dynamodb.service_resource import Table
        def upload(client: S3Client, table: "Table", t2: Table):
            client.put_object(Bucket="b", Key="k")
            t2.put_item(Item={})
        """) == {"s3.PutObject": "medium", "dynamodb.PutItem": "medium"}


def test_presigned_urls_and_transfers() -> None:
    src = """
        import boto3
        s3 = boto3.client("s3")
        s3.generate_presigned_url("put_object", Params={})
        s3.generate_presigned_url(ClientMethod="get_object", Params={})
        s3.generate_presigned_post("b", "k")
        s3.download_file("b", "k", "f")
        """
    assert ops(src) == {"s3.PutObject": [4], "s3.GetObject": [5, 7], "s3.HeadObject": [7]}
    assert [r for _, r in reasons(src)] == ["a presigned POST (browser form upload, S3 POST Object) is not an "
                                            "operation of the model: check the provider's POST Object support by hand"]


def test_nothing_is_executed() -> None:
    assert ops("""
        import boto3, sys
        sys.exit("never run")
        raise SystemExit(1)
        boto3.client("sqs").purge_queue(QueueUrl="u")
        """) == {"sqs.PurgeQueue": [5]}


def test_syntax_errors_raise() -> None:
    with pytest.raises(SyntaxError):
        run("import boto3\ndef f(:\n")
