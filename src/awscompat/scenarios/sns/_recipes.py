"""SNS setup recipes for behaviour cases as data (docs/cases.md): each is the one implementation of a
named setup, built on the fixtures of the Python scenarios (CreateTopic ledgered first, the topic
deleted at teardown). Outputs: a dict whose `value` is what `${<as>}` means in a case file."""

from __future__ import annotations

from awscompat.engine.context import CaseContext
from awscompat.engine.interpret import recipe
from awscompat.scenarios.sns._fixtures import absent_topic_arn, create_topic, topic_name


@recipe("sns", "topic")
def topic(ctx: CaseContext, fifo: bool = False, hint: str = "t", attributes: dict | None = None,
          tags: list | None = None) -> dict:
    """A topic of the case's own (FIFO topics get FifoTopic=true; Tags as CreateTopic takes them).
    value = its ARN; name = its name."""
    attrs = {"FifoTopic": "true", **(attributes or {})} if fifo else dict(attributes or {})
    name = topic_name(ctx, hint, fifo)
    return {"value": create_topic(ctx, name, attrs, tags=tags)["TopicArn"], "name": name}


@recipe("sns", "absent-topic")
def absent_topic(ctx: CaseContext) -> dict:
    """The ARN a topic of the run's namespace would have in this account and region, for a name no
    topic has (the account from STS GetCallerIdentity; nothing is created). value = the ARN;
    name = its last part (a plain name, not an ARN)."""
    arn = absent_topic_arn(ctx)
    return {"value": arn, "name": arn.rsplit(":", 1)[-1]}
