"""`awscompat footprint` on the serverless, JavaScript/TypeScript, Terraform and CDK samples in
examples/: exact footprints (every operation, where it was seen, how sure), SAM expanded by
aws-sam-translator offline with its policy templates turned into the IAM actions they grant."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path

import pytest

from awscompat.advisor import tfmap
from awscompat.advisor.cfn import handler_permissions
from awscompat.advisor.collect import build_footprint
from awscompat.spec import get_spec

ROOT = Path(__file__).resolve().parent.parent
SAM = "examples/serverless/template.yaml"
ORDERS, REPORT, LEGACY = ("examples/serverless/src/orders.mjs", "examples/serverless/src/report.ts",
                          "examples/serverless/src/legacy.js")
TF, TF_ALARMS, PLAN = "examples/terraform/main.tf", "examples/terraform/alarms/main.tf", "examples/terraform/plan.json"
CDK = "examples/cdk/cdk.out/OrdersStack.template.json"


@pytest.fixture(autouse=True)
def _from_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def footprint(*paths: str) -> dict:
    return build_footprint([Path(p) for p in paths], jobs=1).to_dict()


def calls(fp: dict) -> dict[str, list[tuple[str, int, str, str]]]:
    return {f"{svc}.{op}": [(w["file"], w["line"], w["call"], w["confidence"]) for w in e["seen"]]
            for svc, ops in fp["services"].items() for op, e in ops.items()}


# -- JavaScript and TypeScript -----------------------------------------------------------------
def test_js_sdk_v3_document_client_and_commands() -> None:
    fp = footprint(ORDERS)
    assert calls(fp) == {
        "dynamodb.GetItem": [(ORDERS, 11, "new GetCommand()", "high")],  # @aws-sdk/lib-dynamodb, inside send()
        "dynamodb.PutItem": [(ORDERS, 15, "new PutCommand()", "high")],
        "sqs.SendMessage": [(ORDERS, 16, "new SendMessageCommand()", "medium")],  # built, then sent by variable
    }
    assert fp["unresolved"] == [] and fp["problems"] == [] and fp["files"] == {"javascript": 1}


def test_typescript_sdk_v3_paginator_waiter_upload_namespace_import() -> None:
    fp = footprint(REPORT)
    upload = (REPORT, 21, "new Upload()")
    assert calls(fp) == {
        "dynamodb.Query": [(REPORT, 15, "new dynamodb.QueryCommand()", "high")],  # import * as dynamodb
        "s3.PutObject": [(*upload, "medium")],  # @aws-sdk/lib-storage: PutObject, or multipart when large
        **{f"s3.{op}": [(*upload, "low")] for op in (
            "CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload", "AbortMultipartUpload")},
        "s3.HeadObject": [(REPORT, 23, "waitUntilObjectExists()", "high")],  # the waiter's operation
        "s3.ListObjectsV2": [(REPORT, 26, "paginateListObjectsV2()", "high")],
        "s3.GetObject": [(REPORT, 29, "new GetObjectCommand()", "medium")],  # presigned, not sent
    }
    assert fp["unresolved"] == [] and fp["files"] == {"typescript": 1}


def test_js_sdk_v2_service_objects() -> None:
    fp = footprint(LEGACY)
    assert calls(fp) == {
        "sns.Publish": [(LEGACY, 15, "publish()", "high")],  # this.sns = new AWS.SNS()
        "dynamodb.Scan": [(LEGACY, 20, "scan()", "high")],  # new AWS.DynamoDB.DocumentClient()
        "s3.PutObject": [(LEGACY, 22, "putObject()", "high")],  # require('aws-sdk/clients/s3')
        "dynamodb.DeleteItem": [(LEGACY, 23, "delete()", "high")],
        "s3.HeadBucket": [(LEGACY, 25, "waitFor('bucketExists')", "high")],
        "s3.GetObject": [(LEGACY, 26, "getSignedUrl('getObject')", "high")],
        "stepfunctions.StartExecution": [(LEGACY, 28, "startExecution()", "high")],
    }
    assert fp["unresolved"] == [{"source": "javascript", "file": LEGACY, "line": 30,
                                 "reason": "computed method name on a service object: s3[action]"}]


def test_js_unknown_names_are_unresolved_and_other_files_skipped(tmp_path: Path) -> None:
    (tmp_path / "bad.js").write_text(
        'const AWS = require("aws-sdk");\n'
        'import { FlyCommand, paginateNothing } from "@aws-sdk/client-s3";\n'
        "const s3 = new AWS.S3();\n"
        "s3.teleport({});\n"
        "new AWS.Teleporter();\n"
        "module.exports = async (injected) => injected.getObject({}).promise();\n"
        "const later = (x) => x.then(() => 1);\n")
    (tmp_path / "plain.ts").write_text("export const add = (a: number, b: number) => a + b;\n")
    (tmp_path / "types.d.ts").write_text('import { S3Client } from "@aws-sdk/client-s3";\n')
    fp = build_footprint([tmp_path], jobs=1).to_dict()
    assert fp["services"] == {}
    assert [(u["line"], u["reason"]) for u in fp["unresolved"]] == [
        (2, "@aws-sdk/client for s3 has no command FlyCommand"),
        (2, "@aws-sdk/client for s3 has no paginate function paginateNothing"),
        (4, "teleport is no operation of s3"),
        (5, "aws-sdk v2 has no service class the models know: AWS.Teleporter"),
        (6, "getObject(...).promise() on a value the module does not know; named like an operation of s3"),
    ]
    assert fp["files"] == {"javascript": 1, "typescript without SDK use": 1}  # .d.ts: declarations only


# -- SAM -----------------------------------------------------------------------------------------
def test_sam_template_expanded_offline_with_policy_templates(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the SAM transform tried to reach the network")
    monkeypatch.setattr(socket.socket, "connect", no_network)
    fp = footprint(SAM)
    granted = {f"{svc}.{op}": sorted({(w["sam_resource"], w["policy"], w["action"]) for w in e["seen"]
                                      if w["source"] == "iam-policy"})
               for svc, ops in fp["services"].items() for op, e in ops.items()}
    granted = {k: v for k, v in granted.items() if v}
    ddb = {op: [("CreateOrderFunction", "DynamoDBCrudPolicy", f"dynamodb:{op}")] for op in (
        "GetItem", "DeleteItem", "PutItem", "Scan", "UpdateItem", "BatchWriteItem", "BatchGetItem", "DescribeTable")}
    s3 = "ReceiptFunction", "S3CrudPolicy"
    put = [(*s3, "s3:PutObject")]
    assert granted == {
        **{f"dynamodb.{op}": v for op, v in ddb.items()},
        "dynamodb.Query": [("CreateOrderFunction", "DynamoDBCrudPolicy", "dynamodb:Query"),
                           ("ReceiptFunction", "inline statements", "dynamodb:Query")],
        "sqs.SendMessage": [("CreateOrderFunction", "SQSSendMessagePolicy", "sqs:SendMessage*")],
        "sqs.SendMessageBatch": [("CreateOrderFunction", "SQSSendMessagePolicy", "sqs:SendMessage*")],
        **{f"s3.{op}": put for op in ("PutObject", "CopyObject", "CreateMultipartUpload", "UploadPart",
                                      "UploadPartCopy", "CompleteMultipartUpload")},
        "s3.GetObject": [(*s3, "s3:GetObject"), (*s3, "s3:GetObjectVersion")],
        "s3.HeadObject": [(*s3, "s3:GetObject"), (*s3, "s3:GetObjectVersion")],
        **{f"s3.{op}": [(*s3, "s3:ListBucket")] for op in ("ListObjects", "ListObjectsV2", "HeadBucket")},
        "s3.GetBucketLocation": [(*s3, "s3:GetBucketLocation")],
        **{f"s3.{op}": [(*s3, "s3:GetLifecycleConfiguration")] for op in (
            "GetBucketLifecycle", "GetBucketLifecycleConfiguration")},
        **{f"s3.{op}": [(*s3, "s3:PutLifecycleConfiguration")] for op in (
            "PutBucketLifecycle", "PutBucketLifecycleConfiguration", "DeleteBucketLifecycle")},
        **{f"s3.{op}": [(*s3, "s3:DeleteObject")] for op in ("DeleteObject", "DeleteObjects")},
        "s3.PutObjectAcl": [(*s3, "s3:PutObjectAcl")],
        "stepfunctions.StartExecution": [("ArchiveFunction", "StepFunctionsExecutionPolicy", "states:StartExecution")],
    }
    # a policy template names no operation at all: only what it grants; the usage is "permitted"
    assert fp["services"]["sqs"]["SendMessageBatch"]["usage"] == "permitted"


def test_sam_resources_map_through_the_transformed_template() -> None:
    fp = footprint(SAM)
    primary = {f"{svc}.{op}": sorted({(re.sub(r"[0-9a-f]{10}$", "<hash>", w["resource"]), w.get("sam_resource"),
                                       w["line"])
                                      for w in e["seen"] if w["source"] == "cloudformation"
                                      and w["confidence"] == "medium"})
               for svc, ops in fp["services"].items() for op, e in ops.items()}
    primary = {k: v for k, v in primary.items() if v}
    fns = [("ArchiveFunction", "ArchiveFunction", 55), ("CreateOrderFunction", "CreateOrderFunction", 21),
           ("ReceiptFunction", "ReceiptFunction", 37)]
    roles = [(f"{r}Role", s, line) for r, s, line in fns]
    api = "CreateOrderFunction", 21  # the implicit API belongs to the function whose Api event made it
    perms = [("ArchiveFunctionNightlyPermission", "ArchiveFunction", 55),
             ("CreateOrderFunctionCreatePermissionProd", "CreateOrderFunction", 21)]
    esm = [("ReceiptFunctionOrders", "ReceiptFunction", 37)]
    table = [("OrdersTable", "OrdersTable", 12)]  # AWS::Serverless::SimpleTable -> AWS::DynamoDB::Table
    assert primary == {
        **{f"cloudformation.{op}": [("(stack)", None, 1)] for op in (
            "CreateStack", "UpdateStack", "DeleteStack", "DescribeStacks")},
        **{f"dynamodb.{op}Table": table for op in ("Create", "Update", "Delete")},
        **{f"iam.{op}Role": roles for op in ("Create", "Update", "Delete")},
        **{f"lambda.{op}Function": fns for op in ("Create", "Delete")},
        **{f"lambda.{op}": perms for op in ("AddPermission", "RemovePermission")},
        **{f"lambda.{op}EventSourceMapping": esm for op in ("Create", "Update", "Delete")},
        **{f"apigateway.{op}RestApi": [("ServerlessRestApi", *api)] for op in ("Create", "Update", "Delete")},
        **{f"apigateway.{op}Deployment": [("ServerlessRestApiDeployment<hash>", *api)]
           for op in ("Create", "Update", "Delete")},
        **{f"apigateway.{op}Stage": [("ServerlessRestApiProdStage", *api)] for op in ("Create", "Update", "Delete")},
        **{f"events.{op}": [("ArchiveFunctionNightly", "ArchiveFunction", 55)] for op in ("DescribeRule", "DeleteRule")},
        **{f"s3.{op}Bucket": [("ReceiptsBucket", None, 15)] for op in ("Create", "Delete")},
        **{f"sqs.{op}Queue": [("OrdersQueue", None, 18)] for op in ("Create", "Delete")},
    }
    assert fp["unresolved"] == [{  # named by the template; the transform's own AWSLambdaBasicExecutionRole is not
        "source": "iam-policy", "file": SAM, "line": 37, "resource": "ReceiptFunctionRole",
        "sam_resource": "ReceiptFunction", "policy": "arn:aws:iam::aws:policy/AmazonSNSReadOnlyAccess",
        "reason": "managed policy: its document ships with no package, not expanded"}]
    assert fp["problems"] == [] and fp["files"] == {"sam": 1}
    assert not any(u.get("type", "").startswith("AWS::Serverless::") for u in fp["unresolved"])


def test_sam_rejected_resource_and_serverless_application(tmp_path: Path) -> None:
    (tmp_path / "template.yaml").write_text(
        "Transform: AWS::Serverless-2016-10-31\n"
        "Resources:\n"
        "  Broken:\n"
        "    Type: AWS::Serverless::Function\n"
        "    Properties: {Handler: a.b, Runtime: python3.12, Events: {E: {Type: SQS, Properties: {}}}}\n"
        "  Nested:\n"
        "    Type: AWS::Serverless::Application\n"
        "    Properties:\n"
        "      Location: {ApplicationId: 'arn:aws:serverlessrepo:us-east-1:123456789012:applications/x',\n"
        "                 SemanticVersion: 1.0.0}\n")
    fp = build_footprint([tmp_path / "template.yaml"], jobs=1).to_dict()
    assert [(u["resource"], u["line"]) for u in fp["unresolved"]] == [("Broken", 3)]
    assert fp["unresolved"][0]["reason"].startswith("SAM resource rejected by the SAM transform: ")
    assert "Missing required property 'Queue'" in fp["unresolved"][0]["reason"]
    sar = fp["services"]["serverlessrepo"]
    assert sorted(sar) == ["CreateCloudFormationTemplate", "GetCloudFormationTemplate"]
    assert sar["GetCloudFormationTemplate"]["seen"][0]["application"].endswith("applications/x")
    stack = fp["services"]["cloudformation"]["CreateStack"]["seen"]  # the application is a nested stack
    assert ("Nested", "AWS::CloudFormation::Stack") in {(w["resource"], w.get("type")) for w in stack}


# -- Terraform -----------------------------------------------------------------------------------
def _tf_primary(fp: dict) -> dict[str, list[tuple]]:
    out = {f"{svc}.{op}": sorted({(w["resource"], w["line"], w.get("cfn_type") or w.get("mapping"))
                                  for w in e["seen"] if w["confidence"] == "medium" and w["source"] == "terraform"})
           for svc, ops in fp["services"].items() for op, e in ops.items()}
    return {k: v for k, v in out.items() if v}


def test_terraform_hcl() -> None:
    fp = footprint(TF)
    table = "advisor table (tfmap.py)"
    ddb = [("aws_dynamodb_table.orders", 40, "AWS::DynamoDB::Table")]
    role = [("aws_iam_role.receipt", 54, "AWS::IAM::Role")]
    attach = [("aws_iam_role_policy_attachment.receipt_logs", 59, table)]
    fn = [("aws_lambda_function.receipt", 64, "AWS::Lambda::Function")]
    role_policies = [("aws_iam_role_policy.receipt_bucket", 107, "AWS::IAM::RolePolicy"),
                     ("aws_iam_role_policy.receipt_queue", 102, "AWS::IAM::RolePolicy")]
    esm = [("aws_lambda_event_source_mapping.orders", 72, "AWS::Lambda::EventSourceMapping")]
    assert _tf_primary(fp) == {
        **{f"dynamodb.{op}": ddb for op in ("CreateTable", "UpdateTable", "DeleteTable", "DescribeTable")},
        **{f"iam.{op}": role for op in ("CreateRole", "UpdateRole", "DeleteRole", "GetRole")},
        **{f"iam.{op}": attach for op in ("AttachRolePolicy", "ListAttachedRolePolicies", "DetachRolePolicy")},
        **{f"iam.{op}RolePolicy": role_policies for op in ("Put", "Get", "Delete")},
        **{f"lambda.{op}": fn for op in ("CreateFunction", "DeleteFunction", "GetFunction")},
        **{f"lambda.{op}EventSourceMapping": esm for op in ("Create", "Update", "Delete", "Get")},
        # the read handler's first permission of AWS::S3::Bucket's schema
        **{f"s3.{op}": [("aws_s3_bucket.receipts", 29, "AWS::S3::Bucket")] for op in (
            "CreateBucket", "DeleteBucket", "GetBucketAccelerateConfiguration")},
        **{f"s3.{op}": [("aws_s3_bucket_versioning.receipts", 33, table)] for op in (
            "PutBucketVersioning", "GetBucketVersioning")},
        **{f"sqs.{op}": [("aws_sqs_queue.orders", 50, "AWS::SQS::Queue")] for op in (
            "CreateQueue", "DeleteQueue", "GetQueueAttributes")},
        "sts.GetCallerIdentity": [("data.aws_caller_identity.current", 13, table)],
    }  # random_id: another provider; data.aws_iam_policy_document: rendered locally, no call
    assert [(u["resource"], u["line"]) for u in fp["unresolved"]] == [
        ("aws_vpclattice_target_group_attachment.receipt", 77), ("module.network", 84)]
    assert fp["unresolved"][1]["module_source"] == "terraform-aws-modules/vpc/aws"  # ./alarms is read as files
    assert fp["problems"] == [] and fp["files"] == {"terraform": 1}
    handlers = {h for ops in fp["services"].values() for e in ops.values() for w in e["seen"]
                for h in w.get("handlers", [])}
    assert handlers == {"create", "read", "update", "delete"}
    # the policies the configuration writes: a policy document (not the trust policy: it has
    # principals) and a jsonencode() policy, read as permissions
    granted = {f"{svc}.{op}": [(w["resource"], w["line"], w["action"]) for w in e["seen"] if w["source"] == "iam-policy"]
               for svc, ops in fp["services"].items() for op, e in ops.items()}
    doc, bucket = "data.aws_iam_policy_document.receipt", "aws_iam_role_policy.receipt_bucket"
    assert {k: v for k, v in granted.items() if v} == {
        **{f"sqs.{op}": [(doc, 95, f"sqs:{op}")] for op in ("ReceiveMessage", "DeleteMessage", "GetQueueAttributes")},
        **{f"s3.{op}": [(bucket, 107, "s3:PutObject")] for op in (
            "PutObject", "CopyObject", "CreateMultipartUpload", "UploadPart", "UploadPartCopy",
            "CompleteMultipartUpload")},
    }
    assert fp["services"]["s3"]["PutObject"]["usage"] == "permitted"


def test_terraform_plan_json_with_child_module() -> None:
    fp = footprint(PLAN)
    assert _tf_primary(fp) == {
        **{f"cloudwatch.{op}": [("module.alarms.aws_cloudwatch_metric_alarm.queue_depth", 67,
                                 "AWS::CloudWatch::Alarm")] for op in ("PutMetricAlarm", "DeleteAlarms",
                                                                       "DescribeAlarms")},
        **{f"s3.{op}": [("aws_s3_bucket.receipts", 8, "AWS::S3::Bucket")] for op in (
            "CreateBucket", "DeleteBucket", "GetBucketAccelerateConfiguration")},
        **{f"sqs.{op}": [("aws_sqs_queue.orders", 22, "AWS::SQS::Queue")] for op in (
            "CreateQueue", "DeleteQueue", "GetQueueAttributes")},
        "sts.GetCallerIdentity": [("data.aws_caller_identity.current", 194, "advisor table (tfmap.py)")],
        # AWS::IAM::ManagedPolicy: its create, read and delete handlers' first own permissions
        **{f"iam.{op}": [("aws_iam_policy.receipts", 48, "AWS::IAM::ManagedPolicy")] for op in (
            "CreatePolicy", "GetPolicy", "DetachRolePolicy")},
    }
    granted = {f"{svc}.{op}": [(w["resource"], w["action"]) for w in e["seen"] if w["source"] == "iam-policy"]
               for svc, ops in fp["services"].items() for op, e in ops.items()}
    policy = "aws_iam_policy.receipts"  # its rendered `policy` value in the plan
    assert {k: v for k, v in granted.items() if v} == {
        **{f"s3.{op}": [(policy, "s3:GetObject")] for op in ("GetObject", "HeadObject")},
        **{f"s3.{op}": [(policy, "s3:PutObject")] for op in (
            "PutObject", "CopyObject", "CreateMultipartUpload", "UploadPart", "UploadPartCopy",
            "CompleteMultipartUpload")},
    }
    actions = {w["resource"]: w.get("actions") for ops in fp["services"].values() for e in ops.values()
               for w in e["seen"]}
    assert actions["aws_s3_bucket.receipts"] == ["create"] and actions["aws_sqs_queue.orders"] == ["no-op"]
    assert fp["unresolved"] == [] and fp["problems"] == [] and fp["files"] == {"terraform plan": 1}


def test_terraform_state_file_and_unparseable_hcl(tmp_path: Path) -> None:
    state = {"version": 4, "terraform_version": "1.9.8", "serial": 3, "lineage": "x", "outputs": {},
             "resources": [{"module": "module.q", "mode": "managed", "type": "aws_sqs_queue", "name": "this",
                            "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]", "instances": []}]}
    (tmp_path / "terraform.tfstate").write_text(json.dumps(state))
    (tmp_path / "broken.tf").write_text('resource "aws_sns_topic" "t" {\n  name = "x"\n  policy = <<EOF\n')
    fp = build_footprint([tmp_path], jobs=1).to_dict()
    queue = fp["services"]["sqs"]["CreateQueue"]["seen"][0]
    assert queue["resource"] == "module.q.aws_sqs_queue.this" and queue["cfn_type"] == "AWS::SQS::Queue"
    topic = fp["services"]["sns"]["CreateTopic"]["seen"][0]  # found by its block header
    assert (topic["resource"], topic["line"]) == ("aws_sns_topic.t", 1)
    assert [p["file"] for p in fp["problems"]] == [str(tmp_path / "broken.tf")]
    assert "python-hcl2 cannot parse it" in fp["problems"][0]["reason"]
    assert fp["files"] == {"terraform": 1, "terraform state": 1}


def test_terraform_tables_name_real_operations_and_types() -> None:
    spec = get_spec()
    for table in (tfmap.TF_OPERATIONS, tfmap.DATA_OPERATIONS):
        for tf_type, ops in table.items():
            for service, op in ops:
                assert op in spec.service(service).operation_names, (tf_type, service, op)
    for tf_type, rtype in tfmap.TF_TO_CFN.items():
        assert handler_permissions(rtype), (tf_type, rtype)
    assert tfmap.cfn_type("aws_apigatewayv2_api") == "AWS::ApiGatewayV2::Api"
    assert tfmap.cfn_type("aws_vpc") == "AWS::EC2::VPC" and tfmap.cfn_type("awscc_s3_bucket") == "AWS::S3::Bucket"
    assert tfmap.cfn_type("google_storage_bucket") is None


def test_javascript_name_tables_name_real_services_and_operations() -> None:
    from awscompat.advisor import jsnames

    spec = get_spec()
    assert set(jsnames.V2_CLASSES.values()) <= set(spec.service_names)
    dynamodb = spec.service("dynamodb").operation_names
    for table in (jsnames.DOCUMENT_COMMANDS, jsnames.DOCUMENT_PAGINATORS, jsnames.DOCUMENT_CLIENT_METHODS):
        assert set(table.values()) <= set(dynamodb)
    # package names from the models' serviceId; v2 class names from serviceId or the service name
    assert [jsnames.v3_package_service(f"@aws-sdk/client-{p}") for p in (
        "s3", "dynamodb", "sfn", "eventbridge", "cloudwatch-logs", "cognito-identity-provider", "bedrock-runtime",
        "apigatewaymanagementapi", "secrets-manager")] == [
        "s3", "dynamodb", "stepfunctions", "events", "logs", "cognito-idp", "bedrock-runtime",
        "apigatewaymanagementapi", "secretsmanager"]
    assert [jsnames.v2_class_service(c) for c in ("S3", "StepFunctions", "CloudWatchLogs", "EventBridge",
                                                  "CognitoIdentityServiceProvider", "IotData", "Nope")] == [
        "s3", "stepfunctions", "logs", "events", "cognito-idp", "iot-data", None]


# -- CDK -----------------------------------------------------------------------------------------
def test_cdk_out_is_read_as_cloudformation() -> None:
    fp = footprint("examples/cdk/cdk.out")
    resources = {w["resource"] for ops in fp["services"].values() for e in ops.values() for w in e["seen"]}
    assert resources == {"(stack)", "OrdersTable315BB997", "OrdersQueue9A1B5A8E", "CreateOrderServiceRole2E9E0B4C",
                         "CreateOrderServiceRoleDefaultPolicy8B7C1F3A", "CreateOrder5E0B3F1D"}  # not CDKMetadata
    granted = {f"{svc}.{op}": [(w["policy"], w["action"]) for w in e["seen"] if w["source"] == "iam-policy"]
               for svc, ops in fp["services"].items() for op, e in ops.items()}
    policy = "CreateOrderServiceRoleDefaultPolicy8B7C1F3A"  # the CDK's grants (table.grantReadWriteData...)
    assert {k: v for k, v in granted.items() if v} == {
        "dynamodb.GetItem": [(policy, "dynamodb:GetItem")], "dynamodb.PutItem": [(policy, "dynamodb:PutItem")],
        "sqs.SendMessage": [(policy, "sqs:SendMessage")]}
    assert fp["services"]["lambda"]["CreateFunction"]["confidence"] == "medium"
    assert fp["unresolved"] == [] and fp["problems"] == []
    assert fp["files"] == {"cloudformation": 1, "cdk.out files that are not templates": 3}
    assert Path(CDK).is_file()


def test_sam_local_include_and_image_function(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(
        "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n"
        "      x-amazon-apigateway-integration: {type: mock}\n")
    (tmp_path / "template.yaml").write_text(
        "Transform: AWS::Serverless-2016-10-31\n"
        "Resources:\n"
        "  Api:\n"
        "    Type: AWS::Serverless::Api\n"
        "    Properties:\n"
        "      StageName: prod\n"
        "      DefinitionBody: {'Fn::Transform': {Name: AWS::Include, Parameters: {Location: api.yaml}}}\n"
        "      Auth: {ApiKeyRequired: true}\n"
        "  Fn:\n"
        "    Type: AWS::Serverless::Function\n"
        "    Properties: {PackageType: Image, ImageUri: ''}\n"
        "  FnLogGroup:\n"
        "    Type: AWS::Logs::LogGroup\n")
    fp = build_footprint([tmp_path / "template.yaml"], jobs=1).to_dict()
    assert fp["unresolved"] == [] and fp["problems"] == []
    log_group = fp["services"]["logs"]["CreateLogGroup"]["seen"]  # declared by the template: not Fn's
    assert [(w["resource"], w.get("sam_resource")) for w in log_group] == [("FnLogGroup", None)]
    assert fp["services"]["apigateway"]["CreateRestApi"]["seen"][0]["sam_resource"] == "Api"
    assert fp["services"]["lambda"]["CreateFunction"]["seen"][0]["resource"] == "Fn"


def test_state_machine_integrations() -> None:
    asl = "examples/serverless/statemachine/archive.asl.json"
    fp = footprint(asl)
    view = {f"{svc}.{op}": [(w["line"], w["arn"], w["confidence"]) for w in e["seen"]]
            for svc, ops in fp["services"].items() for op, e in ops.items()}
    assert view == {
        "dynamodb.Scan": [(7, "arn:aws:states:::aws-sdk:dynamodb:scan", "medium")],  # SDK integration
        "s3.PutObject": [(19, "arn:aws:states:::aws-sdk:s3:putObject", "medium")],
        "dynamodb.DeleteItem": [(25, "arn:aws:states:::dynamodb:deleteItem", "medium")],  # optimized
        "sns.Publish": [(35, "arn:aws:states:::sns:publish", "medium")],
    }  # http:invoke calls the partner's endpoint, no AWS operation
    assert fp["unresolved"] == [] and fp["files"] == {"state machine definitions": 1}


def test_integration_arns_in_code_and_templates(tmp_path: Path) -> None:
    (tmp_path / "stack.ts").write_text(
        "// a CDK stack: a Scheduler universal target and an unknown integration\n"
        "const target = { arn: 'arn:aws:scheduler:::aws-sdk:eventbridge:disableRule' };\n"
        "const other = 'arn:aws:states:::aws-sdk:nosuchservice:doThing';\n")
    fp = build_footprint([tmp_path], jobs=1).to_dict()
    seen = fp["services"]["events"]["DisableRule"]["seen"]
    assert [(w["line"], w["via"]) for w in seen] == [(2, "Scheduler")]
    assert [(u["line"], u["reason"]) for u in fp["unresolved"]] == [
        (3, "integration of an unknown service or action: nosuchservice:doThing")]


def test_sam_inline_statement_for_websocket_connections(tmp_path: Path) -> None:
    (tmp_path / "template.yaml").write_text(
        "Transform: AWS::Serverless-2016-10-31\n"
        "Resources:\n"
        "  Send:\n"
        "    Type: AWS::Serverless::Function\n"
        "    Properties:\n"
        "      Handler: a.b\n"
        "      Runtime: nodejs20.x\n"
        "      Policies:\n"
        "        - Statement:\n"
        "            - {Effect: Allow, Action: 'execute-api:ManageConnections', Resource: '*'}\n")
    fp = build_footprint([tmp_path / "template.yaml"], jobs=1).to_dict()
    granted = {op: [(w["policy"], w["action"]) for w in e["seen"]]
               for op, e in fp["services"]["apigatewaymanagementapi"].items()}
    statement = [("inline statements", "execute-api:ManageConnections")]
    assert granted == {"PostToConnection": statement, "GetConnection": statement, "DeleteConnection": statement}


def test_sam_connectors_grant_their_permissions(tmp_path: Path) -> None:
    (tmp_path / "template.yaml").write_text(
        "Transform: AWS::Serverless-2016-10-31\n"
        "Resources:\n"
        "  Table:\n"
        "    Type: AWS::DynamoDB::Table\n"
        "    Properties:\n"
        "      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]\n"
        "      KeySchema: [{AttributeName: id, KeyType: HASH}]\n"
        "      BillingMode: PAY_PER_REQUEST\n"
        "  Fn:\n"
        "    Type: AWS::Serverless::Function\n"
        "    Connectors:\n"
        "      ToTable: {Properties: {Destination: {Id: Table}, Permissions: [Read]}}\n"
        "    Properties: {Handler: a.b, Runtime: nodejs20.x}\n"
        "  Queue:\n"
        "    Type: AWS::SQS::Queue\n"
        "  FnToQueue:\n"
        "    Type: AWS::Serverless::Connector\n"
        "    Properties: {Source: {Id: Fn}, Destination: {Id: Queue}, Permissions: [Write]}\n")
    fp = build_footprint([tmp_path / "template.yaml"], jobs=1).to_dict()
    granted = {f"{svc}.{op}": sorted({(w["sam_resource"], w["action"]) for w in e["seen"] if w["source"] == "iam-policy"})
               for svc, ops in fp["services"].items() for op, e in ops.items()}
    assert {k: v for k, v in granted.items() if v} == {
        **{f"dynamodb.{op}": [("Fn", f"dynamodb:{op}")] for op in ("GetItem", "Query", "Scan", "BatchGetItem")},
        **{f"sqs.{op}": [("FnToQueue", f"sqs:{op}")] for op in (
            "SendMessage", "DeleteMessage", "ChangeMessageVisibility", "PurgeQueue")},
    }  # the permissions the translator's connector profiles give Read on a table and Write on a queue
    assert fp["unresolved"] == [] and fp["problems"] == []


def test_broken_javascript_and_binary_files(tmp_path: Path) -> None:
    (tmp_path / "half.js").write_text(
        'const AWS = require("aws-sdk");\nconst s3 = new AWS.S3();\ns3.putObject({}).promise();\nfunction (((\n')
    (tmp_path / "blob.ts").write_bytes(b"aws-sdk\0\0\0\x89PNG")
    (tmp_path / "latin1.mjs").write_bytes('import { S3Client } from "@aws-sdk/client-s3"; // caf\xe9\n'.encode("latin-1"))
    fp = build_footprint([tmp_path], jobs=1).to_dict()
    # tree-sitter recovers from the syntax error: the call before it is still read
    assert [w["line"] for w in fp["services"]["s3"]["PutObject"]["seen"]] == [3]
    assert [(Path(p["file"]).name, p["reason"]) for p in fp["problems"]] == [
        ("blob.ts", "binary file (NUL bytes), not JavaScript or TypeScript source")]
    assert fp["files"] == {"javascript": 2}


def test_terraform_policy_from_a_template_file(tmp_path: Path) -> None:
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "queue.tftpl").write_text(
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["sqs:SendMessage"],\n'
        ' "Resource": "arn:aws:sqs:${region}:${account}:orders"}%{ if extra }%{ endif }]}\n')
    (tmp_path / "main.tf").write_text(
        'resource "aws_iam_policy" "queue" {\n'
        '  policy = templatefile("${path.module}/policies/queue.tftpl", { region = "us-east-1", account = "1" })\n'
        '}\n'
        'resource "aws_iam_policy" "missing" {\n'
        '  policy = file("nowhere.json")\n'
        '}\n')
    fp = build_footprint([tmp_path / "main.tf"], jobs=1).to_dict()
    send = fp["services"]["sqs"]["SendMessage"]
    assert send["usage"] == "permitted"
    assert [(w["resource"], w["action"]) for w in send["seen"]] == [("aws_iam_policy.queue", "sqs:SendMessage")]
    assert [(u["resource"], u["reason"]) for u in fp["unresolved"]] == [
        ("aws_iam_policy.missing", "policy built by an expression: not read")]


def test_javascript_project_settings_are_counted_not_reported(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"name": "orders", "dependencies": {"@aws-sdk/client-s3": "^3"}}')
    (tmp_path / "tsconfig.build.json").write_text('{"compilerOptions": {}}')
    (tmp_path / "other.json").write_text('{"name": "x"}')
    fp = build_footprint([tmp_path], jobs=1).to_dict()
    assert fp["files"] == {"JavaScript tool settings (package.json, tsconfig.json...)": 2}
    assert [Path(p["file"]).name for p in fp["problems"]] == ["other.json"]  # any other JSON: still a problem
