"""SNS error cases that stay Python: a message over 256 KiB (built at run time). The other error
cases are data: cases/sns/errors.yaml."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.sns._fixtures import make_topic, rec


@scenario(id="sns/scenario/errors/message-too-long", feature="sns/errors", operations=["Publish"],
          provenance=rec("TestSNSPublishCrud::test_publish_too_long_message", "error"))
def message_too_long(ctx: CaseContext) -> None:
    """A message longer than 256 KiB is refused with 400 InvalidParameter."""
    reply = ctx.call("sns", "Publish", TopicArn=make_topic(ctx), Message="x" * (256 * 1024 + 1))
    ctx.expect_error(reply, "InvalidParameter", 400)
