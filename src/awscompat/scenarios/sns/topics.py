"""SNS topics: create (idempotency, naming rules), list, delete, tags."""

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


@scenario(id="sns/scenario/topics/create-idempotent", feature=F, operations=["CreateTopic"],
          provenance=rec(CRUD + "test_create_duplicate_topic_check_idempotency", "response-same-arn-0"))
def create_idempotent(ctx: CaseContext) -> None:
    """CreateTopic of an existing name (same attributes) answers the same TopicArn."""
    name = topic_name(ctx)
    arn = create_topic(ctx, name)["TopicArn"]
    reply = ctx.expect_ok(ctx.call("sns", "CreateTopic", Name=name))
    ctx.equal(reply.get("TopicArn"), arn, "TopicArn of the repeated create", reply)


@scenario(id="sns/scenario/topics/create-different-attributes-refused", feature=F, operations=["CreateTopic"],
          provenance=rec(CRUD2 + "test_create_topic_different_attrs", "create-topic-diff-attrs"))
def create_different_attributes_refused(ctx: CaseContext) -> None:
    """CreateTopic of an existing name with different attribute values is refused with 400
    InvalidParameter."""
    name = topic_name(ctx)
    create_topic(ctx, name, {"DisplayName": "Value1"})
    reply = ctx.call("sns", "CreateTopic", Name=name, Attributes={"DisplayName": "Value2"})
    ctx.expect_error(reply, "InvalidParameter", 400)


@scenario(id="sns/scenario/topics/create-different-tags-refused", feature=F, operations=["CreateTopic"],
          provenance=rec(CRUD + "test_create_duplicate_topic_with_more_tags", "exception-duplicate"))
def create_different_tags_refused(ctx: CaseContext) -> None:
    """CreateTopic of an existing name with other tags is refused with 400 InvalidParameter."""
    name = topic_name(ctx)
    create_topic(ctx, name, tags=[{"Key": "k1", "Value": "v1"}])
    reply = ctx.call("sns", "CreateTopic", Name=name, Tags=[{"Key": "k2", "Value": "v2"}])
    ctx.expect_error(reply, "InvalidParameter", 400)


def _bad_name_case(sid: str, doc: str, step: str, make) -> None:
    def case(ctx: CaseContext) -> None:
        name, attrs = make(ctx)
        reply = create_topic(ctx, name, attrs, fixture=False)
        ctx.expect_error(reply, "InvalidParameter", 400)

    case.__doc__ = doc
    scenario(id=f"sns/scenario/topics/{sid}", feature=F, operations=["CreateTopic"],
             provenance=rec(CRUD2 + "test_create_topic_name_constraints", step))(case)


_bad_name_case("name-too-long", "A topic name longer than 256 characters is refused with 400 InvalidParameter.",
               "name-too-long", lambda ctx: (ctx.name("long") + "-" + "x" * 250, None))
_bad_name_case("name-invalid-character", "A topic name with a character other than alphanumerics, hyphens and "
               "underscores is refused with 400 InvalidParameter.", "name-invalid-char-0",
               lambda ctx: (ctx.name("bad") + "!x", None))
_bad_name_case("fifo-suffix-on-standard", "A standard topic cannot have a name ending in .fifo: 400 InvalidParameter.",
               "name-contains-fifo", lambda ctx: (topic_name(ctx, fifo=True), None))


@scenario(id="sns/scenario/topics/name-max-length-accepted", feature=F, operations=["CreateTopic"],
          provenance=rec(CRUD2 + "test_create_topic_name_constraints", "valid-name-max-length"))
def name_max_length_accepted(ctx: CaseContext) -> None:
    """A topic name of exactly 256 characters is accepted."""
    base = ctx.name("max")
    reply = create_topic(ctx, base + "-" + "x" * (255 - len(base)), fixture=False)
    ctx.expect_ok(reply)


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


@scenario(id="sns/scenario/topics/deleted-topic-is-gone", feature=F, operations=["DeleteTopic", "GetTopicAttributes"],
          provenance=rec(CRUD + "test_create_topic_test_arn", "topic-not-exists"))
def deleted_topic_is_gone(ctx: CaseContext) -> None:
    """DeleteTopic answers 200; afterwards GetTopicAttributes answers 404 NotFound."""
    arn = make_topic(ctx)
    ctx.expect_ok(ctx.call("sns", "DeleteTopic", TopicArn=arn))
    reply = poll(ctx, lambda: ctx.call("sns", "GetTopicAttributes", TopicArn=arn), lambda r: not r.ok)
    ctx.expect_error(reply, "NotFound", 404)


@scenario(id="sns/scenario/topics/delete-missing-topic-succeeds", feature=F, operations=["DeleteTopic"],
          provenance=rec(CRUD2 + "test_delete_non_existent_topic", "delete-non-existent-topic"))
def delete_missing_topic_succeeds(ctx: CaseContext) -> None:
    """DeleteTopic of a topic that does not exist answers 200 (deletion is idempotent)."""
    arn = make_topic(ctx)
    ctx.expect_ok(ctx.call("sns", "DeleteTopic", TopicArn=arn))
    ctx.expect_ok(ctx.call("sns", "DeleteTopic", TopicArn=arn), "DeleteTopic again")


@scenario(id="sns/scenario/topics/tags-lifecycle", feature=F,
          operations=["TagResource", "UntagResource", "ListTagsForResource"],
          provenance=rec(CRUD + "test_tags", "list-after-update-tags"))
def tags_lifecycle(ctx: CaseContext) -> None:
    """Tags at creation are listed; UntagResource removes a key; TagResource replaces a value."""
    arn = create_topic(ctx, topic_name(ctx), tags=[{"Key": "k1", "Value": "v1"},
                                                   {"Key": "k2", "Value": "v2"}])["TopicArn"]

    def tags() -> list:
        reply = ctx.expect_ok(ctx.call("sns", "ListTagsForResource", ResourceArn=arn))
        return sorted((t["Key"], t["Value"]) for t in reply.get("Tags") or [])

    ctx.equal(tags(), [("k1", "v1"), ("k2", "v2")], "tags after create")
    ctx.expect_ok(ctx.call("sns", "UntagResource", ResourceArn=arn, TagKeys=["k1"]))
    ctx.equal(tags(), [("k2", "v2")], "tags after untag")
    ctx.expect_ok(ctx.call("sns", "TagResource", ResourceArn=arn, Tags=[{"Key": "k2", "Value": "v2b"}]))
    ctx.equal(tags(), [("k2", "v2b")], "tags after retag")


@scenario(id="sns/scenario/topics/duplicate-tag-keys-refused", feature=F, operations=["TagResource"],
          provenance=rec(CRUD + "test_tags", "duplicate-key-error"))
def duplicate_tag_keys_refused(ctx: CaseContext) -> None:
    """TagResource with the same key twice is refused with 400 InvalidParameter."""
    arn = make_topic(ctx)
    reply = ctx.call("sns", "TagResource", ResourceArn=arn,
                     Tags=[{"Key": "k1", "Value": "v1"}, {"Key": "k1", "Value": "v2"}])
    ctx.expect_error(reply, "InvalidParameter", 400)
