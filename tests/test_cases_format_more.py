"""Format features of behaviour cases as data added for the SQS, IAM, STS and Secrets Manager
conversion (docs/cases.md): `${account}`/`${partition}`, `{$repeat, times}` values, `gather` over
repeated answers, `json: true` member checks, `elapsed` bounds, `credentials:` signing a step as
another principal, `service:` and `pages:`. Each runs on a real server (moto) and must pass or fail as written."""

from __future__ import annotations

from awscompat.catalog.casefile import check_case_file
from awscompat.engine.interpret import known_recipes
from awscompat.scenarios._cases import to_case
from awscompat.spec import Spec
from test_cases_data import _run

SQS = """\
service: sqs
feature: sqs/messages
cases:
  - id: sqs/scenario/messages/data-gather
    summary: Three messages received one per ReceiveMessage, gathered over the repeats.
    operations: [ReceiveMessage]
    provenance: {kind: aws-docs, ref: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html"}
    setup: [{recipe: queue, as: queue}]
    steps:
      - call: SendMessageBatch
        fixture: true
        params: {QueueUrl: "${queue}", Entries: [{Id: a, MessageBody: m0}, {Id: b, MessageBody: m1}, {Id: c, MessageBody: m2}]}
      - call: ReceiveMessage
        params: {QueueUrl: "${queue}", MaxNumberOfMessages: 1, WaitTimeSeconds: 1, VisibilityTimeout: 60}
        gather: Messages
        expect:
          eventually: 15
          members: [{path: "sort(Messages[].Body)", equals: [m0, m1, m2]}]
  - id: sqs/scenario/messages/data-repeat-and-account
    summary: A body made by $repeat has the MD5 of its text; QueueArn names ${partition} and ${account}.
    operations: [SendMessage, GetQueueAttributes, GetCallerIdentity]
    provenance: {kind: aws-docs, ref: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html"}
    setup: [{recipe: queue, as: queue}]
    steps:
      - call: SendMessage
        params: {QueueUrl: "${queue}", MessageBody: {$repeat: ab, times: 3}}
        expect: {members: [{path: MD5OfMessageBody, equals: a097897098930ad07bf6db97a8d10b83}]}
      - call: GetQueueAttributes
        params: {QueueUrl: "${queue}", AttributeNames: [QueueArn]}
        expect: {members: [{path: Attributes.QueueArn, equals: "arn:${partition}:sqs:${region}:${account}:${queue.name}"}]}
      - call: GetCallerIdentity
        service: sts
        expect: {members: [{path: Account, equals: "${account}"}]}
  - id: sqs/scenario/messages/data-json
    summary: A JSON attribute compared as a document, in any key order and spacing.
    operations: [SetQueueAttributes, GetQueueAttributes]
    provenance: {kind: aws-docs, ref: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html"}
    setup: [{recipe: queue, as: dlq, with: {hint: dlq, arn: true}}, {recipe: queue, as: queue}]
    steps:
      - call: SetQueueAttributes
        params: {QueueUrl: "${queue}", Attributes: {RedrivePolicy: '{"maxReceiveCount": 3, "deadLetterTargetArn": "${dlq.arn}"}'}}
      - call: GetQueueAttributes
        params: {QueueUrl: "${queue}", AttributeNames: [RedrivePolicy]}
        expect:
          members:
            - {path: Attributes.RedrivePolicy, json: true, equals: {deadLetterTargetArn: "${dlq.arn}", maxReceiveCount: 3}}
            - {path: Attributes.RedrivePolicy, json: "to_number(maxReceiveCount)", equals: 3}
  - id: sqs/scenario/messages/data-json-wrong
    summary: The same check with another document fails.
    operations: [GetQueueAttributes]
    provenance: {kind: aws-docs, ref: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html"}
    setup:
      - {recipe: queue, as: dlq, with: {hint: dlq, arn: true}}
      - {recipe: queue, as: queue, with: {attributes: {RedrivePolicy: '{"maxReceiveCount": 3, "deadLetterTargetArn": "${dlq.arn}"}'}}}
    steps:
      - call: GetQueueAttributes
        params: {QueueUrl: "${queue}", AttributeNames: [RedrivePolicy]}
        expect: {members: [{path: Attributes.RedrivePolicy, json: true, equals: {deadLetterTargetArn: "${dlq.arn}", maxReceiveCount: 4}}]}
  - id: sqs/scenario/messages/data-elapsed
    summary: No request takes less than a microsecond, so this bound fails.
    operations: [ReceiveMessage]
    provenance: {kind: aws-docs, ref: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html"}
    setup: [{recipe: queue, as: queue}]
    steps:
      - call: ReceiveMessage
        params: {QueueUrl: "${queue}"}
        expect: {elapsed: {min: 0, max: 0.000001}}
"""

