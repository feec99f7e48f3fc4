"""Format features of issue 15's second round (docs/cases.md): a step that follows its listing page by
page (`paginate: true`), the caller's `${account}`, a member read as JSON (`json:`), `length:` and
bytes checked as text, `{$repeat, times}` payloads and a step of another service (`service:`); run against a real
server (moto)."""

from __future__ import annotations

import pytest

import awscompat.scenarios._cases  # noqa: F401  (registers the recipes)
from awscompat.catalog.casefile import check_case_file, member_problem
from awscompat.engine.interpret import known_recipes
from awscompat.scenarios._cases import to_case
from awscompat.spec import Spec
from test_cases_data import _run as run_on

DOCS = 'provenance: {kind: aws-docs, ref: "https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Scan.html"}'

DYNAMODB = f"""\
service: dynamodb
feature: dynamodb/scan
cases:
  - rows:
      - {{id: dynamodb/scenario/scan/data-pages-right, vars: {{count: 5}}}}
      - {{id: dynamodb/scenario/scan/data-pages-wrong, vars: {{count: 2}}}}
    summary: Scan with Limit 2 followed through LastEvaluatedKey holds every item.
    operations: [Scan]
    {DOCS}
    setup:
      - {{recipe: table, as: table}}
      - {{recipe: items, as: items, with: {{table: "${{table}}", items: [{{pk: {{S: c}}}}, {{pk: {{S: a}}}},
          {{pk: {{S: e}}}}, {{pk: {{S: b}}}}, {{pk: {{S: d}}}}]}}}}
    steps:
      - call: Scan
        paginate: true
        params: {{TableName: "${{table}}", Limit: 2}}
        expect:
          members:
            - {{path: Count, equals: "${{row.count}}"}}
            - {{path: "sort(Items[].pk.S)", equals: [a, b, c, d, e]}}
  - id: dynamodb/scenario/scan/data-repeat
    summary: A payload written as repeat/times is sent whole.
    operations: [PutItem, BatchWriteItem, GetItem]
    {DOCS}
    setup: [{{recipe: table, as: table}}]
    steps:
      - call: PutItem
        params: {{TableName: "${{table}}", Item: {{pk: {{S: k}}, v: {{S: {{$repeat: ab, times: 3}}}}, b: {{B: ""}}}}}}
      - call: BatchWriteItem
        params: {{RequestItems: {{"${{table}}": {{$repeat: {{PutRequest: {{Item: {{pk: {{S: k}}}}}}}}, times: 26}}}}}}
        expect: {{status: 400, error: ValidationException}}
      - call: GetItem
        params: {{TableName: "${{table}}", Key: {{pk: {{S: k}}}}}}
        expect:
          members:
            - {{path: Item.v.S, equals: ababab}}
            - {{path: Item.b.B, equals: ""}}
            - {{path: Item.b.B, length: 0}}
"""

SNS = """\
service: sns
feature: sns/attributes
cases:
  - id: sns/scenario/attributes/data-owner-and-json
    summary: The Owner is the caller's account; a DeliveryPolicy reads back as JSON.
    operations: [SetTopicAttributes, GetTopicAttributes]
    provenance: {kind: aws-docs, ref: "https://docs.aws.amazon.com/sns/latest/api/API_GetTopicAttributes.html"}
    setup: [{recipe: topic, as: topic}]
    steps:
      - call: SetTopicAttributes
        params: {TopicArn: "${topic}", AttributeName: DeliveryPolicy,
                 AttributeValue: '{"http": {"defaultHealthyRetryPolicy": {"numRetries": 1, "minDelayTarget": 5, "maxDelayTarget": 6}}}'}
      - call: GetTopicAttributes
        params: {TopicArn: "${topic}"}
        expect:
          members:
            - {path: Attributes.Owner, equals: "${account}"}
            - {path: Attributes.TopicArn, pattern: "arn:${partition}:sns:${region}:${account}:.+"}
            - {path: Attributes.DeliveryPolicy, json: http.defaultHealthyRetryPolicy.numRetries, equals: 1}
  - id: sns/scenario/attributes/data-delivered-via-sqs
    summary: A step of another service (SQS) reads what the topic delivered.
    operations: [Publish]
    provenance: {kind: aws-docs, ref: "https://docs.aws.amazon.com/sns/latest/dg/sns-sqs-as-subscriber.html"}
    setup:
      - {recipe: topic, as: topic}
      - {recipe: subscribed-queue, as: sub, with: {topic: "${topic}", raw: true}}
    steps:
      - call: Publish
        params: {TopicArn: "${topic}", Message: hello}
      - service: sqs
        call: ReceiveMessage
        params: {QueueUrl: "${sub.queue}", WaitTimeSeconds: 1, VisibilityTimeout: 0}
        expect:
          eventually: 15
          members: [{path: "Messages[0].Body", equals: hello}]
  - id: sns/scenario/attributes/data-json-wrong
    summary: A JSON member that differs fails.
    operations: [GetTopicAttributes]
    provenance: {kind: aws-docs, ref: "https://docs.aws.amazon.com/sns/latest/api/API_GetTopicAttributes.html"}
    setup: [{recipe: topic, as: topic}]
    steps:
      - call: GetTopicAttributes
        params: {TopicArn: "${topic}"}
        expect:
          members:
            - {path: Attributes.Policy, json: Version, equals: "1999-01-01"}
"""


