"""SNS topic cases that stay Python: the create answer's ARN (account from STS), CreateTopic of names
under test (ledgered first), ListTopics pages polled. The other topic cases are data:
cases/sns/topics.yaml."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.sns._fixtures import (
    create_topic,
    make_topic,
    rec,
    topic_name,
)
from awscompat.scenarios.sqs._resources import identity, partition_of, poll

F = "sns/topics"
CRUD = "TestSNSTopicCrud::"
CRUD2 = "TestSNSTopicCrudV2::"


@scenario(id="sns/scenario/topics/create-returns-arn", feature=F, operations=["CreateTopic"],
          provenance=rec(CRUD + "test_create_topic_test_arn", "create-topic"))
def create_returns_arn(ctx: CaseContext) -> None:
    """CreateTopic answers TopicArn arn:<partition>:sns:<region>:<account>:<name>."""
    name = topic_name(ctx)
    reply = ctx.expect_ok(create_topic(ctx, name, fixture=False))
    who = identity(ctx)
    ctx.equal(reply.get("TopicArn"), f"arn:{partition_of(who['Arn'])}:sns:{ctx.region}:{who['Account']}:{name}",
              "TopicArn", reply)


@scenario(id="sns/scenario/topics/list-topics-includes-new", feature=F, operations=["ListTopics"],
          provenance=rec(CRUD2 + "test_create_topic_in_multiple_regions", "list-primary"))
def list_topics_includes_new(ctx: CaseContext) -> None:
    """ListTopics (followed through NextToken) names a newly created topic."""
    arn = make_topic(ctx)

    def all_topics() -> list[str]:
        arns: list[str] = []
        token = None
        for _ in range(50):
            params = {"NextToken": token} if token else {}
            reply = ctx.expect_ok(ctx.call("sns", "ListTopics", **params))
            arns += [t.get("TopicArn") for t in reply.get("Topics") or []]
            token = reply.get("NextToken")
            if not token:
                break
        return arns

    arns = poll(ctx, all_topics, lambda found: arn in found)
    ctx.check(arn in arns, "ListTopics does not name the new topic", expected=arn, observed=len(arns))
