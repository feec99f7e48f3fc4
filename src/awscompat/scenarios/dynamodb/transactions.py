"""DynamoDB transactions: TransactWriteItems all-or-nothing, TransactionCanceledException and its
CancellationReasons, idempotency tokens, TransactGetItems, table ARNs and the request limits."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply
from awscompat.scenarios.dynamodb._fixtures import (
    SVC,
    TXN,
    absent_table,
    api,
    expect_message,
    expect_validation,
    get,
    item,
    make_table,
    put_items,
    rec,
    values,
)

_WRITE = api("TransactWriteItems")


def _fred_table(ctx: CaseContext) -> str:
    """The recorded set-up: a table keyed by Username holding Fred."""
    table = make_table(ctx, ("Username", "S"))
    put_items(ctx, table, [item(Username="Fred")])
    return table


def _cancelled(ctx: CaseContext, table: str, second: dict, **check: str) -> Reply:
    """TransactWriteItems of a failing ConditionCheck (Fred exists) then `second`: must be a 400
    TransactionCanceledException."""
    reply = ctx.call(SVC, "TransactWriteItems", TransactItems=[
        {"ConditionCheck": {"TableName": table, "Key": item(Username="Fred"),
                            "ConditionExpression": "attribute_not_exists(Username)", **check}},
        second])
    return ctx.expect_error(reply, "TransactionCanceledException", 400)


def _reason_codes(reply: Reply) -> list:
    return [r.get("Code") for r in reply.get("CancellationReasons") or []]


@scenario(
    id="dynamodb/scenario/transactions/write-applies-every-action",
    feature="dynamodb/transactions",
    operations=["TransactWriteItems"],
    provenance=rec("test_transaction_write_items", "Response"),
    timeout=120,
)
def write_applies_every_action(ctx: CaseContext) -> None:
    """A transaction of a passing ConditionCheck, a Put, an Update and a Delete answers 200 and
    applies all three writes."""
    table = make_table(ctx, ("id", "S"))
    put_items(ctx, table, [item(id="test4")])
    ctx.expect_ok(ctx.call(SVC, "TransactWriteItems", TransactItems=[
        {"ConditionCheck": {"TableName": table, "ConditionExpression": "attribute_not_exists(id)",
                            "Key": item(id="test1")}},
        {"Put": {"TableName": table, "Item": item(id="test2")}},
        {"Update": {"TableName": table, "Key": item(id="test3"), "UpdateExpression": "SET attr1 = :v1",
                    "ExpressionAttributeValues": values(v1="value1")}},
        {"Delete": {"TableName": table, "Key": item(id="test4")}}]))
    found = [get(ctx, table, item(id=k)) for k in ("test2", "test3", "test4")]
    ctx.equal(found, [item(id="test2"), item(id="test3", attr1="value1"), None], "test2, test3, test4 after")


@scenario(
    id="dynamodb/scenario/transactions/cancelled-message",
    feature="dynamodb/transactions",
    operations=["TransactWriteItems"],
    provenance=rec("test_transaction_write_canceled", "Error"),
    timeout=120,
)
def cancelled_message(ctx: CaseContext) -> None:
    """A failing ConditionCheck cancels the transaction: TransactionCanceledException 'Transaction
    cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]'."""
    table = _fred_table(ctx)
    reply = _cancelled(ctx, table, {"Delete": {"TableName": table, "Key": item(Username="Bert")}})
    expect_message(ctx, reply, "Transaction cancelled, please refer cancellation reasons for specific "
                               "reasons [ConditionalCheckFailed, None]")


@scenario(
    id="dynamodb/scenario/transactions/cancellation-reasons-in-order",
    feature="dynamodb/transactions",
    operations=["TransactWriteItems"],
    provenance=_WRITE,
    timeout=120,
)
def cancellation_reasons_in_order(ctx: CaseContext) -> None:
    """CancellationReasons has one entry per action, in request order: ConditionalCheckFailed for
    the failing check, None for the action that did not fail."""
    table = _fred_table(ctx)
    reply = _cancelled(ctx, table, {"Delete": {"TableName": table, "Key": item(Username="Bert")}})
    ctx.equal(_reason_codes(reply), ["ConditionalCheckFailed", "None"], "CancellationReasons codes", reply)


