"""`awscompat footprint` on the sample workloads in examples/: the exact footprint of each, every
operation with where it was seen (file and line, CloudTrail records, policy statement, template
resource)."""

from __future__ import annotations

from pathlib import Path

import pytest

from awscompat.advisor.cfn import handler_permissions
from awscompat.advisor.collect import build_footprint

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
APP = "examples/photo_app/app.py"
WORKER = "examples/worker/worker.py"
NOTIFY = "examples/worker/notify.py"
TEMPLATE = "examples/infra/template.yaml"
POLICY = "examples/infra/app-policy.json"
TRAIL = "examples/cloudtrail/AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/20/123456789012_CloudTrail_us-east-1_"
TRAIL_APP = TRAIL + "20261120T1205Z_Yf3kQ2photoapp.json.gz"
TRAIL_WORKER = TRAIL + "20261120T1210Z_Pq8mZ1worker.json"


@pytest.fixture(autouse=True)
def _from_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # paths in the footprint are as given: relative to the project


def footprint(*paths: str) -> dict:
    return build_footprint([Path(p) for p in paths], jobs=1).to_dict()


def python_view(fp: dict) -> dict[str, tuple[str, list[tuple[str, int, str]]]]:
    """{service.Operation: (confidence, [(file, line, sighting confidence)])}"""
    return {f"{svc}.{op}": (e["confidence"], [(w["file"], w["line"], w["confidence"]) for w in e["seen"]])
            for svc, ops in fp["services"].items() for op, e in ops.items()}


def test_photo_app() -> None:
    fp = footprint("examples/photo_app")
    assert python_view(fp) == {
        "dynamodb.BatchWriteItem": ("high", [(APP, 89, "high"), (APP, 91, "high")]),  # batch_writer(), its put_item
        "dynamodb.DeleteItem": ("high", [(APP, 75, "high")]),
        "dynamodb.DescribeTable": ("medium", [(APP, 84, "medium")]),  # table.item_count loads the table
        "dynamodb.GetItem": ("high", [(APP, 59, "high")]),
        "dynamodb.PutItem": ("high", [(APP, 53, "high")]),
        "dynamodb.Query": ("high", [(APP, 67, "high")]),
        # upload_fileobj: PutObject, or a multipart upload for a large file
        "s3.PutObject": ("medium", [(APP, 29, "medium")]),
        "s3.CreateMultipartUpload": ("low", [(APP, 29, "low")]),
        "s3.UploadPart": ("low", [(APP, 29, "low")]),
        "s3.CompleteMultipartUpload": ("low", [(APP, 29, "low")]),
        "s3.AbortMultipartUpload": ("low", [(APP, 29, "low")]),
        # the client reaches PhotoStore through __init__, then self.client: "medium"
        "s3.HeadObject": ("medium", [(APP, 30, "medium")]),
        "s3.DeleteObject": ("medium", [(APP, 33, "medium")]),
        "s3.GetObject": ("medium", [(APP, 41, "medium")]),  # generate_presigned_url("get_object"), client as argument
        "s3.HeadBucket": ("high", [(APP, 46, "high")]),  # get_waiter("bucket_exists")
        "s3.ListObjectsV2": ("high", [(APP, 82, "high")]),  # get_paginator("list_objects_v2")
    }
    assert fp["unresolved"] == [{"source": "python", "file": APP, "line": 98,
                                 "reason": "client service name is not a literal: service"}]
    assert fp["problems"] == [] and fp["files"] == {"python": 1}
    calls = {w["call"] for ops in fp["services"].values() for e in ops.values() for w in e["seen"]}
    assert {"Table.put_item()", "get_waiter('bucket_exists')", "generate_presigned_url('get_object')",
            "batch_writer().put_item()", "Table.item_count (loads)"} <= calls


