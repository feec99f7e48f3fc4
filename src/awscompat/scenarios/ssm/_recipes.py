"""SSM Parameter Store setup recipes for behaviour cases as data (docs/cases.md). Each ledgers the
parameter name before anything creates it (DeleteParameter at teardown; a parameter already gone
counts as removed). Outputs: a dict whose `value` is what `${<as>}` means in a case file.

- `parameter`: PutParameter of a parameter of the case's own (value = its name, `version`).
- `parameter-name`: a name in the run's namespace, ledgered but not created: the case's own steps
  create it (so PutParameter itself is what is judged).
- `parameter-path`: a hierarchy root `/sc-<namespaced>` (nothing created; parameters under it are made
  with `parameter` and `name: "${root}/a"`).
- `absent-parameter`: a namespaced name no parameter has (never created, so not ledgered).
- `long-value`: a string of `length` characters, for size limits (nothing created).
"""

from __future__ import annotations

from awscompat.engine.context import CaseContext
from awscompat.engine.interpret import recipe
from awscompat.scenarios._names import absent_name
from awscompat.scenarios.sqs._resources import call, track_static

# The run's namespace begins with "awscompat-", and a parameter name (or its first path segment)
# may not begin with "aws" or "ssm": names are "/sc-<namespaced name>".
LEAD = "sc-"


def _ledger(ctx: CaseContext, name: str, params: dict) -> None:
    track_static(ctx, "ssm", "ssm-parameter", name, "PutParameter", params,
                 [call("ssm", "DeleteParameter", Name=name)])


@recipe("ssm", "parameter")
def parameter(ctx: CaseContext, name: str = "", hint: str = "p", value: str = "v1", type: str = "String",
              tags: dict | None = None, description: str = "") -> dict:
    """A parameter of the case's own, made with a plain PutParameter."""
    name = name or "/" + LEAD + ctx.name(hint, max_len=200)
    params: dict = {"Name": name, "Value": value, "Type": type}
    if tags:
        params["Tags"] = [{"Key": k, "Value": v} for k, v in tags.items()]
    if description:
        params["Description"] = description
    _ledger(ctx, name, params)
    parsed = ctx.fixture("ssm", "PutParameter", **params).parsed
    return {"value": name, "version": parsed.get("Version")}


@recipe("ssm", "parameter-name")
def parameter_name(ctx: CaseContext, hint: str = "p", under: str = "", slash: bool = True, lead: str = LEAD,
                   suffix: str = "") -> dict:
    """A namespaced parameter name the case's steps create; ledgered first, deleted at teardown.
    `lead` replaces the "sc-" before the namespace and `suffix` is appended (names made invalid on
    purpose are ledgered too: a lenient server may create them)."""
    leaf = lead + ctx.name(hint, max_len=200) + suffix
    name = f"{under}/{leaf}" if under else ("/" if slash else "") + leaf
    _ledger(ctx, name, {"Name": name})
    return {"value": name}


@recipe("ssm", "parameter-path")
def parameter_path(ctx: CaseContext, hint: str = "root") -> dict:
    """A hierarchy root of the case's own, `/<namespaced name>` (nothing is created)."""
    return {"value": "/" + LEAD + ctx.name(hint, max_len=100)}


absent_name("ssm", "absent-parameter", max_len=100, prefix="/" + LEAD)


@recipe("ssm", "long-value")
def long_value(ctx: CaseContext, length: int = 4096) -> dict:
    """A string of `length` characters (value; nothing is created)."""
    return {"value": "v" * int(length)}