@scenario(
    id="dynamodb/scenario/transactions/cancelled-writes-not-applied",
    feature="dynamodb/transactions",
    operations=["TransactWriteItems"],
    provenance=TXN,
    timeout=120,
)
def cancelled_writes_not_applied(ctx: CaseContext) -> None:
    """All or nothing: the Put in a cancelled transaction is not applied."""
    table = _fred_table(ctx)
    _cancelled(ctx, table, {"Put": {"TableName": table, "Item": item(Username="Bert")}})
    ctx.equal(get(ctx, table, item(Username="Bert")), None, "Bert after the cancelled transaction")


@scenario(
    id="dynamodb/scenario/transactions/return-values-on-check-failure",
    feature="dynamodb/transactions",
    operations=["TransactWriteItems"],
    provenance=_WRITE,
    timeout=120,
)
def return_values_on_check_failure(ctx: CaseContext) -> None:
    """ReturnValuesOnConditionCheckFailure ALL_OLD on the failing action puts the item in that
    action's CancellationReasons entry."""
    table = _fred_table(ctx)
    reply = _cancelled(ctx, table, {"Delete": {"TableName": table, "Key": item(Username="Bert")}},
                       ReturnValuesOnConditionCheckFailure="ALL_OLD")
    reasons = reply.get("CancellationReasons") or [{}]
    ctx.equal(reasons[0].get("Item"), item(Username="Fred"), "CancellationReasons[0].Item", reply)


@scenario(
    id="dynamodb/scenario/transactions/get-items",
    feature="dynamodb/transactions",
    operations=["TransactGetItems"],
    provenance=rec("test_transact_get_items", "TransactGetItems"),
    timeout=120,
)
def get_items(ctx: CaseContext) -> None:
    """TransactGetItems answers Responses, one {Item} per Get, in request order."""
    table = make_table(ctx, ("id", "S"))
    put_items(ctx, table, [item(id="John"), item(id="Sarah", n=1)])
    reply = ctx.expect_ok(ctx.call(SVC, "TransactGetItems", TransactItems=[
        {"Get": {"TableName": table, "Key": item(id="Sarah")}}, {"Get": {"TableName": table, "Key": item(id="John")}}]))
    ctx.equal(reply.get("Responses"), [{"Item": item(id="Sarah", n=1)}, {"Item": item(id="John")}],
              "Responses", reply)


@scenario(
    id="dynamodb/scenario/transactions/get-missing-item",
    feature="dynamodb/transactions",
    operations=["TransactGetItems"],
    provenance=api("TransactGetItems"),
    timeout=120,
)
def get_missing_item(ctx: CaseContext) -> None:
    """A Get of a key that holds nothing keeps its position in Responses, with no Item."""
    table = make_table(ctx, ("id", "S"))
    put_items(ctx, table, [item(id="John")])
    reply = ctx.expect_ok(ctx.call(SVC, "TransactGetItems", TransactItems=[
        {"Get": {"TableName": table, "Key": item(id="nobody")}}, {"Get": {"TableName": table, "Key": item(id="John")}}]))
    responses = reply.get("Responses") or []
    ctx.equal(len(responses), 2, "number of Responses", reply)
    ctx.equal([r.get("Item") for r in responses], [None, item(id="John")], "Items by position", reply)


@scenario(
    id="dynamodb/scenario/transactions/table-arn-as-name",
    feature="dynamodb/transactions",
    operations=["TransactWriteItems", "TransactGetItems"],
    provenance=rec("test_transact_get_items", "TransactGetItems-with-TableArn"),
    timeout=120,
)
def table_arn_as_name(ctx: CaseContext) -> None:
    """TransactWriteItems and TransactGetItems accept the table's ARN as TableName."""
    table = make_table(ctx, ("id", "S"))
    arn = ctx.expect_ok(ctx.call(SVC, "DescribeTable", TableName=table))["Table"]["TableArn"]
    ctx.expect_ok(ctx.call(SVC, "TransactWriteItems", TransactItems=[{"Put": {"TableName": arn,
                                                                              "Item": item(id="Sarah")}}]))
    reply = ctx.expect_ok(ctx.call(SVC, "TransactGetItems", TransactItems=[{"Get": {"TableName": arn,
                                                                                     "Key": item(id="Sarah")}}]))
    ctx.equal(reply.get("Responses"), [{"Item": item(id="Sarah")}], "Responses", reply)