def _run(tmp_path, text: str, name: str, endpoint: str) -> dict:
    path = tmp_path / name
    path.write_text(text)
    decls, problems = check_case_file(path, known_recipes(), Spec())
    assert problems == []
    return run_on([to_case(d) for d in decls], endpoint, tmp_path / ("run-" + name))


def test_paginate_merges_every_page_and_repeat_builds_payloads(moto_server, tmp_path):
    results = _run(tmp_path, DYNAMODB, "dynamodb.yaml", moto_server.url)
    outcome = {k: r["outcome"] for k, r in results.items()}
    assert outcome == {"dynamodb/scenario/scan/data-pages-right": "pass",
                       "dynamodb/scenario/scan/data-pages-wrong": "fail",
                       "dynamodb/scenario/scan/data-repeat": "pass"}, {k: r.get("message") for k, r in results.items()}
    assert "Count: expected 2, observed 5" in results["dynamodb/scenario/scan/data-pages-wrong"]["message"]


def test_account_partition_and_json_members(moto_server, tmp_path):
    results = _run(tmp_path, SNS, "sns.yaml", moto_server.url)
    assert results["sns/scenario/attributes/data-owner-and-json"]["outcome"] == "pass", results
    assert results["sns/scenario/attributes/data-delivered-via-sqs"]["outcome"] == "pass", results
    wrong = results["sns/scenario/attributes/data-json-wrong"]
    assert wrong["outcome"] == "fail" and "expected '1999-01-01'" in wrong["message"], wrong


KINESIS = """\
service: kinesis
feature: kinesis/records
cases:
  - rows:
      - {id: kinesis/scenario/records/data-follow-enough, vars: {count: 2, within: 20}}
      - {id: kinesis/scenario/records/data-follow-too-few, vars: {count: 3, within: 2}}
    summary: GetRecords followed along NextShardIterator gathers the records put.
    operations: [ListShards, GetShardIterator, GetRecords]
    provenance: {kind: aws-docs, ref: "https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html"}
    setup: [{recipe: stream, as: stream}]
    steps:
      - {call: PutRecord, fixture: true, params: {StreamName: "${stream}", Data: r1, PartitionKey: k}}
      - {call: PutRecord, fixture: true, params: {StreamName: "${stream}", Data: r2, PartitionKey: k}}
      - {name: shards, call: ListShards, params: {StreamName: "${stream}"}}
      - name: it
        call: GetShardIterator
        params: {StreamName: "${stream}", ShardId: "${steps.shards.Shards[0].ShardId}", ShardIteratorType: TRIM_HORIZON}
      - call: GetRecords
        params: {ShardIterator: "${steps.it.ShardIterator}", Limit: 1}
        follow: {token: NextShardIterator, param: ShardIterator, collect: Records, count: "${row.count}", within: "${row.within}"}
        expect:
          members: [{path: "Records[].Data", equals: [r1, r2]}]
"""


def test_follow_gathers_along_a_token_until_enough(moto_server, tmp_path):
    results = _run(tmp_path, KINESIS, "kinesis.yaml", moto_server.url)
    assert results["kinesis/scenario/records/data-follow-enough"]["outcome"] == "pass", results
    # Asked for more than there are: it reads until `within` and judges what came.
    assert results["kinesis/scenario/records/data-follow-too-few"]["outcome"] == "pass", results


@pytest.mark.parametrize("value, member, problem", [
    (b"hello", {"equals": "hello"}, None),
    (b"\x00" * 64, {"length": 64}, None),
    (b"\x00" * 63, {"length": 64}, "expected length 64"),
    ('{"a": [1, 2]}', {"json": "a[1]", "equals": 2}, None),
    ('{"a": [1, 2]}', {"json": "@", "equals": {"a": [1, 2]}}, None),
    ("not json", {"json": "@", "equals": {}}, "expected a JSON document"),
    (['{"Message": "b"}', '{"Message": "a"}'], {"json": "sort([].Message)", "equals": ["a", "b"]}, None),
    (None, {"json": "a", "absent": True}, None),  # nothing to decode: the other checks judge it
    (b"\xff\x00", {"equals": b"\xff\x00"}, None),
    (b"\xff\x00", {"differs": b"\xfe\x00"}, None),
    (b"\xff\x00", {"differs": b"\xff\x00"}, "expected a value other than"),
    (b"cipher", {"excludes": "plain"}, None),
    ([b"r1", b"r2"], {"equals": ["r1", "r2"]}, None),
    ({"Data": b"\xff"}, {"equals": {"Data": b"\xff"}}, None),
    (b"has plain", {"excludes": "plain"}, "expected not to contain"),
])
def test_member_problem_reads_json_lengths_and_bytes(value, member, problem):
    got = member_problem(value, member)
    assert (got is None) if problem is None else (problem in got), got


def test_cases_check_refuses_paginate_without_a_paginator(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(DYNAMODB.replace("call: Scan\n        paginate: true", "call: DescribeTable\n        paginate: true")
                    .replace("operations: [Scan]", "operations: [DescribeTable]")
                    .replace('params: {TableName: "${table}", Limit: 2}', 'params: {TableName: "${table}"}'))
    _, problems = check_case_file(path, known_recipes(), Spec())
    assert any("paginate, but botocore has no paginator for DescribeTable" in p for p in problems), problems