def test_worker() -> None:
    fp = footprint("examples/worker")
    assert python_view(fp) == {
        "sns.ListSubscriptionsByTopic": ("high", [(NOTIFY, 22, "high")]),  # aiobotocore get_paginator
        "sns.Publish": ("high", [(NOTIFY, 21, "high"), (WORKER, 53, "high")]),  # client; Topic resource action
        "sns.Subscribe": ("medium", [(NOTIFY, 14, "medium")]),  # the client passed as an argument
        "sqs.GetQueueUrl": ("high", [(WORKER, 23, "high")]),
        "sqs.ReceiveMessage": ("medium", [(WORKER, 37, "medium")]),
        "sqs.SendMessage": ("medium", [(WORKER, 47, "medium")]),
        "sqs.ChangeMessageVisibility": ("medium", [(WORKER, 49, "medium")]),
        "sqs.DeleteMessageBatch": ("medium", [(WORKER, 56, "medium")]),
        "sqs.GetQueueAttributes": ("medium", [(WORKER, 61, "medium")]),
    }
    # getattr(client, action) with action a parameter: unresolved, never guessed from its default
    assert fp["unresolved"] == [{"source": "python", "file": NOTIFY, "line": 30,
                                 "reason": "sns operation chosen at run time: getattr(client, action)"}]
    assert fp["files"] == {"python": 2}


def test_cloudtrail_extract() -> None:
    fp = footprint("examples/cloudtrail")
    view = {f"{svc}.{op}": [(w["file"], w["count"], w["records"], w.get("errors", 0)) for w in e["seen"]]
            for svc, ops in fp["services"].items() for op, e in ops.items()}
    assert view == {
        "s3.HeadBucket": [(TRAIL_APP, 1, [0], 0)],
        "s3.PutObject": [(TRAIL_APP, 2, [1, 9], 0)],
        "s3.HeadObject": [(TRAIL_APP, 2, [2, 10], 0)],
        "s3.GetObject": [(TRAIL_APP, 1, [4], 0)],
        "s3.DeleteObject": [(TRAIL_APP, 1, [12], 0)],
        "s3.ListObjects": [(TRAIL_APP, 1, [14], 0)],
        "dynamodb.PutItem": [(TRAIL_APP, 2, [3, 11], 0)],
        "dynamodb.GetItem": [(TRAIL_APP, 4, [5, 6, 7, 17], 1)],  # one ResourceNotFoundException
        "dynamodb.Query": [(TRAIL_APP, 1, [8], 0)],
        "dynamodb.DeleteItem": [(TRAIL_APP, 1, [13], 0)],
        "dynamodb.DescribeTable": [(TRAIL_APP, 1, [15], 0)],
        "dynamodb.BatchWriteItem": [(TRAIL_APP, 1, [16], 0)],
        "sts.GetCallerIdentity": [(TRAIL_APP, 1, [18], 0)],
        "sqs.GetQueueUrl": [(TRAIL_WORKER, 2, [0, 1], 0)],
        "sqs.ReceiveMessage": [(TRAIL_WORKER, 2, [2, 6], 0)],
        "sqs.DeleteMessageBatch": [(TRAIL_WORKER, 2, [5, 9], 0)],
        "sqs.SendMessage": [(TRAIL_WORKER, 1, [7], 0)],
        "sqs.ChangeMessageVisibility": [(TRAIL_WORKER, 1, [8], 0)],
        "sqs.GetQueueAttributes": [(TRAIL_WORKER, 1, [10], 0)],
        "sns.Publish": [(TRAIL_WORKER, 2, [3, 4], 0)],
        "sns.Subscribe": [(TRAIL_WORKER, 1, [11], 0)],
        "sns.ListSubscriptionsByTopic": [(TRAIL_WORKER, 1, [12], 0)],
        "cloudwatch.PutMetricData": [(TRAIL_WORKER, 1, [13], 0)],  # eventSource monitoring.amazonaws.com
        "lambda.UpdateFunctionCode": [(TRAIL_WORKER, 1, [14], 0)],  # eventName UpdateFunctionCode20150331v2
    }
    assert all(e["confidence"] == "high" and e["usage"] == "used" for ops in fp["services"].values()
               for e in ops.values())
    assert fp["unmapped"] == [{"source": "cloudtrail", "file": TRAIL_WORKER, "event": "sso.amazonaws.com:Federate",
                               "count": 1, "reason": "no operation of that name in the models of the event source"}]
    assert fp["files"] == {"cloudtrail": 2, "cloudtrail records not API calls": 1}  # the ConsoleLogin
    assert fp["problems"] == []