@scenario(
    id="dynamodb/scenario/transactions/same-item-twice-refused",
    feature="dynamodb/transactions",
    operations=["TransactWriteItems"],
    provenance=_WRITE,
    timeout=120,
)
def same_item_twice_refused(ctx: CaseContext) -> None:
    """Two actions on the same item in one transaction are a 400 ValidationException."""
    table = make_table(ctx, ("id", "S"))
    reply = ctx.call(SVC, "TransactWriteItems", TransactItems=[
        {"Put": {"TableName": table, "Item": item(id="x")}}, {"Delete": {"TableName": table, "Key": item(id="x")}}])
    expect_validation(ctx, reply)


def _add_one(table: str) -> list[dict]:
    return [{"Update": {"TableName": table, "Key": item(id="counter"), "UpdateExpression": "ADD n :one",
                        "ExpressionAttributeValues": values(one=1)}}]


@scenario(
    id="dynamodb/scenario/transactions/idempotent-token",
    feature="dynamodb/transactions",
    operations=["TransactWriteItems"],
    provenance=rec("test_dynamodb_idempotent_writing", "Response2"),
    timeout=120,
)
def idempotent_token(ctx: CaseContext) -> None:
    """The same ClientRequestToken with the same request succeeds again without applying it
    twice: an ADD of 1 sent twice leaves the counter at 1."""
    table = make_table(ctx, ("id", "S"))
    token = ctx.name("token", max_len=36)
    for attempt in ("first", "repeated"):
        ctx.expect_ok(ctx.call(SVC, "TransactWriteItems", ClientRequestToken=token, TransactItems=_add_one(table)),
                      f"TransactWriteItems ({attempt})")
    ctx.equal((get(ctx, table, item(id="counter")) or {}).get("n"), {"N": "1"}, "counter after two sends")


@scenario(
    id="dynamodb/scenario/transactions/token-with-other-request-refused",
    feature="dynamodb/transactions",
    operations=["TransactWriteItems"],
    provenance=_WRITE,
    timeout=120,
)
def token_with_other_request_refused(ctx: CaseContext) -> None:
    """Re-using a ClientRequestToken for a different request is a 400
    IdempotentParameterMismatchException."""
    table = make_table(ctx, ("id", "S"))
    token = ctx.name("token", max_len=36)
    ctx.expect_ok(ctx.call(SVC, "TransactWriteItems", ClientRequestToken=token, TransactItems=_add_one(table)),
                  "first TransactWriteItems")
    reply = ctx.call(SVC, "TransactWriteItems", ClientRequestToken=token,
                     TransactItems=[{"Put": {"TableName": table, "Item": item(id="other")}}])
    ctx.expect_error(reply, "IdempotentParameterMismatchException", 400)


@scenario(
    id="dynamodb/scenario/transactions/missing-table",
    feature="dynamodb/transactions",
    operations=["TransactWriteItems"],
    provenance=rec("test_batch_write_not_existing_table", "exc-not-found-transact-write-items"),
    mutating=False,
)
def missing_table(ctx: CaseContext) -> None:
    """A transaction writing to a table that does not exist: 400 ResourceNotFoundException,
    'Requested resource not found'."""
    reply = ctx.call(SVC, "TransactWriteItems", TransactItems=[{"Put": {"TableName": absent_table(ctx),
                                                                        "Item": {}}}])
    ctx.expect_error(reply, "ResourceNotFoundException", 400)
    expect_message(ctx, reply, "Requested resource not found")


@scenario(
    id="dynamodb/scenario/transactions/over-100-actions-refused",
    feature="dynamodb/transactions",
    operations=["TransactWriteItems"],
    provenance=_WRITE,
    timeout=120,
)
def over_100_actions_refused(ctx: CaseContext) -> None:
    """A transaction holds at most 100 actions: 101 puts are a 400 ValidationException."""
    table = make_table(ctx, ("id", "S"))
    actions = [{"Put": {"TableName": table, "Item": item(id=f"k{n}")}} for n in range(101)]
    expect_validation(ctx, ctx.call(SVC, "TransactWriteItems", TransactItems=actions))