STS = """\
service: sts
feature: sts/caller-identity
cases:
  - id: sts/scenario/caller-identity/data-credentials
    summary: Signed with a new user's key, GetCallerIdentity answers that user.
    operations: [GetCallerIdentity]
    provenance: {kind: aws-docs, ref: "https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html"}
    setup: [{recipe: user-key, as: user}]
    steps:
      - call: GetCallerIdentity
        credentials: "${user.credentials}"
        expect: {members: [{path: Arn, equals: "${user.arn}"}, {path: UserId, equals: "${user.id}"}]}
      - call: GetCallerIdentity
        expect: {members: [{path: Account, equals: "${account}"}, {path: Arn, pattern: "arn:${partition}:.*"}]}
"""


IAM = """\
service: iam
feature: iam/pagination
cases:
  - rows:
      - {id: iam/scenario/pagination/data-pages, vars: {most: 1}}
      - {id: iam/scenario/pagination/data-pages-each-fails, vars: {most: 0}}
    summary: ListRoles page by page (MaxItems=1) through both roles under a path; every page is checked.
    operations: [ListRoles]
    provenance: {kind: aws-docs, ref: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html"}
    setup:
      - {recipe: path, as: path}
      - {recipe: role, as: r1, with: {path: "${path}"}}
      - {recipe: role, as: r2, with: {path: "${path}"}}
    steps:
      - call: ListRoles
        params: {MaxItems: 1, PathPrefix: "${path}"}
        pages:
          token: Marker
          next: Marker
          each: [{path: "length(Roles) <= `${row.most}`", equals: true}]
        expect:
          members: [{path: "sort(Roles[].RoleName) == sort(['${r1}', '${r2}'])", equals: true}]
"""


def test_format_extensions_on_moto(moto_server, tmp_path):
    cases = []
    for name, text in (("sqs.yaml", SQS), ("sts.yaml", STS), ("iam.yaml", IAM)):
        path = tmp_path / name
        path.write_text(text)
        decls, problems = check_case_file(path, known_recipes(), Spec())
        assert problems == []
        cases += [to_case(d) for d in decls]
    results = _run(cases, moto_server.url, tmp_path / "run")
    outcome = {k: r["outcome"] for k, r in results.items()}
    assert outcome == {
        "sqs/scenario/messages/data-gather": "pass",
        "sqs/scenario/messages/data-repeat-and-account": "pass",
        "sqs/scenario/messages/data-json": "pass",
        "sqs/scenario/messages/data-json-wrong": "fail",
        "sqs/scenario/messages/data-elapsed": "fail",
        "sts/scenario/caller-identity/data-credentials": "pass",
        "iam/scenario/pagination/data-pages": "pass",
        "iam/scenario/pagination/data-pages-each-fails": "fail",
    }, {k: r.get("message") for k, r in results.items()}
    assert "expected at least 0 s and at most 1e-06 s" in results["sqs/scenario/messages/data-elapsed"]["message"]
    assert "(ListRoles) page 1: length(Roles) <= `0`" in results["iam/scenario/pagination/data-pages-each-fails"]["message"]
    # the other principal's request is in the evidence like any other (signed with its key id)
    ledger = (tmp_path / "run" / "ledger.jsonl").read_text()
    assert ledger.count('"iam-access-key"') == 1


def test_reference_names_account_and_partition_are_known(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text(STS.replace("${user.credentials}", "${nobody.credentials}"))
    _, problems = check_case_file(path, known_recipes(), None)
    assert [p for p in problems if "names neither" in p] == [
        f"{path}:4: sts/scenario/caller-identity/data-credentials: step GetCallerIdentity: ${{nobody.credentials}} "
        "names neither a setup output nor an earlier step"]


def test_from_now_judges_a_time_against_the_clock():
    from datetime import UTC, datetime, timedelta

    from awscompat.catalog.casefile import member_problem

    now = datetime.now(UTC)
    check = {"path": "Credentials.Expiration", "from_now": {"seconds": 3600}}
    assert member_problem(now + timedelta(seconds=3600), check) is None
    assert member_problem((now + timedelta(seconds=3500)).isoformat().replace("+00:00", "Z"), check) is None
    assert "900 s from now" in member_problem(now + timedelta(seconds=900), check)
    assert member_problem("not a time", check) == "expected a time 3600 s from now, observed 'not a time'"