def test_iam_policy_is_permitted_with_wildcards_expanded() -> None:
    fp = footprint(POLICY)
    view = {f"{svc}.{op}": (e["usage"], e["confidence"], [(w["statement"], w["action"]) for w in e["seen"]])
            for svc, ops in fp["services"].items() for op, e in ops.items()}
    put = [(0, "s3:PutObject")]
    assert view == {
        "s3.GetObject": ("permitted", "medium", [(0, "s3:GetObject")]),
        "s3.HeadObject": ("permitted", "medium", [(0, "s3:GetObject")]),
        **{f"s3.{op}": ("permitted", "medium", put) for op in (
            "PutObject", "CopyObject", "CreateMultipartUpload", "UploadPart", "UploadPartCopy",
            "CompleteMultipartUpload")},
        "s3.DeleteObject": ("permitted", "medium", [(0, "s3:DeleteObject")]),
        "s3.DeleteObjects": ("permitted", "medium", [(0, "s3:DeleteObject")]),
        "s3.ListObjects": ("permitted", "medium", [(0, "s3:ListBucket")]),
        "s3.ListObjectsV2": ("permitted", "medium", [(0, "s3:ListBucket")]),
        "s3.HeadBucket": ("permitted", "medium", [(0, "s3:ListBucket")]),
        **{f"dynamodb.{op}": ("permitted", "low", [(1, "dynamodb:*Item")]) for op in (
            "BatchGetItem", "BatchWriteItem", "DeleteItem", "GetItem", "PutItem", "UpdateItem")},
        "dynamodb.Query": ("permitted", "medium", [(1, "dynamodb:Query")]),
        "dynamodb.DescribeTable": ("permitted", "medium", [(1, "dynamodb:DescribeTable")]),
        "sqs.ReceiveMessage": ("permitted", "medium", [(2, "sqs:ReceiveMessage")]),
        "sqs.DeleteMessage": ("permitted", "low", [(2, "sqs:DeleteMessage*")]),
        "sqs.DeleteMessageBatch": ("permitted", "low", [(2, "sqs:DeleteMessage*")]),
        "sqs.ChangeMessageVisibility": ("permitted", "medium", [(2, "sqs:ChangeMessageVisibility")]),
        "sqs.SendMessage": ("permitted", "medium", [(2, "sqs:SendMessage")]),
        "sqs.GetQueueUrl": ("permitted", "medium", [(2, "sqs:GetQueueUrl")]),
        "sqs.GetQueueAttributes": ("permitted", "medium", [(2, "sqs:GetQueueAttributes")]),
        "sns.Publish": ("permitted", "medium", [(2, "sns:Publish")]),
        "sns.Subscribe": ("permitted", "medium", [(2, "sns:Subscribe")]),
    }  # the Deny statement (3) grants nothing
    assert fp["summary"]["used"] == 0 and fp["problems"] == [] and fp["files"] == {"iam-policy": 1}


def test_cloudformation_template() -> None:
    fp = footprint(TEMPLATE)
    primary = {f"{svc}.{op}": sorted((w["line"], w["resource"]) for w in e["seen"])
               for svc, ops in fp["services"].items() for op, e in ops.items() if e["confidence"] == "medium"}
    stack = [(1, "(stack)")]
    assert primary == {
        "cloudformation.CreateStack": stack, "cloudformation.UpdateStack": stack,
        "cloudformation.DeleteStack": stack, "cloudformation.DescribeStacks": stack,
        "s3.CreateBucket": [(12, "PhotoBucket")], "s3.DeleteBucket": [(12, "PhotoBucket")],
        "dynamodb.CreateTable": [(18, "PhotoTable")], "dynamodb.UpdateTable": [(18, "PhotoTable")],
        "dynamodb.DeleteTable": [(18, "PhotoTable")],
        "sqs.CreateQueue": [(33, "JobsDeadLetterQueue"), (37, "JobsQueue")],
        "sqs.DeleteQueue": [(33, "JobsDeadLetterQueue"), (37, "JobsQueue")],
        "sns.CreateTopic": [(44, "ResultsTopic")], "sns.DeleteTopic": [(44, "ResultsTopic")],
        "sns.GetTopicAttributes": [(44, "ResultsTopic")],  # the first sns permission of the delete handler
        "sns.Subscribe": [(44, "ResultsTopic"), (48, "ResultsToJobs")],
        "sns.Unsubscribe": [(44, "ResultsTopic"), (48, "ResultsToJobs")],
    }
    # every other operation is one a handler may call, from the schema's own permission lists
    seen_types = set()
    for svc, ops in fp["services"].items():
        for op, e in ops.items():
            for w in e["seen"]:
                if w["resource"] == "(stack)":
                    continue
                seen_types.add(w["type"])
                perms = handler_permissions(w["type"])
                for handler in w["handlers"]:
                    assert set(w["permissions"]) & set(perms[handler]), (svc, op, w)
    assert seen_types == {"AWS::S3::Bucket", "AWS::DynamoDB::Table", "AWS::SQS::Queue", "AWS::SNS::Topic",
                          "AWS::SNS::Subscription"}
    low = {f"{svc}.{op}" for svc, ops in fp["services"].items() for op, e in ops.items() if e["confidence"] == "low"}
    assert {"s3.PutBucketVersioning", "sqs.SetQueueAttributes", "sns.SetTopicAttributes",
            "dynamodb.DescribeTable"} <= low
    assert any(u["action"] == "iam:PassRole" for u in fp["unmapped"])  # a permission, no API operation
    assert fp["problems"] == [] and fp["unresolved"] == [] and fp["files"] == {"cloudformation": 1}


