"""SQS queue tags: at creation, TagQueue, UntagQueue, ListQueueTags."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.sqs._fixtures import (
    NON_EXISTENT,
    api,
    create_queue,
    expect_sqs_error,
    make_queue,
    queue_name,
)
from awscompat.scenarios.sqs._resources import poll

F = "sqs/tags"


def _tags(ctx: CaseContext, url: str, want: dict) -> dict:
    """ListQueueTags until it shows `want` (tags are eventually consistent) or 10 s pass."""
    reply = poll(ctx, lambda: ctx.expect_ok(ctx.call("sqs", "ListQueueTags", QueueUrl=url)),
                 lambda r: (r.get("Tags") or {}) == want)
    return reply.get("Tags") or {}


@scenario(id="sqs/scenario/tags/create-with-tags", feature=F, operations=["CreateQueue", "ListQueueTags"],
          provenance=api("CreateQueue"))
def create_with_tags(ctx: CaseContext) -> None:
    """Tags given to CreateQueue are listed by ListQueueTags."""
    url = create_queue(ctx, queue_name(ctx), tags={"team": "qa", "env": "test"})["QueueUrl"]
    ctx.equal(_tags(ctx, url, {"team": "qa", "env": "test"}), {"team": "qa", "env": "test"}, "tags")


@scenario(id="sqs/scenario/tags/tag-queue-adds", feature=F, operations=["TagQueue", "ListQueueTags"],
          provenance=api("TagQueue"))
def tag_queue_adds(ctx: CaseContext) -> None:
    """TagQueue adds tags to those the queue has."""
    url = create_queue(ctx, queue_name(ctx), tags={"a": "1"})["QueueUrl"]
    ctx.expect_ok(ctx.call("sqs", "TagQueue", QueueUrl=url, Tags={"b": "2"}))
    ctx.equal(_tags(ctx, url, {"a": "1", "b": "2"}), {"a": "1", "b": "2"}, "tags")


@scenario(id="sqs/scenario/tags/tag-queue-overwrites", feature=F, operations=["TagQueue", "ListQueueTags"],
          provenance=api("TagQueue"))
def tag_queue_overwrites(ctx: CaseContext) -> None:
    """TagQueue with an existing key replaces its value."""
    url = create_queue(ctx, queue_name(ctx), tags={"a": "1"})["QueueUrl"]
    ctx.expect_ok(ctx.call("sqs", "TagQueue", QueueUrl=url, Tags={"a": "2"}))
    ctx.equal(_tags(ctx, url, {"a": "2"}), {"a": "2"}, "tags")


@scenario(id="sqs/scenario/tags/untag-removes", feature=F, operations=["UntagQueue", "ListQueueTags"],
          provenance=api("UntagQueue"))
def untag_removes(ctx: CaseContext) -> None:
    """UntagQueue removes the named keys and keeps the others."""
    url = create_queue(ctx, queue_name(ctx), tags={"a": "1", "b": "2"})["QueueUrl"]
    ctx.expect_ok(ctx.call("sqs", "UntagQueue", QueueUrl=url, TagKeys=["a"]))
    ctx.equal(_tags(ctx, url, {"b": "2"}), {"b": "2"}, "tags")


@scenario(id="sqs/scenario/tags/untagged-queue", feature=F, operations=["ListQueueTags"],
          provenance=api("ListQueueTags"))
def untagged_queue(ctx: CaseContext) -> None:
    """ListQueueTags of a queue without tags succeeds with no tags."""
    url = make_queue(ctx)
    reply = ctx.expect_ok(ctx.call("sqs", "ListQueueTags", QueueUrl=url))
    ctx.equal(reply.get("Tags") or {}, {}, "tags", reply)


@scenario(id="sqs/scenario/tags/tag-missing-queue", feature=F, operations=["TagQueue"], provenance=api("TagQueue"))
def tag_missing_queue(ctx: CaseContext) -> None:
    """TagQueue of a queue that does not exist is refused with QueueDoesNotExist."""
    url = make_queue(ctx)
    absent = url.rsplit("/", 1)[0] + "/" + ctx.name("absent")
    expect_sqs_error(ctx, ctx.call("sqs", "TagQueue", QueueUrl=absent, Tags={"a": "1"}), NON_EXISTENT)
