"""SNS error codes: missing topics and subscriptions, malformed ARNs, invalid messages, batch limits."""

from __future__ import annotations

import json

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.sns._fixtures import absent_topic_arn, make_topic, rec

F = "sns/errors"
PUB = "TestSNSPublishCrud::"
BATCH = "TestSNSSubscriptionSQS::test_publish_batch_exceptions"


def _case(sid: str, doc: str, provenance, op: str, code: str, status: int, params) -> None:
    def case(ctx: CaseContext) -> None:
        ctx.expect_error(ctx.call("sns", op, **params(ctx)), code, status)

    case.__doc__ = doc
    scenario(id=f"sns/scenario/errors/{sid}", feature=F, operations=[op], provenance=provenance)(case)


def _on_topic(**extra):
    return lambda ctx: {"TopicArn": make_topic(ctx), **extra}


def _batch(n: int, ids=None):
    return lambda ctx: {"TopicArn": make_topic(ctx), "PublishBatchRequestEntries": [
        {"Id": (ids[i] if ids else f"id{i}"), "Message": "m"} for i in range(n)]}


_case("publish-missing-topic", "Publish to a topic that does not exist is refused with 404 NotFound.",
      rec(PUB + "test_unknown_topic_publish", "error"), "Publish", "NotFound", 404,
      lambda ctx: {"TopicArn": absent_topic_arn(ctx), "Message": "m"})
_case("publish-malformed-arn", "Publish to a string that is not an ARN is refused with 400 InvalidParameter.",
      rec(PUB + "test_publish_wrong_arn_format", "invalid-topic-arn"), "Publish", "InvalidParameter", 400,
      lambda ctx: {"TopicArn": "not-an-arn", "Message": "m"})
_case("get-attributes-missing-topic", "GetTopicAttributes of a topic that does not exist is refused with 404 "
      "NotFound.", rec("TestSNSTopicCrud::test_create_topic_with_attributes", "get-attrs-nonexistent-topic"),
      "GetTopicAttributes", "NotFound", 404, lambda ctx: {"TopicArn": absent_topic_arn(ctx)})
_case("subscription-attributes-missing", "GetSubscriptionAttributes of a subscription that does not exist is "
      "refused with 404 NotFound.", rec("TestSNSSubscriptionCrudV2::test_get_subscription_attributes_error_not_exists",
                                        "get-sub-attrs-nonexistent"),
      "GetSubscriptionAttributes", "NotFound", 404,
      lambda ctx: {"SubscriptionArn": make_topic(ctx) + ":00000000-0000-0000-0000-000000000000"})
_case("empty-message", "Publish of an empty message is refused with 400 InvalidParameter.",
      rec(PUB + "test_empty_sns_message", "empty-msg-error"), "Publish", "InvalidParameter", 400,
      _on_topic(Message=""))
_case("empty-subject", "Publish with an empty Subject is refused with 400 InvalidParameter.",
      rec(PUB + "test_publish_with_empty_subject", "response-with-empty-subject"), "Publish", "InvalidParameter", 400,
      _on_topic(Message="m", Subject=""))
_case("message-too-long", "A message longer than 256 KiB is refused with 400 InvalidParameter.",
      rec(PUB + "test_publish_too_long_message", "error"), "Publish", "InvalidParameter", 400,
      _on_topic(Message="x" * (256 * 1024 + 1)))
_case("structure-json-no-default", "MessageStructure=json without a default key is refused with 400 "
      "InvalidParameter.", rec(PUB + "test_message_structure_json_exc", "missing-default-key"), "Publish",
      "InvalidParameter", 400, _on_topic(Message=json.dumps({"sqs": "x"}), MessageStructure="json"))
_case("structure-json-invalid", "MessageStructure=json with a body that is not JSON is refused with 400 "
      "InvalidParameter.", rec(PUB + "test_message_structure_json_exc", "invalid-json"), "Publish",
      "InvalidParameter", 400, _on_topic(Message="{not json", MessageStructure="json"))
_case("batch-too-many-entries", "PublishBatch with more than 10 entries is refused with 400 "
      "TooManyEntriesInBatchRequest.", rec(BATCH, "too-many-msg"), "PublishBatch", "TooManyEntriesInBatchRequest",
      400, _batch(11))
_case("batch-duplicate-ids", "PublishBatch with two entries of the same Id is refused with 400 "
      "BatchEntryIdsNotDistinct.", rec(BATCH, "same-msg-id"), "PublishBatch", "BatchEntryIdsNotDistinct", 400,
      _batch(2, ["same", "same"]))
_case("batch-invalid-entry-id", "A PublishBatch entry Id with an impermissible character is refused with 400 "
      "InvalidBatchEntryId.", rec(PUB + "test_publish_batch_invalid_entry_id", "invalid-char-dot"), "PublishBatch",
      "InvalidBatchEntryId", 400, _batch(1, ["message.id"]))
_case("batch-missing-topic", "PublishBatch to a topic that does not exist is refused with 404 NotFound.",
      rec("TestSNSSubscriptionSQS::test_publish_batch_messages_without_topic", "publish-batch-no-topic"),
      "PublishBatch", "NotFound", 404,
      lambda ctx: {"TopicArn": absent_topic_arn(ctx), "PublishBatchRequestEntries": [{"Id": "1", "Message": "m"}]})
_case("attribute-invalid-type", "A message attribute whose DataType is not String, Number or Binary (or a custom "
      "suffix of them) is refused with 400 ParameterValueInvalid.",
      rec("TestSNSSubscriptionSQS::test_message_attributes_prefixes", "publish-error"), "Publish",
      "ParameterValueInvalid", 400,
      _on_topic(Message="m", MessageAttributes={"attr1": {"DataType": "Text", "StringValue": "v"}}))
_case("attribute-empty-string", "A String message attribute with an empty value is refused with 400 "
      "ParameterValueInvalid.", rec("TestSNSSubscriptionSQS::test_empty_or_wrong_message_attributes",
                                    "missing_string_attr"), "Publish", "ParameterValueInvalid", 400,
      _on_topic(Message="m", MessageAttributes={"attr1": {"DataType": "String", "StringValue": ""}}))
_case("add-permission-missing-topic", "AddPermission on a topic that does not exist is refused with 404 NotFound.",
      rec("TestSNSTopicCrudV2::test_add_permission_errors", "topic-not-found"), "AddPermission", "NotFound", 404,
      lambda ctx: {"TopicArn": absent_topic_arn(ctx), "Label": "l1", "AWSAccountId": ["123456789012"],
                   "ActionName": ["Publish"]})