def test_json_template_lines_and_custom_resources(tmp_path: Path) -> None:
    (tmp_path / "t.json").write_text(
        '{\n "Resources": {\n  "Q": {\n   "Type": "AWS::SQS::Queue"\n  },\n'
        '  "Hook": {"Type": "Custom::Thing", "Properties": {}},\n'
        '  "Fn": {"Type": "AWS::Serverless::Function"}\n }\n}\n')
    fp = footprint(str(tmp_path / "t.json"))
    assert [(w["line"], w["resource"]) for w in fp["services"]["sqs"]["CreateQueue"]["seen"]] == [(3, "Q")]
    reasons = {u["resource"]: u["reason"] for u in fp["unresolved"]}
    assert reasons["Hook"].startswith("custom resource") and reasons["Fn"].startswith("SAM resource")
    assert [u["line"] for u in fp["unresolved"]] == [6, 7]


def test_everything_together_merges_sightings() -> None:
    fp = footprint("examples")
    publish = fp["services"]["sns"]["Publish"]
    assert publish["usage"] == "used" and publish["confidence"] == "high"
    assert sorted({w["source"] for w in publish["seen"]}) == ["cloudtrail", "iam-policy", "integration", "javascript", "python"]
    assert fp["files"]["python"] == 3 and fp["files"]["cloudtrail"] == 2
    assert fp["files"]["iam-policy"] == 1 and fp["files"]["cloudformation"] == 2  # infra/ and cdk/cdk.out/
    assert fp["files"]["sam"] == 1 and fp["files"]["javascript"] == 2 and fp["files"]["typescript"] == 1
    assert fp["files"]["terraform"] == 2 and fp["files"]["terraform plan"] == 1
    assert fp["files"]["state machine definitions"] == 1
    assert fp["problems"] == []
    # a permitted-only operation stays "permitted"; a used one with a permission stays "used"
    assert fp["services"]["dynamodb"]["BatchGetItem"]["usage"] == "permitted"
    assert fp["services"]["s3"]["PutObject"]["usage"] == "used"


def test_worker_processes_give_the_same_footprint(tmp_path: Path) -> None:
    for n in range(240):  # over the 200 files from which workers are used
        body = (f"import boto3\nc = boto3.client('sqs')\nc.send_message(QueueUrl='q{n}', MessageBody='x')\n"
                if n % 3 == 0 else f"def f{n}(x):\n    return x * {n}\n")
        (tmp_path / f"m{n:03d}.py").write_text(body)
    (tmp_path / "m999.py").write_text("import boto3\ndef broken(:\n")
    serial = build_footprint([tmp_path], jobs=1).to_dict()
    parallel = build_footprint([tmp_path], jobs=2).to_dict()
    assert serial == parallel
    assert len(serial["services"]["sqs"]["SendMessage"]["seen"]) == 80
    assert serial["files"] == {"python": 80, "python without SDK use": 160}
    assert [p["file"] for p in serial["problems"]] == [str(tmp_path / "m999.py")]
