"""DynamoDB validation errors: table definitions and names, keys that do not match the schema,
values DynamoDB cannot store, and expressions it refuses. Each is a 400 ValidationException."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.catalog.case import Provenance
from awscompat.engine.context import CaseContext
from awscompat.scenarios.dynamodb._fixtures import (
    DATA_TYPES,
    LIMITS,
    QUERY,
    SVC,
    api,
    expect_validation,
    get,
    guide,
    item,
    make_table,
    table_params,
    track_table,
    values,
)


def _refused_put(ctx: CaseContext, written: dict, **extra) -> None:
    """A PutItem of `written` into a (pk S) table is a ValidationException and writes nothing."""
    table = make_table(ctx)
    expect_validation(ctx, ctx.call(SVC, "PutItem", TableName=table, Item=written, **extra), "PutItem")
    if isinstance(written.get("pk"), dict) and written["pk"].get("S"):
        ctx.equal(get(ctx, table, {"pk": written["pk"]}), None, "item after the refused PutItem")


def _refused_create(ctx: CaseContext, **changes) -> None:
    """CreateTable with a broken definition (ledgered all the same) is a ValidationException."""
    name = ctx.name("table", max_len=255)
    params = {**table_params(name), **changes}
    track_table(ctx, name, params)
    expect_validation(ctx, ctx.call(SVC, "CreateTable", **params), "CreateTable")


def _put_case(sid: str, provenance: Provenance, written: dict, doc: str, severity: str = "required",
              **extra) -> None:
    """Register a scenario: PutItem of `written` is refused with a ValidationException."""
    def run(ctx: CaseContext) -> None:
        _refused_put(ctx, written, **extra)
    run.__doc__ = doc
    scenario(id=f"dynamodb/scenario/validation/{sid}", feature="dynamodb/validation", operations=["PutItem"],
             provenance=provenance, severity=severity, timeout=120)(run)


_put_case("missing-key-attribute", api("PutItem"), item(other="x"),
          "A PutItem whose item lacks the partition key is a 400 ValidationException.")
_put_case("wrong-key-type", api("PutItem"), {"pk": {"N": "1"}},
          "A key attribute of the wrong type (N for an S key) is a 400 ValidationException.")
_put_case("empty-string-key", DATA_TYPES, item(pk=""),
          "An empty string as a key attribute value is a 400 ValidationException.")
_put_case("empty-set", DATA_TYPES, {"pk": {"S": "id1"}, "tags": {"SS": []}},
          "Sets cannot be empty: an empty SS is a 400 ValidationException.")
_put_case("duplicate-set-members", DATA_TYPES, {"pk": {"S": "id1"}, "tags": {"SS": ["a", "a"]}},
          "The values in a set must be unique: SS ['a', 'a'] is a 400 ValidationException.")
_put_case("number-over-38-digits", DATA_TYPES, {"pk": {"S": "id1"}, "n": {"N": "1" * 39}},
          "Numbers carry up to 38 digits of precision; 39 digits is a 400 ValidationException.")
_put_case("item-over-400kb", LIMITS, item(pk="id1", blob="x" * (400 * 1024 + 1)),
          "The maximum item size is 400 KB: a larger item is a 400 ValidationException.")
_put_case("put-return-values-all-new", api("PutItem"), item(pk="id1"),
          "PutItem recognises only ReturnValues NONE and ALL_OLD: ALL_NEW is a 400 ValidationException.",
          ReturnValues="ALL_NEW")
_put_case("unused-expression-value", guide("Expressions.ExpressionAttributeValues"), item(pk="id1"),
          "An ExpressionAttributeValues entry that no expression uses is a 400 ValidationException.",
          severity="advisory", ConditionExpression="attribute_not_exists(pk)",
          ExpressionAttributeValues=values(unused=1))
_put_case("undefined-value-placeholder", guide("Expressions.ExpressionAttributeValues"), item(pk="id1"),
          "A condition using a :placeholder that ExpressionAttributeValues does not define is a 400 "
          "ValidationException.", severity="advisory", ConditionExpression="pk <> :missing")


@scenario(
    id="dynamodb/scenario/validation/key-attribute-not-defined",
    feature="dynamodb/validation",
    operations=["CreateTable"],
    provenance=api("CreateTable"),
)
def key_attribute_not_defined(ctx: CaseContext) -> None:
    """A KeySchema attribute missing from AttributeDefinitions is a 400 ValidationException."""
    _refused_create(ctx, AttributeDefinitions=[{"AttributeName": "other", "AttributeType": "S"}])


@scenario(
    id="dynamodb/scenario/validation/unused-attribute-definition",
    feature="dynamodb/validation",
    operations=["CreateTable"],
    provenance=api("CreateTable"),
    severity="advisory",
)
def unused_attribute_definition(ctx: CaseContext) -> None:
    """AttributeDefinitions may only describe key and index attributes: an extra definition is a
    400 ValidationException."""
    _refused_create(ctx, AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                              {"AttributeName": "extra", "AttributeType": "S"}])


@scenario(
    id="dynamodb/scenario/validation/table-name-too-short",
    feature="dynamodb/validation",
    operations=["DescribeTable"],
    provenance=DATA_TYPES,
    mutating=False,
)
def table_name_too_short(ctx: CaseContext) -> None:
    """Table names are 3 to 255 characters: 'ab' is a 400 ValidationException (not a missing table)."""
    expect_validation(ctx, ctx.call(SVC, "DescribeTable", TableName="ab"))


@scenario(
    id="dynamodb/scenario/validation/table-name-bad-characters",
    feature="dynamodb/validation",
    operations=["DescribeTable"],
    provenance=DATA_TYPES,
    mutating=False,
)
def table_name_bad_characters(ctx: CaseContext) -> None:
    """Table names allow only a-z A-Z 0-9 _ - . : a name with a space and '!' is a 400
    ValidationException."""
    expect_validation(ctx, ctx.call(SVC, "DescribeTable", TableName=ctx.name("bad") + " name!"))


@scenario(
    id="dynamodb/scenario/validation/get-key-with-extra-attribute",
    feature="dynamodb/validation",
    operations=["GetItem"],
    provenance=api("GetItem"),
    timeout=120,
)
def get_key_with_extra_attribute(ctx: CaseContext) -> None:
    """A GetItem Key must hold exactly the primary key: an extra attribute is a 400
    ValidationException."""
    reply = ctx.call(SVC, "GetItem", TableName=make_table(ctx), Key=item(pk="id1", other="x"))
    expect_validation(ctx, reply)


@scenario(
    id="dynamodb/scenario/validation/update-key-attribute",
    feature="dynamodb/validation",
    operations=["UpdateItem"],
    provenance=guide("WorkingWithItems"),
    severity="advisory",
    timeout=120,
)
def update_key_attribute(ctx: CaseContext) -> None:
    """UpdateItem cannot change a primary key attribute: 'SET pk = :v' is a 400 ValidationException."""
    reply = ctx.call(SVC, "UpdateItem", TableName=make_table(ctx), Key=item(pk="id1"),
                    UpdateExpression="SET pk = :v", ExpressionAttributeValues=values(v="id2"))
    expect_validation(ctx, reply)


@scenario(
    id="dynamodb/scenario/validation/query-condition-on-non-key",
    feature="dynamodb/validation",
    operations=["Query"],
    provenance=QUERY,
    timeout=120,
)
def query_condition_on_non_key(ctx: CaseContext) -> None:
    """A KeyConditionExpression must name the partition key: one on a non-key attribute is a 400
    ValidationException."""
    reply = ctx.call(SVC, "Query", TableName=make_table(ctx), KeyConditionExpression="other = :v",
                    ExpressionAttributeValues=values(v="x"))
    expect_validation(ctx, reply)


@scenario(
    id="dynamodb/scenario/validation/query-filter-on-key",
    feature="dynamodb/validation",
    operations=["Query"],
    provenance=QUERY,
    timeout=120,
)
def query_filter_on_key(ctx: CaseContext) -> None:
    """A Query FilterExpression cannot contain key attributes: filtering on the sort key is a 400
    ValidationException."""
    table = make_table(ctx, ("pk", "S"), ("sk", "N"))
    reply = ctx.call(SVC, "Query", TableName=table, KeyConditionExpression="pk = :p", FilterExpression="sk > :n",
                    ExpressionAttributeValues=values(p="x", n=1))
    expect_validation(ctx, reply)
